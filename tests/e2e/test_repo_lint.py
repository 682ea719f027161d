"""This repository passes the checks it gives every project (ruff, mypy --strict, import-linter's
layers)."""

from __future__ import annotations

import subprocess

import pytest

from helpers import REPO, python_m

LINT_TIMEOUT = 300


def lint(*argv: str) -> subprocess.CompletedProcess[str]:
    return python_m(*argv, cwd=REPO, timeout=LINT_TIMEOUT)


@pytest.mark.parametrize(
    "argv",
    [
        ("ruff", "check", "."),
        ("ruff", "format", "--check", "."),
        ("mypy",),
        ("importlinter.cli", "--no-cache"),
    ],
    ids=["ruff-check", "ruff-format", "mypy-strict", "import-layers"],
)
def test_repository_passes_the_checks_it_gives_every_project(argv: tuple[str, ...]) -> None:
    """The configuration lives in pyproject.toml: the same rules as a generated project."""
    result = lint(*argv)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
