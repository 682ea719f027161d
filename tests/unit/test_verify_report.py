"""hooks/verify.py's pure functions, no venvs, no copier runs: requires-python matching, the
rough pyproject reader, install failures told apart, offline signs, verdict lines, the JSON
report (which the kit reads back)."""

from __future__ import annotations

import json
import sys
import tomllib
from pathlib import Path
from typing import Any

import pytest

from helpers import REPO, load_verify

sys.path.insert(0, str(REPO))
from modfirst.kit.seat import read_report

verify = load_verify()


# --- requires-python ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "version, spec, expected",
    [
        ((3, 11, 7), ">=3.11", True),
        ((3, 10, 14), ">=3.11", False),
        ((3, 11, 0), ">=3.11,<3.12", True),
        ((3, 12, 0), ">=3.11,<3.12", False),
        ((3, 12, 1), "==3.12.*", True),
        ((3, 13, 0), "==3.12.*", False),
        ((3, 13, 0), "!=3.12.*", True),
        ((3, 11, 2), "~=3.11", True),
        ((4, 0, 0), "~=3.11", False),
        ((3, 11, 2), "~=3.11.1", True),
        ((3, 12, 0), "~=3.11.1", False),
        ((3, 9, 0), "", True),
        ((3, 9, 0), " >= 3.9 , < 4 ", True),
        ((3, 9, 0), ">3.9", False),
        ((3, 9, 1), ">3.9", True),
        ((3, 9, 0), "<=3.9", True),
        ((3, 9, 0), "===3.9.0", True),
        ((3, 9, 0), ">=v3.9", True),
    ],
)
def test_requires_python_matching(version: tuple[int, int, int], spec: str, expected: bool) -> None:
    assert verify.satisfies(version, spec) is expected


def test_unreadable_requires_python_is_a_broken_project() -> None:
    with pytest.raises(verify.VerifyError) as info:
        verify.satisfies((3, 11, 0), ">=3.11; python_version")
    assert info.value.status == verify.BROKEN
    assert "cannot read requires-python clause" in info.value.headline


# --- the rough pyproject reader (Python < 3.11) ----------------------------------------------

PYPROJECTS = [
    """\
[build-system]
requires = ["hatchling>=1.27"]
build-backend = "hatchling.build"

[project]
name = "demo"
requires-python = ">=3.9"

[project.scripts]
demo = "demo.cli:main"
"demo-tool" = "demo.tools.cli:main"

[tool.hatch.build.targets.wheel]
packages = ["src/demo"]
""",
    """\
[project]
name = 'demo'
requires-python = '>=3.11,<4'
dependencies = []

[build-system]
requires = [
    "setuptools>=77",
    'wheel',
]
build-backend = "setuptools.build_meta"
""",
    """\
[project]
name = "demo"
""",
]


@pytest.mark.parametrize("text", PYPROJECTS, ids=["scripts", "multiline-requires", "bare"])
def test_rough_pyproject_reader_agrees_with_tomllib(text: str) -> None:
    rough = verify.read_pyproject_roughly(text)
    exact: dict[str, Any] = tomllib.loads(text)
    project = exact["project"]
    assert rough["project"].get("requires-python") == project.get("requires-python")
    assert sorted(rough["project"]["scripts"]) == sorted(project.get("scripts", {}))
    assert rough["build-system"]["requires"] == exact.get("build-system", {}).get("requires", [])


# --- install failures: broken project or offline --------------------------------------------

UV_BACKEND_ERROR = """\
Resolved 1 package in 19ms
   Building badlic @ file:///tmp/badlic
error: Failed to build `badlic @ file:///tmp/badlic`
  cause: The build backend returned an error
  cause: Call to `hatchling.build.build_wheel` failed (exit status: 1)
         ValueError: Error parsing field `project.license` - Unknown license: 'not-a-license'
"""
PIP_BACKEND_ERROR = """\
  Preparing metadata (pyproject.toml): finished with status 'error'
  error: subprocess-exited-with-error
  x Preparing metadata (pyproject.toml) did not run successfully.
      ValueError: Error parsing field `project.license` - Unknown license: 'not-a-license'
      urllib3 ... Read timed out.
error: metadata-generation-failed
"""
UV_OFFLINE = """\
error: Failed to build `demo @ file:///tmp/demo`
  cause: Failed to resolve requirements from `build-system.requires`
  cause: No solution found when resolving: `hatchling>=1.27`
  cause: Failed to fetch: https://pypi.org/simple/hatchling/
  cause: error sending request for url (https://pypi.org/simple/hatchling/)
"""
PIP_OFFLINE = """\
  Installing build dependencies: finished with status 'error'
  error: subprocess-exited-with-error
  x pip subprocess to install build dependencies did not run successfully.
  │ exit code: 1
  ╰─> ERROR: Could not find a version that satisfies the requirement hatchling>=1.27
      ERROR: No matching distribution found for hatchling>=1.27
"""
PIP_NO_SUCH_BACKEND = """\
    raise BackendUnavailable(data.get('traceback', ''))
pip._vendor.pyproject_hooks._impl.BackendUnavailable: Traceback (most recent call last):
ModuleNotFoundError: No module named 'hatchling.nothere'
"""
UV_BAD_TOML = """\
error: Failed to parse: `/tmp/demo/pyproject.toml`
  Caused by: TOML parse error at line 3, column 1
"""


