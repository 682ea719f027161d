"""What a project already publishes, read without running its code.

Import names (py_modules, packages), console and GUI scripts, other entry points, the version
(a literal, or the module's `__version__`), requires-python and the dependencies, from
`setup.py` (its `setup(...)` call; names bound to literals in the same file are followed),
`setup.cfg` and `pyproject.toml` (PEP 621, setuptools, hatch, flit, poetry, pdm, uv). Adoption
keeps every one of them true; this module only reads.
"""

from __future__ import annotations

import ast
import configparser
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from fnmatch import fnmatch
from pathlib import Path
from typing import Any

import tomlkit
from tomlkit import TOMLDocument
from tomlkit.exceptions import TOMLKitError

from . import source
from .refusal import Refusal


@dataclass(frozen=True)
class Finder:
    """find_packages() / find: (the packages are the folders found at the top), with the
    namespace finder's PEP 420 folders too, and the include/exclude patterns it was given."""

    namespaces: bool = False
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()


FINDERS = ("find_packages", "find_namespace_packages")
SDIST = ("sdist", ["sdist"])  # poetry's `format` of a packages entry only the sdist holds
VERSION_LINE = re.compile(r"""^__version__\s*(?::\s*str\s*)?=\s*['"]([^'"]+)['"]""", re.M)
ENTRY = re.compile(r"^\s*([^=\s]+)\s*=\s*([\w.]+)\s*(?::\s*([\w.]+))?")


@dataclass
class Published:
    """The names a project's users import, run or install today (empty for a script folder)."""

    modules: list[str] = field(default_factory=list)  # top-level one-file modules
    packages: list[str] = field(default_factory=list)  # top-level packages
    find: bool = False  # packages found at build time (find_packages, find:, default discovery)
    namespaces: bool = False  # ... and folders without __init__.py (find_namespace_packages)
    patterns: tuple[list[str], list[str]] = ([], [])  # the finder's include, exclude
    scripts: dict[str, str] = field(default_factory=dict)  # console script -> "module:function"
    gui_scripts: dict[str, str] = field(default_factory=dict)
    entry_points: dict[str, dict[str, str]] = field(default_factory=dict)  # other groups
    version_attr: str = ""  # "module.__version__" when the version lives in the code
    test_dependencies: list[str] = field(default_factory=list)  # extras/groups for tests
    requires: list[str] = field(default_factory=list)  # [project] and poetry's, and every extra's
    where: list[str] = field(default_factory=list)  # the files these were read from

    @property
    def declared(self) -> bool:
        """The project is packaged: some file says what it installs or runs."""
        return bool(self.where)

    def top_names(self, found_packages: Iterable[str], namespaces: Iterable[str] = ()) -> list[str]:
        """Every top-level import name, with `find` resolved to the packages at the top (and
        to the namespace folders there, for a namespace finder)."""
        include, exclude = self.patterns
        folders = [*found_packages, *(namespaces if self.namespaces else ())]
        # `include=["pkg.*"]` publishes pkg's subpackages: pkg is the top name all the same.
        found = {
            name
            for name in folders
            if (not include or any(fnmatch(n, p) for n in (name, name + ".x") for p in include))
            and not any(fnmatch(name, p) for p in exclude)
        }
        packages = set(self.packages) | (found if self.find else set())
        return sorted(set(self.modules) | {p.partition(".")[0] for p in packages})


# --- setup.py ------------------------------------------------------------------------


class NotLiteral(Exception):
    """A value computed at build time."""


def bound_literals(tree: ast.Module) -> dict[str, Any]:
    """Module-level `NAME = <literal>` assignments (the last one of each name wins)."""
    found: dict[str, Any] = {}
    for node in tree.body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1:
            target = node.targets[0]
            if isinstance(target, ast.Name):
                try:
                    found[target.id] = resolve(node.value, found)
                except NotLiteral:
                    found.pop(target.id, None)
    return found


