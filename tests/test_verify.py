"""The verification hook: it fails a broken project loudly, tells "cannot check" apart from
"broken", falls back from a broken uv, and stops a hung installer with its whole process tree."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
import tomllib

from helpers import (
    commit_all,
    copy_cli,
    dies_soon,
    fake_uv,
    hanging_installer,
    python_m,
    render_cli,
    run_verify,
    snapshot,
    tree,
)

pytestmark = pytest.mark.slow
DEAD_PROXY = "http://127.0.0.1:9"  # nothing listens on the discard port


@pytest.fixture(scope="session")
def broken_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The template with a typo in __main__.py: renders fine, cannot run."""
    root = snapshot(tmp_path_factory.mktemp("broken") / "modfirst template")
    main = root / "template" / "src" / "{{package_name}}" / "__main__.py.jinja"
    main.write_text(main.read_text().replace("from .cli import main", "from .cli import mian"))
    commit_all(root, "break __main__.py")
    return root


@pytest.fixture(scope="session")
def unverified_project(template: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A default project (uv_build), rendered without its check."""
    return render_cli(template, tmp_path_factory.mktemp("plain") / "plain project")


@pytest.fixture(scope="session")
def hatchling_project(template: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A project whose build backend every installer must fetch (uv builds uv_build itself)."""
    return render_cli(
        template, tmp_path_factory.mktemp("hatch") / "hatch project", "build_backend=hatchling"
    )


def test_broken_project_fails_the_copy_and_says_why(broken_template: Path, tmp_path: Path) -> None:
    destination = tmp_path / "broken project"
    result = copy_cli(broken_template, destination, "--trust", cwd=tmp_path)
    assert result.returncode != 0
    err = result.stderr
    assert "modfirst verify: FAILED: `python -m broken_project` exited with status 1" in err
    assert "cannot import name 'mian'" in err
    assert "To rerun this check by hand" in err and "hooks/verify.py" in err
    assert "-C/--no-cleanup" in err
    assert not destination.exists()  # copier removes the folder it created


def test_no_cleanup_keeps_the_broken_project_and_the_hook_reruns(
    broken_template: Path, tmp_path: Path
) -> None:
    destination = tmp_path / "kept"
    result = copy_cli(broken_template, destination, "--trust", "-C", cwd=tmp_path)
    assert result.returncode != 0
    assert "modfirst verify: FAILED: `python -m kept` exited with status 1" in result.stderr
    rerun = run_verify(destination)
    assert rerun.returncode == 1
    assert "FAILED: `python -m kept` exited with status 1" in rerun.stderr


def test_failed_check_never_removes_a_folder_the_user_had(
    broken_template: Path, tmp_path: Path
) -> None:
    destination = tmp_path / "mine"
    destination.mkdir()
    (destination / "notes.txt").write_text("keep me\n")
    result = copy_cli(broken_template, destination, "--trust", cwd=tmp_path)
    assert result.returncode != 0
    assert "modfirst verify: FAILED: `python -m mine` exited with status 1" in result.stderr
    assert (destination / "notes.txt").read_text() == "keep me\n"


def test_hook_runs_by_hand_and_leaves_the_project_untouched(
    unverified_project: Path, tmp_path: Path
) -> None:
    before = tree(unverified_project)
    result = run_verify(unverified_project, cwd=tmp_path)  # no --package: found under src/
    assert result.returncode == 0, result.stderr
    assert "OK: plain_project runs as a module" in result.stdout
    assert "python -m plain_project.tools" in result.stdout
    assert tree(unverified_project) == before


def test_missing_main_is_reported_before_any_install(
    unverified_project: Path, tmp_path: Path
) -> None:
    result = run_verify(unverified_project, "--package", "nothere", cwd=tmp_path)
    assert result.returncode == 1
    assert "src/nothere/__main__.py is missing" in result.stderr


def build_requires(project: Path) -> list[str]:
    pyproject = tomllib.loads((project / "pyproject.toml").read_text(encoding="utf-8"))
    requires: list[str] = pyproject["build-system"]["requires"]
    return requires


def test_default_project_uses_uv_build_bounded_as_uv_advises(unverified_project: Path) -> None:
    """uv's docs: pin uv_build below its next minor version (it versions like uv, 0.x)."""
    (requirement,) = build_requires(unverified_project)
    bounds = re.fullmatch(r"uv_build>=0\.(\d+)(?:\.\d+)?,<0\.(\d+)", requirement)
    assert bounds is not None, requirement
    assert int(bounds[2]) == int(bounds[1]) + 1, requirement


def offline_env(with_uv: bool, cached: bool = False) -> dict[str, str]:
    """Block the network for child processes: every HTTP(S) request goes to a dead proxy."""
    env = dict(os.environ)
    if not with_uv:
        env["PATH"] = os.pathsep.join(
            d for d in env["PATH"].split(os.pathsep) if not (Path(d) / "uv").exists()
        )
    for name in (
        "HTTP_PROXY",
        "HTTPS_PROXY",
        "ALL_PROXY",
        "http_proxy",
        "https_proxy",
        "all_proxy",
    ):
        env[name] = DEAD_PROXY
    env.pop("NO_PROXY", None)
    env.pop("no_proxy", None)
    # pip.conf may list local indexes; ignore it so "offline" means offline
    env.update(PIP_CONFIG_FILE=os.devnull, PIP_RETRIES="0", PIP_TIMEOUT="5", UV_HTTP_RETRIES="0")
    if not cached:
        env.update(PIP_NO_CACHE_DIR="1", UV_NO_CACHE="1")
    return env


# pip must fetch every backend, uv_build included; uv builds uv_build projects itself, so with
# uv a backend to fetch takes hatchling.
@pytest.mark.parametrize(
    "with_uv, project_fixture",
    [(True, "hatchling_project"), (False, "unverified_project")],
    ids=["uv-hatchling", "stdlib-uv_build"],
)
def test_offline_with_nothing_cached_is_unverified_not_broken(
    tmp_path: Path, with_uv: bool, project_fixture: str, request: pytest.FixtureRequest
) -> None:
    project: Path = request.getfixturevalue(project_fixture)
    result = run_verify(project, env=offline_env(with_uv), cwd=tmp_path)
    assert result.returncode == 3, result.stdout + result.stderr
    backend = ", ".join(build_requires(project))
    assert f"NOT VERIFIED: could not install the build backend ({backend})" in result.stderr
    assert "To rerun this check by hand" in result.stderr
    allowed = run_verify(project, "--allow-unverified", env=offline_env(with_uv), cwd=tmp_path)
    assert allowed.returncode == 0


def test_uv_verifies_the_default_project_offline_with_nothing_cached(
    unverified_project: Path, tmp_path: Path
) -> None:
    """uv builds a uv_build project itself ("direct build"): no backend to fetch, no cache."""
    result = run_verify(unverified_project, env=offline_env(with_uv=True), cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "OK: plain_project runs as a module" in result.stdout


def test_copy_offline_keeps_the_project_and_says_it_is_unverified(
    template: Path, tmp_path: Path
) -> None:
    destination = tmp_path / "offline"
    result = copy_cli(
        template,
        destination,
        "--trust",
        "-d",
        "build_backend=hatchling",  # the default, uv_build, needs nothing fetched with uv
        cwd=tmp_path,
        env=offline_env(with_uv=True),
    )
    assert result.returncode == 0, result.stderr
    assert "modfirst verify: NOT VERIFIED" in result.stderr
    assert (destination / "src" / "offline" / "__main__.py").exists()


def test_uv_offline_works_once_the_backend_is_cached(
    unverified_project: Path, tmp_path: Path
) -> None:
    assert run_verify(unverified_project, cwd=tmp_path).returncode == 0  # warms uv's cache
    result = run_verify(
        unverified_project, env=offline_env(with_uv=True, cached=True), cwd=tmp_path
    )
    assert result.returncode == 0, result.stderr
    assert "OK: plain_project runs as a module" in result.stdout


@pytest.mark.skipif(os.name != "posix", reason="the fake uv is a shell script")
def test_broken_uv_on_path_falls_back_with_a_warning(
    unverified_project: Path, tmp_path: Path
) -> None:
    env = fake_uv(
        tmp_path / "bin", "echo 'uv: error while loading shared libraries' >&2; exit 127\n"
    )
    result = run_verify(unverified_project, env=env, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "warning:" in result.stdout and "`uv --version` failed" in result.stdout
    assert "venv + pip" in result.stdout


@pytest.mark.skipif(os.name != "posix", reason="the fake uv is a shell script")
def test_hung_installer_is_stopped_with_its_children(
    unverified_project: Path, tmp_path: Path
) -> None:
    marker = tmp_path / "sleeper.pid"
    env = hanging_installer(tmp_path / "bin", marker)
    result = run_verify(unverified_project, "--install-timeout", "3", env=env, cwd=tmp_path)
    assert result.returncode == 3, result.stdout + result.stderr
    assert "the install step, " in result.stderr
    assert "did not finish within 3.0 s and was stopped" in result.stderr
    assert dies_soon(int(marker.read_text()))  # the grandchild died with the installer


def test_offline_with_pointed_to_wheels_verifies_without_uv(
    unverified_project: Path, tmp_path: Path
) -> None:
    wheels = tmp_path / "wheels"
    download = python_m(
        "pip",
        "download",
        "--quiet",
        "--dest",
        str(wheels),
        *build_requires(unverified_project),
        timeout=600,
    )
    assert download.returncode == 0, download.stderr
    env = dict(offline_env(with_uv=False), MODFIRST_WHEELS=str(wheels))
    result = run_verify(unverified_project, env=env, cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"offline from {wheels}" in result.stdout
