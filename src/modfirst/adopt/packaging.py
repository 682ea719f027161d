"""pyproject.toml for an adopted project: merged with tomlkit, so nothing the user wrote is lost.

Metadata found elsewhere is read without running code: requirements.txt, setup.cfg
(configparser) and setup.py (its `setup(...)` call's literal arguments, via ast). What the
template knows (its build backends, the Python releases) is read from its includes/ folder.
"""

from __future__ import annotations

import ast
import configparser
import re
import sys
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import tomlkit
import yaml
from tomlkit.items import Table

# adopt's one way to the template's files (copier.yml and includes/).
from ..template_files import files as rules_folder
from . import source

# The backend an adopted project gets when it names none: hatchling, one of the template's
# choices, which packs data files found next to the code into the wheel without settings.
DEFAULT_BACKEND = "hatchling"


@cache
def template_table(name: str) -> Any:
    """includes/NAME parsed: a table copier.yml or the template reads too."""
    return yaml.safe_load((rules_folder() / "includes" / name).read_text(encoding="utf-8"))


def backends() -> dict[str, dict[str, Any]]:
    """copier.yml's build_backend choice -> its [build-system] (requires, build-backend)."""
    found: dict[str, dict[str, Any]] = template_table("backends.yml")
    return found


def python_releases() -> list[str]:
    """The CPython releases the template knows, oldest first ("3.9", ...)."""
    return [str(release["version"]) for release in template_table("python_releases.yml")]


def python_min(requires_python: str) -> str:
    """copier.yml's python_min for a requires-python: its `>=3.X` (else this Python's), within
    the releases the template lists."""
    declared = re.match(r"\s*>=\s*3\.(\d+)", requires_python)
    minor = int(declared.group(1)) if declared else sys.version_info[1]
    minors = [int(version.split(".")[1]) for version in python_releases()]
    return f"3.{min(max(minor, min(minors)), max(minors))}"


def backend_choice(pyproject: str | None) -> str | None:
    """copier.yml's build_backend answer for this pyproject.toml (None: not one of its choices)."""
    if pyproject is None:
        return DEFAULT_BACKEND
    backend = tomlkit.parse(pyproject).unwrap().get("build-system", {}).get("build-backend")
    if not backend:
        return DEFAULT_BACKEND
    choices = {table["build-backend"]: name for name, table in backends().items()}
    return choices.get(str(backend))


@dataclass
class Metadata:
    name: str = ""
    version: str = ""
    description: str = ""
    requires_python: str = ""
    dependencies: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # what could not be read, with the fix


def read_requirements(path: Path, meta: Metadata) -> None:
    text = source.read_text(path, path.name)
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.split(" #", 1)[0].strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("-") or "://" in line or line.startswith((".", "/")):
            meta.notes.append(
                f"{path.name}:{number}: `{line}` is an install option or a path/URL, not a "
                "dependency; add it to [project] dependencies by hand if the package needs it"
            )
            continue
        meta.dependencies.append(line)


def literal(node: ast.AST | None) -> Any:
    try:
        return ast.literal_eval(node) if node is not None else None
    except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
        return None


def read_setup_py(path: Path, meta: Metadata) -> None:
    tree = ast.parse(source.read_source(path, path.name)[0])
    calls = [
        n
        for n in ast.walk(tree)
        if isinstance(n, ast.Call) and getattr(n.func, "id", getattr(n.func, "attr", "")) == "setup"
    ]
    if not calls:
        meta.notes.append("setup.py has no setup(...) call to read; copy its metadata by hand")
        return
    for keyword in calls[0].keywords:
        value = literal(keyword.value)
        key = keyword.arg
        if key in {"name", "version", "description", "python_requires"}:
            if isinstance(value, str):
                attr = "requires_python" if key == "python_requires" else key
                setattr(meta, attr, getattr(meta, attr) or value)
            else:
                meta.notes.append(
                    f"setup.py:{keyword.value.lineno}: {key}= is computed; set it in pyproject.toml"
                )
        elif key == "install_requires":
            if isinstance(value, (list, tuple)) and all(isinstance(v, str) for v in value):
                meta.dependencies.extend(value)
            else:
                meta.notes.append(
                    f"setup.py:{keyword.value.lineno}: install_requires= is computed, not a "
                    "list of strings; add the dependencies to [project] by hand"
                )


def read_setup_cfg(path: Path, meta: Metadata) -> None:
    parser = configparser.ConfigParser(interpolation=None)
    parser.read_string(source.read_text(path, path.name), path.name)
    get = parser.get
    for key, attr in [("name", "name"), ("version", "version"), ("description", "description")]:
        value = get("metadata", key, fallback="").strip()
        if value.startswith(("attr:", "file:")):
            meta.notes.append(f"setup.cfg: {key} = {value} is read at build time; set it by hand")
        elif value and not getattr(meta, attr):
            setattr(meta, attr, value)
    if not meta.requires_python:
        meta.requires_python = get("options", "python_requires", fallback="").strip()
    requires = get("options", "install_requires", fallback="")
    meta.dependencies.extend(
        line.strip() for line in requires.splitlines() if line.strip() and not line.startswith("#")
    )


