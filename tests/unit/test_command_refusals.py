"""check and update on what they cannot use: a --summary FILE whose folder does not exist, an
answers file that is not YAML. One line each, before any work (they were tracebacks)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from helpers import commit_all, python_m


def a_project(tmp_path: Path) -> Path:
    """A committed project whose recorded template is a folder that is gone."""
    project = tmp_path / "proj"
    project.mkdir()
    (project / "pyproject.toml").write_text('[project]\nname = "proj"\n', encoding="utf-8")
    (project / ".copier-answers.yml").write_text(
        f"_commit: 1.0.0\n_src_path: {tmp_path / 'gone'}\n", encoding="utf-8"
    )
    commit_all(project, "start")
    return project


def test_update_refuses_a_summary_in_a_missing_folder(tmp_path: Path) -> None:
    project = a_project(tmp_path)
    summary = tmp_path / "missing" / "summary.md"
    result = python_m("modfirst", "update", str(project), "--summary", str(summary), cwd=tmp_path)
    assert result.returncode == 2, result.stderr
    assert result.stderr.splitlines() == [
        f"modfirst update: no folder {summary.parent} to write --summary {summary} in; "
        "create it or give another file"
    ]


def test_check_refuses_a_summary_in_a_missing_folder(tmp_path: Path) -> None:
    project = a_project(tmp_path)
    summary = tmp_path / "missing" / "summary.md"
    result = python_m(
        "modfirst", "check", str(project), "--health-only", "--summary", str(summary), cwd=tmp_path
    )
    assert result.returncode == 2, result.stderr
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        f"modfirst check: no folder {summary.parent} to write --summary {summary} in; "
        "create it or give another file"
    ]


def test_an_answers_file_that_is_not_yaml_is_one_line_for_update_and_check(
    tmp_path: Path,
) -> None:
    """update refuses it (status 2); check says so in its notes and runs the health checks."""
    project = a_project(tmp_path)
    (project / ".copier-answers.yml").write_text("_commit: [1.0\n_src_path: x\n")
    commit_all(project, "a broken answers file")
    update = python_m("modfirst", "update", str(project), cwd=tmp_path)
    assert update.returncode == 2, update.stderr
    assert len(update.stderr.splitlines()) == 1
    assert "modfirst update: .copier-answers.yml is not YAML copier can read (" in update.stderr
    check = python_m("modfirst", "check", str(project), "--json", cwd=tmp_path)
    assert check.stderr == ""
    notes = json.loads(check.stdout)["notes"]
    assert any(".copier-answers.yml is not YAML copier can read (" in note for note in notes)


def test_a_git_that_hangs_is_a_refusal_not_a_traceback(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A real git that never answers (a fake on PATH that sleeps): update refuses in one line
    once git's time limit runs out, and check's trial says why it did not run."""
    from modfirst import processes
    from modfirst.check import link
    from modfirst.exit_status import Refused
    from modfirst.update import cli as update_cli

    project = a_project(tmp_path)
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    fake = bin_dir / "git"
    fake.write_text("#!/bin/sh\nexec sleep 30\n", encoding="utf-8")
    fake.chmod(0o755)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setitem(processes.TIMEOUTS, "git", 0.5)
    with pytest.raises(Refused, match=r"cannot read the project's git status: .* within 0\.5 s"):
        update_cli.refuse_unclean(project)
    trial = link.trial_update(project, tmp_path)
    assert trial.error.startswith("could not clone the project for the trial: "), trial.error
