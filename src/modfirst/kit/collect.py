"""Collect results: every seat's self-check, one row per student.

SOURCE is a kit the kit built, any folder of student clones (one project per subfolder), a CSV
of repositories (cloned, then graded at a commit), or Classroom 50's scores.json (its results
read as its autograder wrote them).
Each seat runs `python -m exercises.check --json` with its own .venv's Python when it has one
(exercises 4 and 5 are about that venv), else with a Python outside any venv: the kit's own
venv is not the student's, and judging exercise 5 by it would start pip and pytest for nothing.
A seat that cannot be checked is a row that says why. The terminal gets a table; --csv FILE
gets the same rows for a spreadsheet.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path

from .. import processes
from ..answers import ANSWERS, load_answers
from ..copier_cli import CopierError
from ..git import output
from . import feedback, gradebook, scores50
from .deadline import commit_at, parse_instant, read_extensions
from .gradebook import FORMATS
from .graders import (
    GRADERS_FOLDER,
    edited,
    pristine_copy,
    pristine_hashes,
    recorded_pristine,
)
from .options import add_jobs, clones_cache
from .options import table as options_table
from .records import KIT_FOLDER, load_records
from .sources import (
    FetchError,
    Seat,
    SourceError,
    check_out,
    fetch,
    is_root,
    kit_seats,
    read_repositories,
)

CHECK_TIMEOUT = 600
NOT_RECORDED = "not recorded"
LEGEND = (
    "(pass: the exercise's check passed; fail: not yet, the check says what is missing; "
    "?: not checked, the note says why)"
)


@dataclass(frozen=True)
class Options:
    """What collect was asked, read once from the command line."""

    kit: Path  # the SOURCE: a kit's folder, a folder of clones, or a CSV (absolute)
    csv: Path | None
    format: str
    assignment: str
    deadline: datetime | None
    extensions: Path | None
    graders: Path | None  # --graders: one pristine project for every seat
    cache: Path  # where repositories are cloned (absolute)
    feedback: bool
    push: bool
    jobs: int
    slug: str | None = None  # the assignment of a Classroom 50 scores.json

    @property
    def scores(self) -> bool:
        """SOURCE is Classroom 50's score export: its results are read, not graded again."""
        return self.kit.is_file() and self.kit.suffix.lower() == ".json"

    @property
    def kit_graders(self) -> Path | None:
        """The kit's own pristine copies, one folder per seat (a kit's folder only)."""
        return self.kit / GRADERS_FOLDER if self.kit.is_dir() else None


@dataclass
class Result:
    """One seat: who, how its verification went, and each exercise's pass or fail."""

    folder: str
    student: str
    verification: str
    exercises: dict[int, bool] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    documents: list[dict[str, object]] = field(default_factory=list)  # the check's exercises
    commit: str = ""  # the graded commit, when graded from a repository
    committed: str = ""  # its committer date
    graders: str = ""  # pristine, edited, or not recorded
    feedback: str = ""  # what happened to FEEDBACK.md
    columns: dict[str, str] = field(default_factory=dict)  # the source CSV's row

    @property
    def passed(self) -> int:
        return sum(self.exercises.values())

    @property
    def note(self) -> str:
        return "; ".join(self.notes)


def student_of(seat: Path) -> str:
    """The project name from .copier-answers.yml (the kit sets it to the student's name)."""
    import yaml  # installed with copier; imported here, so this module loads with any Python

    try:
        name = load_answers(seat).get("project_name")
    except (OSError, ValueError, yaml.YAMLError):  # UnicodeDecodeError is a ValueError
        return seat.name
    return seat.name if name is None else str(name)


def verifications(kit: Path) -> dict[str, str]:
    """Seat folder -> the verification status the kit recorded, when the kit built them."""
    try:
        records: object = load_records(kit)
    except (OSError, ValueError):
        return {}
    if not isinstance(records, dict):
        return {}
    return {
        name: str(record["status"])
        for name, record in records.items()
        if isinstance(record, dict) and record.get("status")
    }


def python_outside_venvs() -> str:
    """The interpreter this Python's venv was made from (this one when it is in no venv)."""
    if sys.prefix == sys.base_prefix:
        return sys.executable
    # sys._base_executable names it from 3.11 on; before, it is the venv's own python.
    base, version = Path(sys.base_prefix), f"{sys.version_info[0]}.{sys.version_info[1]}"
    for candidate in (
        getattr(sys, "_base_executable", ""),
        base / "bin" / f"python{version}",
        base / "bin" / "python3",
        base / "python.exe",
    ):
        path = Path(candidate)
        if candidate and path.is_file() and not path.is_relative_to(sys.prefix):
            return str(path)
    return sys.executable


