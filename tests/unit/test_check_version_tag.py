"""MF007: a version tag on HEAD must name the version HEAD's pyproject.toml declares; skipped
without a tag or with a dynamic version. Real git repositories in tmp_path."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers import commit_all, git
from modfirst.check.health import FAILED, PASSED, SKIPPED, version_tag

STATIC = '[project]\nname = "demo"\nversion = "{version}"\n'
DYNAMIC = '[project]\nname = "demo"\ndynamic = ["version"]\n'


def repository(root: Path, pyproject: str, *tags: str) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    (root / "pyproject.toml").write_text(pyproject, encoding="utf-8")
    commit_all(root, "a commit")
    for tag in tags:
        git("tag", tag, cwd=root)
    return root


@pytest.mark.parametrize("tag", ["v1.2.3", "1.2.3"])
def test_a_tag_that_names_the_version_passes(tmp_path: Path, tag: str) -> None:
    root = repository(tmp_path / "p", STATIC.format(version="1.2.3"), tag)
    assert version_tag(root).status == PASSED


def test_a_tag_that_names_another_version_fails_with_the_fix(tmp_path: Path) -> None:
    root = repository(tmp_path / "p", STATIC.format(version="1.2.3"), "v1.3.0")
    found = version_tag(root)
    assert found.status == FAILED, found
    assert found.reason == "HEAD is tagged v1.3.0 but pyproject.toml's version is 1.2.3"
    assert 'version = "1.3.0"' in found.fix and "uv version 1.3.0" in found.fix


def test_pre_releases_and_other_tags(tmp_path: Path) -> None:
    root = repository(tmp_path / "p", STATIC.format(version="2.0.0rc1"), "v2.0.0rc1", "latest")
    assert version_tag(root).status == PASSED  # "latest" is not version-like, so not compared
    other = repository(tmp_path / "q", STATIC.format(version="2.0.0"), "deployed", "stable")
    assert version_tag(other).status == SKIPPED


def test_the_tagged_commit_is_compared_not_the_work_tree(tmp_path: Path) -> None:
    """After `uv version --bump patch`, before the commit: the tag on HEAD still matches HEAD."""
    root = repository(tmp_path / "p", STATIC.format(version="1.0.0"), "v1.0.0")
    (root / "pyproject.toml").write_text(STATIC.format(version="1.0.1"), encoding="utf-8")
    assert version_tag(root).status == PASSED
    commit_all(root, "bump")  # the tag stays on the parent: HEAD has no tag now
    found = version_tag(root)
    assert (found.status, found.reason) == (SKIPPED, "HEAD carries no version tag")


def test_skipped_without_a_tag_a_static_version_or_a_repository(tmp_path: Path) -> None:
    untagged = repository(tmp_path / "untagged", STATIC.format(version="1.0.0"))
    assert version_tag(untagged).status == SKIPPED
    dynamic = version_tag(repository(tmp_path / "dynamic", DYNAMIC, "v1.0.0"))
    assert dynamic.status == SKIPPED and "dynamic" in dynamic.reason
    plain = tmp_path / "not a repository"
    plain.mkdir()
    (plain / "pyproject.toml").write_text(STATIC.format(version="1.0.0"), encoding="utf-8")
    assert version_tag(plain).status == SKIPPED
