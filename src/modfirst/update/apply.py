"""The update itself: copier's own `update` in the project, tasks and migrations included,
then what it left behind (changed files, conflict markers, .rej files). Nothing is committed.
"""

from __future__ import annotations

import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

from ..check.link import MARKERS, last_line
from ..git import output

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
    """The project's changed and untracked files (`git status --porcelain`)."""
    status = output("status", "--porcelain", "--untracked-files=all", cwd=project)
    return sorted(line[3:].strip('"') for line in status.splitlines() if line.strip())


def copier_update(project: Path) -> subprocess.CompletedProcess[str]:
    """copier update with its tasks and migrations (so the verification runs again), every
    answer kept, conflicts written inline where copier can merge."""
    return subprocess.run(
        [sys.executable, "-m", "copier", "update", "--trust", "--defaults", "--conflict",
         "inline", "--quiet"],
        cwd=project,
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        timeout=UPDATE_TIMEOUT,
        check=False,
    )  # fmt: skip


def has_markers(path: Path) -> bool:
    if not path.is_file():
        return False
    return bool(MARKERS.search(path.read_text(encoding="utf-8", errors="replace")))


def scan(project: Path) -> Applied:
    """The project's changes after an update: conflict markers (copier exits 0 with them)
    and the .rej files copier writes for what it could not merge inline."""
    applied = Applied(changed=uncommitted(project))
    applied.conflicts = [name for name in applied.changed if has_markers(project / name)]
    applied.rejects = [name for name in applied.changed if name.endswith(".rej")]
    applied.workflows_changed = [n for n in applied.changed if n.startswith(WORKFLOWS)]
    return applied


def update(project: Path) -> Applied:
    """Run the update in the project and report what it left."""
    try:
        result = copier_update(project)
    except subprocess.TimeoutExpired:
        applied = scan(project)
        applied.error = f"copier update did not finish within {UPDATE_TIMEOUT} s"
        return applied
    applied = scan(project)
    if result.returncode != 0:
        said = last_line(result.stderr or result.stdout) or "no message"
        applied.error = f"copier update exited {result.returncode}: {said}"
    return applied
