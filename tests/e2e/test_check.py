"""`modfirst check` on generated projects against a local template with real tags: up to date,
an update that applies cleanly, one that conflicts, drift, an unreachable template, a health
failure. Real copier (check-update, update) throughout."""

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


def release(template: Path, version: str, edit: tuple[str, str]) -> None:
    """A template change to README.md.jinja, committed and tagged."""
    path = template / README
    path.write_text(path.read_text(encoding="utf-8").replace(*edit), encoding="utf-8")
    commit_all(template, f"release {version}")
    git("tag", version, cwd=template)


def project_from(template: Path, tmp_path: Path) -> Path:
    project = tmp_path / "demo project"
    copier_api(template, project, {"project_name": "demo"}, skip_tasks=True, vcs_ref="1.0.0")
    commit_all(project, "Start")
    return project


def check(project: Path, *options: str) -> tuple[int, dict[str, Any]]:
    result = modfirst(REPO, "check", str(project), "--json", *options)
    assert result.stdout.startswith("{"), result.stdout + result.stderr
    return result.returncode, json.loads(result.stdout)


def first_line(template: Path) -> str:
    text = (template / README).read_text(encoding="utf-8")
    return next(line for line in text.splitlines() if line.strip() and "{" not in line)


def test_an_up_to_date_project_is_ok(tmp_path: Path) -> None:
    project = project_from(tagged_template(tmp_path), tmp_path)
    status, report = check(project)
    assert (status, report["status"]) == (0, "ok"), report
    assert report["template"]["latest"] == "1.0.0" and not report["template"]["update_available"]
    assert report["update"]["changed"] == [] and report["drift"] == {
        "edited": [],
        "deleted": [],
        "not_taken": [],
        "error": "",
    }
    statuses = {f["id"]: f["status"] for f in report["health"]}
    # MF008: the template is a folder, which is fine until the project has a remote.
    assert statuses.pop("MF008") == "skipped" and set(statuses.values()) == {"passed"}, statuses
    assert git("status", "--porcelain", cwd=project) == ""  # the project is never touched


def test_a_clean_update_lists_what_it_would_change(tmp_path: Path) -> None:
    template = tagged_template(tmp_path)
    project = project_from(template, tmp_path)
    line = first_line(template)
    release(template, "1.1.0", (line, line + " (now with more)"))
    status, report = check(project)
    assert (status, report["status"]) == (4, "update-available"), report
    assert report["template"]["latest"] == "1.1.0"
    assert report["template"]["commits_behind"] == 1
    assert report["update"]["changed"] == [".copier-answers.yml", "README.md"]
    assert report["update"]["conflicts"] == []
    assert git("status", "--porcelain", cwd=project) == ""


def test_a_conflicting_update_names_the_file_and_shows_the_hunk(tmp_path: Path) -> None:
    template = tagged_template(tmp_path)
    project = project_from(template, tmp_path)
    line = first_line(template)
    readme = project / "README.md"
    readme.write_text(readme.read_text().replace(line, line + " (ours)"), encoding="utf-8")
    commit_all(project, "our README")
    release(template, "1.1.0", (line, line + " (theirs)"))
    status, report = check(project)
    assert (status, report["status"]) == (5, "update-conflicts"), report
    assert report["update"]["conflicts"] == ["README.md"]
    assert report["drift"]["edited"] == ["README.md"]  # ours, since 1.0.0
    hunk = report["update"]["hunks"]["README.md"][0]
    assert "(ours)" in hunk and "(theirs)" in hunk
    shown = modfirst(REPO, "check", str(project), "--diff")
    assert shown.returncode == 5 and "<<<<<<< before updating" in shown.stdout
    assert "would CONFLICT in README.md" in shown.stdout


def test_drift_lists_edited_and_deleted_template_files(tmp_path: Path) -> None:
    project = project_from(tagged_template(tmp_path), tmp_path)
    (project / ".pre-commit-config.yaml").unlink()
    with (project / "noxfile.py").open("a", encoding="utf-8") as handle:
        handle.write("# ours\n")
    commit_all(project, "our changes")
    status, report = check(project)
    assert status == 0, report  # drift is information, not a failure
    assert report["drift"]["edited"] == ["noxfile.py"]
    assert report["drift"]["deleted"] == [".pre-commit-config.yaml"]
    assert report["drift"]["not_taken"] == []


def test_template_files_a_project_never_had_are_not_deleted(tmp_path: Path) -> None:
    """An adopted project takes a few template files: the rest were never deleted."""
    template = tagged_template(tmp_path)
    project = tmp_path / "adopted"
    copier_api(template, project, {"project_name": "demo"}, skip_tasks=True, vcs_ref="1.0.0")
    (project / "mkdocs.yml").unlink()  # never committed: not taken
    commit_all(project, "Start")
    (project / "noxfile.py").unlink()  # committed, then removed: deleted
    commit_all(project, "no nox")
    status, report = check(project)
    assert status == 0, report  # drift is information
    assert report["drift"]["deleted"] == ["noxfile.py"], report["drift"]
    assert report["drift"]["not_taken"] == ["mkdocs.yml"], report["drift"]


