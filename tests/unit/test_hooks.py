"""The hooks copier runs by path need nothing but the standard library, and are modfirst.hooks."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

from helpers import REPO

HOOKS = sorted((REPO / "hooks").glob("*.py"))


def imported_names(path: Path) -> set[str]:
    """The top-level names of every module the file imports, anywhere in it."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            names.add("." if node.level else str(node.module).split(".")[0])
    return names


@pytest.mark.parametrize("hook", HOOKS, ids=lambda path: path.name)
def test_each_hook_imports_only_the_standard_library(hook: Path) -> None:
    foreign = imported_names(hook) - set(sys.stdlib_module_names) - {"__future__"}
    assert not foreign, f"{hook.name} imports {sorted(foreign)}: copier runs it with no modfirst"


def test_the_hooks_are_the_package_modfirst_hooks() -> None:
    from modfirst import hooks

    assert [Path(hooks.__file__).resolve().parent] == [(REPO / "hooks").resolve()]
    for hook in HOOKS:
        if hook.stem != "__init__":
            module = __import__(f"modfirst.hooks.{hook.stem}", fromlist=["_"])
            assert Path(module.__file__ or "").resolve() == hook.resolve()
