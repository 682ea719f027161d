"""References to moved paths: pyproject.toml's settings rewritten, other files reported.

A setting under [tool] that names a moved file or folder (`[tool.hatch.version] path`, sdist
include lists, setuptools_scm's `write_to`, ruff's exclude) gets the new path; setuptools'
`packages`/`py-modules` name modules, not paths, and are left to the packaging step. Lines of
MANIFEST.in, tox.ini, setup.cfg, noxfile.py, Makefile, docs/conf.py, CI workflows, shell
scripts and README that name a moved file are reported with their line (and the new command
for `python FILE`), never edited.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import tomlkit

from . import source


@dataclass
class Paths:
    text: str  # pyproject.toml with its references to moved paths rewritten
    changes: list[str]
    risks: list[str]
    edited: dict[str, str] = field(default_factory=dict)  # other files rewritten (MANIFEST.in)


# Files whose lines name paths or commands; each reference to a moved file is reported.
PATH_FILES = (
    "MANIFEST.in",
    "tox.ini",
    "setup.cfg",
    "noxfile.py",
    "Makefile",
    "docs/conf.py",
    "Procfile",
    "action.yml",
    "action.yaml",
    "mkdocs.yml",
    ".pre-commit-hooks.yaml",
    ".gitlab-ci.yml",
    "pytest.ini",
)
# Settings whose values are paths even without a "/" (`testpaths = ["pkg"]`, mypy's files).
PATH_KEYS = {"testpaths", "files", "include", "exclude", "only-include", "sources", "packages"}
# Tables whose lists name import names or carry their own `from` (poetry): never paths
# (pdm's are paths: `[tool.pdm.version] path`). mypy's `packages` and `modules` are names too.
MODULE_TABLES = (
    "tool.setuptools.packages",
    "tool.setuptools.py-modules",
    "tool.poetry",
    "tool.mypy.packages",
    "tool.mypy.modules",
)


def reported_file(name: str) -> bool:
    """A file whose lines are read for moved paths (reported, never edited)."""
    base = name.rpartition("/")[2]
    return (
        name in PATH_FILES
        or name.startswith((".github/workflows/", ".circleci/"))
        or name.endswith(".sh")
        or base.startswith(("Dockerfile", "docker-compose", "compose.y"))
        or base.endswith(".dockerfile")
        or ("/" not in name and name.lower().startswith("readme"))
    )


def references(
    root: Path, files: list[str], links: set[str], moving: dict[str, str], pyproject: str
) -> Paths:
    """pyproject.toml's settings that name a moved file or folder, rewritten; the same
    names elsewhere (MANIFEST.in, tox.ini, CI, README's `python FILE`) reported by line."""
    moved = {s: t for s, t in moving.items() if s != t}
    folders = moved_folders(files, moved)
    result = Paths(pyproject, [], [])
    if pyproject:
        document = tomlkit.parse(pyproject)
        for key, value, replace in strings_in(document):
            # What a build takes (include lists) takes the whole package; a version path, a file.
            new = new_path(value, moved, folders, package="include" in key or "packages" in key)
            if new and new != value:
                replace(new)
                result.changes.append(f"{key}: {value!r} -> {new!r} (moved)")
        result.text = tomlkit.dumps(document)
    if "MANIFEST.in" in files and "MANIFEST.in" not in moved:
        text, changes = manifest(
            source.read_text(root / "MANIFEST.in", "MANIFEST.in"), moved, folders
        )
        if changes:
            result.edited["MANIFEST.in"] = text
            result.changes += changes
    for name, section in PYTEST_INI:  # pytest's own settings are paths: followed (exam E2)
        if name in files and name not in moved and name not in result.edited:
            text = source.read_text(root / name, name)
            new, changes = pytest_settings(text, section, moved, folders, name)
            if changes:
                result.edited[name] = new
                result.changes += changes
    for name in filter(reported_file, files):
        if name in moved or name in links or (name == "MANIFEST.in" and name in result.edited):
            continue
        text = result.edited.get(name) or source.read_text(root / name, name)
        for number, line in enumerate(text.splitlines(), start=1):
            for old, new in moved.items():
                if not old.endswith(".py") or not re.search(
                    rf"(?<![\w/.-]){re.escape(old)}\b", line
                ):
                    continue
                dotted = new[len("src/") : -len(".py")].replace("/", ".").removesuffix(".__init__")
                hint = (
                    f"`python -m {dotted}`"
                    if re.search(rf"python3?\s+{re.escape(old)}", line)
                    else new
                )
                result.risks.append(f"{name}:{number}: names {old}, now {hint}")
            for old, new in folders.items():  # a moved folder named as one: `COPY pkg/ ...`
                if "/" not in old and re.search(rf"(?<![\w/.-]){re.escape(old)}/", line):
                    result.risks.append(f"{name}:{number}: names the folder {old}/, now {new}/")
    return result


def moved_folders(files: list[str], moved: dict[str, str]) -> dict[str, str]:
    """{folder: new folder} for folders whose files all moved together."""
    found: dict[str, str] = {}
    for f in moved:
        parts = f.split("/")[:-1]
        for depth in range(1, len(parts) + 1):
            folder = "/".join(parts[:depth])
            target = moved_to(folder, files, moved)
            if target != folder:
                found[folder] = target
    return found


# MANIFEST.in commands whose arguments are paths: all of them, or the first (a folder).
MANIFEST_PATHS = {"include", "exclude", "graft", "prune"}
MANIFEST_FOLDER = {"recursive-include", "recursive-exclude"}


def manifest(text: str, moved: dict[str, str], folders: dict[str, str]) -> tuple[str, list[str]]:
    """MANIFEST.in with each path that names a moved file or folder at its new place (global-*
    patterns name no folder and stay)."""
    lines, changes = [], []
    for number, line in enumerate(text.splitlines(keepends=True), start=1):
        words = line.split()
        if words and (words[0] in MANIFEST_PATHS or words[0] in MANIFEST_FOLDER):
            last = 2 if words[0] in MANIFEST_FOLDER else len(words)
            new_words = [
                (new_path(w, moved, folders) or w) if 0 < i < last else w
                for i, w in enumerate(words)
            ]
            if new_words != words:
                new_line = " ".join(new_words) + line[len(line.rstrip("\r\n")) :]
                changes.append(f"MANIFEST.in:{number}: {line.strip()} -> {new_line.strip()}")
                line = new_line
        lines.append(line)
    return "".join(lines), changes


# (setup.cfg's [tool:pytest] is reported: setup.cfg may be the packaging step's to edit.)
PYTEST_INI = (("pytest.ini", "pytest"), ("tox.ini", "pytest"))
PYTEST_PATHS = re.compile(r"^(testpaths|addopts)\s*=")


def pytest_settings(
    text: str, section: str, moved: dict[str, str], folders: dict[str, str], name: str
) -> tuple[str, list[str]]:
    """pytest's `testpaths` and `addopts` (`--ignore=PKG/x.py`, `--doctest-modules PKG`) in its
    [section], each word that is a moved path at its new place (bitarray's `testpaths =
    bitarray`); every other line, and every other section, as it was."""
    lines, changes, inside, key = [], [], False, False
    for number, line in enumerate(text.splitlines(keepends=True), start=1):
        stripped = line.strip()
        if stripped.startswith("["):
            inside = stripped == f"[{section}]"
        elif inside and line[:1].strip():  # a new key (a continuation line is indented)
            key = bool(PYTEST_PATHS.match(stripped))
        if inside and key and not stripped.startswith("["):
            head, eq, tail = line.partition("=") if PYTEST_PATHS.match(stripped) else ("", "", line)
            words = re.split(r"(\s+)", tail)
            for i, word in enumerate(words):
                flag, sep, value = word.rpartition("=") if word.startswith("--") else ("", "", word)
                found = (
                    new_path(value, moved, folders) if value and not value.startswith("-") else ""
                )
                if found:
                    words[i] = f"{flag}{sep}{found}"
            new_line = head + eq + "".join(words)
            if new_line != line:
                changes.append(f"{name}:{number}: {stripped} -> {new_line.strip()}")
                line = new_line
        lines.append(line)
    return "".join(lines), changes


def new_path(
    value: str, moved: dict[str, str], folders: dict[str, str], package: bool = False
) -> str:
    """Where a path setting (file, folder, or path under a folder) points after the moves;
    `./` and hatch's root anchor `/` are kept. With `package`, a module that became a
    package (`tool.py` -> `src/tool/__init__.py`) is its folder: a build's include list
    must take the package's other files too (the `__main__.py` adoption writes)."""
    dot = next((p for p in ("./", "/") if value.startswith(p)), "")
    path = value[len(dot) :].rstrip("/")
    if path in moved:
        target = moved[path]
        if package and target.endswith("/__init__.py") and not path.endswith("__init__.py"):
            target = target.removesuffix("/__init__.py")
        return dot + target
    for folder, target in sorted(folders.items(), key=lambda kv: -len(kv[0])):
        if path == folder or path.startswith(folder + "/"):
            return dot + target + path[len(folder) :] + ("/" if value.endswith("/") else "")
    return ""


def strings_in(document: Any) -> list[tuple[str, str, Callable[[str], None]]]:
    """(dotted key, value, setter) of every path-like string under [tool] (not import names:
    setuptools' packages/py-modules name modules, never paths)."""
    found: list[tuple[str, str, Callable[[str], None]]] = []

    def visit(container: Any, key: str) -> None:
        items = container.items() if hasattr(container, "items") else enumerate(container)
        for name, value in list(items):
            here = f"{key}.{name}" if isinstance(name, str) else f"{key}[{name}]"
            if isinstance(value, str):
                setting = str(name) if isinstance(name, str) else key.rpartition(".")[2]
                named = "/" in value or value.endswith(".py") or setting in PATH_KEYS
                if named and not here.startswith(MODULE_TABLES):

                    def setter(new: str, c: Any = container, n: Any = name) -> None:
                        c[n] = new

                    found.append((here, str(value), setter))
            elif hasattr(value, "items") or isinstance(value, list):
                visit(value, here)

    tool = document.get("tool")
    if tool is not None:
        visit(tool, "tool")
    return found


def moved_to(path: str, files: list[str], moving: dict[str, str]) -> str:
    """Where a file, or a folder whose files all move together, is after the moves."""
    if path in moving:
        return moving[path]
    inside = [f for f in files if f.startswith(path + "/")]
    if inside and all(f in moving and moving[f].endswith(f[len(path) :]) for f in inside):
        first = inside[0]
        return moving[first][: len(moving[first]) - len(first) + len(path)]
    return path