def seat_python(seat: Path) -> str:
    for candidate in (seat / ".venv" / "bin" / "python", seat / ".venv" / "Scripts" / "python.exe"):
        if candidate.is_file():
            return str(candidate)
    return python_outside_venvs()


def run_check(project: Path, python: str, result: Result) -> None:
    """Run `python -m exercises.check --json` in `project`; its exercises into `result`."""
    if not (project / "exercises" / "check.py").is_file():
        result.notes.append("cannot check: exercises/check.py is missing")
        return
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
    try:  # in the project on purpose: the self-check is the seat's own package
        run = processes.run(
            [python, "-m", "exercises.check", "--json"],
            cwd=project,
            env=env,
            timeout=CHECK_TIMEOUT,
        )
    except (OSError, processes.TimedOut) as error:
        result.notes.append(f"cannot check: {error}")
        return
    try:
        document = json.loads(run.text)
        result.documents = [dict(e) for e in document["exercises"]]
        result.exercises = {int(str(e["number"])): bool(e["passed"]) for e in result.documents}
    except (ValueError, KeyError, TypeError):
        lines = (run.errors or run.text).strip().splitlines() or ["no output"]
        result.notes.append(f"cannot check: the self-check failed ({lines[-1][:200]})")


def grade_project(project: Path, python: str, pristine: Path | None, result: Result) -> None:
    """Grade with the pristine grading files: in place when the seat's own are the same, else
    in a copy with the pristine ones put back (the seat's row names what was edited)."""
    hashes = pristine_hashes(pristine) if pristine is not None else {}
    changed = edited(project, hashes) if pristine is not None else []
    result.graders = "not recorded" if not hashes else "edited" if changed else "pristine"
    if not changed or pristine is None:
        run_check(project, python, result)
        return
    result.notes.append(
        f"edited grading files: {', '.join(changed)} (graded with the pristine copies)"
    )
    with tempfile.TemporaryDirectory(prefix="modfirst-collect-") as temp:
        run_check(
            pristine_copy(project, pristine, changed, Path(temp, project.name)), python, result
        )


def at_commit(
    seat: Seat, opts: Options, extensions: dict[str, datetime], result: Result
) -> Path | None:
    """Clone or fetch the seat's repository, check out the commit to grade; None (and why in
    the row) when there is nothing to grade."""
    try:
        fetched = fetch(seat.repository, opts.cache / seat.name)
    except FetchError as error:
        result.notes.append(str(error))
        return None
    if fetched.rewritten:
        result.notes.append("history rewritten since the last collect (a force-push)")
    target = fetched.tip
    if opts.deadline is not None:
        deadline = extensions.get(seat.student, extensions.get(seat.name, opts.deadline))
        found = commit_at(fetched.clone, fetched.tip, deadline)
        if not found.commit:
            result.notes.append(f"no commit before the deadline ({found.late} after it)")
            return None
        target = found.commit
        if found.late:
            result.notes.append(
                f"work after the deadline: {found.late} commit(s), the last at "
                f"{found.last_late}, not graded"
            )
    check_out(fetched.clone, target)
    result.commit = target
    result.committed = output("show", "-s", "--format=%cI", target, cwd=fetched.clone).strip()
    if is_root(fetched.clone, target):
        result.notes.append("no commits after the starting one")
    return fetched.clone


def rendered_graders(clone: Path, opts: Options, result: Result) -> tuple[Path | None, bool]:
    """The seat's pristine grading files, rendered from what its answers file records (kept
    in the cache's .graders/); None, and why in the row, when they cannot be rendered."""
    in_kit = opts.kit.is_file() and (opts.kit.parent / KIT_FOLDER).is_dir()  # kit publish's CSV
    try:
        kit_seat = opts.kit.parent / result.folder if in_kit else None
        return recorded_pristine(clone, result.commit, opts.cache / ".graders", kit_seat)
    except (OSError, ValueError, CopierError, processes.Failed, processes.TimedOut) as error:
        result.notes.append(f"grading files not rendered ({error}); give --graders")
        return None, False


