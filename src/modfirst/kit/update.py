"""Bring a template fix to every seat of a kit: `copier update` in each, one report.

Every folder of KIT_DIR with a `.copier-answers.yml` is a seat (the kit's own, or a folder of
student clones). Each seat must be its own git repository with its work committed: a seat that
is not, or whose folder is gone or half-deleted, or whose template moved, is skipped with the
reason and the command that fixes it, and the others go on. Per seat the result is:

  updated     the template's changes merged with the student's edits and committed
  up to date  nothing to change
  conflict    both changed the same lines: inline markers left for the student (not committed)
  skipped     not attempted, with why and what to do
  failed      copier or the verification failed (see _kit/logs/update-<seat>.log)

The check copier runs after each update (hooks/verify.py) writes its outcome as JSON to
_kit/logs/update-<seat>.json, which the kit reads for the seat's verification.

Exercise files are the student's (`_skip_if_exists` in copier.yml), so copier never touches an
existing one. The kit adds one rule on top: an exercise file the template changed reaches a
seat where it is exactly as the previous version rendered it (untouched); a file the student
edited is kept and reported; one the student deleted stays deleted.
"""

from __future__ import annotations

import argparse
import json
import os
import shlex
import sys
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import asdict, dataclass, field
from pathlib import Path

import yaml

from .. import processes
from ..answers import ANSWERS, load_answers
from ..copier_cli import CopierError
from ..copier_cli import update as copier_update
from ..git import changed_files, conflicted, git, unmerged_files
from ..hooks.absolute_source import set_answers
from . import options
from .exercise_fixes import carry_exercise_fixes, committed, is_local
from .graders import GRADERS_FOLDER, follow_update, grading_files
from .progress import Progress
from .records import KIT_FOLDER, load_records, seat_folders
from .repos import GIT_IDENTITY, foreign_tip, push_branch
from .seat import VERIFIED, read_report, verdict
from .sources import FetchError, SourceError, fetch, read_repositories

UPDATED, UP_TO_DATE, CONFLICT, SKIPPED, FAILED = (
    "updated",
    "up to date",
    "conflict",
    "skipped",
    "failed",
)


@dataclass
class SeatResult:
    seat: str  # the seat's package (or folder) name
    folder: str
    status: str
    reason: str = ""
    fix: str = ""  # the command that lets a skipped seat be updated next time
    conflicts: list[str] = field(default_factory=list)
    exercises_updated: list[str] = field(default_factory=list)  # fix let through (untouched)
    exercises_kept: list[str] = field(default_factory=list)  # the student's edits kept
    verification: str = ""

    @property
    def note(self) -> str:
        parts = [self.reason] if self.reason else []
        if self.conflicts:
            parts.append("conflict markers in " + ", ".join(self.conflicts))
        if self.exercises_updated:
            parts.append("exercise fix applied to " + ", ".join(self.exercises_updated))
        if self.exercises_kept:
            parts.append(
                "kept the student's version of "
                + ", ".join(self.exercises_kept)
                + " (the template changed it too)"
            )
        if self.verification:
            parts.append(self.verification)
        if self.fix:
            parts.append("to fix: " + self.fix)
        return "; ".join(parts)


@dataclass(frozen=True)
class Options:
    """What update was asked, read once from the command line."""

    kit: Path  # the kit's folder, a folder of clones, or a CSV of repositories (absolute)
    template: str | None  # where the template is now (--template), absolute when a folder
    vcs_ref: str | None
    jobs: int
    seat_timeout: int
    json: bool
    cache: Path  # where a CSV's repositories are cloned (absolute)
    push: bool

    @property
    def graders_root(self) -> Path | None:
        """The kit's pristine grading files, which follow an update (a kit's folder only)."""
        return self.kit / GRADERS_FOLDER if self.kit.is_dir() else None


class Skip(Exception):
    def __init__(self, reason: str, fix: str = "") -> None:
        super().__init__(reason)
        self.reason, self.fix = reason, fix


# --- small tools ----------------------------------------------------------------------------


def quoted(path: Path) -> str:
    return shlex.quote(str(path))


def read_answers(folder: Path) -> dict[str, object]:
    try:
        return load_answers(folder)
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
        raise Skip(
            f"{ANSWERS} cannot be read ({type(error).__name__})",
            f"git -C {quoted(folder)} checkout HEAD -- {ANSWERS}",
        ) from None


# --- finding the seats ----------------------------------------------------------------------


