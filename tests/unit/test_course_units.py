"""The course tools' pure parts: the repositories' CSV (GitHub Classroom's export as it is),
deadlines and extensions, the pristine grading files, FEEDBACK.md and the gradebook columns."""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from modfirst.kit import feedback, gradebook
from modfirst.kit.deadline import parse_instant, read_extensions
from modfirst.kit.graders import edited, grading_files, keep_pristine, pristine_hashes
from modfirst.kit.sources import SourceError, read_repositories

CLASSROOM_HEADER = (
    "assignment_name,assignment_url,starter_code_url,github_username,roster_identifier,"
    "student_repository_name,student_repository_url,submission_timestamp,points_awarded,"
    "points_available,group_name"
)


def test_instants_need_their_offset() -> None:
    assert parse_instant("2026-12-10T23:59+01:00") == datetime(2026, 12, 10, 22, 59, tzinfo=UTC)
    assert parse_instant("2026-12-10T22:59Z").utcoffset() == timedelta(0)
    with pytest.raises(ValueError, match="no UTC offset"):
        parse_instant("2026-12-10T23:59")
    with pytest.raises(ValueError, match="not a date"):
        parse_instant("next friday")


def test_classroom_export_is_read_as_it_is(tmp_path: Path) -> None:
    sheet = tmp_path / "grades.csv"
    sheet.write_text(
        f"{CLASSROOM_HEADER}\n"
        "hw,u,s,ada-gh,Ada L,hw-ada-gh,https://github.com/org/hw-ada-gh,,3,4,\n"
        "hw,u,s,bob-gh,,hw-bob-gh,git@github.com:org/hw-bob-gh.git,,0,4,\n",
        encoding="utf-8",
    )
    ada, bob = read_repositories(sheet)
    assert (ada.student, ada.name, ada.repository) == (
        "Ada L",
        "Ada-L",
        "https://github.com/org/hw-ada-gh",
    )
    assert (bob.student, bob.repository) == ("bob-gh", "git@github.com:org/hw-bob-gh.git")
    assert ada.columns["roster_identifier"] == "Ada L"


def test_plain_csv_paths_are_relative_to_it_and_names_unique(tmp_path: Path) -> None:
    sheet = tmp_path / "repos.csv"
    sheet.write_text("Student,Repository\nada,seats/ada.git\nada,other.git\n", encoding="utf-8")
    first, second = read_repositories(sheet)
    assert first.repository == str((tmp_path / "seats" / "ada.git").resolve())
    assert (first.name, second.name) == ("ada", "ada_2")


def test_a_csv_without_the_columns_is_refused_in_one_line(tmp_path: Path) -> None:
    sheet = tmp_path / "repos.csv"
    sheet.write_text("who,where\nada,x\n", encoding="utf-8")
    with pytest.raises(SourceError) as refused:
        read_repositories(sheet)
    assert "\n" not in str(refused.value) and "student,repository" in str(refused.value)


def test_extensions_by_instant_or_days(tmp_path: Path) -> None:
    deadline = parse_instant("2026-12-10T23:59+01:00")
    sheet = tmp_path / "ext.csv"
    sheet.write_text("student,deadline,days\nada,2026-12-12T12:00+00:00,\nbob,,1.5\n")
    extended = read_extensions(sheet, deadline)
    assert extended["ada"] == parse_instant("2026-12-12T12:00Z")
    assert extended["bob"] == deadline + timedelta(days=1.5)
    sheet.write_text("student,deadline\nada,tomorrow\n")
    with pytest.raises(SourceError, match="line 2"):
        read_extensions(sheet, deadline)


def test_grading_files_kept_pristine_and_edits_found(tmp_path: Path) -> None:
    seat = tmp_path / "seat"
    for name in ("exercises/check.py", "exercises/__init__.py", "tests/test_x.py", "src/p.py"):
        (seat / name).parent.mkdir(parents=True, exist_ok=True)
        (seat / name).write_text(f"# {name}\n")
    hashes = keep_pristine(seat, tmp_path / "pristine")
    assert sorted(hashes) == ["exercises/__init__.py", "exercises/check.py", "tests/test_x.py"]
    assert pristine_hashes(tmp_path / "pristine") == hashes == grading_files(seat)
    assert edited(seat, hashes) == []
    (seat / "exercises" / "check.py").write_text("print('all pass')\n")
    (seat / "tests" / "test_x.py").unlink()
    assert edited(seat, hashes) == ["exercises/check.py", "tests/test_x.py"]