def read_pyproject_names(path: Path, meta: Metadata) -> None:
    data = tomlkit.parse(source.read_text(path, path.name)).unwrap()
    for section in (data.get("project", {}), data.get("tool", {}).get("poetry", {})):
        for key in ("name", "version", "description"):
            if isinstance(section.get(key), str) and not getattr(meta, key):
                setattr(meta, key, section[key])


def read_metadata(root: Path) -> Metadata:
    meta = Metadata()
    for name, reader in [
        ("pyproject.toml", read_pyproject_names),
        ("setup.cfg", read_setup_cfg),
        ("setup.py", read_setup_py),
        ("requirements.txt", read_requirements),
    ]:
        if (root / name).is_file():
            reader(root / name, meta)
    meta.dependencies = list(dict.fromkeys(meta.dependencies))  # first of each, in order
    return meta


def requirement_name(requirement: str) -> str:
    match = re.match(r"\s*([A-Za-z0-9][A-Za-z0-9._-]*)", requirement)
    return re.sub(r"[-_.]+", "-", match.group(1)).lower() if match else requirement


@dataclass
class Merge:
    text: str
    changes: list[str]
    backend: str


class Additions:
    """Reads the parsed document; writes new keys into tables that exist (in place, at their
    end) and new tables as text appended to the file, so the user's layout is never reflowed."""

    def __init__(self, existing: str | None) -> None:
        self.document = tomlkit.parse(existing or "")
        self.new_tables: dict[str, Table] = {}

    def get(self, dotted: str) -> Any:
        current: Any = self.document
        for key in dotted.split("."):
            if not hasattr(current, "get") or key not in current:
                return None
            current = current[key]
        return current

    def table(self, dotted: str) -> Any:
        """The table to add keys to: the document's own, or a new one appended at the end."""
        found = self.get(dotted)
        if found is not None:
            return found
        return self.new_tables.setdefault(dotted, tomlkit.table())

    def text(self) -> str:
        text = tomlkit.dumps(self.document)
        for dotted, content in self.new_tables.items():
            if text and not text.endswith("\n"):
                text += "\n"
            text += ("\n" if text else "") + f"[{dotted}]\n" + tomlkit.dumps(content)
        tomlkit.parse(text)  # the result must still be one valid document
        return text


def inline_list(*tables: dict[str, str]) -> Any:
    array = tomlkit.array()
    for entries in tables:
        inline = tomlkit.inline_table()
        inline.update(entries)
        array.append(inline)
    return array


def merge_pyproject(
    existing: str | None,
    meta: Metadata,
    package: str,
    script: str,
    target: str,
    requires_python: str,
    tests_config_elsewhere: bool,
) -> Merge:
    """pyproject.toml with what a module-first project needs added; the user's keys kept."""
    doc = Additions(existing)
    changes: list[str] = []
    if doc.get("build-system") is None:
        build = doc.table("build-system")
        build["requires"] = backends()[DEFAULT_BACKEND]["requires"]
        build["build-backend"] = backends()[DEFAULT_BACKEND]["build-backend"]
        changes.append(f"[build-system]: {DEFAULT_BACKEND} (one of the template's backends)")
    backend = str(doc.table("build-system").get("build-backend", "setuptools.build_meta"))
    poetry_only = "poetry" in backend and doc.get("project") is None
    if poetry_only:
        poetry = doc.table("tool.poetry")
        if "packages" not in poetry:
            poetry["packages"] = inline_list({"include": package, "from": "src"})
            changes.append(f'[tool.poetry] packages: {package} from "src"')
    else:
        project = doc.table("project")
        for key, value in [
            ("name", meta.name or package.replace("_", "-")),
            ("version", meta.version or "0.1.0"),
            ("description", meta.description),
            ("requires-python", meta.requires_python or requires_python),
        ]:
            if key not in project and key not in project.get("dynamic", []) and value:
                project[key] = value
                changes.append(f"[project] {key} = {value!r}")
        dependencies = project.get("dependencies")
        if dependencies is None:
            if meta.dependencies:
                project["dependencies"] = meta.dependencies
                changes.append(f"[project] dependencies: {', '.join(meta.dependencies)}")
        else:
            have = {requirement_name(str(d)) for d in dependencies}
            for dependency in meta.dependencies:
                if requirement_name(dependency) not in have:
                    dependencies.append(dependency)
                    changes.append(f"[project] dependencies += {dependency}")
    scripts_table = "tool.poetry.scripts" if poetry_only else "project.scripts"
    scripts = doc.table(scripts_table)
    if script not in scripts:
        scripts[script] = target
        changes.append(f'[{scripts_table}] {script} = "{target}"')
    if backend == "hatchling.build":
        if doc.get("tool.hatch.build.targets.wheel.packages") is None:
            doc.table("tool.hatch.build.targets.wheel")["packages"] = [f"src/{package}"]
            changes.append(f'[tool.hatch.build.targets.wheel] packages = ["src/{package}"]')
    elif backend.startswith("setuptools") and doc.get("tool.setuptools.packages") is None:
        doc.table("tool.setuptools.packages.find")["where"] = ["src"]
        changes.append('[tool.setuptools.packages.find] where = ["src"]')
    if not tests_config_elsewhere and doc.get("tool.pytest.ini_options.pythonpath") is None:
        doc.table("tool.pytest.ini_options")["pythonpath"] = ["src"]
        changes.append('[tool.pytest.ini_options] pythonpath = ["src"] (tests import PKG)')
    return Merge(doc.text(), changes, backend)
