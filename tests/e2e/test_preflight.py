"""`python -m exercises.check --preflight`: is the student's Python, venv and install ready?"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from helpers import UV_DIR, python_m, render, venv_python

TIMEOUT = 300


def workshop_project(template: Path, destination: Path, **data: str) -> Path:
    return render(template, destination, **{"package_name": "ada", "workshop": True, **data})


def preflight(project: Path, python: str = sys.executable) -> subprocess.CompletedProcess[str]:
    return python_m("exercises.check", "--preflight", cwd=project, python=python, timeout=TIMEOUT)


@pytest.mark.slow
def test_preflight_says_what_is_missing_then_that_all_is_ready(
    template: Path, tmp_path: Path
) -> None:
    project = workshop_project(template, tmp_path / "ada")
    before = preflight(project)  # the tests' own Python: ada is not installed there
    assert before.returncode == 1, before.stdout + before.stderr
    lines = before.stdout.splitlines()
    assert lines[0].startswith("Python: OK. Python 3.")
    assert lines[1].startswith("venv: OK. venvs work")
    assert lines[2].startswith("install: NOT READY. ada is not installed for this Python")
    assert "-m pip install -e ." in before.stdout and "--find-links" in before.stdout
    assert "1 of 3 preflight checks need attention." in before.stdout

    venv = tmp_path / "venv"
    python = str(venv_python(venv))
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=TIMEOUT)
    subprocess.run(
        [f"{UV_DIR}/uv", "pip", "install", "--python", python, "-e", str(project)],
        check=True,
        capture_output=True,
        timeout=TIMEOUT,
    )
    after = preflight(project, python)
    assert after.returncode == 0, after.stdout + after.stderr
    assert "venvs work, and you are in one" in after.stdout
    assert "imports from this project's src/ (editable install)" in after.stdout
    assert after.stdout.rstrip().endswith("Ready for the workshop.")


@pytest.mark.slow
def test_preflight_refuses_a_python_older_than_requires_python(
    template: Path, tmp_path: Path
) -> None:
    newer = f"3.{sys.version_info[1] + 1}"
    project = workshop_project(template, tmp_path / "ada", python_min=newer)
    result = preflight(project)
    assert result.returncode == 1
    first = result.stdout.splitlines()[0]
    assert first.startswith("Python: NOT READY. this is Python 3.")
    assert f"needs Python {newer} or newer" in first
    assert f"uv python install {newer}" in result.stdout
