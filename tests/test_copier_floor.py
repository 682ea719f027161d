"""`_min_copier_version` is what the template really needs: the floor copies and updates."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from uv import find_uv_bin

from helpers import commit_all, copier_config, git, venv_python

pytestmark = pytest.mark.slow
FLOOR = copier_config()["_min_copier_version"]


def copier_at(version: str, venv: Path) -> list[str]:
    uv = find_uv_bin()
    subprocess.run([uv, "venv", "--quiet", str(venv)], check=True, timeout=300)
    subprocess.run(
        [uv, "pip", "install", "--quiet", "--python", str(venv_python(venv)), f"copier=={version}"],
        check=True,
        timeout=600,
    )
    return [str(venv_python(venv)), "-m", "copier"]


def run(argv: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        argv,
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=600,
        stdin=subprocess.DEVNULL,
        check=False,
    )


def test_the_floor_version_copies_and_updates(template: Path, tmp_path: Path) -> None:
    copier = copier_at(FLOOR, tmp_path / "venv")
    project = tmp_path / "floor project"
    copied = run(
        [*copier, "copy", "--trust", "--defaults", "-r", "HEAD", str(template), str(project)],
        cwd=tmp_path,
    )
    assert copied.returncode == 0, copied.stderr
    assert copied.stdout.count("modfirst verify: OK") == 1
    commit_all(project, "generated")
    updated = run(
        [
            *copier,
            "update",
            "--trust",
            "--defaults",
            "-r",
            "HEAD",
            "--data",
            "description=Updated at the floor.",
            str(project),
        ],
        cwd=tmp_path,
    )
    assert updated.returncode == 0, updated.stderr
    assert updated.stdout.count("modfirst verify: OK") == 1
    assert "Updated at the floor." in (project / "README.md").read_text()
    assert git("status", "--porcelain", cwd=project).strip()  # the update changed files


def test_the_version_below_the_floor_is_refused(template: Path, tmp_path: Path) -> None:
    major, minor, _ = (int(x) for x in re.findall(r"\d+", FLOOR))
    copier = copier_at(f"{major}.{minor - 1}.0", tmp_path / "venv")
    result = run(
        [
            *copier,
            "copy",
            "--trust",
            "--defaults",
            "-r",
            "HEAD",
            str(template),
            str(tmp_path / "p"),
        ],
        cwd=tmp_path,
    )
    assert result.returncode != 0
    assert FLOOR in result.stdout + result.stderr
