"""One version source: `__version__` in src/modfirst/__init__.py. pyproject.toml reads it,
CHANGELOG.md names it (as "Unreleased (X.Y.Z)" or as its newest dated release), and a version
tag on HEAD (what copier calls a template version) must be it."""

from __future__ import annotations

import re
import subprocess
import tomllib

from helpers import REPO
from modfirst import __version__
from modfirst.check.health import VERSION_TAG

SECTION = re.compile(r"^## (.+)$", re.MULTILINE)
RELEASED = re.compile(r"(\d+\.\d+\.\d+) \((\d{4}-\d{2}-\d{2})(?:, not tagged)?\)")
UNRELEASED = re.compile(r"Unreleased \((\d+\.\d+\.\d+)\)")


def parts(version: str) -> tuple[int, ...]:
    return tuple(int(x) for x in version.split("."))


def test_pyproject_reads_the_version_from_the_package() -> None:
    pyproject = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    assert "version" not in pyproject["project"] and pyproject["project"]["dynamic"] == ["version"]
    assert pyproject["tool"]["hatch"]["version"]["path"] == "src/modfirst/__init__.py"
    assert re.fullmatch(r"\d+\.\d+\.\d+", __version__)


def test_every_changelog_section_is_a_version_with_a_date() -> None:
    sections = SECTION.findall((REPO / "CHANGELOG.md").read_text(encoding="utf-8"))
    unreleased = [s for s in sections if UNRELEASED.fullmatch(s)]
    released = [RELEASED.fullmatch(s) for s in sections if not UNRELEASED.fullmatch(s)]
    assert all(released), [s for s in sections if not UNRELEASED.fullmatch(s)]
    versions = [m.group(1) for m in released if m]
    assert versions == sorted(versions, key=parts, reverse=True) and len(set(versions)) == len(
        versions
    )
    # The package's version is the section being written, or the newest release.
    if unreleased:
        assert sections[0] == unreleased[0] and UNRELEASED.fullmatch(sections[0])
        match = UNRELEASED.fullmatch(sections[0])
        assert match and match.group(1) == __version__
        assert not versions or parts(versions[0]) < parts(__version__)
    else:
        assert versions[0] == __version__


def test_a_version_tag_on_head_is_the_package_version() -> None:
    tags = subprocess.run(
        ["git", "tag", "--points-at", "HEAD"],
        cwd=REPO, capture_output=True, text=True, timeout=60, check=True,
    ).stdout.split()  # fmt: skip
    for tag in filter(VERSION_TAG.match, tags):
        assert tag == __version__, f"HEAD is tagged {tag} but __version__ is {__version__}"
