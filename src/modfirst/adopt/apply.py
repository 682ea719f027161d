"""Carry an AdoptPlan out, all or nothing (the proof is proof.py).

Moves are `git mv` (history follows the files); every change is staged, so `git diff --staged`
shows it and `git reset --hard` undoes it. Any failure, Ctrl-C included, restores the tree.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path, PurePosixPath

from .. import copier_cli
from .. import git as git_runner
from ..answers import ANSWERS
from ..hooks import verify as verify_hook
from ..template_files import Template
from .model import AdoptPlan, Move, NewFile
from .refusal import Refusal
from .source import Format

RENDER_TIMEOUT = 600
# Template files an adopted project gets when it has none (never overwritten).
TEMPLATE_FILES = ("README.md", "LICENSE", ".pre-commit-config.yaml")
NOT_RENDERED = ("src", "tests", ".github", "exercises", "pyproject.toml")


def git(root: Path, *args: str) -> None:
    git_runner.git(*args, cwd=root)


def read(path: Path) -> str:
    with path.open(encoding="utf-8", newline="") as handle:
        return handle.read()


def write_source(path: Path, data: bytes) -> None:
    """A rewritten file, as bytes in its own encoding (the file exists: its mode stays)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


def repoint(path: Path, text: str) -> None:
    """A symbolic link made to point at `text`."""
    path.unlink()
    path.symlink_to(text)


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as handle:
        handle.write(text)


class Render:
    """The template rendered with the plan's answers, by copier in a process of its own.

    `start` runs as soon as the plan knows the answers, so copier's import and render overlap
    the LibCST rewrites; `finish` waits and adds the files the project lacks to the plan;
    `close` (the callers' `finally`) stops copier if it still runs and removes the render.
    """

    def __init__(self, template: Template) -> None:
        self.template = template
        self.temp = Path(tempfile.mkdtemp(prefix="modfirst-adopt-"))
        self.rendering: copier_cli.Rendering | None = None

    def start(self, answers: dict[str, str]) -> None:
        # Only the answers file and TEMPLATE_FILES are used: skip rendering the rest.
        destination = self.temp / "render"
        self.rendering = copier_cli.start_render(self.template, answers, destination, NOT_RENDERED)

    def finish(self, plan: AdoptPlan) -> None:
        if self.rendering is None:
            self.start(plan.answers)
        assert self.rendering is not None
        try:
            self.rendering.wait(RENDER_TIMEOUT)
        except copier_cli.CopierError as error:
            raise Refusal(f"{error}; check --template/--vcs-ref") from None
        finally:
            self.rendering = None
        take_template_files(plan, self.temp / "render", self.template)

    def close(self) -> None:
        if self.rendering is not None:
            self.rendering.stop()
        shutil.rmtree(self.temp, ignore_errors=True)


def take_template_files(plan: AdoptPlan, rendered: Path, template: Template) -> None:
    """From a render of the template: the answers file, and the files the project lacks."""
    present = plan.root
    if not (present / ANSWERS).exists():
        plan.new_files.append(
            NewFile(
                ANSWERS,
                read(rendered / ANSWERS),
                f"so `copier update --trust` follows {template.src}",
            )
        )
    if plan.already_module_first:
        return
    # A project that publishes keeps what its sdist holds: no README or LICENSE of the template.
    for name in TEMPLATE_FILES[2:] if plan.packaged else TEMPLATE_FILES:
        if (rendered / name).is_file() and not has_equivalent(present, name):
            plan.new_files.append(NewFile(name, read(rendered / name), "from the template"))
    wanted = read(rendered / ".gitignore").splitlines()
    gitignore = present / ".gitignore"
    text = read(gitignore) if gitignore.is_file() else ""
    have = text.splitlines()
    missing = [line for line in wanted if line and not line.startswith("#") and line not in have]
    if missing:
        if text and not text.endswith("\n"):
            text += "\n"
        text += "# Added by modfirst adopt (the template's entries)\n" + "\n".join(missing) + "\n"
        plan.new_files.append(NewFile(".gitignore", text, f"+ {', '.join(missing)}"))


# A README.rst, LICENSE.md or COPYING is the project's own README or licence.
EQUIVALENTS = {"README.md": ("readme",), "LICENSE": ("license", "licence", "copying")}


def has_equivalent(root: Path, name: str) -> bool:
    """The project has `name`, or a file that plays its part under another name."""
    prefixes = EQUIVALENTS.get(name)
    if prefixes is None:
        return (root / name).exists()
    return any(p.name.lower().startswith(prefixes) for p in root.iterdir())


