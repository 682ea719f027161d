"""README.md stays short, and every relative link in it is a file."""

from __future__ import annotations

import re

from helpers import REPO

README_LIMIT = 10_000


LINK = re.compile(r"\[[^\]]*\]\(([^)\s]+)\)")


def test_readme_is_short() -> None:
    size = len((REPO / "README.md").read_text(encoding="utf-8"))
    assert size <= README_LIMIT, f"README.md has {size} characters; the manual goes in docs/"


def test_every_relative_link_in_readme_is_a_file() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    targets = [t for t in LINK.findall(readme) if not re.match(r"[a-z]+:|#", t)]
    assert targets, "README links no docs page"
    for target in targets:
        assert (REPO / target.split("#", 1)[0]).is_file(), target
