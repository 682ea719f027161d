"""Scan a project and decide everything adoption will do, as an AdoptPlan.

plan() is a sequence of steps: scan (read the tree), choose_package, place_code and place_data
(the moves), choose_entry, answers_for, rewrite_sources, package_files and build_settings.
Each takes values and returns values with its own risks; only scan runs git. Nothing here
writes to the project; `apply.py` carries the plan out.
"""

from __future__ import annotations

import ast
import os
import posixpath
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path, PurePosixPath

import tomlkit

from .. import git as git_runner
from . import dependencies, names, packaging, paths, published, rewrite, source
from .paths import moved_to as moved_to  # re-exported: tests import it from here
from .refusal import Refusal as Refusal  # re-exported: the callers import it from here

NOT_PROJECT_DIRS = {"docs", "doc", "build", "dist", "venv", "env", "site-packages", "node_modules"}
TEST_DIRS = {"tests", "test"}
TOOL_SCRIPTS = {"setup.py", "conftest.py", "noxfile.py", "fabfile.py", "tasks.py"}
# Top-level files that are the project's documents or settings, never data the code reads.
CONFIG_SUFFIXES = {".md", ".rst", ".toml", ".cfg", ".ini", ".lock"}
CONFIG_PREFIXES = ("requirements", "license", "licence", "readme", "copying", "changelog")
CONFIG_NAMES = {"Makefile", "MANIFEST.in", "src"}
SUBPACKAGE = "tools"


@dataclass
class Move:
    source: str  # paths relative to the project root, with "/"
    target: str


@dataclass
class ImportEdit:
    file: str  # where the file will be
    line: int
    before: str
    after: str


@dataclass
class LinkEdit:
    path: str  # the link, where it will be
    before: str  # what it pointed at (its text)
    after: str  # what it will point at, so it resolves to the same file


@dataclass
class NewFile:
    path: str
    content: str
    why: str


@dataclass
class AdoptPlan:
    root: Path
    package: str
    entry: str = ""  # the entry module's new path
    function: str = "main"
    already_module_first: bool = False
    moves: list[Move] = field(default_factory=list)
    imports: list[ImportEdit] = field(default_factory=list)
    contents: dict[str, str] = field(default_factory=dict)  # new text of moved/edited files
    formats: dict[str, source.Format] = field(default_factory=dict)  # their encodings
    links: list[LinkEdit] = field(default_factory=list)  # symbolic links re-pointed
    keep_out: list[str] = field(default_factory=list)  # nested repositories: never staged
    new_files: list[NewFile] = field(default_factory=list)
    pyproject_changes: list[str] = field(default_factory=list)
    pyproject: str = ""
    risks: list[str] = field(default_factory=list)
    answers: dict[str, str] = field(default_factory=dict)
    program: str = "block"  # how `python -m PKG` runs the program (Entry.kind)
    program_why: str = ""
    script: str = ""  # program "script": the published console script `python -m PKG` calls
    published: dict[str, str] = field(default_factory=dict)  # what it kept: name -> how
    packaged: bool = False  # it declared a distribution (setup.py/pyproject), installable before
    added_scripts: list[str] = field(default_factory=list)  # console scripts adoption adds

    def written_python(self) -> list[str]:
        """Every Python file adoption writes or edits (paths after the move)."""
        new = [f.path for f in self.new_files if f.path.endswith(".py")]
        return sorted({*new, *(p for p in self.contents if p.endswith(".py"))})

    def added_modules(self) -> set[str]:
        """Modules the adopted package has because adoption put or wrote them there."""
        paths = [m.target for m in self.moves] + [f.path for f in self.new_files]
        found = set()
        for path in paths:
            parts = path.removesuffix(".py").split("/")
            if path.endswith(".py") and parts[0] == "src" and len(parts) > 1:
                found.add(".".join(p for p in parts[1:] if p != "__init__"))
        return found

    def program_line(self) -> str:
        why = f" ({self.program_why})" if self.program_why else ""
        if self.program == "none":
            return "entry point: none: a library, no __main__.py and no console script"
        if self.program == "script":
            return f"entry point: src/{self.package}/__main__.py calls {self.program_why}"
        if self.program == "program":
            return (
                f"entry point: {self.entry} runs at module level: src/{self.package}/__main__.py "
                f"main(argv) runs it with runpy as `python FILE` did{why}"
            )
        return (
            f'entry point: {self.entry}: `if __name__ == "__main__":` -> '
            f"{self.function}(argv) -> int, called by src/{self.package}/__main__.py "
            f"and the console script {self.package}{why}"
        )

    def __str__(self) -> str:
        lines = [f"modfirst adopt: plan for {self.root} (package {self.package})"]
        if self.already_module_first:
            lines.append("  already module-first: nothing moves")
        lines.append(f"  moves ({len(self.moves)}):")
        lines += [f"    git mv {m.source} -> {m.target}" for m in self.moves]
        if self.links:
            lines.append(f"  symbolic links re-pointed ({len(self.links)}):")
            lines += [f"    {k.path}: -> {k.before} becomes -> {k.after}" for k in self.links]
        lines.append(f"  import rewrites ({len(self.imports)}):")
        for edit in self.imports:
            before = edit.before.replace("\n", " ")
            after = edit.after.replace("\n", "; ")
            lines.append(f"    {edit.file}:{edit.line}: {before} -> {after}")
        if self.published:
            lines.append(f"  kept as published ({len(self.published)}):")
            lines += [f"    = {name}: {how}" for name, how in self.published.items()]
        lines.append("  " + self.program_line())
        lines.append(f"  new files ({len(self.new_files)}):")
        lines += [f"    {f.path}: {f.why}" for f in self.new_files]
        lines.append(f"  pyproject.toml ({len(self.pyproject_changes)}):")
        lines += [f"    + {change}" for change in self.pyproject_changes]
        lines.append(f"  risks ({len(self.risks)}):")
        lines += [f"    ! {risk}" for risk in self.risks]
        return "\n".join(lines)


@dataclass
class Options:
    package: str | None = None
    entry: str | None = None
    subpackage: str | None = None
    scripts: str = "one"  # "all": every other __main__ block gets a console script too


# --- reading the project -------------------------------------------------------------


def git(root: Path, *args: str) -> str:
    """What `git ARGS` prints in `root`; a Refusal naming the command when it fails."""
    result = git_runner.git(*args, cwd=root, check=False)
    if result.returncode != 0:
        stderr = result.stderr.decode("utf-8", errors="replace").strip()
        raise Refusal(f"git {args[0]} failed in {root}: {stderr}")
    return result.stdout.decode("utf-8", errors="surrogateescape")


# Files git writes while an operation waits for the user: adopting then would mix the two.
UNFINISHED = {
    "MERGE_HEAD": "a merge (finish it with `git commit`, or `git merge --abort`)",
    "rebase-merge": "a rebase (finish it with `git rebase --continue`, or `git rebase --abort`)",
    "rebase-apply": "a rebase or `git am` (`git rebase --continue`/`--abort`, `git am --abort`)",
    "CHERRY_PICK_HEAD": "a cherry-pick (`git cherry-pick --continue`, or `--abort`)",
    "REVERT_HEAD": "a revert (`git revert --continue`, or `--abort`)",
    "BISECT_LOG": "a bisect (`git bisect reset`)",
}


