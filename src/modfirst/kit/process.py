"""How the kit's commands report a program they start (publish, classroom50): processes.attempt
(an argument list, a time limit, never a prompt), read as text; a program that is missing or too
slow is a failed run, never a raise."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .. import processes


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
    if not cwd.is_dir():  # not "git is not installed": the folder is what is missing
        return Ran(list(argv), 127, "", f"no folder {cwd} to run {argv[0]} in")
    done = processes.attempt(argv, cwd=cwd, timeout=timeout)
    return Ran(list(argv), done.returncode, done.text, done.errors)
