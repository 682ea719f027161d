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
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import tomlkit
import yaml
from tomlkit import TOMLDocument
from tomlkit.items import Table

# adopt's one way to the template's files (copier.yml and includes/).
from ..template_files import files as rules_folder
from . import published, runner_config, source
from .dependencies import requirement_name
from .published import Published

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


def backend_choice(pyproject: str | dict[str, Any] | None) -> str | None:
    """copier.yml's build_backend answer for this pyproject.toml, its text or as read once
    (None: not one of its choices)."""
    if pyproject is None:
        return DEFAULT_BACKEND
    data = tomlkit.parse(pyproject).unwrap() if isinstance(pyproject, str) else pyproject
    backend = data.get("build-system", {}).get("build-backend")
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
    published: Published = field(default_factory=Published)
    version_file: str = ""  # the file whose `__version__` is the version (read at build time)
    version_computed: str = ""  # where a version computed at build time is (setup.py:LINE)
    # The packaging files as read, once: pyproject.toml's data (None: no file), setup.cfg's.
    pyproject: dict[str, Any] | None = None
    setup_cfg: configparser.ConfigParser | None = None
    pyproject_document: TOMLDocument | None = None  # the same, as tomlkit read it (to edit)
    tests_command: runner_config.RunnerCommand | None = None  # its tox or nox test command


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


def read_setup_py(path: Path, meta: Metadata, syntax: ast.Module | None = None) -> None:
    """setup(...)'s keywords, literals or names bound to literals in the same file (its
    syntax tree as the scan parsed it, when given)."""
    values, computed = published.read_setup_py(path, meta.published, syntax)
    for key in ("name", "version", "description", "python_requires"):
        attr = "requires_python" if key == "python_requires" else key
        if isinstance(values.get(key), str):
            setattr(meta, attr, getattr(meta, attr) or values[key])
    requires = values.get("install_requires")
    if isinstance(requires, list) and all(isinstance(v, str) for v in requires):
        meta.dependencies.extend(requires)
    for key, line in computed.items():
        if key == "setup":
            meta.notes.append("setup.py has no setup(...) call to read; copy its metadata by hand")
        elif key == "version":
            meta.version_computed = f"setup.py:{line}"
        elif key in READ_FROM_SETUP_PY:
            meta.notes.append(
                f"setup.py:{line}: {key}= is computed (at build time), so adopt cannot "
                "carry it over; set it in pyproject.toml"
            )


READ_FROM_SETUP_PY = {
    "name",
    "description",
    "python_requires",
    "install_requires",
    "py_modules",
    "packages",
    "package_dir",
    "entry_points",
}


def read_setup_cfg(path: Path, meta: Metadata) -> None:
    parser = meta.setup_cfg = published.read_setup_cfg(path, meta.published)
    get = parser.get
    for key, attr in [("name", "name"), ("version", "version"), ("description", "description")]:
        value = get("metadata", key, fallback="").strip()
        if value.startswith("attr:") and key == "version":
            meta.version_computed = "setup.cfg"
        elif value.startswith(("attr:", "file:")):
            meta.notes.append(f"setup.cfg: {key} = {value} is read at build time; set it by hand")
        elif value and not getattr(meta, attr):
            setattr(meta, attr, value)
    if not meta.requires_python:
        meta.requires_python = get("options", "python_requires", fallback="").strip()
    requires = get("options", "install_requires", fallback="")
    if requires.strip().startswith("file:"):  # requirements kept in files (setuptools 62.6+)
        names = requires.strip()[len("file:") :].replace(",", " ").split()
        requires = "\n".join(
            source.read_text(path.parent / n, n) for n in names if (path.parent / n).is_file()
        )
    meta.dependencies.extend(
        line.strip() for line in requires.splitlines() if line.strip() and not line.startswith("#")
    )


def read_pyproject_names(path: Path, meta: Metadata) -> None:
    meta.pyproject_document = published.read_pyproject_file(path, meta.published)
    data = meta.pyproject = meta.pyproject_document.unwrap()
    requires = data.get("project", {}).get("requires-python")
    if isinstance(requires, str) and not meta.requires_python:
        meta.requires_python = requires
    for section in (data.get("project", {}), data.get("tool", {}).get("poetry", {})):
        for key in ("name", "version", "description"):
            if isinstance(section.get(key), str) and not getattr(meta, key):
                setattr(meta, key, section[key])