def check_git(root: Path) -> None:
    """A folder in a git work tree, on a branch, with no git operation half done."""
    if not root.is_dir():
        raise Refusal(f"{root} is not a folder; give the project's folder")
    if git_runner.git("rev-parse", "--show-toplevel", cwd=root, check=False).returncode != 0:
        raise Refusal(
            f"{root} is not in a git work tree; run `git init && git add -A && git commit` "
            "first, so the change can be reviewed and undone"
        )
    for marker, operation in UNFINISHED.items():
        if (root / git(root, "rev-parse", "--git-path", marker).strip()).exists():
            raise Refusal(f"{root} is in the middle of {operation}; then adopt")
    if git_runner.git("symbolic-ref", "-q", "HEAD", cwd=root, check=False).returncode != 0:
        raise Refusal(
            f"{root} is a detached HEAD (no branch), so the adoption commit would belong to "
            "no branch; `git switch -c adopt` (or switch to a branch), then adopt"
        )


def check_clean(root: Path, nested: dict[str, str]) -> None:
    """Nothing uncommitted, apart from Python's bytecode and nested repositories (reported)."""
    changes = git(root, "status", "--porcelain", "-z", "--untracked-files=all").split("\0")
    left_alone = {f"{name}/" for name in nested}
    if any(line and not is_bytecode(line[3:]) and line[3:] not in left_alone for line in changes):
        raise Refusal(
            f"{root} has uncommitted changes; commit or stash them first (git status), "
            "so adoption's change stands alone"
        )


def check_readable(root: Path, files: list[str]) -> None:
    """Every file can be read: git hashes it, the build copies it, the plan parses it."""
    for name in files:
        path = root / name
        if not path.is_symlink() and not os.access(path, os.R_OK):
            raise Refusal(
                f"{name} cannot be read (permission denied); `chmod u+r {name}` (or remove "
                "it from the project), then adopt"
            )


def is_bytecode(path: str) -> bool:
    """Python's own cache files: running the project writes them, they are nobody's change."""
    return "__pycache__/" in path or path.endswith((".pyc", ".pyo"))


def project_files(root: Path) -> list[str]:
    listing = git(root, "ls-files", "-z", "--cached", "--others", "--exclude-standard", "--", ".")
    return sorted(name for name in listing.split("\0") if name and not is_bytecode(name))


def nested_repositories(root: Path, files: list[str]) -> dict[str, str]:
    """{folder: what it is} for submodules and other repositories inside the project: git
    lists a tracked one as one entry of mode 160000 and an untracked one as "NAME/"."""
    staged = git(root, "ls-files", "-z", "--stage", "--", ".").split("\0")
    found = {
        entry.partition("\t")[2]: "a git submodule"
        for entry in staged
        if entry.startswith("160000 ")
    }
    for name in files:
        if name.endswith("/"):
            found[name.rstrip("/")] = "a git repository that this one does not track"
    return dict(sorted(found.items()))


SCRIPT_FOLDERS = ("", "bin", "scripts")


def is_python_script(root: Path, name: str, links: dict[str, str]) -> bool:
    """An entry file without .py (`bin/tool`) whose first line runs Python."""
    folder, _, file = name.rpartition("/")
    if folder not in SCRIPT_FOLDERS or "." in file or name in links:
        return False
    with (root / name).open("rb") as handle:
        first = handle.readline(200)
    return first.startswith(b"#!") and b"python" in first


def parse(root: Path, name: str) -> tuple[str, ast.Module, source.Format]:
    """A Python file decoded as Python decodes it (coding cookie, BOM, else UTF-8), parsed."""
    text, encoding = source.read_source(root / name, name)
    try:
        return text, ast.parse(text, filename=name), encoding
    except SyntaxError as error:
        raise Refusal(
            f"{name}:{error.lineno}: syntax error ({error.msg}); fix it, then adopt"
        ) from None


def uses_file_dunder(tree: ast.Module) -> bool:
    return any(isinstance(n, ast.Name) and n.id == "__file__" for n in ast.walk(tree))


def is_test(name: str) -> bool:
    path = PurePosixPath(name)
    return (
        path.parts[0] in TEST_DIRS
        or path.name.startswith("test_")
        or path.name.endswith("_test.py")
        or path.name == "conftest.py"
    )


# --- sys.path lines -------------------------------------------------------------------


def levels_up(node: ast.AST) -> int | None:
    """How many folders above the file's own folder `node` points (0: its folder), or None."""
    if isinstance(node, ast.Name) and node.id == "__file__":
        return -1
    if isinstance(node, ast.Constant) and node.value in {".", ""}:
        return 0  # the current folder, where the script was meant to be run from
    if isinstance(node, ast.Call):
        func = ast.unparse(node.func)
        args = node.args
        if func in {"os.getcwd", "Path.cwd", "pathlib.Path.cwd"} and not args:
            return 0
        if func in {"os.path.dirname"} and len(args) == 1:
            inner = levels_up(args[0])
            return None if inner is None else inner + 1
        if func in {"os.path.abspath", "os.path.realpath", "str", "Path", "pathlib.Path"}:
            return levels_up(args[0]) if len(args) == 1 else None
        if func == "os.path.join" and args:
            base = levels_up(args[0])
            for part in args[1:]:
                if base is None or not isinstance(part, ast.Constant):
                    return None
                for piece in str(part.value).split("/"):
                    base += 1 if piece == ".." else 0 if piece in {".", ""} else 10**6
            return base if base is not None and base < 10**6 else None
        if isinstance(node.func, ast.Attribute) and node.func.attr in {"resolve", "absolute"}:
            return levels_up(node.func.value)
    if isinstance(node, ast.Attribute) and node.attr == "parent":
        inner = levels_up(node.value)
        return None if inner is None else inner + 1
    if (
        isinstance(node, ast.Subscript)
        and isinstance(node.value, ast.Attribute)
        and node.value.attr == "parents"
        and isinstance(node.slice, ast.Constant)
        and isinstance(node.slice.value, int)
    ):
        inner = levels_up(node.value.value)
        return None if inner is None else inner + node.slice.value + 1
    return None


def sys_path_lines(
    tree: ast.Module, depth_below_root: int
) -> tuple[set[int], list[tuple[int, str]]]:
    """(lines to drop: they only point at the project folder, other sys.path edits)."""
    drop: set[int] = set()
    report: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
            continue
        if ast.unparse(node.func.value) != "sys.path":
            continue
        argument = node.args[-1] if node.func.attr in {"insert", "append"} and node.args else None
        up = levels_up(argument) if argument is not None else None
        statement = next(
            (
                s
                for s in ast.walk(tree)
                if isinstance(s, ast.Expr) and s.value is node and s.lineno == node.lineno
            ),
            None,
        )
        if up == depth_below_root and statement is not None:
            drop.add(node.lineno)
        else:
            report.append((node.lineno, ast.unparse(node)))
    return drop, report


def data_references(tree: ast.Module, candidates: set[str]) -> dict[str, bool]:
    """{data file or folder named in the code: whether it is opened relative to the cwd}."""
    found: dict[str, bool] = {}
    direct: set[int] = set()
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Call)
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and ast.unparse(node.func) in {"open", "Path", "pathlib.Path", "io.open"}
        ):
            direct.add(id(node.args[0]))
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            head = node.value.split("/")[0]
            if head in candidates:
                found[head] = found.get(head, False) or id(node) in direct
    return found


