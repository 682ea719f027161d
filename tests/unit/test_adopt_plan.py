"""adopt's planning steps one at a time, on tiny trees written to tmp_path: no git, no venv,
no copier run. (plan() as a whole, through git, is in test_adopt_units.py and test_adopt.py.)"""

from __future__ import annotations

import re
import sys
import textwrap
from pathlib import Path

import pytest
import tomlkit

from helpers import REPO, copier_config, python_releases
from modfirst.adopt import packaging
from modfirst.adopt.entry import Entry, choose_entry, package_files
from modfirst.adopt.layout import Choice, choose_package, place_code, place_data, planned_paths
from modfirst.adopt.model import Options
from modfirst.adopt.plan import answers_for, build_settings, plan_module_first, rewrite_sources
from modfirst.adopt.refusal import Refusal
from modfirst.adopt.scan import Tree, read_tree

MAIN = 'if __name__ == "__main__":\n    print("hi")\n'


def tree_of(root: Path, files: dict[str, str]) -> Tree:
    """scan() without git: write the files, read them as the project."""
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    return read_tree(root, sorted(files))


def entry_of(tree: Tree, choice: Choice, options: Options | None = None) -> Entry:
    return choose_entry(tree, choice, place_code(tree, choice), options or Options())


# --- scan -----------------------------------------------------------------------------


def test_scan_sorts_the_top_into_code_tests_and_possible_data(tmp_path: Path) -> None:
    tree = tree_of(
        tmp_path,
        {
            "main.py": MAIN,
            "utils.py": "",
            "setup.py": "",
            "test_main.py": "",
            "conftest.py": "",
            "pkg/__init__.py": "",
            "tests/__init__.py": "",
            ".hidden/__init__.py": "",
            "data.json": "{}",
            "templates/a.html": "",
            "README.md": "",
            "requirements-dev.txt": "",
            "Makefile": "",
        },
    )
    assert tree.top_packages == ["pkg"]
    assert tree.top_modules == ["main", "utils"]  # not setup.py, not the tests
    assert tree.top_tests == ["test_main.py"]  # conftest.py stays at the top
    assert tree.data_candidates == {"data.json", "templates"}
    assert tree.imports["main.py"] == set()
    assert tree.pyproject is None and tree.module_first == ""


def test_scan_refuses_no_python_a_syntax_error_and_a_clash(tmp_path: Path) -> None:
    with pytest.raises(Refusal, match="has no Python files"):
        tree_of(tmp_path / "empty", {"README.md": ""})
    with pytest.raises(Refusal, match=r"^main\.py:1: syntax error"):
        tree_of(tmp_path / "broken", {"main.py": "x = (\n"})
    with pytest.raises(
        Refusal, match=re.escape("utils.py and the package utils/ would land on the same")
    ):
        tree_of(tmp_path / "clash", {"utils.py": "", "utils/__init__.py": ""})


def test_a_module_first_tree_is_found_and_not_checked_for_clashes(tmp_path: Path) -> None:
    tree = tree_of(tmp_path, {"src/app/__main__.py": "", "utils.py": "", "utils/__init__.py": ""})
    assert tree.module_first == "app"


def test_module_first_plan_offers_only_the_answers(tmp_path: Path) -> None:
    tree_of(tmp_path / "modern", {"src/modern/__main__.py": "", "src/modern/cli/__main__.py": ""})
    result = plan_module_first(tmp_path / "modern", "modern", Options())
    assert result.already_module_first and not result.moves
    assert result.answers == {
        "project_name": "modern",
        "package_name": "modern",
        "subpackage_name": "cli",
    }
    assert [risk.split(":")[0] for risk in result.risks] == ["already module-first"]


# --- choose the package ---------------------------------------------------------------


def test_a_script_folder_becomes_a_package_named_after_the_folder(tmp_path: Path) -> None:
    tree = tree_of(tmp_path / "My Tool", {"main.py": "import utils\n", "utils.py": ""})
    assert choose_package(tree, packaging.Metadata(), Options()) == Choice("my_tool", False)
    named = choose_package(tree, packaging.Metadata(name="Other Name"), Options())
    assert named == Choice("other_name", False)


