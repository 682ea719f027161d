"""The proof: the project's own tests, before and after adoption, in a fresh venv made for it.

Like the verification: uv when it is on PATH, the standard-library venv otherwise. The venv
gets the project's declared and test requirements (as the plan declares them) and the project
itself when it is packaged; the tests run the way the project runs them: `python -m pytest`
from its root with its own settings, or `python -m unittest discover` when it has no pytest.
Outcomes are counted per test; "the same" needs at least one test that ran.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

import tomlkit

from .. import git as git_runner
from .. import processes
from ..hooks import fresh_venv
from ..hooks.outcome import Problem
from ..hooks.runner import Runner
from ..python_rules import is_test
from . import artifacts, behaviour, runner_config
from .outcomes import Comparison as Comparison  # cli.py's proof.compare
from .outcomes import Outcomes
from .outcomes import compare as compare

INSTALL_TIMEOUT = 900
TEST_TIMEOUT = 900
UNITTEST_LINE = re.compile(
    r"^(\S+) \(([^)]*)\)(?:\n.*?)? \.\.\. (ok|FAIL|ERROR|skipped|expected failure|unexpected)",
    re.M,
)
KINDS = {"ok": "passed", "FAIL": "failed", "ERROR": "error", "skipped": "skipped"}


def test_runner(root: Path, test_requirements: list[str]) -> str:
    """ "pytest" when the project uses it, "unittest" when it has tests without it, else ""."""
    tests = [p for p in root.rglob("*.py") if is_test(p.relative_to(root).as_posix())]
    if not tests:
        return ""
    texts = [read(p) for p in tests]
    settings = "".join(read(root / n) for n in ("setup.cfg", "tox.ini", "pyproject.toml"))
    # unittest only when every test module is written for it: plain test functions need pytest.
    uses_pytest = (
        (root / "pytest.ini").is_file()
        or any(p.name == "conftest.py" for p in tests)
        or not all(re.search(r"^\s*(import|from) unittest", t, re.M) for t in texts)
        or any(r.lower().startswith("pytest") for r in test_requirements)
        or "pytest" in settings
        or any(re.search(r"^\s*(import|from) pytest", t, re.M) for t in texts)
    )
    return "pytest" if uses_pytest else "unittest"


def read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""


class Environment:
    """The proof's one fresh venv, made by the engine (hooks/fresh_venv.py: uv when it works,
    venv + pip otherwise) in a temporary folder; `close` removes the folder. Each method
    answers "" when it worked, else the first line that says why not."""

    def __init__(self) -> None:
        self.temp = Path(tempfile.mkdtemp(prefix="modfirst-proof-"))
        self.runner = Runner()
        self.venv: fresh_venv.Environment | None = None
        self.tool = "uv or venv + pip"

    @property
    def python(self) -> Path:
        return fresh_venv.venv_python(self.temp / "venv")

    def create(self) -> str:
        try:
            uv = fresh_venv.working_uv(self.runner)
            self.venv = fresh_venv.Environment.create(
                self.runner, fresh_venv.this_interpreter(), self.temp / "venv", uv
            )
        except Problem as problem:
            return " ".join(f"{problem.headline} {problem.details}".split())[:300]
        self.tool = self.venv.label
        return ""

    def install(self, *args: str) -> str:
        """`pip install ARGS` into the venv (uv pip when it made it)."""
        if self.venv is None:
            return "no venv to install into"
        try:
            self.venv.install(list(args), cwd=self.temp)
        except Problem as problem:
            return first_error(problem.details) or problem.headline
        return ""

    def run(self, command: list[str], timeout: float) -> str:
        done = processes.attempt(command, cwd=self.temp, timeout=timeout)
        if done.ok:
            return ""
        output = done.errors + done.text
        return first_error(output) or f"exit status {done.returncode}"

    def close(self) -> None:
        shutil.rmtree(self.temp, ignore_errors=True)


def first_error(output: str) -> str:
    lines = [line.strip() for line in output.splitlines() if line.strip()]
    for line in lines:
        if re.match(r"^(E\s+)?\w*(Error|Exception)\b", line) or line.startswith("ERROR"):
            return re.sub(r"^E\s+", "", line)[:300]
    return lines[-1][:300] if lines else ""


def requirements(pyproject: str) -> list[str]:
    """The runtime and test requirements pyproject.toml declares (the plan's)."""
    data = tomlkit.parse(pyproject).unwrap() if pyproject else {}
    found = [str(r) for r in data.get("project", {}).get("dependencies", [])]
    groups = data.get("dependency-groups", {})
    for name in ("test", "tests", "dev"):
        found += [r for r in groups.get(name, []) if isinstance(r, str)]
    extras = data.get("project", {}).get("optional-dependencies", {})
    for name in ("test", "tests", "testing", "dev"):
        found += [str(r) for r in extras.get(name, [])]
    return list(dict.fromkeys(found))


def run_tests(env: Environment, root: Path, runner: str, args: tuple[str, ...] = ()) -> Outcomes:
    """The project's tests in `env`, from its root, the way the project runs them: with the
    arguments its tox or nox file gives the runner, else the runner's defaults."""
    child = dict(os.environ, PYTHONDONTWRITEBYTECODE="1")
    child.pop("PYTHONPATH", None)
    report = env.temp / "junit.xml"
    if runner == "pytest":
        command = [str(env.python), "-m", "pytest", "-q", *args, "-p", "no:cacheprovider"]
        commands = [[*command, f"--junitxml={report}"]]
    elif args:  # -v: one line per test, which is what is counted
        verbose = [args[0], "-v", *args[1:]] if args[0] == "discover" else ["-v", *args]
        commands = [[str(env.python), "-m", "unittest", *verbose]]
        if args[0] == "discover" and not starts_given(args[1:]):  # colorama: `-p *_test.py`
            moved = [s for s in unittest_starts(root) if s[:2] == ["-s", "src"]]
            commands += [commands[0] + start for start in moved]
    else:
        command = [str(env.python), "-m", "unittest", "discover", "-v"]
        commands = [command + start for start in unittest_starts(root)]
    outcomes = Outcomes(runner)
    errors = []
    for argv in commands:
        report.unlink(missing_ok=True)
        try:
            result = processes.run(argv, cwd=root, env=child, timeout=TEST_TIMEOUT)
        except processes.TimedOut:
            return Outcomes(runner, {}, f"the tests did not finish in {TEST_TIMEOUT} s")
        if runner == "pytest":
            outcomes.results.update(junit(report) if report.is_file() else {})
        else:
            outcomes.results.update(unittest_results(result.errors))
        if result.returncode != 0:
            errors.append(first_error(result.text + result.errors))
    if errors and (not outcomes.ran() or "error" in outcomes.results.values()):
        outcomes.error = errors[0]
    return outcomes


def starts_given(args: tuple[str, ...]) -> bool:
    """Whether `unittest discover ARGS` names where it starts (-s, -t, or positionally)."""
    words = iter(args)
    for word in words:
        if word.split("=")[0] in {"-s", "--start-directory", "-t", "--top-level-directory"}:
            return True
        if word in {"-p", "--pattern", "-k"}:
            next(words, None)
        elif not word.startswith("-"):
            return True
    return False


def unittest_starts(root: Path) -> list[list[str]]:
    """Where `unittest discover` starts: the root, or tests/ when it is not a package; and
    src/ too when packages there hold tests (simplejson/tests/ moved to src/): discovery
    enters packages only, and src/ is none, so from the root it would find none of them."""
    tests = root / "tests"
    if tests.is_dir() and not (tests / "__init__.py").is_file():
        return [["-s", "tests"]]
    starts: list[list[str]] = [[]]
    src = root / "src"
    if src.is_dir() and not (src / "__init__.py").is_file():
        inside = (p.relative_to(src).as_posix() for p in src.rglob("*.py"))
        if any(is_test(name.split("/", 1)[-1]) for name in inside if "/" in name):
            starts.append(["-s", "src", "-t", "src"])
    return starts


def junit(report: Path) -> dict[str, str]:
    outcomes = {}
    for case in ET.parse(report).iter("testcase"):
        name = case.get("classname", "").rpartition(".")[2] + "::" + case.get("name", "")
        kinds = [child.tag for child in case if child.tag in {"failure", "error", "skipped"}]
        outcomes[name] = {"failure": "failed"}.get(kinds[0], kinds[0]) if kinds else "passed"
    return outcomes


def unittest_results(output: str) -> dict[str, str]:
    results = {}
    for match in UNITTEST_LINE.finditer(output):
        where = match.group(2).rpartition(".")
        name = f"{where[0].rpartition('.')[2]}::{match.group(1)}"
        results[name] = KINDS.get(match.group(3), "passed")
    return results


@dataclass
class Before:
    """What the project did before adoption: its tests, what it published, its programs."""

    tests: Outcomes | None = None  # None: it has no tests
    published: artifacts.Published | None = None  # None: it publishes nothing, or see below
    build_error: str = ""  # why it could not be built before ("" when it was, or was never)
    programs: dict[str, behaviour.Run] = field(default_factory=dict)
    module: str = ""  # the package `python -m` ran before ("" none)
    imports: dict[str, str] = field(default_factory=dict)  # top-level name -> import error


class Proof:
    """One fresh venv for both sides: what the project published, its programs and its tests
    before adoption, then after it."""

    def __init__(
        self,
        root: Path,
        pyproject: str,
        packaged: bool,
        moving: dict[str, str] | None = None,
        own: runner_config.RunnerCommand | None = None,
    ) -> None:
        self.root = root
        self.env = Environment()
        self.wanted = requirements(pyproject)
        self.packaged = packaged  # installable before adoption (setup.py or pyproject)
        self.moving = moving or {}  # old path -> new path, for the test command's arguments
        # The project's own test command (tox, nox) when it has one: its runner, arguments,
        # requirements and extras; else the runner its test files need, with its defaults.
        self.own = own
        self.runner = self.own.runner if self.own else test_runner(root, self.wanted)
        self.notes = list(self.own.notes) if self.own else []
        if self.own:
            self.wanted += self.own.install_args(root)
        self.problem = ""
        self.untested = ""  # what the proof could not compare, for the verdict
        self.installed = False
        self.prepared = False

    def prepare(self) -> None:
        """The venv, with the declared and test requirements (once)."""
        if self.prepared:
            return
        self.prepared = True
        extra = (
            ["pytest"]
            if self.runner == "pytest"
            and not any(r.lower().startswith("pytest") for r in self.wanted)
            else []
        )
        self.problem = self.env.create()
        if not self.problem and (self.wanted or extra):
            self.problem = self.env.install(*self.wanted, *extra)
        if self.problem:
            self.problem = f"could not make the test environment ({self.env.tool}): {self.problem}"

    def before(self) -> Before:
        """The project as it is today: built, installed, its programs run, its tests run."""
        found = Before()
        if not self.runner and not self.packaged:
            return found
        self.prepare()
        copy = self.copy("before")
        if self.packaged and not self.problem:
            self.publish_before(copy, found)
        if not self.runner:
            return found
        if self.problem:
            found.tests = Outcomes(self.runner, {}, self.problem)
            return found
        if self.packaged and found.published is None:
            self.env.install(self.with_extras(str(copy)))  # with its dependencies, as tox would
        found.tests = run_tests(self.env, copy, self.runner, self.own.args if self.own else ())
        found.tests.runner = self.label()
        return found

    def with_extras(self, requirement: str) -> str:
        """The project (a folder or a wheel) with the extras its tox or nox file installs."""
        extras = self.own.extras if self.own else ()
        return f"{requirement}[{','.join(extras)}]" if extras else requirement

    def label(self) -> str:
        """How the tests run, for the report: the runner, and the file that says so."""
        if self.own is None:
            return self.runner
        return f"{self.own.shown()}, from {self.own.where}"

    def publish_before(self, copy: Path, found: Before) -> None:
        try:
            built = artifacts.build(copy, self.env.temp / "dist-before")
        except artifacts.BuildFailed as error:
            found.build_error = str(error)
            return
        found.published = artifacts.read_wheel(built.wheel)
        problem = self.env.install(self.with_extras(str(built.wheel)))  # with its dependencies
        if problem:
            found.build_error = f"its wheel did not install: {problem}"
            found.published = None
            return
        tops = found.published.top_names()
        found.module = next((t for t in tops if f"{t}.__main__" in found.published.modules), "")
        found.programs = self.programs(found.published, found.module)
        found.imports = self.import_each(tops)

    def programs(self, published: artifacts.Published, module: str) -> dict[str, behaviour.Run]:
        """The published console scripts and `python -m MODULE`, run in the venv."""
        group = "console_scripts "
        scripts = [k[len(group) :] for k in published.entry_points if k.startswith(group)]
        return self.run_programs(scripts, module)

    def run_programs(self, scripts: list[str], module: str) -> dict[str, behaviour.Run]:
        return behaviour.behaviour(self.env.python, self.env.temp, scripts, module)

    def publish_after(self) -> artifacts.Published | str:
        """What the adopted project publishes, installed in the venv (or why it could not be)."""
        try:
            built = artifacts.build(self.copy("after"), self.env.temp / "dist-after")
        except artifacts.BuildFailed as error:
            return f"the adopted project does not build: {error}"
        problem = self.env.install("--no-deps", "--force-reinstall", str(built.wheel))
        if problem:
            return f"the wheel built from the adopted sdist did not install: {problem}"
        self.installed = True
        return artifacts.read_wheel(built.wheel)

    def import_each(self, names: list[str]) -> dict[str, str]:
        """`import NAME` for each name, in the venv, outside the project: name -> its error,
        for the ones that fail."""
        failed = {}
        for name in names:
            problem = self.env.run([str(self.env.python), "-I", "-c", f"import {name}"], 120)
            if problem:
                failed[name] = problem
        return failed

    def copy(self, name: str) -> Path:
        """The project's files as git has them (the index: after adoption, the staged
        change), copied: builds and tests write into their folder, never into the user's."""
        target = self.env.temp / name
        if target.exists():
            return target
        listing = git_runner.git("ls-files", "-z", "--cached", cwd=self.root)
        for name_bytes in listing.stdout.split(b"\0"):
            relative = os.fsdecode(name_bytes)
            if not relative:
                continue
            origin = self.root / relative
            destination = target / relative
            destination.parent.mkdir(parents=True, exist_ok=True)
            if origin.is_symlink():
                destination.symlink_to(os.readlink(origin))
            elif origin.is_file():
                shutil.copy2(origin, destination)
        # A repository of its own, for backends that read the version from git (setuptools_scm).
        for args in (("init", "-q"), ("add", "-A"), ("commit", "-q", "--no-verify", "-m", name)):
            git_runner.git(
                "-c",
                "user.name=modfirst",
                "-c",
                "user.email=modfirst@localhost",
                *args,
                cwd=target,
                check=False,
            )
        return target

    def install_adopted(self) -> str:
        if self.installed:
            return ""
        if not self.env.python.exists():
            self.problem = self.problem or self.env.create()
        if self.problem:
            return self.problem
        problem = self.env.install("--no-deps", "--force-reinstall", str(self.copy("after")))
        self.installed = not problem
        return problem

    def after(self) -> Outcomes:
        problem = self.install_adopted()
        if problem:
            return Outcomes(self.runner, {}, f"the adopted project did not install: {problem}")
        args = self.own.moved(self.moving).args if self.own else ()
        outcomes = run_tests(self.env, self.env.temp / "after", self.runner, args)
        outcomes.runner = self.label()
        return outcomes

    def imports(self, package: str) -> str:
        """ "" when the installed package imports outside the project, else the error."""
        problem = self.install_adopted()
        if problem:
            return f"the adopted project did not install: {problem}"
        return self.env.run([str(self.env.python), "-I", "-c", f"import {package}"], 120)

    def close(self) -> None:
        self.env.close()
