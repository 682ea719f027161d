"""How the kit's new commands (publish, classroom50) start a program: an argument list, a time
limit, never a prompt; a program that is missing or too slow is a failed run, never a raise."""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path

TIMEOUTS = {"git": 120}


@dataclass(frozen=True)
class Ran:
    argv: list[str]
    exit_status: int
    stdout: str
    stderr: str

    @property
    def ok(self) -> bool:
        return self.exit_status == 0

    @property
    def last_line(self) -> str:
        lines = [line for line in (self.stderr or self.stdout).splitlines() if line.strip()]
        return lines[-1].strip()[:300] if lines else f"exit status {self.exit_status}"


def run_command(argv: list[str], *, cwd: Path, timeout: str) -> Ran:
    if not cwd.is_dir():
        return Ran(argv, 127, "", f"no folder {cwd} to run {argv[0]} in")
    try:
        done = subprocess.run(
            argv,
            cwd=cwd,
            capture_output=True,
            text=True,
            errors="replace",
            stdin=subprocess.DEVNULL,
            timeout=TIMEOUTS[timeout],
            check=False,
        )
    except FileNotFoundError:
        return Ran(argv, 127, "", f"{argv[0]} is not installed")
    except subprocess.TimeoutExpired:
        return Ran(argv, 124, "", f"{argv[0]} did not finish within {TIMEOUTS[timeout]} s")
    return Ran(argv, done.returncode, done.stdout, done.stderr)