def find_seats(kit: Path) -> tuple[dict[str, Path], list[SeatResult]]:
    """Seats to update by name, and results for the kit's seats that cannot be found."""
    found: dict[str, Path] = {}
    for folder in seat_folders(kit):
        if (folder / ANSWERS).is_file():  # copier update needs it
            try:
                package = str(read_answers(folder).get("package_name") or folder.name)
            except Skip:
                package = folder.name  # update_seat reports it
            found[package if package not in found else folder.name] = folder
    records = load_records(kit)
    missing = []
    for package in sorted(records):
        folder = kit / package
        if package in found:
            continue
        if folder.is_dir():
            missing.append(
                SeatResult(
                    package,
                    str(folder),
                    SKIPPED,
                    f"{package}/ has no {ANSWERS} (half-deleted?), so copier cannot tell "
                    "which template and answers it came from",
                    f"git -C {quoted(folder)} checkout HEAD -- {ANSWERS}",
                )
            )
        else:
            missing.append(
                SeatResult(
                    package,
                    str(folder),
                    SKIPPED,
                    f"the folder {package}/ is gone (renamed or deleted)",
                    f"move the student's folder back to {quoted(folder)}",
                )
            )
    return found, missing


# --- one seat ------------------------------------------------------------------------------


def check_repository(folder: Path) -> None:
    """Skip unless the seat is its own git repository with a commit and nothing uncommitted."""
    start = (
        f"git -C {quoted(folder)} init && git -C {quoted(folder)} add -A && "
        f"git -C {quoted(folder)} commit -m Start"
    )
    if not (folder / ".git").exists():
        raise Skip("not a git repository of its own (copier updates only committed work)", start)
    if git("rev-parse", "--verify", "HEAD", cwd=folder, check=False).returncode != 0:
        raise Skip("a git repository without a commit yet", start)
    unmerged = unmerged_files(folder)
    if unmerged:
        raise Skip(
            "conflicts from an earlier update are not resolved yet: " + ", ".join(unmerged),
            f"edit those files in {quoted(folder)} (remove the <<<<<<< markers), then "
            f"git -C {quoted(folder)} add -A && git -C {quoted(folder)} commit -m 'Resolve update'",
        )
    names = changed_files(folder)
    if names:
        shown = ", ".join(names[:3]) + (" ..." if len(names) > 3 else "")
        raise Skip(
            f"uncommitted work in {len(names)} file(s) ({shown}); nothing was changed",
            f"git -C {quoted(folder)} add -A && git -C {quoted(folder)} commit -m 'My work'",
        )


def move_template(folder: Path, answers: dict[str, object], template: str | None) -> str:
    """The template source to update from: the recorded one, or --template where it moved."""
    recorded = str(answers.get("_src_path") or "")
    if recorded and "_commit" not in answers:
        raise Skip(
            f"it was built from {recorded}, a template folder with no git history, which "
            "copier update cannot follow",
            "build kits from a clone of modfirst, or `pip install git+URL` of it, so seats "
            "record a commit (this seat keeps working as it is)",
        )
    if not recorded:
        raise Skip(
            f"{ANSWERS} does not say which template and commit built this seat",
            f"git -C {quoted(folder)} log -- {ANSWERS}   (find the last good one and restore it)",
        )
    if template is None or template == recorded:
        if is_local(recorded) and not Path(recorded).exists():
            raise Skip(
                f"its template {recorded} is gone (moved?)",
                "run update again with --template NEW_PLACE (a clone of the same template)",
            )
        return recorded
    path = folder / ANSWERS
    before = path.read_text(encoding="utf-8")
    set_answers(path, {"_src_path": template})  # only that entry; copier's spelling of the rest
    if recorded_source(folder) != template:
        path.write_text(before, encoding="utf-8")  # never leave a file copier can't read
        raise Skip(f"could not record {template} in {ANSWERS}", f"edit _src_path in {path}")
    git("add", ANSWERS, cwd=folder)
    git(*GIT_IDENTITY, "commit", "-q", "--no-verify", "-m", "Template moved", cwd=folder)
    return template


def recorded_source(folder: Path) -> object:
    """The answers file's _src_path; None when the file no longer reads as YAML."""
    import yaml

    try:
        return load_answers(folder).get("_src_path")
    except (OSError, ValueError, yaml.YAMLError):
        return None