def send_feedback(seat: Seat, clone: Path, push: bool, result: Result) -> None:
    """FEEDBACK.md on the clone's feedback branch; pushed with --push, else said what would be."""
    other = feedback.theirs(clone)
    if other:
        result.feedback = (
            f"not committed: {seat.repository} has a feedback branch the kit did not make"
        )
        return
    content = feedback.text(seat.student, result.documents, result.commit, result.notes)
    sha = feedback.commit(clone, result.commit, content)
    if not push:
        result.feedback = f"would push {feedback.BRANCH} ({sha[:12]}) to {seat.repository}"
        return
    failed = feedback.push(clone)
    result.feedback = (
        f"not pushed: {failed}"
        if failed
        else f"pushed {feedback.BRANCH} ({sha[:12]}) to {seat.repository}"
    )


def grade_safely(
    seat: Seat, opts: Options, extensions: dict[str, datetime], recorded: dict[str, str]
) -> Result:
    """grade(), with a surprise (git failing midway, a disk error) as the seat's row."""
    try:
        return grade(seat, opts, extensions, recorded)
    except (OSError, processes.Failed, processes.TimedOut) as error:
        result = Result(seat.name, seat.student, recorded.get(seat.name, NOT_RECORDED))
        result.notes.append(f"cannot check: {type(error).__name__}: {error}")
        return result


def grade(
    seat: Seat, opts: Options, extensions: dict[str, datetime], recorded: dict[str, str]
) -> Result:
    result = Result(seat.name, seat.student, recorded.get(seat.name, NOT_RECORDED))
    result.columns = seat.columns
    pristine = opts.graders or (opts.kit_graders / seat.name if opts.kit_graders else None)
    if pristine is not None and not pristine.is_dir():
        pristine = None
    if seat.repository:
        clone = at_commit(seat, opts, extensions, result)
        if clone is None:
            return result
        edited_answers = False
        if pristine is None and seat.folder is None:  # not the kit's own seat: its records
            pristine, edited_answers = rendered_graders(clone, opts, result)
        grade_project(clone, python_outside_venvs(), pristine, result)
        if edited_answers:
            result.graders = "edited"
            result.notes.append(f"edited {ANSWERS} (graded with the answers the kit last wrote)")
        if opts.feedback:
            send_feedback(seat, clone, opts.push, result)
    elif seat.folder is not None:
        grade_project(seat.folder, seat_python(seat.folder), pristine, result)
    return result


def table(results: list[Result], numbers: list[int]) -> str:
    header = ["seat", "student", "verification", *map(str, numbers), "passed", "note"]
    rows = [
        [
            r.folder,
            r.student,
            r.verification,
            *(("pass" if r.exercises[n] else "fail") if n in r.exercises else "?" for n in numbers),
            f"{r.passed}/{len(numbers)}" if r.exercises else "?",
            r.note,
        ]
        for r in results
    ]
    return options_table(tuple(header), [tuple(row) for row in rows])


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "kit",
        type=Path,
        metavar="SOURCE",
        help="a kit folder, a folder of student clones, a CSV of repositories "
        "(student,repository: `kit publish` writes one; a GitHub Classroom export is read as it "
        "is), or Classroom 50's scores.json",
    )
    parser.add_argument("--csv", type=Path, help="also write the rows to this CSV file")
    parser.add_argument(
        "--format",
        choices=FORMATS,
        default="plain",
        help="--csv's columns: the kit's own (plain), or Canvas's or Gradescope's grade import",
    )
    parser.add_argument(
        "--assignment",
        default="modfirst exercises",
        help="the assignment's column for --format canvas",
    )
    parser.add_argument(
        "--deadline",
        type=instant,
        help="grade each seat's last commit before this instant, e.g. 2026-12-10T23:59+01:00",
    )
    parser.add_argument(
        "--extensions",
        type=Path,
        help="a CSV of per-student deadlines: student,deadline (an instant) or student,days",
    )
    parser.add_argument(
        "--graders",
        type=Path,
        help="a project whose grading files are the pristine ones (the starter repository); "
        "default: the copies the kit kept for its own seats, and for a repository those its "
        "template commit renders for the answers it records",
    )
    parser.add_argument(
        "--cache", type=Path, help="where repositories are cloned (default: next to SOURCE)"
    )
    parser.add_argument(
        "--feedback",
        action="store_true",
        help="commit FEEDBACK.md on a `feedback` branch of each seat's repository",
    )
    parser.add_argument("--push", action="store_true", help="push the feedback branches")
    parser.add_argument(
        "--slug", help="the assignment in a Classroom 50 scores.json (default: its only one)"
    )
    add_jobs(parser)


