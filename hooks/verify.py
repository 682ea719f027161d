#!/usr/bin/env python3
"""Prove that a project runs as a module, the way its users will run it.

    python hooks/verify.py [PROJECT] [--package NAME] [--subpackage NAME ...]

1. Pick an interpreter that satisfies the project's `requires-python`.
2. Make a fresh venv in a temporary folder: uv when it is on PATH and works, stdlib venv if not.
3. Install the project into it, non-editable, as a user would.
4. From another temporary folder, run `python -I -m PKG --help`, `python -I -m PKG.SUB` and each
   console script with `--help`, all at once.
5. Remove the temporary folder and print one verdict line; with `--report FILE` (or
   $MODFIRST_VERIFY_REPORT) also write the outcome as JSON for tools (docs/verification.md).

Exit status: 0 verified; 1 the project is broken; 2 bad usage; 3 could not verify (no suitable
interpreter, or the build backend could not be fetched), which `--allow-unverified` turns into 0.
Standard library only: it runs under whatever Python runs copier, 3.9 or newer.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import re
import shlex
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Callable

VERIFIED, BROKEN, USAGE, UNVERIFIED = 0, 1, 2, 3
INTERRUPTED = 130
PREFIX = "modfirst verify:"
# Seconds a step may take before its whole process tree is killed.
TIMEOUTS: dict[str, float] = {"probe": 20, "venv": 120, "install": 600, "run": 60}
TAIL_LINES = 25
# Install output that means "could not reach or find the build backend", not "broken project".
OFFLINE_SIGNS = re.compile(
    r"network|connection (?:refused|reset|error)|failed to establish|name resolution|dns error"
    r"|failed to fetch|error sending request|timed out|offline|unavailable because the network",
    re.IGNORECASE,
)
# Install output that means the build backend ran and refused the project: the project is broken,
# whatever else the output says (a traceback may well mention "timed out" or "unavailable").
BACKEND_FAILED = re.compile(
    r"build backend returned an error|Call to `[\w.:]+` failed"  # uv
    r"|(?:Getting requirements to build wheel|Preparing metadata \(pyproject\.toml\)"
    r"|Building wheel for \S+ \(pyproject\.toml\)) did not run successfully"  # pip
    r"|metadata-generation-failed|Failed building wheel"
    r"|BackendUnavailable",  # pip: build-backend names nothing importable
)
# Variables that would make the checks see something other than the fresh venv.
LEAKY_ENV = {
    "PYTHONPATH",
    "PYTHONHOME",
    "PYTHONSTARTUP",
    "PYTHONUSERBASE",
    "PYTHONSAFEPATH",
    "VIRTUAL_ENV",
    "CONDA_PREFIX",
    "UV_PROJECT_ENVIRONMENT",
    "PIP_USER",
    "PIP_TARGET",
    "PIP_PREFIX",
    "PIP_EDITABLE",
    "UV_SYSTEM_PYTHON",
}


class VerifyError(Exception):
    """A failure to report as one headline plus details, with an exit status."""

    def __init__(self, status: int, headline: str, details: str = "") -> None:
        super().__init__(headline)
        self.status = status
        self.headline = headline
        self.details = details


@dataclass
class Project:
    root: Path
    package: str
    subpackages: list[str]
    scripts: list[str]
    requires_python: str
    build_requires: list[str] = field(default_factory=list)


@dataclass
class Interpreter:
    path: str
    version: tuple[int, int, int]

    @property
    def label(self) -> str:
        return "Python " + ".".join(map(str, self.version))


# --- what happened: the report ----------------------------------------------------------

REPORT_SCHEMA_VERSION = 1
STATUS_WORDS = {VERIFIED: "verified", BROKEN: "broken", UNVERIFIED: "unverified"}


@dataclass
class Step:
    """One command the verification ran."""

    name: str  # "probe", "venv", "install", or the check's label ("python -m PKG")
    kind: str  # probe, venv, install or run
    command: list[str]
    seconds: float
    status: str  # ok, failed, timed out, not found
    exit_status: int | None = None


@dataclass
class Report:
    """The outcome as data: --report writes it as JSON, the verdict line says it in words."""

    status: str = "unverified"  # verified, broken or unverified
    reason: str = ""  # the verdict's headline; empty when verified
    package: str = ""
    interpreter: dict[str, str] | None = None  # {"path": ..., "version": "3.12.4"}
    installer: str = ""  # "uv 0.5.1", "uv 0.5.1, offline from cache", "venv + pip"
    seconds: float = 0.0
    exit_status: int = UNVERIFIED
    steps: list[Step] = field(default_factory=list)
    schema_version: int = REPORT_SCHEMA_VERSION

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def write_report(report: Report, path: Path) -> None:
    """Write the report as JSON, atomically (a reader never sees half a file)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    partial.write_text(json.dumps(report.to_dict(), indent=1) + "\n", encoding="utf-8")
    partial.replace(path)


