"""This repository as a pre-commit hook (`pre-commit try-repo`) and as a GitHub Action (the
steps of action.yml run as the runner would run them), on generated and broken projects."""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from helpers import commit_all, python_m, render, run, venv_python

pytestmark = pytest.mark.slow
INSTALL_TIMEOUT = 900


@pytest.fixture(scope="module")
def project(template: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    generated = render(template, tmp_path_factory.mktemp("hooks") / "demo", project_name="demo")
    commit_all(generated, "Start")
    return generated


def broken_copy(project: Path, tmp_path: Path) -> Path:
    """The project with src/demo/__main__.py gone (MF001 fails)."""
    broken = tmp_path / "broken"
    run("git", "clone", "-q", project, broken, cwd=tmp_path)
    (broken / "src" / "demo" / "__main__.py").unlink()
    commit_all(broken, "no __main__")
    return broken


def try_repo(template: Path, where: Path) -> Any:
    env = {**os.environ, "PRE_COMMIT_HOME": str(where.parent / "pre-commit-home")}
    return python_m(
        "pre_commit", "try-repo", str(template), "modfirst-check", "--all-files",
        cwd=where, env=env, timeout=INSTALL_TIMEOUT,
    )  # fmt: skip


def test_pre_commit_hook_passes_a_generated_project_and_fails_a_broken_one(
    template: Path, project: Path, tmp_path: Path
) -> None:
    passed = try_repo(template, project)
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert re.search(r"modfirst check \(module-first health\)\.+Passed", passed.stdout)
    failed = try_repo(template, broken_copy(project, tmp_path))
    assert failed.returncode == 1, failed.stdout
    assert "FAIL MF001" in failed.stdout and "src/demo/__main__.py is missing" in failed.stdout


def expand(text: str, values: dict[str, str]) -> str:
    """GitHub's `${{ name }}` expressions, from `values`."""
    return re.sub(r"\$\{\{\s*([\w.-]+)\s*\}\}", lambda m: values[m.group(1)], text)


def run_action(
    template: Path, project: Path, work: Path, venv: Path, **inputs: str
) -> tuple[int, Path]:
    """Each step of action.yml in order, with bash, as a runner would, with the venv's python
    first on PATH (the action installs into whatever `python` is). A venv that has modfirst
    already skips the install step (the second run of a test). Returns the last status."""
    action = yaml.safe_load((template / "action.yml").read_text(encoding="utf-8"))
    defaults = {f"inputs.{k}": str(v.get("default", "")) for k, v in action["inputs"].items()}
    values = {**defaults, **{f"inputs.{k}": v for k, v in inputs.items()}}
    values["github.action_path"] = str(template)
    work.mkdir(parents=True)
    installed = venv.exists()
    if not installed:
        assert run(sys.executable, "-m", "venv", venv, cwd=work).returncode == 0
    temp, summary, output = work / "runner-temp", work / "summary.md", work / "output.txt"
    temp.mkdir()
    env = {
        **os.environ,
        "PATH": f"{venv_python(venv).parent}{os.pathsep}{os.environ['PATH']}",
        "RUNNER_TEMP": str(temp),
        "GITHUB_STEP_SUMMARY": str(summary),
        "GITHUB_OUTPUT": str(output),
    }
    env.pop("VIRTUAL_ENV", None)
    status = 0
    for step in action["runs"]["steps"][1 if installed else 0 :]:
        step_env = {k: expand(str(v), values) for k, v in step.get("env", {}).items()}
        result = run(
            "bash", "-e", "-c", step["run"], cwd=project, env={**env, **step_env},
            timeout=INSTALL_TIMEOUT,
        )  # fmt: skip
        status = result.returncode
        if status != 0:
            break
    assert output.read_text(encoding="utf-8").strip() == f"status={status}"
    return status, work


def test_action_writes_the_summary_and_fails_with_the_checks_status(
    template: Path, project: Path, tmp_path: Path
) -> None:
    venv = tmp_path / "runner-python"
    status, work = run_action(template, project, tmp_path / "ok", venv, args="--health-only")
    assert status == 0
    summary = (work / "summary.md").read_text(encoding="utf-8")
    assert summary.startswith("## modfirst check: ok") and "| MF005 " in summary
    report = yaml.safe_load((work / "runner-temp" / "modfirst-check.json").read_text())
    assert report["status"] == "ok" and report["exit_status"] == 0
    broken = broken_copy(project, tmp_path)
    status, work = run_action(template, broken, tmp_path / "runner 2", venv, args="--health-only")
    assert status == 1
    summary = (work / "summary.md").read_text(encoding="utf-8")
    assert "## modfirst check: unhealthy" in summary and "| failed |" in summary