def instant(text: str) -> datetime:
    try:
        return parse_instant(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def from_scores(opts: Options, extensions: dict[str, datetime]) -> list[Result]:
    """One row per student of Classroom 50's scores.json: the submission it graded last by the
    deadline (the student's extension, if any), as its autograder saw it."""
    results = []
    for owner, submissions in sorted(scores50.read_scores(opts.kit, opts.slug).items()):
        result = Result(owner, owner, "graded by Classroom 50")
        result.columns = {"github_username": owner}
        deadline = extensions.get(owner, opts.deadline)
        found = scores50.submission_at(owner, submissions, deadline)
        if found is None:
            result.notes.append(f"no submission before the deadline ({len(submissions)} after it)")
        else:
            result.exercises, result.commit = found.exercises, found.commit
            result.committed = found.time
            if found.later:
                result.notes.append(f"work after the deadline: {found.later} submission(s)")
            if found.late:
                result.notes.append("Classroom 50 marked it late")
        results.append(result)
    return results


def refuse(message: str) -> int:
    print(f"modfirst kit collect: {message}", file=sys.stderr)
    return 2


def seats_of(opts: Options) -> list[Seat]:
    """The seats SOURCE names; a kit's seats are cloned from their folders when graded at a
    commit (--deadline) or given feedback, so nothing is written into a student's folder."""
    if opts.kit.is_file():
        return read_repositories(opts.kit)
    seats = kit_seats(opts.kit, student_of)
    if opts.deadline is not None or opts.feedback:
        return [replace(s, repository=str(s.folder)) for s in seats if s.folder]
    return seats


def options_of(args: argparse.Namespace) -> Options:
    kit = args.kit.absolute()  # a seat's .venv/bin/python is run from inside the seat
    return Options(
        kit=kit,
        csv=args.csv,
        format=args.format,
        assignment=args.assignment,
        deadline=args.deadline,
        extensions=args.extensions,
        graders=args.graders.absolute() if args.graders else None,
        cache=clones_cache(kit, args.cache),
        feedback=args.feedback,
        push=args.push,
        jobs=args.jobs,
        slug=args.slug,
    )


def run(args: argparse.Namespace) -> int:
    opts = options_of(args)
    if not opts.kit.exists():
        return refuse(
            f"no folder at {args.kit}, nor a CSV file; give the kit's folder or a CSV of "
            "repositories"
        )
    if opts.extensions and opts.deadline is None:
        return refuse("--extensions needs --deadline; add --deadline 2026-12-10T23:59+01:00")
    if opts.scores and opts.feedback:
        return refuse(
            "--feedback needs the repositories; give the repositories' CSV, not scores.json"
        )
    try:
        seats = [] if opts.scores else seats_of(opts)
        extensions = (
            read_extensions(opts.extensions, opts.deadline)
            if opts.extensions and opts.deadline
            else {}
        )
    except SourceError as error:
        return refuse(str(error))
    if opts.scores:
        try:
            return report(opts, from_scores(opts, extensions))
        except ValueError as error:
            return refuse(str(error))
    if not seats:
        return refuse(
            f"{args.kit} holds no projects (folders with .copier-answers.yml or exercises/, or "
            "CSV rows); give the kit's folder"
        )
    os.environ["GIT_TERMINAL_PROMPT"] = "0"  # an unreachable repository fails, never asks
    recorded = verifications(opts.kit) if opts.kit.is_dir() else {}
    with ThreadPoolExecutor(max_workers=opts.jobs) as pool:
        results = list(pool.map(lambda seat: grade_safely(seat, opts, extensions, recorded), seats))
    return report(opts, results)


def report(opts: Options, results: list[Result]) -> int:
    """The table, the totals and the CSV; 1 when a seat could not be checked."""
    numbers = sorted({n for r in results for n in r.exercises}) or [1, 2, 3, 4, 5]
    print(table(results, numbers))
    print(LEGEND)
    for r in results:
        if r.feedback:
            print(f"feedback {r.folder}: {r.feedback}")
    unchecked = [r.folder for r in results if not r.exercises]
    print(
        f"\n{len(results) - len(unchecked)} of {len(results)} seats checked; "
        f"{sum(r.passed for r in results)} exercises passed in all."
    )
    if opts.csv:
        gradebook.write(opts.csv, opts.format, results, numbers, opts.assignment)
        print(f"(rows written to {opts.csv}, {opts.format} format)")
    return 1 if unchecked else 0
