"""A workshop project generated before the exercises had time limits (the template at
bc7860f, the commit before them) updates to this one: `modfirst kit update` lets the new
exercises/check.py through to the untouched seat, which then reports each exercise's limit,
and the seat is verified again after the update. Its workflow, built then around GitHub
Classroom's reporter (retired with Classroom), becomes the one that needs no classroom service:
results in the run's summary and an artifact, read-only permissions."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from helpers import REPO, commit_all, copier_api, extract, git, modfirst, python_m

pytestmark = pytest.mark.slow
BEFORE_LIMITS = "bc7860f2823cee393195acb5a125a0e80a20b3a0"


def template_with_two_versions(template: Path, repo: Path) -> Path:
    """1.0.0: this repository at BEFORE_LIMITS; 2.0.0: the working tree under test."""
    archive = subprocess.run(
        ["git", "archive", BEFORE_LIMITS], cwd=REPO, capture_output=True, timeout=120, check=False
    )
    if archive.returncode != 0:
        pytest.skip(f"this clone lacks commit {BEFORE_LIMITS[:12]} (a shallow clone?)")
    repo.mkdir(parents=True)
    extract(archive.stdout, repo, ours=True)
    commit_all(repo, "before the time limits")
    git("tag", "1.0.0", cwd=repo)
    for entry in repo.iterdir():
        if entry.name != ".git":
            shutil.rmtree(entry) if entry.is_dir() and not entry.is_symlink() else entry.unlink()
    shutil.copytree(
        template, repo, symlinks=True, dirs_exist_ok=True, ignore=shutil.ignore_patterns(".git")
    )
    commit_all(repo, "time limits")
    git("tag", "2.0.0", cwd=repo)
    return repo


def test_a_seat_from_before_the_time_limits_updates(template: Path, tmp_path: Path) -> None:
    source = template_with_two_versions(template, tmp_path / "tpl")
    seat = tmp_path / "kit" / "ada"
    copier_api(
        source,
        seat,
        {"project_name": "Ada", "package_name": "ada", "workshop": True},
        skip_tasks=True,
        vcs_ref="1.0.0",
    )
    assert "LIMITS" not in (seat / "exercises" / "check.py").read_text()
    workflow = seat / ".github" / "workflows" / "classroom.yml"
    assert "autograding-grading-reporter" in workflow.read_text()  # the previous shape
    commit_all(seat, "Start")

    updated = modfirst(
        template, "kit", "update", str(seat.parent), "--vcs-ref", "2.0.0", "--json", timeout=900
    )
    assert updated.returncode == 0, updated.stdout + updated.stderr
    (row,) = json.loads(updated.stdout)
    assert row["status"] == "updated", row
    assert "exercises/check.py" in row["exercises_updated"]
    assert "LIMITS" in (seat / "exercises" / "check.py").read_text()
    assert "time limit" in (seat / "exercises" / "README.md").read_text()
    updated_workflow = yaml.safe_load(workflow.read_text())
    assert updated_workflow["permissions"] == {"contents": "read"}
    assert "classroom-resources" not in workflow.read_text()
    steps = updated_workflow["jobs"]["exercises"]["steps"]
    assert any(step.get("with", {}).get("name") == "exercise-results" for step in steps)

    checked = python_m("exercises.check", "--json", "2", cwd=seat, python=sys.executable)
    document = json.loads(checked.stdout)
    (exercise,) = document["exercises"]
    assert set(exercise) >= {"number", "title", "passed", "problem", "hint", "message"}
    assert exercise["limit"] == 30 and isinstance(exercise["seconds"], float)
    assert row["verification"] == "verified", row  # installed and run after the update
