"""The workshop's workflow (.github/workflows/classroom.yml), run step by step as the Actions
runner runs it: the set-up and the check in bash, the summary in Python. Every exercise is
"not yet" in an untouched project and passes solved; the results reach the job summary and
the artifact's JSON file. (tests/template/test_classroom.py checks the file itself.)"""

from __future__ import annotations

import json
import os
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


@pytest.fixture(scope="module")
def generated(template: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    destination = tmp_path_factory.mktemp("classroom") / "ada"
    copy(template, destination, workshop="true")
    return destination


def workflow(project: Path) -> dict[Any, Any]:
    loaded = yaml.safe_load((project / ".github" / "workflows" / "classroom.yml").read_text())
    assert isinstance(loaded, dict)
    return loaded


def run_workflow(project: Path, runner: Path, summary: Path) -> int:
    """Each step of the job in order, as the runner does (`bash -e` for `run:`, `python` for
    `shell: python`); the exit status of the summary step, which is the job's verdict."""
    (job,) = workflow(project)["jobs"].values()
    env = {**os.environ, "PATH": f"{runner / 'bin'}{os.pathsep}{os.environ['PATH']}"}
    env["GITHUB_STEP_SUMMARY"] = str(summary)
    env.pop("VIRTUAL_ENV", None)
    status = 0
    for step in job["steps"]:
        if "run" not in step:
            continue
        if step.get("shell") == "python":
            script = project.parent / "step.py"
            script.write_text(step["run"])
            argv = [str(venv_python(runner)), str(script)]
        else:
            argv = ["bash", "-e", "-c", step["run"]]
        done = subprocess.run(
            argv, cwd=project, env=env, capture_output=True, text=True, timeout=STEP_TIMEOUT
        )
        assert done.returncode == 0 or step.get("continue-on-error") or "shell" in step, (
            step,
            done.stdout + done.stderr,
        )
        status = done.returncode
    return status


def test_untouched_then_solved(template: Path, generated: Path, tmp_path: Path) -> None:
    project = Path(shutil.copytree(generated, tmp_path / "ada"))
    runner = tmp_path / "runner"  # a clean Python with pip, like the Actions runner's
    subprocess.run(
        [UV, "venv", "--seed", "--quiet", "--python", sys.executable, str(runner)],
        check=True,
        capture_output=True,
        timeout=STEP_TIMEOUT,
    )
    summary = tmp_path / "summary.md"
    assert run_workflow(project, runner, summary) == 1
    said = summary.read_text()
    assert said.count("| not yet |") == 4 and "0 of 4 exercises pass." in said
    artifact = json.loads((project / "exercise-results.json").read_text())
    assert [e["number"] for e in artifact["exercises"]] == [1, 2, 3, 4]
    assert not any(e["passed"] for e in artifact["exercises"])

    solve(template, project)
    summary.unlink()
    assert run_workflow(project, runner, summary) == 0
    said = summary.read_text()
    assert said.count("| pass |") == 4 and "4 of 4 exercises pass." in said
    assert json.loads((project / "exercise-results.json").read_text())["passed"] == 4

    # a self-check that cannot run is a failed job with one line that says so, not a crash
    (project / "exercises" / "check.py").write_text("raise SystemExit('broken')\n")
    summary.unlink()
    assert run_workflow(project, runner, summary) == 1
    assert summary.read_text().startswith("The self-check did not run")
