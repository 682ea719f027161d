"""MF008 and the two other places that decide whether a CI runner can fetch a project's
template (`_src_path`): copier.yml's note after a copy, rendered here with copier's own Jinja
settings, and (in tests/template/test_template_update_workflow.py) the workflow's install step.
All three agree with one table, helpers.TEMPLATE_SOURCES."""

from __future__ import annotations

import subprocess
from pathlib import Path

import jinja2
import pytest

from helpers import TEMPLATE_SOURCES, commit_all, copier_config, git
from modfirst.check.health import FAILED, PASSED, SKIPPED, fetchable, run_checks

WORKFLOW = ".github/workflows/template-update.yml"


def project(root: Path, src: str, *, workflow: bool = True, remote: bool = False) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    (root / ".copier-answers.yml").write_text(f"_commit: 1.0.0\n_src_path: '{src}'\n")
    if workflow:
        (root / WORKFLOW).parent.mkdir(parents=True)
        (root / WORKFLOW).write_text("name: Template update\n")
    commit_all(root, "start")
    if remote:
        git("remote", "add", "origin", "https://github.com/ana/project.git", cwd=root)
    return root


def mf008(root: Path) -> tuple[str, str, str]:
    (found,) = run_checks(root, only={"MF008"})
    return found.status, found.reason, found.fix


@pytest.mark.parametrize(("src", "url"), TEMPLATE_SOURCES.items())
def test_what_a_runner_can_fetch(src: str, url: bool) -> None:
    assert fetchable(src) is url


def test_a_folder_fails_once_the_project_has_a_remote(tmp_path: Path) -> None:
    status, reason, fix = mf008(project(tmp_path / "p", "/home/ana/modfirst", remote=True))
    assert status == FAILED
    assert "_src_path is the folder /home/ana/modfirst" in reason and "every week" in reason
    assert "gh:OWNER/modfirst" in fix and "template_updates=false" in fix


def test_a_folder_without_a_remote_is_skipped_and_says_why(tmp_path: Path) -> None:
    status, reason, _ = mf008(project(tmp_path / "p", "/home/ana/modfirst"))
    assert status == SKIPPED
    assert "no git remote yet" in reason and "/home/ana/modfirst" in reason


def test_a_url_passes_and_no_workflow_is_skipped(tmp_path: Path) -> None:
    assert mf008(project(tmp_path / "url", "gh:ana/modfirst", remote=True))[0] == PASSED
    off = project(tmp_path / "off", "/home/ana/modfirst", workflow=False, remote=True)
    assert mf008(off)[:2] == (SKIPPED, f"no {WORKFLOW}")


def test_outside_a_git_repository_a_folder_is_skipped(tmp_path: Path) -> None:
    root = project(tmp_path / "p", "/home/ana/modfirst")
    subprocess.run(["rm", "-rf", str(root / ".git")], check=True, timeout=60)
    assert mf008(root)[0] == SKIPPED


def note_after_copy(src: str, template_updates: bool) -> str:
    """copier.yml's _message_after_copy, rendered with the filters copier adds (`quote`)."""
    environment = jinja2.Environment(
        extensions=["jinja2_ansible_filters.AnsibleCoreFiltersExtension"],
        undefined=jinja2.StrictUndefined,
    )
    message = environment.from_string(copier_config()["_message_after_copy"])
    said = message.render(
        _copier_answers={"_src_path": src},
        _copier_conf={"dst_path": "/tmp/p"},
        package_name="p",
        template_updates=template_updates,
    )
    return "\n".join(line for line in said.splitlines() if line.startswith("Note:"))


@pytest.mark.parametrize(("src", "url"), TEMPLATE_SOURCES.items())
def test_the_copy_says_so_in_one_line(src: str, url: bool) -> None:
    note = note_after_copy(src, template_updates=True)
    assert note == ("" if url else note.splitlines()[0]), note
    if not url:
        assert f"from the folder {src};" in note and "_src_path" in note
    assert note_after_copy(src, template_updates=False) == ""
