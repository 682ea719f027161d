"""Read a roster and give every seat a unique package name that copier.yml's validator accepts.

A roster is a CSV file: one student per row, the name first and an optional package name
second. A first row whose first cell is "name" or "student" is a header and is skipped, as are
blank rows and rows starting with "#". Columns after those two, named by the header (id, email,
github, sid, section, ...), are the student's too: `kit publish` carries them into the kit's
repositories.csv, where collect's gradebooks and `--create github` read them.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path

from ..name_rules import NameRules

HEADER_WORDS = {"name", "student", "student name", "students"}


@dataclass
class Seat:
    number: int  # the row's position among the roster's students, from 1
    student: str
    package: str = ""  # empty when the seat is refused
    note: str = ""  # why a name was changed, or why the seat is refused

    @property
    def refused(self) -> bool:
        return not self.package


def roster_rows(path: Path) -> tuple[list[str], list[list[str]]]:
    """The roster's header (empty when it has none) and its student rows, cells stripped."""
    header: list[str] = []
    rows: list[list[str]] = []
    with path.open(newline="", encoding="utf-8-sig") as handle:
        for cells in csv.reader(handle):
            cells = [cell.strip() for cell in cells]
            if not any(cells) or cells[0].startswith("#"):
                continue
            if not rows and not header and cells[0].lower() in HEADER_WORDS:
                header = cells
                continue
            rows.append(cells)
    return header, rows


def read_roster(path: Path) -> list[tuple[str, str]]:
    """(student name, requested package or "") for every student row of the CSV file."""
    return [(cells[0], cells[1] if len(cells) > 1 else "") for cells in roster_rows(path)[1]]


def further_columns(path: Path) -> list[dict[str, str]]:
    """Each student row's columns after the name and package, by the header's names (id,
    email, github, ...), in the roster's order; empty dicts when the roster has no header."""
    header, rows = roster_rows(path)
    names = [name.lower() for name in header[2:]]
    return [
        {name: cell for name, cell in zip(names, cells[2:], strict=False) if name} for cells in rows
    ]


def plain_name(student: str) -> str:
    """The student's name as one plain line: copier.yml's project_name rules."""
    return re.sub(
        r"\s+", " ", re.sub(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]", " ", student)
    ).strip()


def derive(student: str, rules: NameRules) -> tuple[str, str]:
    """The package name copier's default makes from a student's name, and a note when it is
    not simply the name's words."""
    words, package = rules.words(student), rules.suggest(student)
    if package == words:
        return package, ""
    if not words:
        return package, (
            f"{package}: nothing in {student!r} is spelled in ASCII; "
            "give a package name in the roster's second column to choose one"
        )
    why = rules.refusal(words) or "a package name is kept under 100 characters"
    return package, f"{package}: {why}"


def unique(name: str, taken: set[str]) -> str:
    number = 2
    while f"{name}_{number}" in taken:
        number += 1
    return f"{name}_{number}"


def assign(rows: list[tuple[str, str]], rules: NameRules) -> list[Seat]:
    """One Seat per row: a valid, unique package, or a refusal that says why (copier's words)."""
    requested = {package for _, package in rows if package}
    taken: set[str] = set()
    seats = []
    for number, (student, package) in enumerate(rows, start=1):
        seat = Seat(number=number, student=plain_name(student))
        refused = rules.refusal(package) if package else ""
        if not seat.student:
            seat.note = "the name is empty"
        elif refused:
            seat.note = f"package {package!r} is refused: {refused}"
        else:
            name, note = (package, "") if package else derive(seat.student, rules)
            if name in taken:
                renamed = unique(name, taken | requested)
                note = f"{renamed}: {name!r} is taken by an earlier seat"
                name = renamed
            seat.package, seat.note = name, (f"renamed to {note}" if note else "")
            taken.add(name)
        seats.append(seat)
    return seats