def timings(report: dict[str, Any]) -> dict[str, float]:
    """Seconds per kind of step, from a report as JSON has it (the benchmark reads it too).
    The checks run at once, so theirs is the longest one's."""
    spent: dict[str, float] = {}
    for step in report["steps"]:
        if step["kind"] != "run":
            spent[step["kind"]] = spent.get(step["kind"], 0.0) + step["seconds"]
    runs = [step["seconds"] for step in report["steps"] if step["kind"] == "run"]
    if runs:
        spent["checks"] = max(runs)
    spent["total"] = report["seconds"]
    return spent


# --- running commands -------------------------------------------------------------------

# The children alive now, in this whole process: Ctrl-C (a process-wide signal) kills them all.
_running: set[subprocess.Popen[str]] = set()
_running_lock = threading.Lock()


def child_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in LEAKY_ENV}
    env.update(
        PYTHONDONTWRITEBYTECODE="1",
        PIP_DISABLE_PIP_VERSION_CHECK="1",
        PIP_NO_INPUT="1",
        UV_PYTHON_DOWNLOADS="never",
        PYTHONIOENCODING="utf-8",
    )
    return env


def kill_tree(process: subprocess.Popen[str]) -> None:
    if process.poll() is not None:
        return
    if os.name == "posix":
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
    else:
        subprocess.run(
            ["taskkill", "/T", "/F", "/PID", str(process.pid)],
            capture_output=True,
            timeout=TIMEOUTS["probe"],
            check=False,
        )
        process.kill()


@dataclass
class Runner:
    """Runs one verification's commands: each step's time limit, and a record of every run."""

    timeouts: dict[str, float] = field(default_factory=lambda: dict(TIMEOUTS))
    steps: list[Step] = field(default_factory=list)

    def run(self, argv: list[str], *, step: str, cwd: Path, name: str = "") -> tuple[int, str]:
        """Run argv (never through a shell); return (exit status, combined output)."""
        started = time.perf_counter()

        def record(status: str, exit_status: int | None) -> None:
            with _running_lock:
                seconds = time.perf_counter() - started
                self.steps.append(
                    Step(name or step, step, list(argv), seconds, status, exit_status)
                )

        try:
            process = subprocess.Popen(
                argv,
                cwd=cwd,
                env=child_env(),
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                text=True,
                encoding="utf-8",
                errors="replace",
                start_new_session=os.name == "posix",  # one process group: a timeout kills it all
            )
        except OSError:
            record("not found", None)
            raise
        with _running_lock:
            _running.add(process)
        try:
            output, _ = process.communicate(timeout=self.timeouts[step])
            record("ok" if process.returncode == 0 else "failed", process.returncode)
            return process.returncode, output
        except subprocess.TimeoutExpired:
            kill_tree(process)
            output, _ = process.communicate()
            record("timed out", None)
            raise VerifyError(
                BROKEN if step == "run" else UNVERIFIED,
                f"the {step} step, `{display(argv)}`, did not finish within "
                f"{self.timeouts[step]} s and was stopped",
                tail(output),
            ) from None
        finally:
            kill_tree(process)
            with _running_lock:
                _running.discard(process)


def stop_everything() -> None:
    with _running_lock:
        for process in list(_running):
            kill_tree(process)


def on_interrupt(signum: int, frame: object) -> None:
    """Ctrl-C: kill the children first, so cleanup starts at once. Under copier this process
    gets the same SIGINT and copier kills it 0.25 s later; waiting for children (what
    subprocess does on KeyboardInterrupt) would leave the temporary venv behind."""
    stop_everything()
    raise KeyboardInterrupt


