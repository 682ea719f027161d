"""`modfirst kit classroom50 KIT OUT`: the files an instructor commits to a Classroom 50
config repository (github.com/foundation50/classroom50) to hand out a kit's starter and grade it.

    OUT/<classroom>/assignments.json                      this assignment's entry (others kept)
    OUT/<classroom>/autograders/<slug>/autograder.py      grades one submission
    OUT/<classroom>/autograders/<slug>/grading/...        the starter's pristine grading files

OUT is usually a clone of the organisation's `classroom50` repository. The starter is one seat
of the kit (a one-seat kit built for the purpose, published with `kit publish`), named in the
entry's `template` (--template OWNER/REPO). Classroom 50's runner runs autograder.py in each
student's checkout: it puts the pristine grading files back over the student's copies (naming
any that were edited), runs `python -m exercises.check --json N` for each graded exercise, one
point each, and writes the result.json Classroom 50 collects into scores.json, which
`modfirst kit collect scores.json` reads.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import sys
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from ..answers import load_answers
from .deadline import parse_instant
from .graders import GRADERS_FOLDER, HASHES
from .records import seat_folders

PROG = "modfirst kit classroom50"
SHORT_NAME = re.compile(r"^[a-z0-9][a-z0-9-]{1,38}$")  # Classroom 50's shortName
OWNER_REPO = re.compile(r"^([A-Za-z0-9][A-Za-z0-9-]*)/([A-Za-z0-9._-]+)$")
ASSIGNMENTS_SCHEMA = "classroom50/assignments/v1"
# The graded exercises and their set-up: includes/exercises.jinja, as the seat's own
# exercises/check.py renders them (TITLES), read from the seat rather than written again.
SETUP = {4: ["python", "-m", "pip", "install", "-e", "."]}
GRADED = (1, 2, 3, 4)  # exercise 5 is done at the student's terminal and changes no file


@dataclass(frozen=True)
class Options:
    kit: Path
    out: Path
    classroom: str
    slug: str
    name: str
    template: str  # OWNER/REPO of the starter repository on GitHub
    branch: str
    seat: str | None
    due: datetime | None


def starter(opts: Options) -> Path:
    """The seat the students start from: --seat, else the kit's only seat."""
    seats = [s for s in seat_folders(opts.kit) if opts.seat in (None, s.name)]
    if len(seats) != 1:
        names = ", ".join(s.name for s in seat_folders(opts.kit)) or "none"
        raise ValueError(
            f"{opts.kit} has {'no seat ' + repr(opts.seat) if opts.seat else 'several seats'} "
            f"(its seats: {names}); name the starter with --seat, or build a one-seat kit"
        )
    return seats[0]


def titles(seat: Path) -> dict[int, str]:
    """Each exercise's title, as the seat's exercises/check.py states it (TITLES)."""
    text = (seat / "exercises" / "check.py").read_text(encoding="utf-8")
    return {int(n): t for n, t in re.findall(r'^\s+(\d+): "([^"]+)",$', text, re.MULTILINE)}


def entry(opts: Options, seat: Path) -> dict[str, object]:
    """The assignment's entry in assignments.json, normalised as Classroom 50's CLI writes it."""
    owner, repo = opts.template.split("/", 1)
    record: dict[str, object] = {
        "slug": opts.slug,
        "name": opts.name,
        "description": "modfirst workshop exercises, graded by `python -m exercises.check`.",
        "template": {"owner": owner, "repo": repo, "branch": opts.branch},
        "mode": "individual",
        "autograder": "default",
    }
    if opts.due is not None:
        record["due"] = opts.due.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    python = str(load_answers(seat).get("python_min") or "")
    if python:
        record["runtime"] = {"python": python}
    return record


