"""A fresh venv in a folder of its own, made and filled the way a user would: the one way modfirst
builds an environment (the verification, adopt's proof, the kit's seats, `check --run`).

    python = find_interpreter(runner, ">=3.11", scratch)
    env = Environment.create(runner, python, folder, working_uv(runner))  # else venv + pip
    env.install([str(project)], cwd=scratch)              # non-editable, as users install
    status, output = env.run([env.python, "-I", "-m", "pkg", "--help"], step="run", cwd=elsewhere)

Like pypa/build's env.py: one object, a uv and a pip backend behind it. Every command goes
through the Runner (time limits, process group killed, leaky variables stripped, every step
timed). Standard library only.
"""

from __future__ import annotations

import os
import re
import shutil
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

try:
    from .outcome import FAILED, NOT_CHECKED, Problem
    from .runner import Runner, display, tail
except ImportError:  # run by path: this folder is on sys.path (see verify.py)
    from outcome import FAILED, NOT_CHECKED, Problem  # type: ignore[no-redef,import-not-found]
    from runner import Runner, display, tail  # type: ignore[no-redef,import-not-found]

PREFIX = "modfirst verify:"
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


@dataclass
class Interpreter:
    path: str
    version: tuple[int, int, int]

    @property
    def label(self) -> str:
        return "Python " + ".".join(map(str, self.version))


# --- choosing an interpreter ------------------------------------------------------------


def satisfies(version: tuple[int, int, int], spec: str) -> bool:
    """Check a Python version against a requires-python specifier (PEP 440, release part only)."""
    for clause in filter(None, (c.strip() for c in spec.split(","))):
        match = re.fullmatch(r"(~=|===|==|!=|<=|>=|<|>)\s*v?(\d+(?:\.\d+)*)(\.\*)?", clause)
        if not match:
            raise Problem(FAILED, f"cannot read requires-python clause {clause!r}")
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


def this_interpreter() -> Interpreter:
    return Interpreter(sys.executable, pad(tuple(sys.version_info[:3])))


def find_interpreter(runner: Runner, spec: str, scratch: Path) -> Interpreter:
    """This Python when it satisfies `spec`, else the oldest one on the machine that does."""
    here = this_interpreter()
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
        except (OSError, Problem):
            continue
        if status == 0 and re.fullmatch(r"\d+ \d+ \d+\s*", output):
            version = pad(tuple(int(x) for x in output.split()))
            if satisfies(version, spec):
                return Interpreter(path, version)
    raise Problem(
        NOT_CHECKED,
        f"no Python on this machine satisfies requires-python {spec!r}",
        f"    this check runs on {here.label}; install a matching Python "
        "(e.g. `uv python install` or pyenv) and rerun the check",
    )


# --- the two backends -------------------------------------------------------------------


def working_uv(runner: Runner) -> tuple[str, str] | None:
    """Return (path, version) of a uv on PATH that answers `uv --version`, else None."""
    uv = shutil.which("uv")
    if uv is None:
        return None
    try:
        status, output = runner.run(
            [uv, "--version"], step="probe", cwd=Path(tempfile.gettempdir())
        )
    except (OSError, Problem) as error:
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