def display(argv: list[str]) -> str:
    return subprocess.list2cmdline(argv) if os.name == "nt" else shlex.join(argv)


def tail(output: str) -> str:
    lines = output.rstrip().splitlines()[-TAIL_LINES:]
    return "\n".join("    | " + line for line in lines) if lines else "    | (no output)"


# --- reading the project ----------------------------------------------------------------


def read_pyproject(path: Path) -> dict[str, Any]:
    text = path.read_text(encoding="utf-8")
    if sys.version_info < (3, 11):  # no tomllib: read the few keys we need by hand
        return read_pyproject_roughly(text)
    import tomllib  # type: ignore[import-not-found,unused-ignore]  # 3.11+, checked above

    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise VerifyError(BROKEN, f"{path} is not valid TOML: {error}") from None


def read_pyproject_roughly(text: str) -> dict[str, Any]:
    requires = re.search(r"^requires-python\s*=\s*[\"']([^\"']*)[\"']", text, re.MULTILINE)
    section = re.search(r"^\[project\.scripts\]\s*$(.*?)(?=^\[|\Z)", text, re.MULTILINE | re.DOTALL)
    scripts = (
        re.findall(r"^\s*[\"']?([\w.-]+)[\"']?\s*=", section.group(1), re.MULTILINE)
        if section
        else []
    )
    build = re.search(
        r"^\[build-system\].*?^requires\s*=\s*\[(.*?)\]", text, re.MULTILINE | re.DOTALL
    )
    project: dict[str, Any] = {"scripts": dict.fromkeys(scripts, "")}
    if requires:
        project["requires-python"] = requires.group(1)
    return {
        "project": project,
        "build-system": {
            "requires": re.findall(r"[\"']([^\"']+)[\"']", build.group(1)) if build else []
        },
    }


def unresolved_conflicts(root: Path) -> list[str]:
    """Files git records as unmerged (copier marks a conflicting update that way)."""
    try:
        listed = subprocess.run(
            ["git", "ls-files", "--unmerged", "--", "."],
            cwd=root,
            capture_output=True,
            text=True,
            timeout=TIMEOUTS["probe"],
        )
    except (OSError, subprocess.TimeoutExpired):
        return []
    return sorted({line.split("\t", 1)[1] for line in listed.stdout.splitlines() if "\t" in line})


def read_project(root: Path, package: str | None, subpackages: list[str] | None) -> Project:
    conflicts = unresolved_conflicts(root)
    if conflicts:
        raise VerifyError(
            UNVERIFIED,
            f"the update left conflicts in {', '.join(conflicts)}; "
            "resolve them (look for <<<<<<< markers), commit, then rerun this check",
        )
    pyproject = root / "pyproject.toml"
    if not pyproject.is_file():
        raise VerifyError(USAGE, f"{root} has no pyproject.toml; point me at a project folder")
    data = read_pyproject(pyproject)
    source = root / "src"
    if package is None:
        found = sorted(p.parent.name for p in source.glob("*/__main__.py"))
        if len(found) != 1:
            raise VerifyError(
                USAGE,
                f"found {len(found)} packages with a __main__.py under {source}; "
                "name the one to check with --package",
            )
        package = found[0]
    if not (source / package / "__main__.py").is_file():
        raise VerifyError(
            BROKEN, f"src/{package}/__main__.py is missing, so `python -m {package}` cannot work"
        )
    if subpackages is None:
        subpackages = sorted(p.parent.name for p in (source / package).glob("*/__main__.py"))
    for sub in subpackages:
        if not (source / package / sub / "__main__.py").is_file():
            raise VerifyError(
                BROKEN,
                f"src/{package}/{sub}/__main__.py is missing, "
                f"so `python -m {package}.{sub}` cannot work",
            )
    project = data.get("project", {})
    return Project(
        root=root,
        package=package,
        subpackages=subpackages,
        scripts=sorted(project.get("scripts", {})),
        requires_python=project.get("requires-python", ""),
        build_requires=list(data.get("build-system", {}).get("requires", [])),
    )


# --- choosing an interpreter ------------------------------------------------------------


