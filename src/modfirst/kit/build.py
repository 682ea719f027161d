"""`modfirst kit ROSTER OUT`: one verified modfirst project per seat of a roster.

OUT/ gets one project folder per seat (named after its package), `_instructor/` with the
reference solutions, `_kit/` with the kit's records and each seat's log, and `summary.txt`.
Running it again skips the seats that are done and retries the others.
"""

from __future__ import annotations

import argparse
import io
import shlex
import shutil
import sys
import tarfile
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path

from .. import processes
from ..answers import ANSWERS
from ..git import git
from ..name_rules import NameRules
from ..template_files import followable_source, solutions
from . import options
from .graders import GRADERS_FOLDER, keep_pristine
from .progress import Progress
from .records import (
    KIT_FOLDER,
    ROSTER_RECORD,
    add_record,
    load_records,
    record_template,
    save_records,
)
from .repos import HAND_OUT_HOWTO, commit_start
from .roster import Seat, assign, read_roster
from .seat import FAILED, VERIFIED, Job, build, written_files

PROG = "modfirst kit"
INSTRUCTOR_FOLDER, SUMMARY_FILE = "_instructor", "summary.txt"
DONE_EARLIER = "verified earlier, skipped"


@dataclass
class Row:
    """One line of the summary."""

    seat: Seat
    project: str
    result: str

    @property
    def ok(self) -> bool:
        return self.result.startswith(VERIFIED)


@dataclass(frozen=True)
class Options:
    """What the build was asked, read once from the command line."""

    template: str  # the template's source, resolved (options.template_of)
    vcs_ref: str | None
    jobs: int
    exercises: bool
    seat_timeout: int
    data: dict[str, str]


# --- records kept between runs -----------------------------------------------------------


def seconds_of(outcome: dict[str, object]) -> float:
    seconds = outcome.get("seconds")
    return float(seconds) if isinstance(seconds, (int, float)) else 0.0


def is_done(folder: Path, record: dict[str, object] | None) -> bool:
    return record is not None and record.get("status") == VERIFIED and (folder / ANSWERS).is_file()


def clear_for_retry(folder: Path, record: dict[str, object] | None) -> str:
    """Make way for a retry by removing only what the kit wrote; return why not, if not."""
    if not folder.exists() or (folder.is_dir() and not any(folder.iterdir())):
        return ""
    if not folder.is_dir():
        return f"{folder.name} exists and is not a folder; move it away to retry this seat"
    files = record.get("files") if record else None
    ours: dict[str, str] = dict(files) if isinstance(files, dict) else {}
    found = written_files(folder)
    foreign = sorted(name for name, digest in found.items() if ours.get(name) != digest)
    if foreign:
        shown = ", ".join(foreign[:3]) + (" ..." if len(foreign) > 3 else "")
        return (
            f"{folder.name}/ holds files the kit did not write or that were changed ({shown}); "
            "move them away to retry this seat"
        )
    for name in found:
        (folder / name).unlink()
    for directory in sorted((p for p in folder.rglob("*") if p.is_dir()), reverse=True):
        directory.rmdir()
    return ""


# --- the template, exported once ----------------------------------------------------------


@dataclass
class Source:
    """Where copier reads the template from, and what the seats' answers files should say."""

    template: str
    vcs_ref: str | None = None
    origin: str | None = None
    commit: str | None = None


def export_template(opts: Options, out: Path) -> Source:
    """Export a local git template's commit once, so copier need not clone it for every seat.

    Other sources (a URL, a folder without git) go to copier as they are, a folder by its
    absolute path.
    """
    repo = Path(opts.template)
    if not (repo / ".git").exists() or opts.vcs_ref is None:
        # A local folder by its absolute path: seats record it, and `copier update` run inside
        # a seat would resolve a relative one from there.
        return Source(str(repo.resolve()) if repo.is_dir() else opts.template, opts.vcs_ref)
    wanted = f"{opts.vcs_ref}^{{commit}}"
    commit = git("rev-parse", "--verify", wanted, cwd=repo).stdout.decode().strip()
    export = out / KIT_FOLDER / f"template-{commit[:12]}"
    if not (export / "copier.yml").is_file():
        with tarfile.open(
            fileobj=io.BytesIO(git("archive", "--format=tar", commit, cwd=repo).stdout)
        ) as tar:
            if hasattr(tarfile, "data_filter"):  # refuse links and paths that leave `export`
                tar.extractall(export, filter="data")
            else:  # Python < 3.9.17 without extraction filters; our own git archive
                tar.extractall(export)
    return Source(str(export), None, str(repo.resolve()), commit[:12])


# --- building -----------------------------------------------------------------------------


