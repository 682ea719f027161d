"""Whether a project was installable before adoption comes from what it declares, not from
the plan's list of kept names (a script folder gets "python -m PKG" there, and its proof then
pip-installed a project that never was one)."""

from __future__ import annotations

from pathlib import Path

from adopt_fixtures import write_project

from modfirst.adopt.model import Options
from modfirst.adopt.plan import plan

MAIN = 'if __name__ == "__main__":\n    print(1)\n'


def test_a_script_folder_is_not_packaged(tmp_path: Path) -> None:
    root = write_project(tmp_path / "weather", {"weather.py": MAIN, "other.py": MAIN})
    adoption = plan(root, Options())
    assert adoption.published  # what it kept, for the plan's text
    assert not adoption.packaged


def test_a_project_with_a_pyproject_name_is_packaged(tmp_path: Path) -> None:
    pyproject = '[project]\nname = "weather"\nversion = "1.0"\n'
    root = write_project(tmp_path / "weather", {"weather.py": MAIN, "pyproject.toml": pyproject})
    assert plan(root, Options()).packaged
