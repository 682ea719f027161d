"""The floors pyproject.toml declares are real: modfirst installed on the oldest Python its
`requires-python` admits, with the oldest copier its dependencies admit, in a fresh venv and a
new HOME, runs `modfirst check` and `modfirst update` on a generated project. With a floor
below what the code needs (copier before `check-update --output-format`, issue 33) the check
says "cannot be reached" and these tests fail.

Nothing is installed beforehand but modfirst itself: `modfirst update` runs the project's
`nox -s lint tests` with the nox modfirst depends on, and prints a command one can paste."""

from __future__ import annotations

import json
import os
import re
import shlex
import tomllib
from pathlib import Path

import pytest
from uv import find_uv_bin

from helpers import REPO, commit_all, copier_api, git, pythons_here, run, snapshot, venv_python

pytestmark = pytest.mark.slow
PYPROJECT = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
README = "template/README.md.jinja"


def oldest_minor() -> int:
    """3.X of `requires-python = ">=3.X"`."""
    match = re.fullmatch(r">=\s*3\.(\d+)", PYPROJECT["requires-python"])
    assert match, PYPROJECT["requires-python"]
    return int(match.group(1))


def copier_floor() -> str:
    """The lowest copier the dependencies admit, as an exact release (9.13 -> 9.13.0)."""
    (spec,) = [dep for dep in PYPROJECT["dependencies"] if re.match(r"copier\b", dep)]
    match = re.search(r">=\s*([\d.]+)", spec)
    assert match, spec
    parts = match.group(1).split(".")
    return ".".join(parts + ["0"] * (3 - len(parts)))


@pytest.fixture(scope="module")
def oldest(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    """A fresh venv on the oldest allowed Python with modfirst (from a snapshot of this
    repository) and the floor copier; and an environment with a new, empty HOME."""
    python = pythons_here().get(oldest_minor())
    if python is None:
        pytest.skip(f"no CPython 3.{oldest_minor()} here (requires-python's floor)")
    folder = tmp_path_factory.mktemp("floor")
    source = snapshot(folder / "modfirst clone")
    venv = folder / "venv"
    uv = find_uv_bin()
    assert run(uv, "venv", "-q", "--python", python, venv, cwd=folder).returncode == 0
    installed = run(
        uv, "pip", "install", "-q", "--python", venv_python(venv),
        source, f"copier=={copier_floor()}",
        cwd=folder,
    )  # fmt: skip
    assert installed.returncode == 0, installed.stderr
    home = folder / "home"
    home.mkdir()
    env = {**os.environ, "HOME": str(home), "XDG_CACHE_HOME": str(home / ".cache")}
    env.pop("PYTHONPATH", None)
    return venv, env


def project_behind(tmp_path: Path) -> Path:
    """A project made from version 1.0.0 of a local template that has since released 1.1.0."""
    template = snapshot(tmp_path / "modfirst template")
    git("tag", "1.0.0", cwd=template)
    project = tmp_path / "demo project"
    copier_api(template, project, {"project_name": "demo"}, skip_tasks=True, vcs_ref="1.0.0")
    commit_all(project, "Start")
    readme = template / README
    line = next(x for x in readme.read_text().splitlines() if x.strip() and "{" not in x)
    readme.write_text(readme.read_text().replace(line, line + " (1.1.0)"), encoding="utf-8")
    commit_all(template, "release 1.1.0")
    git("tag", "1.1.0", cwd=template)
    return project


def test_the_oldest_python_and_copier_check_and_update(
    oldest: tuple[Path, dict[str, str]], tmp_path: Path
) -> None:
    venv, env = oldest
    python = venv_python(venv)
    said = run(python, "-c", "import sys, copier; print(sys.version_info[1], copier.__version__)")
    assert said.stdout.split() == [str(oldest_minor()), copier_floor()], said.stdout + said.stderr
    modfirst = str(python.parent / "modfirst")
    project = project_behind(tmp_path)

    checked = run(modfirst, "check", project, "--json", cwd=tmp_path, env=env)
    assert checked.stdout.startswith("{"), checked.stdout + checked.stderr
    report = json.loads(checked.stdout)
    assert report["template"]["reachable"], report["template"]
    assert report["template"]["latest"] == "1.1.0" and report["template"]["update_available"]
    assert report["update"]["changed"] == [".copier-answers.yml", "README.md"], report["update"]

    updated = run(modfirst, "update", project, cwd=tmp_path, env=env, timeout=1800)
    assert updated.returncode == 0, updated.stdout + updated.stderr
    assert "from 1.0.0 to 1.1.0" in updated.stdout
    (line,) = [x for x in updated.stdout.splitlines() if x.strip().startswith("nox:")]
    assert "not run" not in line and "passed" in line, line
    # The command it names runs as printed: the Python that has nox, then its arguments.
    command = line.strip().removeprefix("nox: ").split(": ")[0]
    first, *rest = shlex.split(command)
    assert Path(first).parent == python.parent, line
    assert rest == ["-P", "-m", "nox", "-s", "lint", "tests"], line
    assert "(1.1.0)" in (project / "README.md").read_text(encoding="utf-8")
