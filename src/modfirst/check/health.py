"""Module-first health: checks any Python project can pass, each with a stable id.

Each check reads the project (never runs it, except MF006 with --run) and returns a Finding:
passed, failed with a one-line reason and a fix, or skipped when it does not apply. The ids
are a contract: `modfirst check --json`, the repo-review plugin and the docs name them.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import tomlkit
from tomlkit.exceptions import TOMLKitError

from ..git import output
from ..name_rules import rules_data
from ..processes import Failed
from ..python_rules import is_main_guard
from .project import Project

PASSED, FAILED, SKIPPED = "passed", "failed", "skipped"


@dataclass(frozen=True)
class Finding:
    """One check's outcome on one project."""

    id: str
    title: str
    status: str
    reason: str = ""
    fix: str = ""


Check = Callable[[Project], Finding]
CHECKS: dict[str, tuple[str, Check]] = {}


def check(id: str, title: str) -> Callable[[Check], Check]:
    """Register a check under its stable id, in the order the ids are defined."""

    def register(function: Check) -> Check:
        CHECKS[id] = (title, function)
        return function

    return register


def passed(id: str) -> Finding:
    return Finding(id, CHECKS[id][0], PASSED)


def failed(id: str, reason: str, fix: str) -> Finding:
    return Finding(id, CHECKS[id][0], FAILED, reason, fix)


def skipped(id: str, reason: str) -> Finding:
    return Finding(id, CHECKS[id][0], SKIPPED, reason)


# --- MF001 -------------------------------------------------------------------------------


def is_docstring(node: ast.stmt) -> bool:
    return isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant)


def sets_program_name(node: ast.stmt) -> bool:
    """`sys.argv[0] = "tool"`: help and errors name the program, not __main__.py."""
    return (
        isinstance(node, ast.Assign)
        and len(node.targets) == 1
        and ast.unparse(node.targets[0]) == "sys.argv[0]"
        and isinstance(node.value, ast.Constant)
    )


def is_setup(node: ast.stmt) -> bool:
    """What may come before the call: a docstring, imports, the program's name."""
    return (
        is_docstring(node)
        or isinstance(node, (ast.Import, ast.ImportFrom))
        or (sets_program_name(node))
    )


def only_calls_main(module: ast.Module) -> bool:
    """Docstring, imports, and a __main__ guard (or a bare statement) that calls one function;
    the guard may import it and name the program first, as adopt's __main__.py does."""
    calls = 0
    for node in module.body:
        if is_setup(node):
            continue
        guarded = node.body if is_main_guard(node) and isinstance(node, ast.If) else [node]
        body = [n for n in guarded if not is_setup(n)]
        if len(body) != 1 or not isinstance(body[0], (ast.Expr, ast.Raise)):
            return False
        calls += sum(isinstance(n, ast.Call) for n in ast.walk(body[0]))
    return 1 <= calls <= 2  # main(), or sys.exit(main()) / SystemExit(main())


@check("MF001", "`python -m PKG` runs a __main__.py that only calls main()")
def main_module(project: Project) -> Finding:
    if not project.runnable:
        return skipped("MF001", "a library: no console script and no __main__.py, nothing to run")
    for package in project.runnable:
        main = project.packages[package] / "__main__.py"
        shown = project.shown(main)
        if not main.is_file():
            return failed(
                "MF001",
                f"{shown} is missing, so `python -m {package}` cannot run the package",
                f"add {shown} with `{project.main_import(package)}` and "
                "`if __name__ == '__main__': raise SystemExit(main())`",
            )
        tree = project.parse(main)
        if tree is not None and not only_calls_main(tree):
            return failed(
                "MF001",
                f"{shown} does more than call main(): that code cannot be imported or tested",
                "move the program into a main() function in another module; keep __main__.py "
                "to the import and the call",
            )
    return passed("MF001")


# --- MF002 -------------------------------------------------------------------------------