def update_seat(name: str, folder: Path, opts: Options, log: Path) -> SeatResult:
    result = SeatResult(name, str(folder), UPDATED)
    try:
        before = read_answers(folder)
        check_repository(folder)
        src = move_template(folder, before, opts.template)
    except Skip as skip:
        result.status, result.reason, result.fix = SKIPPED, skip.reason, skip.fix
        return result
    head = git("rev-parse", "HEAD", cwd=folder).stdout.decode().strip()
    graders_before = grading_files(folder)
    ref = opts.vcs_ref or template_head(src)
    log.parent.mkdir(parents=True, exist_ok=True)
    report = log.with_suffix(".json")  # the check after the update writes its outcome here
    report.unlink(missing_ok=True)
    updated = copier_update(
        folder,
        tasks=True,
        vcs_ref=ref,
        timeout=opts.seat_timeout,
        env={"MODFIRST_VERIFY_REPORT": str(report)},
    )
    log.write_text(
        f"copier update --vcs-ref {ref or '(newest)'} in {folder}: {updated.error or 'done'}\n",
        encoding="utf-8",
    )
    if updated.error:
        result.status, result.reason, result.fix = FAILED, updated.error, f"see {log}"
        return result
    checked = read_report(report)
    if checked is not None:
        status, reason = verdict(checked, None)
        result.verification = VERIFIED if status == VERIFIED else f"NOT verified: {reason}"
    after = read_answers(folder)
    try:
        done = carry_exercise_fixes(
            folder,
            src,
            before,
            after,
            head,
            opts.seat_timeout,
            result.exercises_updated,
            result.exercises_kept,
        )
    except (OSError, processes.Failed, processes.TimedOut, CopierError) as error:
        done = result.reason = f"could not compare exercise files: {error}"
    with log.open("a", encoding="utf-8") as handle:
        handle.write(f"modfirst kit update: {done}\n")
    finish(folder, result, before, after)
    if result.status == UPDATED and opts.graders_root is not None:  # collect grades with these
        follow_update(opts.graders_root / folder.name, folder, graders_before)
    return result


def template_head(src: str) -> str | None:
    """A local clone's last commit (what the kit builds from); copier's choice otherwise."""
    if is_local(src) and (Path(src) / ".git").exists():
        return git("rev-parse", "HEAD", cwd=Path(src)).stdout.decode().strip()
    return None


def finish(
    folder: Path, result: SeatResult, before: dict[str, object], after: dict[str, object]
) -> None:
    """Conflict, up to date, or commit the update so the seat is ready for the next one.

    `before` and `after` are the seat's answers before and after the update."""
    changed = changed_files(folder)
    result.conflicts = conflicted(folder, changed)
    if result.conflicts:
        result.status = CONFLICT
        result.fix = (
            f"the student resolves the markers, then git add -A && git commit (in {quoted(folder)})"
        )
        return
    if changed == [ANSWERS] and yaml.safe_load(committed(folder, "HEAD", ANSWERS) or b"") == after:
        # copier rewrote the answers file with the same answers, spelled its own way
        git("checkout", "HEAD", "--", ANSWERS, cwd=folder)
        changed = []
    if not changed:
        result.status = UP_TO_DATE
        return
    git("add", "-A", cwd=folder)
    message = f"Update from the template ({before.get('_commit')} -> {after.get('_commit')})"
    git(*GIT_IDENTITY, "commit", "-q", "--no-verify", "-m", message, cwd=folder)


# --- the whole kit -------------------------------------------------------------------------


def table(results: list[SeatResult]) -> str:
    return options.table(("seat", "result", "note"), [(r.seat, r.status, r.note) for r in results])


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "kit",
        type=Path,
        metavar="SOURCE",
        help="the kit's folder, a folder of student clones, or a CSV of repositories "
        "(student,repository; GitHub Classroom's export as it is)",
    )
    parser.add_argument(
        "--vcs-ref",
        default=None,
        help="template version to update to (default: the last commit of a local clone, "
        "else the newest tag)",
    )
    parser.add_argument(
        "--template",
        default=None,
        help="where the template is now, when it moved since the kit was built",
    )
    options.add_jobs(parser)
    options.add_seat_timeout(parser)
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    parser.add_argument(
        "--cache", type=Path, help="where a CSV's repositories are cloned (default: next to it)"
    )
    parser.add_argument(
        "--push",
        action="store_true",
        help=f"push the `{BRANCH}` branch to each repository of a CSV (default: say what would be)",
    )


# --- seats in the students' repositories ---------------------------------------------------

BRANCH = "template-update"


