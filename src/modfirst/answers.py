"""A project's .copier-answers.yml, read one way: as the YAML copier wrote.

Written with modfirst.hooks.absolute_source.set_answers, which copier's task uses too (the hook
needs the standard library only, so it edits lines instead of loading YAML).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .hooks.absolute_source import ANSWERS_FILE as ANSWERS

__all__ = ["ANSWERS", "Link", "NoTemplate", "load_answers", "read_answers", "template_of"]


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


class NoTemplate(Exception):
    """Why a folder has no template to follow, in one line: its answers file is missing
    (`missing`), not YAML, or names no template version."""

    def __init__(self, reason: str, *, missing: bool = False) -> None:
        super().__init__(reason)
        self.missing = missing


def read_answers(folder: Path) -> dict[str, object]:
    """load_answers(), with NoTemplate for a file that is missing or that copier cannot read."""
    import yaml

    try:
        return load_answers(folder)
    except OSError:
        raise NoTemplate(f"no {ANSWERS}", missing=True) from None
    except (UnicodeDecodeError, yaml.YAMLError) as error:
        said = " ".join(str(error).split())
        raise NoTemplate(f"{ANSWERS} is not YAML copier can read ({said})") from None


def template_of(answers: dict[str, object]) -> Link:
    """The template source and version the answers record; NoTemplate when they name none."""
    src, commit = str(answers.get("_src_path") or ""), str(answers.get("_commit") or "")
    if not src or not commit:
        raise NoTemplate(f"{ANSWERS} names no template version (_src_path, _commit)")
    return Link(src, commit)
