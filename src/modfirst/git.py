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


def changed_files(cwd: Path) -> list[str]:
    """Files with uncommitted work, changed or untracked, each by its path (`-z`: names come
    unquoted, so "Zoë.py" stays itself; a rename gives its new name)."""
    fields = output("status", "--porcelain", "-z", "--untracked-files=all", cwd=cwd).split("\0")
    names, renamed_from = [], False
    for entry in fields:
        if renamed_from or not entry:  # -z puts a rename's old name in the next field
            renamed_from = False
            continue
        names.append(entry[3:])
        renamed_from = entry[0] in "RC"
    return sorted(names)


# copier's inline conflicts ("--conflict inline") open with this line, and exit 0.
CONFLICT_START = b"<<<<<<< before updating"


def unmerged_files(cwd: Path) -> list[str]:
    """Files git still marks as conflicted."""
    names = output("diff", "--name-only", "-z", "--diff-filter=U", cwd=cwd).split("\0")
    return [name for name in names if name]


def conflicted(cwd: Path, changed: list[str]) -> list[str]:
    """The conflicts an update left: files git marks unmerged (copier's own, and the renamed
    files hooks/carry_renamed.py merges) and changed files holding copier's inline markers."""
    marked = [
        name
        for name in changed
        if (cwd / name).is_file() and CONFLICT_START in (cwd / name).read_bytes()
    ]
    return sorted(set(unmerged_files(cwd)) | set(marked))
