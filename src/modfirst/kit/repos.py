"""Seats as git repositories: each verified seat is committed once ("Start"), so it can be
published to a student's repository (`kit publish`), or be a Classroom 50 starter, and updated
later."""

from __future__ import annotations

from pathlib import Path

from .. import processes
from ..git import TIMEOUT as GIT_TIMEOUT
from ..git import git, output

START = "Start"
KIT_EMAIL = "kit@modfirst.invalid"  # the kit's commits are told apart by it (feedback, graders)
# The kit's own identity and settings, so its commits (here and in `update`) work without git
# config and never wait for a signing key.
GIT_IDENTITY = [
    "-c",
    "user.name=modfirst kit",
    "-c",
    f"user.email={KIT_EMAIL}",
    "-c",
    "commit.gpgsign=false",
]
COMMIT = [*GIT_IDENTITY, "commit", "--quiet", "--no-verify", "-m", START]

HAND_OUT_HOWTO = """\
Every seat is a git repository with one commit, "Start". Hand each out as its own repository:
    modfirst kit publish OUT --to 'git@github.com:ORG/{seat}.git' --create github
    modfirst kit publish OUT --to '/srv/room/{seat}.git'     (a room without network)
then grade with `modfirst kit collect OUT/repositories.csv --deadline ...`. For Classroom 50,
build a one-seat kit (a roster with the single row "Workshop") as the starter and see
`modfirst kit classroom50 --help`."""


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
        except processes.Failed as error:
            said = error.stderr.decode(errors="replace").strip()
            return f"`git {step}` failed: {said[-300:]}"
        except processes.TimedOut:
            return f"`git {step}` did not finish within {GIT_TIMEOUT} s"
    return ""


def foreign_tip(clone: Path, branch: str) -> str:
    """The remote branch's tip (as the clone last fetched it) when its last commit is not the
    kit's (a student's, pushed onto the kit's `feedback` or `template-update`), else ""."""
    tip = git(
        "rev-parse", "--verify", "--quiet", f"refs/remotes/origin/{branch}", cwd=clone, check=False
    )
    if tip.returncode != 0:
        return ""
    sha = tip.stdout.decode().strip()
    return "" if output("show", "-s", "--format=%ae", sha, cwd=clone).strip() == KIT_EMAIL else sha


def push_branch(clone: Path, branch: str) -> str:
    """Push `branch` to origin, replacing only what this clone last fetched there (the lease),
    so nothing pushed since is lost; "" when done, else git's reason."""
    known = git(
        "rev-parse", "--verify", "--quiet", f"refs/remotes/origin/{branch}", cwd=clone, check=False
    )
    lease = f"--force-with-lease=refs/heads/{branch}:{known.stdout.decode().strip()}"
    pushed = git(
        "push", "--quiet", lease, "origin", f"{branch}:refs/heads/{branch}", cwd=clone, check=False
    )
    return "" if pushed.ok else pushed.said or "git push failed"