def satisfies(version: tuple[int, int, int], spec: str) -> bool:
    """Check a Python version against a requires-python specifier (PEP 440, release part only)."""
    for clause in filter(None, (c.strip() for c in spec.split(","))):
        match = re.fullmatch(r"(~=|===|==|!=|<=|>=|<|>)\s*v?(\d+(?:\.\d+)*)(\.\*)?", clause)
        if not match:
            raise VerifyError(BROKEN, f"cannot read requires-python clause {clause!r}")
        op, text, wildcard = match.groups()
        want = tuple(int(part) for part in text.split("."))
        if wildcard:
            same = version[: len(want)] == want
            ok = same if op == "==" else not same
        elif op == "~=":
            ok = version >= pad(want) and version[: len(want) - 1] == want[:-1]
        else:
            have, need = version, pad(want)
            ok = {
                "==": have == need,
                "===": have == need,
                "!=": have != need,
                "<=": have <= need,
                ">=": have >= need,
                "<": have < need,
                ">": have > need,
            }[op]
        if not ok:
            return False
    return True


def pad(parts: tuple[int, ...]) -> tuple[int, int, int]:
    full = ((*parts, 0, 0, 0))[:3]
    return full[0], full[1], full[2]


def candidate_paths() -> list[str]:
    """Interpreters to try, oldest first: versioned names on PATH, then pyenv's installs."""
    names = [f"python3.{minor}" for minor in range(9, 20)] + ["python3", "python"]
    found = [path for path in map(shutil.which, names) if path]
    pyenv_root = Path(os.environ.get("PYENV_ROOT") or Path.home() / ".pyenv")
    installs = sorted(
        (pyenv_root / "versions").glob("3.*/bin/python3"),
        key=lambda p: [int(x) if x.isdigit() else 0 for x in p.parts[-3].split(".")],
    )
    return found + [str(p) for p in installs]


def find_interpreter(runner: Runner, spec: str, scratch: Path) -> Interpreter:
    here = Interpreter(sys.executable, pad(tuple(sys.version_info[:3])))
    if satisfies(here.version, spec):
        return here
    seen = {os.path.realpath(sys.executable)}
    for path in candidate_paths():
        if os.path.realpath(path) in seen:
            continue
        seen.add(os.path.realpath(path))
        try:
            status, output = runner.run(
                [path, "-I", "-c", "import sys; print(*sys.version_info[:3])"],
                step="probe",
                cwd=scratch,
            )
        except (OSError, VerifyError):
            continue
        if status == 0 and re.fullmatch(r"\d+ \d+ \d+\s*", output):
            version = pad(tuple(int(x) for x in output.split()))
            if satisfies(version, spec):
                return Interpreter(path, version)
    raise VerifyError(
        UNVERIFIED,
        f"no Python on this machine satisfies requires-python {spec!r}",
        f"    copier runs on {here.label}; install a matching Python "
        "(e.g. `uv python install` or pyenv) and rerun the check",
    )


# --- venv and install -------------------------------------------------------------------


def working_uv(runner: Runner) -> tuple[str, str] | None:
    """Return (path, version) of a uv on PATH that answers `uv --version`, else None."""
    uv = shutil.which("uv")
    if uv is None:
        return None
    try:
        status, output = runner.run(
            [uv, "--version"], step="probe", cwd=Path(tempfile.gettempdir())
        )
    except (OSError, VerifyError) as error:
        status, output = -1, str(error)
    if status != 0 or not output.startswith("uv "):
        print(
            f"{PREFIX} warning: {uv} is on PATH but `uv --version` failed; "
            f"using the standard-library venv instead ({output.strip()[:200]})",
            flush=True,
        )
        return None
    return uv, output.split()[1]


def outside_pip(target: tuple[int, ...]) -> bool:
    """True when this interpreter's pip can install into a venv of Python `target`: it has
    `pip --python` (22.3+), and `target` is no newer than this Python, because pip runs itself
    again under the target and a pip older than it may not run there (Debian 12's pip 23.0
    fails on 3.12+); a newer Python gets the pip its own ensurepip bundles."""
    if tuple(target[:2]) > tuple(sys.version_info[:2]):
        return False
    try:
        from importlib.metadata import version

        major, minor = (int(x) for x in version("pip").split(".")[:2])
    except Exception:  # no pip, or an odd version string
        return False
    return (major, minor) >= (22, 3)


