"""The one way modfirst starts a program (git, copier, nox, pytest, pip, build): an argument
list, no stdin unless given, output captured, a time limit from one table, and on a timeout the
whole process group killed, so a hung test run leaves no children behind.

A Python child that must not import the user's project gets `python_argv()`: `-P` keeps its
working folder off sys.path, so a project's own `logging.py` or `string.py` stays unseen.
(The hooks copier runs by path have their own runner, hooks/runner.py; both kill the same way.)
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from .hooks.runner import collect, kill_tree

# Seconds each kind of job may take; a caller names the kind, or gives seconds.
TIMEOUTS: dict[str, float] = {
    "probe": 20,
    "git": 120,
    "copier": 600,  # a render or check-update (clones the template)
    "update": 1200,  # copier update with its tasks: the verification makes a venv and installs
    "pip": 900,
    "build": 900,
    "tests": 1800,
}


class Failed(subprocess.CalledProcessError):
    """A program that had to succeed did not; `said` is its last line of output."""

    @property
    def said(self) -> str:
        return last_line(decode(self.stderr or b"") or decode(self.output or b""))


class TimedOut(subprocess.TimeoutExpired):
    """A program ran past its time limit; it and its children were killed."""

    def __str__(self) -> str:
        return f"`{' '.join(map(str, self.cmd))}` did not finish within {self.timeout:g} s"


@dataclass(frozen=True)
class Completed:
    """A program that ran to its end: its exit status and what it printed (bytes: git archive
    writes a tar, and paths need not be UTF-8; `.text` decodes)."""

    argv: list[str]
    returncode: int
    stdout: bytes
    stderr: bytes
    seconds: float

    @property
    def ok(self) -> bool:
        return self.returncode == 0

    @property
    def text(self) -> str:
        return decode(self.stdout)

    @property
    def errors(self) -> str:
        return decode(self.stderr)

    @property
    def said(self) -> str:
        """Its last line of error output, else of output: what a one-line report quotes."""
        return last_line(self.errors) or last_line(self.text)

    def check(self) -> Completed:
        if not self.ok:
            raise Failed(self.returncode, self.argv, self.stdout, self.stderr)
        return self


def decode(data: bytes) -> str:
    return data.decode("utf-8", errors="surrogateescape")


def last_line(text: str) -> str:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return lines[-1] if lines else ""


def python_argv(*args: str) -> list[str]:
    """This Python running `args`, with its working folder kept off sys.path (-P)."""
    return [sys.executable, "-P", *args]


class Started:
    """A program running in the background (start()); wait() collects it, stop() kills it."""

    def __init__(
        self, argv: list[str], cwd: Path, env: Mapping[str, str] | None, data: bytes | None
    ) -> None:
        self.argv = list(argv)
        self.data = data
        self.started = time.perf_counter()
        self.process = subprocess.Popen(
            argv,
            cwd=cwd,
            env=None if env is None else dict(env),
            stdin=subprocess.DEVNULL if data is None else subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            start_new_session=os.name == "posix",  # its own process group: one kill stops it all
        )

    def wait(self, timeout: str | float, check: bool = False) -> Completed:
        """Its outcome; TimedOut (children killed) when it runs past the limit."""
        limit = TIMEOUTS[timeout] if isinstance(timeout, str) else timeout
        try:
            stdout, stderr = self.process.communicate(self.data, timeout=limit)
        except subprocess.TimeoutExpired:
            stdout, stderr = self.stop()
            raise TimedOut(self.argv, limit, stdout, stderr) from None
        except BaseException:  # Ctrl-C: take the children down with us
            self.stop()
            raise
        seconds = time.perf_counter() - self.started
        done = Completed(self.argv, self.process.returncode, stdout, stderr, seconds)
        return done.check() if check else done

    def stop(self) -> tuple[bytes, bytes]:
        """Kill it and everything it started; what it had printed."""
        kill_tree(self.process)
        stdout, stderr = collect(self.process)
        return stdout or b"", stderr or b""


def start(
    argv: list[str],
    *,
    cwd: Path,
    env: Mapping[str, str] | None = None,
    input: bytes | str | None = None,
) -> Started:
    """Start argv in cwd and return at once (OSError when it cannot start)."""
    data = input.encode("utf-8") if isinstance(input, str) else input
    return Started(argv, cwd, env, data)


def run(
    argv: list[str],
    *,
    cwd: Path,
    timeout: str | float,
    env: Mapping[str, str] | None = None,
    input: bytes | str | None = None,
    check: bool = False,
) -> Completed:
    """Run argv in cwd within the time limit; raise TimedOut (children killed) when it runs
    over, Failed when `check` and it exits non-zero, OSError when it cannot start."""
    return start(argv, cwd=cwd, env=env, input=input).wait(timeout, check)


def attempt(argv: list[str], *, cwd: Path, timeout: str | float) -> Completed:
    """run() for a program whose failure is an outcome to report, never a raise: a folder or
    program that is missing gives 127, running past the limit 124 (as timeout(1) does), with
    the reason as its error output."""
    limit = TIMEOUTS[timeout] if isinstance(timeout, str) else timeout
    if not cwd.is_dir():
        return Completed(list(argv), 127, b"", f"no folder {cwd} to run {argv[0]} in".encode(), 0)
    try:
        return run(argv, cwd=cwd, timeout=limit)
    except FileNotFoundError:
        return Completed(list(argv), 127, b"", f"{argv[0]} is not installed".encode(), 0.0)
    except TimedOut as error:
        return Completed(list(argv), 124, error.output or b"", str(error).encode(), limit)
