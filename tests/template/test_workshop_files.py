"""Workshop projects' files: exercises only when asked, and no answers shipped."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path
import pytest
from helpers import UV_DIR, copy, python_m, render_cli, run, solve, venv_python


CHECK_TIMEOUT = 300


EXERCISE_FILES = {
    "exercises/README.md",
    "exercises/__init__.py",
    "exercises/check.py",
    "exercises/ex1/answers.py",
    "exercises/ex2/__init__.py",
    "exercises/ex2/report.py",
    "exercises/ex2/string.py",
}


@pytest.fixture(scope="module")
def generated(template: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One verified project with the exercises; tests work on copies of it."""
    destination = tmp_path_factory.mktemp("workshop") / "ada"
    copy(template, destination, workshop="true")
    return destination


@pytest.fixture
def project(generated: Path, tmp_path: Path) -> Path:
    return Path(shutil.copytree(generated, tmp_path / "ada"))


def check(
    project: Path, *args: str, python: str = sys.executable
) -> subprocess.CompletedProcess[str]:
    """Run the self-check the way students do: as a module, from the project root."""
    return python_m("exercises.check", *args, cwd=project, python=python, timeout=CHECK_TIMEOUT)


def test_exercises_only_when_asked(template: Path, tmp_path: Path) -> None:
    plain = render_cli(template, tmp_path / "plain")
    assert not (plain / "exercises").exists()


def test_workshop_project_has_the_exercises_and_no_answers(generated: Path) -> None:
    files = {
        p.relative_to(generated).as_posix()
        for p in (generated / "exercises").rglob("*")
        if p.is_file()
    }
    assert files == EXERCISE_FILES
    assert 'ERROR = ""' in (generated / "exercises" / "ex1" / "answers.py").read_text()
    assert not (generated / "src" / "ada" / "hello").exists()
    readme = (generated / "exercises" / "README.md").read_text()
    assert "python src/ada/tools/__main__.py" in readme and "python -m exercises.check" in readme