def make_job(seat: Seat, out: Path, opts: Options, source: Source) -> Job:
    return Job(
        template=source.template,
        vcs_ref=source.vcs_ref,
        destination=str(out / seat.package),
        log=str(out / KIT_FOLDER / "logs" / f"{seat.package}.log"),
        report=str(out / KIT_FOLDER / "reports" / f"{seat.package}.json"),
        timeout=opts.seat_timeout,
        data={
            **opts.data,
            "project_name": seat.student,
            "package_name": seat.package,
            "workshop": opts.exercises,
        },
        source=source.origin,
        commit=source.commit,
    )


def describe(outcome: dict[str, object]) -> str:
    status, reason = str(outcome["status"]), str(outcome.get("reason") or "")
    return f"{status}: {reason}" if reason else status


def with_git_files(folder: Path, files: object) -> dict[str, str]:
    """The worker's record of what it wrote, plus what `git commit` added under .git/: the
    commit changes no other file, so those need not be hashed again."""
    written = dict(files) if isinstance(files, dict) else {}
    git_files = written_files(folder / ".git")
    return {**written, **{f".git/{name}": digest for name, digest in git_files.items()}}


def build_seats(seats: list[Seat], out: Path, opts: Options, source: Source) -> dict[str, Row]:
    """Build every seat that needs it, in parallel worker processes; return their rows."""
    records = load_records(out)
    rows: dict[str, Row] = {}
    jobs: list[tuple[Seat, Job]] = []
    for seat in seats:
        folder, record = out / seat.package, records.get(seat.package)
        if is_done(folder, record):
            rows[seat.package] = Row(seat, seat.package, DONE_EARLIER)
            continue
        blocked = clear_for_retry(folder, record)
        if blocked:
            rows[seat.package] = Row(seat, seat.package, f"{FAILED}: {blocked}")
        else:
            jobs.append((seat, make_job(seat, out, opts, source)))
    print(
        f"modfirst kit: {len(jobs)} to build, {len(seats) - len(jobs)} already settled, "
        f"{opts.jobs} at a time",
        file=sys.stderr,
        flush=True,
    )
    if not jobs:
        return rows
    workers = min(opts.jobs, len(jobs))
    with Progress(len(jobs), "seats") as bar, ProcessPoolExecutor(max_workers=workers) as pool:
        futures = {pool.submit(build, job): seat for seat, job in jobs}
        for future in as_completed(futures):
            seat = futures[future]
            try:
                outcome = future.result()
            except Exception as error:  # the worker itself died
                outcome = {"status": FAILED, "reason": f"worker crashed: {error}", "seconds": 0.0}
            outcome.update(student=seat.student, seat=seat.number)
            if outcome["status"] == VERIFIED:  # a repository the student can push and update
                not_committed = commit_start(out / seat.package)
                if not_committed:
                    outcome.update(status=FAILED, reason=not_committed)
                else:  # git's files are the kit's too, so a retry may clear them
                    outcome["files"] = with_git_files(out / seat.package, outcome.get("files"))
                    # the grading files as built: collect grades with these copies
                    keep_pristine(out / seat.package, out / GRADERS_FOLDER / seat.package)
            records[seat.package] = outcome
            add_record(out, seat.package, outcome)
            rows[seat.package] = Row(seat, seat.package, describe(outcome))
            bar.advance(
                seat.package, rows[seat.package].result, seconds_of(outcome), rows[seat.package].ok
            )
    save_records(out, records)
    return rows


# --- the instructor folder and the summary ------------------------------------------------


def write_instructor_folder(out: Path, template: str) -> None:
    """The reference solutions of the template the seats came from (a local copy of it), else
    those of this clone; never copied into a seat."""
    target = out / INSTRUCTOR_FOLDER
    target.mkdir(parents=True, exist_ok=True)
    for folder in (Path(template) / "workshop" / "solutions", solutions()):
        if folder.is_dir():
            shutil.copytree(folder, target / "solutions", dirs_exist_ok=True)
            break
    (target / "README.txt").write_text(
        "Reference solutions for the workshop exercises. They are not in the students' projects.\n"
        "Apply them to a seat:\n\n"
        f"    modfirst kit solutions {out.resolve() / '<seat>'} 1 2 3\n\n"
        "__PACKAGE__ and __SUBPACKAGE__ in these files stand for the seat's own names.\n"
        "Exercise 5 is solved by commands (ex5/COMMANDS.txt), not files.\n",
        encoding="utf-8",
    )


def table(rows: list[Row]) -> str:
    header = ("seat", "student", "project", "result", "note")
    lines = [
        (str(r.seat.number), r.seat.student, r.project or "-", r.result, r.seat.note) for r in rows
    ]
    return options.table(header, lines)


