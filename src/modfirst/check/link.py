"""A project's link to its template: the version it follows, the newest one, what an update
would change or conflict on, and what the project has changed of the template's files.

Versions come from copier's own `check-update --output-format json`; the update is copier's
own `update`, run in a throwaway clone of the project, never in the project itself.
"""

from __future__ import annotations

import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from .. import copier_cli
from ..answers import ANSWERS, Link
from ..git import git, output
from ..processes import Failed, TimedOut
from ..template_files import Template

MARKERS = re.compile(r"^<{7} before updating$.*?^>{7} after updating$", re.MULTILINE | re.DOTALL)


@dataclass
class Trial:
    """What `copier update` did in a throwaway clone of the project."""

    changed: list[str] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)
    hunks: dict[str, list[str]] = field(default_factory=dict)
    error: str = ""


@dataclass
class Drift:
    """Template files the project edited or deleted since the version it follows; files the
    project never had (an adopted project takes only a few) are `not_taken`, not deleted."""

    edited: list[str] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)
    not_taken: list[str] = field(default_factory=list)
    error: str = ""


def commit_of(recorded: str) -> str:
    """The commit a recorded `_commit` names: a tag, a hash, or describe's `TAG-N-gHASH`."""
    match = re.search(r"-g([0-9a-f]{7,40})$", recorded)
    return match.group(1) if match else recorded


def commits_behind(src: str, recorded: str) -> int | None:
    """Commits on the template's HEAD since the recorded one (local templates only: counting
    a remote one would mean cloning it a second time)."""
    folder = Path(src)
    if not (folder / ".git").exists():
        return None
    try:
        count = output("rev-list", "--count", f"{commit_of(recorded)}..HEAD", cwd=folder)
    except Failed:
        return None
    return int(count.strip())


def throwaway_clone(project: Path, temp: Path) -> Path:
    """The project's committed state, cloned into `temp`."""
    clone = temp / "project"
    git("clone", "--quiet", "--no-hardlinks", str(project), str(clone), cwd=temp)
    return clone


def trial_update(project: Path, temp: Path) -> Trial:
    """Run copier update in a clone of the project; list what changed and what conflicts."""
    trial = Trial()
    try:
        clone = throwaway_clone(project, temp)
    except Failed:
        trial.error = (
            "the trial needs the project committed in git "
            "(git init && git add -A && git commit -m 'Start'), then check again"
        )
        return trial
    except TimedOut as error:
        trial.error = f"could not clone the project for the trial: {error}"
        return trial
    updated = copier_cli.update(clone, tasks=False)
    if updated.error:
        trial.error = updated.error
        return trial
    trial.changed, trial.conflicts = updated.changed, updated.conflicts
    for name in trial.conflicts:
        path = clone / name
        text = path.read_text(encoding="utf-8", errors="replace") if path.is_file() else ""
        trial.hunks[name] = MARKERS.findall(text)
    return trial


def files_of(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and ".git" not in p.relative_to(root).parts
    }


def drift(project: Path, link: Link, answers: dict[str, object], temp: Path) -> Drift:
    """Render the version the project follows with its answers; compare with the project."""
    data = {k: v for k, v in answers.items() if not k.startswith("_")}
    try:
        rendered = copier_cli.render(Template(link.src, link.commit), data, temp / "rendered")
    except copier_cli.CopierError as error:
        return Drift(error=error.message)
    found = Drift()
    ever = ever_committed(project)
    for name, content in files_of(rendered).items():
        if name == ANSWERS:
            continue
        mine = project / name
        if not mine.is_file():
            (found.deleted if ever is None or name in ever else found.not_taken).append(name)
        elif mine.read_bytes() != content:
            found.edited.append(name)
    return found


def ever_committed(project: Path) -> set[str] | None:
    """Every path the project's history ever held (None when it has no history to read)."""
    try:
        listed = output("log", "--format=", "--name-only", "--no-renames", cwd=project)
    except Failed:
        return None
    return {line for line in listed.splitlines() if line}


def scratch() -> tempfile.TemporaryDirectory[str]:
    return tempfile.TemporaryDirectory(prefix="modfirst-check-")
