"""The docs say which commands the copy task runs and why it needs --trust."""

from __future__ import annotations

from helpers import (
    REPO,
)


def test_docs_say_which_commands_the_task_runs_and_why_trust() -> None:
    section = (REPO / "docs" / "security.md").read_text(encoding="utf-8")
    for words in (
        "--trust",
        "--skip-tasks",
        "hooks/verify.py",
        "--allow-unverified",
        "uv venv",
        "uv pip install",
        "python -I -m",
        "shell",
    ):
        assert words in section, words
