"""Seats as git repositories: each verified seat is committed once ("Start"), so it can be
pushed to a student's remote, or made a GitHub Classroom template, and updated later."""

from __future__ import annotations

import subprocess
from pathlib import Path

from ..git import TIMEOUT as GIT_TIMEOUT
from ..git import git

START = "Start"
# The kit's own identity and settings, so its commits (here and in `update`) work without git
# config and never wait for a signing key.
GIT_IDENTITY = [
    "-c",
    "user.name=modfirst kit",
    "-c",
    "user.email=kit@modfirst.invalid",
    "-c",
    "commit.gpgsign=false",
]
COMMIT = [*GIT_IDENTITY, "commit", "--quiet", "--no-verify", "-m", START]

CLASSROOM_HOWTO = """\
GitHub Classroom: every seat is a git repository with one commit, "Start". To hand out the
exercises through Classroom, build a one-seat kit with a neutral name (a roster with the single
row "Workshop"), then push that seat to a new repository and mark it as a template:
    cd KIT/workshop && git remote add origin https://github.com/ORG/modfirst-workshop.git
    git push -u origin main     (then Settings > Template repository)
and choose it as the assignment's starter code. Its .github/workflows/classroom.yml grades
exercises 1-4 on every push."""


def commit_start(folder: Path) -> str:
    """Make `folder` a git repository whose first commit holds every file; return why not."""
    if (folder / ".git").exists():
        return ""
    steps = {"init": ["init", "--quiet", "-b", "main"], "add": ["add", "--all"], "commit": COMMIT}
    for step, args in steps.items():
        try:
            git(*args, cwd=folder)
        except FileNotFoundError:
            return "git is not installed, so the seat is not a repository; install git and rerun"
        except subprocess.CalledProcessError as error:
            said = error.stderr.decode(errors="replace").strip()
            return f"`git {step}` failed: {said[-300:]}"
        except subprocess.TimeoutExpired:
            return f"`git {step}` did not finish within {GIT_TIMEOUT} s"
    return ""