@dataclass
class Environment:
    """A venv made for one job. `label` names the backend ("uv 0.5.1", "venv + pip")."""

    runner: Runner
    interpreter: Interpreter
    folder: Path
    uv: tuple[str, str] | None
    label: str
    installed: list[str] = field(default_factory=list)

    @property
    def python(self) -> str:
        return str(venv_python(self.folder))

    @property
    def bindir(self) -> Path:
        return venv_python(self.folder).parent

    @classmethod
    def create(
        cls,
        runner: Runner,
        interpreter: Interpreter,
        folder: Path,
        uv: tuple[str, str] | None = None,
        *,
        with_pip: bool = False,
    ) -> Environment:
        """Make the venv in `folder` (which must not exist); uv when given, venv otherwise.
        `with_pip` puts pip inside the venv, for tools that call `python -m pip` there."""
        if uv:
            make = [uv[0], "venv", "--quiet", "--no-config", "--python", interpreter.path]
            make += [*(["--seed"] if with_pip else []), str(folder)]
            label = f"uv {uv[1]}"
        else:
            quick = outside_pip(interpreter.version) and not with_pip
            make = [interpreter.path, "-m", "venv", *(["--without-pip"] if quick else [])]
            make.append(str(folder))
            label = "venv + pip"
        status, output = runner.run(make, step="venv", cwd=folder.parent)
        if status != 0:
            raise Problem(
                NOT_CHECKED, f"could not create a venv with `{display(make)}`", tail(output)
            )
        return cls(runner, interpreter, folder, uv, label)

    def install_argv(self, targets: list[str], links: list[str], offline: bool) -> list[str]:
        """The install command: uv pip, this Python's pip pointed at the venv, or the venv's."""
        if self.uv:
            return [self.uv[0], "pip", "install", "--python", self.python, *links, *targets]
        pip_options = ["install", "--no-compile", "--progress-bar", "off"]
        pip_options += ["--no-index"] if offline else []
        if (self.folder / "bin" / "pip").exists() or (self.folder / "Scripts" / "pip.exe").exists():
            return [self.python, "-m", "pip", *pip_options, *links, *targets]
        return [
            sys.executable,
            "-m",
            "pip",
            "--python",
            self.python,
            *pip_options,
            *links,
            *targets,
        ]

    def install(
        self,
        targets: list[str],
        *,
        wheels: Path | None = None,
        build_requires: list[str] | None = None,
        cwd: Path,
        name: str = "",
    ) -> str:
        """Install targets (paths or requirements) non-editable; return how ("uv 0.5.1, offline
        from cache"). Raises Problem: FAILED when the build backend refused the project,
        NOT_CHECKED when what building needs could not be fetched."""
        # Wheels the user points to: uv adds them to its sources; pip uses them alone (offline).
        links = ["--find-links", str(wheels)] if wheels else []
        install = self.install_argv(targets, links, offline=wheels is not None)
        # uv: try the cache alone first; it needs no network and skips index revalidation.
        if self.uv:
            status, output = self.runner.run(
                [*install, "--offline"], step="install", cwd=cwd, name=name or "install from cache"
            )
            if status == 0:
                self.installed += targets
                return self.label + ", offline from cache"
            if BACKEND_FAILED.search(output):  # built from the cache and refused: stop here
                raise install_failure(status, output, install, build_requires or [], wheels)
        status, output = self.runner.run(install, step="install", cwd=cwd, name=name)
        if status != 0:
            raise install_failure(status, output, install, build_requires or [], wheels)
        self.installed += targets
        return self.label + (f", offline from {wheels}" if wheels and not self.uv else "")

    def run(self, argv: list[str], *, step: str, cwd: Path, name: str = "") -> tuple[int, str]:
        """Run a command against this venv (argv[0] is usually self.python or a script)."""
        return self.runner.run(argv, step=step, cwd=cwd, name=name)

    def has_module_file(self, relative: str) -> bool:
        """Whether site-packages holds `relative` (e.g. "pkg/__main__.py")."""
        pattern = (
            f"Lib/site-packages/{relative}"
            if os.name == "nt"
            else f"lib/python3*/site-packages/{relative}"
        )
        return any(self.folder.glob(pattern))


def install_failure(
    status: int, output: str, install: list[str], build_requires: list[str], wheels: Path | None
) -> Problem:
    """Tell "the project is broken" from "could not fetch what building it needs"."""
    if BACKEND_FAILED.search(output):
        backend = ", ".join(build_requires) or "unknown"
        return Problem(
            FAILED,
            f"installing the project failed: its build backend ({backend}) refused it; "
            "its error is below",
            f"    command: {display(install)} (exit status {status})\n{tail(output)}",
        )
    missing = wheels is not None and "No matching distribution found" in output
    if looks_offline(output, build_requires) or missing:
        return Problem(
            NOT_CHECKED,
            "could not install the build backend "
            f"({', '.join(build_requires) or 'unknown'}): no network and nothing cached",
            tail(output),
        )
    return Problem(
        FAILED,
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
