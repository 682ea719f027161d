"""`copier copy` end to end: real copier, real venvs, real `python -m`."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
import tomllib
from pathlib import Path

import pytest
import yaml

from helpers import (
    copy,
    copy_args,
    copy_cli,
    dies_soon,
    expected,
    find_python,
    hanging_installer,
    minor_of,
    question_choices,
    question_default,
    tree,
)

pytestmark = pytest.mark.slow


IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


POSIX_ONLY = pytest.mark.skipif(os.name != "posix", reason="fake uv is a shell script")


def listing(root: Path) -> dict[str, tuple[int, int]]:
    """Every path under root with its size and modification time: any write shows."""
    return {
        p.relative_to(root).as_posix(): (p.lstat().st_size, p.lstat().st_mtime_ns)
        for p in sorted(root.rglob("*"))
    }


def wait_for(path: Path, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while not (path.exists() and path.read_text().strip()):
        assert time.monotonic() < deadline, f"{path} never appeared"
        time.sleep(0.1)


@pytest.mark.parametrize("installer", ["uv", "stdlib"])
def test_cli_copy_with_defaults_verifies(
    template: Path, tmp_path: Path, installer: str, request: pytest.FixtureRequest
) -> None:
    if installer == "stdlib":
        request.getfixturevalue("no_uv")
    destination = tmp_path / "my workshop" / "new project"
    result = copy_cli(template, destination, "--trust", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    verdict = [
        line for line in result.stdout.splitlines() if line.startswith("modfirst verify: OK")
    ]
    assert len(verdict) == 1, result.stdout
    assert "python -m new_project, python -m new_project.tools, new_project script" in verdict[0]
    assert "non-editable install" in verdict[0]
    assert ("uv " if installer == "uv" else "venv + pip") in verdict[0]
    assert set(tree(destination)) == expected("new_project")
    answers = yaml.safe_load((destination / ".copier-answers.yml").read_text())
    assert answers["project_name"] == "new project"
    assert answers["package_name"] == "new_project"
    assert answers["distribution_name"] == "new-project"
    assert answers["build_backend"] == "uv_build"  # the default after 0.2.0, with or without uv
    assert "stdlib_names" not in answers  # hidden validator data is never stored
    # the check built its venv elsewhere and left the project exactly as rendered
    assert not (destination / ".venv").exists()
    assert not (destination / "build").exists()


def python_min_to_try() -> tuple[str, str | None]:
    """A python_min other than the default: the newest one with an interpreter on this machine
    (found the way the verification finds one), else the newest choice and None."""
    default = question_default("python_min")
    others = sorted((c for c in question_choices("python_min") if c != default), key=minor_of)
    for choice in reversed(others):
        python = find_python(minor_of(choice))
        if python is not None:
            return choice, python
    return others[-1], None


def test_run_copy_with_every_answer_changed(
    template: Path, tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    python_min, python = python_min_to_try()
    answers = {
        "project_name": "Data Cruncher",
        "package_name": "crunch",
        "distribution_name": "data-cruncher",
        "description": 'Crunches "numbers" \\ quickly: 100% café & naïve',
        "author_name": "Zoë O'Brien",
        "author_email": "zoe@example.org",
        "python_min": python_min,
        "license": "Apache-2.0",
        "subpackage_name": "report",
    }
    destination = tmp_path / "cruncher"
    copy(template, destination, **answers)
    out, err = capfd.readouterr()
    if python is None:  # the documented outcome: not verified, the copy succeeds and is kept
        assert "modfirst verify: NOT VERIFIED: no Python on this machine satisfies" in err, err
        assert f"'>={python_min}'" in err
    else:
        assert "modfirst verify: OK: crunch runs as a module" in out, out + err
        assert "python -m crunch.report" in out
        used = re.search(r"OK: .*, Python 3\.(\d+)\.\d+, [\d.]+ s\]", out)
        assert used and int(used[1]) >= minor_of(python_min), out  # requires-python honoured
    assert set(tree(destination)) == expected("crunch", "report")
    pyproject = tomllib.loads((destination / "pyproject.toml").read_text(encoding="utf-8"))
    project = pyproject["project"]
    assert project["name"] == "data-cruncher"
    assert project["description"] == answers["description"]
    assert project["authors"] == [{"name": "Zoë O'Brien", "email": "zoe@example.org"}]
    assert project["requires-python"] == f">={python_min}"
    assert project["license"] == "Apache-2.0"
    assert project["scripts"] == {"crunch": "crunch.cli:main"}
    below = f"Programming Language :: Python :: 3.{minor_of(python_min) - 1}"
    assert below not in project["classifiers"]
    assert f"Programming Language :: Python :: {python_min}" in project["classifiers"]
    license_text = (destination / "LICENSE").read_text(encoding="utf-8")
    assert license_text.lstrip().startswith("Apache License")
    assert "Copyright 20" in license_text and "Zoë O'Brien" in license_text
    readme = (destination / "README.md").read_text(encoding="utf-8")
    assert readme.startswith("# Data Cruncher\n")
    assert "python -m crunch.report" in readme


def test_existing_folder_keeps_the_users_files(template: Path, tmp_path: Path) -> None:
    destination = tmp_path / "existing"
    destination.mkdir()
    (destination / "README.md").write_text("my own notes\n")
    (destination / "data.csv").write_text("a,b\n1,2\n")
    result = copy_cli(template, destination, "--trust", cwd=tmp_path)
    # copier will not overwrite without asking; with no terminal it stops instead
    assert result.returncode != 0
    assert (destination / "README.md").read_text() == "my own notes\n"
    assert (destination / "data.csv").read_text() == "a,b\n1,2\n"

    result = copy_cli(template, destination, "--trust", "--overwrite", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (destination / "README.md").read_text().startswith("# existing\n")  # asked for
    assert (destination / "data.csv").read_text() == "a,b\n1,2\n"  # never touched


def test_python_running_copier_is_the_one_in_the_task(template: Path, tmp_path: Path) -> None:
    result = copy_cli(template, tmp_path / "p", "--trust", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    tasks = [line for line in result.stderr.splitlines() if "Running task" in line]
    assert len(tasks) == 2, tasks  # absolute_source.py, then verify.py
    assert all(f": ['{sys.executable}', " in line for line in tasks), tasks


def test_non_ascii_destination_with_spaces_verifies(template: Path, tmp_path: Path) -> None:
    destination = tmp_path / "Zoë's wörk 東京 🐍" / "projét ünï"
    result = copy_cli(template, destination, "--trust", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    answers = yaml.safe_load((destination / ".copier-answers.yml").read_text(encoding="utf-8"))
    assert answers["project_name"] == "projét ünï"
    assert answers["package_name"] == "projet_uni"  # spelled in ASCII (NFKD)
    assert "modfirst verify: OK: projet_uni runs as a module" in result.stdout


def test_symlinked_destination_verifies_and_writes_through_the_link(
    template: Path, tmp_path: Path
) -> None:
    real = tmp_path / "real place"
    real.mkdir()
    link = tmp_path / "link"
    link.symlink_to(real, target_is_directory=True)
    result = copy_cli(template, link / "proj", "--trust", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "modfirst verify: OK: proj runs as a module" in result.stdout
    assert (real / "proj" / "src" / "proj" / "__main__.py").is_file()
    assert link.is_symlink()


def test_unwritable_destination_fails_without_touching_anything(
    template: Path, tmp_path: Path
) -> None:
    if IS_ROOT:  # root writes through permission bits, so put the destination under a file
        blocker = tmp_path / "a file"
        blocker.write_text("mine\n")
        destination, expected = blocker / "proj", "Not a directory"
    else:
        blocker = tmp_path / "read-only"
        blocker.mkdir()
        blocker.chmod(0o555)
        destination, expected = blocker / "proj", "Permission denied"
    before = listing(tmp_path)
    result = copy_cli(template, destination, "--trust", cwd=tmp_path)
    assert result.returncode != 0
    last = result.stderr.strip().splitlines()[-1]
    assert expected in last and str(blocker) in last, last  # names the problem and the path
    assert "modfirst verify" not in result.stdout + result.stderr  # the task never ran
    assert listing(tmp_path) == before


@POSIX_ONLY
def test_ctrl_c_during_copy_keeps_the_project(template: Path, tmp_path: Path) -> None:
    """A terminal's Ctrl-C hits copier and the task together (one process group)."""
    temp, marker = tmp_path / "temp", tmp_path / "sleeper.pid"
    temp.mkdir()
    env = dict(hanging_installer(tmp_path / "bin", marker), TMPDIR=str(temp))
    destination = tmp_path / "project"
    process = subprocess.Popen(
        [sys.executable, "-m", "copier", *copy_args(template, destination, "--trust")],
        cwd=tmp_path,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        wait_for(marker)
        os.killpg(process.pid, signal.SIGINT)
        _out, err = process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
    assert process.returncode != 0
    assert "Execution stopped by user" in err, err[-2000:]
    assert (destination / "src" / "project" / "__main__.py").is_file()
    assert dies_soon(int(marker.read_text()))
    assert [p.name for p in temp.iterdir() if p.name.startswith("modfirst-verify-")] == []
    assert "interrupted: the project is kept" in err, err[-2000:]
