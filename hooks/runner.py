"""Run commands the way every hook must: argument lists, no stdin, a time limit per kind of step,
the whole process group killed on a timeout or Ctrl-C, every run timed and recorded.

The one module in hooks/ that starts processes (verify, the migrations and the venv object use
it). Standard library only.
"""

from __future__ import annotations

import contextlib
import os
import shlex
import signal
import subprocess
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import AnyStr

try:
    from .outcome import FAILED, NOT_CHECKED, Problem
except ImportError:  # run by path: this folder is on sys.path (see verify.py)
    from outcome import FAILED, NOT_CHECKED, Problem  # type: ignore[no-redef,import-not-found]

# Seconds a step may take before its whole process tree is killed.
TIMEOUTS: dict[str, float] = {
    "probe": 20,
    "git": 120,
    "venv": 120,
    "copier": 600,
    "install": 600,
    "run": 60,
    "tests": 1800,
}
# Seconds to read what a killed process printed before giving up on its output.
KILL_GRACE = 5
TAIL_LINES = 25
# Variables that would make a child see something other than the environment it was given.
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


@dataclass
class Step:
    """One command a runner ran."""

    name: str  # "probe", "venv", "install", or a check's label ("python -m PKG")
    kind: str  # the TIMEOUTS key it ran under
    command: list[str]
    seconds: float
    status: str  # ok, failed, timed out, not found
    exit_status: int | None = None


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


def kill_tree(process: subprocess.Popen[AnyStr]) -> None:
    """Kill the process and everything it started (it leads its own process group).
    The group is killed even when the process itself has exited: a child it left behind
    (`sleep 300 &`) still holds the output open, and would outlive the time limit."""
    if os.name == "posix":
        # The group outlives its leader while any member lives; with none left: nothing to do.
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(process.pid, signal.SIGKILL)
    elif process.poll() is None:
        subprocess.run(
            ["taskkill", "/T", "/F", "/PID", str(process.pid)],
            capture_output=True,
            timeout=TIMEOUTS["probe"],
            check=False,
        )
        process.kill()


def collect(process: subprocess.Popen[AnyStr]) -> tuple[AnyStr | None, AnyStr | None]:
    """What a killed process printed (stdout, stderr). A child that left the group (a session
    of its own) survives the kill and may hold the output open: stop reading after a few
    seconds rather than wait for it; (None, None) then."""
    try:
        return process.communicate(timeout=KILL_GRACE)
    except subprocess.TimeoutExpired:
        for pipe in (process.stdout, process.stderr):
            if pipe is not None:
                pipe.close()
        process.wait()
        return None, None


# The children alive now, in this whole process: Ctrl-C (a process-wide signal) kills them all.
_running: set[subprocess.Popen[str]] = set()
_running_lock = threading.Lock()


@dataclass
class Runner:
    """Runs one job's commands: each kind of step's time limit, and a record of every run."""

    timeouts: dict[str, float] = field(default_factory=lambda: dict(TIMEOUTS))
    steps: list[Step] = field(default_factory=list)

    def run(self, argv: list[str], *, step: str, cwd: Path, name: str = "") -> tuple[int, str]:
        """Run argv (never through a shell); return (exit status, stdout and stderr together).
        A timeout raises Problem: FAILED for a program that hung, NOT_CHECKED otherwise."""
        status, output, _ = self._run(argv, step, cwd, name, merge=True)
        return status, output

    def capture(
        self, argv: list[str], *, step: str, cwd: Path, input: str | None = None
    ) -> tuple[int, str, str]:
        """Like run(), with stdout and stderr apart (for a command whose output is data), and
        `input` written to its stdin."""
        return self._run(argv, step, cwd, "", merge=False, input=input)

    def _run(
        self,
        argv: list[str],
        step: str,
        cwd: Path,
        name: str,
        *,
        merge: bool,
        input: str | None = None,
    ) -> tuple[int, str, str]:
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
                stdin=subprocess.DEVNULL if input is None else subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT if merge else subprocess.PIPE,
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
            output, errors = process.communicate(input, timeout=self.timeouts[step])
            record("ok" if process.returncode == 0 else "failed", process.returncode)
            return process.returncode, output, errors or ""
        except subprocess.TimeoutExpired:
            kill_tree(process)
            output = collect(process)[0] or ""
            record("timed out", None)
            raise Problem(
                FAILED if step == "run" else NOT_CHECKED,
                f"the {step} step, `{display(argv)}`, did not finish within "
                f"{self.timeouts[step]} s and was stopped",
                tail(output),
            ) from None
        except BaseException:  # Ctrl-C or any other way out: its children go with it
            kill_tree(process)
            raise
        finally:  # a run that ended by itself keeps what it started on purpose (a daemon)
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


def git(*args: str, cwd: Path, input: str | None = None) -> tuple[int, str, str]:
    """`git ARGS` in cwd: (exit status, stdout, stderr)."""
    return Runner().capture(["git", *args], step="git", cwd=cwd, input=input)
