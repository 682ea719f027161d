"""`modfirst kit wheelhouse`: wheels gathered online, seats installed offline."""

from __future__ import annotations

import json
import os
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from helpers import render, venv_python

REPO = Path(__file__).resolve().parents[2]
TIMEOUT = 600
# Every way pip or a proxy-aware tool could reach an index points at a closed port.
NETWORK_CUT = {
    "PIP_CONFIG_FILE": os.devnull,  # no machine-wide index, mirror or find-links
    "PIP_INDEX_URL": "http://127.0.0.1:9/simple/",
    "PIP_EXTRA_INDEX_URL": "",
    "PIP_FIND_LINKS": "",
    "HTTP_PROXY": "http://127.0.0.1:9",
    "HTTPS_PROXY": "http://127.0.0.1:9",
    "http_proxy": "http://127.0.0.1:9",
    "https_proxy": "http://127.0.0.1:9",
    "PIP_DISABLE_PIP_VERSION_CHECK": "1",
}


def run(argv: list[str], cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        argv,
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        env={**os.environ, **env},
        stdin=subprocess.DEVNULL,
        check=False,
    )


@pytest.mark.slow
@pytest.mark.parametrize(
    ("backend", "cli", "how"),
    [("uv_build", "click", "data"), ("hatchling", "typer", "project")],
    ids=["uv_build-click-from-answers", "hatchling-typer-from-project"],
)
def test_a_seat_installs_from_the_wheelhouse_without_network(
    template: Path, tmp_path: Path, backend: str, cli: str, how: str
) -> None:
    project = tmp_path / "seat"
    render(template, project, package_name="seat", build_backend=backend, cli_framework=cli)
    wheels = tmp_path / "wheels"
    answers = ["--data", f"build_backend={backend}", "--data", f"cli_framework={cli}"]
    source = (
        ["--template", str(template), "--vcs-ref", "HEAD", *answers]
        if how == "data"
        else ["--project", str(project)]
    )
    gathered = run(
        [sys.executable, "-m", "modfirst", "kit", "wheelhouse", str(wheels), *source], REPO
    )
    assert gathered.returncode == 0, gathered.stdout + gathered.stderr
    record = json.loads((wheels / "wheelhouse.json").read_text())
    assert any(name.startswith(backend.replace("-", "_")) for name in record["wheels"])
    assert any(name.startswith(cli) for name in record["wheels"])
    assert any(name.startswith("pytest-") for name in record["wheels"])
    if backend == "uv_build":  # a binary wheel: the instructor is told about other platforms
        assert any(name.startswith("uv_build-") for name in record["platform_specific"])
        assert "--platform win_amd64" in gathered.stdout
    assert f"{sys.version_info[0]}.{sys.version_info[1]}" in record["pythons"]
    assert "--no-index --find-links" in gathered.stdout

    venv = tmp_path / "venv"  # a student without uv: the stdlib venv, its own pip
    assert run([sys.executable, "-m", "venv", str(venv)], tmp_path).returncode == 0
    python = str(venv_python(venv))
    # the install line the wheelhouse printed, as it is: the project and pytest, offline
    line = shlex.split(gathered.stdout.strip().splitlines()[-1])
    assert line[:3] == ["python", "-m", "pip"] and line[-2:] == [".", "pytest"], line
    install = run([python, *line[1:]], project, **NETWORK_CUT)
    assert install.returncode == 0, install.stdout + install.stderr
    for argv in (
        [python, "-m", "seat", "--help"],
        [python, "-m", "seat.tools"],
        [python, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(project / "tests")],
    ):
        ran = run(argv, tmp_path, **NETWORK_CUT)
        assert ran.returncode == 0, ran.stdout + ran.stderr


@pytest.mark.slow
def test_without_the_wheelhouse_the_cut_network_really_fails(
    template: Path, tmp_path: Path
) -> None:
    """The control: the same install with the network cut and no wheels cannot succeed."""
    project = tmp_path / "seat"
    render(template, project, package_name="seat", build_backend="hatchling", cli_framework="click")
    venv = tmp_path / "venv"
    assert run([sys.executable, "-m", "venv", str(venv)], tmp_path).returncode == 0
    install = run(
        [str(venv_python(venv)), "-m", "pip", "install", "--retries", "0", "--timeout", "5", "."],
        project,
        **NETWORK_CUT,
    )
    assert install.returncode != 0
    assert "hatchling" in install.stdout + install.stderr  # the build backend it could not get