def venv_python(venv: Path) -> Path:
    return venv / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def create_and_install(
    runner: Runner,
    project: Project,
    python: Interpreter,
    uv: tuple[str, str] | None,
    venv: Path,
    scratch: Path,
    wheels: Path | None,
) -> str:
    """Make the venv, install the project non-editable; return a label for the tool used."""
    target = str(venv_python(venv))
    # Wheels the user points to: uv adds them to its sources; pip uses them alone (offline).
    links = ["--find-links", str(wheels)] if wheels else []
    if uv:
        tool = f"uv {uv[1]}"
        make = [uv[0], "venv", "--quiet", "--no-config", "--python", python.path, str(venv)]
        install = [uv[0], "pip", "install", "--python", target, *links, str(project.root)]
    elif outside_pip(python.version):
        tool = "venv + pip"
        make = [python.path, "-m", "venv", "--without-pip", str(venv)]
        install = [
            sys.executable,
            "-m",
            "pip",
            "--python",
            target,
            "install",
            "--no-compile",
            "--progress-bar",
            "off",
            *(["--no-index"] if wheels else []),
            *links,
            str(project.root),
        ]
    else:
        tool = "venv + pip"
        make = [python.path, "-m", "venv", str(venv)]
        install = [
            target,
            "-m",
            "pip",
            "install",
            "--no-compile",
            "--progress-bar",
            "off",
            *(["--no-index"] if wheels else []),
            *links,
            str(project.root),
        ]
    status, output = runner.run(make, step="venv", cwd=scratch)
    if status != 0:
        raise VerifyError(
            UNVERIFIED, f"could not create a venv with `{display(make)}`", tail(output)
        )
    # uv: try the cache alone first; it needs no network and skips index revalidation.
    if uv:
        status, output = runner.run(
            [*install, "--offline"], step="install", cwd=scratch, name="install from cache"
        )
        if status == 0:
            return tool + ", offline from cache"
        if BACKEND_FAILED.search(output):  # built from the cache and refused: no need to go online
            raise install_failure(status, output, install, project.build_requires, wheels)
    status, output = runner.run(install, step="install", cwd=scratch)
    if status == 0 and wheels and not uv:
        return tool + f", offline from {wheels}"
    if status != 0:
        raise install_failure(status, output, install, project.build_requires, wheels)
    return tool


def install_failure(
    status: int, output: str, install: list[str], build_requires: list[str], wheels: Path | None
) -> VerifyError:
    """Tell "the project is broken" from "could not fetch what building it needs"."""
    if BACKEND_FAILED.search(output):
        backend = ", ".join(build_requires) or "unknown"
        return VerifyError(
            BROKEN,
            f"installing the project failed: its build backend ({backend}) refused it; "
            "its error is below",
            f"    command: {display(install)} (exit status {status})\n{tail(output)}",
        )
    missing = wheels is not None and "No matching distribution found" in output
    if looks_offline(output, build_requires) or missing:
        return VerifyError(
            UNVERIFIED,
            "could not install the build backend "
            f"({', '.join(build_requires) or 'unknown'}): no network and nothing cached",
            tail(output),
        )
    return VerifyError(
        BROKEN,
        f"installing the project failed: `{display(install)}` exited with status {status}",
        tail(output),
    )


def looks_offline(output: str, build_requires: list[str]) -> bool:
    if OFFLINE_SIGNS.search(output):
        return True
    names = [re.split(r"[\s<>=!~;\[]", req, maxsplit=1)[0] for req in build_requires]
    return any(
        re.search(
            rf"(?:distribution found for|satisfies the requirement|because)\s+{re.escape(n)}\b",
            output,
            re.IGNORECASE,
        )
        for n in names
        if n
    )


# --- the checks -------------------------------------------------------------------------


def installed_copy_exists(venv: Path, package: str) -> bool:
    pattern = (
        f"Lib/site-packages/{package}/__main__.py"
        if os.name == "nt"
        else f"lib/python3*/site-packages/{package}/__main__.py"
    )
    return any(venv.glob(pattern))


