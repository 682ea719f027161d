"""The hooks copier runs by path need nothing but the standard library, and are modfirst.hooks."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

from helpers import (
    REPO,
    copier_config,
)

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


def calls(tree_: ast.AST) -> list[ast.Call]:
    return [node for node in ast.walk(tree_) if isinstance(node, ast.Call)]


def dotted(node: ast.AST) -> str:
    if isinstance(node, ast.Attribute):
        return f"{dotted(node.value)}.{node.attr}"
    return node.id if isinstance(node, ast.Name) else ""


SIBLINGS = {path.stem for path in HOOKS} | {"."}


@pytest.mark.parametrize("hook", HOOKS, ids=lambda path: path.name)
def test_each_hook_imports_only_the_standard_library(hook: Path) -> None:
    """The standard library and the modules beside it (run by path, they are on sys.path)."""
    foreign = imported_names(hook) - set(sys.stdlib_module_names) - {"__future__"} - SIBLINGS
    assert not foreign, f"{hook.name} imports {sorted(foreign)}: copier runs it with no modfirst"


def test_only_the_runner_starts_processes() -> None:
    starters = sorted(hook.name for hook in HOOKS if "subprocess" in imported_names(hook))
    assert starters == ["runner.py"]


@pytest.mark.parametrize("hook", ["verify.py", "carry_renamed.py", "refuse_rename.py"])
def test_a_hook_run_by_path_in_isolated_mode_finds_its_siblings(hook: str, tmp_path: Path) -> None:
    """copier runs hooks by path from its clone; -I drops the script's folder from sys.path,
    and the hook must still import the modules beside it."""
    import subprocess

    shown = subprocess.run(
        [sys.executable, "-I", str(REPO / "hooks" / hook), "--help"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert "ModuleNotFoundError" not in shown.stderr and "ImportError" not in shown.stderr


def test_the_hooks_are_the_package_modfirst_hooks() -> None:
    from modfirst import hooks

    assert [Path(hooks.__file__).resolve().parent] == [(REPO / "hooks").resolve()]
    for hook in HOOKS:
        if hook.stem != "__init__":
            module = __import__(f"modfirst.hooks.{hook.stem}", fromlist=["_"])
            assert Path(module.__file__ or "").resolve() == hook.resolve()


@pytest.mark.parametrize("hook", sorted(p.name for p in (REPO / "hooks").glob("*.py")))
def test_hooks_never_run_a_shell_string(hook: str) -> None:
    source = ast.parse((REPO / "hooks" / hook).read_text(encoding="utf-8"))
    for call in calls(source):
        name = dotted(call.func)
        assert name not in {
            "os.system",
            "os.popen",
            "subprocess.getoutput",
            "subprocess.getstatusoutput",
            "subprocess.call",
        }, name
        assert not any(k.arg == "shell" for k in call.keywords), ast.unparse(call)
        if name.startswith("subprocess."):
            first = call.args[0] if call.args else None
            assert not isinstance(first, (ast.Constant, ast.JoinedStr, ast.BinOp)), ast.unparse(
                call
            )


def test_tasks_are_argument_lists_that_run_the_source_fix_and_the_verification() -> None:
    """On copy: absolute_source.py, then verify.py; migrations run only the hooks, as argument
    lists."""
    config = copier_config()
    source_fix = [
        "{{ _copier_python }}",
        "{{ _copier_conf.src_path }}/hooks/absolute_source.py",
        "{{ _copier_answers._src_path | default('') }}",
        "{{ _copier_conf.dst_path }}",
        "{{ _copier_conf.answers_file }}",
    ]
    verify = [
        "{{ _copier_python }}",
        "{{ _copier_conf.src_path }}/hooks/verify.py",
        "--package",
        "{{ package_name }}",
        "--subpackage",
        "{{ subpackage_name }}",
        "--allow-unverified",
    ]
    on_copy = "{{ _copier_operation == 'copy' }}"
    assert config["_tasks"] == [
        {"command": source_fix, "when": on_copy},
        {"command": [*verify, "--during", "copy", "."], "when": on_copy},
    ]
    hooks = [task["command"][:2] for task in config["_migrations"]]
    assert hooks == [
        ["{{ _copier_python }}", "{{ _copier_conf.src_path }}/hooks/refuse_rename.py"],
        ["{{ _copier_python }}", "{{ _copier_conf.src_path }}/hooks/refuse_rename.py"],
        ["{{ _copier_python }}", "{{ _copier_conf.src_path }}/hooks/carry_renamed.py"],
        ["{{ _copier_python }}", "{{ _copier_conf.src_path }}/hooks/verify.py"],
    ]
    # the update's last step: verify, whose rerun hint then leaves out copy's cleanup
    assert config["_migrations"][-1]["command"] == [*verify, "--during", "update", "."]
    assert all(isinstance(task["command"], list) for task in config["_migrations"])


def test_copier_copy_needs_nothing_but_copier() -> None:
    """The copy task runs hooks/verify.py by path with copier's Python, never the command."""
    text = (REPO / "copier.yml").read_text(encoding="utf-8")
    assert "/hooks/verify.py" in text
    assert "modfirst verify" not in text and "-m modfirst" not in text
