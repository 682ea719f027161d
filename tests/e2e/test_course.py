"""A course run from the students' own repositories: local bare repositories stand in for
GitHub's. `modfirst kit collect` reads GitHub Classroom's export as it is, grades each seat at
its last commit before the deadline (or its extension), flags edited grading files and grades
with the pristine ones, survives an unreachable repository, a force-push, a seat with no work
after Start and an infinite loop, writes FEEDBACK.md on a `feedback` branch (pushed only with
--push) and the gradebook formats."""

from __future__ import annotations

import csv
import shutil
import subprocess
import time
from pathlib import Path

import pytest

from helpers import modfirst, render, solve, student_git

pytestmark = pytest.mark.slow
DEADLINE = "2030-01-10T12:00+00:00"
BEFORE, AFTER, EXTENDED = (
    "2030-01-09T10:00:00+00:00",
    "2030-01-11T10:00:00+00:00",
    "2030-01-12T10:00:00+00:00",
)
# GitHub Classroom's grades export, its columns as the REST API's classroom-assignment-grade
CLASSROOM = (
    "assignment_name,assignment_url,starter_code_url,github_username,roster_identifier,"
    "student_repository_name,student_repository_url,submission_timestamp,points_awarded,"
    "points_available,group_name\n"
)


def git(*args: str, cwd: Path, when: str = BEFORE) -> str:
    return student_git(*args, cwd=cwd, when=when)


def commit(seat: Path, message: str, when: str) -> None:
    git("add", "-A", cwd=seat)
    git(
        "-c",
        "commit.gpgsign=false",
        "commit",
        "-q",
        "--no-verify",
        "-m",
        message,
        cwd=seat,
        when=when,
    )


def seat_with_remote(starter: Path, room: Path, name: str) -> Path:
    """A student's working copy, committed "Start" and pushed to its bare remote."""
    seat = Path(shutil.copytree(starter, room / "work" / name))
    git("init", "-q", "-b", "main", cwd=seat)
    commit(seat, "Start", "2030-01-01T09:00:00+00:00")
    git("init", "-q", "--bare", "-b", "main", str(room / f"{name}.git"), cwd=room)
    git("remote", "add", "origin", str(room / f"{name}.git"), cwd=seat)
    git("push", "-q", "origin", "main", cwd=seat)
    return seat


def collect(template: Path, *args: str) -> subprocess.CompletedProcess[str]:
    result = modfirst(template, "kit", "collect", *args, timeout=600)
    assert "Traceback" not in result.stdout + result.stderr, result.stderr
    return result


def rows_of(sheet: Path, key: str = "seat") -> dict[str, dict[str, str]]:
    return {row[key]: row for row in csv.DictReader(sheet.open(encoding="utf-8"))}


