"""Grading at the deadline: the instant, each student's extension, and the commit to grade.

A commit's time is its committer date, which the student's own machine set: it says when the
work was committed, not when it was pushed (GitHub's push times are not in the repository).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from ..git import git, output
from .sources import SourceError, pick, read_csv

EXTENSION_STUDENT = ("student", "name", "roster_identifier", "github_username")


def parse_instant(text: str) -> datetime:
    """An ISO 8601 instant with its UTC offset (2026-12-10T23:59+01:00, or Z); ValueError
    saying what to write when it has no offset or is not a date."""
    try:
        instant = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError:
        raise ValueError(
            f"{text!r} is not a date and time; write e.g. 2026-12-10T23:59+01:00"
        ) from None
    if instant.tzinfo is None:
        raise ValueError(f"{text!r} has no UTC offset; write e.g. {text.strip()}+01:00")
    return instant


def read_extensions(path: Path, deadline: datetime) -> dict[str, datetime]:
    """Student -> their own deadline, from a CSV with a student column and either `deadline`
    (an instant) or `days` (added to the course deadline, e.g. 2 or 0.5)."""
    header, rows = read_csv(path, "the extensions")
    student, instant, days = (
        pick(header, EXTENSION_STUDENT),
        pick(header, ("deadline",)),
        pick(header, ("days",)),
    )
    if student is None or (instant is None and days is None):
        raise SourceError(
            f"{path} needs a header `student,deadline` (an instant with its offset) or "
            f"`student,days` (days added to the deadline); it has: {', '.join(header)}"
        )
    extended: dict[str, datetime] = {}
    for number, row in enumerate(rows, start=2):
        who = (row.get(student) or "").strip()
        if not who:
            continue
        try:
            if instant is not None and (row.get(instant) or "").strip():
                extended[who] = parse_instant(row[instant])
            elif days is not None:
                extended[who] = deadline + timedelta(days=float(row.get(days) or 0))
        except ValueError as error:
            raise SourceError(f"{path}, line {number}: {error}") from None
    return extended


@dataclass
class AtDeadline:
    commit: str  # the graded commit ("" when none came before the deadline)
    time: str  # its committer date, ISO 8601
    late: int  # commits on the branch after the deadline, not graded
    last_late: str  # the time of the newest of those


def commit_at(clone: Path, tip: str, deadline: datetime) -> AtDeadline:
    """The last commit of the branch ending at `tip` made before `deadline`, and what came
    after it."""
    before = f"--before={deadline.isoformat()}"
    found = output("rev-list", "-n", "1", before, tip, cwd=clone).strip()
    time = output("show", "-s", "--format=%cI", found, cwd=clone).strip() if found else ""
    after = output("rev-list", f"--since={deadline.isoformat()}", "--format=%cI", tip, cwd=clone)
    times = [line for line in after.splitlines() if not line.startswith("commit ")]
    if found:
        counted = git("rev-list", "--count", f"{found}..{tip}", cwd=clone).stdout.decode().strip()
        late = int(counted or 0)
    else:
        late = int(output("rev-list", "--count", tip, cwd=clone).strip() or 0)
    newest = max(times, key=datetime.fromisoformat) if times else ""
    return AtDeadline(found, time, late, newest)
