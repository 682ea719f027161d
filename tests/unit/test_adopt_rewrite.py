"""The pure parts of `modfirst adopt`, fast: sys.path reading, static metadata, TOML merges,
the entry-point rewrite. (The end-to-end behaviour is in test_adopt.py.)"""

from __future__ import annotations

import ast
import textwrap
from pathlib import Path

import pytest
import tomlkit
from adopt_fixtures import run_python, write_project

from modfirst.adopt import names, packaging, plan, rewrite, scan


@pytest.mark.parametrize(
    ("code", "levels"),
    [
        ("os.path.dirname(__file__)", 0),
        ("os.path.dirname(os.path.abspath(__file__))", 0),
        ("os.path.dirname(os.path.realpath(__file__))", 0),
        ("str(Path(__file__).parent)", 0),
        ("Path(__file__).resolve().parent", 0),
        ("Path(__file__).resolve().parents[1]", 1),
        ("os.path.join(os.path.dirname(__file__), '..')", 1),
        ("os.path.join(os.path.dirname(__file__), '..', '..')", 2),
        ("os.path.dirname(os.path.dirname(os.path.abspath(__file__)))", 1),
        ("'.'", 0),
        ("os.getcwd()", 0),
        ("os.path.join(os.path.dirname(__file__), 'lib')", None),
        ("'/opt/plugins'", None),
        ("HERE", None),
    ],
)
def test_sys_path_arguments_are_read_statically(code: str, levels: int | None) -> None:
    assert scan.levels_up(ast.parse(code, mode="eval").body) == levels


def test_setup_py_literals_are_read_and_computed_values_reported(tmp_path: Path) -> None:
    setup = tmp_path / "setup.py"
    setup.write_text(
        textwrap.dedent(
            """
            from setuptools import setup
            REQS = open("requirements.txt").read().split()
            setup(name="thing", version="2.0", python_requires=">=3.10",
                  install_requires=REQS)
            """
        )
    )
    meta = packaging.Metadata()
    packaging.read_setup_py(setup, meta)
    assert (meta.name, meta.version, meta.requires_python) == ("thing", "2.0", ">=3.10")
    assert meta.dependencies == []
    assert any("install_requires= is computed" in note for note in meta.notes)


def test_setup_is_never_run(tmp_path: Path) -> None:
    (tmp_path / "setup.py").write_text(
        "import pathlib\npathlib.Path('ran').write_text('x')\nfrom setuptools import setup\n"
        "setup(name='quiet')\n"
    )
    meta = packaging.read_metadata(tmp_path)
    assert meta.name == "quiet" and not (tmp_path / "ran").exists()


def test_merge_keeps_everything_the_user_wrote() -> None:
    existing = textwrap.dedent(
        """
        # My project.
        [project]
        name = "keep-me"  # the name
        dynamic = ["version"]
        dependencies = ["requests>=2"]

        [tool.ruff]
        line-length = 120
        """
    ).lstrip()
    meta = packaging.Metadata(version="9.9", dependencies=["Requests>=1", "rich"])
    merge = packaging.merge_pyproject(
        existing, meta, "keep_me", "keep_me", "keep_me.main:main", ">=3.11", False
    )
    assert merge.text.startswith('# My project.\n[project]\nname = "keep-me"  # the name\n')
    data = tomlkit.parse(merge.text).unwrap()
    assert "version" not in data["project"]  # dynamic stays dynamic
    assert data["project"]["dependencies"] == ["requests>=2", "rich"]  # no duplicate requests
    assert data["project"]["scripts"] == {"keep_me": "keep_me.main:main"}
    assert data["tool"]["ruff"] == {"line-length": 120}
    # No [build-system]: setuptools builds it (PEP 517's default) and keeps building it.
    assert "build-system" not in data
    assert data["tool"]["setuptools"]["packages"]["find"]["where"] == ["src"]


def test_an_existing_setuptools_backend_is_kept_and_pointed_at_src() -> None:
    existing = (
        '[build-system]\nrequires = ["setuptools>=61"]\nbuild-backend = "setuptools.build_meta"\n'
    )
    merge = packaging.merge_pyproject(
        existing, packaging.Metadata(), "pkg", "pkg", "pkg.cli:main", ">=3.9", True
    )
    data = tomlkit.parse(merge.text).unwrap()
    assert data["build-system"]["requires"] == ["setuptools>=61"]
    assert data["tool"]["setuptools"]["packages"]["find"]["where"] == ["src"]
    assert "pytest" not in data.get("tool", {})  # tests configured elsewhere: left alone


def test_entry_function_keeps_module_globals_and_argv(tmp_path: Path) -> None:
    source = textwrap.dedent(
        """
        import sys

        def shout():
            return CONFIG["word"].upper()

        if __name__ == "__main__":
            CONFIG = {"word": sys.argv[1]}
            print(shout())
        """
    )
    new, count = rewrite.entry_function(source, "main")
    assert count == 1 and "global CONFIG" in new
    (tmp_path / "entry.py").write_text(new)
    check = "import entry; assert entry.main(['hey']) == 0; print(entry.CONFIG)"
    result = run_python("-c", check, cwd=tmp_path)
    assert result.stdout == "HEY\n{'word': 'hey'}\n", result.stderr


def test_free_function_name_avoids_an_existing_main() -> None:
    tree = ast.parse("def main():\n    pass\nfrom x import module_main\n")
    assert rewrite.free_function_name(tree) == "modfirst_main"


def test_package_names_follow_copier_yml() -> None:
    assert names.suggest_package("My App 2") == "my_app_2"
    assert names.suggest_package("logging") == "logging_tool"
    assert "standard-library" in names.package_problem("json")
    assert names.package_problem("my_app") == ""


def test_one_line_guard_and_an_argv_name_in_the_block(tmp_path: Path) -> None:
    source = "import sys\nargv = sys.argv\n\nif __name__ == '__main__': print(argv[1:])\n"
    new, _ = rewrite.entry_function(source, "main")
    assert "def main(cli_argv" in new
    (tmp_path / "one.py").write_text(new)
    result = run_python("-c", "import one; one.main(['a'])", cwd=tmp_path)
    # `argv` is the sys.argv list itself, so it sees the arguments, as `python one.py a` did.
    assert result.stdout == "['a']\n", result.stderr


def test_a_tests_own_neighbour_keeps_its_import(tmp_path: Path) -> None:
    """tests/helpers.py shadows a top-level helpers.py for the tests: that import stays."""
    project = write_project(
        tmp_path / "neighbours",
        {
            "main.py": "import helpers\n\nif __name__ == '__main__':\n    helpers.run()\n",
            "helpers.py": "def run():\n    pass\n",
            "tests/helpers.py": "VALUE = 1\n",
            "tests/test_main.py": "import helpers\nimport main\n",
        },
    )
    adoption = plan.plan(project, plan.Options())
    edits = {(e.file, e.before): e.after for e in adoption.imports}
    assert ("tests/test_main.py", "import helpers") not in edits
    assert edits[("tests/test_main.py", "import main")] == "from neighbours import main"
    assert edits[("src/neighbours/main.py", "import helpers")] == "from . import helpers"
