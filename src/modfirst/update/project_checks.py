"""The project's own lint and tests after an update: `nox -s lint tests` when it has a
noxfile.py (as every project made from the template does; nox is one of modfirst's own
dependencies), else ruff and pytest when they are installed. Each step says what it ran, as a
command one can paste, and what it counted.
"""

from __future__ import annotations

import importlib.util
import re
import shlex
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from .. import processes

# pytest's closing line, e.g. "===== 12 passed, 1 skipped in 3.21s =====".
PYTEST_SUMMARY = re.compile(r"^=* ?((?:\d+ \w+(?:, )?)+) in [\d.]+s", re.MULTILINE)
# nox's verdict per session, e.g. "nox > Session lint was successful in 9 seconds".
NOX_SESSION = re.compile(r"^nox > Session (\S+) (was successful|failed|was skipped)", re.MULTILINE)
RUFF_FOUND = re.compile(r"^Found (\d+) errors?", re.MULTILINE)


@dataclass
class ProjectCheck:
    """One command run on the project (or the reason it was not run)."""

    name: str
    command: list[str]
    exit_status: int | None = None
    seconds: float = 0.0
    counts: dict[str, str] = field(default_factory=dict)
    not_run: str = ""
    tail: str = ""

    @property
    def failed(self) -> bool:
        return self.exit_status not in (None, 0)

    @property
    def shown(self) -> str:
        """The command as a shell line that runs it again (the Python that ran modfirst)."""
        return shlex.join(self.command)


def installed(module: str) -> bool:
    """Whether the Python running modfirst can run `python -m module`."""
    return importlib.util.find_spec(module) is not None


def counted(text: str) -> dict[str, str]:
    """What the output says it counted: nox's sessions, pytest's tests, ruff's errors."""
    counts = {name: verdict for name, verdict in NOX_SESSION.findall(text)}
    tests = PYTEST_SUMMARY.findall(text)
    if tests:
        counts["pytest"] = tests[-1].strip().rstrip(",")
    if "All checks passed!" in text:
        counts["ruff"] = "0 errors"
    errors = RUFF_FOUND.findall(text)
    if errors:
        counts["ruff"] = f"{errors[-1]} errors"
    return counts


def execute(step: ProjectCheck, project: Path) -> ProjectCheck:
    started = time.perf_counter()
    try:
        result = processes.run(step.command, cwd=project, timeout="tests")
        said, step.exit_status = result.text + result.errors, result.returncode
    except processes.TimedOut as error:
        said, step.exit_status = str(error), 124
    except OSError as error:
        said, step.exit_status = f"cannot start {step.command[0]}: {error}", 127
    step.seconds = round(time.perf_counter() - started, 1)
    step.counts = counted(said)
    step.tail = "\n".join(said.rstrip().splitlines()[-15:])
    return step


def planned(project: Path) -> list[ProjectCheck]:
    """What to run on this project, with the reason for anything left out."""
    python = sys.executable
    if (project / "noxfile.py").is_file():
        # -P: the project's own modules (a logging.py at its root) never shadow nox's imports.
        step = ProjectCheck("nox", [python, "-P", "-m", "nox", "-s", "lint", "tests"])
        if not installed("nox"):
            step.not_run = "nox is not installed: " + shlex.join(
                [python, "-m", "pip", "install", "nox"]
            )
        return [step]
    ruff = ProjectCheck("ruff", [python, "-P", "-m", "ruff", "check", "."])
    if not installed("ruff"):
        ruff.not_run = "ruff is not installed"
    # -P as for ruff: pytest itself must not import the project's logging.py; the tests find
    # the project's code as a bare `pytest` would (conftest.py, pythonpath, rootdir).
    pytest = ProjectCheck("pytest", [python, "-P", "-m", "pytest", "-q"])
    if not any((project / name).is_dir() for name in ("tests", "test")):
        pytest.not_run = "no tests/ folder"
    elif not installed("pytest"):
        pytest.not_run = "pytest is not installed"
    return [ruff, pytest]


def run_checks(project: Path) -> list[ProjectCheck]:
    return [step if step.not_run else execute(step, project) for step in planned(project)]