def resolve(node: ast.AST, names: dict[str, Any]) -> Any:
    """A literal, a name bound to one in the same file, lists of those, or a Finder."""
    if isinstance(node, ast.Constant):
        return node.value
    if isinstance(node, ast.Name) and node.id in names:
        return names[node.id]
    if isinstance(node, (ast.List, ast.Tuple, ast.Set)):
        return [resolve(item, names) for item in node.elts]
    if isinstance(node, ast.Dict):
        return {
            resolve(k, names): resolve(v, names)
            for k, v in zip(node.keys, node.values, strict=True)
            if k
        }
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        return resolve(node.left, names) + resolve(node.right, names)
    if isinstance(node, ast.Call) and ast.unparse(node.func).endswith(FINDERS):
        words = {k.arg: k.value for k in node.keywords if k.arg in {"include", "exclude"}}
        patterns = {k: resolve(v, names) for k, v in words.items()}
        return Finder(
            ast.unparse(node.func).endswith("find_namespace_packages"),
            tuple(str(p) for p in patterns.get("include", ())),
            tuple(str(p) for p in patterns.get("exclude", ())),
        )
    raise NotLiteral(ast.unparse(node))


def setup_call(tree: ast.Module) -> ast.Call | None:
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            name = getattr(node.func, "id", getattr(node.func, "attr", ""))
            if name == "setup":
                return node
    return None


def setup_py_values(
    path: Path, syntax: ast.Module | None = None
) -> tuple[dict[str, Any], dict[str, int]]:
    """({keyword: value} of setup(...) that could be read, {keyword: line} of the others),
    from the syntax tree already made when given."""
    tree = syntax or ast.parse(source.read_source(path, path.name)[0])
    call = setup_call(tree)
    if call is None:
        return {}, {"setup": 1}
    names = bound_literals(tree)
    values: dict[str, Any] = {}
    computed: dict[str, int] = {}
    for keyword in call.keywords:
        if keyword.arg is None:
            computed["**"] = keyword.value.lineno
            continue
        try:
            values[keyword.arg] = resolve(keyword.value, names)
        except (NotLiteral, TypeError):
            computed[keyword.arg] = keyword.value.lineno
    return values, computed


def entry_lines(value: Any) -> dict[str, dict[str, str]]:
    """entry_points= as a dict of lists, or as INI text: {group: {name: module:function}}."""
    groups: dict[str, dict[str, str]] = {}
    if isinstance(value, str):
        parser = configparser.ConfigParser(interpolation=None, delimiters=("=",))
        parser.optionxform = str  # type: ignore[assignment,method-assign]
        parser.read_string(value)
        for group in parser.sections():
            groups[group] = {k: v.strip() for k, v in parser.items(group)}
        return groups
    if isinstance(value, dict):
        for group, lines in value.items():
            items = [lines] if isinstance(lines, str) else lines
            for line in items or []:
                match = ENTRY.match(str(line))
                if match:
                    target = match.group(2) + (f":{match.group(3)}" if match.group(3) else "")
                    groups.setdefault(str(group), {})[match.group(1)] = target
    return groups


def add_entry_points(found: Published, groups: dict[str, dict[str, str]]) -> None:
    for group, entries in groups.items():
        if group == "console_scripts":
            found.scripts.update(entries)
        elif group == "gui_scripts":
            found.gui_scripts.update(entries)
        else:
            found.entry_points.setdefault(group, {}).update(entries)


def read_setup_py(
    path: Path, found: Published, syntax: ast.Module | None = None
) -> tuple[dict[str, Any], dict[str, int]]:
    values, computed = setup_py_values(path, syntax)
    found.where.append("setup.py")
    modules = values.get("py_modules")
    if isinstance(modules, list):
        found.modules += [str(m) for m in modules]
    packages = values.get("packages")
    if isinstance(packages, Finder):
        found.find, found.namespaces = True, packages.namespaces
        found.patterns = (list(packages.include), list(packages.exclude))
    elif isinstance(packages, list):
        found.packages += [str(p) for p in packages if not isinstance(p, Finder)]
    add_entry_points(found, entry_lines(values.get("entry_points")))
    extras = values.get("extras_require")
    if isinstance(extras, dict):
        found.test_dependencies += test_extras(extras)
        found.requires += every_extra(extras)
    tests = values.get("tests_require")
    if isinstance(tests, list):
        found.test_dependencies += [str(t) for t in tests]
    return values, computed


def every_extra(extras: dict[Any, Any]) -> list[str]:
    """The requirements of every extra."""
    return [str(r) for v in extras.values() if isinstance(v, list) for r in v]


