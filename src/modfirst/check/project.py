"""What the health checks read of a project: its pyproject, console scripts, packages and
sources, each read once (checks never run the project)."""

from __future__ import annotations

import ast
import configparser
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

import tomlkit
from tomlkit.exceptions import TOMLKitError

SKIP_DIRS = {".git", ".venv", "venv", ".nox", ".tox", "build", "dist", "node_modules", "site"}


@dataclass
class Project:
    """What the checks read of a project, each part read once."""

    root: Path
    errors: list[str] = field(default_factory=list)

    @cached_property
    def pyproject(self) -> dict[str, Any]:
        path = self.root / "pyproject.toml"
        if not path.is_file():
            return {}
        try:
            return tomlkit.parse(path.read_text(encoding="utf-8")).unwrap()
        except (TOMLKitError, UnicodeDecodeError) as error:
            self.errors.append(f"pyproject.toml cannot be read: {error}")
            return {}

    @cached_property
    def scripts(self) -> dict[str, str]:
        """Console and GUI scripts: name -> `module:function` (pyproject, poetry, setup.cfg)."""
        project = self.pyproject.get("project", {})
        found = {**project.get("scripts", {}), **project.get("gui-scripts", {})}
        found.update(self.pyproject.get("tool", {}).get("poetry", {}).get("scripts", {}))
        setup_cfg = self.root / "setup.cfg"
        if setup_cfg.is_file():
            config = configparser.ConfigParser()
            try:
                config.read(setup_cfg, encoding="utf-8")
                listed = config.get("options.entry_points", "console_scripts", fallback="")
            except configparser.Error:
                listed = ""
            for line in listed.splitlines():
                name, sep, target = line.partition("=")
                if sep:
                    found[name.strip()] = target.strip()
        return {name: str(target) for name, target in found.items() if isinstance(target, str)}

    @cached_property
    def source_roots(self) -> list[Path]:
        """Where the import packages live: src/ when it holds one, and the project root."""
        src = self.root / "src"
        return [src, self.root] if src.is_dir() else [self.root]

    @cached_property
    def packages(self) -> dict[str, Path]:
        """The import packages the project ships (folders with __init__.py) -> their folders:
        those under src/ in a src layout (folders beside src/, such as a workshop's exercises/,
        are not installed), else those at the root."""
        for root in self.source_roots:
            found = {
                init.parent.name: init.parent
                for init in sorted(root.glob("*/__init__.py"))
                if init.parent.name.isidentifier()
                and init.parent.name not in {"tests", "test", "docs"}
            }
            if found:
                return found
        return {}

    def module_file(self, dotted: str) -> Path | None:
        """The source file of `pkg.mod` (a module or a package's __init__.py), if present."""
        parts = dotted.split(".")
        for root in self.source_roots:
            base = root.joinpath(*parts)
            for candidate in (base.with_suffix(".py"), base / "__init__.py"):
                if candidate.is_file():
                    return candidate
        return None

    def python_files(self, folder: Path) -> Iterator[Path]:
        for path in sorted(folder.rglob("*.py")):
            if not SKIP_DIRS & set(path.relative_to(self.root).parts):
                yield path

    def parse(self, path: Path) -> ast.Module | None:
        try:
            return ast.parse(path.read_bytes(), filename=str(path))
        except (SyntaxError, ValueError) as error:
            self.errors.append(f"{self.shown(path)}: cannot be parsed ({error})")
            return None

    def shown(self, path: Path) -> str:
        return path.relative_to(self.root).as_posix()

    def main_import(self, package: str) -> str:
        """The import a __main__.py of `package` needs: from the module its script calls."""
        for target in self.scripts.values():
            module, _, function = target.partition(":")
            if module.split(".")[0] == package and function:
                inner = module[len(package) :]  # "" or ".cli"
                return f"from .{inner.lstrip('.')} import {function.split('.')[0]}"
        return "from .cli import main"

    @cached_property
    def runnable(self) -> list[str]:
        """The packages that should run with `python -m`: those a console script points into,
        and any that has a __main__.py already. A library with neither has nothing to run."""
        named = {target.split(":")[0].split(".")[0] for target in self.scripts.values()}
        mains = {name for name, pkg in self.packages.items() if (pkg / "__main__.py").exists()}
        return sorted(name for name in named | mains if name in self.packages)
