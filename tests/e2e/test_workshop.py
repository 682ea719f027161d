"""The workshop exercises: each self-check fails on the untouched exercise and passes once the
reference solution (workshop/solutions/, outside the generated project) is applied."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from helpers import UV_DIR, copy, python_m, run, solve, venv_python

pytestmark = pytest.mark.slow

CHECK_TIMEOUT = 300


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


def assert_not_yet(result: subprocess.CompletedProcess[str], number: int) -> None:
    assert result.returncode == 1, result.stdout + result.stderr
    assert f"Exercise {number} (" in result.stdout and ": NOT YET. " in result.stdout
    assert "Try next: " in result.stdout
    assert "Traceback" not in result.stdout + result.stderr


def assert_pass(result: subprocess.CompletedProcess[str], number: int) -> None:
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"Exercise {number} (" in result.stdout and ": PASS. " in result.stdout


@pytest.mark.parametrize("number", [1, 2, 3])
def test_check_fails_untouched_and_passes_with_the_solution(
    template: Path, project: Path, number: int
) -> None:
    assert_not_yet(check(project, str(number)), number)
    solve(template, project, number)
    assert_pass(check(project, str(number)), number)


def test_checks_4_and_5_need_a_venv_with_the_project(template: Path, project: Path) -> None:
    assert_not_yet(check(project, "4"), 4)  # no console script for the subpackage yet
    assert_not_yet(check(project, "5"), 5)  # this Python has no copy of the project
    out = solve(template, project, 4, 5)
    assert 'ada-tools = "ada.tools.cli:main"' in (project / "pyproject.toml").read_text()
    assert "run in " in out and "-m pip install -e . pytest" in out  # exercise 5 is commands
    # Exercise 4 still waits for an install, which writes the console script.
    assert "not installed" in check(project, "4").stdout
    # What COMMANDS.txt says, done with uv for speed: a venv with pip, pytest and the project.
    venv = project / ".venv"
    uv = shutil.which("uv", path=UV_DIR) or "uv"
    for argv in (
        [uv, "venv", "--quiet", str(venv)],
        [
            uv,
            "pip",
            "install",
            "--quiet",
            "--python",
            str(venv_python(venv)),
            "pip",
            "pytest",
            "-e",
            str(project),
        ],
    ):
        subprocess.run(argv, check=True, capture_output=True, timeout=CHECK_TIMEOUT)
    result = check(project, "4", "5", python=str(venv_python(venv)))
    assert_pass(result, 4)
    assert_pass(result, 5)
    assert "2 of 2 exercises pass." in result.stdout


def test_all_solutions_pass_every_check(template: Path, project: Path) -> None:
    before = check(project)
    assert before.returncode == 1 and "0 of 5 exercises pass." in before.stdout
    solve(template, project)
    after = check(project, "1", "2", "3")
    assert after.returncode == 0 and "3 of 3 exercises pass." in after.stdout, after.stdout


def test_string_py_at_the_root_is_caught_without_breaking_the_check(project: Path) -> None:
    (project / "exercises" / "ex2" / "string.py").rename(
        project / "exercises" / "ex2" / "shouting.py"
    )
    shutil.copy(project / "exercises" / "ex2" / "shouting.py", project / "string.py")
    result = check(project, "2")
    assert_not_yet(result, 2)
    assert "string.py has the name of the standard-library module `string`" in result.stdout
    assert "puts the root first on sys.path" in result.stdout
    (project / "string.py").unlink()
    assert_pass(check(project, "2"), 2)


def test_the_check_refuses_to_run_as_a_file(project: Path) -> None:
    result = run(sys.executable, "exercises/check.py", cwd=project, timeout=CHECK_TIMEOUT)
    assert result.returncode == 2
    assert "Run it as a module" in result.stdout and "python -m exercises.check" in result.stdout


def test_exercise_1_rejects_a_file_path_command(template: Path, project: Path) -> None:
    answers = project / "exercises" / "ex1" / "answers.py"
    answers.write_text(
        'ERROR = "ImportError: attempted relative import with no known parent package"\n'
        'COMMAND = "python src/ada/tools/__main__.py"\n'
    )
    result = check(project, "1")
    assert_not_yet(result, 1)
    assert "does not use -m" in result.stdout


def test_exercise_3_wants_the_package_shape(template: Path, project: Path) -> None:
    solve(template, project, 3)
    hello = project / "src" / "ada" / "hello"
    (hello / "__main__.py").write_text(
        "from .cli import main\n\n\ndef helper() -> None:\n    pass\n\n\n"
        'if __name__ == "__main__":\n    raise SystemExit(main())\n'
    )
    result = check(project, "3")
    assert_not_yet(result, 3)
    assert "__main__.py defines helper: keep __main__.py tiny" in result.stdout
    (hello / "cli.py").unlink()
    result = check(project, "3")
    assert_not_yet(result, 3)
    assert "hello/cli.py does not exist yet" in result.stdout


def test_exercise_4_refuses_a_script_pointing_at_main_py(template: Path, project: Path) -> None:
    solve(template, project, 4)
    pyproject = project / "pyproject.toml"
    pyproject.write_text(
        pyproject.read_text().replace("ada.tools.cli:main", "ada.tools.__main__:main")
    )
    result = check(project, "4")
    assert_not_yet(result, 4)
    assert "points at a __main__ module" in result.stdout and "ada.tools.cli:main" in result.stdout


def test_json_report_for_graders(template: Path, project: Path) -> None:
    before = check(project, "--json")
    assert before.returncode == 1, before.stderr
    document = json.loads(before.stdout)  # one JSON document, nothing else on stdout
    assert [e["number"] for e in document["exercises"]] == [1, 2, 3, 4, 5]
    assert (document["passed"], document["asked"]) == (0, 5)
    for exercise in document["exercises"]:
        assert exercise["passed"] is False and exercise["title"]
        assert exercise["problem"] and exercise["hint"]  # what is wrong and what to try next
    solve(template, project, 1, 2, 3)
    after = check(project, "--json", "1", "2", "3")
    assert after.returncode == 0, after.stdout + after.stderr
    document = json.loads(after.stdout)
    assert (document["passed"], document["asked"]) == (3, 3)
    assert all(e["passed"] and e["hint"] is None for e in document["exercises"])
    mixed = check(project, "3", "--json", "4")
    assert mixed.returncode == 1 and json.loads(mixed.stdout)["passed"] == 1
    bad = check(project, "--json", "9")
    assert bad.returncode == 2 and "usage: python -m exercises.check [--json]" in bad.stdout


def test_solved_project_still_passes_its_own_lint(template: Path, project: Path) -> None:
    solve(template, project)  # the solutions are code students copy: they follow the rules too
    for argv in (["check", "--no-cache", "."], ["format", "--no-cache", "--check", "."]):
        result = python_m("ruff", *argv, cwd=project, timeout=CHECK_TIMEOUT)
        assert result.returncode == 0, result.stdout + result.stderr
