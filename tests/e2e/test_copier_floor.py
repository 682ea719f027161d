"""`_min_copier_version` is what the template really needs: the floor copies and updates."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from uv import find_uv_bin

from helpers import commit_all, copier_cli, copier_config, copy_cli, git, venv_python

pytestmark = pytest.mark.slow
FLOOR = copier_config()["_min_copier_version"]


def copier_at(version: str, venv: Path) -> str:
    """A venv with copier==version; its Python, to run `python -m copier`."""
    uv = find_uv_bin()
    subprocess.run([uv, "venv", "--quiet", str(venv)], check=True, timeout=300)
    subprocess.run(
        [uv, "pip", "install", "--quiet", "--python", str(venv_python(venv)), f"copier=={version}"],
        check=True,
        timeout=600,
    )
    return str(venv_python(venv))


def test_the_floor_version_copies_and_updates(template: Path, tmp_path: Path) -> None:
    python = copier_at(FLOOR, tmp_path / "venv")
    project = tmp_path / "floor project"
    copied = copy_cli(template, project, "--trust", cwd=tmp_path, python=python)
    assert copied.returncode == 0, copied.stderr
    assert copied.stdout.count("modfirst verify: OK") == 1
    commit_all(project, "generated")
    updated = copier_cli(
        "update",
        "--trust",
        "--defaults",
        "-r",
        "HEAD",
        "--data",
        "description=Updated at the floor.",
        str(project),
        cwd=tmp_path,
        python=python,
    )
    assert updated.returncode == 0, updated.stderr
    assert updated.stdout.count("modfirst verify: OK") == 1
    assert "Updated at the floor." in (project / "README.md").read_text()
    assert git("status", "--porcelain", cwd=project).strip()  # the update changed files


def test_the_version_below_the_floor_is_refused(template: Path, tmp_path: Path) -> None:
    major, minor, _ = (int(x) for x in re.findall(r"\d+", FLOOR))
    python = copier_at(f"{major}.{minor - 1}.0", tmp_path / "venv")
    result = copy_cli(template, tmp_path / "p", "--trust", cwd=tmp_path, python=python)
    assert result.returncode != 0
    assert FLOOR in result.stdout + result.stderr
