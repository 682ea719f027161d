"""`modfirst kit publish`: every seat pushed to its own repository (local bare ones here, as in
a room without network), repositories.csv written with the roster's further columns, and a
re-run that publishes only what is new and never pushes over a student's commits."""

from __future__ import annotations

import csv
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from helpers import modfirst, render

pytestmark = pytest.mark.slow
IDENTITY = ["-c", "user.name=t", "-c", "user.email=t@example.invalid", "-c", "commit.gpgsign=false"]


def git(*args: str, cwd: Path) -> str:
    done = subprocess.run(
        ["git", *IDENTITY, *args], cwd=cwd, capture_output=True, text=True, timeout=60, check=True
    )
    return done.stdout


def fake_kit(template: Path, kit: Path, students: dict[str, str]) -> None:
    """A kit's shape without building it: seats committed "Start", the records, the roster."""
    first = render(template, kit / "_one", project_name="One", package_name="one", workshop=True)
    records = {}
    for number, (package, student) in enumerate(students.items(), start=1):
        seat = Path(shutil.copytree(first, kit / package))
        git("init", "-q", "-b", "main", cwd=seat)
        git("add", "-A", cwd=seat)
        git("commit", "-q", "-m", "Start", cwd=seat)
        records[package] = {"status": "verified", "student": student, "seat": number}
    shutil.rmtree(first)
    (kit / "_kit").mkdir(exist_ok=True)
    (kit / "_kit" / "seats.json").write_text(json.dumps(records))
    roster = "name,package,email,github\n" + "".join(
        f"{student},{package},{package}@school.invalid,{package}-gh\n"
        for package, student in students.items()
    )
    (kit / "_kit" / "roster.csv").write_text(roster)


def publish(template: Path, *args: str) -> subprocess.CompletedProcess[str]:
    result = modfirst(template, "kit", "publish", *args, timeout=600)
    assert "Traceback" not in result.stdout + result.stderr, result.stderr
    return result


def test_publish_to_bare_repositories_then_only_what_is_new(template: Path, tmp_path: Path) -> None:
    kit, room = tmp_path / "kit", tmp_path / "room"
    fake_kit(template, kit, {"ada": "Ada Lovelace", "grace": "Grace Hopper", "alan": "Alan"})
    first = publish(template, str(kit), "--to", f"{room}/{{seat}}.git")
    assert first.returncode == 0, first.stdout + first.stderr
    assert "3 published" in first.stdout and "repository created" in first.stdout
    rows = list(csv.DictReader((kit / "repositories.csv").open(encoding="utf-8")))
    assert [r["seat"] for r in rows] == ["ada", "alan", "grace"]
    ada = rows[0]
    assert ada["student"] == "Ada Lovelace" and ada["repository"] == str(room / "ada.git")
    assert ada["email"] == "ada@school.invalid" and ada["github"] == "ada-gh"
    start = git("rev-parse", "HEAD", cwd=kit / "ada").strip()
    assert git("rev-parse", "main", cwd=room / "ada.git").strip() == start

    # ada works and pushes; the kit's grace gets a template fix (a commit in the kit's seat)
    clone = tmp_path / "ada-work"
    git("clone", "-q", str(room / "ada.git"), str(clone), cwd=tmp_path)
    (clone / "notes.txt").write_text("mine\n")
    git("add", "-A", cwd=clone)
    git("commit", "-q", "-m", "My work", cwd=clone)
    git("push", "-q", "origin", "main", cwd=clone)
    for seat in ("ada", "grace"):
        (kit / seat / "FIX.txt").write_text("fix\n")
        git("add", "-A", cwd=kit / seat)
        git("commit", "-q", "-m", "Fix", cwd=kit / seat)

    again = publish(template, str(kit), "--to", f"{room}/{{seat}}.git")
    assert again.returncode == 0, again.stdout + again.stderr
    assert "1 updated, 1 up to date, 1 student work kept" in again.stdout
    student_tip = git("rev-parse", "HEAD", cwd=clone).strip()
    assert git("rev-parse", "main", cwd=room / "ada.git").strip() == student_tip  # untouched
    fixed = git("rev-parse", "HEAD", cwd=kit / "grace").strip()
    assert git("rev-parse", "main", cwd=room / "grace.git").strip() == fixed
    assert "kit update repositories.csv --push" in again.stdout

    # the CSV is collect's source as it is: the seats' names, the students, their repositories
    collected = modfirst(template, "kit", "collect", str(kit / "repositories.csv"), timeout=600)
    assert "3 of 3 seats checked" in collected.stdout, collected.stdout + collected.stderr
    assert {"ada", "alan", "grace"} <= {p.name for p in (kit / "repositories-clones").iterdir()}


def test_an_unreachable_repository_fails_its_seat_and_keeps_its_row(
    template: Path, tmp_path: Path
) -> None:
    kit, room = tmp_path / "kit", tmp_path / "room"
    fake_kit(template, kit, {"ada": "Ada", "grace": "Grace"})
    assert publish(template, str(kit), "--to", f"{room}/{{seat}}.git").returncode == 0
    shutil.rmtree(room / "grace.git")
    (room / "grace.git").write_text("not a repository\n")
    second = publish(template, str(kit), "--to", f"{room}/{{seat}}.git")
    assert second.returncode == 1 and "1 up to date, 1 failed" in second.stdout
    assert "cannot reach" in second.stdout
    rows = list(csv.DictReader((kit / "repositories.csv").open(encoding="utf-8")))
    assert [r["seat"] for r in rows] == ["ada", "grace"]  # grace's row from the first run


