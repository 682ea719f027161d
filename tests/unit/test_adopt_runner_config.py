"""The project's own test command, read from its tox or nox file (the [testenv] sections below
are those of real projects in tests/corpora/adopt_real, shortened)."""

from __future__ import annotations

from pathlib import Path

import pytest

from modfirst.adopt.runner_config import RunnerCommand, classify, follow, read


def project(tmp_path: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8")
    return tmp_path


SCHEDULE = """\
[tox]
envlist = py3{7,8,9}{,-pytz}

[testenv]
deps =
    pytest
    pytest-cov
    pytz: pytz
commands =
    py.test test_schedule.py schedule -v --cov schedule --cov-report term-missing
    python -m mypy -p schedule --install-types --non-interactive
"""


def test_the_first_test_command_and_the_requirements_without_factors(tmp_path: Path) -> None:
    command = read(project(tmp_path, {"tox.ini": SCHEDULE}))
    assert command == RunnerCommand(
        "pytest",
        ("test_schedule.py", "schedule", "-v", "--cov", "schedule", "--cov-report", "term-missing"),
        ("pytest", "pytest-cov"),
        (),
        "tox.ini [testenv]",
    )


def test_coverage_around_pytest_and_a_requirements_file(tmp_path: Path) -> None:
    tox = """\
[testenv]
deps = -rrequirements-dev.txt
commands =
    coverage erase
    coverage run -m pytest {posargs:tests}
    coverage report
"""
    command = read(project(tmp_path, {"tox.ini": tox}))
    assert command is not None
    assert (command.runner, command.args) == ("pytest", ("tests",))
    assert command.requirements == ("-r", "requirements-dev.txt")


def test_substitutions_tox_makes_and_arguments_in_its_own_folders(tmp_path: Path) -> None:
    tox = """\
[testenv]
commands=
  {env:_PLUGGY_TOX_CMD:pytest} {posargs}
  coverage: coverage report -m
deps=
  pytestrelease: pytest
  coverage: coverage
[testenv:x]
commands = other
"""
    pluggy = read(project(tmp_path / "pluggy", {"tox.ini": tox}))
    assert pluggy == RunnerCommand("pytest", (), (), (), "tox.ini [testenv]")
    markupsafe = """\
[testenv]
deps =
    pytest-cov
commands = pytest --cov={envsitepackagesdir}/markupsafe --cov-append {posargs}
"""
    command = read(project(tmp_path / "markupsafe", {"tox.ini": markupsafe}))
    assert command is not None
    assert command.args == ("--cov-append",)
    assert command.notes == ("left out of the test command: --cov={envsitepackagesdir}/markupsafe",)


def test_extras_envpython_and_requirements_from_no_index(tmp_path: Path) -> None:
    tox = """\
[testenv]
deps=
    git+https://github.com/sphinx-doc/sphinx
extras=
    test
commands=
    {envpython} -m pytest tests {posargs}
"""
    command = read(project(tmp_path, {"tox.ini": tox}))
    assert command is not None
    assert (command.runner, command.args, command.extras) == ("pytest", ("tests",), ("test",))
    assert command.requirements == ()
    assert command.notes == (
        "not from a package index, left out: git+https://github.com/sphinx-doc/sphinx",
    )


def test_a_test_file_run_by_path_runs_under_unittest(tmp_path: Path) -> None:
    command = read(project(tmp_path, {"tox.ini": "[testenv]\ncommands=python test_httpbin.py\n"}))
    assert command == RunnerCommand("unittest", ("test_httpbin.py",), (), (), "tox.ini [testenv]")


def test_setup_cfg_and_pyproject_hold_tox_too(tmp_path: Path) -> None:
    cfg = "[tox:tox]\nenvlist = py311\n\n[testenv]\ncommands = python -m unittest -v\n"
    command = read(project(tmp_path / "cfg", {"setup.cfg": cfg}))
    assert command == RunnerCommand("unittest", ("-v",), (), (), "setup.cfg [testenv]")
    legacy = '[tool.tox]\nlegacy_tox_ini = """\n[testenv]\ncommands = pytest -x\n"""\n'
    command = read(project(tmp_path / "toml", {"pyproject.toml": legacy}))
    assert command == RunnerCommand("pytest", ("-x",), (), (), "pyproject.toml [testenv]")


def test_a_setup_cfg_without_tox_is_not_a_tox_file(tmp_path: Path) -> None:
    assert read(project(tmp_path, {"setup.cfg": "[metadata]\nname = x\n"})) is None


NOXFILE = """\
import nox

@nox.session(python=["3.11", "3.12"])
def tests(session):
    session.install("-r", "tests/requirements.txt")
    session.install(".[toml]")
    session.run("pytest", "--capture=no", "--strict-markers", *session.posargs)

@nox.session
def lint(session):
    session.run("pre-commit", "run")
"""


def test_the_nox_tests_session_is_read_not_run(tmp_path: Path) -> None:
    command = read(project(tmp_path, {"noxfile.py": NOXFILE}))
    assert command == RunnerCommand(
        "pytest",
        ("--capture=no", "--strict-markers"),
        ("-r", "tests/requirements.txt"),
        ("toml",),
        "noxfile.py session tests",
    )


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["pytest", "-q"], ("pytest", ("-q",))),
        (["py.test"], ("pytest", ())),
        (["python3", "-m", "pytest", "t"], ("pytest", ("t",))),
        (["coverage", "run", "--parallel-mode", "-m", "pytest"], ("pytest", ())),
        (["python", "-m", "unittest", "discover"], ("unittest", ("discover",))),
        (["python", "-m", "mypy", "."], None),
        (["python", "setup.py", "test"], None),
        (["flake8"], None),
        ([], None),
    ],
)
def test_what_runs_the_tests(argv: list[str], expected: tuple[str, tuple[str, ...]] | None) -> None:
    assert classify(argv) == expected


def test_arguments_follow_the_move() -> None:
    moving = {
        "schedule/__init__.py": "src/schedule/__init__.py",
        "test_schedule.py": "tests/test_schedule.py",
        "tool.py": "src/tool/__init__.py",
    }
    command = RunnerCommand("pytest", ("test_schedule.py", "schedule", "--cov=schedule/", "-v"))
    assert command.moved(moving).args == (
        "tests/test_schedule.py",
        "src/schedule",
        "--cov=src/schedule",
        "-v",
    )
    assert follow("tool.py", moving) == "src/tool/__init__.py"
    assert follow("tests", moving) == "tests"  # did not move


def test_comments_after_a_requirement_go_as_tox_drops_them(tmp_path: Path) -> None:
    """vulture's tox.ini (F29): `pint  # Use latest version ...` is the requirement `pint`."""
    tox = """\
[testenv]
deps =
    coverage
    pint  # Use latest version to catch API changes.
    pytest # the runner
commands =
    coverage run -m pytest {posargs}
"""
    command = read(project(tmp_path, {"tox.ini": tox}))
    assert command is not None
    assert command.requirements == ("coverage", "pint", "pytest")


def test_requirements_one_by_one_and_for_pip() -> None:
    command = RunnerCommand(
        "pytest", (), ("pytest", "-r", "requirements-dev.txt", "-c", "c.txt", "mock")
    )
    assert command.index_requirements() == ["pytest", "mock"]
    assert command.install_args(Path("/p")) == [
        "pytest",
        "-r",
        str(Path("/p/requirements-dev.txt")),
        "-c",
        str(Path("/p/c.txt")),
        "mock",
    ]
