"""The repository keeps its promises: CI runs README's test command, noxfile.py has the lint,
tests and docs sessions, file names are portable."""

from __future__ import annotations

import ast
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


def test_noxfile_has_the_lint_tests_and_docs_sessions() -> None:
    """Read with ast, not run: each session is a function under @nox.session, and each runs
    the tools it promises (tests chooses its workers; -n is not forced in addopts)."""
    tree = ast.parse((REPO / "noxfile.py").read_text(encoding="utf-8"))
    sessions = {
        node.name: ast.unparse(node)
        for node in tree.body
        if isinstance(node, ast.FunctionDef)
        and any("nox.session" in ast.unparse(d) for d in node.decorator_list)
    }
    assert set(sessions) == {"lint", "tests", "docs"}
    for tool in ("'ruff', 'check'", "'ruff', 'format', '--check'", "'mypy'", "'lint-imports'"):
        assert tool in sessions["lint"], tool
    assert "'pytest', '-n', '4', *session.posargs" in sessions["tests"]
    assert "'mkdocs', 'build', '--strict'" in sessions["docs"]
    assert "session.install('-e', '.[docs]')" in sessions["docs"]  # README's docs install


def test_every_module_of_the_package_stays_under_500_lines() -> None:
    """A module past 500 lines does several jobs (issue 31 item 7): split it by concept."""
    long = {
        str(path.relative_to(REPO)): count
        for path in sorted((REPO / "src" / "modfirst").rglob("*.py"))
        if (count := len(path.read_text(encoding="utf-8").splitlines())) > 500
    }
    assert not long, long
