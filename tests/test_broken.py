"""Every way a generated project can be broken fails the verification with exit status 1 and a
headline that names it, on both install routes (uv, and the stdlib venv + pip); being unable to
check stays a distinct outcome (exit 3, NOT VERIFIED). The JSON report says the same."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from helpers import path_without_uv, render_cli, run_verify

pytestmark = pytest.mark.slow
PACKAGE = "demo"


@pytest.fixture(scope="session")
def healthy(template: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A hatchling project, rendered once (no verification): each case breaks a copy of it."""
    destination = tmp_path_factory.mktemp("healthy") / "demo"
    # the breakages below edit hatchling's settings
    return render_cli(template, destination, "build_backend=hatchling")


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"  # the breakage really changed the file
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def crash_package(p: Path) -> None:
    edit(p / "src" / PACKAGE / "__main__.py", "from .cli import main", "raise RuntimeError('boom')")


def crash_subpackage(p: Path) -> None:
    sub = p / "src" / PACKAGE / "tools" / "__main__.py"
    assert sub.is_file()
    sub.write_text("raise RuntimeError('sub boom')\n", encoding="utf-8")


def crash_script(p: Path) -> None:
    edit(
        p / "pyproject.toml",
        f'{PACKAGE} = "{PACKAGE}.cli:main"',
        f'{PACKAGE} = "{PACKAGE}.cli:crash"',
    )
    cli = p / "src" / PACKAGE / "cli.py"
    cli.write_text(
        cli.read_text(encoding="utf-8")
        + "\n\ndef crash() -> int:\n    raise RuntimeError('script boom')\n"
    )


def script_without_target(p: Path) -> None:
    edit(
        p / "pyproject.toml",
        f'{PACKAGE} = "{PACKAGE}.cli:main"',
        f'{PACKAGE} = "{PACKAGE}.cli:nothere"',
    )


def unknown_license(p: Path) -> None:
    edit(p / "pyproject.toml", 'license = "MIT"', 'license = "Not-A-License"')


def missing_backend(p: Path) -> None:
    edit(
        p / "pyproject.toml",
        'build-backend = "hatchling.build"',
        'build-backend = "hatchling.nothere"',
    )


def module_left_out_of_the_wheel(p: Path) -> None:
    edit(
        p / "pyproject.toml",
        f'packages = ["src/{PACKAGE}"]',
        f'packages = ["src/{PACKAGE}"]\nexclude = ["src/{PACKAGE}/core.py"]',
    )


def main_left_out_of_the_wheel(p: Path) -> None:
    edit(
        p / "pyproject.toml",
        f'packages = ["src/{PACKAGE}"]',
        f'packages = ["src/{PACKAGE}"]\nexclude = ["src/{PACKAGE}/__main__.py"]',
    )


# (breakage, words of the headline, words of the details)
BROKEN = {
    "package-m": (crash_package, f"`python -m {PACKAGE}` exited with status 1", "boom"),
    "subpackage-m": (
        crash_subpackage,
        f"`python -m {PACKAGE}.tools` exited with status 1",
        "sub boom",
    ),
    "script-crash": (crash_script, f"`{PACKAGE} script` exited with status 1", "script boom"),
    "script-target-missing": (
        script_without_target,
        f"`{PACKAGE} script` exited with status 1",
        "nothere",
    ),
    "bad-metadata": (
        unknown_license,
        "its build backend (hatchling>=1.27) refused it",
        "Unknown license",
    ),
    "build-error": (
        missing_backend,
        "its build backend (hatchling>=1.27) refused it",
        "hatchling.nothere",
    ),
    "module-missing": (
        module_left_out_of_the_wheel,
        f"`python -m {PACKAGE}` exited with status 1",
        f"No module named '{PACKAGE}.core'",
    ),
    "main-missing": (
        main_left_out_of_the_wheel,
        f"has no {PACKAGE}/__main__.py in site-packages",
        "",
    ),
}


