"""The repository keeps its promises: CI runs README's test command, file names are portable."""

from __future__ import annotations

import re

from helpers import REPO, fenced_commands

WINDOWS_UNSAFE = re.compile(r'["<>|?*:\\]')


def test_ci_runs_exactly_the_readme_test_command() -> None:
    readme = (REPO / "README.md").read_text()
    test_command = next(c for c in fenced_commands(readme) if "pytest" in c)
    ci_lines = (REPO / ".ci" / "run").read_text().strip().splitlines()
    assert ci_lines[-1] == test_command


def test_readme_generate_command_uses_defaults_and_trust() -> None:
    readme = (REPO / "README.md").read_text()
    generate = next(c for c in fenced_commands(readme) if "copier copy" in c)
    assert "--trust --defaults" in generate
    assert "requirements.txt" in generate


def test_template_file_names_are_portable() -> None:
    for path in (REPO / "template").rglob("*"):
        name = re.sub(r"{{.*?}}|{%.*?%}", "x", path.name)  # Jinja parts render to identifiers
        assert not WINDOWS_UNSAFE.search(name), path
