"""An update from the shape before the `template_updates` question: `copier update --defaults`
adds no template-update.yml (the default for an existing project is no), adds CHANGELOG.md
unless the project has one (then it is left as it is), and brings the new release workflow
and README section. `--data template_updates=true` adds the workflow when asked."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import copier
import pytest
import yaml

from helpers import REPO, commit_all, extract, git, snapshot, tree

pytestmark = pytest.mark.slow


def previous_commit() -> str | None:
    """The commit before `template_updates` came to copier.yml, or None in a shallow clone."""
    introduced = git(
        "log", "--format=%H", "-S", "\ntemplate_updates:\n", "--", "copier.yml", cwd=REPO
    )
    first = introduced.split()[-1] if introduced.split() else ""
    if not first:
        return None
    parent = subprocess.run(
        ["git", "rev-parse", "--verify", "-q", f"{first}^"],
        cwd=REPO, capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    return parent.stdout.strip() or None


@pytest.fixture(scope="module")
def before_and_after(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A template repo: 1.0.0 = the commit before the question, 2.0.0 = the working tree."""
    previous = previous_commit()
    if previous is None:
        pytest.skip("the commit before the template_updates question is not in this clone")
    repo = tmp_path_factory.mktemp("versions") / "modfirst"
    repo.mkdir()
    archive = subprocess.run(
        ["git", "archive", "--format=tar", "-o", str(repo.parent / "previous.tar"), previous],
        cwd=REPO, capture_output=True, timeout=60, check=True,
    )  # fmt: skip
    assert archive.returncode == 0
    extract(repo.parent / "previous.tar", repo, ours=True)
    commit_all(repo, "1.0.0")
    git("tag", "1.0.0", cwd=repo)
    current = snapshot(repo.parent / "current")
    git("rm", "-rq", ".", cwd=repo)
    for path in tree(current):
        target = repo / path
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(current / path, target)
    commit_all(repo, "2.0.0")
    git("tag", "2.0.0", cwd=repo)
    return repo


def generated(template: Path, project: Path) -> Path:
    copier.run_copy(
        str(template), project, vcs_ref="1.0.0", defaults=True, skip_tasks=True, quiet=True
    )
    commit_all(project, "generated")
    return project


def update(project: Path, **data: object) -> None:
    copier.run_update(
        project, vcs_ref="2.0.0", data=data, defaults=True, overwrite=True, unsafe=True,
        quiet=True,
    )  # fmt: skip


def test_update_adds_no_workflow_and_starts_the_changelog(
    before_and_after: Path, tmp_path: Path
) -> None:
    project = generated(before_and_after, tmp_path / "project")
    workflows = project / ".github" / "workflows"
    assert not (project / "CHANGELOG.md").exists()
    assert "template_updates" not in (project / ".copier-answers.yml").read_text()
    update(project)
    assert git("ls-files", "--unmerged", cwd=project) == ""
    answers = yaml.safe_load((project / ".copier-answers.yml").read_text())
    assert answers["template_updates"] is False and answers["_commit"] == "2.0.0"
    assert not (workflows / "template-update.yml").exists()
    assert (project / "CHANGELOG.md").read_text().startswith("# Changelog\n")
    assert "The tag is the project's version" in (workflows / "release.yml").read_text()
    readme = (project / "README.md").read_text()
    assert "## Release" in readme and "## Template updates" not in readme
    # Exactly what a new project that says no to the workflow gets.
    fresh = tmp_path / "fresh" / "project"  # same folder name, same default names
    copier.run_copy(
        str(before_and_after), fresh, vcs_ref="2.0.0", skip_tasks=True, quiet=True,
        defaults=True,
        data={"template_updates": False, "build_backend": answers["build_backend"]},
    )  # fmt: skip
    updated, expected = tree(project), tree(fresh)
    updated.pop(".copier-answers.yml"), expected.pop(".copier-answers.yml")
    assert updated == expected
    assert b"<<<<<<<" not in b"".join(updated.values())


def test_a_changelog_of_the_project_is_kept(before_and_after: Path, tmp_path: Path) -> None:
    project = generated(before_and_after, tmp_path / "project")
    ours = "# Our changes\n\n## 0.1.0\n\n- the first release\n"
    (project / "CHANGELOG.md").write_text(ours, encoding="utf-8")
    commit_all(project, "our changelog")
    update(project)
    assert (project / "CHANGELOG.md").read_text(encoding="utf-8") == ours
    assert "CHANGELOG.md" not in git("status", "--porcelain", cwd=project)


def test_update_adds_the_workflow_when_asked(before_and_after: Path, tmp_path: Path) -> None:
    project = generated(before_and_after, tmp_path / "project")
    update(project, template_updates=True)
    assert (project / ".github" / "workflows" / "template-update.yml").is_file()
    assert "## Template updates" in (project / "README.md").read_text()
