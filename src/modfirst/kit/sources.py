"""Where the seats are: the folders of a kit (or of student clones) on this disk, or a CSV of
the students' own repositories, each cloned or fetched into a cache folder the kit owns.

The CSV has a header row with a student column and a repository column (a git URL, or a path,
relative to the CSV's folder). Accepted spellings, case-insensitive, first match wins:

  student     student, name, roster_identifier, github_username
  repository  repository, repo, url, student_repository_url
  seat        seat (optional: the seat's name, for the cache folder and the rows; `kit publish`
              writes it), else the student's name made a folder name

GitHub Classroom's export of an assignment's grades names its columns like the REST API's
"classroom-assignment-grade" object (docs.github.com/en/rest/classroom/classroom, "Get assignment
grades"): assignment_name, assignment_url, starter_code_url, github_username, roster_identifier,
student_repository_name, student_repository_url, submission_timestamp, points_awarded,
points_available, group_name. So that file is read as it is: the student is the roster
identifier when Classroom linked one, else the GitHub username. Other columns (email, sid,
section, ...) are kept for the gradebook formats.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from .. import processes
from ..git import TIMEOUT as GIT_TIMEOUT
from ..git import git, output
from .records import seat_folders

STUDENT_COLUMNS = ("student", "name", "roster_identifier", "github_username")
REPOSITORY_COLUMNS = ("repository", "repo", "url", "student_repository_url")
ORIGIN_HEAD = "refs/remotes/origin/HEAD"


class SourceError(Exception):
    """The seats cannot be read: one line, the reason and the fix."""


class FetchError(Exception):
    """One repository cannot be cloned or fetched: why, in a line."""


@dataclass(frozen=True)
class Seat:
    """One student's seat: a folder here, or a repository to clone (or both: a kit's seat
    graded at a commit is cloned from its own folder)."""

    name: str  # the row's key and the cache folder's name
    student: str
    folder: Path | None = None
    repository: str = ""
    columns: dict[str, str] = field(default_factory=dict)  # the CSV row, for the gradebook


def slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "-", text).strip("-.") or "seat"


def pick(header: list[str], names: tuple[str, ...]) -> str | None:
    lowered = {column.strip().lower(): column for column in header}
    return next((lowered[name] for name in names if name in lowered), None)


def read_csv(path: Path, what: str) -> tuple[list[str], list[dict[str, str]]]:
    """A CSV file's header and rows (a spreadsheet's byte-order mark is fine); SourceError
    naming `what` when it cannot be read."""
    try:
        with path.open(newline="", encoding="utf-8-sig") as handle:
            reader = csv.DictReader(handle)
            return list(reader.fieldnames or []), list(reader)
    except (OSError, UnicodeDecodeError, csv.Error) as error:
        raise SourceError(f"cannot read {what} {path} ({error}); give a UTF-8 CSV file") from None


def read_repositories(path: Path) -> list[Seat]:
    """The seats a CSV of repositories lists (see the module's doc); SourceError when not."""
    header, rows = read_csv(path, "the repositories")
    student, repository = pick(header, STUDENT_COLUMNS), pick(header, REPOSITORY_COLUMNS)
    if student is None or repository is None:
        raise SourceError(
            f"{path} has no {'student' if student is None else 'repository'} column "
            f"(its header: {', '.join(header) or 'empty'}); add a header row "
            "`student,repository`, or give GitHub Classroom's export as it is"
        )
    seats: list[Seat] = []
    taken: set[str] = set()
    named = pick(header, ("seat",))  # `kit publish` writes the seat's own name
    for row in rows:
        who = (row.get(student) or "").strip() or (row.get("github_username") or "").strip()
        where = (row.get(repository) or "").strip()
        if not who and not where:
            continue
        seat = (row.get(named) or "").strip() if named else ""
        name = slug(seat or who or where.rstrip("/").rsplit("/", 1)[-1])
        while name in taken:
            name += "_2"
        taken.add(name)
        seats.append(Seat(name, who or name, None, local_or_url(where, path.parent), row))
    return seats


def is_path(where: str) -> bool:
    """True for a folder on this machine, False for a URL (scheme://, or git@host:path)."""
    return bool(where) and "://" not in where and not re.match(r"^[\w.-]+@[\w.-]+:", where)


def local_or_url(where: str, base: Path) -> str:
    """A URL as it is; a path made absolute from the CSV's folder (git clones either)."""
    return str((base / where).resolve()) if is_path(where) else where


def kit_seats(kit: Path, student_of: Callable[[Path], str]) -> list[Seat]:
    """The seats of a kit's folder (or a folder of student clones), graded where they are."""
    return [Seat(folder.name, student_of(folder), folder) for folder in seat_folders(kit)]


@dataclass
class Fetched:
    clone: Path
    tip: str  # the commit the repository's default branch points at
    rewritten: bool  # the branch no longer contains what the last fetch saw (a force-push)


def fetch(repository: str, clone: Path) -> Fetched:
    """Clone `repository` into `clone` (the kit's cache), or fetch into the clone made before;
    FetchError with git's own last line when it cannot be reached."""
    try:
        before = ""
        if (clone / ".git").is_dir():
            git("remote", "set-url", "origin", repository, cwd=clone)
            before = tip_of(clone)
            git("fetch", "--quiet", "--prune", "--force", "origin", cwd=clone)
            git("remote", "set-head", "origin", "--auto", cwd=clone)
        else:
            clone.parent.mkdir(parents=True, exist_ok=True)
            git("clone", "--quiet", "--no-checkout", repository, str(clone), cwd=clone.parent)
    except processes.Failed as error:
        said = error.stderr.decode(errors="replace").strip().splitlines() or ["no message"]
        raise FetchError(f"cannot reach {repository}: {said[-1]}") from None
    except processes.TimedOut:
        raise FetchError(f"cannot reach {repository}: no answer within {GIT_TIMEOUT} s") from None
    tip = tip_of(clone)
    if not tip:
        raise FetchError(f"{repository} has no commits yet")
    moved = git("merge-base", "--is-ancestor", before, tip, cwd=clone, check=False)
    return Fetched(clone, tip, bool(before) and moved.returncode != 0)


def tip_of(clone: Path) -> str:
    found = git(
        "rev-parse", "--verify", "--quiet", f"{ORIGIN_HEAD}^{{commit}}", cwd=clone, check=False
    )
    return found.stdout.decode().strip() if found.returncode == 0 else ""


def check_out(clone: Path, commit: str) -> None:
    """The clone's files exactly as `commit` has them (the cache is the kit's own)."""
    git("checkout", "--quiet", "--force", "--detach", commit, cwd=clone)
    git("clean", "-ffdxq", cwd=clone)


def is_root(clone: Path, commit: str) -> bool:
    """True for a commit with no parent: the starting commit, with no work after it."""
    return not output("rev-list", "--parents", "-n", "1", commit, cwd=clone).split()[1:]
