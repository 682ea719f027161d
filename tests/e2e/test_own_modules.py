"""modfirst's own children never run inside the user's code: a project with its own
`logging.py`, `json.py` and `string.py` at the top (the script-folder shape modfirst exists to
fix) is checked, verified, updated and adopted as a clean one is, with the command started
from inside it, as a user does.

The modules are real code that lacks what the standard library's have: copier, pip or nox
importing them instead would fail on `from logging import DEBUG` and the like.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest
from adopt_fixtures import write_project

from helpers import REPO, commit_all, copier_api, git, run, snapshot

pytestmark = pytest.mark.slow

OWN_MODULES = {
    "logging.py": '"""The project\'s own log helpers."""\n\n\ndef setup() -> None:\n    pass\n',
    "json.py": '"""The project\'s own JSON helpers."""\n\n\ndef pretty(text: str) -> str:\n'
    "    return text\n",
    "string.py": '"""The project\'s own text helpers."""\n\n\ndef shout(text: str) -> str:\n'
    "    return text.upper()\n",
}
# The installed command, as a user runs it.
MODFIRST = str(Path(sys.executable).with_name("modfirst"))


def modfirst_in(folder: Path, *args: str) -> tuple[int, str, str]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    result = run(MODFIRST, *args, cwd=folder, env=env)
    return result.returncode, result.stdout, result.stderr


def assert_not_shadowed(output: str) -> None:
    for sign in ("cannot import name", "has no attribute", "Traceback"):
        assert sign not in output, output


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """This repository as a template, tagged 1.0.0 and then 1.1.0 (a README change)."""
    template = snapshot(tmp_path_factory.mktemp("own") / "template")
    git("tag", "1.0.0", cwd=template)
    readme = template / "template" / "README.md.jinja"
    readme.write_text(readme.read_text(encoding="utf-8") + "\nOne more line.\n", encoding="utf-8")
    commit_all(template, "release 1.1.0")
    git("tag", "1.1.0", cwd=template)
    return template


@pytest.fixture
def project(template: Path, tmp_path: Path) -> Path:
    """A project made at 1.0.0 with its own logging.py, json.py and string.py, committed."""
    project = tmp_path / "own"
    copier_api(template, project, {"project_name": "own"}, skip_tasks=True, vcs_ref="1.0.0")
    for name, text in OWN_MODULES.items():
        (project / name).write_text(text, encoding="utf-8")
    commit_all(project, "Start, with modules named like the standard library's")
    return project


def test_verify_from_inside_the_project(project: Path) -> None:
    status, out, err = modfirst_in(project, "verify", ".")
    assert status == 0, out + err
    assert "OK: own runs as a module" in out


def test_check_from_inside_the_project(project: Path) -> None:
    status, out, err = modfirst_in(project, "check", ".", "--json")
    assert_not_shadowed(err)
    report = json.loads(out)
    assert report["template"]["reachable"], report["template"]
    assert report["template"]["latest"] == "1.1.0"
    assert report["update"]["error"] == "" and report["update"]["changed"], report["update"]
    assert report["drift"]["error"] == "", report["drift"]
    # The health checks do flag the shadowing modules (that is their job), naming them.
    failed = [f for f in report["health"] if f["status"] == "failed"]
    assert failed and all("logging" in f["reason"] or "json" in f["reason"] for f in failed)
    assert (status, report["status"]) == (1, "unhealthy"), report


def test_update_from_inside_the_project(project: Path) -> None:
    status, out, err = modfirst_in(project, "update", ".", "--no-checks", "--json")
    assert_not_shadowed(err)
    report = json.loads(out)
    assert (status, report["status"]) == (0, "updated"), report
    assert "README.md" in report["applied"]["changed"]
    assert "One more line." in (project / "README.md").read_text(encoding="utf-8")


def test_adopt_dry_run_of_a_script_folder_with_such_modules(tmp_path: Path) -> None:
    """The case that failed: copier started in the project imported its logging.py."""
    folder = write_project(
        tmp_path / "textkit",
        {
            **OWN_MODULES,
            "main.py": """
                import argparse

                import logging
                import string


                def main() -> None:
                    parser = argparse.ArgumentParser(prog="textkit")
                    parser.parse_args()
                    logging.setup()
                    print(string.shout("ok"))


                if __name__ == "__main__":
                    main()
            """,
        },
    )
    status, out, err = modfirst_in(folder, "adopt", ".", "--dry-run", "--template", str(REPO))
    assert_not_shadowed(out + err)
    assert status == 0, out + err
    assert git("status", "--porcelain", cwd=folder) == ""  # a dry run changes nothing


def test_kit_build_from_a_folder_that_holds_such_modules(tmp_path: Path) -> None:
    room = tmp_path / "room"
    room.mkdir()
    for name, text in OWN_MODULES.items():
        (room / name).write_text(text, encoding="utf-8")
    (room / "roster.csv").write_text("name\nAda Lovelace\n", "utf-8")
    status, out, err = modfirst_in(room, "kit", "roster.csv", "kit", "--template", str(REPO))
    assert_not_shadowed(out + err)
    assert status == 0, out + err
    assert len(list((room / "kit").glob("*/pyproject.toml"))) == 1


def test_python_m_modfirst_from_inside_the_project(project: Path) -> None:
    """`python -m modfirst` puts the working folder first on sys.path (PEP 338): modfirst drops
    it before importing anything else, so the project's modules never shadow its own imports."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    result = run(
        sys.executable, "-m", "modfirst", "check", ".", "--health-only", cwd=project, env=env
    )
    assert_not_shadowed(result.stdout + result.stderr)
    assert result.returncode == 1 and "FAIL MF004" in result.stdout, result.stdout + result.stderr
