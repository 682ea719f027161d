"""An update from the shape before template-update.yml knew about templates in a folder: the
workflow's install step gains the check that stops with the fix in the log, with no conflict,
exactly as a new project gets it; and `modfirst check` reports the folder as MF008 once the
project has a remote (the workflow would run, and fail)."""

from __future__ import annotations

import json
from pathlib import Path

import copier
import pytest

from helpers import REPO, before, commit_all, git, modfirst, tree, two_versions

pytestmark = pytest.mark.slow
WORKFLOW = ".github/workflows/template-update.yml"
SOURCE = "template/.github/workflows/{% if template_updates %}template-update.yml{% endif %}.jinja"
NEW = "which this runner cannot fetch"


@pytest.fixture(scope="module")
def versions(tmp_path_factory: pytest.TempPathFactory) -> Path:
    previous = before(NEW, SOURCE)
    if previous is None:
        pytest.skip("the commit before the folder check is not in this clone")
    return two_versions(previous, tmp_path_factory.mktemp("versions"))


def test_update_brings_the_folder_check_into_the_workflow(versions: Path, tmp_path: Path) -> None:
    project = tmp_path / "project"
    copier.run_copy(
        str(versions), project, vcs_ref="1.0.0", defaults=True, skip_tasks=True, quiet=True
    )
    commit_all(project, "generated")
    assert NEW not in (project / WORKFLOW).read_text(encoding="utf-8")
    copier.run_update(  # unsafe: the migrations run (the verification's task is skipped)
        project, vcs_ref="2.0.0", defaults=True, overwrite=True, unsafe=True, skip_tasks=True,
        quiet=True,
    )  # fmt: skip
    assert git("ls-files", "--unmerged", cwd=project) == ""
    assert NEW in (project / WORKFLOW).read_text(encoding="utf-8")
    fresh = tmp_path / "fresh" / "project"  # same folder name, same default names
    copier.run_copy(
        str(versions), fresh, vcs_ref="2.0.0", defaults=True, skip_tasks=True, quiet=True
    )
    updated, expected = tree(project), tree(fresh)
    updated.pop(".copier-answers.yml"), expected.pop(".copier-answers.yml")
    assert updated == expected

    commit_all(project, "updated")
    git("remote", "add", "origin", "https://github.com/ana/project.git", cwd=project)
    result = modfirst(REPO, "check", str(project), "--health-only", "--json")
    (mf008,) = [f for f in json.loads(result.stdout)["health"] if f["id"] == "MF008"]
    assert mf008["status"] == "failed" and str(versions) in mf008["reason"], mf008
    assert result.returncode == 1
