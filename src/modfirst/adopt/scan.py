"""Read the project once: git's files, each Python source decoded and parsed, into one Tree;
refused when it is not a clean git work tree, has no Python or a syntax error in code that moves."""

from __future__ import annotations

import ast
import os
import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path, PurePosixPath

from .. import git as git_runner
from ..python_rules import TEST_DIRS, is_test
from . import rewrite, source
from .refusal import Refusal

NOT_PROJECT_DIRS = {"docs", "doc", "build", "dist", "venv", "env", "site-packages", "node_modules"}
TOOL_SCRIPTS = {"setup.py", "conftest.py", "noxfile.py", "fabfile.py", "tasks.py"}
# Top-level files that are the project's documents or settings, never data the code reads.
CONFIG_SUFFIXES = {".md", ".rst", ".toml", ".cfg", ".ini", ".lock"}
CONFIG_PREFIXES = ("requirements", "license", "licence", "readme", "copying", "changelog")
CONFIG_NAMES = {"Makefile", "MANIFEST.in", "src"}


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
    def top_namespaces(self) -> list[str]:
        """Folders at the top holding Python code with no __init__.py of their own (PEP 420
        namespace packages, sphinxcontrib/jsmath/): published when the packaging names them."""
        folders = {f.split("/")[0] for f in self.python if "/" in f} - set(self.top_packages)
        return sorted(
            name
            for name in folders
            if name not in TEST_DIRS | NOT_PROJECT_DIRS | {"src"} and not name.startswith(".")
        )

    @cached_property
    def found_folders(self) -> tuple[list[str], list[str]]:
        """The top folders setuptools' finders find: with an __init__.py, and for a namespace
        finder any other holding Python. tests/ and docs/ too: a finder publishes them unless
        its patterns leave them out (review R7)."""
        heads = {f.split("/")[0] for f in self.python if "/" in f}
        heads = {h for h in heads if not h.startswith(".") and h != "src"}
        regular = sorted(h for h in heads if f"{h}/__init__.py" in self.files)
        return regular, sorted(heads - set(regular))

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
