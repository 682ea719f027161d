"""README's Quick start gives a project that `copier update` can update, from inside it.

The journey: README's generate command as written, in a clone without tags (like a fresh
clone of this repo); `git init` and a commit in the project; a new template commit;
`copier update --trust --defaults` in the project. A relative source path takes the same
journey through hooks/absolute_source.py.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from helpers import REPO, commit_all, copier_cli, fenced_commands, run, snapshot

MARKER = "A line the template gained after the project was made."
HOOK = REPO / "hooks" / "absolute_source.py"


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


def run_hook(
    project: Path, source: str, destination: str, answers: str = ".copier-answers.yml"
) -> subprocess.CompletedProcess[str]:
    return run(sys.executable, HOOK, source, destination, answers, cwd=project, timeout=60)


@pytest.mark.parametrize(
    ("source", "destination"),
    [
        (".", "/somewhere/absolute"),  # copier's folder cannot be worked out from the project
        ("..", "../../p"),  # two levels up: not searched
        ("elsewhere", "p"),  # the folder it names is not this template
    ],
)
def test_relative_source_that_cannot_be_resolved_gets_the_fix_and_the_copy_goes_on(
    tmp_path: Path, source: str, destination: str
) -> None:
    project = tmp_path / "p"
    project.mkdir()
    original = "_commit: abc1234\n_src_path: .\npackage_name: p\n"
    (project / ".copier-answers.yml").write_text(original, encoding="utf-8")

    result = run_hook(project, source, destination)

    assert result.returncode == 0, result.stderr
    assert "warning: copier recorded the template as the relative path" in result.stderr
    assert '`_src_path: "/absolute/path/to/modfirst"`' in result.stderr
    assert (project / ".copier-answers.yml").read_text(encoding="utf-8") == original


@pytest.mark.parametrize(
    "source", ["/abs/modfirst", "~/modfirst", "gh:owner/modfirst", "git@host:o/m.git", ""]
)
def test_absolute_or_remote_sources_are_left_alone(tmp_path: Path, source: str) -> None:
    original = f"_src_path: {source}\n"
    (tmp_path / ".copier-answers.yml").write_text(original, encoding="utf-8")

    result = run_hook(tmp_path, source, "p")

    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")
    assert (tmp_path / ".copier-answers.yml").read_text(encoding="utf-8") == original


def make_template(folder: Path, config: bytes | None = None) -> Path:
    folder.mkdir(parents=True)
    (folder / "copier.yml").write_bytes(config or (REPO / "copier.yml").read_bytes())
    return folder


@pytest.mark.parametrize(
    ("source", "destination", "copied_from"),
    [
        ("tpl", "../proj", "start"),  # `copier copy tpl ../proj` run in start/
        ("../tpl", "proj", "start"),  # `copier copy ../tpl proj` run in start/
        (".", "../proj", "start/tpl"),  # README's old command, run in the template
    ],
)
def test_relative_source_is_recorded_as_the_template_folder(
    tmp_path: Path, source: str, destination: str, copied_from: str
) -> None:
    make_template(tmp_path / "start" / "tpl" if source != "../tpl" else tmp_path / "tpl")
    make_template(tmp_path / "decoy" / "tpl", b"another: template\n")  # not this template
    project = (tmp_path / copied_from / destination).resolve()
    project.mkdir(parents=True)
    answers = project / "my-answers.yml"  # a custom --answers-file
    answers.write_text(f"_commit: abc1234\n_src_path: {source}\npackage_name: p\n")

    result = run_hook(project, source, destination, answers.name)

    assert result.returncode == 0, result.stderr
    template = (tmp_path / copied_from / source).resolve()
    assert answers.read_text() == (
        f"_commit: abc1234\n_src_path: {json.dumps(str(template))}\npackage_name: p\n"
    )
    assert result.stdout.startswith(f"modfirst: recorded the template as {template} in ")
    assert not (project / ".copier-answers.yml").exists()


def test_two_folders_that_could_be_the_template_leave_the_choice_to_the_user(
    tmp_path: Path,
) -> None:
    make_template(tmp_path / "one" / "tpl")
    make_template(tmp_path / "two" / "tpl")
    project = tmp_path / "proj"
    project.mkdir()
    (project / ".copier-answers.yml").write_text("_src_path: tpl\n")

    result = run_hook(project, "tpl", "../proj")

    assert "warning: copier recorded the template as the relative path 'tpl'" in result.stderr
    assert (project / ".copier-answers.yml").read_text() == "_src_path: tpl\n"


def test_an_absolute_destination_says_nothing_about_where_copier_ran(tmp_path: Path) -> None:
    """`copier copy tpl /x/proj`: copier's folder is unknown, even if climbing from the project
    as many levels as the destination has would land next to a copy of this template."""
    make_template(tmp_path / "tpl")
    project = tmp_path / "a" / "proj"
    project.mkdir(parents=True)
    source = f"{tmp_path.name}/tpl"  # tmp_path.parent / source is the template
    (project / ".copier-answers.yml").write_text(f"_src_path: {source}\n")

    result = run_hook(project, source, "/x/proj")

    assert "warning: copier recorded the template as the relative path" in result.stderr
    assert (project / ".copier-answers.yml").read_text() == f"_src_path: {source}\n"
