"""The documentation site, the nox sessions, and updating a project made before either existed.

Docs builds share one environment per worker (`docs_env`), installed from the `docs`
dependency group the template writes, so the test installs what a user's `nox -s docs` does.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import copier
import pytest
import yaml
from uv import find_uv_bin

from helpers import (
    REPO,
    commit_all,
    extract,
    git,
    question_choices,
    run,
    snapshot,
    tree,
    venv_python,
)
from helpers import render as render_project

CLIS = question_choices("cli_framework")
UV = find_uv_bin()
MAIN_DOCSTRING = "Run the program and return its exit status (0 means success)."
PROJECT_NAME = "Docs Demo"


def render(template: Path, destination: Path, **data: object) -> Path:
    return render_project(template, destination, **{"project_name": PROJECT_NAME, **data})


@pytest.fixture(scope="session")
def docs_env(template: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A venv with the generated project's `docs` dependency group, shared by the builds."""
    project = render(template, tmp_path_factory.mktemp("docs-deps") / "p")
    groups = tomllib.loads((project / "pyproject.toml").read_text())["dependency-groups"]
    venv = tmp_path_factory.mktemp("docs-env") / "venv"
    for argv in (
        [UV, "venv", "--quiet", "--python", sys.executable, str(venv)],
        [UV, "pip", "install", "--quiet", "--python", str(venv_python(venv)), *groups["docs"]],
    ):
        result = run(*argv, cwd=project)
        assert result.returncode == 0, result.stderr
    return venv


def build_docs(project: Path, docs_env: Path) -> Path:
    result = run(venv_python(docs_env), "-m", "mkdocs", "build", "--strict", cwd=project)
    assert result.returncode == 0, result.stdout + result.stderr
    return project / "site"


@pytest.mark.slow
@pytest.mark.parametrize("cli", CLIS)
def test_docs_build_strict_with_the_api_from_docstrings(
    template: Path, tmp_path: Path, docs_env: Path, cli: str
) -> None:
    project = render(template, tmp_path / "p", cli_framework=cli)
    site = build_docs(project, docs_env)
    index = (site / "index.html").read_text()
    api = (site / "api" / "index.html").read_text()
    running = re.sub(r"<[^>]+>", "", (site / "running" / "index.html").read_text())
    assert f"<title>{PROJECT_NAME}</title>" in index
    assert MAIN_DOCSTRING in api
    assert "docs_demo.cli.main" in api and "docs_demo.core.greet" in api
    assert "python -m docs_demo.tools" in running and "[project.scripts]" in running


@pytest.mark.slow
def test_a_headless_browser_renders_the_name_and_the_docstring(
    template: Path, tmp_path: Path, docs_env: Path
) -> None:
    browser = shutil.which("chromium")
    if browser is None:
        pytest.skip("no browser: Debian's chromium is not installed (apt install chromium)")
    site = build_docs(render(template, tmp_path / "p"), docs_env)

    def rendered_text(page: Path) -> str:
        result = run(
            browser,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--dump-dom",
            page.as_uri(),
            cwd=tmp_path,
            timeout=120,
        )
        assert result.returncode == 0, result.stderr[-2000:]
        return re.sub(r"<[^>]+>", "", result.stdout)  # the text a reader sees, without markup

    assert PROJECT_NAME in rendered_text(site / "index.html")
    assert MAIN_DOCSTRING in rendered_text(site / "api" / "index.html")


@pytest.mark.slow
def test_nox_runs_lint_tests_and_docs(template: Path, tmp_path: Path) -> None:
    project = render(template, tmp_path / "p")
    result = run(sys.executable, "-m", "nox", "--no-color", cwd=project)
    assert result.returncode == 0, result.stderr[-5000:]
    for session in ("lint", "tests", "docs"):
        assert f"* {session}: success" in result.stderr, result.stderr[-3000:]
    assert (project / "site" / "api" / "index.html").is_file()


# Updating from the shape before the `docs` question existed.


