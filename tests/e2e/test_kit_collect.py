"""`modfirst kit collect`: one row per seat from each seat's `exercises.check --json`,
a reason instead of a crash for a seat that cannot be checked, and CSV for a spreadsheet."""

from __future__ import annotations

import csv
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from helpers import REPO, modfirst, python_m, pythons_here, render, solve, venv_python

pytestmark = pytest.mark.slow
TIMEOUT = 600


def run_kit(template: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return modfirst(template, "kit", *args, timeout=TIMEOUT)


def test_collect_reads_every_seat(template: Path, tmp_path: Path) -> None:
    kit = tmp_path / "kit"
    first = kit / "ada"
    render(template, first, project_name="Ada", package_name="ada", workshop=True)
    for name in ("grace", "alan", "lin"):  # student clones: same project, another student
        seat = Path(shutil.copytree(first, kit / name))
        answers = seat / ".copier-answers.yml"
        answers.write_text(
            answers.read_text().replace("project_name: Ada", f"project_name: {name}")
        )
    solved = run_kit(template, "--help")  # the kit's own entry still answers as before
    assert solved.returncode == 0 and "roster" in solved.stdout
    solve(template, kit / "grace", 1, 2, 3)
    (kit / "alan" / "exercises" / "check.py").write_text("def broken(:\n")
    (kit / "lin" / "exercises" / "check.py").unlink()
    (kit / "_kit").mkdir()
    (kit / "_kit" / "seats.json").write_text(json.dumps({"ada": {"status": "verified"}}))
    (kit / "_instructor").mkdir()  # the kit's own folders are not seats

    sheet = tmp_path / "results.csv"
    result = run_kit(template, "collect", str(kit), "--csv", str(sheet))
    assert result.returncode == 1, result.stdout + result.stderr  # two seats could not be checked
    assert "Traceback" not in result.stdout + result.stderr
    assert "2 of 4 seats checked" in result.stdout
    rows = {row["seat"]: row for row in csv.DictReader(sheet.open(encoding="utf-8"))}
    assert sorted(rows) == ["ada", "alan", "grace", "lin"]
    assert rows["ada"]["verification"] == "verified"
    assert rows["grace"]["verification"] == "not recorded"
    assert [rows["ada"][f"exercise {n}"] for n in range(1, 6)] == ["fail"] * 5
    assert rows["ada"]["passed"] == "0" and rows["ada"]["student"] == "Ada"
    assert [rows["grace"][f"exercise {n}"] for n in range(1, 6)] == ["pass"] * 3 + ["fail"] * 2
    assert rows["grace"]["passed"] == "3" and rows["grace"]["student"] == "grace"
    assert rows["alan"]["note"].startswith("cannot check: the self-check failed")
    assert "SyntaxError" in rows["alan"]["note"]
    assert rows["lin"]["note"] == "cannot check: exercises/check.py is missing"
    assert rows["lin"]["exercise 1"] == "" and rows["lin"]["passed"] == ""


def test_collect_refuses_a_folder_without_seats(template: Path, tmp_path: Path) -> None:
    result = run_kit(template, "collect", str(tmp_path))
    assert result.returncode == 2
    assert "holds no projects" in result.stderr
    missing = run_kit(template, "collect", str(tmp_path / "nowhere"))
    assert missing.returncode == 2 and "no folder at" in missing.stderr


PYTHON_PROBE = """\
import json, sys
from pathlib import Path
in_venv = sys.prefix != sys.base_prefix
own_venv = Path(sys.prefix).resolve() == Path.cwd().resolve() / ".venv"
passed = own_venv if (Path.cwd() / ".venv").is_dir() else not in_venv
print(json.dumps({"exercises": [{"number": 1, "passed": passed}]}))
"""


def test_collect_judges_a_seat_by_its_own_venv_never_the_kits(
    template: Path, tmp_path: Path
) -> None:
    # The probe passes exercise 1 only when it runs on the seat's own .venv, or on a Python
    # outside every venv when the seat has none; this test runs in a venv, so reusing
    # sys.executable fails it.
    assert sys.prefix != sys.base_prefix, "run the tests in a venv, as README says"
    kit = tmp_path / "kit"
    for name in ("with_venv", "without_venv"):
        (kit / name / "exercises").mkdir(parents=True)
        (kit / name / "exercises" / "__init__.py").write_text("")
        (kit / name / "exercises" / "check.py").write_text(PYTHON_PROBE)
    made = subprocess.run(
        [sys.executable, "-m", "venv", "--without-pip", str(kit / "with_venv" / ".venv")],
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
    )
    assert made.returncode == 0, made.stderr
    sheet = tmp_path / "results.csv"
    result = run_kit(template, "collect", str(kit), "--csv", str(sheet))
    assert result.returncode == 0, result.stdout + result.stderr
    rows = {row["seat"]: row for row in csv.DictReader(sheet.open(encoding="utf-8"))}
    assert rows["with_venv"]["exercise 1"] == "pass"
    assert rows["without_venv"]["exercise 1"] == "pass"
    # `collect kit/` as the docs write it, a folder relative to where the instructor is: the
    # seat's .venv/bin/python is run from inside the seat, so it is named absolutely
    env = {**os.environ, "PYTHONPATH": str(template / "src")}
    relative = python_m("modfirst", "kit", "collect", "kit", cwd=tmp_path, env=env)
    assert relative.returncode == 0, relative.stdout + relative.stderr
    table = {
        line.split()[0]: re.split(r"\s{2,}", line) for line in relative.stdout.splitlines() if line
    }
    assert table["with_venv"][3] == "pass" and table["without_venv"][3] == "pass"
    assert "fail: not yet" in relative.stdout and "?: not checked" in relative.stdout


@pytest.mark.parametrize("minor", range(9, 16))
def test_the_python_outside_a_venv_is_found_on_every_release(minor: int, tmp_path: Path) -> None:
    # Before 3.11, sys._base_executable inside a venv is the venv's own python: collect must
    # still find the interpreter the venv was made from.
    python = pythons_here().get(minor)
    if python is None:
        pytest.skip(f"needs a Python 3.{minor}, and this machine has none")
    venv = tmp_path / "venv"
    made = subprocess.run(
        [python, "-m", "venv", "--without-pip", str(venv)],
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
    )
    assert made.returncode == 0, made.stderr
    probe = (
        f"import sys; sys.path.insert(0, {str(REPO / 'src')!r}); "
        "from modfirst.kit.collect import python_outside_venvs; print(python_outside_venvs())"
    )
    found = subprocess.run(
        [str(venv_python(venv)), "-I", "-c", probe],
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
    )
    assert found.returncode == 0, found.stderr
    outside = found.stdout.strip()
    assert not Path(outside).is_relative_to(venv), outside
    asked = subprocess.run(
        [
            outside,
            "-I",
            "-c",
            "import sys; print(sys.prefix == sys.base_prefix, *sys.version_info[:2])",
        ],
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
    )
    assert asked.stdout.split() == ["True", "3", str(minor)], asked.stdout + asked.stderr