def add_template_files(plan: AdoptPlan, template: Template) -> None:
    """Render the template with the plan's answers and take what the project lacks."""
    render = Render(template)
    try:
        render.finish(plan)
    finally:
        render.close()


def apply(plan: AdoptPlan) -> None:
    """Make the planned change, staged; on any failure or interruption restore the tree."""
    root = plan.root
    try:
        for folder, sources in moves_by_folder(plan).items():
            (root / folder).mkdir(parents=True, exist_ok=True)
            git(root, "mv", "--", *sources, folder)
        for move in renames(plan):  # a published module becoming its package's __init__.py
            (root / move.target).parent.mkdir(parents=True, exist_ok=True)
            git(root, "mv", "--", move.source, move.target)
        remove_emptied_folders(root, plan)
        for link in plan.links:
            repoint(root / link.path, link.after)
        for target, text in plan.contents.items():
            write_source(root / target, plan.formats.get(target, Format()).encode(text, target))
        for new in plan.new_files:
            write(root / new.path, new.content)
        if plan.pyproject:
            write(root / "pyproject.toml", plan.pyproject)
        # Nested repositories stay out: staging one would record it as a gitlink.
        git(root, "add", "-A", "--", ".", *(f":(exclude){name}" for name in plan.keep_out))
    except BaseException:
        restore(root)
        raise


def moves_by_folder(plan: AdoptPlan) -> dict[str, list[str]]:
    """One `git mv SOURCES... FOLDER` per target folder (every move keeps its file name)."""
    groups: dict[str, list[str]] = {}
    for move in plan.moves:
        source, target = PurePosixPath(move.source), PurePosixPath(move.target)
        if source.name == target.name:
            groups.setdefault(str(target.parent), []).append(move.source)
    return groups


def renames(plan: AdoptPlan) -> list[Move]:
    """The moves that change a file's name (`speedtest.py` -> `src/speedtest/__init__.py`,
    `bin/tool` -> `src/PKG/tool.py`)."""
    return [m for m in plan.moves if PurePosixPath(m.source).name != PurePosixPath(m.target).name]


def remove_emptied_folders(root: Path, plan: AdoptPlan) -> None:
    """Folders the moves left empty (git tracks no folders; `git reset --hard` recreates them).
    Python's bytecode of the moved files goes with them: a package folder left holding only
    `__pycache__/` would be a second copy of the package for flit and hatchling ("multiple
    files or folders could be module"), and for `import` from the project's root."""
    folders = {(root / move.source).parent for move in plan.moves}
    for folder in sorted(folders, key=lambda p: len(p.parts), reverse=True):
        while folder != root and folder.is_dir() and only_bytecode(folder):
            shutil.rmtree(folder)
            folder = folder.parent


def only_bytecode(folder: Path) -> bool:
    """Nothing in `folder` but Python's caches (`__pycache__/`, stray .pyc), or nothing."""
    for path in folder.rglob("*"):
        if path.is_symlink() or (path.is_file() and not is_bytecode(path, folder)):
            return False
    return True


def is_bytecode(path: Path, folder: Path) -> bool:
    parts = path.relative_to(folder).parts
    return path.suffix in {".pyc", ".pyo"} and ("__pycache__" in parts or len(parts) == 1)


def restore(root: Path) -> None:
    """Back to the commit adoption started from (the tree was clean, so nothing else is lost)."""
    git(root, "reset", "-q", "--hard", "HEAD")
    git(root, "clean", "-q", "-fd", "--", ".")


# --- proof ----------------------------------------------------------------------------


def compile_written(plan: AdoptPlan) -> list[str]:
    """`FILE:LINE: why` for each Python file adoption wrote or edited that does not compile."""
    broken = []
    for name in plan.written_python():
        path = plan.root / name
        try:
            compile(path.read_bytes(), name, "exec", dont_inherit=True)
        except SyntaxError as error:
            broken.append(f"{name}:{error.lineno}: {error.msg}")
        except (OSError, ValueError) as error:
            broken.append(f"{name}: {error}")
    return broken


def verify(plan: AdoptPlan) -> int:
    argv = [str(plan.root), "--package", plan.package]
    sub = plan.answers.get("subpackage_name")
    if sub and (plan.root / "src" / plan.package / sub / "__main__.py").is_file():
        argv += ["--subpackage", sub]
    status: int = verify_hook.main(argv)
    return status
