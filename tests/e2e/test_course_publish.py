"""A course without a classroom service, end to end on local bare repositories (a room without
network, or GitHub's stand-in): a kit built from a roster, published, students clone, commit and
push, collect at a deadline (pristine grading files rendered from each seat's own records, no
--graders), feedback pushed, a template fix pushed and merged by one student, collect again,
and the Canvas and Gradescope CSVs from the roster's columns."""

from __future__ import annotations

import csv
import subprocess
from pathlib import Path

import pytest

from helpers import commit_all, modfirst, solve, student_git

pytestmark = pytest.mark.slow
DEADLINE, LATER = "2030-01-10T12:00+00:00", "2030-02-10T12:00+00:00"
BEFORE, AFTER = "2030-01-09T10:00:00+00:00", "2030-01-11T10:00:00+00:00"
CHECK = Path("template", "{% if workshop %}exercises{% endif %}", "check.py.jinja")


def git(*args: str, cwd: Path, when: str = BEFORE) -> str:
    return student_git(*args, cwd=cwd, when=when)


def work(clone: Path, message: str, when: str) -> None:
    git("add", "-A", cwd=clone)
    git("commit", "-q", "--no-verify", "-m", message, cwd=clone, when=when)
    git("push", "-q", "origin", "HEAD:main", cwd=clone)


def kit(source: Path, *args: str) -> subprocess.CompletedProcess[str]:
    result = modfirst(source, "kit", *args, timeout=900)
    assert "Traceback" not in result.stdout + result.stderr, result.stderr
    return result


def rows(sheet: Path, key: str) -> dict[str, dict[str, str]]:
    return {row[key]: row for row in csv.DictReader(sheet.open(encoding="utf-8"))}


