"""The template's hook scripts as modules, so the kit follows the same rules: one copy of each.

The hooks are stdlib-only files copier runs by path. From a clone the kit reads them from
hooks/; installed from a wheel, from the copies it ships (pyproject.toml's force-include).
"""

from __future__ import annotations

import importlib.util
import sys
from functools import cache
from pathlib import Path
from types import ModuleType

HERE = Path(__file__).resolve().parent
REPO = HERE.parent


@cache
def load(path: Path) -> ModuleType:
    """The Python file at `path` as a module, loaded once per process."""
    name = f"_modfirst_hook_{len(sys.modules)}_{path.stem}"
    spec = importlib.util.spec_from_file_location(name, path)
    if spec is None or spec.loader is None:
        raise ImportError(f"cannot load {path}")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def hook(name: str) -> ModuleType:
    """hooks/NAME.py of this clone, else the copy shipped as modfirst_kit/_NAME.py."""
    in_clone = (REPO / "copier.yml").is_file()  # installed, REPO is site-packages
    for path in (REPO / "hooks" / f"{name}.py" if in_clone else None, HERE / f"_{name}.py"):
        if path is not None and path.is_file():
            return load(path)
    raise ImportError(f"hooks/{name}.py is neither in this clone nor shipped with the kit")


def set_answers(answers: Path, entries: dict[str, str]) -> None:
    """hooks/absolute_source.py's set_answers: top-level entries of an answers file."""
    hook("absolute_source").set_answers(answers, entries)
