"""Workshop projects' files: exercises only when asked, and no answers shipped."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers import render, render_cli

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
    """One project with the exercises, rendered without tasks (its files are what is read)."""
    return render(template, tmp_path_factory.mktemp("workshop") / "ada", workshop="true")


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
