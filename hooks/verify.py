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

Exit status (modfirst's one table, hooks/outcome.py): 0 verified; 1 the project is broken;
2 not a project (usage); 3 could not verify (no suitable interpreter, or the build backend could
not be fetched), which `--allow-unverified` turns into 0. From Python: verify_project(root).
Standard library only: it runs under whatever Python runs copier.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import sys
import tempfile
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Callable

if __package__:
    from .fresh_venv import (
        Environment,
        find_interpreter,
        install_failure,
        looks_offline,
        satisfies,
        working_uv,
    )
    from .outcome import FAILED, INTERRUPTED, NOT_CHECKED, OK, USAGE, Problem
    from .runner import TIMEOUTS, Runner, Step, display, git, on_interrupt, stop_everything, tail
else:  # run by path, as copier's task does (perhaps under -I): import the modules beside it
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    from fresh_venv import (  # type: ignore[no-redef,import-not-found]
        Environment,
        find_interpreter,
        install_failure,
        looks_offline,
        satisfies,
        working_uv,
    )
    from outcome import (  # type: ignore[no-redef,import-not-found]
        FAILED,
        INTERRUPTED,
        NOT_CHECKED,
        OK,
        USAGE,
        Problem,
    )
    from runner import (  # type: ignore[no-redef,import-not-found]
        TIMEOUTS,
        Runner,
        Step,
        display,
        git,
        on_interrupt,
        stop_everything,
        tail,
    )

__all__ = [
    "Step",
    "VerifyReport",
    "install_failure",
    "looks_offline",
    "satisfies",
    "verify_project",
]

# The names this file's readers know (the kit, the tests, the report's schema).
VERIFIED, BROKEN, UNVERIFIED = OK, FAILED, NOT_CHECKED
VerifyError = Problem
PREFIX = "modfirst verify:"
# A project is packaged by one of these (an adopted one keeps setup.py and setup.cfg).
PACKAGING = ("pyproject.toml", "setup.py", "setup.cfg")


@dataclass
class Project:
    root: Path
    package: str
    subpackages: list[str]
    scripts: list[str]
    requires_python: str
    build_requires: list[str] = field(default_factory=list)
    runnable: bool = True  # False: a library adopted without a __main__.py (import it instead)


# --- what happened: the report ----------------------------------------------------------

REPORT_SCHEMA_VERSION = 1
STATUS_WORDS = {VERIFIED: "verified", BROKEN: "broken", UNVERIFIED: "unverified"}


@dataclass
class VerifyReport:
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
    verdict: str = ""  # the text printed: the OK line, or the failure with its details

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def write_report(report: VerifyReport, path: Path) -> None:
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


# --- reading the project ----------------------------------------------------------------


def read_pyproject(path: Path) -> dict[str, Any]:
    text = path.read_text(encoding="utf-8")
    if sys.version_info < (3, 11):  # no tomllib: read the few keys we need by hand
        return read_pyproject_roughly(text)
    import tomllib  # type: ignore[import-not-found,unused-ignore]  # 3.11+, checked above

    try:
        return tomllib.loads(text)  # type: ignore[no-any-return,unused-ignore]
    except tomllib.TOMLDecodeError as error:
        raise Problem(BROKEN, f"{path} is not valid TOML: {error}") from None


def read_pyproject_roughly(text: str) -> dict[str, Any]:
    import re

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
        status, listed, _ = git("ls-files", "--unmerged", "--", ".", cwd=root)
    except (OSError, Problem):
        return []
    lines = listed.splitlines() if status == 0 else []
    return sorted({line.split("\t", 1)[1] for line in lines if "\t" in line})


def has_history(root: Path) -> bool:
    """Whether the project has a commit to read (False without git, or before the first)."""
    try:
        status, _, _ = git("rev-parse", "--verify", "--quiet", "HEAD", cwd=root)
    except (OSError, Problem):
        return False
    return status == 0


def ever_committed(root: Path, path: str) -> bool:
    """Whether the project's git history ever held `path` (False without any history)."""
    try:
        status, listed, _ = git("log", "--format=%H", "-1", "--", path, cwd=root)
    except (OSError, Problem):
        return False
    return status == 0 and bool(listed.strip())


def runnable(root: Path, module: str) -> bool:
    """Whether `python -m module` must work: its __main__.py is there, or should be (a new
    project, or one whose history had it). A module whose committed history never had one
    is a library part, as `modfirst adopt` leaves a library: it is installed and imported."""
    relative = f"src/{module.replace('.', '/')}/__main__.py"
    if (root / relative).is_file():
        return True
    if has_history(root) and not ever_committed(root, relative):
        return False
    raise Problem(BROKEN, f"{relative} is missing, so `python -m {module}` cannot work")


def read_project(root: Path, package: str | None, subpackages: list[str] | None) -> Project:
    if not root.is_dir():
        raise Problem(USAGE, f"{root} is not a folder; give the path of a project folder")
    pyproject = root / "pyproject.toml"
    if not any((root / name).is_file() for name in PACKAGING):
        raise Problem(
            USAGE, f"{root} has no pyproject.toml nor setup.py; give the path of a project folder"
        )
    conflicts = unresolved_conflicts(root)
    if conflicts:
        raise Problem(
            UNVERIFIED,
            f"the update left conflicts in {', '.join(conflicts)}; "
            "resolve them (look for <<<<<<< markers), commit, then rerun this check",
        )
    data = read_pyproject(pyproject) if pyproject.is_file() else {}
    source = root / "src"
    if package is None:
        found = sorted(p.parent.name for p in source.glob("*/__main__.py"))
        if len(found) != 1:
            raise Problem(
                USAGE,
                f"found {len(found)} packages with a __main__.py under {source}; "
                "name the one to check with --package",
            )
        package = found[0]
    if not (source / package).is_dir():
        raise Problem(BROKEN, f"src/{package}/ is missing: there is no package to install")
    main = runnable(root, package)
    if subpackages is None:
        subpackages = sorted(p.parent.name for p in (source / package).glob("*/__main__.py"))
    subpackages = [sub for sub in subpackages if runnable(root, f"{package}.{sub}")]
    project = data.get("project", {})
    return Project(
        root=root,
        package=package,
        subpackages=subpackages,
        scripts=sorted(project.get("scripts", {})),
        requires_python=project.get("requires-python", ""),
        build_requires=list(data.get("build-system", {}).get("requires", [])),
        runnable=main,
    )


# --- the checks -------------------------------------------------------------------------


def run_checks(project: Project, env: Environment, elsewhere: Path) -> list[str]:
    """Run every entry point at once, from a folder outside the project; return their labels.
    Every failing one is reported, not only the first."""
    suffix = ".exe" if os.name == "nt" else ""
    python = env.python
    package = project.package
    checks = (
        [(f"python -m {package}", [python, "-I", "-m", package, "--help"])]
        if project.runnable
        else [(f"import {package}", [python, "-I", "-c", f"import {package}"])]
    )
    checks += [
        (f"python -m {project.package}.{sub}", [python, "-I", "-m", f"{project.package}.{sub}"])
        for sub in project.subpackages
    ]
    scripts = sorted(set(project.scripts) | set(installed_scripts(env, package)))
    checks += [
        (f"{name} script", [str(env.bindir / f"{name}{suffix}"), "--help"]) for name in scripts
    ]

    def check(label: str, argv: list[str]) -> tuple[str, str]:
        """(what is wrong, its details), or ("", "") when this entry point works."""
        try:
            status, output = env.run(argv, step="run", cwd=elsewhere, name=label)
        except OSError as error:
            return f"`{label}` cannot be started ({error.strerror or error})", ""
        except Problem as error:  # it hung and was stopped
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
        raise Problem(
            BROKEN,
            " and ".join(problems) + " (run from a folder outside the project)",
            "\n".join(f"  {problem}:\n{shown}" for problem, shown in results if problem),
        )
    return [label for label, _ in checks]


def installed_scripts(env: Environment, package: str) -> list[str]:
    """The console scripts the installed project declares, whatever its build backend: the
    [console_scripts] of the dist-info whose RECORD holds the package."""
    import configparser

    records = [*env.folder.glob("lib*/python3*/site-packages/*.dist-info/RECORD")]
    records += env.folder.glob("Lib/site-packages/*.dist-info/RECORD")  # Windows
    for record in records:
        listed = record.read_text(encoding="utf-8", errors="replace")
        if f"{package}/__init__.py," not in listed:
            continue
        entry_points = configparser.ConfigParser(interpolation=None, delimiters=("=",))
        entry_points.optionxform = str  # type: ignore[assignment,method-assign]
        try:
            entry_points.read(record.with_name("entry_points.txt"), encoding="utf-8")
        except configparser.Error:
            return []
        return list(entry_points["console_scripts"]) if "console_scripts" in entry_points else []
    return []


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


def verify(
    runner: Runner,
    project: Project,
    report: VerifyReport,
    wheels: Path | None = None,
    echo: bool = True,
) -> str:
    """Check the project in a fresh venv, filling in the report; return the OK verdict line."""
    started = time.perf_counter()
    report.package = project.package
    uv = working_uv(runner)
    report.installer = f"uv {uv[1]}" if uv else "venv + pip"
    with tempfile.TemporaryDirectory(prefix="modfirst-verify-") as temp:
        scratch, elsewhere = Path(temp, "scratch"), Path(temp, "elsewhere")
        scratch.mkdir()
        elsewhere.mkdir()
        python = find_interpreter(runner, project.requires_python, scratch)
        report.interpreter = {"path": python.path, "version": ".".join(map(str, python.version))}
        if echo:
            print(
                f"{PREFIX} checking {project.package} in a fresh venv ({python.label}, "
                f"{'uv ' + uv[1] if uv else 'stdlib venv'})...",
                flush=True,
            )
        env = Environment.create(runner, python, Path(temp, "venv"), uv)
        report.installer = env.install(
            [str(project.root)], wheels=wheels, build_requires=project.build_requires, cwd=scratch
        )
        expected = "__main__.py" if project.runnable else "__init__.py"
        if not env.has_module_file(f"{project.package}/{expected}"):
            raise Problem(
                BROKEN,
                f"the installed project has no {project.package}/{expected} "
                "in site-packages: the wheel is missing files",
            )
        labels = run_checks(project, env, elsewhere)
    return ok_line(
        project.package, labels, report.installer, python.label, time.perf_counter() - started
    )


def ok_line(package: str, labels: list[str], installer: str, python: str, seconds: float) -> str:
    return (
        f"{PREFIX} OK: {package} runs as a module from outside the project "
        f"({', '.join(labels)}) [non-editable install, {installer}, {python}, {seconds:.1f} s]"
    )


def failure_text(error: Problem, hint: str, during: str = "") -> str:
    """The verdict for a failure: the headline line, then details and how to rerun."""
    if error.status == UNVERIFIED:
        kept = "The update is applied" if during == "update" else "The project is kept"
        lines = [f"{PREFIX} NOT VERIFIED: {error.headline}. {kept} but unproven."]
    else:
        lines = [f"{PREFIX} FAILED: {error.headline}"]
    if error.details:
        lines.append(error.details)
    if error.status in (UNVERIFIED, BROKEN):
        lines.append(hint)
    return "\n".join(lines)


def rerun_hint(root: Path, package: str, during: str = "") -> str:
    """How to run the check again by hand: with modfirst, or with nothing but Python."""
    venv = Path(tempfile.gettempdir(), "modfirst-check")
    python = str(Path(venv, "Scripts/python.exe" if os.name == "nt" else "bin/python"))
    lines = [
        "  To rerun this check: " + display(["modfirst", "verify", str(root)]),
        "  or with Python alone:",
        f"    python -m venv {display([str(venv)])} && "
        + display([python, "-m", "pip", "install", str(root)]),
        f"    cd {display([tempfile.gettempdir()])} && "
        + display([python, "-m", package, "--help"]),
    ]
    if during == "copy":
        lines.append(
            "  (`copier copy` removes a project whose check failed; -C/--no-cleanup keeps it.)"
        )
    return "\n".join(lines)


# --- the Python API and the command line -----------------------------------------------


def verify_project(
    root: Path,
    *,
    package: str | None = None,
    subpackages: list[str] | None = None,
    wheels: Path | None = None,
    install_timeout: float = TIMEOUTS["install"],
    during: str = "",
    echo: bool = False,
) -> VerifyReport:
    """Verify the project at `root`; the VerifyReport says what happened (nothing is raised for a
    failure). `echo` prints the progress and verdict lines as the command does."""
    runner = Runner()
    runner.timeouts["install"] = install_timeout
    report = VerifyReport(package=package or "")
    started = time.perf_counter()
    root = root.resolve()
    try:
        project = read_project(root, package, subpackages)
        report.verdict = verify(runner, project, report, wheels and wheels.resolve(), echo)
        report.status, report.exit_status = STATUS_WORDS[VERIFIED], VERIFIED
    except Problem as error:
        hint = rerun_hint(root, report.package or "PKG", during)
        report.verdict = failure_text(error, hint, during)
        report.status = STATUS_WORDS.get(error.status, "unverified")
        report.reason = error.headline
        report.exit_status = error.status
    except KeyboardInterrupt:
        stop_everything()
        report.verdict = f"{PREFIX} interrupted: the project is kept, the temporary venv removed."
        report.reason, report.exit_status = "interrupted", INTERRUPTED
    finally:
        report.seconds = time.perf_counter() - started
        report.steps = list(runner.steps)
    return report


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
    parser.add_argument(
        "--during",
        choices=["copy", "update"],
        default="",
        help=argparse.SUPPRESS,  # copier's task and migration say which, for the rerun hint
    )


def main(argv: list[str] | None = None) -> int:
    """`python hooks/verify.py ...`, as copier's task runs it."""
    parser = argparse.ArgumentParser(
        description=(__doc__ or "").split("\n\n")[0],
        epilog="exit status: 0 verified, 1 broken, 2 not a project, 3 not verified",
    )
    add_arguments(parser)
    return run(parser.parse_args(argv))


def run(args: argparse.Namespace) -> int:
    """Verify the project the arguments name; write the report if asked; return the status."""
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGINT, on_interrupt)
    report = verify_project(
        Path(args.project),
        package=args.package,
        subpackages=args.subpackages,
        wheels=args.wheels,
        install_timeout=args.install_timeout,
        during=args.during,
        echo=True,
    )
    if report.exit_status == UNVERIFIED and args.allow_unverified:
        report.exit_status = VERIFIED
    print(report.verdict, file=sys.stdout if report.status == "verified" else sys.stderr)
    if args.report:
        write_report(report, args.report.resolve())
    if report.status == "verified" and args.timings:
        spent = timings(report.to_dict())
        print(f"{PREFIX} timings: " + ", ".join(f"{k} {v:.3f} s" for k, v in spent.items()))
    return report.exit_status


if __name__ == "__main__":
    sys.exit(main())