def test_refusals_are_one_line_and_touch_nothing(template: Path, tmp_path: Path) -> None:
    kit = tmp_path / "kit"
    fake_kit(template, kit, {"ada": "Ada"})
    before = sorted(p.name for p in kit.iterdir())
    cases = {
        ("--to", "/srv/room/ada.git"): "has no {seat}",
        ("--to", f"{tmp_path}/{{seat}}.git", "--create", "github"): "needs a GitHub URL",
        ("--to", "git@github.com:org/{seat}.git", "--create", "github"): "GitHub CLI",
    }
    env = {
        **os.environ,
        "PATH": os.pathsep.join(
            p for p in os.environ["PATH"].split(os.pathsep) if not (Path(p) / "gh").exists()
        ),
    }
    for args, said in cases.items():
        result = modfirst(template, "kit", "publish", str(kit), *args, env=env, timeout=120)
        assert result.returncode == 2, result.stderr
        assert len(result.stderr.strip().splitlines()) == 1 and said in result.stderr
    assert sorted(p.name for p in kit.iterdir()) == before


FAKE_GH = """\
#!{python}
# A stand-in for the GitHub CLI: repositories are bare ones under ROOM, collaborators a file.
import json, subprocess, sys
from pathlib import Path
ROOM = Path({room!r})
with open(ROOM / "gh.log", "a") as log:
    log.write(json.dumps(sys.argv[1:]) + "\\n")
args = sys.argv[1:]
if args[:2] == ["repo", "view"]:
    sys.exit(0 if (ROOM / (args[2].split("/")[1] + ".git")).is_dir() else 1)
if args[:2] == ["repo", "create"]:
    bare = ROOM / (args[2].split("/")[1] + ".git")
    subprocess.run(["git", "init", "-q", "--bare", str(bare)], check=True)
    sys.exit(0)
if args[0] == "api":
    path = next(a for a in args if a.startswith("repos/"))
    name, user = path.split("/")[2], path.split("/")[4]
    listed = ROOM / (name + ".collaborators")
    known = listed.read_text().split() if listed.is_file() else []
    if "PUT" in args:
        listed.write_text("\\n".join([*known, user]))
        sys.exit(0)
    sys.exit(0 if user in known else 1)
sys.exit(2)
"""


def test_create_github_with_a_stand_in_gh(template: Path, tmp_path: Path) -> None:
    """--create github, with GitHub out of reach: a stand-in `gh` that answers the documented
    commands, and git's own url.<base>.insteadOf sending git@github.com:org/ to local bare
    repositories. Creates what is missing, once; invites once; leaves what exists alone."""
    kit, room, bin_folder = tmp_path / "kit", tmp_path / "room", tmp_path / "bin"
    fake_kit(template, kit, {"ada": "Ada", "grace": "Grace"})
    room.mkdir()
    git("init", "-q", "--bare", str(room / "grace.git"), cwd=room)  # made by hand earlier
    bin_folder.mkdir()
    (bin_folder / "gh").write_text(FAKE_GH.format(python=sys.executable, room=str(room)))
    (bin_folder / "gh").chmod(0o755)
    env = {
        **os.environ,
        "PATH": f"{bin_folder}{os.pathsep}{os.environ['PATH']}",
        "GIT_CONFIG_COUNT": "1",
        "GIT_CONFIG_KEY_0": f"url.{room}/.insteadOf",
        "GIT_CONFIG_VALUE_0": "git@github.com:org/",
    }
    argv = ["kit", "publish", str(kit), "--to", "git@github.com:org/{seat}.git", "--create"]
    first = modfirst(template, *argv, "github", env=env, timeout=600)
    assert first.returncode == 0, first.stdout + first.stderr
    assert "2 published" in first.stdout
    assert "repository created (private); ada-gh invited (push access)" in first.stdout
    assert "repository existed; grace-gh invited" in first.stdout
    calls = [json.loads(line) for line in (room / "gh.log").read_text().splitlines()]
    assert ["repo", "create", "org/ada", "--private", "--disable-wiki"] in calls
    assert not any(c[:3] == ["repo", "create", "org/grace"] for c in calls)
    assert git("rev-parse", "main", cwd=room / "ada.git") == git(
        "rev-parse", "HEAD", cwd=kit / "ada"
    )
    rows = list(csv.DictReader((kit / "repositories.csv").open(encoding="utf-8")))
    assert rows[0]["repository"] == "git@github.com:org/ada.git"

    again = modfirst(template, *argv, "github", env=env, timeout=600)
    assert "2 up to date" in again.stdout, again.stdout + again.stderr
    assert again.stdout.count("has access already") == 2
    creates = sum(
        c[:2] == ["repo", "create"]
        for c in map(json.loads, (room / "gh.log").read_text().splitlines())
    )
    assert creates == 1
