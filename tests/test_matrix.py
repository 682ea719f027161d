"""Every build backend x CLI framework: builds, passes the packaging linters, lints, type-checks,
and runs via `-m`, the console script and its own tests on the oldest and newest Python here.

Each variant records every step in a JSON file (set MODFIRST_MATRIX_REPORT to a folder to keep
them; `python tests/matrix_report.py FOLDER` prints the table) and fails listing the steps that
failed, so one run shows the whole picture.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tarfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from uv import find_uv_bin

from helpers import copier_cli, find_python, question_choices, venv_python

pytestmark = pytest.mark.slow

BACKENDS = question_choices("build_backend")
CLIS = question_choices("cli_framework")
OLDEST, NEWEST = 9, 13
UV = find_uv_bin()
STEP_TIMEOUT = 600


@dataclass
class Steps:
    """Runs commands as named steps and remembers which passed."""

    variant: str
    results: dict[str, bool] = field(default_factory=dict)
    failures: list[str] = field(default_factory=list)

    def run(self, name: str, argv: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
        result = subprocess.run(
            argv, cwd=cwd, capture_output=True, text=True, timeout=STEP_TIMEOUT, check=False
        )
        self.record(name, result.returncode == 0, result.stdout + result.stderr)
        return result

    def record(self, name: str, passed: bool, detail: str = "") -> None:
        self.results[name] = self.results.get(name, True) and passed
        if not passed:
            self.failures.append(f"--- {name} ---\n{detail[-3000:]}")

    def save(self) -> None:
        folder = os.environ.get("MODFIRST_MATRIX_REPORT")
        if folder:
            Path(folder).mkdir(parents=True, exist_ok=True)
            Path(folder, f"{self.variant}.json").write_text(json.dumps(self.results, indent=1))


def wheel_problems(wheel: Path, package: str, sdist: Path) -> list[str]:
    names = set(zipfile.ZipFile(wheel).namelist())
    wanted = [
        f"{package}/__init__.py",
        f"{package}/__main__.py",
        f"{package}/cli.py",
        f"{package}/core.py",
        f"{package}/py.typed",
        f"{package}/tools/__init__.py",
        f"{package}/tools/__main__.py",
    ]
    problems = [f"wheel lacks {name}" for name in wanted if name not in names]
    entry_points = [n for n in names if n.endswith(".dist-info/entry_points.txt")]
    script_line = re.compile(rf"^{package}\s*=\s*{package}\.cli:main$", re.MULTILINE)
    if not entry_points or not script_line.search(
        zipfile.ZipFile(wheel).read(entry_points[0]).decode()
    ):
        problems.append("wheel lacks the console script entry point")
    metadata = (
        zipfile.ZipFile(wheel)
        .read(next(n for n in names if n.endswith(".dist-info/METADATA")))
        .decode()
    )
    if "License-Expression: MIT" not in metadata:
        problems.append("METADATA has no License-Expression: MIT")
    with tarfile.open(sdist) as archive:
        members = {m.split("/", 1)[1] for m in archive.getnames() if "/" in m}
    problems += [
        f"sdist lacks {name}"
        for name in ["tests/test_run_as_module.py", "LICENSE", "pyproject.toml"]
        if name not in members
    ]
    return problems


@pytest.mark.parametrize("cli", CLIS)
@pytest.mark.parametrize("backend", BACKENDS)
def test_variant(template: Path, tmp_path: Path, backend: str, cli: str) -> None:
    package = "matrix_" + backend.replace("-", "_") + "_" + cli
    project = tmp_path / "project"
    steps = Steps(f"{backend}-{cli}")
    rendered = copier_cli(
        "copy",
        "--defaults",
        "--skip-tasks",
        "-r",
        "HEAD",
        "-d",
        f"package_name={package}",
        "-d",
        "python_min=3.9",
        "-d",
        f"build_backend={backend}",
        "-d",
        f"cli_framework={cli}",
        str(template),
        str(project),
        cwd=tmp_path,
    )
    assert rendered.returncode == 0, rendered.stderr

    dist = tmp_path / "dist"
    steps.run(
        "build",
        [sys.executable, "-m", "build", "--installer", "uv", "--outdir", str(dist), str(project)],
        cwd=tmp_path,
    )
    steps.run(
        "build", [UV, "build", "--out-dir", str(tmp_path / "uv-dist"), str(project)], cwd=tmp_path
    )
    wheels, sdists = sorted(dist.glob("*.whl")), sorted(dist.glob("*.tar.gz"))
    if wheels and sdists:
        steps.run(
            "twine",
            [sys.executable, "-m", "twine", "check", "--strict", str(wheels[0]), str(sdists[0])],
            cwd=tmp_path,
        )
        steps.run(
            "wheel contents",
            [sys.executable, "-m", "check_wheel_contents", str(wheels[0])],
            cwd=tmp_path,
        )
        problems = wheel_problems(wheels[0], package, sdists[0])
        steps.record("wheel contents", not problems, "\n".join(problems))
    steps.run(
        "pyproject",
        [sys.executable, "-m", "validate_pyproject", str(project / "pyproject.toml")],
        cwd=tmp_path,
    )
    steps.run("ruff", [sys.executable, "-m", "ruff", "check", "--no-cache", "."], cwd=project)
    steps.run(
        "ruff", [sys.executable, "-m", "ruff", "format", "--no-cache", "--check", "."], cwd=project
    )

    for minor in (OLDEST, NEWEST):
        python = find_python(minor)
        if python is None:
            continue  # the machine lacks this Python: recorded as absent, not as passed
        venv = tmp_path / f"venv-3.{minor}"
        steps.run(
            f"install 3.{minor}",
            [UV, "venv", "--quiet", "--python", python, str(venv)],
            cwd=tmp_path,
        )
        target = str(venv_python(venv))
        steps.run(
            f"install 3.{minor}",
            [
                UV,
                "pip",
                "install",
                "--python",
                target,
                "pytest",
                "mypy",
                "nox",  # mypy checks noxfile.py too
                str(wheels[0]) if wheels else str(project),
            ],
            cwd=tmp_path,
        )
        help_run = steps.run(f"-m 3.{minor}", [target, "-I", "-m", package, "--help"], cwd=tmp_path)
        steps.record(f"-m 3.{minor}", f"sage: {package} " in help_run.stdout, help_run.stdout)
        script = venv_python(venv).parent / (package + (".exe" if os.name == "nt" else ""))
        version = steps.run(f"script 3.{minor}", [str(script), "--version"], cwd=tmp_path)
        steps.record(
            f"script 3.{minor}", version.stdout.strip() == f"{package} 0.1.0", version.stdout
        )
        steps.run(
            f"tests 3.{minor}",
            [target, "-m", "pytest", "-q", "-p", "no:cacheprovider"],
            cwd=project,
        )
        steps.run(f"mypy 3.{minor}", [target, "-m", "mypy", "--no-incremental"], cwd=project)

    steps.save()
    assert not steps.failures, "\n".join(steps.failures)
