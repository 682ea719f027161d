"""modfirst's health checks as a repo-review plugin (entry points in pyproject.toml).

With modfirst installed, `repo-review PATH` lists MF001-MF005, MF007 and MF008 under the family
"modfirst", beside the Scientific Python checks, in its terminal, JSON and HTML outputs. The
checks are the very ones `modfirst check` runs (health.py), evaluated once per repository by a
fixture.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from .health import CHECKS, CHECKS_RELEASE, FAILED, SKIPPED, Finding, run_checks, version_tag


def modfirst_health(root: Any) -> dict[str, Finding]:
    """Fixture: every finding by id. repo-review hands a local folder as a pathlib.Path; a
    remote one (repo-review's GitHub mode) is not read, and every check skips."""
    if not isinstance(root, Path):
        return {}
    return {f.id: f for f in [*run_checks(root), version_tag(root)]}


def markdown(text: str) -> str:
    """`text` for repo-review, which reads messages as Markdown: outside `code`, the
    underscores of __main__.py and the like are literal, not emphasis."""
    parts = text.split("`")
    return "`".join(
        part if inside else re.sub(r"([_*])", r"\\\1", part)
        for inside, part in ((i % 2 == 1, part) for i, part in enumerate(parts))
    )


class ModfirstCheck:
    """One of modfirst's module-first checks."""

    family = "modfirst"

    def __init__(self, id: str, title: str) -> None:
        self.id = id
        self.__doc__ = title  # repo-review shows the docstring as the check's name

    def check(self, modfirst_health: dict[str, Finding]) -> bool | str | None:
        found = modfirst_health.get(self.id)
        if found is None or found.status == SKIPPED:
            return None
        if found.status == FAILED:
            return f"{markdown(found.reason)}.\n\nFix: {markdown(found.fix)}"
        return True


def repo_review_checks() -> dict[str, ModfirstCheck]:
    titles = {id: title for id, (title, _) in CHECKS.items()} | CHECKS_RELEASE
    return {id: ModfirstCheck(id, title) for id, title in titles.items()}


def repo_review_families() -> dict[str, dict[str, Any]]:
    return {
        "modfirst": {
            "name": "modfirst: runs as a module",
            "order": 10,
            "description": "`python -m PKG` works the same from any folder and after install "
            "(`modfirst check` runs the same checks; its docs page 'Keeping projects current').",
        }
    }
