"""The document `--json` prints for check and update: the report's fields, its exit status and
that status as a word, under one schema version."""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path
from typing import Any, Protocol

SCHEMA_VERSION = 1


class CommandReport(Protocol):
    @property
    def exit_status(self) -> int: ...


def document(report: CommandReport, word: str) -> dict[str, Any]:
    """The report's fields under its status word and exit status."""
    return {
        "schema_version": SCHEMA_VERSION,
        "status": word,
        "exit_status": report.exit_status,
        **asdict(report),  # type: ignore[call-overload]
    }


def unwritable_summary(summary: Path | None) -> str:
    """Why --summary FILE cannot be written (its folder is missing), checked before any work;
    "" when it can be."""
    if summary is None or summary.resolve().parent.is_dir():
        return ""
    folder = summary.resolve().parent
    return f"no folder {folder} to write --summary {summary} in; create it or give another file"
