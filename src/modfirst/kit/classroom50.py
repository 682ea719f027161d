"""`modfirst kit classroom50 KIT OUT`: the files an instructor commits to a Classroom 50
config repository (github.com/foundation50/classroom50) to hand out a kit's starter and grade it.

    OUT/<classroom>/assignments.json                      this assignment's entry (others kept)
    OUT/<classroom>/autograders/<slug>/autograder.py      grades one submission (autograder50.py)
    OUT/<classroom>/autograders/<slug>/autograder.json    the exercises it grades
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
    graded = {str(n): t for n, t in titles(seat).items() if n in GRADED}
    config = {"exercises": graded, "setup": {str(n): argv for n, argv in SETUP.items()}}
    (folder / "autograder.json").write_text(json.dumps(config, indent=1) + "\n", "utf-8")
    shutil.copyfile(Path(__file__).with_name("autograder50.py"), folder / "autograder.py")
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


def refusal(opts: Options) -> str:
    if not SHORT_NAME.match(opts.classroom):
        return f"--classroom {opts.classroom!r} is not a Classroom 50 short name (a-z, 0-9, -)"
    if not SHORT_NAME.match(opts.slug):
        return f"--slug {opts.slug!r} is not a Classroom 50 short name (a-z, 0-9, -)"
    if not OWNER_REPO.match(opts.template):
        return f"--template {opts.template!r} is not OWNER/REPO, e.g. course-org/workshop"
    if not opts.kit.is_dir():
        return f"no kit folder at {opts.kit}; give the folder `modfirst kit` built"
    return ""


def run(args: argparse.Namespace) -> int:
    try:
        due = parse_instant(args.due) if args.due else None
    except ValueError as error:
        print(f"{PROG}: --due: {error}", file=sys.stderr)
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
    refused = refusal(opts)
    if refused:
        print(f"{PROG}: {refused}", file=sys.stderr)
        return 2
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