def test_an_unreachable_template_has_its_own_status(tmp_path: Path) -> None:
    template = tagged_template(tmp_path)
    project = project_from(template, tmp_path)
    shutil.move(template, tmp_path / "moved away")
    status, report = check(project)
    assert (status, report["status"]) == (3, "template-unreachable"), report
    assert report["template"]["reachable"] is False and report["template"]["error"]
    assert report["update"] is None and report["drift"] is None


def test_a_health_failure_comes_first(tmp_path: Path) -> None:
    template = tagged_template(tmp_path)
    project = project_from(template, tmp_path)
    main = next((project / "src").glob("*/__main__.py"))
    main.unlink()
    commit_all(project, "no __main__")
    line = first_line(template)
    release(template, "1.1.0", (line, line + "!"))
    status, report = check(project)
    assert (status, report["status"]) == (1, "unhealthy"), report
    failed = [f for f in report["health"] if f["status"] == "failed"]
    assert [f["id"] for f in failed] == ["MF001"] and "__main__.py is missing" in failed[0][
        "reason"
    ]
    assert report["template"]["update_available"] is True  # still reported


def test_run_adds_the_verification(tmp_path: Path) -> None:
    project = project_from(tagged_template(tmp_path), tmp_path)
    status, report = check(project, "--health-only", "--run")
    assert status == 0, report
    assert report["template"] is None  # --health-only: no template, no network
    assert [f["id"] for f in report["health"]][-1] == "MF006"
    assert report["health"][-1]["status"] == "passed"


def test_health_only_works_on_a_project_not_made_here(tmp_path: Path) -> None:
    root = tmp_path / "plain"
    (root / "pkg").mkdir(parents=True)
    (root / "pkg" / "__init__.py").write_text("import sys\nsys.path.append('.')\n")
    result = modfirst(REPO, "check", str(root), "--health-only")
    assert result.returncode == 1
    assert "FAIL MF003" in result.stdout and "pkg/__init__.py:2 changes sys.path" in result.stdout
    missing = modfirst(REPO, "check", str(tmp_path / "nowhere"))
    assert missing.returncode == 2 and missing.stderr.count("\n") == 1


def test_the_text_report_is_what_the_json_says(tmp_path: Path) -> None:
    project = project_from(tagged_template(tmp_path), tmp_path)
    result = modfirst(REPO, "check", str(project))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "at 1.0.0 (newest 1.0.0, 0 commit(s) behind)" in result.stdout
    assert result.stdout.rstrip().splitlines()[-1].startswith("modfirst check: ok (")
    assert git("status", "--porcelain", cwd=project) == ""


def test_what_is_not_a_project_is_refused_in_one_line(tmp_path: Path) -> None:
    """An empty folder is not "ok": check refuses it with the usage status, as verify does."""
    empty = tmp_path / "empty"
    empty.mkdir()
    refused = modfirst(REPO, "check", str(empty))
    assert refused.returncode == 2 and refused.stdout == "", refused.stdout
    assert refused.stderr.count("\n") == 1 and "holds no Python project" in refused.stderr
    verified = modfirst(REPO, "verify", str(tmp_path / "nonexistent"))
    assert verified.returncode == 2
    assert "is not a folder; give the path of a project folder" in verified.stderr


def test_check_before_git_init_reports_health_and_why_no_trial(tmp_path: Path) -> None:
    """Right after `copier copy`, before the `git init` its next steps print: no traceback,
    the health checks run, and the trial says it needs a commit."""
    project = project_from(tagged_template(tmp_path), tmp_path)
    shutil.rmtree(project / ".git")
    result = modfirst(REPO, "check", str(project), "--json")
    assert "Traceback" not in result.stderr, result.stderr
    report = json.loads(result.stdout)
    assert report["update"]["error"].startswith("the trial needs the project committed in git")
    assert report["health"], report


def test_a_copier_failure_is_told_from_an_unreachable_template(tmp_path: Path) -> None:
    """copier's own error line reaches the user: a newer template version whose copier.yml
    does not parse makes the trial update fail with copier's reason (the template itself is
    reachable: 4, update available); a template folder that is gone is "cannot be reached" (3)."""
    template = tagged_template(tmp_path)
    project = project_from(template, tmp_path)
    config = template / "copier.yml"
    config.write_text(config.read_text(encoding="utf-8") + "\n: [unclosed\n", encoding="utf-8")
    commit_all(template, "a broken release")
    git("tag", "2.0.0", cwd=template)
    status, report = check(project)
    assert (status, report["status"]) == (4, "update-available"), report
    error = report["update"]["error"]
    assert error.startswith("copier update failed (copier exited 1: "), error
    assert "for more info" not in error and "Traceback" not in error
    assert "yaml" in error.lower() or "copier.yml" in error, error

    shutil.rmtree(template)
    status, report = check(project)
    assert (status, report["status"]) == (3, "template-unreachable"), report
    assert report["template"]["error_kind"] == "unreachable"
    text = modfirst(REPO, "check", str(project)).stdout
    assert f"template: {template} cannot be reached: copier check-update failed" in text
