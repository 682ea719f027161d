"""The update itself: copier's own `update` in the project, tasks and migrations included,
then what it left behind (changed files, conflict markers, .rej files). Nothing is committed.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from ..check.link import copier, last_line
from ..git import changed_files, conflicted

# The update reruns the verification (a fresh venv and an install): minutes, not seconds.
UPDATE_TIMEOUT = 1200
WORKFLOWS = ".github/workflows/"


@dataclass
class Applied:
    """What `copier update` changed in the project, and what it could not merge."""

    changed: list[str] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)
    rejects: list[str] = field(default_factory=list)
    workflows_changed: list[str] = field(default_factory=list)
    error: str = ""


def uncommitted(project: Path) -> list[str]:
    """The project's changed and untracked files."""
    return changed_files(project)


def copier_update(project: Path) -> subprocess.CompletedProcess[str]:
    """copier update with its tasks and migrations (so the verification runs again), every
    answer kept, conflicts written inline where copier can merge."""
    return copier(
        "update", "--trust", "--defaults", "--conflict", "inline", "--quiet",
        cwd=project,
        timeout=UPDATE_TIMEOUT,
    )  # fmt: skip


def scan(project: Path) -> Applied:
    """The project's changes after an update: its conflicts (copier exits 0 with inline
    markers) and the .rej files copier writes for what it could not merge inline."""
    applied = Applied(changed=changed_files(project))
    applied.conflicts = conflicted(project, applied.changed)
    applied.rejects = [name for name in applied.changed if name.endswith(".rej")]
    applied.workflows_changed = [n for n in applied.changed if n.startswith(WORKFLOWS)]
    return applied


def update(project: Path) -> Applied:
    """Run the update in the project and report what it left."""
    try:
        result: subprocess.CompletedProcess[str] | None = copier_update(project)
    except subprocess.TimeoutExpired:
        result = None
    applied = scan(project)
    if result is None:
        applied.error = f"copier update did not finish within {UPDATE_TIMEOUT} s"
    elif result.returncode != 0:
        said = last_line(result.stderr or result.stdout) or "no message"
        applied.error = f"copier update exited {result.returncode}: {said}"
    return applied