def run_checks(runner: Runner, project: Project, venv: Path, elsewhere: Path) -> list[str]:
    """Run every entry point at once, from a folder outside the project; return their labels.
    Every failing one is reported, not only the first."""
    python = str(venv_python(venv))
    bindir = venv_python(venv).parent
    suffix = ".exe" if os.name == "nt" else ""
    checks = [(f"python -m {project.package}", [python, "-I", "-m", project.package, "--help"])]
    checks += [
        (f"python -m {project.package}.{sub}", [python, "-I", "-m", f"{project.package}.{sub}"])
        for sub in project.subpackages
    ]
    checks += [
        (f"{name} script", [str(bindir / f"{name}{suffix}"), "--help"]) for name in project.scripts
    ]

    def check(label: str, argv: list[str]) -> tuple[str, str]:
        """(what is wrong, its details), or ("", "") when this entry point works."""
        try:
            status, output = runner.run(argv, step="run", cwd=elsewhere, name=label)
        except OSError as error:
            return f"`{label}` cannot be started ({error.strerror or error})", ""
        except VerifyError as error:  # it hung and was stopped
            return error.headline, error.details
        shown = f"    command: {display(argv)}\n{tail(output)}"
        if status != 0:
            return f"`{label}` exited with status {status}", shown
        first_line = output.splitlines()[0] if output else ""
        if "__main__.py" in first_line:
            return (
                f'`{label} --help` calls the program "__main__.py"; give argparse an explicit prog',
                shown,
            )
        return "", ""

    results = at_once(check, checks)
    problems = [problem for problem, _ in results if problem]
    if problems:
        raise VerifyError(
            BROKEN,
            " and ".join(problems) + " (run from a folder outside the project)",
            "\n".join(f"  {problem}:\n{shown}" for problem, shown in results if problem),
        )
    return [label for label, _ in checks]


