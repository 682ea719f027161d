"""Tasks for contributors and CI: `nox` runs them all, `nox -s tests` runs one.

`nox -l` lists the sessions. Each session makes its own virtual environment under .nox/
(with uv when it is installed, else virtualenv) from requirements-test.txt, the same list
README's test command installs, so results do not depend on yours.
"""

from __future__ import annotations

import nox

nox.needs_version = ">=2025.2.9"
nox.options.default_venv_backend = "uv|virtualenv"

REQUIREMENTS = "requirements-test.txt"


@nox.session(default=True)
def lint(session: nox.Session) -> None:
    """Ruff (lint and format check), mypy --strict and the package's layers (import-linter)."""
    session.install("-r", REQUIREMENTS)
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", ".")
    session.run("mypy")
    session.run("lint-imports", "--no-cache")


@nox.session(default=True)
def tests(session: nox.Session) -> None:
    """The whole suite on four workers (the slow tests mostly wait on subprocesses); arguments
    after `--` go to pytest: `nox -s tests -- -m "not slow" -n 0` is the fast tier."""
    session.install("-r", REQUIREMENTS)
    session.run("python", "-m", "pytest", "-n", "4", *session.posargs)


@nox.session(default=True)
def docs(session: nox.Session) -> None:
    """This repository's docs site, built --strict into site/ from what README says to install
    (the `docs` extra; the command reference is walked from modfirst's own parser)."""
    session.install("-e", ".[docs]")
    session.run("mkdocs", "build", "--strict", *session.posargs)


if __name__ == "__main__":
    nox.main()
