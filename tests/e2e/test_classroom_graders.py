"""The Classroom workflow's graders: every grader step fails untouched and passes solved."""

from __future__ import annotations

import shlex
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from uv import find_uv_bin

from helpers import copy, solve, venv_python

UV = find_uv_bin()


STEP_TIMEOUT = 600


GRADER = "classroom-resources/autograding-command-grader@d5b3fa6f50f7f629b7bfae0cc3e4c58852b412d5"


@pytest.fixture(scope="module")
def generated(template: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    destination = tmp_path_factory.mktemp("classroom") / "ada"
    copy(template, destination, workshop="true")
    return destination


def workflow(project: Path) -> dict[Any, Any]:
    loaded = yaml.safe_load((project / ".github" / "workflows" / "classroom.yml").read_text())
    assert isinstance(loaded, dict)
    return loaded


def grader_steps(project: Path) -> list[dict[str, Any]]:
    (job,) = workflow(project)["jobs"].values()
    return [step for step in job["steps"] if step.get("uses") == GRADER]


def run_grader(
    step: dict[str, Any], project: Path, python: Path
) -> subprocess.CompletedProcess[str]:
    """A grader step as Classroom runs it (setup-command, then command), with `python` standing
    for the runner's Python; `&&` chains are run one command at a time, never through a shell."""
    result = None
    lines = [*step["with"]["setup-command"].split("&&"), step["with"]["command"]]
    for line in filter(str.strip, lines):
        argv = shlex.split(line)
        argv[0] = str(python) if argv[0] == "python" else argv[0]
        result = subprocess.run(
            argv, cwd=project, capture_output=True, text=True, timeout=STEP_TIMEOUT, check=False
        )
        if result.returncode != 0:
            break
    assert result is not None
    return result


def test_every_grader_fails_untouched_and_passes_solved(
    template: Path, generated: Path, tmp_path: Path
) -> None:
    project = Path(shutil.copytree(generated, tmp_path / "ada"))
    runner = tmp_path / "runner"  # a clean Python with pip, like the Actions runner's
    subprocess.run(
        [UV, "venv", "--seed", "--quiet", "--python", sys.executable, str(runner)],
        check=True,
        capture_output=True,
        timeout=STEP_TIMEOUT,
    )
    graders = grader_steps(project)
    for step in graders:
        result = run_grader(step, project, venv_python(runner))
        assert result.returncode == 1, (step["id"], result.stdout + result.stderr)
        assert "NOT YET" in result.stdout
    solve(template, project)
    for step in graders:
        result = run_grader(step, project, venv_python(runner))
        assert result.returncode == 0, (step["id"], result.stdout + result.stderr)
        assert ": PASS. " in result.stdout
