"""Hand every seat out as its own repository: push each seat's history where URL-PATTERN says.

    modfirst kit publish KIT --to 'git@github.com:ORG/{seat}.git' --create github
    modfirst kit publish KIT --to /srv/room/{seat}.git       # a room without network

{seat} is the seat's folder name (its package). A local path that is not a repository yet is
made one (bare); `--create github` creates each GitHub repository first, private, with the
GitHub CLI, and invites the student from the roster's `github` column. KIT/repositories.csv then
lists seat, student and repository (and the roster's further columns: id, email, ...), which
collect, `update --push` and `collect --feedback --push` read as they are.

Running it again publishes only what is new: a repository that has the seat's last commit is up
to date; one that is behind it gets the new commits (a fast-forward, e.g. after `kit update`);
one that holds commits the seat does not have (the student's work) is left alone, never
force-pushed.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import shutil
import sys
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path

from . import github, options
from .collect import student_of
from .process import Ran, run_command
from .records import KIT_FOLDER, ROSTER_RECORD, load_records, seat_folders
from .roster import further_columns
from .sources import is_path, local_or_url, pick, read_csv

PROG = "modfirst kit publish"
REPOSITORIES = "repositories.csv"
PUBLISHED, UPDATED, UP_TO_DATE, KEPT, FAILED = (
    "published",
    "updated",
    "up to date",
    "student work kept",
    "failed",
)
OK = (PUBLISHED, UPDATED, UP_TO_DATE, KEPT)


@dataclass(frozen=True)
class Options:
    kit: Path
    pattern: str
    create: str | None  # "github", or None: push to what is there (local paths are made)
    roster: Path | None
    jobs: int


@dataclass(frozen=True)
class Seat:
    name: str  # the seat's folder, its package name
    folder: Path
    student: str
    columns: dict[str, str] = field(default_factory=dict)  # the roster's further columns


@dataclass
class Result:
    seat: str
    student: str
    repository: str
    status: str = FAILED
    note: str = ""
    columns: dict[str, str] = field(default_factory=dict)


def git(*args: str, cwd: Path) -> Ran:
    return run_command(["git", *args], cwd=cwd, timeout="git")


# --- one seat -------------------------------------------------------------------------------


def make_local(path: Path, branch: str, result: Result) -> bool:
    """A bare repository at `path` when nothing is there; False (and why) when it cannot be."""
    if path.exists() and not (path.is_dir() and not any(path.iterdir())):
        return True  # whatever is there: ls-remote tells whether it is a repository
    path.parent.mkdir(parents=True, exist_ok=True)
    made = git("init", "--quiet", "--bare", "-b", branch, str(path), cwd=path.parent)
    if not made.ok:
        result.note = f"cannot create {path}: {made.last_line}"
        return False
    result.note = "repository created"
    return True


def make_github(repository: str, user: str, kit: Path, result: Result) -> bool:
    """The GitHub repository, created private when missing; the student invited when the
    roster names their account. What exists is left alone and said."""
    notes = []
    if run_command(github.view(repository), cwd=kit, timeout="git").ok:
        notes.append("repository existed")
    else:
        made = run_command(github.create(repository), cwd=kit, timeout="git")
        if not made.ok:
            result.note = f"gh repo create {repository} failed: {made.last_line}"
            return False
        notes.append("repository created (private)")
    if user:
        if run_command(github.is_collaborator(repository, user), cwd=kit, timeout="git").ok:
            notes.append(f"{user} has access already")
        else:
            added = run_command(github.add_collaborator(repository, user), cwd=kit, timeout="git")
            if not added.ok:
                result.note = "; ".join([*notes, f"cannot invite {user}: {added.last_line}"])
                return False
            notes.append(f"{user} invited (push access)")
    result.note = "; ".join(notes)
    return True


def push_seat(seat: Seat, opts: Options) -> Result:
    url = opts.pattern.replace("{seat}", seat.name)
    repository = local_or_url(url, Path.cwd())
    result = Result(seat.name, seat.student, repository, columns=seat.columns)
    branch = git("symbolic-ref", "--quiet", "--short", "HEAD", cwd=seat.folder)
    head = git("rev-parse", "--verify", "--quiet", "HEAD", cwd=seat.folder)
    if not (branch.ok and head.ok):
        result.note = "the seat is not a git repository on a branch with a commit; rebuild it"
        return result
    if is_path(url):
        ready = make_local(Path(repository), branch.stdout.strip(), result)
    elif opts.create == "github":
        user = seat.columns.get("github", "")
        ready = make_github(github.repository_of(url) or url, user, opts.kit, result)
    else:
        ready = True
    if not ready:
        return result
    return push_if_new(seat.folder, repository, branch.stdout.strip(), head.stdout.strip(), result)


def push_if_new(folder: Path, repository: str, branch: str, head: str, result: Result) -> Result:
    """Push `branch` when the repository has none of it, or is behind it; never over commits
    the seat does not have."""
    listed = git("ls-remote", "--heads", repository, f"refs/heads/{branch}", cwd=folder)
    if not listed.ok:
        result.note = _joined(result.note, f"cannot reach {repository}: {listed.last_line}")
        return result
    there = listed.stdout.split("\t", 1)[0].strip()
    if there == head:
        result.status = UP_TO_DATE
        return result
    if there and not git("merge-base", "--is-ancestor", there, head, cwd=folder).ok:
        result.status = KEPT
        result.note = _joined(
            result.note,
            f"{branch} has commits the seat does not have; nothing pushed (bring template "
            f"fixes with `modfirst kit update {REPOSITORIES} --push`)",
        )
        return result
    pushed = git("push", "--quiet", repository, f"HEAD:refs/heads/{branch}", cwd=folder)
    if not pushed.ok:
        result.note = _joined(result.note, f"git push failed: {pushed.last_line}")
        return result
    if there:
        count = git("rev-list", "--count", f"{there}..{head}", cwd=folder).stdout.strip()
        result.status, result.note = UPDATED, _joined(result.note, f"{count} new commit(s)")
    else:
        result.status = PUBLISHED
    return result


def _joined(*notes: str) -> str:
    return "; ".join(note for note in notes if note)


# --- the kit --------------------------------------------------------------------------------


def seats_of(opts: Options) -> list[Seat]:
    """The kit's seats, each with its student and the roster's further columns."""
    records = load_records(opts.kit)
    roster = opts.roster or opts.kit / ROSTER_RECORD
    extras = further_columns(roster) if roster.is_file() else []
    seats = []
    for folder in seat_folders(opts.kit):
        record = records.get(folder.name) or {}
        number = record.get("seat")
        columns = (
            extras[number - 1] if isinstance(number, int) and 0 < number <= len(extras) else {}
        )
        student = str(record.get("student") or student_of(folder))
        seats.append(Seat(folder.name, folder, student, columns))
    return seats


def write_repositories(path: Path, results: list[Result]) -> int:
    """KIT/repositories.csv: this run's repositories, and the earlier rows of seats that
    failed this time (a repository unreachable today is still theirs). Returns the row count."""
    rows: dict[str, dict[str, str]] = {}
    if path.is_file():
        header, earlier = read_csv(path, "the kit's repositories")
        key = pick(header, ("seat",))
        rows = {row[key]: row for row in earlier if key and row.get(key)}
    for r in results:
        if r.status in OK:
            rows[r.seat] = {
                "seat": r.seat,
                "student": r.student,
                "repository": r.repository,
                **r.columns,
            }
    columns = ["seat", "student", "repository"]
    columns += sorted({name for row in rows.values() for name in row} - set(columns))
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, columns, restval="")
        writer.writeheader()
        writer.writerows(rows[name] for name in sorted(rows))
    return len(rows)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("kit", type=Path, help="the kit's folder (what `modfirst kit` built)")
    parser.add_argument(
        "--to",
        required=True,
        metavar="URL-PATTERN",
        help="where each seat goes, {seat} standing for its name: "
        "git@github.com:ORG/{seat}.git, or a folder such as /srv/room/{seat}.git",
    )
    parser.add_argument(
        "--create",
        choices=("github",),
        help="create each missing GitHub repository first (private, with the GitHub CLI `gh`) "
        "and invite the student from the roster's `github` column",
    )
    parser.add_argument(
        "--roster",
        type=Path,
        help="the roster whose further columns (id, email, github, ...) go with each seat "
        "(default: the copy the kit kept)",
    )
    options.add_jobs(parser)


def refusal(opts: Options) -> str:
    """Why nothing can be published, with the fix; "" when it can."""
    if not opts.kit.is_dir():
        return f"no kit folder at {opts.kit}; give the folder `modfirst kit ROSTER OUT` built"
    if "{seat}" not in opts.pattern:
        return f"--to {opts.pattern} has no {{seat}}; write e.g. git@github.com:ORG/{{seat}}.git"
    if opts.roster is not None and not opts.roster.is_file():
        return f"no roster at {opts.roster}; give the roster's CSV file, or leave --roster out"
    if opts.create == "github":
        if github.repository_of(opts.pattern.replace("{seat}", "seat")) is None:
            return (
                f"--create github needs a GitHub URL, not {opts.pattern}; write "
                "git@github.com:ORG/{seat}.git or https://github.com/ORG/{seat}.git"
            )
        if shutil.which(github.GH) is None:
            return (
                "--create github needs the GitHub CLI: install gh and run `gh auth login`, or "
                "create the repositories yourself and rerun without --create"
            )
    return ""


def table(results: list[Result]) -> str:
    rows = [(r.seat, r.student, r.status, _joined(r.repository, r.note)) for r in results]
    return options.table(("seat", "student", "result", "repository"), rows)


def run(args: argparse.Namespace) -> int:
    opts = Options(args.kit.resolve(), args.to, args.create, args.roster, args.jobs)
    refused = refusal(opts)
    if refused:
        print(f"{PROG}: {refused}", file=sys.stderr)
        return 2
    seats = seats_of(opts)
    if not seats:
        print(f"{PROG}: {opts.kit} holds no seats; build the kit first", file=sys.stderr)
        return 2
    os.environ["GIT_TERMINAL_PROMPT"] = "0"  # an unreachable repository fails, never asks
    with ThreadPoolExecutor(max_workers=opts.jobs) as pool:
        results = list(pool.map(lambda seat: push_seat(seat, opts), seats))
    count = write_repositories(opts.kit / REPOSITORIES, results)
    report = opts.kit / KIT_FOLDER / "publish.json"
    report.parent.mkdir(parents=True, exist_ok=True)
    report.write_text(json.dumps([asdict(r) for r in results], indent=1), encoding="utf-8")
    counts = {s: sum(r.status == s for r in results) for s in (*OK, FAILED)}
    print(table(results))
    print(
        f"\n{', '.join(f'{n} {s}' for s, n in counts.items() if n)}. "
        f"({count} repositories listed in {opts.kit / REPOSITORIES})"
    )
    return 1 if counts[FAILED] else 0
