"""mkdocs hook: pages written at build time from the code and files they describe.

- reference.md: the help of every `modfirst` command, walked from `modfirst.cli.build_parser()`
  (each parser's `format_help()` under a heading), so the reference cannot drift from the
  command. Subcommands are found through the `argparse._SubParsersAction` in `parser._actions`,
  at any depth.
- benchmarks.md: the result files `benchmarks/*.md`, appended with their headings moved two
  levels down and their links to each other pointed at the sections of this page.

The repository's `src/` goes first on `sys.path`, so the pages describe this tree even when
another `modfirst` is installed.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
REFERENCE = "reference.md"
BENCHMARKS = "benchmarks.md"
MARKER = "<!-- generated below -->"
HELP_WIDTH = "100"  # argparse wraps help to $COLUMNS; fixed, so the page is the same everywhere


def commands(
    parser: argparse.ArgumentParser, path: tuple[str, ...] = ()
) -> Iterator[tuple[tuple[str, ...], argparse.ArgumentParser]]:
    """Every parser of the tree, parent first: (("kit", "collect"), its parser), ..."""
    yield path, parser
    seen: set[int] = set()
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, child in action.choices.items():
                if id(child) not in seen:  # an alias maps a second name to the same parser
                    seen.add(id(child))
                    yield from commands(child, (*path, name))


def reference_markdown() -> str:
    src = str(ROOT / "src")
    if src not in sys.path:
        sys.path.insert(0, src)
    from modfirst.cli import PROG, build_parser

    before = os.environ.get("COLUMNS")
    os.environ["COLUMNS"] = HELP_WIDTH
    try:
        sections = []
        for path, parser in commands(build_parser()):
            level = "#" * min(2 + max(len(path) - 1, 0), 4)
            name = " ".join((PROG, *path))
            sections.append(f"{level} {name}\n\n```text\n{parser.format_help().rstrip()}\n```\n")
    finally:
        if before is None:
            del os.environ["COLUMNS"]
        else:
            os.environ["COLUMNS"] = before
    return "\n".join(sections)


def demote_headings(markdown: str, levels: int = 2) -> str:
    """Headings moved `levels` down (outside code fences), to sit under a heading of the page."""
    lines, fenced = [], False
    for line in markdown.splitlines():
        if line.startswith("```"):
            fenced = not fenced
        elif not fenced and re.match(r"#+ ", line):
            line = "#" * levels + line
        lines.append(line)
    return "\n".join(lines)


def benchmarks_markdown() -> str:
    files = sorted((ROOT / "benchmarks").glob("*.md"))
    stems = {path.name: path.stem.replace("_", "-") for path in files}
    sections = []
    for path in files:
        text = demote_headings(path.read_text(encoding="utf-8"))
        text = re.sub(
            r"\]\(([\w.-]+\.md)\)",
            lambda m: f"](#{stems[m.group(1)]})" if m.group(1) in stems else m.group(0),
            text,
        )
        anchor = stems[path.name]
        sections.append(f"## `benchmarks/{path.name}` {{#{anchor}}}\n\n{text.strip()}\n")
    return "\n".join(sections)


GENERATORS = {REFERENCE: reference_markdown, BENCHMARKS: benchmarks_markdown}


def on_page_markdown(markdown: str, page: Any, config: Any, files: Any) -> str:
    generate = GENERATORS.get(page.file.src_uri)
    if generate is None:
        return markdown
    if MARKER not in markdown:
        raise ValueError(f"{page.file.src_uri} lacks the line {MARKER!r} the hook writes below")
    return markdown.split(MARKER, 1)[0] + MARKER + "\n\n" + generate()
