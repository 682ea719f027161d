"""The results as a CSV: the kit's own columns, or a gradebook's import format.

plain       seat, student, verification, exercise N..., passed, note, then the graded commit,
            its time and the state of the grading files
canvas      Canvas's gradebook import: Student, ID, SIS User ID, SIS Login ID, Section, then one
            column per assignment (Canvas guides, "How do I import grades in the Gradebook?";
            e.g. teaching.resources.osu.edu/toolsets/carmencanvas/guides/calculating-final-grades/
            import-csv-file-carmen-grades: the student's name or ID or SIS User ID, SIS Login ID,
            Section and the assignment's column). Canvas matches rows by ID or SIS IDs, so
            give those columns in the repositories' CSV (id, sis_user_id, sis_login_id,
            section, or email).
gradescope  Gradescope's score upload, spelled like its own grade export: Name, SID, Email,
            Total Score (Gradescope matches students by email or SID).
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from pathlib import Path
from typing import Protocol

FORMATS = ("plain", "canvas", "gradescope")


class Row(Protocol):
    folder: str
    student: str
    verification: str
    exercises: dict[int, bool]
    commit: str
    committed: str
    graders: str
    columns: dict[str, str]

    @property
    def passed(self) -> int: ...

    @property
    def note(self) -> str: ...


def column(row: Row, *names: str) -> str:
    """The first of `names` the row's source CSV has (case-insensitive), else ""."""
    lowered = {k.strip().lower(): v for k, v in row.columns.items() if k}
    return next((lowered[n].strip() for n in names if lowered.get(n)), "")


def score(row: Row) -> str:
    return str(row.passed) if row.exercises else ""


def plain(rows: Sequence[Row], numbers: list[int]) -> list[list[str]]:
    header = ["seat", "student", "verification", *(f"exercise {n}" for n in numbers)]
    table = [[*header, "passed", "note", "commit", "committed", "graders"]]
    for r in rows:
        marks = [
            ("pass" if r.exercises[n] else "fail") if n in r.exercises else "" for n in numbers
        ]
        table.append(
            [
                r.folder,
                r.student,
                r.verification,
                *marks,
                score(r),
                r.note,
                r.commit,
                r.committed,
                r.graders,
            ]
        )
    return table


def canvas(rows: Sequence[Row], assignment: str) -> list[list[str]]:
    table = [["Student", "ID", "SIS User ID", "SIS Login ID", "Section", assignment]]
    for r in rows:
        table.append(
            [
                column(r, "name", "student") or r.student,
                column(r, "id", "canvas_id"),
                column(r, "sis user id", "sis_user_id", "sid", "student_id", "roster_identifier"),
                column(r, "sis login id", "sis_login_id", "login", "email"),
                column(r, "section"),
                score(r),
            ]
        )
    return table


def gradescope(rows: Sequence[Row]) -> list[list[str]]:
    table = [["Name", "SID", "Email", "Total Score"]]
    for r in rows:
        sid = column(r, "sid", "student_id", "sis_user_id", "roster_identifier")
        table.append([column(r, "name") or r.student, sid, column(r, "email"), score(r)])
    return table


def write(path: Path, kind: str, rows: Sequence[Row], numbers: list[int], assignment: str) -> None:
    table = (
        canvas(rows, assignment)
        if kind == "canvas"
        else gradescope(rows)
        if kind == "gradescope"
        else plain(rows, numbers)
    )
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(table)