def at_once(
    check: Callable[[str, list[str]], tuple[str, str]], checks: list[tuple[str, list[str]]]
) -> list[tuple[str, str]]:
    """check(label, argv) for every check, each in its own thread; results in checks' order.
    Plain threads: concurrent.futures would import logging, a tenth of this process's start-up."""
    results: list[tuple[str, str] | BaseException] = [("", "")] * len(checks)

    def one(index: int) -> None:
        try:
            results[index] = check(*checks[index])
        except BaseException as error:  # re-raised below, in the calling thread
            results[index] = error

    threads = [threading.Thread(target=one, args=(i,), daemon=True) for i in range(len(checks))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for result in results:
        if isinstance(result, BaseException):
            raise result
    return [result for result in results if not isinstance(result, BaseException)]


def verify(runner: Runner, project: Project, report: Report, wheels: Path | None = None) -> str:
    """Check the project in a fresh venv, filling in the report; return the OK verdict line."""
    started = time.perf_counter()
    report.package = project.package
    uv = working_uv(runner)
    report.installer = f"uv {uv[1]}" if uv else "venv + pip"
    with tempfile.TemporaryDirectory(prefix="modfirst-verify-") as temp:
        scratch, elsewhere, venv = (
            Path(temp, "scratch"),
            Path(temp, "elsewhere"),
            Path(temp, "venv"),
        )
        scratch.mkdir()
        elsewhere.mkdir()
        python = find_interpreter(runner, project.requires_python, scratch)
        report.interpreter = {"path": python.path, "version": ".".join(map(str, python.version))}
        print(
            f"{PREFIX} checking {project.package} in a fresh venv ({python.label}, "
            f"{'uv ' + uv[1] if uv else 'stdlib venv'})...",
            flush=True,
        )
        report.installer = create_and_install(runner, project, python, uv, venv, scratch, wheels)
        if not installed_copy_exists(venv, project.package):
            raise VerifyError(
                BROKEN,
                f"the installed project has no {project.package}/__main__.py "
                "in site-packages: the wheel is missing files",
            )
        labels = run_checks(runner, project, venv, elsewhere)
    return ok_line(
        project.package, labels, report.installer, python.label, time.perf_counter() - started
    )


def ok_line(package: str, labels: list[str], installer: str, python: str, seconds: float) -> str:
    return (
        f"{PREFIX} OK: {package} runs as a module from outside the project "
        f"({', '.join(labels)}) [non-editable install, {installer}, {python}, {seconds:.1f} s]"
    )


def failure_text(error: VerifyError, hint: str) -> str:
    """The verdict for a failure: the headline line, then details and how to rerun."""
    if error.status == UNVERIFIED:
        lines = [f"{PREFIX} NOT VERIFIED: {error.headline}. The project is kept but unproven."]
    else:
        lines = [f"{PREFIX} FAILED: {error.headline}"]
    if error.details:
        lines.append(error.details)
    if error.status in (UNVERIFIED, BROKEN):
        lines.append(hint)
    return "\n".join(lines)


def rerun_hint(root: Path, package: str) -> str:
    venv = Path(tempfile.gettempdir(), "modfirst-check")
    python = venv_python(venv)
    return "\n".join(
        [
            "  To rerun this check by hand (from a clone of the modfirst template):",
            f"    python hooks/verify.py {display([str(root)])}",
            "  or without modfirst:",
            f"    python -m venv {display([str(venv)])} && "
            + display([str(python), "-m", "pip", "install", str(root)]),
            f"    cd {display([tempfile.gettempdir()])} && "
            + display([str(python), "-m", package, "--help"]),
            "  (`copier copy` removes a project whose check failed; "
            "add -C/--no-cleanup to keep it.)",
        ]
    )


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("project", nargs="?", default=".", help="project folder (default: .)")
    parser.add_argument(
        "--package", help="import name to check (default: the one under src/ with a __main__.py)"
    )
    parser.add_argument(
        "--subpackage",
        action="append",
        dest="subpackages",
        help="subpackage to run with -m (repeatable; default: all with a __main__.py)",
    )
    parser.add_argument(
        "--install-timeout",
        type=float,
        default=TIMEOUTS["install"],
        help=f"seconds the install may take (default: {TIMEOUTS['install']})",
    )
    parser.add_argument("--timings", action="store_true", help="print seconds spent per step")
    parser.add_argument(
        "--wheels",
        type=Path,
        default=os.environ.get("MODFIRST_WHEELS") or None,
        help="a folder of wheels (the build backend, dependencies) to install "
        "from, for offline use (default: $MODFIRST_WHEELS)",
    )
    parser.add_argument(
        "--allow-unverified",
        action="store_true",
        help="exit 0 when the check cannot run (offline, no suitable Python)",
    )
    parser.add_argument(
        "--report",
        type=Path,
        default=os.environ.get("MODFIRST_VERIFY_REPORT") or None,
        help="write the outcome as JSON to this file (default: $MODFIRST_VERIFY_REPORT)",
    )


def main(argv: list[str] | None = None) -> int:
    """`python hooks/verify.py ...`, as copier's task runs it."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    add_arguments(parser)
    return run(parser.parse_args(argv))


def run(args: argparse.Namespace) -> int:
    """Verify the project the arguments name; write the report if asked; return the status."""
    runner = Runner()
    runner.timeouts["install"] = args.install_timeout
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGINT, on_interrupt)
    report = Report()
    started = time.perf_counter()
    try:
        status = check(runner, args, report)
    finally:
        report.seconds = time.perf_counter() - started
        report.steps = list(runner.steps)
        if args.report:
            write_report(report, args.report.resolve())
    if status == VERIFIED and args.timings:
        spent = timings(report.to_dict())
        print(f"{PREFIX} timings: " + ", ".join(f"{k} {v:.3f} s" for k, v in spent.items()))
    return status


def check(runner: Runner, args: argparse.Namespace, report: Report) -> int:
    """Verify the project; fill in the report, print the verdict, return the exit status."""
    root = Path(args.project).resolve()
    report.package = args.package or ""
    try:
        project = read_project(root, args.package, args.subpackages)
        print(verify(runner, project, report, args.wheels and args.wheels.resolve()), flush=True)
        report.status, report.exit_status = STATUS_WORDS[VERIFIED], VERIFIED
    except VerifyError as error:
        print(failure_text(error, rerun_hint(root, report.package or "<package>")), file=sys.stderr)
        report.status = STATUS_WORDS.get(error.status, "unverified")
        report.reason = error.headline
        unverified = error.status == UNVERIFIED and args.allow_unverified
        report.exit_status = VERIFIED if unverified else error.status
    except KeyboardInterrupt:
        stop_everything()
        print(
            f"{PREFIX} interrupted: the project is kept, the temporary venv removed.",
            file=sys.stderr,
        )
        report.reason, report.exit_status = "interrupted", INTERRUPTED
    return report.exit_status


if __name__ == "__main__":
    sys.exit(main())
