"""FEEDBACK.md for each student, committed on a `feedback` branch of their repository.

The commit is made in the kit's clone of the seat (its cache), on top of the graded commit, so
the student sees the feedback next to the work it is about; nothing leaves this machine
without --push. A `feedback` branch the kit did not make (its tip not by the kit's identity) is
never overwritten: that seat is reported instead.
"""

from __future__ import annotations

from pathlib import Path

from ..git import git, output
from .repos import GIT_IDENTITY, foreign_tip, push_branch

BRANCH = "feedback"
FILE = "FEEDBACK.md"


def text(student: str, exercises: list[dict[str, object]], graded: str, notes: list[str]) -> str:
    """The Markdown a student reads: each exercise passed, or what the check found and the
    hint; then what the grader noticed (late work, edited checks)."""
    passed = sum(bool(e.get("passed")) for e in exercises)
    lines = [f"# Feedback for {student}", ""]
    if graded:
        lines += [
            f"Graded at commit `{graded[:12]}`: {passed} of {len(exercises)} exercises pass.",
            "",
        ]
    for exercise in exercises:
        lines.append(f"## Exercise {exercise.get('number')}: {exercise.get('title')}")
        lines.append("")
        if exercise.get("passed"):
            lines.append(f"Passed. {exercise.get('message') or ''}".rstrip())
        else:
            lines.append(f"Not yet. {exercise.get('problem')}")
            lines.append("")
            lines.append(f"Try next: {exercise.get('hint')}")
        lines.append("")
    if notes:
        lines += ["## Notes", "", *(f"- {note}" for note in notes), ""]
    lines.append("Run `python -m exercises.check` in your project for the same checks at any time.")
    return "\n".join(lines) + "\n"


def theirs(clone: Path) -> str:
    """The remote `feedback` branch's tip when someone other than the kit made it, else ""."""
    return foreign_tip(clone, BRANCH)


def commit(clone: Path, base: str, content: str) -> str:
    """Commit FEEDBACK.md on the clone's `feedback` branch, on top of `base`; its sha."""
    git("checkout", "--quiet", "--force", "-B", BRANCH, base, cwd=clone)
    (clone / FILE).write_text(content, encoding="utf-8")
    git("add", "--", FILE, cwd=clone)
    git(*GIT_IDENTITY, "commit", "--quiet", "--no-verify", "-m", "Feedback", cwd=clone)
    return output("rev-parse", "HEAD", cwd=clone).strip()


def push(clone: Path) -> str:
    """Push the `feedback` branch, replacing only the kit's own; "" or git's reason."""
    return push_branch(clone, BRANCH)