def read_metadata(
    root: Path, sources: Mapping[str, tuple[str, ast.Module]] | None = None
) -> Metadata:
    """What the project declares, each packaging file read once (setup.py: the syntax tree
    the scan made, in `sources`)."""
    meta = Metadata()
    for name, reader in [
        ("pyproject.toml", read_pyproject_names),
        ("setup.cfg", read_setup_cfg),
        ("requirements.txt", read_requirements),
    ]:
        if (root / name).is_file():
            reader(root / name, meta)
    if (root / "setup.py").is_file():
        scanned = (sources or {}).get("setup.py")
        read_setup_py(root / "setup.py", meta, scanned[1] if scanned else None)
    for name in TEST_REQUIREMENTS:
        if (root / name).is_file():
            test_only = Metadata()
            read_requirements(root / name, test_only)
            meta.published.test_dependencies += test_only.dependencies
    meta.tests_command = runner_config.read(root)  # tox's or nox's, read once
    if meta.tests_command:
        meta.published.test_dependencies += meta.tests_command.index_requirements()
    read_code_version(root, meta)
    meta.dependencies = list(dict.fromkeys(meta.dependencies))  # first of each, in order
    tests = meta.published.test_dependencies
    meta.published.test_dependencies = list(dict.fromkeys(tests))
    return meta


TEST_REQUIREMENTS = (
    "requirements-dev.txt",
    "requirements_dev.txt",
    "requirements-test.txt",
    "requirements_test.txt",
    "requirements-tests.txt",
    "dev-requirements.txt",
    "test-requirements.txt",
)


def read_code_version(root: Path, meta: Metadata) -> None:
    """A version kept in the code (`__version__ = "2.1.3"`): its string and its file."""
    if meta.version and not meta.version_computed:
        return
    attr = meta.published.version_attr
    found_packages = [p.parent.name for p in root.glob("*/__init__.py")]
    candidates = (
        [attr.rpartition(".")[0]] if attr else meta.published.top_names(found_packages)
    ) or published.default_names(
        meta.name,
        [p.name for p in root.iterdir()] + [f"{name}/__init__.py" for name in found_packages],
    )
    version, where = published.module_version(root, candidates)
    if version:
        meta.version, meta.version_file = version, where
    elif meta.version_computed:
        meta.notes.append(
            f"{meta.version_computed}: version= is computed at build time and no "
            "`__version__` was found; set the version in pyproject.toml"
        )


@dataclass
class Merge:
    text: str
    changes: list[str]
    backend: str


class Additions:
    """Reads the parsed document; writes new keys into tables that exist (in place, at their
    end) and new tables as text appended to the file, so the user's layout is never reflowed."""

    def __init__(self, existing: str | TOMLDocument | None) -> None:
        if isinstance(existing, TOMLDocument):
            self.document = existing  # as read once; the merge is its last user
        else:
            self.document = tomlkit.parse(existing or "")
        self.new_tables: dict[str, Table] = {}

    def get(self, dotted: str) -> Any:
        current: Any = self.document
        for key in key_path(dotted):
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


TOML_KEY = re.compile(r"""\s*(?:"((?:[^"\\]|\\.)*)"|'([^']*)'|([A-Za-z0-9_-]+))\s*(?:\.|$)""")


def key_path(dotted: str) -> list[str]:
    """A TOML dotted key as its keys: `project.entry-points."a.b"` is project, entry-points,
    a.b (the quotes are TOML's, the dots inside them are the name's)."""
    keys, position = [], 0
    while position < len(dotted):
        match = TOML_KEY.match(dotted, position)
        if match is None or match.end() == position:
            raise ValueError(f"not a TOML key: {dotted}")
        quoted, literal, bare = match.groups()
        keys.append(
            bare if bare is not None else literal if literal is not None else unescape(quoted)
        )
        position = match.end()
    return keys


def unescape(quoted: str) -> str:
    value: str = tomlkit.parse(f'k = "{quoted}"')["k"]
    return value


def inline_list(*tables: dict[str, str]) -> Any:
    array = tomlkit.array()
    for entries in tables:
        inline = tomlkit.inline_table()
        inline.update(entries)
        array.append(inline)
    return array