def repository_seats(opts: Options) -> tuple[dict[str, Path], list[SeatResult], dict[str, str]]:
    """Each repository of the CSV cloned or fetched into the cache, on a fresh `template-update`
    branch from its default branch; a repository that cannot be reached is a skipped row.
    Also each seat's repository, where the branch is pushed."""
    found: dict[str, Path] = {}
    skipped: list[SeatResult] = []
    seats = read_repositories(opts.kit)
    for seat in seats:
        try:
            fetched = fetch(seat.repository, opts.cache / seat.name)
        except FetchError as error:
            skipped.append(SeatResult(seat.name, seat.repository, SKIPPED, str(error)))
            continue
        git("checkout", "--quiet", "--force", "-B", BRANCH, fetched.tip, cwd=fetched.clone)
        git("clean", "-ffdxq", cwd=fetched.clone)
        found[seat.name] = fetched.clone
    return found, skipped, {seat.name: seat.repository for seat in seats}


def push_update(result: SeatResult, folder: Path, repository: str, push: bool) -> None:
    """Push (or say it would push) the updated branch; students merge it, or a pull request."""
    sha = git("rev-parse", "--short=12", "HEAD", cwd=folder).stdout.decode().strip()
    if not push:
        result.reason = f"would push {BRANCH} ({sha}) to {repository}"
        return
    other = foreign_tip(folder, BRANCH)
    if other:
        result.reason = (
            f"not pushed: {BRANCH} in {repository} has commits the kit did not make "
            f"({other[:12]}); the student's work there is kept"
        )
        return
    failed = push_branch(folder, BRANCH)
    result.reason = (
        f"not pushed: {failed}" if failed else f"pushed {BRANCH} ({sha}) to {repository}"
    )


def options_of(args: argparse.Namespace) -> Options:
    template = args.template
    kit = args.kit.absolute()
    return Options(
        kit=kit,
        template=str(Path(template).resolve()) if template and is_local(template) else template,
        vcs_ref=args.vcs_ref,
        jobs=args.jobs,
        seat_timeout=args.seat_timeout,
        json=args.json,
        cache=options.clones_cache(kit, args.cache),
        push=args.push,
    )


def run(args: argparse.Namespace) -> int:
    opts = options_of(args)
    options.uv_next_to_python()
    os.environ["GIT_TERMINAL_PROMPT"] = "0"  # an unreachable repository fails, never asks
    repositories: dict[str, str] = {}
    if opts.kit.is_file():
        try:
            seats, results, repositories = repository_seats(opts)
        except SourceError as error:
            print(f"modfirst kit update: {error}", file=sys.stderr)
            return 2
        kit = opts.cache
    elif opts.kit.is_dir():
        kit = opts.kit
        seats, results = find_seats(kit)
    else:
        print(
            f"modfirst kit update: no folder or CSV file {args.kit}; give the kit's folder or "
            "a CSV of repositories",
            file=sys.stderr,
        )
        return 2
    logs = kit / KIT_FOLDER / "logs"
    with Progress(len(seats), "updating") as bar, ThreadPoolExecutor(opts.jobs) as pool:
        futures = {
            pool.submit(update_seat, name, folder, opts, logs / f"update-{name}.log"): name
            for name, folder in seats.items()
        }
        for future in as_completed(futures):
            try:
                result = future.result()
            except Exception as error:  # one seat's surprise must not stop the others
                name = futures[future]
                result = SeatResult(
                    name, str(seats[name]), FAILED, f"{type(error).__name__}: {error}"
                )
            if result.status == UPDATED and repositories:
                push_update(result, seats[result.seat], repositories[result.seat], opts.push)
            results.append(result)
            bar.advance(result.seat, result.status, ok=result.status in (UPDATED, UP_TO_DATE))
    results.sort(key=lambda r: r.seat)
    report = [asdict(r) for r in results]
    (kit / KIT_FOLDER).mkdir(parents=True, exist_ok=True)
    (kit / KIT_FOLDER / "update.json").write_text(json.dumps(report, indent=1), encoding="utf-8")
    counts = {
        s: sum(r.status == s for r in results)
        for s in (UPDATED, UP_TO_DATE, CONFLICT, SKIPPED, FAILED)
    }
    summary = ", ".join(f"{n} {s}" for s, n in counts.items() if n)
    if opts.json:
        print(json.dumps(report, indent=1))
    else:
        details = kit / KIT_FOLDER / "update.json"
        print(f"{table(results)}\n\n{summary or 'no seats found'}. (details: {details})")
    return 0 if results and counts[UPDATED] + counts[UP_TO_DATE] == len(results) else 1
