"""The files that grade a seat, kept pristine: the kit copies them when it builds a seat
(`_kit/graders/<seat>/`, with graders.json: each file's SHA-256), and collect grades with those
copies, flagging a seat whose own copies differ. A seat that is not the kit's own (a repository
of a CSV) gets them rendered from the template commit and answers its .copier-answers.yml
records, as the kit last wrote that file: a student who edits it is flagged too.

The self-check a student runs is the same program, so the grade at their terminal is the
grade collected, unless they edited it; then the edited copy is named in the seat's row.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import tempfile
from pathlib import Path

from ..answers import ANSWERS
from ..copier_cli import render
from ..git import output
from ..template_files import Template
from .records import KIT_FOLDER
from .repos import KIT_EMAIL

GRADERS_FOLDER = Path(KIT_FOLDER, "graders")
HASHES = "graders.json"
# exercises/check.py and its package, the tests exercise 5 runs, and Classroom's workflow.
GRADING_GLOBS = ("exercises/check.py", "exercises/__init__.py", "tests/**/*.py")
GRADING_FILES = (".github/workflows/classroom.yml",)


def grading_files(project: Path) -> dict[str, str]:
    """Each grading file of a project (relative POSIX path) -> its SHA-256."""
    paths = {p for pattern in GRADING_GLOBS for p in project.glob(pattern) if p.is_file()}
    paths |= {project / name for name in GRADING_FILES if (project / name).is_file()}
    return {
        p.relative_to(project).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(paths)
        if "__pycache__" not in p.parts
    }


def keep_pristine(project: Path, target: Path) -> dict[str, str]:
    """Copy a project's grading files into `target` with their hashes (graders.json)."""
    hashes = grading_files(project)
    for name in hashes:
        (target / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(project / name, target / name)
    (target / HASHES).write_text(json.dumps(hashes, indent=1, sort_keys=True), encoding="utf-8")
    return hashes


def pristine_hashes(pristine: Path) -> dict[str, str]:
    """The recorded hashes of a pristine folder (a kit's record, or a starter project)."""
    try:
        recorded = json.loads((pristine / HASHES).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return grading_files(pristine)
    return {str(k): str(v) for k, v in recorded.items()} if isinstance(recorded, dict) else {}


def edited(project: Path, hashes: dict[str, str]) -> list[str]:
    """The grading files whose copy in the project differs from the pristine one, or is gone."""
    found = grading_files(project)
    return [name for name, digest in hashes.items() if found.get(name) != digest]


def pristine_copy(project: Path, pristine: Path, names: list[str], target: Path) -> Path:
    """A copy of the project (without .git and .venv) with the pristine grading files put
    back: the kit grades there, and never writes into the student's folder."""
    shutil.copytree(
        project,
        target,
        symlinks=True,
        ignore=shutil.ignore_patterns(".git", ".venv", "__pycache__"),
    )
    for name in names:
        (target / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(pristine / name, target / name)
    return target


def follow_update(pristine: Path, project: Path, before: dict[str, str]) -> list[str]:
    """After `update` committed a template fix in a seat: each grading file the seat had
    pristine before (`before`: its hashes then) takes the seat's new version; returns them."""
    if not (pristine / HASHES).is_file():
        return []
    hashes, now = pristine_hashes(pristine), grading_files(project)
    taken = [n for n, d in now.items() if before.get(n) == hashes.get(n) and d != hashes.get(n)]
    for name in taken:
        (pristine / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(project / name, pristine / name)
        hashes[name] = now[name]
    (pristine / HASHES).write_text(json.dumps(hashes, indent=1, sort_keys=True), encoding="utf-8")
    return taken


# --- pristine files from what a seat records ---------------------------------------------------


def trusted_answers(clone: Path, commit: str) -> tuple[str, bool]:
    """The answers file a seat's grading files are rendered from, and whether the student edited
    it: the version of the newest commit (up to `commit`) that the kit made (its build or an
    update) or that started the history. (The file's text, True when `commit` has another.)"""
    log = output("log", "--format=%H %ae", commit, "--", ANSWERS, cwd=clone).split("\n")
    roots = set(output("rev-list", "--max-parents=0", commit, cwd=clone).split())
    made = [
        line.split()[0] for line in log if line.split()[1:] == [KIT_EMAIL] or line[:40] in roots
    ]
    now = output("show", f"{commit}:{ANSWERS}", cwd=clone)
    if not made:
        return now, False  # no history to judge by: take the file as it is
    trusted = output("show", f"{made[0]}:{ANSWERS}", cwd=clone)
    return trusted, trusted != now


def recorded_pristine(
    clone: Path,
    commit: str,
    cache: Path,
    kit_seat: Path | None = None,
    timeout: str | float = "copier",
) -> tuple[Path, bool]:
    """The grading files the seat's own template commit renders for its own answers (see
    trusted_answers), kept in `cache` by what they are rendered from; and whether the answers
    file was edited. CopierError, ValueError or OSError when they cannot be had.

    `kit_seat` is the kit's own folder of this seat, when the repositories' CSV is a kit's: if
    its answers are the trusted ones, the copies the kit keeps for it are those files, and no
    render is needed (a seat that merged a later template fix has other answers: rendered)."""
    import yaml

    text, edited_answers = trusted_answers(clone, commit)
    if kit_seat is not None:
        kept = kit_seat.parent / GRADERS_FOLDER / kit_seat.name
        mine = kit_seat / ANSWERS
        if (kept / HASHES).is_file() and mine.is_file() and mine.read_text("utf-8") == text:
            return kept, edited_answers
    answers = yaml.safe_load(text)
    if not isinstance(answers, dict) or not answers.get("_src_path") or not answers.get("_commit"):
        raise ValueError(f"{ANSWERS} does not record the template and commit")
    source = Template(str(answers["_src_path"]), str(answers["_commit"]))
    data = {k: v for k, v in answers.items() if not str(k).startswith("_")}
    key = json.dumps([source.src, source.vcs_ref, data], sort_keys=True, default=str)
    folder = cache / hashlib.sha256(key.encode()).hexdigest()[:16]
    if not (folder / HASHES).is_file():
        with tempfile.TemporaryDirectory(prefix="modfirst-graders-") as temp:
            rendered = render(source, data, Path(temp, "project"), timeout=timeout)
            keep_pristine(rendered, folder)
    return folder, edited_answers
