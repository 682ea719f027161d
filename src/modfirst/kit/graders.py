"""The files that grade a seat, kept pristine: the kit copies them when it builds a seat
(`_kit/graders/<seat>/`, with graders.json: each file's SHA-256), and collect grades with those
copies, flagging a seat whose own copies differ.

The self-check a student runs is the same program, so the grade at their terminal is the
grade collected, unless they edited it; then the edited copy is named in the seat's row.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

from .records import KIT_FOLDER

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
