"""The verification hook: it fails a broken project loudly, tells "cannot check" apart from
"broken", falls back from a broken uv, and stops a hung installer with its whole process tree."""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import tomllib
from pathlib import Path
from typing import Any

import pytest

from helpers import (
    REPO,
    UV_DIR,
    VERIFY,
    commit_all,
    copy_cli,
    dies_soon,
    fake_uv,
    hanging_installer,
    path_without_uv,
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


def venv_made(report: Path) -> Path:
    """The venv a verification made, as its --report JSON names it (it made exactly one)."""
    steps = json.loads(report.read_text(encoding="utf-8"))["steps"]
    (venv_step,) = [step for step in steps if step["kind"] == "venv"]
    return Path(venv_step["command"][-1])


def test_broken_project_fails_the_copy_and_says_why(broken_template: Path, tmp_path: Path) -> None:
    destination = tmp_path / "broken project"
    result = copy_cli(broken_template, destination, "--trust", cwd=tmp_path)
    assert result.returncode != 0
    err = result.stderr
    assert "modfirst verify: FAILED: `python -m broken_project` exited with status 1" in err
    assert "cannot import name 'mian'" in err
    assert "To rerun this check: modfirst verify" in err and "with Python alone" in err
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
    assert "src/nothere/ is missing: there is no package to install" in result.stderr


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
    assert "To rerun this check: modfirst verify" in result.stderr
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


def test_main_writes_a_report_for_bad_usage(tmp_path: Path) -> None:
    """No project here: exit 2, and the report says why (every run writes one)."""
    report = tmp_path / "r.json"
    status = subprocess.run(
        [sys.executable, str(REPO / "hooks" / "verify.py"), str(tmp_path), "--report", str(report)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert status.returncode == 2
    data = json.loads(report.read_text(encoding="utf-8"))
    assert data["exit_status"] == 2 and data["status"] == "unverified"
    assert "has no pyproject.toml" in data["reason"] and data["steps"] == []


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


def test_unusable_tmpdir_falls_back_and_leaves_nothing_behind(
    template: Path, tmp_path: Path
) -> None:
    project = render_cli(template, tmp_path / "project")
    before = tree(project)
    not_a_dir = tmp_path / "TMPDIR is a file"
    not_a_dir.write_text("x")
    env = dict(os.environ, TMPDIR=str(not_a_dir))
    report = tmp_path / "report.json"
    result = run_verify(project, "--report", str(report), env=env, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "OK: project runs as a module" in result.stdout
    assert tree(project) == before and not_a_dir.read_text() == "x"
    # the folder it really used (the venv step names it) is gone, and it was not under TMPDIR
    used = venv_made(report).parent
    assert used.name.startswith("modfirst-verify-") and not used.exists()
    assert not_a_dir not in used.parents


def test_verification_writes_nothing_outside_its_temp_dir_and_spares_the_active_venv(
    template: Path, tmp_path: Path
) -> None:
    project = render_cli(template, tmp_path / "project")
    active = tmp_path / "active venv"
    subprocess.run(
        [
            str(Path(UV_DIR) / "uv"),
            "venv",
            "--quiet",
            "--no-config",
            "--python",
            sys.executable,
            str(active),
        ],
        check=True,
        timeout=120,
    )
    temp = tmp_path / "temp"
    temp.mkdir()
    before_project, before_venv = tree(project), listing(active)
    env = dict(
        os.environ,
        TMPDIR=str(temp),
        VIRTUAL_ENV=str(active),
        PATH=str(active / "bin") + os.pathsep + os.environ["PATH"],
        PYTHONPATH=str(tmp_path / "nowhere"),
    )
    report = tmp_path / "report.json"
    result = run_verify(project, "--report", str(report), env=env)
    assert result.returncode == 0, result.stderr
    assert tree(project) == before_project
    assert listing(active) == before_venv  # nothing installed into, or changed in, the user's venv
    assert list(temp.iterdir()) == []  # its own temp dir is gone
    assert venv_made(report).parent.parent == temp  # ... and it was under TMPDIR


@POSIX_ONLY
def test_venv_that_cannot_be_created_is_unverified_and_kept(template: Path, tmp_path: Path) -> None:
    env = fake_uv(
        tmp_path / "bin",
        """\
        case "$1" in
          --version) echo "uv 9.9.9" ;;
          venv) echo "error: No space left on device (os error 28)" >&2; exit 2 ;;
          *) exit 1 ;;
        esac
        """,
    )
    destination = tmp_path / "project"
    result = copy_cli(template, destination, "--trust", cwd=tmp_path, env=env)
    assert result.returncode == 0, result.stderr  # --allow-unverified: kept, not failed
    assert "NOT VERIFIED: could not create a venv with `" in result.stderr
    assert "No space left on device" in result.stderr
    assert (destination / "src" / "project" / "__main__.py").is_file()


@POSIX_ONLY
def test_ctrl_c_during_verification_removes_temp_files_and_keeps_the_project(
    template: Path, tmp_path: Path
) -> None:
    project = render_cli(template, tmp_path / "project")
    before = tree(project)
    temp, marker = tmp_path / "temp", tmp_path / "sleeper.pid"
    temp.mkdir()
    env = dict(hanging_installer(tmp_path / "bin", marker), TMPDIR=str(temp))
    process = subprocess.Popen(
        [sys.executable, str(VERIFY), str(project)],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        wait_for(marker)
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=60)
    finally:
        process.kill()
    assert process.returncode == 130, out + err
    assert "interrupted: the project is kept, the temporary venv removed" in err
    assert dies_soon(int(marker.read_text()))  # the installer's whole tree is gone
    assert list(temp.iterdir()) == []
    assert tree(project) == before


def test_a_library_that_never_had_a_main_is_installed_and_imported(tmp_path: Path) -> None:
    """An adopted library keeps its setup.py and has no __main__.py: the update's verification
    proves what it publishes (install, import, its console scripts) instead of demanding a
    program and a subpackage it never had."""
    project = tmp_path / "lib project"
    (project / "src" / "mylib").mkdir(parents=True)
    (project / "src" / "mylib" / "__init__.py").write_text(
        "def main() -> None:\n    print('hello')\n", encoding="utf-8"
    )
    (project / "setup.py").write_text(
        "from setuptools import find_packages, setup\n\n"
        "setup(name='mylib', version='1.0', package_dir={'': 'src'},\n"
        "      packages=find_packages(where='src'),\n"
        "      entry_points={'console_scripts': ['mylib-hello = mylib:main']})\n",
        encoding="utf-8",
    )
    commit_all(project, "a library, as adopt leaves one")
    result = run_verify(project, "--package", "mylib", "--subpackage", "tools")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "(import mylib, mylib-hello script)" in result.stdout  # setup.py's script, found


def test_a_main_the_history_had_is_still_demanded(tmp_path: Path) -> None:
    """Only a __main__.py the project never had is excused: a committed one that is gone fails."""
    project = tmp_path / "lib project"
    (project / "src" / "mylib").mkdir(parents=True)
    (project / "src" / "mylib" / "__init__.py").write_text("", encoding="utf-8")
    (project / "src" / "mylib" / "__main__.py").write_text("print('hi')\n", encoding="utf-8")
    (project / "pyproject.toml").write_text(
        '[build-system]\nrequires = ["setuptools>=61"]\nbuild-backend = "setuptools.build_meta"\n'
        '[project]\nname = "mylib"\nversion = "1.0"\n',
        encoding="utf-8",
    )
    commit_all(project, "with a program")
    (project / "src" / "mylib" / "__main__.py").unlink()
    commit_all(project, "the program is gone")
    result = run_verify(project, "--package", "mylib")
    assert result.returncode == 1, result.stdout + result.stderr
    assert "src/mylib/__main__.py is missing" in result.stderr
