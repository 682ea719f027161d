"""Shared fixtures: a committed snapshot of this template, pinned copier settings, PATH control.

Tests copy from a snapshot (a git repo in a temp folder whose path has a space) with
vcs_ref="HEAD", so they test the working tree, never the last tag.
"""

from __future__ import annotations

import os
import shutil
import signal
from pathlib import Path

import pytest

from helpers import UV_DIR, path_without_uv, snapshot


def pytest_configure(config: pytest.Config) -> None:
    """A shell starts background jobs (`pytest &`, some CI runners) with SIGINT ignored, and
    children inherit that: copier would then ignore the Ctrl-C the tests send it. Any handler
    here becomes the default one in every child."""
    if signal.getsignal(signal.SIGINT) is signal.SIG_IGN:
        signal.signal(signal.SIGINT, signal.default_int_handler)


@pytest.fixture(scope="session")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A committed snapshot of the template, at a path with a space in it."""
    return snapshot(tmp_path_factory.mktemp("tpl") / "modfirst template")


@pytest.fixture(scope="session")
def files(template: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The committed snapshot's files without .git: copier reads them in place, no clone per
    render, which halves the time of the hundreds of renders in the name and answer tests."""
    plain = tmp_path_factory.mktemp("plain") / "modfirst files"
    shutil.copytree(template, plain, ignore=shutil.ignore_patterns(".git"))
    return plain


@pytest.fixture(autouse=True)
def isolated_copier(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Pin copier settings (a user's settings.yml may add defaults or trust) and put uv on PATH."""
    settings = tmp_path_factory.getbasetemp() / "copier-settings.yml"
    settings.write_text("{}\n")
    monkeypatch.setenv("COPIER_SETTINGS_PATH", str(settings))
    monkeypatch.setenv("PATH", UV_DIR + os.pathsep + path_without_uv())


@pytest.fixture
def no_uv(monkeypatch: pytest.MonkeyPatch) -> None:
    """Hide uv, so verification takes the stdlib venv route."""
    monkeypatch.setenv("PATH", path_without_uv())


# Tests that render the template run copier (a second or more each): they are slow by nature,
# so they are marked here and `pytest -m "not slow"` stays the fast inner loop. (tests/unit never
# renders: a parameter there named `files` is data, not this fixture. tests/e2e/conftest.py marks
# its whole tier.)
COPIER_FIXTURES = {"template", "files"}
UNIT = Path(__file__).resolve().parent / "unit"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if UNIT in Path(item.path).resolve().parents:
            continue
        if COPIER_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.slow)


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """List the interpreters each test ran the generated code on (its `interpreter` property)."""
    used = sorted(
        f"{report.nodeid}: {value}"
        for reports in terminalreporter.stats.values()
        for report in reports
        if getattr(report, "when", None) == "call"
        for name, value in getattr(report, "user_properties", [])
        if name == "interpreter"
    )
    if used:
        terminalreporter.section("interpreters used")
        for line in used:
            terminalreporter.line(line)
