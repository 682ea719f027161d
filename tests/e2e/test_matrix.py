"""Every variant the template can produce passes its own CI, and every backend packages cleanly.

`test_variant_passes_its_own_ci`: for each build backend x CLI framework x workshop on/off x
python_min (choices read from copier.yml), the commands of the generated
`.github/workflows/ci.yml` are read from that file (parsed YAML, never a copy) and run: the lint
job's (`ruff check .`, `ruff format --check .`, `mypy --strict`) and the test job's (install,
`python -m pytest`, `python -m PKG --version` from another folder). Each job runs on the running
interpreter (when the project's requires-python admits it) and on the oldest and newest Python of
the job's own version list found on this machine; the test output names them.

`test_packaging`: for each backend x CLI: `python -m build` and `uv build`, `twine check`,
`check-wheel-contents`, `validate-pyproject`, and the wheel's files and entry point.

Each variant records every step in a JSON file (set MODFIRST_MATRIX_REPORT to a folder to keep
them; `python tests/matrix_report.py FOLDER` prints the table) and fails listing the steps that
failed, so one run shows the whole picture.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import re
import shlex
import subprocess
import sys
import tarfile
import time
import tomllib
import warnings
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import yaml
from uv import find_uv_bin

from helpers import find_python, python_m, question_choices, run, venv_python
from helpers import render as render_project

pytestmark = pytest.mark.slow

BACKENDS = question_choices("build_backend")
CLIS = question_choices("cli_framework")
PYTHON_MINS = question_choices("python_min")
# One package name for every variant, so variants that differ in one answer differ only in the
# files that answer changes (which is what lets identical inputs share a run, see below).
PACKAGE = "matrix_pkg"
UV = find_uv_bin()
# uv must use the interpreters it is given, never download one.
os.environ["UV_PYTHON_DOWNLOADS"] = "never"
STEP_TIMEOUT = 600
RUNNING = f"{sys.version_info.major}.{sys.version_info.minor}"
# Interpreters the test jobs used, per worker; reported once at the end (see `report_pythons`).
USED: dict[str, set[str]] = {"lint": set(), "test": set(), "absent": set()}
# Results of commands already run on byte-identical inputs, per worker: key -> (passed, detail).
SHARED: dict[str, tuple[bool, str]] = {}


@dataclass
class Steps:
    """Runs commands as named steps and remembers which passed."""

    variant: str
    results: dict[str, bool] = field(default_factory=dict)
    failures: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)

    def run(
        self,
        name: str,
        argv: list[str],
        cwd: Path,
        env: dict[str, str] | None = None,
        shared_key: str | None = None,
    ) -> bool:
        """Run argv; with shared_key, reuse the result of an earlier run on identical inputs."""
        if shared_key is not None and self.reuse(name, shared_key):
            return SHARED[shared_key][0]
        start = time.perf_counter()
        result = run(*argv, cwd=cwd, env=env, timeout=STEP_TIMEOUT)
        self.seconds[name] = self.seconds.get(name, 0) + time.perf_counter() - start
        passed = result.returncode == 0
        detail = f"$ {shlex.join(argv)}\n{result.stdout}{result.stderr}"
        if shared_key is not None:
            SHARED[shared_key] = (passed, detail)
        self.record(name, passed, detail)
        return passed

    def reuse(self, name: str, key: str) -> bool:
        """Record the result of an earlier run on identical inputs, if there was one."""
        if key not in SHARED:
            return False
        passed, detail = SHARED[key]
        self.notes.append(f"{name}: same inputs as an earlier variant, result reused")
        self.record(name, passed, detail)
        return True

    def record(self, name: str, passed: bool, detail: str = "") -> None:
        self.results[name] = self.results.get(name, True) and passed
        if not passed:
            self.failures.append(f"--- {name} ---\n{detail[-3000:]}")

    def save(self) -> None:
        folder = os.environ.get("MODFIRST_MATRIX_REPORT")
        if folder:
            Path(folder).mkdir(parents=True, exist_ok=True)
            Path(folder, f"{self.variant}.json").write_text(json.dumps(self.results, indent=1))


# --- the generated workflow -------------------------------------------------------------


@dataclass(frozen=True)
class Job:
    """One job of the generated ci.yml: its Python versions and its `run:` steps, in order."""

    name: str
    versions: list[str]
    commands: list[tuple[str, str | None]]  # (command line, working-directory)


def ci_jobs(project: Path) -> dict[str, Job]:
    workflow = yaml.safe_load((project / ".github" / "workflows" / "ci.yml").read_text())
    jobs = {}
    for name, job in workflow["jobs"].items():
        versions: list[str] = []
        for step in job["steps"]:
            if str(step.get("uses", "")).startswith("actions/setup-python@"):
                version = str(step["with"]["python-version"])
                if version == "${{ matrix.python-version }}":
                    versions = [str(v) for v in job["strategy"]["matrix"]["python-version"]]
                else:
                    versions = [version]
        commands = [(s["run"], s.get("working-directory")) for s in job["steps"] if "run" in s]
        jobs[name] = Job(name, versions, commands)
    return jobs


def minor(version: str) -> int:
    major, minor_ = version.split(".")[:2]
    assert major == "3", version
    return int(minor_)


@functools.cache
def python_here(version: str) -> str | None:
    """A CPython `version` (3.X) on this machine, the running one first, or None."""
    return sys.executable if version == RUNNING else find_python(minor(version))


def job_pythons(job: Job, python_min: str) -> tuple[list[tuple[str, str]], list[str]]:
    """(version, path) to run `job` on, and the job's versions this machine lacks.

    The running interpreter always (when requires-python admits it), then the oldest and
    newest of the job's own versions that this machine has.
    """
    chosen = [(RUNNING, sys.executable)] if minor(RUNNING) >= minor(python_min) else []
    absent = [v for v in job.versions if python_here(v) is None]
    present = sorted((v for v in job.versions if v not in absent), key=minor)
    for version in present[:1] + present[-1:]:
        path = python_here(version)
        if path is not None and version not in {v for v, _ in chosen}:
            chosen.append((version, path))
    return chosen, absent


def ci_argv(command: str, python: Path, wheel: Path) -> list[str]:
    """A `run:` line of ci.yml as an argument list for `python` (a venv's interpreter).

    `python -m pip install . X` builds the project's wheel and installs it with X: the wheel is
    built once per variant (uv build) and installed by uv, the same resolution, much faster.
    """
    argv = shlex.split(command)
    assert argv[0] == "python" and "${{" not in command, f"unexpected ci.yml step: {command}"
    if argv[1:4] == ["-m", "pip", "install"]:
        wanted = [str(wheel) if arg == "." else arg for arg in argv[4:]]
        return [UV, "pip", "install", "--quiet", "--python", str(python), *wanted]
    return [str(python), *argv[1:]]


def digest(root: Path, files: list[Path], *extra: object) -> str:
    """A hash of the given files (relative names and bytes) and any extra values."""
    sha = hashlib.sha256(json.dumps([str(e) for e in extra]).encode())
    for path in sorted(files):
        sha.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes())
    return sha.hexdigest()


def files_under(root: Path, *names: str) -> list[Path]:
    """The files named, and every file under the folders named."""
    paths = [root / name for name in names]
    return [
        p for path in paths for p in ([path] if path.is_file() else path.rglob("*")) if p.is_file()
    ]


# --- shared environments ----------------------------------------------------------------


@functools.cache
def lint_env(python: str, requirements: tuple[str, ...], folder: Path) -> Path:
    """A venv per interpreter and requirements (per worker) for the lint job's commands.

    `requirements` are the lint job's tools and the project's dependencies, so a variant never
    sees a package another variant needed. mypy's cache lives in it (MYPY_CACHE_DIR): mypy keys
    entries by file path and hash, so sharing it across variants changes speed, never results.
    """
    venv = folder / hashlib.sha256(f"{python}{requirements}".encode()).hexdigest()[:12]
    for argv in (
        [UV, "venv", "--quiet", "--python", python, str(venv)],
        [UV, "pip", "install", "--quiet", "--python", str(venv_python(venv)), *requirements],
    ):
        subprocess.run(argv, check=True, capture_output=True, timeout=STEP_TIMEOUT)
    return venv


@pytest.fixture(scope="session")
def envs_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("lint-envs")


@pytest.fixture(scope="module", autouse=True)
def report_pythons() -> Any:
    """After the module, say which interpreters the CI jobs ran on (a warning shows it)."""
    yield
    if USED["lint"] or USED["test"]:
        warnings.warn(
            "test_matrix ran the ci.yml lint job on Python "
            f"{', '.join(sorted(USED['lint'], key=minor))} and the test job on Python "
            f"{', '.join(sorted(USED['test'], key=minor)) or 'none'}"
            + (
                f"; absent here: {', '.join(sorted(USED['absent'], key=minor))}"
                if USED["absent"]
                else ""
            ),
            stacklevel=1,
        )


# --- every variant passes its own CI ----------------------------------------------------


def render(template: Path, destination: Path, **answers: str | bool) -> Path:
    return render_project(template, destination, **{"package_name": PACKAGE, **answers})


@pytest.mark.parametrize("python_min", PYTHON_MINS)
@pytest.mark.parametrize("workshop", [False, True], ids=["plain", "workshop"])
@pytest.mark.parametrize("cli", CLIS)
@pytest.mark.parametrize("backend", BACKENDS)
def test_variant_passes_its_own_ci(
    template: Path,
    tmp_path: Path,
    envs_folder: Path,
    backend: str,
    cli: str,
    workshop: bool,
    python_min: str,
) -> None:
    variant = f"{backend}-{cli}-{'workshop' if workshop else 'plain'}-{python_min}"
    project = render(
        template,
        tmp_path / "project",
        build_backend=backend,
        cli_framework=cli,
        workshop=workshop,
        python_min=python_min,
    )
    # What the test job reads from the project folder, taken before any tool writes caches there.
    test_inputs = [
        p
        for p in project.rglob("*")
        if p.is_file()
        and p.relative_to(project).parts[0] not in {"exercises", ".copier-answers.yml"}
    ]
    test_folder = digest(project, test_inputs)
    steps = Steps(variant)
    jobs = ci_jobs(project)
    assert set(jobs) >= {"lint", "test"}, f"ci.yml jobs: {sorted(jobs)}"
    pyproject = tomllib.loads((project / "pyproject.toml").read_text(encoding="utf-8"))
    for job in jobs.values():
        for version in job.versions:  # CI installs the project on each of these
            steps.record(
                f"{job.name} job Python",
                minor(version) >= minor(python_min),
                f"ci.yml's {job.name} job uses Python {version}, below requires-python "
                f">={python_min}, so its install step fails",
            )

    wheels = tmp_path / "wheel"
    # Built by the running Python (the backend does not care which), on every variant.
    build = [UV, "build", "--wheel", "--python", sys.executable, "--out-dir", str(wheels)]
    steps.run("build", [*build, str(project)], tmp_path)
    wheel = next(wheels.glob("*.whl"), None)
    if wheel is None:
        steps.save()
        pytest.fail("\n".join(steps.failures))
    with zipfile.ZipFile(wheel) as archive:
        installed = hashlib.sha256(
            b"".join(n.encode() + b"\0" + archive.read(n) for n in sorted(archive.namelist()))
        ).hexdigest()

    # Lint job, on every variant: its session (`nox -s lint`: ruff, ruff format, mypy) reads the
    # whole project, so no two variants share a run; they share mypy's cache (MYPY_CACHE_DIR).
    dependencies = tuple(pyproject["project"].get("dependencies", []))
    lint_pythons, lint_absent = job_pythons(jobs["lint"], python_min)
    if not lint_pythons:  # the lint job's Python is absent and the running one too old: the
        # newest Python here that the project admits (ruff and mypy follow the config, not it)
        lint_pythons = job_pythons(jobs["test"], python_min)[0][-1:]
    install = [c for c, _ in jobs["lint"].commands if ci_argv(c, Path(), wheel)[0] == UV]
    tools = tuple(arg for c in install for arg in shlex.split(c)[4:] if arg != ".")
    for version, python in lint_pythons:
        USED["lint"].add(version)
        venv = lint_env(python, tools + dependencies, envs_folder)
        target = venv_python(venv)
        env = dict(os.environ, MYPY_CACHE_DIR=str(venv / "mypy-cache"))
        for command, _ in jobs["lint"].commands:
            argv = ci_argv(command, target, wheel)
            name = f"lint {version}: {command}"
            if argv[0] == UV:
                if minor(version) < minor(python_min):
                    steps.notes.append(f"{name}: skipped, {version} is below requires-python")
                    continue
                argv[4:4] = ["--reinstall-package", PACKAGE]  # same name as the last variant
                # Its inputs: the interpreter, the wheel's contents and the requirements.
                steps.run(
                    name, argv, tmp_path, shared_key=digest(project, [], python, installed, command)
                )
                continue
            steps.run(name, argv, project, env=env)
    USED["absent"].update(lint_absent)

    # Test job, on a fresh venv per interpreter. What it reads is the installed wheel and the
    # project folder, where pytest runs (tests/ only: testpaths). Workshop on and off give the
    # same wheel and the same folder apart from exercises/ and the answers file, so they share
    # one run; the guard below keeps that true (no test may use exercises/).
    assert not any("exercises" in p.read_text() for p in files_under(project, "tests")), (
        "tests/ mention exercises/: the test job's shared runs would be wrong; key them on it"
    )
    test_pythons, test_absent = job_pythons(jobs["test"], python_min)
    USED["absent"].update(test_absent)
    for version, python in test_pythons:
        USED["test"].add(version)
        key = digest(project, [], test_folder, python, installed, jobs["test"].commands)
        if steps.reuse(f"test {version}", key):
            continue
        venv = tmp_path / f"venv-{version}"
        ok = steps.run(
            f"test {version}: venv", [UV, "venv", "--quiet", "--python", python, str(venv)], project
        )
        elsewhere = tmp_path / f"elsewhere-{version}"
        elsewhere.mkdir()
        details = []
        for command, folder in jobs["test"].commands:
            cwd = project if folder is None else elsewhere
            assert folder in (None, "${{ runner.temp }}"), f"unexpected folder {folder}"
            name = f"test {version}: {command}"
            ok = ok and steps.run(name, ci_argv(command, venv_python(venv), wheel), cwd)
            details.append(f"{name}: {'passed' if ok else 'FAILED'}")
        SHARED[key] = (ok, "\n".join(details))

    steps.save()
    used = f"lint on {[v for v, _ in lint_pythons]}, tests on {[v for v, _ in test_pythons]}"
    slowest = sorted(steps.seconds.items(), key=lambda item: -item[1])[:6]
    print(f"{variant}: {used}; slowest: {[(n, round(t, 1)) for n, t in slowest]}")
    assert not steps.failures, "\n".join(steps.failures)
    if not test_pythons or not lint_pythons:
        # Without an interpreter the lint job cannot install the project, but ruff reads only
        # the files and [tool.ruff] (its target from requires-python), never the interpreter:
        # run the lint session's two ruff commands, so no variant's style goes unchecked.
        for argv in (["ruff", "check", "."], ["ruff", "format", "--check", "."]):
            result = python_m(*argv, cwd=project, timeout=STEP_TIMEOUT)
            assert result.returncode == 0, f"{variant}: {shlex.join(argv)}\n{result.stdout}"
        pytest.skip(
            f"{variant}: no Python here admits requires-python >={python_min}: ruff check and "
            "ruff format --check passed; the nox lint (mypy) and test jobs need "
            f"{' or '.join(test_absent)}"
        )


# --- every backend packages cleanly -----------------------------------------------------


def wheel_problems(wheel: Path, package: str, subpackage: str, sdist: Path) -> list[str]:
    names = set(zipfile.ZipFile(wheel).namelist())
    wanted = [
        f"{package}/__init__.py",
        f"{package}/__main__.py",
        f"{package}/cli.py",
        f"{package}/core.py",
        f"{package}/py.typed",
        f"{package}/{subpackage}/__init__.py",
        f"{package}/{subpackage}/__main__.py",
        f"{package}/{subpackage}/cli.py",
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
def test_packaging(template: Path, tmp_path: Path, backend: str, cli: str) -> None:
    project = render(template, tmp_path / "project", build_backend=backend, cli_framework=cli)
    answers = yaml.safe_load((project / ".copier-answers.yml").read_text())
    steps = Steps(f"{backend}-{cli}")
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
        problems = wheel_problems(wheels[0], PACKAGE, answers["subpackage_name"], sdists[0])
        steps.record("wheel contents", not problems, "\n".join(problems))
    steps.run(
        "pyproject",
        [sys.executable, "-m", "validate_pyproject", str(project / "pyproject.toml")],
        cwd=tmp_path,
    )
    steps.save()
    assert not steps.failures, "\n".join(steps.failures)