def test_a_course_from_the_students_repositories(template: Path, tmp_path: Path) -> None:
    room = tmp_path / "course"
    starter = render(template, room / "starter", project_name="Workshop", workshop=True)
    seats = {
        name: seat_with_remote(starter, room, name)
        for name in ("ada", "grace", "alan", "lin", "bob", "ext")
    }
    # ada: exercises 1-3 before the deadline, more work after it
    solve(template, seats["ada"], 1, 2, 3)
    commit(seats["ada"], "My work", BEFORE)
    (seats["ada"] / "notes.txt").write_text("late\n")
    commit(seats["ada"], "Late", AFTER)
    # lin: a check.py that passes everything, committed with exercise 1 untouched
    (seats["lin"] / "exercises" / "check.py").write_text(
        "import json\n\n"
        'ALL = [{"number": n, "title": "t", "passed": True, "problem": None, "hint": None,'
        ' "message": "ok"} for n in range(1, 6)]\n'
        'print(json.dumps({"exercises": ALL, "passed": 5, "asked": 5}))\n'
    )
    commit(seats["lin"], "Make it pass", BEFORE)
    # bob: exercise 3 whose program never ends
    hello = seats["bob"] / "src" / "workshop" / "hello"
    solve(template, seats["bob"], 3)
    (hello / "cli.py").write_text(
        "from .. import core\n\n\ndef main(argv: list[str] | None = None) -> int:\n"
        "    while True:\n        pass\n    print(core)\n    return 0\n"
    )
    commit(seats["bob"], "Loop", BEFORE)
    # ext: exercise 1-2 after the course deadline, before ext's extension
    solve(template, seats["ext"], 1, 2)
    commit(seats["ext"], "Extended", AFTER)
    # alan: work, pushed, then rewritten and force-pushed after the first collect
    solve(template, seats["alan"], 2)
    commit(seats["alan"], "Two", BEFORE)
    for name in ("ada", "lin", "bob", "ext", "alan"):
        git("push", "-q", "origin", "main", cwd=seats[name])

    sheet = room / "grades.csv"
    rows = [
        f"modfirst,https://classroom.invalid/a/1,https://github.invalid/org/starter,{name}-gh,"
        f"{name},workshop-{name},{room / (name + '.git')},,0,4,\n"
        for name in seats
    ]
    rows.append(
        "modfirst,https://classroom.invalid/a/1,https://github.invalid/org/starter,gone-gh,gone,"
        f"workshop-gone,{room / 'gone.git'},,0,4,\n"
    )
    sheet.write_text(CLASSROOM + "".join(rows), encoding="utf-8")
    (room / "extensions.csv").write_text(f"student,deadline\next,{EXTENDED}\n")

    results = room / "results.csv"
    started = time.monotonic()
    first = collect(
        template,
        str(sheet),
        "--deadline",
        DEADLINE,
        "--extensions",
        str(room / "extensions.csv"),
        "--graders",
        str(starter),
        "--csv",
        str(results),
        "--feedback",
    )
    seconds = time.monotonic() - started
    assert first.returncode == 1, first.stdout + first.stderr  # gone could not be checked
    graded = rows_of(results)
    assert sorted(graded) == ["ada", "alan", "bob", "ext", "gone", "grace", "lin"]
    ada = graded["ada"]
    assert [ada[f"exercise {n}"] for n in (1, 2, 3)] == ["pass"] * 3
    assert ada["committed"] == BEFORE and ada["graders"] == "pristine"
    assert (
        "work after the deadline: 1 commit(s), the last at 2030-01-11T10:00:00+00:00" in ada["note"]
    )
    assert "no commits after the starting one" in graded["grace"]["note"]
    assert graded["grace"]["passed"] == "0"
    assert graded["gone"]["note"].startswith(f"cannot reach {room / 'gone.git'}: fatal:")
    assert graded["gone"]["passed"] == ""
    lin = graded["lin"]
    assert lin["graders"] == "edited" and "exercises/check.py" in lin["note"]
    assert lin["exercise 1"] == "fail" and lin["passed"] == "0"  # the pristine check graded it
    bob = graded["bob"]
    assert bob["exercise 3"] == "fail" and bob["exercise 2"] == "fail"
    assert seconds < 200, seconds  # the loop cost exercise 3's limit, not the collection
    ext = graded["ext"]
    assert ext["committed"] == AFTER and ext["exercise 1"] == "pass" and ext["exercise 2"] == "pass"
    # the feedback: committed in the kit's clones, not pushed without --push
    assert "feedback ada: would push feedback (" in first.stdout
    remote_branches = git("branch", "--list", cwd=room / "ada.git")
    assert "feedback" not in remote_branches

    # bob's loop, through the self-check itself: a clear message within exercise 3's limit
    clone = room / "grades-clones" / "bob"
    feedback_md = git("show", "feedback:FEEDBACK.md", cwd=clone)
    assert "was still running when this exercise's time limit (30 s) ran out" in feedback_md

    # alan rewrites history and force-pushes; feedback goes out with --push
    git("commit", "-q", "--amend", "-m", "Two, again", cwd=seats["alan"], when=BEFORE)
    git("push", "-q", "--force", "origin", "main", cwd=seats["alan"])
    second = collect(
        template,
        str(sheet),
        "--deadline",
        DEADLINE,
        "--graders",
        str(starter),
        "--csv",
        str(results),
        "--feedback",
        "--push",
    )
    assert second.returncode == 1
    again = rows_of(results)
    assert "history rewritten since the last collect" in again["alan"]["note"]
    assert again["alan"]["exercise 2"] == "pass"
    assert "no commit before the deadline" not in again["ext"]["note"]
    pushed = git("show", "feedback:FEEDBACK.md", cwd=room / "ada.git")
    assert "# Feedback for ada" in pushed and "## Exercise 1" in pushed
    assert "work after the deadline" in pushed
    assert "feedback ada: pushed feedback (" in second.stdout

    # the gradebooks: Canvas's and Gradescope's columns, one row per student
    canvas = room / "canvas.csv"
    collect(
        template,
        str(sheet),
        "--deadline",
        DEADLINE,
        "--csv",
        str(canvas),
        "--format",
        "canvas",
        "--assignment",
        "Exercises",
    )
    header = canvas.read_text().splitlines()[0]
    assert header == "Student,ID,SIS User ID,SIS Login ID,Section,Exercises"
    by_student = rows_of(canvas, "Student")
    assert by_student["ada"]["Exercises"] == "3" and by_student["ada"]["SIS User ID"] == "ada"
    scope = room / "gradescope.csv"
    collect(template, str(sheet), "--csv", str(scope), "--format", "gradescope")
    assert scope.read_text().splitlines()[0] == "Name,SID,Email,Total Score"
    assert rows_of(scope, "Name")["gone"]["Total Score"] == ""


def test_refusals_are_one_line(template: Path, tmp_path: Path) -> None:
    sheet = tmp_path / "repos.csv"
    sheet.write_text("who,where\nada,ada.git\n")
    bad = collect(template, str(sheet))
    assert bad.returncode == 2 and len(bad.stderr.strip().splitlines()) == 1
    assert "no student column" in bad.stderr and "student,repository" in bad.stderr
    naive = collect(template, str(sheet), "--deadline", "2030-01-10T12:00")
    assert naive.returncode == 2 and "no UTC offset" in naive.stderr
    alone = collect(template, str(tmp_path), "--extensions", str(sheet))
    assert alone.returncode == 2 and "--extensions needs --deadline" in alone.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["repos.csv"]  # nothing written
