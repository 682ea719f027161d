"""Read a roster and give every seat a unique package name that copier.yml's validator accepts.

A roster is a CSV file: one student per row, the name first and an optional package name
second. A first row whose first cell is "name" or "student" is a header and is skipped, as are
blank rows and rows starting with "#".
"""

from __future__ import annotations

import csv
import keyword
import re
import sys
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

HEADER_WORDS = {"name", "student", "student name", "students"}
# The subpackage every seat gets; a package of the same name is refused by copier.yml.
SUBPACKAGE = "tools"


@dataclass
class Seat:
    number: int  # the row's position among the roster's students, from 1
    student: str
    package: str = ""  # empty when the seat is refused
    note: str = ""  # why a name was changed, or why the seat is refused

    @property
    def refused(self) -> bool:
        return not self.package


@dataclass
class NameRules:
    """The lists behind copier.yml's package_name validator."""

    stdlib: set[str]
    keywords: set[str]
    reserved: set[str]

    @classmethod
    def from_copier_yml(cls, path: Path) -> NameRules:
        import yaml  # installed with copier, which the kit needs anyway

        data = yaml.safe_load(path.read_text(encoding="utf-8")) if path.is_file() else {}

        def default(key: str, fallback: Iterable[str]) -> set[str]:
            value = data.get(key, {}).get("default")
            # copier.yml keeps these lists as one YAML string (rendered once, then parsed)
            parsed = yaml.safe_load(value) if isinstance(value, str) else value
            return {str(item) for item in (parsed or fallback)}

        return cls(
            stdlib=default("stdlib_names", getattr(sys, "stdlib_module_names", ())),
            keywords=default("python_keywords", keyword.kwlist),
            reserved=default("reserved_names", ()),
        )

    def problem(self, name: str) -> str:
        """Why copier.yml would refuse `name` as a package name; empty when it passes."""
        if not name:
            return "it is empty"
        if not re.fullmatch(r"[a-z][a-z0-9_]*", name):
            return (
                "a package name is lower-case ASCII letters, digits and underscores, "
                "starting with a letter"
            )
        if name in self.keywords:
            return "it is a Python keyword"
        if name in self.stdlib or name in {m.lower() for m in self.stdlib}:
            return "it is a standard-library module (the string.py trap)"
        if name in self.reserved:
            return "it is a tool or folder the project relies on"
        if name == SUBPACKAGE:
            return f"it is the name of the subpackage every project has ({SUBPACKAGE})"
        return ""


def read_roster(path: Path) -> list[tuple[str, str]]:
    """(student name, requested package or "") for every student row of the CSV file."""
    rows: list[tuple[str, str]] = []
    with path.open(newline="", encoding="utf-8-sig") as handle:
        for cells in csv.reader(handle):
            cells = [cell.strip() for cell in cells]
            if not any(cells) or cells[0].startswith("#"):
                continue
            if not rows and cells[0].lower() in HEADER_WORDS:
                continue
            rows.append((cells[0], cells[1] if len(cells) > 1 else ""))
    return rows


def plain_name(student: str) -> str:
    """The student's name as one plain line: copier.yml's project_name rules."""
    return re.sub(
        r"\s+", " ", re.sub(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]", " ", student)
    ).strip()


def derive(student: str, rules: NameRules) -> tuple[str, str]:
    """A package name made from a student's name, and a note when it had to be changed."""
    ascii_name = unicodedata.normalize("NFKD", student).encode("ascii", "ignore").decode()
    base = re.sub(r"[^a-z0-9]+", "_", ascii_name.lower()).strip("_")
    if not base:
        return (
            "",
            f"cannot make a package name from {student!r}; give one in the roster's second column",
        )
    if base[0].isdigit():
        return "py_" + base, f"py_{base}: a package name cannot start with a digit"
    problem = rules.problem(base)
    if problem:
        return base + "_tool", f"{base}_tool: {base!r} is refused because {problem}"
    return base, ""


def unique(name: str, taken: set[str]) -> str:
    number = 2
    while f"{name}_{number}" in taken:
        number += 1
    return f"{name}_{number}"


def assign(rows: list[tuple[str, str]], rules: NameRules) -> list[Seat]:
    """One Seat per row: a valid, unique package, or a refusal that says why."""
    requested = {package for _, package in rows if package}
    taken: set[str] = set()
    seats = []
    for number, (student, package) in enumerate(rows, start=1):
        seat = Seat(number=number, student=plain_name(student))
        if not seat.student:
            seat.note = "the name is empty"
        elif package and rules.problem(package):
            suggestion = derive(package, rules)[0]
            seat.note = f"package {package!r} is not allowed because {rules.problem(package)}" + (
                f"; try {suggestion!r}" if suggestion else ""
            )
        else:
            name, note = (package, "") if package else derive(seat.student, rules)
            if not name:
                seat.note = note
            else:
                if name in taken:
                    renamed = unique(name, taken | requested)
                    note = f"{renamed}: {name!r} is taken by an earlier seat"
                    name = renamed
                seat.package, seat.note = name, (f"renamed to {note}" if note else "")
                taken.add(name)
        seats.append(seat)
    return seats
