"""Exit statuses: one table for every modfirst command and every hook copier runs.

The same number means the same thing everywhere; 2 is always a usage error or a refusal made
before anything changed. Each command's `--help` prints the table (modfirst.exit_status) and
the command reference is generated from it. Standard library only.
"""

from __future__ import annotations

OK, FAILED, USAGE, NOT_CHECKED, UPDATE_AVAILABLE, CONFLICTS = 0, 1, 2, 3, 4, 5
INTERRUPTED = 130

# status -> (word for --json and the verdict line, what it means)
MEANINGS: dict[int, tuple[str, str]] = {
    OK: ("ok", "done: verified, healthy, updated or nothing to do"),
    FAILED: ("failed", "the project is broken, or a check, proof or update failed"),
    USAGE: ("refused", "usage error or refusal; nothing was changed"),
    NOT_CHECKED: ("not checked", "could not check: no suitable Python, offline, unreachable"),
    UPDATE_AVAILABLE: ("update available", "a newer template version can be applied"),
    CONFLICTS: ("conflicts", "an update conflicts (or would) with the project's edits"),
    INTERRUPTED: ("interrupted", "stopped by Ctrl-C; temporary folders removed"),
}


def word(status: int) -> str:
    return MEANINGS.get(status, ("failed", ""))[0]


class Problem(Exception):
    """A failure to report as one headline plus details, with its exit status."""

    def __init__(self, status: int, headline: str, details: str = "") -> None:
        super().__init__(headline)
        self.status = status
        self.headline = headline
        self.details = details