def test_feedback_names_each_exercise() -> None:
    exercises: list[dict[str, object]] = [
        {"number": 1, "title": "one", "passed": True, "message": "well done"},
        {"number": 2, "title": "two", "passed": False, "problem": "missing", "hint": "add it"},
    ]
    text = feedback.text("Ada", exercises, "0123456789abcdef", ["late work not graded"])
    assert "1 of 2 exercises pass" in text and "`0123456789ab`" in text
    assert "Passed. well done" in text and "Not yet. missing" in text
    assert "Try next: add it" in text and "- late work not graded" in text


@dataclass
class Row:
    folder: str
    student: str
    verification: str = "not recorded"
    exercises: dict[int, bool] = field(default_factory=dict)
    commit: str = ""
    committed: str = ""
    graders: str = ""
    columns: dict[str, str] = field(default_factory=dict)

    @property
    def passed(self) -> int:
        return sum(self.exercises.values())

    @property
    def note(self) -> str:
        return ""


def test_gradebook_columns(tmp_path: Path) -> None:
    rows = [
        Row("ada", "Ada", exercises={1: True, 2: True}, columns={"Email": "a@x", "SID": "7"}),
        Row("bob", "Bob"),
    ]
    path = tmp_path / "out.csv"
    gradebook.write(path, "canvas", rows, [1, 2], "Workshop")
    table = list(csv.reader(path.open(encoding="utf-8")))
    assert table[0] == ["Student", "ID", "SIS User ID", "SIS Login ID", "Section", "Workshop"]
    assert table[1] == ["Ada", "", "7", "a@x", "", "2"] and table[2][-1] == ""
    gradebook.write(path, "gradescope", rows, [1, 2], "Workshop")
    table = list(csv.reader(path.open(encoding="utf-8")))
    assert table[:2] == [["Name", "SID", "Email", "Total Score"], ["Ada", "7", "a@x", "2"]]
    gradebook.write(path, "plain", rows, [1, 2], "Workshop")
    header = next(csv.reader(path.open(encoding="utf-8")))
    assert header[:6] == ["seat", "student", "verification", "exercise 1", "exercise 2", "passed"]


def test_solutions_refuse_a_project_without_exercises_in_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from modfirst.cli import main

    project = tmp_path / "plain"
    (project / "src" / "plain").mkdir(parents=True)
    answers = "package_name: plain\nsubpackage_name: tools\nworkshop: false\n"
    (project / ".copier-answers.yml").write_text(answers)
    before = sorted(p.relative_to(project) for p in project.rglob("*"))
    assert main(["kit", "solutions", str(project), "1"]) == 2
    said = capsys.readouterr().err.strip().splitlines()
    assert len(said) == 1 and "has no exercises/" in said[0] and "workshop" in said[0]
    assert sorted(p.relative_to(project) for p in project.rglob("*")) == before
    assert main(["kit", "solutions", str(project), "7"]) == 2
    assert "go from 1 to 5" in capsys.readouterr().err


def test_pristine_files_come_from_the_trusted_answers(tmp_path: Path) -> None:
    """A seat's grading files are judged by the answers the kit last wrote (its own commits, or
    the first): an edited answers file is flagged, and a seat whose trusted answers are the kit
    seat's own takes the kit's copies without a render (the recorded template here is gone, so
    a render would fail)."""
    import subprocess

    from modfirst.kit.graders import recorded_pristine
    from modfirst.kit.repos import GIT_IDENTITY

    def git(*args: str, cwd: Path) -> None:
        subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, timeout=60)

    answers = "_commit: abc1234\n_src_path: /nowhere/modfirst\npackage_name: ada\n"
    kit = tmp_path / "kit"
    (kit / "ada" / "exercises").mkdir(parents=True)
    (kit / "ada" / ".copier-answers.yml").write_text(answers)
    (kit / "ada" / "exercises" / "check.py").write_text("print('pristine')\n")
    keep_pristine(kit / "ada", kit / "_kit" / "graders" / "ada")
    clone = tmp_path / "clone"
    clone.mkdir()
    (clone / ".copier-answers.yml").write_text(answers)
    git("init", "-q", "-b", "main", cwd=clone)
    git("add", "-A", cwd=clone)
    git(*GIT_IDENTITY, "commit", "-q", "-m", "Start", cwd=clone)
    folder, edited_answers = recorded_pristine(clone, "HEAD", tmp_path / "cache", kit / "ada")
    assert folder == kit / "_kit" / "graders" / "ada" and not edited_answers

    (clone / ".copier-answers.yml").write_text(answers.replace("ada\n", "grace\n"))
    git("-c", "user.name=s", "-c", "user.email=s@x.invalid", "commit", "-qam", "Mine", cwd=clone)
    folder, edited_answers = recorded_pristine(clone, "HEAD", tmp_path / "cache", kit / "ada")
    assert folder == kit / "_kit" / "graders" / "ada" and edited_answers  # judged by Start's