def defines(module: ast.Module, name: str) -> bool:
    """`name` is a top-level function, class, assignment or import of the module."""
    for node in module.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            if node.name == name:
                return True
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            if any((alias.asname or alias.name.split(".")[0]) == name for alias in node.names):
                return True
        elif isinstance(node, (ast.Assign, ast.AnnAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            if any(isinstance(t, ast.Name) and t.id == name for t in targets):
                return True
    return False


@check("MF002", "every console script points at a function, none at __main__")
def console_scripts(project: Project) -> Finding:
    if not project.scripts:
        return skipped("MF002", "the project declares no console scripts")
    for name, target in sorted(project.scripts.items()):
        module, sep, function = target.partition(":")
        function = function.split("[")[0].strip()
        if not sep or not function:
            return failed(
                "MF002",
                f"script {name} = {target!r} names a module, not a function",
                f"point it at the function the program starts in, e.g. '{module}.cli:main'",
            )
        if module.split(".")[-1] == "__main__":
            return failed(
                "MF002",
                f"script {name} points into {module}, which Python runs only as a program",
                f"move {function}() into {module.rsplit('.', 1)[0]}.cli and point the script "
                "there; __main__.py then calls it",
            )
        path = project.module_file(module)
        tree = project.parse(path) if path else None
        if tree is not None and not defines(tree, function.split(".")[0]):
            return failed(
                "MF002",
                f"script {name} = {target!r}, but {project.shown(path or project.root)} "
                f"defines no {function}",
                f"define {function}() in {module}, or point the script at the right function",
            )
    return passed("MF002")


# --- MF003 -------------------------------------------------------------------------------


def sys_path_edits(tree: ast.Module) -> Iterator[int]:
    """Lines that change sys.path or add site dirs."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            owner = node.func.value
            if (
                node.func.attr in {"insert", "append", "extend"}
                and isinstance(owner, ast.Attribute)
                and owner.attr == "path"
                and isinstance(owner.value, ast.Name)
                and owner.value.id == "sys"
            ) or (node.func.attr == "addsitedir" and ast.unparse(owner) == "site"):
                yield node.lineno
        elif isinstance(node, (ast.Assign, ast.AugAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            if any(ast.unparse(t).startswith("sys.path") for t in targets):
                yield node.lineno


@check("MF003", "package code leaves sys.path alone")
def no_sys_path(project: Project) -> Finding:
    if not project.packages:
        return skipped("MF003", "no import package found (a folder with __init__.py)")
    for folder in project.packages.values():
        for path in project.python_files(folder):
            tree = project.parse(path)
            lines = list(sys_path_edits(tree)) if tree else []
            if lines:
                return failed(
                    "MF003",
                    f"{project.shown(path)}:{lines[0]} changes sys.path, so imports depend on "
                    "where the program is started from",
                    "use relative imports inside the package and install it "
                    "(`pip install -e .`); run it with `python -m`",
                )
    return passed("MF003")


# --- MF004 -------------------------------------------------------------------------------


def importable_names(folder: Path) -> Iterator[tuple[str, str]]:
    """(import name, shown path) of the modules and packages directly in `folder`."""
    for path in sorted(folder.iterdir()):
        if path.suffix == ".py" and path.stem.isidentifier():
            yield path.stem, path.name
        elif (path / "__init__.py").is_file():
            yield path.name, path.name + "/"


@check("MF004", "no top-level module shadows the standard library")
def no_shadowing(project: Project) -> Finding:
    # copier.yml's list: the same on every Python
    stdlib = set(rules_data(names=["stdlib_names"])["stdlib_names"])
    for root in project.source_roots:
        for name, shown in importable_names(root):
            if name in stdlib:
                where = project.shown(root / shown.rstrip("/")) + ("/" if shown[-1] == "/" else "")
                return failed(
                    "MF004",
                    f"{where} shadows the standard-library module {name}: with the project "
                    f"folder on sys.path, `import {name}` finds it instead",
                    f"rename it (e.g. {name}_utils) or move it into the package",
                )
    return passed("MF004")


# --- MF005 -------------------------------------------------------------------------------

MINOR = re.compile(r"3\.(\d+)")


def lowest_minor(versions: list[str]) -> int | None:
    minors = [int(m) for v in versions for m in MINOR.findall(v)]
    return min(minors) if minors else None


def requires_minimum(spec: str) -> int | None:
    """The X of `>=3.X` in requires-python (None when it names no minimum)."""
    match = re.search(r">=\s*3\.(\d+)", spec)
    return int(match.group(1)) if match else None


def workflow_matrix_versions(root: Path) -> list[str]:
    """The Python versions of every job matrix in the GitHub workflows (a matrix key that
    names python, such as `python-version` or `python`)."""
    import yaml

    found: list[str] = []
    for workflow in sorted((root / ".github" / "workflows").glob("*.y*ml")):
        try:
            jobs = (yaml.safe_load(workflow.read_text(encoding="utf-8")) or {}).get("jobs") or {}
        except (yaml.YAMLError, UnicodeDecodeError, AttributeError):
            continue
        for job in jobs.values():
            matrix = ((job or {}).get("strategy") or {}).get("matrix") or {}
            for key, values in matrix.items() if isinstance(matrix, dict) else ():
                if "python" in str(key) and isinstance(values, list):
                    found += [str(v) for v in values]
    return found


@check("MF005", "requires-python, classifiers and the CI matrix name the same oldest Python")
def pythons_agree(project: Project) -> Finding:
    meta = project.pyproject.get("project", {})
    minimum = requires_minimum(str(meta.get("requires-python", "")))
    if minimum is None:
        return skipped("MF005", "no `requires-python = '>=3.X'` in pyproject.toml")
    prefix = "Programming Language :: Python :: "
    classified = [c[len(prefix) :] for c in meta.get("classifiers", []) if c.startswith(prefix)]
    sources = {
        "the classifiers": lowest_minor([v for v in classified if v.count(".") == 1]),
        "the CI matrix": lowest_minor(workflow_matrix_versions(project.root)),
    }
    for source, lowest in sources.items():
        if lowest is not None and lowest != minimum:
            return failed(
                "MF005",
                f"requires-python starts at 3.{minimum} but {source} at 3.{lowest}",
                f"make {source} start at 3.{minimum}, or change requires-python",
            )
    return passed("MF005")


# --- MF008 -------------------------------------------------------------------------------

UPDATE_WORKFLOW = ".github/workflows/template-update.yml"


def fetchable(src: str) -> bool:
    """Whether a CI runner can fetch a template recorded as `src`: a URL or copier's gh:/gl:
    shorthand, not a folder of the machine that made the project. The same cases as the
    install step of the generated template-update.yml."""
    if src.startswith("file:"):
        return False
    return src.startswith(("gh:", "gl:", "git+", "git@")) or "://" in src


def has_remote(root: Path) -> bool:
    try:
        return bool(output("remote", cwd=root).strip())
    except (Failed, OSError):
        return False


@check("MF008", "the template-update workflow can fetch its template")
def update_workflow_source(project: Project) -> Finding:
    if not (project.root / UPDATE_WORKFLOW).is_file():
        return skipped("MF008", f"no {UPDATE_WORKFLOW}")
    import yaml  # only for projects that have the workflow

    from ..answers import load_answers

    try:
        src = str(load_answers(project.root).get("_src_path") or "")
    except (OSError, ValueError, yaml.YAMLError):
        src = ""
    if not src:
        return skipped("MF008", "no readable _src_path in .copier-answers.yml")
    if fetchable(src):
        return passed("MF008")
    fix = (
        "set `_src_path:` in .copier-answers.yml to the published template's URL "
        "(e.g. gh:OWNER/modfirst) and commit, or turn the workflow off with "
        "`copier update --trust --defaults --data template_updates=false`"
    )
    if not has_remote(project.root):  # the workflow runs nowhere yet: said, not failed
        return skipped(
            "MF008",
            f"no git remote yet; once pushed, the weekly workflow will fail: _src_path is the "
            f"folder {src}, which a CI runner cannot fetch ({fix})",
        )
    return failed(
        "MF008",
        f"_src_path is the folder {src}, which a CI runner cannot fetch, so {UPDATE_WORKFLOW} "
        "fails every week",
        fix,
    )


def run_checks(root: Path, only: set[str] | None = None) -> list[Finding]:
    """Every registered check (or those in `only`) on the project at `root`, in id order."""
    project = Project(root)
    return [function(project) for id, (_, function) in CHECKS.items() if not only or id in only]


# --- MF006 (with --run) --------------------------------------------------------------------

CHECKS_RUN_ONLY = {"MF006": "`python -I -m PKG --help` works after a non-editable install"}


def run_verification(root: Path) -> Finding:
    """MF006: the verification copier runs after a copy (hooks/verify.py), as its VerifyReport."""
    from ..hooks.verify import verify_project

    title = CHECKS_RUN_ONLY["MF006"]
    report = verify_project(root)
    if report.status == "verified":
        return Finding("MF006", title, PASSED)
    if report.status == "unverified":
        return Finding("MF006", title, SKIPPED, f"could not verify: {report.reason}")
    return Finding(
        "MF006",
        title,
        FAILED,
        report.reason or "the installed project does not run as a module",
        f"run `modfirst verify {root}` to see each failing entry point",
    )


# --- MF007 (a release commit) --------------------------------------------------------------

CHECKS_RELEASE = {"MF007": "a version tag on HEAD names the project's version"}
# A tag that looks like a release: 1.2.3 or v1.2.3, with PEP 440's pre, post and dev parts.
VERSION_TAG = re.compile(r"^v?(\d+(?:\.\d+)*(?:(?:a|b|rc)\d+)?(?:\.post\d+)?(?:\.dev\d+)?)$")


def head_version(root: Path) -> tuple[str | None, str]:
    """The static `[project] version` of HEAD's pyproject.toml (the tagged commit, not the
    work tree, where the next version may already be set), or None and why not."""
    try:
        text = output("show", "HEAD:pyproject.toml", cwd=root)
    except Failed:
        return None, "HEAD has no pyproject.toml"
    try:
        project = tomlkit.parse(text).unwrap().get("project", {})
    except TOMLKitError as error:
        return None, f"HEAD's pyproject.toml cannot be read: {error}"
    if "version" in project.get("dynamic", []) or "version" not in project:
        return None, "the version is dynamic (set at build time), so there is nothing to compare"
    return str(project["version"]), ""


def version_tags(root: Path) -> list[str]:
    """The version-like tags on HEAD ([] outside a git repository)."""
    try:
        tags = output("tag", "--points-at", "HEAD", cwd=root).split()
    except (Failed, OSError):
        return []
    return [tag for tag in tags if VERSION_TAG.match(tag)]


def version_tag(root: Path) -> Finding:
    """MF007: a release tag and the version a build of that commit gets must agree, or PyPI
    receives a version nobody tagged (the generated release workflow refuses it too)."""
    title = CHECKS_RELEASE["MF007"]
    tags = version_tags(root)
    if not tags:
        return Finding("MF007", title, SKIPPED, "HEAD carries no version tag")
    version, why = head_version(root)
    if version is None:
        return Finding("MF007", title, SKIPPED, why)
    tagged = [VERSION_TAG.sub(r"\1", tag) for tag in tags]  # without the "v"
    if version in tagged:
        return Finding("MF007", title, PASSED)
    return Finding(
        "MF007",
        title,
        FAILED,
        f"HEAD is tagged {', '.join(tags)} but pyproject.toml's version is {version}",
        f'set `version = "{tagged[0]}"` (or `uv version {tagged[0]}`), commit, and tag that '
        f"commit; or move the tag to the commit that has {version}",
    )
