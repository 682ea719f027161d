"""The two process runners (modfirst.processes for the command, hooks/runner.py for the hooks):
a time limit stops the program and everything it started, even when the program itself has
already exited and a child of it still holds its output open."""

from __future__ import annotations

import contextlib
import os
import signal
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from helpers import dies_soon
from modfirst import processes
from modfirst.hooks import runner as runners
from modfirst.hooks.outcome import Problem
from modfirst.hooks.runner import Runner

# sh exits at once; its background child keeps the output pipe open for 30 s.
LINGERING = 'sleep 30 & echo $! > "{marker}"; exit 0'


def test_a_child_left_behind_is_killed_at_the_time_limit(tmp_path: Path) -> None:
    marker = tmp_path / "pid"
    started = time.monotonic()
    with pytest.raises(processes.TimedOut):
        processes.run(["sh", "-c", LINGERING.format(marker=marker)], cwd=tmp_path, timeout=1)
    assert time.monotonic() - started < 20  # not the 30 s the child would have held the pipe
    assert dies_soon(int(marker.read_text()))


def test_the_hooks_runner_kills_a_child_left_behind_at_the_time_limit(tmp_path: Path) -> None:
    marker = tmp_path / "pid"
    runner = Runner()
    runner.timeouts["probe"] = 1
    started = time.monotonic()
    with pytest.raises(Problem, match="did not finish within 1 s"):
        runner.run(["sh", "-c", LINGERING.format(marker=marker)], step="probe", cwd=tmp_path)
    assert time.monotonic() - started < 20
    assert dies_soon(int(marker.read_text()))


# A child in a session of its own is out of reach of the group kill, and holds the output.
ESCAPED = 'setsid sleep 30 & echo $! > "{marker}"; exit 0'


@pytest.fixture
def escaped(tmp_path: Path) -> Iterator[list[str]]:
    """The command; the escaped child is killed afterwards (the machine is shared)."""
    marker = tmp_path / "pid"
    yield ["sh", "-c", ESCAPED.format(marker=marker)]
    with contextlib.suppress(OSError, ValueError):
        os.kill(int(marker.read_text()), signal.SIGKILL)


def test_a_child_in_its_own_session_does_not_keep_run_waiting(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, escaped: list[str]
) -> None:
    monkeypatch.setattr(runners, "KILL_GRACE", 1)  # seconds of reading after the kill
    started = time.monotonic()
    with pytest.raises(processes.TimedOut):
        processes.run(escaped, cwd=tmp_path, timeout=1)
    assert time.monotonic() - started < 20


def test_a_child_in_its_own_session_does_not_keep_the_hooks_runner_waiting(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, escaped: list[str]
) -> None:
    monkeypatch.setattr(runners, "KILL_GRACE", 1)
    runner = Runner()
    runner.timeouts["probe"] = 1
    started = time.monotonic()
    with pytest.raises(Problem, match="did not finish within 1 s"):
        runner.run(escaped, step="probe", cwd=tmp_path)
    assert time.monotonic() - started < 20
