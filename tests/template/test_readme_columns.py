"""What a reader of a new project sees: the generated README's comments keep one column per
code block whatever the package's name, and only a workshop project's pre-commit config talks
about students and exercises/."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from helpers import render

NAMES = {
    "short": {"project_name": "a", "subpackage_name": "t"},
    "default": {"project_name": "demo"},
    "long": {
        "project_name": "a very long project name for columns",
        "subpackage_name": "a_rather_long_subpackage_name",
    },
}


def blocks(markdown: str) -> list[list[str]]:
    return [b.splitlines() for b in re.findall(r"```\w*\n(.*?)\n```", markdown, re.DOTALL)]


def comment_columns(block: list[str]) -> set[int]:
    """Where `# ` comments start (bash blocks), or the description column (the layout tree:
    a name, two or more spaces, then words)."""
    columns = {line.index("  # ") + 2 for line in block if "  # " in line}
    if not columns:
        columns = {m.start(2) for line in block if (m := re.match(r"^(\s*\S+)\s{2,}(\S)", line))}
    return columns


@pytest.mark.parametrize("names", NAMES.values(), ids=NAMES.keys())
def test_readme_comments_keep_their_column(
    files: Path, tmp_path: Path, names: dict[str, str]
) -> None:
    project = render(files, tmp_path / "p", **names)
    readme = (project / "README.md").read_text(encoding="utf-8")
    checked = 0
    for block in blocks(readme):
        columns = comment_columns(block)
        assert len(columns) <= 1, "\n".join(block)
        checked += bool(columns)
    assert checked >= 3  # run, develop and layout blocks at least


def test_only_a_workshop_mentions_students_in_pre_commit(files: Path, tmp_path: Path) -> None:
    plain = render(files, tmp_path / "plain", project_name="demo")
    config = (plain / ".pre-commit-config.yaml").read_text(encoding="utf-8")
    assert "tudent" not in config and "exercises" not in config
    workshop = render(files, tmp_path / "workshop", project_name="demo", workshop=True)
    config = (workshop / ".pre-commit-config.yaml").read_text(encoding="utf-8")
    assert "Students own exercises/" in config and "exclude: ^exercises/" in config
