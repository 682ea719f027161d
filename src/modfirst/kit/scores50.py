"""Classroom 50's score export (`<classroom>/scores.json`, schema classroom50/scores/v1), read
for `kit collect`: one assignment's entries, each student's submissions newest first, each a
result.json as the assignment's autograder wrote it (`kit classroom50` names each test
"Exercise N: title").

collect imports this module on any Python a seat may have, so it keeps to Python 3.9's library.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from .deadline import parse_instant

SCORES_SCHEMA = "classroom50/scores/v1"
TEST_NAME = re.compile(r"^Exercise (\d+)\b")


@dataclass(frozen=True)
class Submission:
    """One student's graded submission, as Classroom 50 collected it."""

    owner: str  # the GitHub login that owns the repository
    tag: str  # submit/<time>-<sha>
    commit: str  # the commit's URL
    time: str  # when it was committed, UTC
    late: bool  # Classroom 50 marked it after the assignment's due date
    exercises: dict[int, bool]
    later: int  # submissions after the deadline, not graded


def read_scores(path: Path, slug: str | None) -> dict[str, list[dict[str, object]]]:
    """Owner -> their submissions, newest first, for one assignment of a scores.json; ValueError
    saying what to give when it is not one."""
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise ValueError(f"cannot read {path} ({error}); give Classroom 50's scores.json") from None
    if not isinstance(document, dict) or document.get("schema") != SCORES_SCHEMA:
        raise ValueError(f"{path} is not Classroom 50's scores.json ({SCORES_SCHEMA})")
    buckets = document.get("assignments") or {}
    if slug is None and len(buckets) == 1:
        slug = next(iter(buckets))
    if slug not in buckets:
        listed = ", ".join(sorted(buckets)) or "none"
        raise ValueError(f"name the assignment with --slug (in {path}: {listed})")
    entries = buckets[slug].get("entries") or []
    return {str(e["owner"]): list(e.get("submissions") or []) for e in entries if "owner" in e}


def submission_at(
    owner: str, submissions: list[dict[str, object]], deadline: datetime | None
) -> Submission | None:
    """The newest submission made by the deadline (by its commit time), or the newest of all."""
    on_time = [
        s for s in submissions if deadline is None or parse_instant(str(s["datetime"])) <= deadline
    ]
    if not on_time:
        return None
    chosen = on_time[0]
    exercises = {}
    tests: Any = chosen.get("tests") or []
    for test in tests:
        found = TEST_NAME.match(str(test.get("test-name", "")))
        if found:
            exercises[int(found.group(1))] = bool(test.get("passed"))
    return Submission(
        owner,
        str(chosen.get("submission", "")),
        str(chosen.get("commit", "")),
        str(chosen.get("datetime", "")),
        bool(chosen.get("late")),
        exercises,
        len(submissions) - len(on_time),
    )