@dataclass
class Carry:
    """What the project already publishes that pyproject.toml must now say, and the rest of
    what adoption adds beside the package."""

    scripts: dict[str, str] = field(default_factory=dict)  # console scripts to keep
    gui_scripts: dict[str, str] = field(default_factory=dict)
    entry_points: dict[str, dict[str, str]] = field(default_factory=dict)
    dependencies: list[str] | None = None  # runtime requirements (None: meta's, as read)
    test_dependencies: list[str] = field(default_factory=list)  # the `test` group
    version_file: str = ""  # where `__version__` is after the moves (dynamic version)
    readme: str = ""
    published: bool = False  # packaged before: requires-python is only ever the project's
    module: bool = False  # a published one-file module that stays one: src/NAME.py


def merge_pyproject(
    existing: str | TOMLDocument | None,
    meta: Metadata,
    package: str,
    script: str,
    target: str,
    requires_python: str,
    tests_config_elsewhere: bool,
    carry: Carry | None = None,
) -> Merge:
    """pyproject.toml with what a module-first project needs added; the user's keys kept."""
    carry = carry or Carry()
    doc = Additions(existing)
    changes: list[str] = []
    # A pyproject.toml with [project] and no [build-system] is built by setuptools (PEP 517's
    # default): it stays so. Only a project with no packaging gets the template's backend.
    if doc.get("build-system") is None and doc.get("project") is None:
        build = doc.table("build-system")
        build["requires"] = backends()[DEFAULT_BACKEND]["requires"]
        build["build-backend"] = backends()[DEFAULT_BACKEND]["build-backend"]
        changes.append(f"[build-system]: {DEFAULT_BACKEND} (one of the template's backends)")
    system = doc.get("build-system") or doc.new_tables.get("build-system")
    backend = str(system.get("build-backend", "setuptools.build_meta") if system else "setuptools")
    # poetry's and flit's older tables hold the metadata: no [project] beside them.
    poetry_only = "poetry" in backend and doc.get("project") is None
    old_flit = doc.get("tool.flit.metadata") is not None and doc.get("project") is None
    dependencies = meta.dependencies if carry.dependencies is None else carry.dependencies
    include = f"{package}.py" if carry.module else package  # what the backends list
    if poetry_only and not old_flit:
        poetry = doc.table("tool.poetry")
        if "packages" not in poetry:
            poetry["packages"] = inline_list({"include": include, "from": "src"})
            changes.append(f'[tool.poetry] packages: {include} from "src"')
        for entry in poetry["packages"]:
            if hasattr(entry, "get") and entry.get("include") == include and "from" not in entry:
                entry["from"] = "src"
                changes.append(f'[tool.poetry] packages: {include} from "src" (moved)')
    elif not old_flit:
        project = doc.table("project")
        dynamic_version = bool(carry.version_file) and "version" not in project
        if dynamic_version and backend == "hatchling.build":
            dynamic = project.setdefault("dynamic", tomlkit.array())
            if "version" not in dynamic:
                dynamic.append("version")
            doc.table("tool.hatch.version")["path"] = carry.version_file
            changes.append(f'[tool.hatch.version] path = "{carry.version_file}" ({meta.version})')
        for key, value in [
            ("name", meta.name or package.replace("_", "-")),
            (
                "version",
                "" if dynamic_version and backend == "hatchling.build" else meta.version or "0.1.0",
            ),
            ("description", meta.description),
            ("readme", carry.readme if existing is None else ""),
            (
                "requires-python",
                meta.requires_python or ("" if carry.published else requires_python),
            ),
        ]:
            if key not in project and key not in project.get("dynamic", []) and value:
                project[key] = readme_value(value) if key == "readme" else value
                changes.append(f"[project] {key} = {value!r}")
        add_dependencies(project, dependencies, changes)
        if carry.test_dependencies:
            add_test_group(doc, carry.test_dependencies, changes)
    scripts_table = "tool.flit.scripts" if old_flit else "project.scripts"
    scripts_table = "tool.poetry.scripts" if poetry_only else scripts_table
    # A script in [project.entry-points.console_scripts] is published as [project.scripts] is.
    points = [doc.get(f"project.entry-points.{g}") for g in ("console_scripts", "gui_scripts")]
    wanted = {k: v for k, v in carry.scripts.items() if not any(k in (p or {}) for p in points)}
    if target:
        wanted.setdefault(script, target)
    for table, entries in [
        (scripts_table, wanted),
        ("project.gui-scripts", carry.gui_scripts),
        *((f'project.entry-points."{g}"', e) for g, e in carry.entry_points.items()),
    ]:
        if not entries:
            continue
        found = doc.table(table)
        for name, value in entries.items():
            if name not in found:
                found[name] = value
                changes.append(f'[{table}] {name} = "{value}"')
    if backend == "hatchling.build":
        if doc.get("tool.hatch.build.targets.wheel.packages") is None:
            doc.table("tool.hatch.build.targets.wheel")["packages"] = [f"src/{include}"]
            changes.append(f'[tool.hatch.build.targets.wheel] packages = ["src/{include}"]')
    elif backend.startswith("setuptools"):
        setuptools_src(doc, package, changes, carry.module)
    if not tests_config_elsewhere and doc.get("tool.pytest.ini_options.pythonpath") is None:
        doc.table("tool.pytest.ini_options")["pythonpath"] = ["src"]
        changes.append('[tool.pytest.ini_options] pythonpath = ["src"] (tests import PKG)')
    return Merge(doc.text(), changes, backend)


