"""The one way modfirst runs git: an argument list, output captured, a time limit."""

from __future__ import annotations

import subprocess
from pathlib import Path

TIMEOUT = 120


def git(*args: str, cwd: Path, check: bool = True) -> subprocess.CompletedProcess[bytes]:
    """Run `git ARGS` in `cwd` within TIMEOUT seconds; raise CalledProcessError on failure
    when `check`. Output stays bytes: `git archive` writes a tar, and paths need not be UTF-8."""
    return subprocess.run(
        ["git", *args],
        cwd=cwd,
        capture_output=True,
        stdin=subprocess.DEVNULL,
        timeout=TIMEOUT,
        check=check,
    )


def output(*args: str, cwd: Path) -> str:
    """What `git ARGS` prints, as text (raises CalledProcessError when it fails)."""
    return git(*args, cwd=cwd).stdout.decode("utf-8", errors="surrogateescape")
