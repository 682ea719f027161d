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


def test_an_entry_points_console_scripts_table_is_a_console_script(tmp_path: Path) -> None:
    """files-to-prompt (F26) declares its script as [project.entry-points.console_scripts],
    which setuptools publishes exactly as [project.scripts]: the plan sees a program."""
    pyproject = (
        '[project]\nname = "greet"\nversion = "1.0"\n\n'
        '[project.entry-points.console_scripts]\ngreet = "greet.cli:main"\n'
    )
    cli = "def main():\n    print('hi')\n"
    root = write_project(
        tmp_path / "greet",
        {"greet/__init__.py": "", "greet/cli.py": cli, "pyproject.toml": pyproject},
    )
    adoption = plan(root, Options())
    assert adoption.program == "script", adoption.program
    assert adoption.script == "greet"
    assert "[project.scripts]" not in adoption.pyproject  # declared once, where it was


def test_scripts_beside_a_published_package_keep_their_imports(tmp_path: Path) -> None:
    """Review R3: bench.py and helper.py stay at the top of a published project, so bench.py's
    `import helper` is not rewritten to `from mypkg import helper`."""
    setup = "from setuptools import setup\nsetup(name='mypkg', packages=['mypkg'])\n"
    root = write_project(
        tmp_path / "mypkg",
        {
            "mypkg/__init__.py": "",
            "helper.py": "X = 1\n",
            "bench.py": "import helper\n\nif __name__ == '__main__':\n    print(helper.X)\n",
            "setup.py": setup,
        },
    )
    adoption = plan(root, Options())
    assert not [e for e in adoption.imports if "helper" in e.after], adoption.imports
    assert "bench.py" not in adoption.contents