def verify_by(
    project: Path, route: str, tmp_path: Path
) -> tuple[subprocess.CompletedProcess[str], dict[str, Any]]:
    """Verify project by the route ("uv" or "stdlib"); the result and its --report JSON."""
    env = dict(os.environ)
    if route == "stdlib":
        env["PATH"] = path_without_uv()
    report = tmp_path / "report.json"
    result = run_verify(project, "--report", str(report), env=env, cwd=tmp_path)
    return result, json.loads(report.read_text(encoding="utf-8"))


@pytest.mark.parametrize("route", ["uv", "stdlib"])
@pytest.mark.parametrize("case", list(BROKEN))
def test_broken_project_fails_with_its_headline(
    healthy: Path, tmp_path: Path, case: str, route: str
) -> None:
    breakage, headline, detail = BROKEN[case]
    project = tmp_path / PACKAGE
    shutil.copytree(healthy, project)
    breakage(project)
    result, report = verify_by(project, route, tmp_path)
    assert result.returncode == 1, result.stdout + result.stderr
    verdict = next(
        line for line in result.stderr.splitlines() if line.startswith("modfirst verify: FAILED: ")
    )
    assert headline in verdict, result.stderr
    assert detail in result.stderr, result.stderr
    assert ("uv " if route == "uv" else "stdlib venv") in result.stdout  # the route it took
    assert report["status"] == "broken" and report["exit_status"] == 1
    assert report["reason"] == verdict.removeprefix("modfirst verify: FAILED: ")


@pytest.mark.parametrize("route", ["uv", "stdlib"])
def test_every_failing_entry_point_is_reported(healthy: Path, tmp_path: Path, route: str) -> None:
    """Not only the first: the package, the subpackage and the script all fail here."""
    project = tmp_path / PACKAGE
    shutil.copytree(healthy, project)
    crash_subpackage(project)
    crash_script(project)
    result, report = verify_by(project, route, tmp_path)
    assert result.returncode == 1, result.stdout + result.stderr
    assert (
        f"FAILED: `python -m {PACKAGE}.tools` exited with status 1 and "
        f"`{PACKAGE} script` exited with status 1 (run from a folder outside the project)"
    ) in result.stderr
    assert "sub boom" in result.stderr and "script boom" in result.stderr
    ran = {step["name"]: step["status"] for step in report["steps"] if step["kind"] == "run"}
    assert ran == {
        f"python -m {PACKAGE}": "ok",
        f"python -m {PACKAGE}.tools": "failed",
        f"{PACKAGE} script": "failed",
    }


@pytest.mark.parametrize("route", ["uv", "stdlib"])
def test_no_suitable_interpreter_is_unverified_not_broken(
    healthy: Path, tmp_path: Path, route: str
) -> None:
    project = tmp_path / PACKAGE
    shutil.copytree(healthy, project)
    edit(project / "pyproject.toml", 'requires-python = ">=3.11"', 'requires-python = ">=3.99"')
    result, report = verify_by(project, route, tmp_path)
    assert result.returncode == 3, result.stdout + result.stderr
    assert (
        "NOT VERIFIED: no Python on this machine satisfies requires-python '>=3.99'"
        in result.stderr
    )
    assert report["status"] == "unverified" and report["exit_status"] == 3
    assert not [step for step in report["steps"] if step["kind"] in ("venv", "install")]


def test_each_breakage_changes_its_copy_and_spares_the_original(
    healthy: Path, tmp_path: Path
) -> None:
    """Every breakage edits the copy it is given and leaves the healthy project alone."""
    before = {p: p.read_bytes() for p in healthy.rglob("*") if p.is_file()}
    for case, (breakage, _, _) in BROKEN.items():
        project = tmp_path / case
        shutil.copytree(healthy, project)
        breakage(project)
        changed = [
            p.relative_to(project).as_posix()
            for p in project.rglob("*")
            if p.is_file() and p.read_bytes() != (healthy / p.relative_to(project)).read_bytes()
        ]
        assert changed, case
    assert {p: p.read_bytes() for p in healthy.rglob("*") if p.is_file()} == before