def test_a_package_named_like_the_project_is_flat(tmp_path: Path) -> None:
    files = {"greeter/__init__.py": "", "run.py": "import greeter\n" + MAIN}
    tree = tree_of(tmp_path / "project", files)
    meta = packaging.Metadata(name="greeter")
    assert choose_package(tree, meta, Options()) == Choice("greeter", True)
    # A script something imports is a module, not a script: the folder becomes the package.
    imported = tree_of(tmp_path / "imported", {**files, "greeter/x.py": "import run\n"})
    assert choose_package(imported, meta, Options()) == Choice("greeter", False)


@pytest.mark.parametrize(
    ("package", "reason"),
    [("json", '"json" is a standard-library module'), ("My-App", '"My-App" is refused')],
)
def test_a_bad_package_name_is_refused(tmp_path: Path, package: str, reason: str) -> None:
    tree = tree_of(tmp_path, {"main.py": MAIN})
    with pytest.raises(Refusal, match=reason):
        choose_package(tree, packaging.Metadata(), Options(package=package))


# --- moves ----------------------------------------------------------------------------


def test_a_script_folders_code_goes_into_the_package_and_its_tests_into_tests(
    tmp_path: Path,
) -> None:
    tree = tree_of(
        tmp_path,
        {"main.py": "", "lib/__init__.py": "", "test_main.py": "", "conftest.py": "", "x.txt": ""},
    )
    assert place_code(tree, Choice("app", False)) == {
        "main.py": "src/app/main.py",
        "lib/__init__.py": "src/app/lib/__init__.py",
        "test_main.py": "tests/test_main.py",
    }


def test_a_flat_package_moves_under_src_and_takes_the_scripts_in(tmp_path: Path) -> None:
    tree = tree_of(tmp_path, {"pkg/__init__.py": "", "pkg/core.py": "", "run.py": ""})
    assert place_code(tree, Choice("pkg", True)) == {
        "pkg/__init__.py": "src/pkg/__init__.py",
        "pkg/core.py": "src/pkg/core.py",
        "run.py": "src/pkg/run.py",
    }
    clash = tree_of(tmp_path / "clash", {"pkg/__init__.py": "", "pkg/run.py": "", "run.py": ""})
    with pytest.raises(
        Refusal, match=re.escape("run.py and pkg/run.py would land on the same name")
    ):
        place_code(clash, Choice("pkg", True))


def test_a_top_level_test_that_tests_already_has_is_refused(tmp_path: Path) -> None:
    tree = tree_of(tmp_path, {"main.py": "", "test_a.py": "", "tests/test_a.py": ""})
    with pytest.raises(
        Refusal, match=re.escape("test_a.py and tests/test_a.py would land on the same")
    ):
        place_code(tree, Choice("app", False))


# --- data files -----------------------------------------------------------------------


def test_data_found_via_file_moves_and_data_read_from_the_cwd_is_a_risk(tmp_path: Path) -> None:
    tree = tree_of(
        tmp_path,
        {
            "app.py": """\
                from pathlib import Path
                PAGE = Path(__file__).parent / "templates/page.html"
                NOTES = open("notes.txt")
                """,
            "templates/page.html": "",
            "templates/parts/head.html": "",
            "notes.txt": "",
        },
    )
    choice = Choice("app", False)
    placed = place_data(tree, choice, place_code(tree, choice))
    assert placed.moving == {
        "app.py": "src/app/app.py",
        "templates/page.html": "src/app/templates/page.html",
        "templates/parts/head.html": "src/app/templates/parts/head.html",
    }
    assert [risk.partition(",")[0] for risk in placed.risks] == [
        "app.py reads 'notes.txt' relative to the current folder",
        "app.py reads templates next to itself (__file__): it moves into src/app/ and ships as "
        "package data",
    ]


def test_planned_paths_are_the_files_after_the_moves() -> None:
    assert planned_paths(["a.py", "b.txt"], {"a.py": "src/p/a.py"}) == {"src/p/a.py", "b.txt"}


# --- entry ----------------------------------------------------------------------------


def test_the_one_module_with_a_main_block_is_the_entry(tmp_path: Path) -> None:
    tree = tree_of(tmp_path, {"cli.py": "def main():\n    pass\n" + MAIN, "lib.py": ""})
    entry = entry_of(tree, Choice("app", False))
    # main() is taken, so the block's function gets another name.
    assert entry == Entry("cli.py", "src/app/cli.py", "cli", "module_main", [])


