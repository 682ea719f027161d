"""FEEDBACK.md for each student, committed on a `feedback` branch of their repository.

The commit is made in the kit's clone of the seat (its cache), on top of the graded commit, so
the student sees the feedback next to the work it is about; nothing leaves this machine
without --push. A `feedback` branch the kit did not make (its tip not by the kit's identity) is
never overwritten: that seat is reported instead.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from ..git import git, output
from .repos import GIT_IDENTITY, KIT_EMAIL

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
    tip = git(
        "rev-parse", "--verify", "--quiet", f"refs/remotes/origin/{BRANCH}", cwd=clone, check=False
    )
    if tip.returncode != 0:
        return ""
    sha = tip.stdout.decode().strip()
    return "" if output("show", "-s", "--format=%ae", sha, cwd=clone).strip() == KIT_EMAIL else sha


def commit(clone: Path, base: str, content: str) -> str:
    """Commit FEEDBACK.md on the clone's `feedback` branch, on top of `base`; its sha."""
    git("checkout", "--quiet", "--force", "-B", BRANCH, base, cwd=clone)
    (clone / FILE).write_text(content, encoding="utf-8")
    git("add", "--", FILE, cwd=clone)
    git(*GIT_IDENTITY, "commit", "--quiet", "--no-verify", "-m", "Feedback", cwd=clone)
    return output("rev-parse", "HEAD", cwd=clone).strip()


def push(clone: Path) -> str:
    """Push the `feedback` branch to origin, replacing only the kit's own earlier one (the
    lease: what this clone last fetched); "" when done, else git's reason."""
    known = git(
        "rev-parse", "--verify", "--quiet", f"refs/remotes/origin/{BRANCH}", cwd=clone, check=False
    )
    lease = f"--force-with-lease=refs/heads/{BRANCH}:{known.stdout.decode().strip()}"
    try:
        git("push", "--quiet", lease, "origin", f"{BRANCH}:refs/heads/{BRANCH}", cwd=clone)
    except subprocess.CalledProcessError as error:
        said = bytes(error.stderr).decode(errors="replace").strip().splitlines()
        return said[-1] if said else "git push failed"
    except subprocess.TimeoutExpired:
        return "git push did not finish in time"
    return ""
