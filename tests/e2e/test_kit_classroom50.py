"""`modfirst kit classroom50`: the assignment entry and the autograder a Classroom 50 config
repository needs, validated against Classroom 50's own schemas (tests/schemas/classroom50); the
autograder run in students' checkouts as Classroom 50's runner runs it (its environment, the
checkout as working folder) grades with the pristine files; `kit collect` reads the collected
scores.json at a deadline."""

from __future__ import annotations

import csv
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from helpers import REPO, check_jsonschema, modfirst, render, solve
from modfirst.kit.graders import keep_pristine

pytestmark = pytest.mark.slow
SCHEMAS = REPO / "tests" / "schemas" / "classroom50"
SLUG = "modfirst-exercises"


def valid(document: Path, schema: str) -> None:
    result = check_jsonschema("--schemafile", str(SCHEMAS / schema), str(document))
    assert result.returncode == 0, result.stdout + result.stderr


def one_seat_kit(template: Path, kit: Path) -> Path:
    seat = render(template, kit / "workshop", project_name="Workshop", workshop=True)
    keep_pristine(seat, kit / "_kit" / "graders" / "workshop")
    return seat


def autograde(autograder: Path, checkout: Path, owner: str) -> dict[str, object]:
    """autograder.py as Classroom 50's runner starts it: in the checkout, with its variables."""
    env = {
        **os.environ,
        "CLASSROOM": "cs-101",
        "ASSIGNMENT": SLUG,
        "ASSIGNMENT_TYPE": "individual",
        "OWNER": owner,
        "USERNAME": owner,
        "SUBMISSION_TAG": "submit/2030-01-09T10-00-00Z-abc1234",
        "COMMIT_URL": f"https://github.com/org/cs-101-{SLUG}-{owner}/commit/abc1234",
        "RELEASE_URL": f"https://github.com/org/cs-101-{SLUG}-{owner}/releases/tag/submit",
    }
    done = subprocess.run(
        [sys.executable, str(autograder)],
        cwd=checkout,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    valid(checkout / "result.json", "result-v1.schema.json")
    loaded: dict[str, object] = json.loads((checkout / "result.json").read_text())
    return loaded


def test_assignment_autograder_and_scores(template: Path, tmp_path: Path) -> None:
    kit, config = tmp_path / "kit", tmp_path / "classroom50"
    seat = one_seat_kit(template, kit)
    other = {"slug": "hello", "name": "Hello", "mode": "individual", "autograder": "default"}
    (config / "cs-101").mkdir(parents=True)
    (config / "cs-101" / "assignments.json").write_text(
        json.dumps({"schema": "classroom50/assignments/v1", "assignments": [other]})
    )
    args = ["kit", "classroom50", str(kit), str(config), "--classroom", "cs-101"]
    args += ["--template", "course-org/workshop", "--due", "2030-01-10T12:00+01:00"]
    made = modfirst(template, *args, timeout=600)
    assert made.returncode == 0, made.stdout + made.stderr
    assignments = config / "cs-101" / "assignments.json"
    valid(assignments, "assignments-v1.schema.json")
    entries = json.loads(assignments.read_text())["assignments"]
    assert entries[0] == other  # the classroom's other assignment, kept as it was
    entry = entries[1]
    assert entry["slug"] == SLUG and entry["due"] == "2030-01-10T11:00:00Z"
    assert entry["template"] == {"owner": "course-org", "repo": "workshop", "branch": "main"}
    again = modfirst(template, *args, timeout=600)  # a re-run replaces its own entry only
    assert again.returncode == 0 and "replaced" in again.stdout
    assert len(json.loads(assignments.read_text())["assignments"]) == 2

    autograder = config / "cs-101" / "autograders" / SLUG / "autograder.py"
    ada = Path(shutil.copytree(seat, tmp_path / "ada"))
    solve(template, ada, 1, 2, 3)
    graded = autograde(autograder, ada, "ada")
    assert graded["score"] == 3 and graded["max-score"] == 4
    lin = Path(shutil.copytree(seat, tmp_path / "lin"))  # a check.py that passes everything
    (lin / "exercises" / "check.py").write_text(
        "import json\nALL = [{'number': n, 'passed': True} for n in range(1, 6)]\n"
        "print(json.dumps({'exercises': ALL}))\n"
    )
    cheat = autograde(autograder, lin, "lin")
    assert cheat["score"] == 0
    tests = cheat["tests"]
    assert isinstance(tests, list)
    assert "exercises/check.py" in tests[0]["note"]

    # scores.json as Classroom 50's collection writes it: each result without `assignment`,
    # newest first; ada pushed once more after the deadline
    late = {**graded, "datetime": "2030-01-11T10:00:00Z", "late": True, "score": 4}
    on_time = {**graded, "datetime": "2030-01-09T10:00:00Z"}
    submissions = {"ada": [late, on_time], "lin": [{**cheat, "datetime": "2030-01-09T11:00:00Z"}]}
    for listed in submissions.values():
        for record in listed:
            record.pop("assignment", None)
    scores = tmp_path / "scores.json"
    bucket = {"type": "individual", "entries": [
        {"owner": owner, "submissions": listed} for owner, listed in submissions.items()
    ]}  # fmt: skip
    scores.write_text(
        json.dumps({"schema": "classroom50/scores/v1", "assignments": {SLUG: bucket}})
    )
    valid(scores, "scores-v1.schema.json")
    sheet = tmp_path / "grades.csv"
    collected = modfirst(
        template, "kit", "collect", str(scores), "--deadline", "2030-01-10T12:00+01:00",
        "--csv", str(sheet), timeout=600,
    )  # fmt: skip
    assert collected.returncode == 0, collected.stdout + collected.stderr
    rows = {row["seat"]: row for row in csv.DictReader(sheet.open(encoding="utf-8"))}
    assert rows["ada"]["passed"] == "3" and rows["ada"]["committed"] == "2030-01-09T10:00:00Z"
    assert "work after the deadline: 1 submission(s)" in rows["ada"]["note"]
    assert rows["lin"]["passed"] == "0"


def test_refusals_are_one_line_and_write_nothing(template: Path, tmp_path: Path) -> None:
    kit, config = tmp_path / "kit", tmp_path / "classroom50"
    one_seat_kit(template, kit)
    (kit / "second").mkdir()
    (kit / "second" / "exercises").mkdir()
    cases = {
        ("--classroom", "CS 101", "--template", "org/workshop"): "not a Classroom 50 short name",
        ("--classroom", "cs-101", "--template", "workshop"): "is not OWNER/REPO",
        ("--classroom", "cs-101", "--template", "org/w", "--due", "tomorrow"): "--due",
        ("--classroom", "cs-101", "--template", "org/w"): "name the starter with --seat",
    }
    for args, said in cases.items():
        result = modfirst(template, "kit", "classroom50", str(kit), str(config), *args)
        assert result.returncode == 2, result.stdout + result.stderr
        assert len(result.stderr.strip().splitlines()) == 1 and said in result.stderr
    assert not config.exists()
