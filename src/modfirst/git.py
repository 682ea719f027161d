"""Every git call modfirst makes, in one module (as copier's _vcs.py): an argument list, output
captured, the time limit of processes.TIMEOUTS["git"]."""

from __future__ import annotations

from pathlib import Path

from .processes import TIMEOUTS, Completed, run

TIMEOUT = TIMEOUTS["git"]


def git(*args: str, cwd: Path, check: bool = True, input: bytes | None = None) -> Completed:
    """Run `git ARGS` in `cwd`; raise processes.Failed (a CalledProcessError) on failure when
    `check`. Output stays bytes: `git archive` writes a tar, and paths need not be UTF-8."""
    return run(["git", *args], cwd=cwd, timeout="git", check=check, input=input)


def output(*args: str, cwd: Path) -> str:
    """What `git ARGS` prints, as text (raises processes.Failed when it fails)."""
    return git(*args, cwd=cwd).text


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
