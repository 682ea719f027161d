"""Tasks need trust: without it copier runs no task (API and command line), and --skip-tasks leaves
a complete, unverified project."""

from __future__ import annotations

from pathlib import Path

import copier
import pytest

from helpers import (
    copy_cli,
    expected,
    tree,
)


def copy_untrusted(template: Path, destination: Path) -> None:
    copier.run_copy(str(template), destination, defaults=True, vcs_ref="HEAD", quiet=True)


def test_copy_api_without_trust_runs_no_task(template: Path, tmp_path: Path) -> None:
    with pytest.raises(Exception, match=r"unsafe|--trust"):
        copy_untrusted(template, tmp_path / "p")
    assert not (tmp_path / "p").exists()


def test_skip_tasks_leaves_a_complete_unverified_project(template: Path, tmp_path: Path) -> None:
    destination = tmp_path / "unverified"
    result = copy_cli(template, destination, "--skip-tasks", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "modfirst verify" not in result.stdout + result.stderr
    assert set(tree(destination)) == expected("unverified")


def test_tasks_need_trust(template: Path, tmp_path: Path) -> None:
    result = copy_cli(template, tmp_path / "p", cwd=tmp_path)  # no --trust
    assert result.returncode == 4
    assert "unsafe" in result.stderr.lower()
    assert not (tmp_path / "p").exists()
