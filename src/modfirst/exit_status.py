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
    "epilog",
]


def epilog(*statuses: int) -> str:
    """ "exit status:" and one line per status this command can return, in the table's words."""
    shown = statuses or tuple(MEANINGS)
    return "exit status:\n" + "\n".join(f"  {s:<3} {MEANINGS[s][1]}" for s in shown)
