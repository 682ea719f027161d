"""README's Quick start gives a project that `copier update` can update, from inside it.

The journey: README's generate command as written, in a clone without tags (like a fresh
clone of this repo); `git init` and a commit in the project; a new template commit;
`copier update --trust --defaults` in the project. A relative source path takes the same
journey through hooks/absolute_source.py.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from helpers import commit_all, copier_cli, fenced_commands, run, snapshot

MARKER = "A line the template gained after the project was made."


def readme_generate_command(clone: Path) -> str:
    readme = (clone / "README.md").read_text(encoding="utf-8")
    return next(c for c in fenced_commands(readme) if "copier copy" in c)


def new_template_commit(clone: Path) -> None:
    readme = clone / "template" / "README.md.jinja"
    readme.write_text(readme.read_text(encoding="utf-8") + f"\n{MARKER}\n", encoding="utf-8")
    commit_all(clone, "a template change")


def update_in(project: Path, python: str) -> subprocess.CompletedProcess[str]:
    return copier_cli("update", "--trust", "--defaults", cwd=project, python=python)


def assert_updated(project: Path, result: subprocess.CompletedProcess[str]) -> None:
    assert result.returncode == 0, result.stderr[-3000:]
    assert "Traceback" not in result.stderr, result.stderr[-3000:]
    assert MARKER in (project / "README.md").read_text(encoding="utf-8")
    assert result.stdout.count("modfirst verify: OK") == 1, result.stdout


@pytest.mark.slow
def test_readme_generate_command_gives_an_updatable_project(tmp_path: Path) -> None:
    clone = snapshot(tmp_path / "modfirst")
    command = readme_generate_command(clone)
    # README's words, run by a shell in the clone; its python3 is the one running the tests
    generated = run(
        "bash",
        "-c",
        command,
        cwd=clone,
        env=dict(
            os.environ, PATH=str(Path(sys.executable).parent) + os.pathsep + os.environ["PATH"]
        ),
    )
    if generated.returncode != 0 and "No matching distribution found" in generated.stderr:
        pytest.skip("no package index reachable: README's command installs requirements.txt")
    assert generated.returncode == 0, generated.stdout[-2000:] + generated.stderr[-3000:]
    project = tmp_path / "myproj"
    answers = yaml.safe_load((project / ".copier-answers.yml").read_text(encoding="utf-8"))
    assert Path(answers["_src_path"]) == clone
    commit_all(project, "Start from modfirst")
    new_template_commit(clone)

    updated = update_in(project, str(clone / ".venv" / "bin" / "python"))

    assert_updated(project, updated)


@pytest.mark.slow
def test_copy_from_a_relative_path_records_the_absolute_one(tmp_path: Path) -> None:
    clone = snapshot(tmp_path / "modfirst")
    copied = copier_cli("copy", "--trust", "--defaults", ".", "../myproj", cwd=clone)
    assert copied.returncode == 0, copied.stderr[-3000:]
    project = tmp_path / "myproj"
    answers = yaml.safe_load((project / ".copier-answers.yml").read_text(encoding="utf-8"))
    assert answers["_src_path"] == str(clone)
    assert f"modfirst: recorded the template as {clone}" in copied.stdout
    commit_all(project, "Start from modfirst")
    new_template_commit(clone)

    assert_updated(project, update_in(project, sys.executable))
