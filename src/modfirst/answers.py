"""A project's .copier-answers.yml, read one way: as the YAML copier wrote.

Written with modfirst.hooks.absolute_source.set_answers, which copier's task uses too (the hook
needs the standard library only, so it edits lines instead of loading YAML).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .hooks.absolute_source import ANSWERS_FILE as ANSWERS

__all__ = ["ANSWERS", "Link", "load_answers"]


@dataclass
class Link:
    """Where a project came from (its answers' _src_path and _commit) and how far behind it is;
    check and update fill in the rest from copier's check-update."""

    src: str
    commit: str
    reachable: bool = True
    error: str = ""
    error_kind: str = ""  # "unreachable" (the template cannot be fetched) or "failed" (copier)
    latest: str | None = None
    update_available: bool | None = None
    commits_behind: int | None = None


def load_answers(folder: Path) -> dict[str, object]:
    """The answers of the project in `folder`; {} when the file holds no mapping.

    Raises OSError, UnicodeDecodeError or yaml.YAMLError when it cannot be read.
    """
    import yaml  # installed with copier; imported here, so collect.py loads with any Python

    text = (folder / ANSWERS).read_text(encoding="utf-8")
    # libyaml's loader when PyYAML has it (its wheels do): ~10x the pure-Python one, which
    # counts when collect or check reads hundreds of answer files. What libyaml refuses is read
    # as copier reads it, by the pure-Python loader (which raises when that fails too).
    try:
        data = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError:
        data = yaml.safe_load(text)
    return data if isinstance(data, dict) else {}