def summarise(seats: list[Seat], built: dict[str, Row], out: Path, seconds: float) -> list[Row]:
    rows = [built.get(s.package) or Row(s, "", "refused") for s in seats]
    verified = sum(row.ok for row in rows)
    text = (
        f"{table(rows)}\n\n{verified} of {len(rows)} seats verified; "
        f"this run took {seconds:.1f} s.\n"
    )
    (out / SUMMARY_FILE).write_text(text, encoding="utf-8")
    print(text + f"(written to {out / SUMMARY_FILE})")
    return rows


def keep_roster(roster: Path, kept: Path) -> None:
    """A copy of the roster in the kit: `kit publish` reads its further columns (email, ...)."""
    kept.parent.mkdir(parents=True, exist_ok=True)
    if not kept.exists() or not kept.samefile(roster):
        shutil.copyfile(roster, kept)


# --- warm-up ------------------------------------------------------------------------------


def warm_up(opts: Options) -> int:
    """Build a throwaway project twice: online to fill the caches, then proving they suffice."""
    with tempfile.TemporaryDirectory(prefix="modfirst-kit-warm-up-") as temp:
        source = export_template(opts, Path(temp))
        for attempt in (1, 2):
            seat = Seat(number=attempt, student="Warm Up", package=f"warm_up_{attempt}")
            outcome = build(make_job(seat, Path(temp), opts, source))
            log = (Path(temp) / KIT_FOLDER / "logs" / f"{seat.package}.log").read_text(
                encoding="utf-8"
            )
            print(f"warm-up {attempt}: {describe(outcome)} ({seconds_of(outcome):.1f} s)")
            if outcome["status"] != VERIFIED:
                print(log[-2000:], file=sys.stderr)
                return 1
            if "offline from cache" in str(outcome.get("installer")):  # verify's report says
                print("Ready: projects install from the uv cache, no network needed.")
                return 0
    print(
        "Verified, but not from the cache: install uv (`python -m pip install uv`) so kits "
        "can build offline, then warm up again."
    )
    return 1


# --- command line -------------------------------------------------------------------------


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "roster", nargs="?", type=Path, help="CSV: student name[, package name] per row"
    )
    parser.add_argument("out", nargs="?", type=Path, help="folder for the kit (created if missing)")
    parser.add_argument(
        "--warm-up",
        action="store_true",
        help="build a throwaway project to fill the caches, and check they suffice offline",
    )
    options.add_template(parser, "template source for copier")
    options.add_jobs(parser)
    parser.add_argument(
        "--no-exercises",
        dest="exercises",
        action="store_false",
        help="leave the workshop exercises out of the projects",
    )
    options.add_seat_timeout(parser)
    options.add_data(parser, "an answer for every seat")


def options_of(args: argparse.Namespace) -> Options:
    template = options.template_of(args)
    return Options(
        template.src, template.vcs_ref, args.jobs, args.exercises, args.seat_timeout, args.data
    )


def run(args: argparse.Namespace) -> int:
    """Build the kit (or warm up); the exit status is 0 when every seat verified."""
    if args.template is None and followable_source() is None:
        print(
            f"{PROG}: note: building from the template files installed with modfirst, which "
            "have no git history: `modfirst kit update` cannot bring these seats a later fix. "
            "Install modfirst from a clone or `pip install git+URL`, or pass --template.",
            file=sys.stderr,
        )
    opts = options_of(args)
    options.uv_next_to_python()
    if args.warm_up:
        return warm_up(opts)
    if args.roster is None or args.out is None:
        print(f"{PROG}: give a roster and an output folder, or --warm-up", file=sys.stderr)
        return 2
    if not args.roster.is_file():
        print(f"{PROG}: no roster at {args.roster}", file=sys.stderr)
        return 2
    started = time.perf_counter()
    out = args.out.resolve()
    out.mkdir(parents=True, exist_ok=True)
    seats = assign(read_roster(args.roster), NameRules())
    keep_roster(args.roster, out / ROSTER_RECORD)
    try:
        source = export_template(opts, out)
    except (OSError, processes.Failed, processes.TimedOut) as error:
        print(f"{PROG}: cannot read the template at {opts.template}: {error}", file=sys.stderr)
        return 2
    record_template(out, source.template, opts.vcs_ref, source.origin, source.commit)
    built = build_seats([s for s in seats if not s.refused], out, opts, source)
    if opts.exercises:
        write_instructor_folder(out, source.template)
    rows = summarise(seats, built, out, time.perf_counter() - started)
    if opts.exercises:
        print(HAND_OUT_HOWTO.replace("OUT", shlex.quote(str(args.out))))
    return 0 if all(row.ok for row in rows) else 1
