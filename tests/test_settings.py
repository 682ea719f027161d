"""Settings that follow the answers: minimum Python, license, and the generated CI files."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import tomllib
import yaml

from helpers import copier_cli

TEMPLATE_ROOT = Path(__file__).resolve().parents[1] / "template"


def render(template: Path, destination: Path, *answers: str) -> Path:
    data = [arg for answer in answers for arg in ("-d", answer)]
    result = copier_cli(
        "copy",
        "--defaults",
        "--skip-tasks",
        "-r",
        "HEAD",
        *data,
        str(template),
        str(destination),
        cwd=destination.parent,
    )
    assert result.returncode == 0, result.stderr
    return destination


@pytest.mark.parametrize("minor", [9, 10, 11, 12, 13])
def test_minimum_python_drives_every_setting(template: Path, tmp_path: Path, minor: int) -> None:
    project = render(template, tmp_path / "p", f"python_min=3.{minor}")
    pyproject = tomllib.loads((project / "pyproject.toml").read_text())
    assert pyproject["project"]["requires-python"] == f">=3.{minor}"
    assert "target-version" not in pyproject["tool"]["ruff"]  # ruff reads requires-python
    assert pyproject["tool"]["mypy"]["python_version"] == f"3.{minor}"
    versions = [f"3.{m}" for m in range(minor, 14)]
    classifiers = pyproject["project"]["classifiers"]
    assert [
        c.rsplit(" ", 1)[1]
        for c in classifiers
        if c.startswith("Programming Language :: Python :: 3.")
    ] == versions
    ci = yaml.safe_load((project / ".github" / "workflows" / "ci.yml").read_text())
    assert ci["jobs"]["test"]["strategy"]["matrix"]["python-version"] == versions
    assert ci["jobs"]["test"]["strategy"]["matrix"]["os"] == [
        "ubuntu-latest",
        "macos-latest",
        "windows-latest",
    ]


def test_workflows_match_the_github_schema(template: Path, tmp_path: Path) -> None:
    project = render(template, tmp_path / "p", "python_min=3.9")
    workflows = sorted((project / ".github" / "workflows").glob("*.yml"))
    assert [w.name for w in workflows] == ["ci.yml", "docs.yml", "release.yml"]
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "check_jsonschema",
            "--builtin-schema",
            "vendor.github-workflows",
            *map(str, workflows),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_workflows_have_least_privilege_and_no_secrets(template: Path, tmp_path: Path) -> None:
    project = render(template, tmp_path / "p")
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
    project = render(template, tmp_path / "p", "license=LicenseRef-Proprietary")
    assert not (project / ".github" / "workflows" / "release.yml").exists()
    pyproject = tomllib.loads((project / "pyproject.toml").read_text())
    assert "Private :: Do Not Upload" in pyproject["project"]["classifiers"]


def test_pre_commit_config_runs_ruff_and_mypy(template: Path, tmp_path: Path) -> None:
    project = render(template, tmp_path / "p")
    config = yaml.safe_load((project / ".pre-commit-config.yaml").read_text())
    hooks = {hook["id"] for repo in config["repos"] for hook in repo["hooks"]}
    assert {"ruff-check", "ruff-format", "mypy", "check-toml", "end-of-file-fixer"} <= hooks