def readme_value(name: str) -> Any:
    """PEP 621's readme: the file, with its content type when the name does not say it."""
    if name.lower().endswith((".md", ".rst", ".txt")):
        return name
    table = tomlkit.inline_table()
    table.update({"file": name, "content-type": "text/plain"})
    return table


def add_dependencies(project: Any, dependencies: list[str], changes: list[str]) -> None:
    existing = project.get("dependencies")
    if existing is None:
        if dependencies:
            project["dependencies"] = dependencies
            changes.append(f"[project] dependencies: {', '.join(dependencies)}")
        return
    have = {requirement_name(str(d)) for d in existing}
    for dependency in dependencies:
        if requirement_name(dependency) not in have:
            existing.append(dependency)
            changes.append(f"[project] dependencies += {dependency}")


def add_test_group(doc: Additions, requirements: list[str], changes: list[str]) -> None:
    """PEP 735's `test` group (tools and the proof install it; nothing publishes it), unless
    the project has one, or a test extra that says the same (xmltodict's `test`)."""
    extras = doc.get("project.optional-dependencies") or {}
    for groups in (doc.get("dependency-groups") or {}, extras):
        if any(str(k).lower() in {"test", "tests", "testing", "dev"} for k in groups):
            return
    doc.table("dependency-groups")["test"] = requirements
    changes.append(f"[dependency-groups] test = {', '.join(requirements)}")


def setuptools_src(doc: Additions, package: str, changes: list[str], module: bool) -> None:
    """setuptools finds the package under src/: a find table (its patterns kept) gets where,
    listed packages (or modules) package-dir; a py-module turned package is listed as one."""
    table = doc.get("tool.setuptools")
    listed = table.get("packages") if table is not None else None
    modules = table.get("py-modules") if table is not None else None
    if module:  # listed modules get package-dir; setuptools' own discovery finds src/NAME.py
        listed = modules if modules is not None else []
    elif table is not None and modules is not None and package in [str(m) for m in modules]:
        modules.remove(package)
        if not modules:
            del table["py-modules"]
        table["packages"] = [package]
        changes.append(f'[tool.setuptools] py-modules {package} -> packages = ["{package}"]')
        listed = table["packages"]
    dirs: Any = table.get("package-dir") if table is not None else None
    for key, value in list(dirs.items()) if hasattr(dirs, "items") else []:  # its own (R11)
        folder = str(value).strip("./")
        if folder in {"", package} or folder.startswith(package + "/"):
            dirs[key] = "src" + (f"/{folder}" if folder else "")
            changes.append(f"[tool.setuptools] package-dir {key!r}: {value!r} -> {dirs[key]!r}")
    find: Any = listed.get("find") if listed is not None and hasattr(listed, "get") else None
    if listed is None or (find is not None and find.get("where") in (None, ["."], ".")):
        doc.table("tool.setuptools.packages.find")["where"] = ["src"]
        changes.append('[tool.setuptools.packages.find] where = ["src"]')
    elif not hasattr(listed, "get") and table is not None and "package-dir" not in table:
        inline = tomlkit.inline_table()
        inline[""] = "src"
        table["package-dir"] = inline
        changes.append('[tool.setuptools] package-dir = {"" = "src"}')