def test_a_course_on_bare_repositories(template: Path, tmp_path: Path) -> None:
    source = tmp_path / "template"  # a clone of its own: the course commits a fix to it
    git("clone", "-q", str(template), str(source), cwd=tmp_path)
    roster = tmp_path / "roster.csv"
    roster.write_text(
        "name,package,email,sid\n"
        "Ada Lovelace,ada,ada@school.invalid,1001\n"
        "Grace Hopper,grace,grace@school.invalid,1002\n"
        "Lin,lin,lin@school.invalid,1003\n"
    )
    out, room = tmp_path / "kit", tmp_path / "room"
    built = kit(source, str(roster), str(out), "--template", str(source), "--vcs-ref", "HEAD")
    assert built.returncode == 0, built.stdout + built.stderr
    published = kit(source, "publish", str(out), "--to", f"{room}/{{seat}}.git")
    assert published.returncode == 0 and "3 published" in published.stdout, published.stdout
    sheet = out / "repositories.csv"

    clones = {}
    for seat in ("ada", "grace", "lin"):
        clones[seat] = tmp_path / "students" / seat
        git("clone", "-q", str(room / f"{seat}.git"), str(clones[seat]), cwd=tmp_path)
    solve(source, clones["ada"], 1, 2, 3)
    work(clones["ada"], "Exercises 1-3", BEFORE)
    (clones["ada"] / "notes.txt").write_text("late\n")
    work(clones["ada"], "Late", AFTER)
    answers = clones["lin"] / ".copier-answers.yml"  # lin edits the check and the answers
    answers.write_text(answers.read_text().replace("project_name: Lin", "project_name: Linus"))
    (clones["lin"] / "exercises" / "check.py").write_text(
        "import json\nALL = [{'number': n, 'passed': True} for n in range(1, 6)]\n"
        "print(json.dumps({'exercises': ALL, 'passed': 5, 'asked': 5}))\n"
    )
    work(clones["lin"], "Pass", BEFORE)

    results = tmp_path / "results.csv"
    first = kit(
        source, "collect", str(sheet), "--deadline", DEADLINE, "--csv", str(results),
        "--feedback", "--push",
    )  # fmt: skip
    assert first.returncode == 0, first.stdout + first.stderr
    graded = rows(results, "seat")
    ada, grace, lin = graded["ada"], graded["grace"], graded["lin"]
    assert [ada[f"exercise {n}"] for n in (1, 2, 3, 4)] == ["pass", "pass", "pass", "fail"]
    assert ada["graders"] == "pristine" and ada["committed"] == BEFORE
    assert "work after the deadline: 1 commit(s)" in ada["note"]
    assert grace["passed"] == "0" and "no commits after the starting one" in grace["note"]
    assert lin["graders"] == "edited" and lin["passed"] == "0"
    assert "exercises/check.py" in lin["note"] and "edited .copier-answers.yml" in lin["note"]
    feedback = git("show", "feedback:FEEDBACK.md", cwd=room / "ada.git")
    assert "# Feedback for Ada Lovelace" in feedback and "work after the deadline" in feedback

    # a fix to the template's check, pushed to every repository; ada merges it, grace does not
    check = source / CHECK
    check.write_text(check.read_text() + "# fixed after the first collect\n")
    commit_all(source, "Fix the check")
    dry = kit(source, "update", str(sheet))
    assert "would push template-update" in dry.stdout, dry.stdout + dry.stderr
    assert "template-update" not in git("branch", "--list", cwd=room / "ada.git")
    pushed = kit(source, "update", str(sheet), "--push")
    assert pushed.stdout.count("pushed template-update") == 3, pushed.stdout + pushed.stderr
    git("pull", "-q", "--no-rebase", "--no-edit", "origin", "template-update", cwd=clones["ada"])
    git("push", "-q", "origin", "HEAD:main", cwd=clones["ada"])
    assert "# fixed" in (clones["ada"] / "exercises" / "check.py").read_text()
    # grace commits on the kit's template-update branch; the next fix leaves her commit alone
    git("fetch", "-q", "origin", cwd=clones["grace"])
    git("checkout", "-q", "-b", "template-update", "origin/template-update", cwd=clones["grace"])
    (clones["grace"] / "merge-notes.txt").write_text("mine\n")
    git("add", "-A", cwd=clones["grace"])
    git("commit", "-q", "--no-verify", "-m", "Notes", cwd=clones["grace"], when=AFTER)
    git("push", "-q", "origin", "template-update", cwd=clones["grace"])
    mine = git("rev-parse", "template-update", cwd=room / "grace.git")
    check.write_text(check.read_text() + "# fixed again\n")
    commit_all(source, "Fix the check again")
    second = kit(source, "update", str(sheet), "--push")
    assert "template-update in " in second.stdout and "the kit did not make" in second.stdout
    assert git("rev-parse", "template-update", cwd=room / "grace.git") == mine
    assert second.stdout.count("pushed template-update") == 2, second.stdout + second.stderr

    again = kit(source, "collect", str(sheet), "--deadline", LATER, "--csv", str(results))
    assert again.returncode == 0, again.stdout + again.stderr
    regraded = rows(results, "seat")
    assert regraded["ada"]["graders"] == "pristine"  # the fixed check is hers now, and pristine
    assert regraded["ada"]["passed"] == "3" and regraded["grace"]["graders"] == "pristine"
    assert regraded["lin"]["graders"] == "edited"
    republished = kit(source, "publish", str(out), "--to", f"{room}/{{seat}}.git")
    assert "1 up to date, 2 student work kept" in republished.stdout  # never over their work

    canvas, scope = tmp_path / "canvas.csv", tmp_path / "gradescope.csv"
    args = ["collect", str(sheet), "--deadline", LATER, "--csv"]
    kit(source, *args, str(canvas), "--format", "canvas", "--assignment", "Exercises")
    kit(source, *args, str(scope), "--format", "gradescope")
    in_canvas = rows(canvas, "Student")
    assert in_canvas["Ada Lovelace"]["Exercises"] == "3"
    assert in_canvas["Ada Lovelace"]["SIS User ID"] == "1001"
    in_scope = rows(scope, "Name")
    assert in_scope["Grace Hopper"] == {
        "Name": "Grace Hopper",
        "SID": "1002",
        "Email": "grace@school.invalid",
        "Total Score": "0",
    }
