"""The generated project on its own: its tests pass on the running Python and on the oldest
and newest other Python here that it supports, and its wheel carries everything `python -m`
needs. Which interpreters ran is listed under "interpreters used" at the end of the run."""

from __future__ import annotations

import subprocess
import tarfile
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from uv import find_uv_bin

from helpers import (
    minor_of,
    python_version,
    pythons_to_run,
    question_choices,
    render_cli,
    venv_python,
)

pytestmark = pytest.mark.slow
UV = find_uv_bin()
OLDEST_CHOICE = min(question_choices("python_min"), key=minor_of)


def interpreter(role: str) -> str:
    """The running Python, or the oldest/newest other one; skip saying what this machine lacks."""
    python = pythons_to_run(OLDEST_CHOICE)[role]
    if python is None:
        found = sorted({python_version(p) for p in pythons_to_run(OLDEST_CHOICE).values() if p})
        pytest.skip(
            f"no {role} Python >={OLDEST_CHOICE} besides {', '.join(found)} on this machine "
            "(looked on PATH and in PYENV_ROOT or ~/.pyenv)"
        )
    return python


def run(argv: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(argv, cwd=cwd, capture_output=True, text=True, timeout=600, check=False)


@pytest.fixture(scope="module")
def project(template: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    destination = tmp_path_factory.mktemp("gen") / "oldest python"
    return render_cli(template, destination, f"python_min={OLDEST_CHOICE}")


@pytest.mark.parametrize("role", ["running", "oldest", "newest"])
@pytest.mark.parametrize("editable", [False, True], ids=["wheel", "editable"])
def test_generated_tests_pass(
    project: Path,
    tmp_path: Path,
    role: str,
    editable: bool,
    record_property: Callable[[str, object], None],
) -> None:
    python = interpreter(role)
    record_property("interpreter", f"Python {python_version(python)} ({role}, {python})")
    venv = tmp_path / "venv"
    made = run([UV, "venv", "--quiet", "--python", python, str(venv)], cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    target = ["-e", str(project)] if editable else [str(project)]
    installed = run(
        [UV, "pip", "install", "--python", str(venv_python(venv)), "pytest", *target], cwd=tmp_path
    )
    assert installed.returncode == 0, installed.stderr
    result = run(
        [str(venv_python(venv)), "-m", "pytest", "-p", "no:cacheprovider", "-q"], cwd=project
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "14 passed" in result.stdout


def test_wheel_and_sdist_hold_what_python_m_needs(project: Path, tmp_path: Path) -> None:
    built = run([UV, "build", "--out-dir", str(tmp_path), str(project)], cwd=tmp_path)
    assert built.returncode == 0, built.stderr
    wheel = next(tmp_path.glob("*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    for required in [
        "oldest_python/__init__.py",
        "oldest_python/__main__.py",
        "oldest_python/cli.py",
        "oldest_python/core.py",
        "oldest_python/py.typed",
        "oldest_python/tools/__init__.py",
        "oldest_python/tools/__main__.py",
        "oldest_python/tools/cli.py",
    ]:
        assert required in names
    entry_points = next(n for n in names if n.endswith("entry_points.txt"))
    assert (
        "oldest_python = oldest_python.cli:main"
        in zipfile.ZipFile(wheel).read(entry_points).decode()
    )
    metadata = (
        zipfile.ZipFile(wheel).read(next(n for n in names if n.endswith("METADATA"))).decode()
    )
    assert "License-Expression: MIT" in metadata
    assert f"Requires-Python: >={OLDEST_CHOICE}" in metadata
    sdist = next(tmp_path.glob("*.tar.gz"))
    with tarfile.open(sdist) as archive:
        members = {m.split("/", 1)[1] for m in archive.getnames() if "/" in m}
    assert "tests/test_run_as_module.py" in members
    assert "LICENSE" in members
