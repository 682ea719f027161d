"""README.md stays short, and every relative link in it is a file."""

from __future__ import annotations

import re
import subprocess
import tomllib

from helpers import REPO, fenced_commands

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


def test_the_quick_start_shows_the_clone_it_runs_in() -> None:
    """The first command clones and enters the repository; generating comes after."""
    commands = fenced_commands((REPO / "README.md").read_text(encoding="utf-8"))
    assert re.fullmatch(r"git clone \S+/modfirst\.git && cd modfirst", commands[0]), commands[0]
    assert "copier copy" in commands[1]


def test_each_paragraph_heading_appears_once() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    headings = re.findall(r"^\*\*([^*]+)\*\*", readme, re.MULTILINE)
    assert headings and len(headings) == len(set(headings)), headings


def test_the_docs_build_as_readme_says() -> None:
    """README names `nox -s docs` and a command that installs only the `docs` extra, which
    pyproject.toml defines; what the build writes (site/) is ignored by git."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert "nox -s docs" in readme
    (command,) = [c for c in fenced_commands(readme) if "mkdocs build --strict" in c]
    assert 'pip install -e ".[docs]"' in command
    project = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    docs = {re.split(r"[<>=\[]", dep)[0] for dep in project["optional-dependencies"]["docs"]}
    assert docs >= {"mkdocs", "mkdocs-material"}
    ignored = subprocess.run(
        ["git", "check-ignore", "site/index.html", ".nox/x"],
        cwd=REPO, capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert ignored.stdout.split() == ["site/index.html", ".nox/x"], ignored


# `pip install ... modfirst` within one code span: the package, a path to it, or a URL.
INSTALLS_MODFIRST = re.compile(r"pip install [^`\n]*modfirst")


def test_one_install_line_everywhere() -> None:
    """Every line that installs modfirst installs the clone (./modfirst), the one way that
    works today; the PyPI line appears only marked as future."""
    pages = [REPO / "README.md", *sorted((REPO / "docs").glob("*.md"))]
    installs = [
        (page.name, line)
        for page in pages
        for line in page.read_text(encoding="utf-8").splitlines()
        if INSTALLS_MODFIRST.search(line)
    ]
    assert len(installs) >= 3, installs
    for name, line in installs:
        assert "./modfirst" in line or "not on PyPI yet" in line, f"{name}: {line}"