def write_assignments(path: Path, record: dict[str, object]) -> str:
    """Add or replace this assignment's entry, keeping every other entry as it is."""
    document: dict[str, Any] = {"schema": ASSIGNMENTS_SCHEMA, "assignments": []}
    if path.is_file():
        document = json.loads(path.read_text(encoding="utf-8"))
        if document.get("schema") != ASSIGNMENTS_SCHEMA:
            raise ValueError(f"{path} is not a {ASSIGNMENTS_SCHEMA} document; leave it be")
    entries = [e for e in list(document.get("assignments") or []) if isinstance(e, dict)]
    replaced = any(e.get("slug") == record["slug"] for e in entries)
    entries = [record if e.get("slug") == record["slug"] else e for e in entries]
    document["assignments"] = entries if replaced else [*entries, record]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return "replaced" if replaced else "added"


def write_autograder(folder: Path, seat: Path, pristine: Path) -> list[str]:
    """autograder.py and the pristine grading files beside it (grading/); their names."""
    grading = folder / "grading"
    if grading.exists():
        shutil.rmtree(grading)  # ours: written whole each time
    names = sorted(json.loads((pristine / HASHES).read_text(encoding="utf-8")))
    for name in names:
        (grading / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(pristine / name, grading / name)
    graded = {n: t for n, t in titles(seat).items() if n in GRADED}
    script = AUTOGRADER.replace("__EXERCISES__", json.dumps(graded)).replace(
        "__SETUP__", json.dumps({str(n): argv for n, argv in SETUP.items()})
    )
    (folder / "autograder.py").write_text(script, encoding="utf-8")
    return names


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("kit", type=Path, help="the kit's folder (a one-seat kit: the starter)")
    parser.add_argument("out", type=Path, help="the classroom50 config repository (a clone)")
    parser.add_argument("--classroom", required=True, help="the classroom's short name")
    parser.add_argument(
        "--template",
        required=True,
        metavar="OWNER/REPO",
        help="the starter repository on GitHub (where `kit publish` put the seat)",
    )
    parser.add_argument("--slug", default="modfirst-exercises", help="the assignment's slug")
    parser.add_argument("--name", default="modfirst exercises", help="the assignment's name")
    parser.add_argument("--branch", default="main", help="the starter's branch (default: main)")
    parser.add_argument("--seat", help="the kit's seat that is the starter (default: its only one)")
    parser.add_argument("--due", help="when it is due, e.g. 2026-12-10T23:59+01:00 (advisory)")


def refusal(args: argparse.Namespace) -> str:
    if not SHORT_NAME.match(args.classroom):
        return f"--classroom {args.classroom!r} is not a Classroom 50 short name (a-z, 0-9, -)"
    if not SHORT_NAME.match(args.slug):
        return f"--slug {args.slug!r} is not a Classroom 50 short name (a-z, 0-9, -)"
    if not OWNER_REPO.match(args.template):
        return f"--template {args.template!r} is not OWNER/REPO, e.g. course-org/workshop"
    if not args.kit.is_dir():
        return f"no kit folder at {args.kit}; give the folder `modfirst kit` built"
    return ""


def run(args: argparse.Namespace) -> int:
    refused = refusal(args)
    try:
        due = parse_instant(args.due) if args.due and not refused else None
    except ValueError as error:
        refused = f"--due: {error}"
    if refused:
        print(f"{PROG}: {refused}", file=sys.stderr)
        return 2
    opts = Options(
        args.kit.absolute(),
        args.out.absolute(),
        args.classroom,
        args.slug,
        args.name,
        args.template,
        args.branch,
        args.seat,
        due,
    )
    try:
        seat = starter(opts)
        pristine = opts.kit / GRADERS_FOLDER / seat.name
        if not (pristine / HASHES).is_file():
            raise ValueError(f"{seat.name} has no pristine grading files in {pristine}; rebuild")
        record = entry(opts, seat)
        classroom = opts.out / opts.classroom
        done = write_assignments(classroom / "assignments.json", record)
    except (OSError, ValueError) as error:
        print(f"{PROG}: {error}", file=sys.stderr)
        return 2
    folder = classroom / "autograders" / opts.slug
    folder.mkdir(parents=True, exist_ok=True)
    names = write_autograder(folder, seat, pristine)
    print(
        f"{done} {opts.slug} in {classroom / 'assignments.json'} (starter {opts.template}, from "
        f"seat {seat.name});\nwrote {folder / 'autograder.py'} and {len(names)} grading files. "
        "Commit and push them to the classroom50 repository."
    )
    return 0


# The autograder Classroom 50's runner runs per submission, in the student's checkout. It needs
# only the standard library: the runner's Python is not the kit's.
AUTOGRADER = '''\
"""Classroom 50 autograder for the modfirst workshop, written by `modfirst kit classroom50`.

Runs in the student's checkout. The grading files beside this one (grading/, the starter's
pristine copies) are put back over the student's, and any that differed are named in the
result; then each exercise is one test worth one point: `python -m exercises.check --json N`.
Writes ./result.json (classroom50/result/v1) and exits 0 once it ran end to end.
"""

import datetime
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

GRADING = Path(__file__).resolve().parent / "grading"
EXERCISES = {int(n): title for n, title in __EXERCISES__.items()}
SETUP = {int(n): argv for n, argv in __SETUP__.items()}
LIMIT = 600  # seconds for one step; each exercise's own limit is shorter


def put_back():
    """Copy the pristine grading files over the checkout's; the names that differed."""
    edited = []
    for source in sorted(p for p in GRADING.rglob("*") if p.is_file()):
        name = source.relative_to(GRADING).as_posix()
        target = Path(name)
        if not target.is_file() or target.read_bytes() != source.read_bytes():
            edited.append(name)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target)
    return edited


def run(argv):
    argv = [sys.executable if argv[0] == "python" else argv[0], *argv[1:]]
    try:
        return subprocess.run(argv, capture_output=True, text=True, timeout=LIMIT, check=False)
    except subprocess.TimeoutExpired:
        return None


def grade(number, title, note):
    if number in SETUP:
        run(SETUP[number])  # a project that does not install fails the check, which says so
    done = run(["python", "-m", "exercises.check", "--json", str(number)])
    test = {"test-name": f"Exercise {number}: {title}", "passed": False, "max-score": 1}
    try:
        (found,) = json.loads(done.stdout)["exercises"]
        test["passed"] = bool(found["passed"])
        said = found["message"] if found["passed"] else f"{found['problem']} {found['hint']}"
    except (AttributeError, TypeError, KeyError, ValueError):
        lines = (done.stderr or done.stdout).strip().splitlines() if done else []
        said = f"the self-check did not run: {lines[-1] if lines else 'no output'}"
    test["score"] = 1 if test["passed"] else 0
    test["message"] = " ".join(str(said).split())
    if note:
        test["note"] = note
    return test


def main():
    edited = put_back()
    note = f"graded with the pristine {', '.join(edited)}" if edited else ""
    tests = [grade(number, title, note) for number, title in sorted(EXERCISES.items())]
    now = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    commit = os.environ.get("COMMIT_URL", "")
    result = {
        "schema": "classroom50/result/v1",
        "classroom": os.environ.get("CLASSROOM", ""),
        "assignment": os.environ.get("ASSIGNMENT", ""),
        "assignment_type": os.environ.get("ASSIGNMENT_TYPE", "individual"),
        "owner": os.environ.get("OWNER") or os.environ.get("USERNAME", ""),
        "submission": os.environ.get("SUBMISSION_TAG", ""),
        "commit": commit,
        "release": os.environ.get("RELEASE_URL", ""),
        "review": os.environ.get("REVIEW_URL") or commit,
        "datetime": now,
        "score": sum(t["score"] for t in tests),
        "max-score": len(tests),
        "tests": tests,
    }
    Path("result.json").write_text(json.dumps(result, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
'''
