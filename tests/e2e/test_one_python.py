"""A machine with one Python: PATH holds the running interpreter, git and the system tools git
needs, but no other Python, no uv and no pyenv.

README promises a fresh machine with Python 3.11+, pip and git. There the default copy is
verified with the stdlib venv and pip, and a python_min above the running Python gives the
documented outcome: NOT VERIFIED, `copier copy` exits 0, and the project is kept.
"""

from __future__ import annotations

import os
import re
import shutil
import sys
from pathlib import Path

import pytest

from helpers import copy_cli, minor_of, question_choices, question_default

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(os.name != "posix", reason="the one-Python PATH is built from symlinks"),
]
RUNNING = f"{sys.version_info.major}.{sys.version_info.minor}"
OFFLINE = "NOT VERIFIED: could not install the build backend"


NOT_ALLOWED = re.compile(r"^(python|pypy|uv|pyenv)", re.IGNORECASE)


@pytest.fixture
def only_this_python(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """PATH = python3 (the interpreter running the tests), git and the system tools git's own
    scripts call (sed, basename, ...), but no other Python, no uv, and no pyenv to fall back on."""
    bin_dir = tmp_path / "one-python-bin"
    bin_dir.mkdir()
    (bin_dir / "python3").symlink_to(sys.executable)
    git = shutil.which("git")
    assert git, "git is needed by copier itself"
    for folder in [Path(git).parent, *map(Path, os.defpath.split(os.pathsep))]:
        for tool in folder.iterdir() if folder.is_dir() else []:
            if not NOT_ALLOWED.match(tool.name) and not (bin_dir / tool.name).exists():
                (bin_dir / tool.name).symlink_to(tool)
    monkeypatch.setenv("PATH", str(bin_dir))
    monkeypatch.setenv("PYENV_ROOT", str(tmp_path / "no-pyenv"))


def copy_with(template: Path, destination: Path, *data: str) -> tuple[int, str, str]:
    answers = [arg for pair in data for arg in ("-d", pair)]
    result = copy_cli(template, destination, "--trust", *answers, cwd=destination.parent)
    if OFFLINE in result.stderr:
        pytest.skip("no network: pip could not fetch the build backend (there is no uv here)")
    return result.returncode, result.stdout, result.stderr


def assert_not_verified_and_kept(code: int, err: str, destination: Path, python_min: str) -> None:
    assert code == 0, err[-3000:]
    assert "modfirst verify: NOT VERIFIED: no Python on this machine satisfies" in err, err
    assert f"requires-python '>={python_min}'" in err
    assert f"this check runs on Python {RUNNING}." in err
    assert (destination / "pyproject.toml").is_file()
    assert (destination / ".copier-answers.yml").is_file()


@pytest.mark.usefixtures("only_this_python")
def test_default_copy_on_a_one_python_machine(template: Path, tmp_path: Path) -> None:
    destination = tmp_path / "default"
    code, out, err = copy_with(template, destination)
    python_min = question_default("python_min")
    if minor_of(python_min) > sys.version_info.minor:  # the default needs a newer Python
        assert_not_verified_and_kept(code, err, destination, python_min)
        return
    assert code == 0, err[-3000:]
    verdict = [line for line in out.splitlines() if line.startswith("modfirst verify: OK")]
    assert len(verdict) == 1, out + err
    assert "venv + pip" in verdict[0]  # no uv on this PATH: the stdlib route
    assert f"Python {RUNNING}." in verdict[0]


@pytest.mark.usefixtures("only_this_python")
def test_python_min_above_the_running_one_is_not_verified_but_kept(
    template: Path, tmp_path: Path
) -> None:
    newer = [c for c in question_choices("python_min") if minor_of(c) > sys.version_info.minor]
    if not newer:
        pytest.skip(f"no python_min choice is newer than the running Python {RUNNING}")
    python_min = newer[0]
    destination = tmp_path / "newer"
    code, _, err = copy_with(template, destination, f"python_min={python_min}")
    assert_not_verified_and_kept(code, err, destination, python_min)
