"""The devcontainer in use: its create command makes the self-check runnable, and an update from
before the question changes no file."""

from __future__ import annotations

import json
import shlex
import subprocess
import sys
from pathlib import Path

import copier
import pytest
import yaml
from uv import find_uv_bin

from helpers import (
    REPO,
    commit_all,
    copier_config,
    git,
    render,
    snapshot,
    tree,
    venv_python,
)

QUESTION = "devcontainer"


FOLDER = "template/{% if devcontainer %}.devcontainer{% endif %}"


TIMEOUT = 600


@pytest.mark.slow
def test_post_create_command_makes_the_self_check_runnable(template: Path, tmp_path: Path) -> None:
    project = render(template, tmp_path / "p", devcontainer=True, workshop=True)
    config = json.loads((project / ".devcontainer" / "devcontainer.json").read_text())
    venv = tmp_path / "container"  # stands for the image's Python
    subprocess.run(
        [find_uv_bin(), "venv", "--seed", "--quiet", "--python", sys.executable, str(venv)],
        check=True,
        capture_output=True,
        timeout=TIMEOUT,
    )
    argv = shlex.split(config["postCreateCommand"])
    assert argv[0] == "python"
    python = str(venv_python(venv))
    created = subprocess.run(
        [python, *argv[1:]], cwd=project, capture_output=True, text=True, timeout=TIMEOUT
    )
    assert created.returncode == 0, created.stderr
    check = subprocess.run(
        [python, "-m", "exercises.check", "--json", "1"],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
    )
    assert check.returncode == 1 and json.loads(check.stdout)["asked"] == 1  # runs at once


@pytest.mark.slow
def test_update_from_before_the_question_changes_nothing(tmp_path: Path) -> None:
    """A project made before `devcontainer` existed, updated with --defaults: same files."""
    repo = snapshot(tmp_path / "versions")
    copier_yml = repo / "copier.yml"
    current = copier_yml.read_text(encoding="utf-8")
    assert copier_config()[QUESTION]["default"] is False
    start = current.index(f"\n{QUESTION}:\n")
    end = current.index("\n\n", start + 1)
    copier_yml.write_text(current[:start] + current[end:], encoding="utf-8")
    folder = repo / FOLDER
    kept = {p: p.read_bytes() for p in folder.rglob("*") if p.is_file()}
    for path in kept:
        path.unlink()
    commit_all(repo, "before the devcontainer question")
    git("tag", "0.1.0", cwd=repo)
    copier_yml.write_text(current, encoding="utf-8")
    for path, content in kept.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
    commit_all(repo, "devcontainer question")
    git("tag", "0.2.0", cwd=repo)

    project = tmp_path / "project"
    copier.run_copy(str(repo), project, vcs_ref="0.1.0", defaults=True, skip_tasks=True, quiet=True)
    commit_all(project, "generated")
    before = tree(project)
    copier.run_update(
        project, vcs_ref="0.2.0", defaults=True, overwrite=True, unsafe=True, quiet=True
    )
    after = tree(project)
    answers = yaml.safe_load(after.pop(".copier-answers.yml"))
    before.pop(".copier-answers.yml")
    assert after == before
    assert answers[QUESTION] is False and answers["_commit"] == "0.2.0"
    assert REPO.joinpath(FOLDER).is_dir()  # the test edits a copy, never this repo
