"""`modfirst kit update`: a template fix reaches every seat of a real kit.

The kit is built from a tagged temporary template repo (0.1.0), then the template gets a fix
(0.2.0: a README line every seat has, and an exercise's starting file). Four seats: one
untouched, one a student worked in (committed), one with uncommitted work, one whose README
edit collides with the fix.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from helpers import commit_all, git, modfirst, snapshot, tree

KIT_TIMEOUT = 900
EXERCISE = "exercises/ex1/answers.py"
OLD_COMMENT = "# The last line of the error you get when you run"
NEW_COMMENT = "# The LAST line of the error Python prints when you run"
OLD_FOOTER = "Generated from the modfirst Copier template. To pull in"
NEW_FOOTER = "Generated from the modfirst Copier template (0.2.0). To pull in"


def kit(repo: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return modfirst(repo, "kit", *args, timeout=KIT_TIMEOUT)


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new), encoding="utf-8")


def results_of(out: Path) -> dict[str, dict[str, object]]:
    return {r["seat"]: r for r in json.loads((out / "_kit" / "update.json").read_text())}


@pytest.mark.slow
def test_update_brings_a_fix_to_every_seat_and_keeps_student_work(tmp_path: Path) -> None:
    repo = snapshot(tmp_path / "template repo")
    git("tag", "0.1.0", cwd=repo)
    out = tmp_path / "kit"
    roster = tmp_path / "roster.csv"
    roster.write_text("name,package\nAda,ada\nGrace,grace\nAlan,alan\nKurt,kurt\n")
    built = kit(repo, str(roster), str(out), "--vcs-ref", "0.1.0", "--jobs", "2")
    assert built.returncode == 0, built.stdout + built.stderr
    record = json.loads((out / "_kit" / "template.json").read_text())
    assert record["src_path"] == str(repo.resolve())
    for seat in ("ada", "grace", "alan", "kurt"):
        if not (out / seat / ".git").exists():  # seats are not committed by the kit (yet)
            commit_all(out / seat, "Start")

    # The students at work.
    grace = out / "grace"
    edit(grace / EXERCISE, 'ERROR = ""', 'ERROR = "ImportError: attempted relative import"')
    (grace / "exercises" / "ex2" / "string.py").unlink()  # exercise 2's solution
    edit(grace / "src" / "grace" / "core.py", "Hello", "Good day")
    commit_all(grace, "my work")
    edit(out / "kurt" / "README.md", OLD_FOOTER, "Kurt's own footer line. To pull in")
    commit_all(out / "kurt", "my footer")
    edit(out / "alan" / EXERCISE, 'COMMAND = ""', 'COMMAND = "python -m alan.tools"')
    alan_before = tree(out / "alan")

    # The template fix, tagged.
    edit(
        repo / "template" / "{% if workshop %}exercises{% endif %}" / "ex1" / "answers.py",
        OLD_COMMENT,
        NEW_COMMENT,
    )
    edit(repo / "template" / "README.md.jinja", OLD_FOOTER, NEW_FOOTER)
    commit_all(repo, "fix the exercise comment and the footer")
    git("tag", "0.2.0", cwd=repo)

    result = kit(repo, "update", str(out), "--jobs", "2")
    output = result.stdout + result.stderr
    assert result.returncode == 1, output  # not every seat could be updated
    results = results_of(out)
    assert {k: v["status"] for k, v in results.items()} == {
        "ada": "updated",
        "grace": "updated",
        "alan": "skipped",
        "kurt": "conflict",
    }, output

    ada = out / "ada"
    assert NEW_FOOTER in (ada / "README.md").read_text()
    assert NEW_COMMENT in (ada / EXERCISE).read_text()  # untouched exercise: the fix arrived
    assert results["ada"]["exercises_updated"] == [EXERCISE]
    assert results["ada"]["verification"] == "verified"
    assert git("status", "--porcelain", cwd=ada) == ""  # committed, ready for the next update

    assert NEW_FOOTER in (grace / "README.md").read_text()
    answers = (grace / EXERCISE).read_text()
    assert "ImportError: attempted relative import" in answers and OLD_COMMENT in answers
    assert results["grace"]["exercises_kept"] == [EXERCISE]
    assert not (grace / "exercises" / "ex2" / "string.py").exists()  # stays deleted
    assert "Good day" in (grace / "src" / "grace" / "core.py").read_text()

    assert tree(out / "alan") == alan_before  # refused, nothing touched
    assert "uncommitted work" in str(results["alan"]["reason"])
    assert f"git -C {out / 'alan'} add -A && git -C {out / 'alan'} commit" in output

    kurt_readme = (out / "kurt" / "README.md").read_text()
    assert results["kurt"]["conflicts"] == ["README.md"]
    assert "<<<<<<< before updating" in kurt_readme and "Kurt's own footer line" in kurt_readme
    assert NEW_COMMENT in (out / "kurt" / EXERCISE).read_text()

    again = kit(repo, "update", str(out), "--jobs", "2")
    statuses = {k: v["status"] for k, v in results_of(out).items()}
    assert statuses["ada"] == statuses["grace"] == "up to date", again.stdout + again.stderr
    assert statuses["kurt"] == "skipped"  # its conflict is not resolved yet

    moved = repo.rename(tmp_path / "moved template")
    lost = kit(moved, "update", str(out), "--json")
    ada_result = {r["seat"]: r for r in json.loads(lost.stdout)}["ada"]
    assert ada_result["status"] == "skipped" and "is gone (moved?)" in ada_result["reason"]
    assert "--template NEW_PLACE" in ada_result["fix"]
    found = kit(moved, "update", str(out), "--template", str(moved), "--json")
    ada_result = {r["seat"]: r for r in json.loads(found.stdout)}["ada"]
    assert ada_result["status"] == "up to date", found.stdout + found.stderr
    assert json.dumps(str(moved)) in (ada / ".copier-answers.yml").read_text()
    assert git("log", "-1", "--format=%s", cwd=ada).strip() == "Template moved"

    # A fix outside the exercises: the exercise files are not rendered again, deletions stay.
    edit(moved / "template" / "README.md.jinja", NEW_FOOTER, NEW_FOOTER.replace("0.2.0", "0.3.0"))
    commit_all(moved, "0.3.0")
    git("tag", "0.3.0", cwd=moved)
    third = kit(moved, "update", str(out), "--json")
    grace_result = {r["seat"]: r for r in json.loads(third.stdout)}["grace"]
    assert grace_result["status"] == "updated", third.stdout + third.stderr
    assert "(0.3.0). To pull in" in (grace / "README.md").read_text()
    assert not (grace / "exercises" / "ex2" / "string.py").exists()
    log = (out / "_kit" / "logs" / "update-grace.log").read_text()
    assert "exercise files unchanged from 0.2.0 to 0.3.0" in log


def fake_seat(folder: Path, src: str, git_repo: bool = True) -> None:
    folder.mkdir(parents=True)
    (folder / ".copier-answers.yml").write_text(
        f"_commit: 0123456789ab\n_src_path: {json.dumps(src)}\npackage_name: {folder.name}\n"
    )
    if git_repo:
        commit_all(folder, "Start")


def test_update_skips_seats_it_cannot_update_and_says_why(tmp_path: Path) -> None:
    out = tmp_path / "kit"
    fake_seat(out / "moved", str(tmp_path / "template that moved"))
    fake_seat(out / "plain", str(tmp_path), git_repo=False)
    fake_seat(out / "broken", str(tmp_path))
    (out / "broken" / ".copier-answers.yml").write_text("_src_path: [unclosed\n")
    (out / "half").mkdir()
    (out / "half" / "README.md").write_text("what is left\n")
    (out / "_kit").mkdir()
    records = {name: {"status": "verified"} for name in ("moved", "plain", "half", "gone")}
    (out / "_kit" / "seats.json").write_text(json.dumps(records))

    result = kit(Path(__file__).resolve().parents[2], "update", str(out), "--json")
    assert result.returncode == 1
    results = {r["seat"]: r for r in json.loads(result.stdout)}
    assert {k: v["status"] for k, v in results.items()} == dict.fromkeys(
        [*records, "broken"], "skipped"
    )
    assert ".copier-answers.yml cannot be read" in results["broken"]["reason"]
    assert "template that moved is gone (moved?)" in results["moved"]["reason"]
    assert "--template NEW_PLACE" in results["moved"]["fix"]
    assert "not a git repository" in results["plain"]["reason"]
    assert "commit -m Start" in results["plain"]["fix"]
    assert "half-deleted" in results["half"]["reason"]
    assert "renamed or deleted" in results["gone"]["reason"]
    assert (out / "half" / "README.md").read_text() == "what is left\n"