@pytest.mark.parametrize(
    "output, status, headline",
    [
        (UV_BACKEND_ERROR, "BROKEN", "its build backend (hatchling>=1.27) refused it"),
        (PIP_BACKEND_ERROR, "BROKEN", "its build backend (hatchling>=1.27) refused it"),
        (UV_OFFLINE, "UNVERIFIED", "could not install the build backend (hatchling>=1.27)"),
        (PIP_OFFLINE, "UNVERIFIED", "could not install the build backend (hatchling>=1.27)"),
        (UV_BAD_TOML, "BROKEN", "installing the project failed: `uv pip install"),
        (PIP_NO_SUCH_BACKEND, "BROKEN", "its build backend (hatchling>=1.27) refused it"),
    ],
    ids=["uv-backend", "pip-backend", "uv-offline", "pip-offline", "uv-bad-toml", "pip-no-backend"],
)
def test_install_failures_are_told_apart(output: str, status: str, headline: str) -> None:
    error = verify.install_failure(
        1, output, ["uv", "pip", "install", "."], ["hatchling>=1.27"], None
    )
    assert error.status == getattr(verify, status)
    assert headline in error.headline
    assert output.splitlines()[-1].strip() in error.details  # the installer's words are shown


def test_offline_signs() -> None:
    assert verify.looks_offline("error: Connection refused", [])
    assert verify.looks_offline(
        "ERROR: No matching distribution found for flit_core>=3.4", ["flit_core>=3.4"]
    )
    assert not verify.looks_offline("ValueError: bad license", ["hatchling"])


# --- the verdict, in words and as JSON -----------------------------------------------------


def test_verdict_lines() -> None:
    ok = verify.ok_line(
        "demo", ["python -m demo", "demo script"], "uv 0.5.1", "Python 3.12.1", 1.234
    )
    assert ok == (
        "modfirst verify: OK: demo runs as a module from outside the project "
        "(python -m demo, demo script) [non-editable install, uv 0.5.1, Python 3.12.1, 1.2 s]"
    )
    broken = verify.failure_text(verify.VerifyError(verify.BROKEN, "it broke", "    | why"), "HINT")
    assert broken.splitlines() == ["modfirst verify: FAILED: it broke", "    | why", "HINT"]
    unverified = verify.failure_text(verify.VerifyError(verify.UNVERIFIED, "offline"), "HINT")
    assert unverified.splitlines() == [
        "modfirst verify: NOT VERIFIED: offline. The project is kept but unproven.",
        "HINT",
    ]
    usage = verify.failure_text(verify.VerifyError(verify.USAGE, "no pyproject.toml"), "HINT")
    assert usage == "modfirst verify: FAILED: no pyproject.toml"


def test_report_json_round_trip_and_timings(tmp_path: Path) -> None:
    report = verify.VerifyReport(
        status="verified",
        package="demo",
        interpreter={"path": "/usr/bin/python3", "version": "3.11.2"},
        installer="uv 0.5.1",
        seconds=3.0,
        exit_status=0,
        steps=[
            verify.Step("probe", "probe", ["uv", "--version"], 0.25, "ok", 0),
            verify.Step("venv", "venv", ["uv", "venv"], 0.5, "ok", 0),
            verify.Step("install from cache", "install", ["uv", "pip"], 0.5, "failed", 2),
            verify.Step("install", "install", ["uv", "pip"], 1.0, "ok", 0),
            verify.Step("python -m demo", "run", ["python", "-m", "demo"], 0.25, "ok", 0),
            verify.Step("demo script", "run", ["demo"], 0.5, "ok", 0),
        ],
    )
    path = tmp_path / "deep" / "report.json"
    verify.write_report(report, path)
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["schema_version"] == verify.REPORT_SCHEMA_VERSION == 1
    assert set(data) == {
        "schema_version",
        "status",
        "reason",
        "package",
        "interpreter",
        "installer",
        "seconds",
        "exit_status",
        "steps",
        "verdict",
    }
    assert set(data["steps"][0]) == {"name", "kind", "command", "seconds", "status", "exit_status"}
    assert verify.timings(data) == {
        "probe": 0.25,
        "venv": 0.5,
        "install": 1.5,
        "checks": 0.5,
        "total": 3.0,
    }
    assert not list(path.parent.glob("*.partial"))
    assert read_report(path) == data


# --- the kit's retry clearing --------------------------------------------------------------


# --- carry_renamed: a conflicting merge is recorded as unmerged ------------------------------


# --- the answers file: one writer for the hook and the kit ------------------------------------


def test_a_library_checked_without_git_gets_one_line_not_a_traceback(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Whether a missing __main__.py is excused reads git's history; with no git to run, the
    report says what is missing (as for a new copy) instead of raising FileNotFoundError."""
    project = tmp_path / "lib"
    (project / "src" / "mylib").mkdir(parents=True)
    (project / "src" / "mylib" / "__init__.py").write_text("", encoding="utf-8")
    (project / "setup.py").write_text("from setuptools import setup\nsetup()\n", encoding="utf-8")
    monkeypatch.setenv("PATH", str(tmp_path / "no programs here"))
    report = verify.verify_project(project, package="mylib")
    assert (report.status, report.exit_status) == ("broken", 1)
    assert report.reason == "src/mylib/__main__.py is missing, so `python -m mylib` cannot work"