def test_entry_option_picks_one_and_the_others_keep_their_blocks(tmp_path: Path) -> None:
    tree = tree_of(tmp_path, {"main.py": MAIN, "tool.py": MAIN})
    choice = Choice("app", False)
    with pytest.raises(Refusal, match=r"several files have a __main__ block \(main.py, tool.py\)"):
        entry_of(tree, choice)
    entry = entry_of(tree, choice, Options(entry="./main.py"))
    assert (entry.source, entry.function) == ("main.py", "main")
    assert entry.risks == ["tool.py keeps its own __main__ block: run it as `python -m app.tool`"]


@pytest.mark.parametrize(
    ("files", "entry", "reason"),
    [
        ({"main.py": MAIN}, "nope.py", "--entry nope.py: no such Python file"),
        ({"main.py": MAIN, "lib.py": ""}, "lib.py", "--entry lib.py has no `if __name__"),
        ({"main.py": MAIN, "tests/t.py": MAIN}, "tests/t.py", "is not a module of the project"),
        ({"main.py": MAIN + "else:\n    pass\n"}, None, "main.py:1: the `if __name__"),
    ],
    ids=["missing", "no-block", "not-moving", "else"],
)
def test_no_usable_entry_is_refused(
    tmp_path: Path, files: dict[str, str], entry: str | None, reason: str
) -> None:
    tree = tree_of(tmp_path, files)
    with pytest.raises(Refusal, match=re.escape(reason)):
        entry_of(tree, Choice("app", False), Options(entry=entry))


# --- answers --------------------------------------------------------------------------


def test_answers_name_the_project_its_license_subpackage_and_backend(tmp_path: Path) -> None:
    tree = tree_of(
        tmp_path / "proj",
        {
            "main.py": "",
            "tools.py": "",
            "LICENSE": "",
            "pyproject.toml": '[build-system]\nbuild-backend = "poetry.core.masonry.api"\n',
        },
    )
    meta = packaging.read_metadata(tree.root)  # pyproject.toml, read once
    meta.name, meta.description, meta.requires_python = "Proj_Thing", "Does it.", ">=3.10"
    planned = planned_paths(tree.files, {"tools.py": "src/proj/tools.py"})
    assert answers_for(tree, "proj", meta, planned, Options()) == {
        "project_name": "Proj_Thing",
        "package_name": "proj",
        "distribution_name": "proj-thing",
        "python_min": "3.10",
        "license": "MIT",
        "subpackage_name": "tools_tool",  # tools.py has the template's name
        "build_backend": "poetry-core",
        "description": "Does it.",
    }


def test_python_min_stays_within_the_template_releases() -> None:
    releases = [release["version"] for release in python_releases()]
    assert packaging.python_releases() == releases  # the same file, includes/
    assert packaging.python_min(">=3.2") == releases[0]
    assert packaging.python_min(">= 3.99") == releases[-1]
    assert packaging.python_min(">=3.11,<4") == "3.11"
    here = f"3.{sys.version_info[1]}"
    assert packaging.python_min("") == (here if here in releases else releases[-1])


# --- rewrites -------------------------------------------------------------------------


def test_rewrites_make_imports_package_imports_and_report_what_they_leave(
    tmp_path: Path,
) -> None:
    tree = tree_of(
        tmp_path,
        {
            "main.py": """\
                import os, sys
                sys.path.insert(0, os.path.dirname(__file__))
                sys.path.append("/opt/plugins")
                import importlib
                import string
                importlib.import_module("string")
                if __name__ == "__main__":
                    print(string.VALUE)
                """,
            "string.py": "VALUE = 1\n",
            "tests/test_main.py": "import main\n",
        },
    )
    choice = Choice("app", False)
    moving = place_code(tree, choice)
    entry = choose_entry(tree, choice, moving, Options())
    result = rewrite_sources(tree, choice, moving, entry)
    assert [(e.file, e.line, e.before, e.after) for e in result.imports] == [
        ("src/app/main.py", 2, "sys.path.insert(0, os.path.dirname(__file__))", "(removed)"),
        ("src/app/main.py", 5, "import string", "from . import string"),
        # The literal names the local module, which is app.string now (issue 22).
        ("src/app/main.py", 6, '"string"', '"app.string"'),
        ("tests/test_main.py", 1, "import main", "from app import main"),
    ]
    assert "def main(" in result.contents["src/app/main.py"]
    assert set(result.contents) == {"src/app/main.py", "tests/test_main.py"}
    assert [risk.split(" ")[0] for risk in result.risks] == [
        "main.py:3:",  # sys.path elsewhere (the literal dynamic import is rewritten now)
        "string",  # shadows the standard library
    ]


