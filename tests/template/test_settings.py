"""Settings that follow the answers: minimum Python, license, and the generated CI files."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
import yaml

from helpers import check_jsonschema, copy_cli, python_releases, question_choices, render_cli

TEMPLATE_ROOT = Path(__file__).resolve().parents[2] / "template"


RELEASES = [release["version"] for release in python_releases()]


def test_default_python_min_is_the_oldest_supported_release(template: Path, tmp_path: Path) -> None:
    project = render_cli(template, tmp_path / "p")
    oldest = question_choices("python_min")[0]
    assert yaml.safe_load((project / ".copier-answers.yml").read_text())["python_min"] == oldest
    pyproject = tomllib.loads((project / "pyproject.toml").read_text())
    assert pyproject["project"]["requires-python"] == f">={oldest}"


def test_a_release_outside_the_table_is_refused_with_the_choices(
    template: Path, tmp_path: Path
) -> None:
    result = copy_cli(
        template, tmp_path / "p", "--skip-tasks", "-d", "python_min=3.8", cwd=tmp_path
    )
    assert result.returncode != 0
    assert "Invalid choice for 'python_min': '3.8'" in result.stderr
    assert repr(question_choices("python_min")) in result.stderr


# Every release in the table renders, retired ones too (`--data python_min=3.10` by hand).
@pytest.mark.parametrize("version", RELEASES)
def test_minimum_python_drives_every_setting(template: Path, tmp_path: Path, version: str) -> None:
    minor = int(version.split(".")[1])
    project = render_cli(template, tmp_path / "p", f"python_min={version}")
    pyproject = tomllib.loads((project / "pyproject.toml").read_text())
    assert pyproject["project"]["requires-python"] == f">=3.{minor}"
    assert "target-version" not in pyproject["tool"]["ruff"]  # ruff reads requires-python
    assert pyproject["tool"]["mypy"]["python_version"] == f"3.{minor}"
    versions = RELEASES[RELEASES.index(version) :]
    classifiers = pyproject["project"]["classifiers"]
    assert [
        c.rsplit(" ", 1)[1]
        for c in classifiers
        if c.startswith("Programming Language :: Python :: 3.")
    ] == versions
    ci = yaml.safe_load((project / ".github" / "workflows" / "ci.yml").read_text())
    assert ci["jobs"]["test"]["strategy"]["matrix"]["python-version"] == versions
    # a release setup-python does not list as final yet falls back to its pre-release
    test_setup = ci["jobs"]["test"]["steps"][1]["with"]
    assert test_setup["allow-prereleases"] is True
    assert ci["jobs"]["lint"]["steps"][1]["with"]["python-version"] == RELEASES[-1]
    assert ci["jobs"]["test"]["strategy"]["matrix"]["os"] == [
        "ubuntu-latest",
        "macos-latest",
        "windows-latest",
    ]


def test_workflows_match_the_github_schema(template: Path, tmp_path: Path) -> None:
    project = render_cli(template, tmp_path / "p", "python_min=3.9")
    workflows = sorted((project / ".github" / "workflows").glob("*.yml"))
    assert [w.name for w in workflows] == [
        "ci.yml",
        "docs.yml",
        "release.yml",
        "template-update.yml",
    ]
    result = check_jsonschema("--builtin-schema", "vendor.github-workflows", *map(str, workflows))
    assert result.returncode == 0, result.stdout + result.stderr


def test_workflows_have_least_privilege_and_no_secrets(template: Path, tmp_path: Path) -> None:
    project = render_cli(template, tmp_path / "p")
    ci = yaml.safe_load((project / ".github" / "workflows" / "ci.yml").read_text())
    release = yaml.safe_load((project / ".github" / "workflows" / "release.yml").read_text())
    assert ci["permissions"] == {"contents": "read"}
    assert release["permissions"] == {}
    assert release["jobs"]["build"]["permissions"] == {"contents": "read"}
    assert release["jobs"]["publish"]["permissions"] == {"id-token": "write"}  # trusted publishing
    assert release["jobs"]["publish"]["environment"]["name"] == "pypi"
    for path in TEMPLATE_ROOT.rglob("*"):
        if path.is_file():
            assert "secrets." not in path.read_text(), f"{path} refers to a secret"


def test_proprietary_projects_get_no_release_workflow(template: Path, tmp_path: Path) -> None:
    project = render_cli(template, tmp_path / "p", "license=LicenseRef-Proprietary")
    assert not (project / ".github" / "workflows" / "release.yml").exists()
    pyproject = tomllib.loads((project / "pyproject.toml").read_text())
    assert "Private :: Do Not Upload" in pyproject["project"]["classifiers"]


def test_pre_commit_config_runs_ruff_and_mypy(template: Path, tmp_path: Path) -> None:
    project = render_cli(template, tmp_path / "p")
    config = yaml.safe_load((project / ".pre-commit-config.yaml").read_text())
    hooks = {hook["id"] for repo in config["repos"] for hook in repo["hooks"]}
    assert {"ruff-check", "ruff-format", "mypy", "check-toml", "end-of-file-fixer"} <= hooks
