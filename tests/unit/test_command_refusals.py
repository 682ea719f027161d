"""--summary FILE of check and update: a FILE whose folder does not exist is refused in one
line before the command does anything (it was a traceback after the work was done)."""

from __future__ import annotations

from pathlib import Path

from helpers import commit_all, python_m


def a_project(tmp_path: Path) -> Path:
    """A committed project whose recorded template is a folder that is gone."""
    project = tmp_path / "proj"
    project.mkdir()
    (project / "pyproject.toml").write_text('[project]\nname = "proj"\n', encoding="utf-8")
    (project / ".copier-answers.yml").write_text(
        f"_commit: 1.0.0\n_src_path: {tmp_path / 'gone'}\n", encoding="utf-8"
    )
    commit_all(project, "start")
    return project


def test_update_refuses_a_summary_in_a_missing_folder(tmp_path: Path) -> None:
    project = a_project(tmp_path)
    summary = tmp_path / "missing" / "summary.md"
    result = python_m("modfirst", "update", str(project), "--summary", str(summary), cwd=tmp_path)
    assert result.returncode == 2, result.stderr
    assert result.stderr.splitlines() == [
        f"modfirst update: no folder {summary.parent} to write --summary {summary} in; "
        "create it or give another file"
    ]


def test_check_refuses_a_summary_in_a_missing_folder(tmp_path: Path) -> None:
    project = a_project(tmp_path)
    summary = tmp_path / "missing" / "summary.md"
    result = python_m(
        "modfirst", "check", str(project), "--health-only", "--summary", str(summary), cwd=tmp_path
    )
    assert result.returncode == 2, result.stderr
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        f"modfirst check: no folder {summary.parent} to write --summary {summary} in; "
        "create it or give another file"
    ]
