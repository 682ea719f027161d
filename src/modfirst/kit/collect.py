"""Collect results: every seat's self-check, one row per student.

KIT_DIR is a kit the kit built, or any folder of student clones (one project per subfolder).
Each seat runs `python -m exercises.check --json` with its own .venv's Python when it has one
(exercises 4 and 5 are about that venv), else with a Python outside any venv: the kit's own
venv is not the student's, and judging exercise 5 by it would start pip and pytest for nothing.
A seat that cannot be checked is a row that says why. The terminal gets a table; --csv FILE
gets the same rows for a spreadsheet.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from ..answers import load_answers
from .options import add_jobs
from .options import table as options_table
from .records import load_records, seat_folders

CHECK_TIMEOUT = 600
NOT_RECORDED = "not recorded"


@dataclass
class Result:
    """One seat: who, how its verification went, and each exercise's pass or fail."""

    folder: str
    student: str
    verification: str
    exercises: dict[int, bool] = field(default_factory=dict)
    note: str = ""

    @property
    def passed(self) -> int:
        return sum(self.exercises.values())


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


def check_seat(seat: Path, verification: str) -> Result:
    result = Result(seat.name, student_of(seat), verification)
    if not (seat / "exercises" / "check.py").is_file():
        result.note = "cannot check: exercises/check.py is missing"
        return result
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
    try:
        run = subprocess.run(
            [seat_python(seat), "-m", "exercises.check", "--json"],
            cwd=seat,
            env=env,
            capture_output=True,
            text=True,
            stdin=subprocess.DEVNULL,
            timeout=CHECK_TIMEOUT,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as error:
        result.note = f"cannot check: {error}"
        return result
    try:
        document = json.loads(run.stdout)
        result.exercises = {int(e["number"]): bool(e["passed"]) for e in document["exercises"]}
    except (ValueError, KeyError, TypeError):
        lines = (run.stderr or run.stdout).strip().splitlines() or ["no output"]
        result.note = f"cannot check: the self-check failed ({lines[-1][:200]})"
    return result


def table(results: list[Result], numbers: list[int]) -> str:
    header = ["seat", "student", "verification", *map(str, numbers), "passed", "note"]
    rows = [
        [
            r.folder,
            r.student,
            r.verification,
            *(("pass" if r.exercises[n] else "-") if n in r.exercises else "?" for n in numbers),
            f"{r.passed}/{len(numbers)}" if r.exercises else "?",
            r.note,
        ]
        for r in results
    ]
    return options_table(tuple(header), [tuple(row) for row in rows])


def write_csv(path: Path, results: list[Result], numbers: list[int]) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        exercises = [f"exercise {n}" for n in numbers]
        writer.writerow(["seat", "student", "verification", *exercises, "passed", "note"])
        for r in results:
            marks = [
                ("pass" if r.exercises[n] else "fail") if n in r.exercises else "" for n in numbers
            ]
            passed = str(r.passed) if r.exercises else ""
            writer.writerow([r.folder, r.student, r.verification, *marks, passed, r.note])


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("kit", type=Path, help="a kit folder, or a folder of student clones")
    parser.add_argument("--csv", type=Path, help="also write the rows to this CSV file")
    add_jobs(parser)


def run(args: argparse.Namespace) -> int:
    if not args.kit.is_dir():
        print(
            f"modfirst kit collect: no folder at {args.kit}; give the kit's folder", file=sys.stderr
        )
        return 2
    seats = seat_folders(args.kit)
    if not seats:
        print(
            f"modfirst kit collect: {args.kit} holds no projects (folders with "
            ".copier-answers.yml or exercises/); give the kit's folder",
            file=sys.stderr,
        )
        return 2
    recorded = verifications(args.kit)
    with ThreadPoolExecutor(max_workers=args.jobs) as pool:
        results = list(
            pool.map(lambda seat: check_seat(seat, recorded.get(seat.name, NOT_RECORDED)), seats)
        )
    numbers = sorted({n for r in results for n in r.exercises}) or [1, 2, 3, 4, 5]
    print(table(results, numbers))
    unchecked = [r.folder for r in results if not r.exercises]
    print(
        f"\n{len(results) - len(unchecked)} of {len(results)} seats checked; "
        f"{sum(r.passed for r in results)} exercises passed in all."
    )
    if args.csv:
        write_csv(args.csv, results, numbers)
        print(f"(rows written to {args.csv})")
    return 1 if unchecked else 0