def test_a_flat_package_keeps_its_own_imports(tmp_path: Path) -> None:
    tree = tree_of(tmp_path, {"pkg/__init__.py": "", "pkg/a.py": "import pkg.b\n", "run.py": MAIN})
    choice = Choice("pkg", True)
    moving = place_code(tree, choice)
    result = rewrite_sources(tree, choice, moving, choose_entry(tree, choice, moving, Options()))
    assert result.imports == [] and list(result.contents) == ["src/pkg/run.py"]


# --- packaging ------------------------------------------------------------------------


def test_package_files_are_the_ones_the_project_lacks() -> None:
    new = package_files("app", set(), "cli", "main", "tools")
    assert [f.path for f in new] == [
        "src/app/__init__.py",
        "src/app/__main__.py",
        "src/app/py.typed",
        "src/app/tools/__init__.py",
        "src/app/tools/__main__.py",
    ]
    assert "from .cli import main\n" in new[1].content
    have = {"src/app/__init__.py", "src/app/py.typed", "src/app/tools/__init__.py"}
    kept = package_files("app", have, "cli", "main", "tools")
    assert [f.path for f in kept] == ["src/app/__main__.py", "src/app/tools/__main__.py"]


def test_build_settings_merge_pyproject_and_say_what_setup_files_still_do(
    tmp_path: Path,
) -> None:
    tree = tree_of(
        tmp_path,
        {
            "main.py": "",
            "setup.py": "",
            "setup.cfg": "[tool:pytest]\n",
            "pyproject.toml": '[build-system]\nbuild-backend = "setuptools.build_meta"\n',
        },
    )
    meta = packaging.Metadata(notes=["a note"])
    build = build_settings(tree, meta, "app", "app.main:main", "3.11")
    data = tomlkit.parse(build.text).unwrap()
    assert data["project"]["requires-python"] == ">=3.11"
    assert data["project"]["scripts"] == {"app": "app.main:main"}
    assert "pytest" not in data.get("tool", {})  # configured in setup.cfg: left alone
    assert [risk.split(" ")[0] for risk in build.risks] == [
        "a",
        "tests",
        "setuptools",
        "setup.py",
        "setup.cfg",
    ]


def test_a_project_with_no_backend_gets_the_template_default(tmp_path: Path) -> None:
    tree = tree_of(tmp_path, {"main.py": ""})
    build = build_settings(tree, packaging.Metadata(), "app", "app.main:main", "3.11")
    assert tomlkit.parse(build.text).unwrap()["build-system"] == packaging.backends()["hatchling"]
    assert build.risks == []


# --- the one build-backend table ------------------------------------------------------


def template_build_systems() -> dict[str, dict[str, object]]:
    """template/pyproject.toml.jinja's [build-system] table for each build_backend answer."""
    text = (REPO / "template" / "pyproject.toml.jinja").read_text(encoding="utf-8")
    block = text[text.index("[build-system]") : text.index("[project]")]
    branches = re.findall(r"if build_backend == '([^']+)' %\}\n(.*?)\{%", block, re.DOTALL)
    return {name: tomlkit.parse(body).unwrap() for name, body in branches}


def test_backends_yml_is_what_the_template_and_copier_yml_offer() -> None:
    table = packaging.backends()
    assert template_build_systems() == table
    assert copier_config()["build_backend"]["choices"] == list(table)


def test_each_backend_is_recognised_by_its_build_backend() -> None:
    for name, build in packaging.backends().items():
        pyproject = f'[build-system]\nbuild-backend = "{build["build-backend"]}"\n'
        assert packaging.backend_choice(pyproject) == name
    assert packaging.backend_choice(None) == packaging.DEFAULT_BACKEND
    assert packaging.backend_choice("[project]\n") == packaging.DEFAULT_BACKEND
    assert packaging.backend_choice('[build-system]\nbuild-backend = "maturin"\n') is None
