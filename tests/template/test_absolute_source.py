"""hooks/absolute_source.py, run as copier's task runs it: a relative source is recorded as the
template folder's absolute path, or the fix is printed and the copy goes on."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from helpers import REPO, run

HOOK = REPO / "hooks" / "absolute_source.py"


def run_hook(
    project: Path, source: str, destination: str, answers: str = ".copier-answers.yml"
) -> subprocess.CompletedProcess[str]:
    return run(sys.executable, HOOK, source, destination, answers, cwd=project, timeout=60)


def make_template(folder: Path, config: bytes | None = None) -> Path:
    folder.mkdir(parents=True)
    (folder / "copier.yml").write_bytes(config or (REPO / "copier.yml").read_bytes())
    return folder


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