def test_extras(extras: dict[Any, Any]) -> list[str]:
    """The requirements of extras or groups named for tests or development."""
    wanted = [v for k, v in extras.items() if str(k).lower() in TEST_GROUPS]
    return [str(r) for group in wanted if isinstance(group, list) for r in group]


TEST_GROUPS = {"test", "tests", "testing", "dev", "develop", "development"}


# --- setup.cfg -----------------------------------------------------------------------


def cfg_list(text: str) -> list[str]:
    return [
        line.strip()
        for line in text.replace(",", "\n").splitlines()
        if line.strip() and not line.strip().startswith("#")
    ]


def read_setup_cfg(path: Path, found: Published) -> configparser.ConfigParser:
    parser = configparser.ConfigParser(interpolation=None)
    parser.read_string(source.read_text(path, path.name), path.name)
    options = parser["options"] if parser.has_section("options") else {}
    if "py_modules" in options:
        found.modules += cfg_list(options["py_modules"])
        found.where.append("setup.cfg")
    if "packages" in options:
        value = options["packages"].strip()
        if value.startswith("find"):
            found.find, found.namespaces = True, value.startswith("find_namespace")
            find = "options.packages.find"
            include, exclude = (parser.get(find, k, fallback="") for k in ("include", "exclude"))
            found.patterns = (cfg_list(include), cfg_list(exclude))
        else:
            found.packages += cfg_list(value)
        found.where.append("setup.cfg")
    if parser.has_section("options.entry_points"):
        groups: dict[str, list[str]] = {
            group: [line for line in text.splitlines() if line.strip()]
            for group, text in parser.items("options.entry_points")
        }
        add_entry_points(found, entry_lines(groups))
        found.where.append("setup.cfg")
    if parser.has_section("options.extras_require"):
        extras = {k: cfg_list(v) for k, v in parser.items("options.extras_require")}
        found.test_dependencies += test_extras(extras)
        found.requires += every_extra(extras)
    version = parser.get("metadata", "version", fallback="").strip()
    if version.startswith("attr:"):
        found.version_attr = version[len("attr:") :].strip()
    return parser


# --- pyproject.toml ------------------------------------------------------------------


def read_pyproject(data: dict[str, Any], found: Published) -> None:
    project = data.get("project", {})
    tool = data.get("tool", {})
    if project:
        found.where.append("pyproject.toml")
    found.scripts.update(project.get("scripts", {}))
    found.gui_scripts.update(project.get("gui-scripts", {}))
    # [project.entry-points.console_scripts] is what [project.scripts] is (setuptools builds both)
    add_entry_points(found, dict(project.get("entry-points", {})))
    found.test_dependencies += test_extras(project.get("optional-dependencies", {}))
    found.test_dependencies += [
        r for r in test_extras(data.get("dependency-groups", {})) if isinstance(r, str)
    ]
    read_backend_names(tool, found)
    # What the project declares, so an import it covers is never reported as undeclared
    # (files-to-prompt's click, environs' python-dotenv, marko's Pygments in an extra).
    found.requires += [str(r) for r in project.get("dependencies", [])]
    found.requires += every_extra(project.get("optional-dependencies", {}))
    found.requires += [str(k) for k in tool.get("poetry", {}).get("dependencies", {})]
    poetry = tool.get("poetry", {})
    if poetry:
        found.where.append("pyproject.toml")
        found.scripts.update(
            {k: v for k, v in poetry.get("scripts", {}).items() if isinstance(v, str)}
        )
        found.test_dependencies += poetry_requirements(poetry.get("dev-dependencies", {}))
        for name, group in poetry.get("group", {}).items():
            if name.lower() in TEST_GROUPS:
                found.test_dependencies += poetry_requirements(group.get("dependencies", {}))
    dynamic = tool.get("setuptools", {}).get("dynamic", {}).get("version", {})
    if isinstance(dynamic, dict) and "attr" in dynamic:
        found.version_attr = str(dynamic["attr"])


