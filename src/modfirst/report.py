"""The document `--json` prints for check and update: the report's fields, its exit status and
that status as a word, under one schema version."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any, Protocol

SCHEMA_VERSION = 1


class Report(Protocol):
    @property
    def exit_status(self) -> int: ...


def document(report: Report, words: dict[int, str]) -> dict[str, Any]:
    status = report.exit_status
    return {
        "schema_version": SCHEMA_VERSION,
        "status": words[status],
        "exit_status": status,
        **asdict(report),  # type: ignore[call-overload]
    }
