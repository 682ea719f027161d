"""modfirst's own docs: a short README, and an mkdocs site that builds strictly.

The site's command reference is written at build time from `modfirst.cli.build_parser()`
(docs/hooks/reference.py); these tests walk the same parser themselves, so a command the
parser gains is one the page must show.
"""

from __future__ import annotations

import argparse
import html
import os
import re
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from helpers import REPO, fenced_commands, python_m, run, snapshot
from modfirst.cli import build_parser

SITE_NAME = "modfirst"
BUILD_TIMEOUT = 300
BROWSER_TIMEOUT = 120
INSTALL_TIMEOUT = 900


def parsers(
    parser: argparse.ArgumentParser,
) -> Iterator[argparse.ArgumentParser]:
    """The parser and every subcommand's parser below it, at any depth."""
    yield parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for child in action.choices.values():
                yield from parsers(child)


def page_text(page: Path) -> str:
    """What a reader sees of a built page: tags dropped, entities decoded."""
    return html.unescape(re.sub(r"<[^>]+>", "", page.read_text(encoding="utf-8")))


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("site")
    env = dict(os.environ, PYTHONPATH=str(REPO / "src"), NO_MKDOCS_2_WARNING="1")
    result = python_m(
        "mkdocs",
        "build",
        "--strict",
        "--config-file",
        str(REPO / "mkdocs.yml"),
        "--site-dir",
        str(folder),
        cwd=REPO,
        env=env,
        timeout=BUILD_TIMEOUT,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-5000:]
    return folder


@pytest.mark.slow
def test_the_reference_shows_the_help_of_every_command(site: Path) -> None:
    reference = page_text(site / "reference" / "index.html")
    progs = [parser.prog for parser in parsers(build_parser())]
    assert len(progs) > 1, "build_parser() exposes no subcommand"
    for prog in progs:
        assert f"usage: {prog}" in reference, prog


@pytest.mark.slow
def test_the_site_has_its_title_and_every_page(site: Path) -> None:
    assert f"<title>{SITE_NAME}</title>" in (site / "index.html").read_text(encoding="utf-8")
    for page in sorted((REPO / "docs").glob("*.md")):
        built = site / ("index.html" if page.stem == "index" else f"{page.stem}/index.html")
        assert built.is_file(), page.name


@pytest.mark.slow
def test_a_headless_browser_shows_the_site_title(site: Path, tmp_path: Path) -> None:
    browser = shutil.which("chromium")
    if browser is None:
        pytest.skip("no browser: Debian's chromium is not installed (apt install chromium)")
    result = run(
        browser,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--dump-dom",
        (site / "index.html").as_uri(),
        cwd=tmp_path,
        timeout=BROWSER_TIMEOUT,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert f"<title>{SITE_NAME}</title>" in result.stdout, result.stdout[:2000]


@pytest.mark.slow
def test_readme_docs_command_builds_the_site_in_a_fresh_venv(tmp_path: Path) -> None:
    """README's docs command as written, by a shell in a fresh clone with a new HOME: the venv
    holds only what the command installs (the `docs` extra), nothing of this test run."""
    clone = snapshot(tmp_path / "modfirst clone")
    readme = (clone / "README.md").read_text(encoding="utf-8")
    (command,) = [c for c in fenced_commands(readme) if "mkdocs build" in c]
    home = tmp_path / "home"
    home.mkdir()
    env = {
        "PATH": os.pathsep.join([str(Path(sys.executable).parent), os.environ["PATH"]]),
        "HOME": str(home),
        **{k: v for k, v in os.environ.items() if k.startswith(("PIP_", "UV_", "SSL_"))},
    }
    result = run("bash", "-e", "-c", command, cwd=clone, env=env, timeout=INSTALL_TIMEOUT)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-5000:]
    assert (clone / "site" / "index.html").is_file()
    reference = page_text(clone / "site" / "reference" / "index.html")
    assert "usage: modfirst check" in reference
    status = run("git", "status", "--porcelain", cwd=clone)
    assert status.stdout == "", status.stdout  # site/ and .venv/ are ignored