def read_backend_names(tool: dict[str, Any], found: Published) -> None:
    """The import names each backend's own table lists."""
    setuptools = tool.get("setuptools", {})
    found.modules += [str(m) for m in setuptools.get("py-modules", [])]
    packages = setuptools.get("packages")
    if isinstance(packages, list):
        found.packages += [str(p) for p in packages]
    elif isinstance(packages, dict):
        # pyproject's find table finds namespace folders too, unless told not to (vulture's
        # dev/ is published as `dev`), within its include/exclude patterns.
        find = packages.get("find", {})
        found.find, found.namespaces = True, bool(find.get("namespaces", True))
        found.patterns = (
            [str(p) for p in find.get("include", [])],
            [str(p) for p in find.get("exclude", [])],
        )
    wheel = tool.get("hatch", {}).get("build", {}).get("targets", {}).get("wheel", {})
    for path in [*wheel.get("packages", []), *wheel.get("only-include", [])]:
        add_path_name(str(path), found)
    flit = tool.get("flit", {}).get("module", {}).get("name")
    if isinstance(flit, str):
        found.packages.append(flit)
    # flit's older table (entrypoints): [tool.flit.metadata] module, [tool.flit.scripts].
    old_flit = tool.get("flit", {}).get("metadata", {})
    if isinstance(old_flit, dict) and isinstance(old_flit.get("module"), str):
        found.packages.append(old_flit["module"])
        found.where.append("pyproject.toml")
        scripts = tool.get("flit", {}).get("scripts", {})
        found.scripts.update({k: v for k, v in scripts.items() if isinstance(v, str)})
    for entry in tool.get("poetry", {}).get("packages", []):
        # An entry for the sdist only (pastel's tests) is not in what users install.
        if isinstance(entry, dict) and "include" in entry and entry.get("format") not in SDIST:
            add_path_name(str(entry["include"]), found)
    uv_name = tool.get("uv", {}).get("build-backend", {}).get("module-name")
    if isinstance(uv_name, str):
        found.packages.append(uv_name)


def add_path_name(path: str, found: Published) -> None:
    """A packaged path (`src/pkg`, `pkg`, `mod.py`) as the import name it installs."""
    last = path.rstrip("/").rpartition("/")[2]
    if last.endswith(".py"):
        found.modules.append(last[:-3])
    elif last.isidentifier():
        found.packages.append(last)


def poetry_requirements(table: Any) -> list[str]:
    """Poetry's {name: constraint} table as requirement names (constraints are poetry's own)."""
    if not isinstance(table, dict):
        return []
    return [name for name in table if name.lower() != "python"]


def read_pyproject_file(path: Path, found: Published) -> TOMLDocument:
    """pyproject.toml read, its one parse (a file that is not TOML stops here): the document,
    whose layout the edit keeps."""
    try:
        document = tomlkit.parse(source.read_text(path, path.name))
    except TOMLKitError as error:
        raise Refusal(f"{path.name}: not valid TOML ({error}); fix it, then adopt") from None
    read_pyproject(document.unwrap(), found)
    return document


# --- the version kept in the code ----------------------------------------------------


def module_version(root: Path, names: list[str]) -> tuple[str, str]:
    """(version, file) of the first `__version__ = "..."` in the named modules or packages."""
    for name in names:
        for relative in (f"{name}.py", f"{name}/__init__.py", f"{name}/__version__.py"):
            path = root / relative
            if path.is_file():
                match = VERSION_LINE.search(source.read_text(path, relative))
                if match:
                    return match.group(1), relative
    return "", ""


def default_names(name: str, files: Iterable[str]) -> list[str]:
    """hatchling's, flit's and poetry's default: the module or package named like the project."""
    wanted = re.sub(r"[-_.]+", "_", name).lower()
    present = set(files)
    return [
        candidate
        for candidate in (wanted,)
        if f"{candidate}.py" in present or f"{candidate}/__init__.py" in present
    ]


def setuptools_driven(files: list[str], data: dict[str, Any] | None) -> bool:
    """setup.py or setup.cfg builds the project (no pyproject.toml, or one whose
    [build-system] is setuptools or absent and which has no [project]): it keeps building it,
    told where the package now is, as a maintainer's own move to src/ does."""
    if data is None:
        return "setup.py" in files
    system = data.get("build-system")
    if "setup.py" not in files and (system is None or "setup.cfg" not in files):
        return False
    backend = str((system or {}).get("build-backend", "setuptools.build_meta"))
    return backend.startswith("setuptools") and "project" not in data
