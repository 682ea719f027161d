"""The exit statuses every modfirst command shares (the table is hooks/outcome.py, which the
hooks copier runs use too), and the epilog that lists them in each command's --help."""

from __future__ import annotations

from .hooks.outcome import (
    CONFLICTS,
    FAILED,
    INTERRUPTED,
    MEANINGS,
    NOT_CHECKED,
    OK,
    UPDATE_AVAILABLE,
    USAGE,
)

__all__ = [
    "CONFLICTS",
    "FAILED",
    "INTERRUPTED",
    "NOT_CHECKED",
    "OK",
    "UPDATE_AVAILABLE",
    "USAGE",
    "Refused",
    "epilog",
]


class Refused(Exception):
    """A command cannot go ahead (status 2): a one-line reason with the fix; nothing changed."""

    def __init__(self, reason: str) -> None:
        # One line, whatever a tool's message held (git's stderr has several).
        super().__init__("; ".join(part.strip() for part in reason.splitlines() if part.strip()))


def epilog(*statuses: int) -> str:
    """The "exit status:" lines: one per status this command can return, in the table's words."""
    shown = statuses or tuple(MEANINGS)
    return "exit status:\n" + "\n".join(f"  {s:<3} {MEANINGS[s][1]}" for s in shown)
