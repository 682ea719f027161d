"""`modfirst update` end to end against a local template with real tags: a clean update (copier
update with its tasks, then the project's own `nox -s lint tests`), an update that conflicts
(markers found, exit 5, the summary names the file first), nothing to do, an unreachable
template, and the refusals. Real copier, real nox; the project is never committed to."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from helpers import REPO, commit_all, copier_api, git, modfirst, snapshot

pytestmark = pytest.mark.slow
README = "template/README.md.jinja"


def tagged_template(tmp_path: Path) -> Path:
    """This repository as a template with one tag, 1.0.0."""
    template = snapshot(tmp_path / "modfirst template")
    git("tag", "1.0.0", cwd=template)
    return template


def first_line(template: Path) -> str:
    """A plain line of the README template, to change in a release."""
    text = (template / README).read_text(encoding="utf-8")
    return next(line for line in text.splitlines() if line.strip() and "{" not in line)


def release(template: Path, version: str, edit: tuple[str, str]) -> None:
    path = template / README
    path.write_text(path.read_text(encoding="utf-8").replace(*edit), encoding="utf-8")
    commit_all(template, f"release {version}")
    git("tag", version, cwd=template)


def project_from(template: Path, tmp_path: Path) -> Path:
    project = tmp_path / "demo project"
    copier_api(template, project, {"project_name": "demo"}, skip_tasks=True, vcs_ref="1.0.0")
    commit_all(project, "Start")
    return project


def update(project: Path, tmp_path: Path, *options: str) -> tuple[int, dict[str, Any], str]:
    """`modfirst update PROJECT --json --summary FILE`: status, report, summary."""
    summary = tmp_path / "summary.md"
    result = modfirst(REPO, "update", str(project), "--json", "--summary", str(summary), *options)
    assert result.stdout.startswith("{"), result.stdout + result.stderr
    return result.returncode, json.loads(result.stdout), summary.read_text(encoding="utf-8")


def test_a_clean_update_reruns_the_verification_lint_and_tests(tmp_path: Path) -> None:
    template = tagged_template(tmp_path)
    project = project_from(template, tmp_path)
    line = first_line(template)
    release(template, "1.1.0", (line, line + " (now with more)"))
    status, report, summary = update(project, tmp_path)
    assert (status, report["status"]) == (0, "updated"), json.dumps(report, indent=1)
    assert report["template"]["commit"] == "1.0.0" and report["template"]["latest"] == "1.1.0"
    applied = report["applied"]
    assert applied["changed"] == [".copier-answers.yml", "README.md"]
    assert applied["conflicts"] == applied["rejects"] == [] and applied["error"] == ""
    assert "(now with more)" in (project / "README.md").read_text(encoding="utf-8")
    assert "_commit: 1.1.0" in (project / ".copier-answers.yml").read_text(encoding="utf-8")
    # The project's own sessions ran, and say what they counted.
    (nox,) = report["checks"]
    assert nox["command"][1:] == ["-P", "-m", "nox", "-s", "lint", "tests"]
    assert nox["exit_status"] == 0
    assert nox["counts"]["lint"] == nox["counts"]["tests"] == "was successful", nox
    assert nox["counts"]["pytest"].endswith("passed") and "failed" not in nox["counts"]["pytest"]
    assert summary.startswith("## Template update: updated")
    assert "to `1.1.0`" in summary and "| nox |" in summary and "Resolve" not in summary
    # Nothing committed: the work tree holds the update for the workflow (or you) to commit.
    assert git("log", "--format=%s", cwd=project).splitlines() == ["Start"]


def test_a_conflict_exits_5_and_the_summary_names_the_file_first(tmp_path: Path) -> None:
    template = tagged_template(tmp_path)
    project = project_from(template, tmp_path)
    line = first_line(template)
    readme = project / "README.md"
    readme.write_text(readme.read_text().replace(line, line + " (ours)"), encoding="utf-8")
    commit_all(project, "our README")
    release(template, "1.1.0", (line, line + " (theirs)"))
    status, report, summary = update(project, tmp_path, "--no-checks")
    assert (status, report["status"]) == (5, "updated-with-conflicts"), report
    assert report["applied"]["conflicts"] == ["README.md"]
    assert report["checks"] == []  # --no-checks
    text = readme.read_text(encoding="utf-8")
    assert "<<<<<<< before updating" in text and "(ours)" in text and "(theirs)" in text
    lines = summary.splitlines()
    assert lines[0] == "## Template update: updated-with-conflicts"
    assert lines[2].startswith("**Resolve before merging**") and lines[4] == (
        "- `README.md`: conflict markers"
    )
    plain = modfirst(REPO, "update", str(project))  # the tree is no longer clean: refused
    assert plain.returncode == 2 and plain.stderr.count("\n") == 1, plain.stderr
    assert "has 2 uncommitted change(s) (.copier-answers.yml" in plain.stderr


def test_nothing_to_do_changes_nothing(tmp_path: Path) -> None:
    project = project_from(tagged_template(tmp_path), tmp_path)
    status, report, summary = update(project, tmp_path)
    assert (status, report["status"]) == (0, "nothing-to-do"), report
    assert report["applied"] is None and report["checks"] == []
    assert "nothing to do" in summary
    assert git("status", "--porcelain", cwd=project) == ""


def test_an_unreachable_template_has_its_own_status(tmp_path: Path) -> None:
    template = tagged_template(tmp_path)
    project = project_from(template, tmp_path)
    shutil.move(template, tmp_path / "moved away")
    status, report, summary = update(project, tmp_path)
    assert (status, report["status"]) == (3, "template-unreachable"), report
    assert report["template"]["reachable"] is False and report["template"]["error"]
    assert "cannot be reached" in summary
    assert git("status", "--porcelain", cwd=project) == ""


def test_refusals_are_one_line_and_touch_nothing(tmp_path: Path) -> None:
    project = project_from(tagged_template(tmp_path), tmp_path)
    (project / "notes.txt").write_text("mine\n", encoding="utf-8")
    dirty = modfirst(REPO, "update", str(project))
    assert dirty.returncode == 2 and dirty.stdout == "" and dirty.stderr.count("\n") == 1
    assert "commit or stash them first" in dirty.stderr
    assert git("status", "--porcelain", cwd=project) == "?? notes.txt\n"
    plain = tmp_path / "plain"
    plain.mkdir()
    no_answers = modfirst(REPO, "update", str(plain))
    assert no_answers.returncode == 2 and "no .copier-answers.yml" in no_answers.stderr
    assert no_answers.stderr.count("\n") == 1 and list(plain.iterdir()) == []
    missing = modfirst(REPO, "update", str(tmp_path / "nowhere"))
    assert missing.returncode == 2 and missing.stderr.count("\n") == 1