def previous_commit() -> str | None:
    """The commit before the `docs` question came to copier.yml, or None in a shallow clone."""
    introduced = git("log", "--format=%H", "-S", "\ndocs:\n", "--", "copier.yml", cwd=REPO)
    first = introduced.split()[-1] if introduced.split() else ""
    if not first:
        return None
    parent = subprocess.run(
        ["git", "rev-parse", "--verify", "-q", f"{first}^"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    return parent.stdout.strip() or None


@pytest.fixture(scope="session")
def before_and_after(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A template repo with 1.0.0 = the commit before docs/nox, 2.0.0 = the working tree."""
    previous = previous_commit()
    if previous is None:
        pytest.skip("the commit before the docs question is not in this clone (shallow?)")
    repo = tmp_path_factory.mktemp("versions") / "modfirst"
    repo.mkdir()
    archive = repo.parent / "previous.tar"
    archive.write_bytes(
        subprocess.run(
            ["git", "archive", "--format=tar", previous],
            cwd=REPO,
            capture_output=True,
            timeout=60,
            check=True,
        ).stdout
    )
    extract(archive, repo, ours=True)
    commit_all(repo, "1.0.0")
    git("tag", "1.0.0", cwd=repo)
    current = snapshot(repo.parent / "current")
    git("rm", "-rq", ".", cwd=repo)
    for path in tree(current):
        target = repo / path
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(current / path, target)
    commit_all(repo, "2.0.0")
    git("tag", "2.0.0", cwd=repo)
    return repo


@pytest.mark.slow
def test_update_from_before_docs_keeps_the_project_without_docs(
    before_and_after: Path, tmp_path: Path
) -> None:
    project = tmp_path / "project"
    copier.run_copy(
        str(before_and_after), project, vcs_ref="1.0.0", defaults=True, skip_tasks=True, quiet=True
    )
    commit_all(project, "generated")
    copier.run_update(
        project, vcs_ref="2.0.0", defaults=True, overwrite=True, unsafe=True, quiet=True
    )
    assert git("ls-files", "--unmerged", cwd=project) == ""
    answers = yaml.safe_load((project / ".copier-answers.yml").read_text())
    assert answers["docs"] == "none"
    for absent in ("docs", "mkdocs.yml", ".readthedocs.yaml", ".github/workflows/docs.yml"):
        assert not (project / absent).exists(), f"an update added {absent}"
    # The update gives exactly what a new project answering docs=none gets (with the backend
    # the project had: a project from before uv_build became the default keeps hatchling).
    fresh = tmp_path / "fresh" / "project"  # same folder name, same default names
    copier.run_copy(
        str(before_and_after),
        fresh,
        vcs_ref="2.0.0",
        data={
            "docs": "none",
            "build_backend": answers["build_backend"],
            "template_updates": False,  # an update from before the question adds none
        },
        defaults=True,
        skip_tasks=True,
        quiet=True,
    )
    updated, expected = tree(project), tree(fresh)
    updated.pop(".copier-answers.yml"), expected.pop(".copier-answers.yml")
    assert updated == expected
    assert b"<<<<<<<" not in b"".join(updated.values())


@pytest.mark.slow
def test_update_can_add_docs_when_asked(before_and_after: Path, tmp_path: Path) -> None:
    project = tmp_path / "project"
    copier.run_copy(
        str(before_and_after), project, vcs_ref="1.0.0", defaults=True, skip_tasks=True, quiet=True
    )
    commit_all(project, "generated")
    copier.run_update(
        project,
        vcs_ref="2.0.0",
        data={"docs": "mkdocs"},
        defaults=True,
        overwrite=True,
        unsafe=True,
        quiet=True,
    )
    assert (project / "mkdocs.yml").is_file() and (project / "docs" / "api.md").is_file()
    assert (project / ".github" / "workflows" / "docs.yml").is_file()
    assert "def docs" in (project / "noxfile.py").read_text()