def absolute_imports(tree: ast.Module) -> set[str]:
    """Top-level names of every absolute import in the module (any depth)."""
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name.partition(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and not node.level and node.module:
            found.add(node.module.partition(".")[0])
    return found


def dynamic_imports(tree: ast.Module, rewritten: set[str] | None = None) -> list[tuple[int, str]]:
    """Dynamic imports adoption does not rewrite (a literal naming a local module it does)."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func = ast.unparse(node.func)
            if func in {"importlib.import_module", "import_module", "__import__"}:
                first = node.args[0] if node.args else None
                literal = isinstance(first, ast.Constant) and isinstance(first.value, str)
                if literal and str(first.value).partition(".")[0] in (rewritten or set()):  # type: ignore[union-attr]
                    continue
                found.append((node.lineno, ast.unparse(node)))
    return found


# --- the steps, in order -------------------------------------------------------------


def plan(
    root: Path, options: Options, on_answers: Callable[[dict[str, str]], None] | None = None
) -> AdoptPlan:
    """Everything adoption will do to `root`, or a Refusal saying why it cannot.

    `on_answers` is called with the template answers as soon as they are known, before the
    slow part (the LibCST rewrites), so the template can render meanwhile.
    """
    tree = scan(root.resolve())
    if tree.module_first:
        return plan_module_first(tree.root, tree.module_first, options)
    check_root_package(tree)
    meta = packaging.read_metadata(tree.root)
    if tree.src_package and not tree.top_modules and not tree.top_packages:
        return plan_src_layout(tree, tree.src_package, meta, options, on_answers)
    choice = choose_package(tree, meta, options)
    code = place_code(tree, choice)
    check_code_moves(tree, choice, code)
    data = place_data(tree, choice, code)
    entry = choose_entry(tree, choice, data.moving, options, meta)
    check_writable(tree.root, data.moving)
    links = repoint_links(tree, data.moving)
    planned = planned_paths(tree.files, data.moving)
    answers = answers_for(tree, choice.package, meta, planned, options)
    if on_answers is not None:
        on_answers(answers)
    edits = rewrite_sources(tree, choice, data.moving, entry, options.scripts == "all")
    check_writable_files(tree.root, data.moving, edits.contents)
    sub = "" if choice.published or entry.kind == "none" else answers["subpackage_name"]
    new_files = package_files(
        choice.package,
        planned,
        entry.module,
        entry.function,
        sub,
        entry.kind,
        entry.source,
        choice.published,
    )
    declared = declare_imports(tree, choice, data.moving, meta)
    build = build_settings(
        tree,
        meta,
        choice.package,
        console_target(choice, entry),
        answers["python_min"],
        carry_for(tree, meta, choice, data.moving, declared, edits.scripts),
        choice,
    )
    if build.setup_py:  # no [project] to declare in: say what setup.py lacks
        if "setup.py" in edits.contents:  # its strings naming moved files, rewritten first
            build.setup_py = rewrite.setup_py_to_src(
                edits.contents["setup.py"], choice.package, choice.single
            )[0]
        edits.contents["setup.py"] = build.setup_py
        declared.risks += [
            f"{change}; add it to setup.py, which builds the project"
            for change in declared.changes
            if "undeclared" in change
        ]
        declared.changes = []
    paths = path_references(tree, data.moving, build.text)
    edits.contents.update(paths.edited)
    return AdoptPlan(
        root=tree.root,
        package=choice.package,
        entry=entry.target,
        function=entry.function,
        program=entry.kind,
        program_why=entry.why,
        script=entry.script,
        moves=[Move(s, t) for s, t in sorted(data.moving.items()) if s != t],
        imports=edits.imports,
        contents=edits.contents,
        formats=edits.formats,
        links=links.edits,
        keep_out=list(tree.nested),
        new_files=new_files,
        pyproject_changes=[*build.changes, *declared.changes, *paths.changes],
        pyproject=paths.text,
        risks=[
            *tree.unread,
            *nested_risks(tree),
            *data.risks,
            *links.risks,
            *entry.risks,
            *edits.risks,
            *build.risks,
            *declared.risks,
            *paths.risks,
        ],
        answers=answers,
        published=kept_names(meta, choice, entry),
        packaged=meta.published.declared,
        added_scripts=sorted(
            {*edits.scripts, *([choice.package] if console_target(choice, entry) else [])}
            - set(meta.published.scripts)
        ),
    )


def plan_src_layout(
    tree: Tree,
    package: str,
    meta: packaging.Metadata,
    options: Options,
    on_answers: Callable[[dict[str, str]], None] | None,
) -> AdoptPlan:
    """A src/ layout without __main__.py: nothing moves; `python -m PKG` calls the published
    console script's function (a library gets no entry point)."""
    choice = Choice(package, flat=True, published=True)
    inside = {f: f for f in tree.files if f.startswith(choice.base + "/")}
    entry = script_entry(tree, choice, inside, meta.published.scripts, meta) or Entry(
        "", "", "", "", [LIBRARY], kind="none"
    )
    planned = set(tree.files)
    answers = answers_for(tree, package, meta, planned, options)
    if on_answers is not None:
        on_answers(answers)
    return AdoptPlan(
        root=tree.root,
        package=package,
        entry=entry.target,
        function=entry.function,
        program=entry.kind,
        program_why=entry.why,
        script=entry.script,
        new_files=package_files(
            package, planned, entry.module, entry.function, "", entry.kind, published=True
        ),
        risks=["already in the src/ layout: nothing moves", *entry.risks],
        answers=answers,
        published=kept_names(meta, choice, entry),
        packaged=meta.published.declared,
    )


def check_code_moves(tree: Tree, choice: Choice, moving: dict[str, str]) -> None:
    """Some code goes into the package: an empty package adopts nothing."""
    if any(target.startswith(choice.base + "/") for target in moving.values()):
        return
    folders = sorted({f.split("/")[0] + "/" for f in tree.sources if "/" in f})
    raise Refusal(
        "no importable module or package at the top of the project (its Python files are in "
        f"{', '.join(folders[:3]) or 'no folder'}, not a package); move the code to the top "
        "or into a folder with an __init__.py, then adopt"
    )


def check_root_package(tree: Tree) -> None:
    """A project whose root is itself the package cannot move into a folder inside itself."""
    if "__init__.py" in tree.files:
        raise Refusal(
            "the project folder is itself a package (__init__.py at the top), so its code "
            "would have to move into a folder inside itself; move the code into a folder "
            "named after the package first, then adopt"
        )


def console_target(choice: Choice, entry: Entry) -> str:
    """MODULE:FUNCTION of the console script adoption adds ("" when it adds none)."""
    if entry.kind in {"none", "script"}:
        return ""
    if entry.kind == "program":
        return f"{choice.package}.__main__:main"
    module = f"{choice.package}.{entry.module}" if entry.module else choice.package
    return f"{module}:{entry.function}"


def kept_names(meta: packaging.Metadata, choice: Choice, entry: Entry) -> dict[str, str]:
    """What the project published that adoption keeps true, for the plan and the proof."""
    found = meta.published
    kept = {f"import {choice.package}": "same import name"} if choice.published else {}
    kept |= {f"console script {n}": t for n, t in sorted(found.scripts.items())}
    kept |= {f"GUI script {n}": t for n, t in sorted(found.gui_scripts.items())}
    if meta.version:
        kept["version"] = meta.version + (
            f" (from {meta.version_file})" if meta.version_file else ""
        )
    if meta.requires_python:
        kept["requires-python"] = meta.requires_python
    if entry.why:
        kept["python -m " + choice.package] = entry.why
    return kept


def declare_imports(
    tree: Tree, choice: Choice, moving: dict[str, str], meta: packaging.Metadata
) -> dependencies.Declared:
    """Runtime and test requirements from what the package's code and the tests import."""
    code, tests = {}, {}
    for name, (_, syntax) in tree.sources.items():
        target = moving.get(name, name)
        if target.startswith(choice.base + "/"):
            code[name] = dependencies.required_imports(syntax)
        elif is_test(name) or name.split("/")[0] in TEST_DIRS:
            tests[name] = dependencies.required_imports(syntax)
    local = dependencies.local_names(tree.files) | {choice.package}
    return dependencies.declare(
        code, tests, local, meta.dependencies, meta.published.test_dependencies
    )


def carry_for(
    tree: Tree,
    meta: packaging.Metadata,
    choice: Choice,
    moving: dict[str, str],
    declared: dependencies.Declared,
    more_scripts: dict[str, str] | None = None,
) -> packaging.Carry:
    found = meta.published
    readme = next((f for f in tree.files if "/" not in f and f.lower().startswith("readme")), "")
    return packaging.Carry(
        scripts={**(more_scripts or {}), **found.scripts},
        gui_scripts=dict(found.gui_scripts),
        entry_points={k: dict(v) for k, v in found.entry_points.items()},
        dependencies=declared.runtime,
        test_dependencies=declared.test,
        version_file=moving.get(meta.version_file, meta.version_file),
        readme=readme if found.declared else "",
        published=found.declared,
    )


# --- scan: read the tree --------------------------------------------------------------


@dataclass
class Tree:
    """The project as scan() read it: its files and its Python sources, parsed (the rest is
    derived from those, once)."""

    root: Path
    files: list[str]  # every file git would see, relative, with "/", sorted
    sources: dict[str, tuple[str, ast.Module]]  # Python file -> (text, syntax tree)
    formats: dict[str, source.Format] = field(default_factory=dict)  # Python file -> encoding
    links: dict[str, str] = field(default_factory=dict)  # symbolic link -> what it points at
    nested: dict[str, str] = field(default_factory=dict)  # nested repository -> what it is
    unread: list[str] = field(default_factory=list)  # files beside the code that do not parse

    def has_main_block(self, name: str) -> bool:
        return name in self.sources and bool(rewrite.main_blocks(self.sources[name][1]))

    @cached_property
    def shebang(self) -> dict[str, str]:
        """Entry files without .py -> the module name they get (`bin/my-tool` -> my_tool)."""
        return {
            f: re.sub(r"\W", "_", f.rpartition("/")[2])
            for f in self.sources
            if not f.endswith(".py")
        }

    @cached_property
    def python(self) -> list[str]:
        return [f for f in self.files if f.endswith(".py")]

    @cached_property
    def module_first(self) -> str:
        """The package of an existing src/PKG/__main__.py ("" when there is none)."""
        found = sorted(
            f
            for f in self.files
            if PurePosixPath(f).match("src/*/__main__.py") and f.count("/") == 2
        )
        return found[0].split("/")[1] if found else ""

    @cached_property
    def src_package(self) -> str:
        """The one package of a src/ layout ("" when there is not exactly one)."""
        found = sorted(
            {
                f.split("/")[1]
                for f in self.files
                if f.count("/") == 2 and f.startswith("src/") and f.endswith("/__init__.py")
            }
        )
        return found[0] if len(found) == 1 else ""

    @cached_property
    def top_packages(self) -> list[str]:
        """Package folders at the top (not tests, docs, builds or hidden folders): with an
        __init__.py, or without one (a namespace package) when the top-level code imports
        them (`from vendored import helper`: the folder moves with the code that needs it)."""
        regular = {
            f.split("/")[0] for f in self.files if f.count("/") == 1 and f.endswith("/__init__.py")
        }
        folders = {f.split("/")[0] for f in self.python if f.count("/") == 1}
        imported = set().union(set(), *(names for f, names in self.imports.items() if "/" not in f))
        return sorted(
            name
            for name in regular | (folders & imported)
            if name not in TEST_DIRS | NOT_PROJECT_DIRS and not name.startswith(".")
        )

    @cached_property
    def top_modules(self) -> list[str]:
        """Modules at the top, without .py: not tests and not tool scripts (setup.py...)."""
        return sorted(
            f[:-3] for f in self.python if "/" not in f and f not in TOOL_SCRIPTS and not is_test(f)
        )

    @cached_property
    def top_tests(self) -> list[str]:
        """Test files at the top: they go to tests/ (conftest.py stays where pytest reads it)."""
        return [f for f in self.python if "/" not in f and is_test(f) and f != "conftest.py"]

    @cached_property
    def data_candidates(self) -> set[str]:
        """Top-level files and folders that may be data the code reads (not code, tests or
        the project's documents and settings). A script without .py is code too (jarun/googler
        was moved as data and lost its module)."""
        not_data = TEST_DIRS | CONFIG_NAMES | set(self.top_packages) | set(self.shebang)
        return {
            head
            for head in {f.split("/")[0] for f in self.files}
            if head not in not_data
            and not head.startswith(".")
            and not head.endswith(".py")
            and PurePosixPath(head).suffix not in CONFIG_SUFFIXES
            and not head.lower().startswith(CONFIG_PREFIXES)
        }

    @cached_property
    def imports(self) -> dict[str, set[str]]:
        """Each source's absolute imports, by top-level name."""
        return {name: absolute_imports(tree) for name, (_, tree) in self.sources.items()}

    @cached_property
    def pyproject(self) -> str | None:
        if "pyproject.toml" not in self.files:
            return None
        return source.read_text(self.root / "pyproject.toml", "pyproject.toml")


def scan(root: Path) -> Tree:
    """The project's files as git sees them, read and parsed; refused if it is not a clean
    git work tree on a branch, has an unreadable file, no Python, a syntax error or a name
    clash at the top. Nested repositories are set apart: they are never moved or staged."""
    check_git(root)
    listed = project_files(root)
    nested = nested_repositories(root, listed)
    files = [f for f in listed if f.rstrip("/") not in nested]
    check_readable(root, files)
    check_clean(root, nested)
    return read_tree(root, files, nested)


def read_tree(root: Path, files: list[str], nested: dict[str, str] | None = None) -> Tree:
    """scan() after git: parse every Python file of `files` (paths relative to `root`) as
    Python decodes it. A symbolic link is not parsed: its text is its target's."""
    links = {f: os.readlink(root / f) for f in files if (root / f).is_symlink()}
    python = [f for f in files if f.endswith(".py") or is_python_script(root, f, links)]
    if not python:
        raise Refusal(f"{root} has no Python files; point me at a Python project")
    parsed, unread = {}, []
    for name in python:
        if name in links:
            continue
        try:
            parsed[name] = parse(root, name)
        except Refusal as refusal:
            # docs/conf.py in Python 2, a build/ copy: they do not move, so they never block.
            if name.split("/")[0] not in NOT_PROJECT_DIRS:
                raise
            unread.append(f"{refusal}".replace("; fix it, then adopt", "; it does not move"))
    tree = Tree(
        root,
        files,
        {name: (text, syntax) for name, (text, syntax, _) in parsed.items()},
        {name: encoding for name, (_, _, encoding) in parsed.items()},
        links,
        nested or {},
        unread,
    )
    # A module-first tree keeps its layout, so only the others can clash.
    clash = set() if tree.module_first else set(tree.top_packages) & set(tree.top_modules)
    if clash:
        name = sorted(clash)[0]
        raise Refusal(
            f"{name}.py and the package {name}/ would land on the same name; rename one of them"
        )
    return tree


# --- choose the package ---------------------------------------------------------------


@dataclass(frozen=True)
class Choice:
    package: str
    flat: bool  # the project already has the package folder; only scripts join it
    single: bool = False  # a published one-file module becomes the package of its name
    published: bool = False  # the project is packaged: its import names must not change

    @property
    def base(self) -> str:
        return f"src/{self.package}"


def choose_package(tree: Tree, meta: packaging.Metadata, options: Options) -> Choice:
    """The import package. A packaged project keeps the import name it publishes: its one
    module becomes the package of that name, its one package moves under src/. Otherwise one
    package folder named like the project (or chosen with --package), with top-level files
    that are only scripts using it, stays the package (flat); else the whole folder becomes
    one new package."""
    published = published_names(tree, meta)
    if published:
        return keep_published(tree, published, options)
    project_names = {
        names.suggest_package(meta.name) if meta.name else "",
        names.suggest_package(tree.root.name),
        options.package or "",
    }
    imported_top = set().union(*tree.imports.values())
    top_packages = tree.top_packages
    flat = (
        len(top_packages) == 1
        and top_packages[0] in project_names
        and options.package in {None, top_packages[0]}
        and not (imported_top & set(tree.top_modules))
    )
    if flat:
        package = top_packages[0]
    else:
        package = options.package or names.suggest_package(meta.name or tree.root.name)
    problem = names.package_problem(package)
    if problem and names.shadows_stdlib(package):
        raise Refusal(
            f'package name "{package}" is a standard-library module and would shadow it; '
            f'choose another with --package (e.g. "{names.suggest_package(package + "_app")}")'
        )
    if problem and (options.package or flat):
        raise Refusal(
            f'package name "{package}" is refused: {problem}; choose another with --package'
        )
    return Choice(package, flat)


def published_names(tree: Tree, meta: packaging.Metadata) -> list[str]:
    """The top-level import names the project's packaging installs and that are at the top
    of the tree (a project already under src/ has none to move)."""
    found = meta.published
    if not found.declared:
        return []
    top = found.top_names(tree.top_packages)
    if not top and meta.name:  # hatchling, flit, poetry, pdm: the name's module or package
        top = published.default_names(meta.name, tree.files)
    return [name for name in top if name in tree.top_modules or name in tree.top_packages]


def keep_published(tree: Tree, published_top: list[str], options: Options) -> Choice:
    """The package for a project that publishes `published_top`: the same import name."""
    if len(published_top) > 1:
        raise Refusal(
            f"the project publishes several top-level import names ({', '.join(published_top)}) "
            "and one src/ package would rename all but one; adopt keeps what users import, so "
            "it stops here (move them into one package first)"
        )
    name = published_top[0]
    if options.package not in {None, name}:
        raise Refusal(
            f"--package {options.package}: the project publishes the import name {name}, and "
            f"adoption keeps it; drop --package (or use --package {name})"
        )
    return Choice(
        name, flat=name in tree.top_packages, single=name in tree.top_modules, published=True
    )


# --- moves: where the code and the tests go -------------------------------------------


def place_code(tree: Tree, choice: Choice) -> dict[str, str]:
    """{file: where it goes} for the code (into src/PKG/) and the top-level tests (tests/)."""
    moving: dict[str, str] = {}
    base = choice.base
    if choice.single:
        # `import NAME` and every `NAME.X` keep working: the module is the package now.
        return {f"{choice.package}.py": f"{base}/__init__.py"}
    if choice.flat:
        for f in tree.files:
            if f.startswith(choice.package + "/"):
                moving[f] = f"src/{f}"
        for module in tree.top_modules:
            if choice.published and not tree.has_main_block(f"{module}.py"):
                continue  # a published package gains only the project's scripts
            target = f"{base}/{module}.py"
            if target in moving.values():
                raise Refusal(
                    f"{module}.py and {choice.package}/{module}.py would land on the same "
                    "name; rename one of them"
                )
            moving[f"{module}.py"] = target
    else:
        top_packages, top_modules = set(tree.top_packages), set(tree.top_modules)
        for f in tree.files:
            head = f.split("/")[0]
            if head in top_packages or (f.endswith(".py") and f[:-3] in top_modules):
                moving[f] = f"{base}/{f}"
    for f, module in tree.shebang.items():
        if not choice.published:  # a packaged project's bin/ files are its own tools
            moving[f] = f"{base}/{module}.py"
    for f in [] if choice.published else tree.top_tests:
        target = f"tests/{f}"
        if target in tree.files:
            raise Refusal(f"{f} and {target} would land on the same name; rename one of them")
        moving[f] = target
    return moving


# --- data files -----------------------------------------------------------------------


@dataclass
class Placed:
    moving: dict[str, str]  # the code's moves and the data that moves with it
    risks: list[str]


def place_data(tree: Tree, choice: Choice, code: dict[str, str]) -> Placed:
    """Data files the moving code names move with it when it finds them via __file__; data
    read relative to the current folder stays, with a risk saying so."""
    moving = dict(code)
    risks: list[str] = []
    base = choice.base
    candidates = tree.data_candidates
    for source_name, (_text, syntax) in tree.sources.items():
        if not moving.get(source_name, "").startswith(base):
            continue
        for data, cwd_relative in sorted(data_references(syntax, candidates).items()):
            if uses_file_dunder(syntax) and not cwd_relative:
                for f in tree.files:
                    if f == data or f.startswith(data + "/"):
                        moving[f] = f"{base}/{f}"
                risks.append(
                    f"{source_name} reads {data} next to itself (__file__): it moves into "
                    f"{base}/ and ships as package data"
                )
            else:
                risks.append(
                    f"{source_name} reads {data!r} relative to the current folder, which fails "
                    f"when run from elsewhere; read it via Path(__file__).parent and move it "
                    f"into {base}/ (or use importlib.resources)"
                )
    return Placed(moving, risks)


def planned_paths(files: list[str], moving: dict[str, str]) -> set[str]:
    """Every file's path after the moves."""
    return set(moving.values()) | (set(files) - set(moving))


# --- what the moves meet: read-only folders, links, nested repositories ---------------


def check_writable(root: Path, moving: dict[str, str]) -> None:
    """Every folder a move takes from or puts into can be written, so no move fails halfway."""
    folders = {root}
    for source_name, target in moving.items():
        folders.add((root / source_name).parent)
        existing = (root / target).parent
        while not existing.exists():
            existing = existing.parent
        folders.add(existing)
    for folder in sorted(folders):
        if not os.access(folder, os.W_OK):
            name = folder.relative_to(root).as_posix()
            where = "the project folder" if name == "." else f"{name}/"
            raise Refusal(
                f"{where} is read-only and adoption moves files there; `chmod u+w {name}`, "
                "then adopt"
            )


def check_writable_files(root: Path, moving: dict[str, str], contents: dict[str, str]) -> None:
    """Every file whose imports are rewritten can be written."""
    for source_name, target in sorted(moving.items()) + [(t, t) for t in sorted(contents)]:
        path = root / source_name
        if target in contents and path.exists() and not os.access(path, os.W_OK):
            raise Refusal(
                f"{source_name} is read-only and its imports must be rewritten; "
                f"`chmod u+w {source_name}`, then adopt"
            )


@dataclass
class Links:
    edits: list[LinkEdit]
    risks: list[str]


def repoint_links(tree: Tree, moving: dict[str, str]) -> Links:
    """Symbolic links keep resolving to the same file after the moves: a relative link whose
    own place or whose target moves gets a new relative text. Links that point outside the
    project, absolutely or at nothing are reported."""
    result = Links([], [])
    for link, text in sorted(tree.links.items()):
        new_link = moving.get(link, link)
        if posixpath.isabs(text):
            result.risks.append(
                f"{link} is a symbolic link to {text}, outside the project: kept as it is; a "
                "clone or a build elsewhere will not have that file"
            )
            continue
        pointed = posixpath.normpath(posixpath.join(posixpath.dirname(link), text))
        outside = pointed == ".." or pointed.startswith("../")
        new_target = pointed if outside else moved_to(pointed, tree.files, moving)
        new_text = posixpath.relpath(new_target, posixpath.dirname(new_link) or ".")
        if new_text != text:
            result.edits.append(LinkEdit(new_link, text, new_text))
        if outside:
            result.risks.append(
                f"{link} is a symbolic link to {text}, outside the project: "
                + ("re-pointed so it still resolves" if new_text != text else "kept as it is")
                + "; a clone or a build elsewhere will not have that file"
            )
        elif not (tree.root / link).exists():
            result.risks.append(f"{link} is a symbolic link to {text}, which does not exist")
        elif new_link != link and new_link.endswith(".py"):
            result.risks.append(
                f"{link} is a symbolic link to {pointed}: it moves to {new_link} and still "
                "points there; a built wheel holds a copy of the file"
            )
    return result


def nested_risks(tree: Tree) -> list[str]:
    return [
        f"{name}/ is {kind}: left in place, never moved, packaged or staged"
        for name, kind in tree.nested.items()
    ]


# --- entry ----------------------------------------------------------------------------


@dataclass
class Entry:
    source: str  # the file whose __main__ block becomes the function
    target: str  # where that file goes
    module: str  # its dotted name in the package
    function: str  # the name the block's function gets (main unless taken)
    risks: list[str]
    kind: str = "block"  # block: __main__ block -> function; script: a published console
    # script's function; program: module-level code run by runpy; none: a library
    why: str = ""  # the rule that chose it
    others: list[str] = field(default_factory=list)  # other moving files with a __main__ block
    script: str = ""  # kind "script": the console script `python -m PKG` calls


def inside_project(root: Path, given: str) -> str:
    """`given` (absolute, or relative to the project folder) as a path inside the project."""
    path = Path(given.replace("\\", "/"))
    if path.is_absolute() and path.resolve().is_relative_to(root):
        path = path.resolve().relative_to(root)
    relative = posixpath.normpath(path.as_posix())
    if path.is_absolute() or relative == ".." or relative.startswith("../"):
        raise Refusal(
            f"--entry {given} is outside the project {root}; give a file inside it, "
            "relative to the project folder"
        )
    return relative


def choose_entry(
    tree: Tree,
    choice: Choice,
    moving: dict[str, str],
    options: Options,
    meta: packaging.Metadata | None = None,
) -> Entry:
    """The program: --entry; else the console script the project publishes; else the one
    moving module with a __main__ block (a rule picks among several); else the one module
    that runs at module level; else none (a library)."""
    blocks = {name: rewrite.main_blocks(syntax) for name, (_, syntax) in tree.sources.items()}
    programs = module_programs(tree, choice, moving, blocks)
    kind, why = "block", ""
    if options.entry:
        source = inside_project(tree.root, options.entry)
        if source in tree.links:
            raise Refusal(
                f"--entry {options.entry} is a symbolic link to {tree.links[source]}; "
                "give the file it points to"
            )
        if source not in tree.sources:
            raise Refusal(f"--entry {options.entry}: no such Python file in the project")
        if not blocks[source] and source not in programs:
            raise Refusal(
                f'--entry {options.entry} has no `if __name__ == "__main__":` block to turn '
                "into main(), and no program at module level"
            )
        kind, why = ("block" if blocks[source] else "program"), "--entry"
    else:
        scripts = meta.published.scripts if meta else {}
        found = script_entry(tree, choice, moving, scripts, meta)
        if found is not None:
            return found
        candidates = [
            name
            for name in sorted(tree.sources)
            if moving.get(name, "").startswith(choice.base) and blocks[name]
        ]
        kind = "block" if candidates else "program"
        candidates = candidates or programs
        if not candidates:
            return Entry("", "", "", "", [LIBRARY], kind="none")
        source, why = candidates[0], ""
        if len(candidates) > 1:
            picked = by_rule(tree, choice, candidates, meta)
            if picked is None:
                raise Refusal(
                    f"several files have a __main__ block ({', '.join(candidates)}); no "
                    "rule picks one (named after the project, named by a console script, run "
                    "in README), so choose the program with --entry FILE"
                )
            source, why = picked
    if source not in moving:
        raise Refusal(f"--entry {source} is not a module of the project")
    for block in blocks[source]:
        if block.orelse:
            raise Refusal(
                f'{source}:{block.lineno}: the `if __name__ == "__main__":` block has an '
                "else: branch, which runs on import; move that code out of the if first"
            )
    risks = []
    others = []
    for name in sorted(tree.sources):
        if name != source and name in moving and blocks[name]:
            others.append(name)
            dotted = moving[name][len("src/") : -len(".py")].replace("/", ".")
            if options.scripts != "all":
                risks.append(f"{name} keeps its own __main__ block: run it as `python -m {dotted}`")
    target = moving[source]
    module = module_of(target, choice)
    function = rewrite.free_function_name(tree.sources[source][1]) if kind == "block" else "main"
    return Entry(source, target, module, function, risks, kind=kind, why=why, others=others)


LIBRARY = (
    "no program (no __main__ block, no console script, nothing run at module level): adopted "
    "as a library, with no __main__.py and no console script"
)


def module_of(target: str, choice: Choice) -> str:
    """The dotted name of a moved file inside the package ("" for the package itself)."""
    dotted = target[len(choice.base) + 1 : -len(".py")].replace("/", ".")
    return "" if dotted == "__init__" else dotted.removesuffix(".__init__")


def script_entry(
    tree: Tree,
    choice: Choice,
    moving: dict[str, str],
    scripts: dict[str, str],
    meta: packaging.Metadata | None,
) -> Entry | None:
    """The console script `python -m PKG` should run: the one named like the project or the
    package, else the first; its function is called as the script calls it. None when no
    published script lives in the package."""
    wanted = {choice.package, names.suggest_package(meta.name) if meta and meta.name else ""}
    inside = {
        name: target
        for name, target in scripts.items()
        if target.partition(":")[0].partition(".")[0] == choice.package and ":" in target
    }
    if not inside:
        return None
    name = next((n for n in sorted(inside) if names.suggest_package(n) in wanted), min(inside))
    module, _, function = inside[name].partition(":")
    relative = module[len(choice.package) + 1 :]
    source = next(
        (s for s, t in moving.items() if module_of(t, choice) == relative and t.endswith(".py")),
        "",
    )
    return Entry(
        source,
        moving.get(source, ""),
        relative,
        function,
        [],
        kind="script",
        why=f"the console script {name} ({inside[name]})",
        script=name,
    )


def module_programs(
    tree: Tree, choice: Choice, moving: dict[str, str], blocks: dict[str, list[ast.If]]
) -> list[str]:
    """Moving modules that do their work at module level (no __main__ block) and that no
    other module imports: programs run as `python FILE`."""
    imported = set().union(*tree.imports.values()) if tree.imports else set()
    return [
        name
        for name, (_, syntax) in sorted(tree.sources.items())
        if moving.get(name, "").startswith(choice.base + "/")
        and not blocks[name]
        and ("/" not in name or name in tree.shebang)
        and name.removesuffix(".py") not in imported
        and rewrite.runs_at_module_level(syntax)
    ]


def by_rule(
    tree: Tree, choice: Choice, candidates: list[str], meta: packaging.Metadata | None
) -> tuple[str, str] | None:
    """The program among several: named after the project (or its distribution or package),
    else the one README runs (`python NAME.py`)."""
    wanted = {
        choice.package,
        names.suggest_package(tree.root.name),
        names.suggest_package(meta.name) if meta and meta.name else "",
    }
    named = [c for c in candidates if "/" not in c and names.suggest_package(c[:-3]) in wanted]
    if len(named) == 1:
        return named[0], "named after the project"
    readme = " ".join(
        source.read_text(tree.root / f, f)
        for f in tree.files
        if "/" not in f and f.lower().startswith("readme")
    )
    run = [c for c in candidates if f"python {c}" in readme or f"python3 {c}" in readme]
    if len(run) == 1:
        return run[0], "the one README runs"
    return None


# --- answers --------------------------------------------------------------------------


def answers_for(
    tree: Tree,
    package: str,
    meta: packaging.Metadata,
    planned: set[str],
    options: Options,
) -> dict[str, str]:
    """The template's answers for this project, so copier renders it as if it had made it."""
    base = f"src/{package}"
    answers = {
        "project_name": meta.name or tree.root.name,
        "package_name": package,
        "distribution_name": dependencies.requirement_name(meta.name or package),
        "python_min": packaging.python_min(meta.requires_python),
        # No license is granted on the user's behalf: a LICENSE only when they had one.
        "license": "MIT" if "LICENSE" in tree.files else "LicenseRef-Proprietary",
        "subpackage_name": options.subpackage
        or (SUBPACKAGE if f"{base}/{SUBPACKAGE}.py" not in planned else "tools_tool"),
    }
    backend = packaging.backend_choice(tree.pyproject)
    if backend:
        answers["build_backend"] = backend
    if meta.description:
        answers["description"] = meta.description
    return answers


# --- rewrites -------------------------------------------------------------------------


@dataclass
class Rewrites:
    contents: dict[str, str]  # new text of the files that change, by their new path
    imports: list[ImportEdit]
    risks: list[str]
    formats: dict[str, source.Format] = field(default_factory=dict)  # their encodings
    scripts: dict[str, str] = field(default_factory=dict)  # --scripts all: name -> MOD:FUNC


def rewrite_sources(
    tree: Tree,
    choice: Choice,
    moving: dict[str, str],
    entry: Entry,
    all_scripts: bool = False,
) -> Rewrites:
    """Import rewrites, sys.path lines and the entry's main(), file by file (the slow step:
    LibCST), with the sys.path edits and dynamic imports it leaves alone as risks."""
    result = Rewrites({}, [], [])
    base, package = choice.base, choice.package
    # Files whose path code may name: with a folder, a .py name, or an entry file's name.
    paths = {
        old: new
        for old, new in moving.items()
        if old != new and ("/" in old or old.endswith(".py") or old in tree.shebang)
    }
    local = set(tree.top_modules) | (set() if choice.flat else set(tree.top_packages))
    if choice.single:  # the module is the package of the same name: nothing to rewrite
        local = set()
    for name, (text, syntax) in tree.sources.items():
        target = moving.get(name, name)
        inside = target.startswith(base + "/")
        depth = target.count("/") - base.count("/") - 1 if inside else 0
        drop, other_paths = sys_path_lines(syntax, name.count("/"))
        if choice.single:
            other_paths += [(line, "sys.path edit") for line in sorted(drop)]
            drop = set()
        for line, code in other_paths:
            result.risks.append(
                f"{name}:{line}: `{code}` changes sys.path to somewhere other than the project "
                "folder; check it still points where you mean"
            )
        new_text = text
        edits: list[rewrite.LineEdit] = []
        # A flat package's own modules already import each other as PKG.x or relatively.
        own = frozenset() if choice.flat and name.startswith(package + "/") else frozenset(local)
        if not inside and "/" in name:
            # A test's own neighbours (tests/helpers.py) come first on its sys.path: keep them.
            folder = name.rpartition("/")[0]
            own -= {f[len(folder) + 1 : -3] for f in tree.python if f.rpartition("/")[0] == folder}
        # What the string rewrite below renames; every other dynamic import is reported.
        for line, code in dynamic_imports(syntax, set(own)):
            result.risks.append(
                f"{name}:{line}: dynamic import `{code}` is not rewritten; a project module "
                f'is now "{package}.NAME" (or import_module(".NAME", __package__))'
            )
        # First: it keeps every line where it was.
        new_text, edits = rewrite.rewrite_module_strings(new_text, own, package, paths)
        if (tree.imports[name] & own) or drop:
            new_text, more = rewrite.rewrite_imports(
                new_text, own, depth, None if inside else package, frozenset(drop)
            )
            edits = sorted(edits + more, key=lambda edit: edit.line)
        if all_scripts and name in entry.others:  # --scripts all: each gets its function
            function = rewrite.free_function_name(syntax)
            new_text, _ = rewrite.entry_function(new_text, function)
            dotted = moving[name][len("src/") : -len(".py")].replace("/", ".")
            result.scripts[dotted.rpartition(".")[2].replace("_", "-")] = f"{dotted}:{function}"
        if name == entry.source and entry.kind == "block":
            new_text, count = rewrite.entry_function(new_text, entry.function)
            if count > 1:
                result.risks.append(
                    f"{name} has {count} __main__ blocks: joined into {entry.function}() in "
                    "file order"
                )
        result.imports += [ImportEdit(target, e.line, e.before, e.after) for e in edits]
        if new_text != text:
            encoding = tree.formats.get(name, source.Format())
            encoding.encode(new_text, name)  # refused now if it cannot be written back
            result.contents[target] = new_text
            result.formats[target] = encoding
    for module in sorted(local):
        if names.shadows_stdlib(module):
            result.risks.append(
                f"{module} shadows the standard-library module of that name: the project's "
                f"imports of it now say `from . import {module}`, so they keep meaning the "
                "local file, and other libraries get the real one"
            )
    return result


# --- packaging: the package's own files and pyproject.toml ----------------------------


def package_files(
    package: str,
    planned: set[str],
    entry_module: str,
    function: str,
    sub: str,
    kind: str = "block",
    program: str = "",
    published: bool = False,
) -> list[NewFile]:
    """The files a module-first package has that the project lacks (a library gets no
    __main__.py; a published project no template subpackage)."""
    base = f"src/{package}"
    new: list[NewFile] = []
    if f"{base}/__init__.py" not in planned:
        new.append(
            NewFile(
                f"{base}/__init__.py",
                f'"""The {package} package."""\n',
                "makes the folder a regular package",
            )
        )
    if f"{base}/__main__.py" not in planned and kind != "none":
        new.append(main_file(package, entry_module, function, kind, program))
    if f"{base}/py.typed" not in planned and not published:  # a claim the owner makes
        new.append(NewFile(f"{base}/py.typed", "", "marks the package as typed"))
    if sub and f"{base}/{sub}/__main__.py" not in planned:
        if f"{base}/{sub}/__init__.py" not in planned:
            new.append(
                NewFile(
                    f"{base}/{sub}/__init__.py",
                    f'"""A subpackage runnable as `python -m {package}.{sub}`."""\n',
                    "the template's runnable subpackage",
                )
            )
        new.append(
            NewFile(
                f"{base}/{sub}/__main__.py",
                f'"""Run with `python -m {package}.{sub}`: says which package it '
                'belongs to."""\n\n'
                'if __name__ == "__main__":\n'
                '    print(f"{__package__} runs as a module")\n',
                f"`python -m {package}.{sub}` works, as in a generated project",
            )
        )
    return new


def main_file(package: str, module: str, function: str, kind: str, program: str) -> NewFile:
    """src/PKG/__main__.py: calls the entry function, or runs a module-level program."""
    path = f"src/{package}/__main__.py"
    if kind == "program":
        dotted = f"{package}.{module}"
        return NewFile(
            path,
            f'"""Entry point for `python -m {package}` (PEP 338): runs {program} as '
            f'`python {program}` did."""\n\n'
            "import runpy\n"
            "import sys\n\n\n"
            'def main(argv: "list[str] | None" = None) -> int:\n'
            f'    """Run {program} with `argv`: same sys.argv, and its own exit status '
            '(SystemExit)."""\n'
            "    if argv is not None:\n"
            "        sys.argv[1:] = list(argv)\n"
            f'    runpy.run_module("{dotted}", run_name="__main__", alter_sys=True)\n'
            "    return 0\n\n\n"
            'if __name__ == "__main__":\n'
            f"    raise SystemExit(main())\n",
            f"`python -m {package}` runs {program} with runpy, as `python {program}` did",
        )
    origin = f".{module}" if module else "."
    # A target `pkg:cli.main` is an attribute path: import its first name, call the path.
    imported = function.partition(".")[0]
    return NewFile(
        path,
        f'"""Entry point for `python -m {package}` (PEP 338): '
        f'calls {module or package}.{function}()."""\n\n'
        "import sys\n\n"
        'if __name__ == "__main__":\n'
        "    # Help and errors name the program, not __main__.py: set before the import, as a\n"
        "    # parser built when the module loads reads it then.\n"
        f'    sys.argv[0] = "{package}"\n'
        f"    from {origin} import {imported}\n\n"
        f"    raise SystemExit({function}())\n",
        f"`python -m {package}` runs {module or package}.{function}()",
    )


@dataclass
class Build:
    text: str  # the new pyproject.toml
    changes: list[str]
    risks: list[str]
    setup_py: str = ""  # setup.py's new text, when setup.py builds the project


def build_settings(
    tree: Tree,
    meta: packaging.Metadata,
    package: str,
    target: str,
    python_min: str,
    carry: packaging.Carry | None = None,
    choice: Choice | None = None,
) -> Build:
    """pyproject.toml merged for the package, what the project publishes (`carry`) and the
    console script adoption adds (`target`, MODULE:FUNC; "" for none); a setup.py that
    builds the project finds the package under src/ instead."""
    if choice is not None and setuptools_driven(tree):
        text, changes = setup_py_to_src(tree, choice)
        pyproject = tree.pyproject or ""
        return Build(
            pyproject,
            changes,
            [
                *(note for note in meta.notes if not note.startswith("setup.py:")),
                "setup.py still builds the project, with everything it publishes: it now "
                "finds the package under src/; tests import it once it is installed "
                "(pip install -e .)",
            ],
            setup_py=text,
        )
    elsewhere = "pytest.ini" in tree.files or any(
        name in tree.files and section in source.read_text(tree.root / name, name)
        for name, section in (("setup.cfg", "[tool:pytest]"), ("tox.ini", "[pytest]"))
    )
    merge = packaging.merge_pyproject(
        tree.pyproject, meta, package, package, target, f">={python_min}", elsewhere, carry
    )
    risks = list(meta.notes)
    if elsewhere:
        risks.append(
            f'tests import {package} from src/: add pythonpath = ["src"] to your pytest '
            "settings, or install the project (pip install -e .)"
        )
    if merge.backend.startswith("setuptools") and "setup.py" in tree.files:
        risks.append(
            "setuptools still runs setup.py: remove its packages=/install_requires= "
            "(now in pyproject.toml), or verification may not find the package"
        )
    for name in ("setup.py", "setup.cfg"):
        if name in tree.files:
            risks.append(
                f"{name} is no longer what builds the project when pyproject.toml names "
                "another backend; delete it once you have checked pyproject.toml"
            )
    return Build(merge.text, merge.changes, risks)


def setuptools_driven(tree: Tree) -> bool:
    """setup.py builds the project (no pyproject.toml, or one whose [build-system] is
    setuptools or absent and which has no [project]): it keeps building it, told where the
    package now is, as a maintainer's own move to src/ does."""
    if "setup.py" not in tree.files:
        return False
    if tree.pyproject is None:
        return True
    data = tomlkit.parse(tree.pyproject).unwrap()
    backend = str(data.get("build-system", {}).get("build-backend", "setuptools.build_meta"))
    return backend.startswith("setuptools") and "project" not in data


def setup_py_to_src(tree: Tree, choice: Choice) -> tuple[str, list[str]]:
    """setup.py's new text, finding the package under src/, and what changed; refused when
    its code places the packages in a way adopt cannot follow."""
    text, _ = source.read_source(tree.root / "setup.py", "setup.py")
    new, changes, problem = rewrite.setup_py_to_src(text, choice.package, choice.single)
    if problem:
        raise Refusal(
            f"setup.py builds this project and {problem}, which adopt cannot point at src/; "
            "move the metadata into pyproject.toml's [project] first, then adopt"
        )
    return new, [f"setup.py: {change}" for change in changes]


# --- references to moved paths ----------------------------------------------------------


def path_references(tree: Tree, moving: dict[str, str], pyproject: str) -> paths.Paths:
    """pyproject.toml's settings that name a moved path, rewritten; other files' reported."""
    return paths.references(tree.root, tree.files, set(tree.links), moving, pyproject)


# --- a project that is module-first already ------------------------------------------


def plan_module_first(root: Path, package: str, options: Options) -> AdoptPlan:
    """Nothing moves: the plan offers the answers file, so `copier update` can follow."""
    result = AdoptPlan(root=root, package=package, already_module_first=True)
    if not (root / ".copier-answers.yml").exists():
        result.risks.append(
            "already module-first: only .copier-answers.yml is offered, so `copier update` "
            "can bring template changes"
        )
    result.answers.update(project_name=root.name, package_name=package)
    runnable = sorted(p.parent.name for p in (root / "src" / package).glob("*/__main__.py"))
    sub = options.subpackage or (runnable[0] if runnable else "")
    if sub:
        result.answers["subpackage_name"] = sub
    return result
