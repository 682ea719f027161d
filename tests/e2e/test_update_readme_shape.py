"""An update from the shape before the README's comment columns followed the names and before
the pre-commit config spoke of students only in workshop projects: both arrive with no
conflict, byte for byte what a new project gets."""

from __future__ import annotations

from pathlib import Path

import copier
import pytest

from helpers import before, commit_all, git, tree, two_versions

pytestmark = pytest.mark.slow
NEW = "format(width, run[0])"


@pytest.fixture(scope="module")
def versions(tmp_path_factory: pytest.TempPathFactory) -> Path:
    previous = before(NEW, "template/README.md.jinja")
    if previous is None:
        pytest.skip("the commit before the README columns is not in this clone")
    return two_versions(previous, tmp_path_factory.mktemp("versions"))


@pytest.mark.parametrize("workshop", [False, True], ids=["plain", "workshop"])
def test_update_aligns_the_readme_and_trims_pre_commit(
    versions: Path, tmp_path: Path, workshop: bool
) -> None:
    data = {"project_name": "a longer project name", "workshop": workshop}
    project = tmp_path / "project"
    copier.run_copy(
        str(versions), project, data=data, vcs_ref="1.0.0", defaults=True, skip_tasks=True,
        quiet=True,
    )  # fmt: skip
    commit_all(project, "generated")
    assert ("exercises" in (project / ".pre-commit-config.yaml").read_text()) is True
    copier.run_update(
        project, vcs_ref="2.0.0", defaults=True, overwrite=True, unsafe=True, skip_tasks=True,
        quiet=True,
    )  # fmt: skip
    assert git("ls-files", "--unmerged", cwd=project) == ""
    config = (project / ".pre-commit-config.yaml").read_text(encoding="utf-8")
    assert ("exercises" in config) is workshop
    fresh = tmp_path / "fresh" / "project"
    copier.run_copy(
        str(versions), fresh, data=data, vcs_ref="2.0.0", defaults=True, skip_tasks=True,
        quiet=True,
    )  # fmt: skip
    updated, expected = tree(project), tree(fresh)
    updated.pop(".copier-answers.yml"), expected.pop(".copier-answers.yml")
    assert updated == expected
