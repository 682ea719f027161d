"""What adopt writes is Python, and the paths it rewrites follow the move (issue 31)."""

from __future__ import annotations

from pathlib import Path

from modfirst.adopt import paths
from modfirst.adopt.entry import main_file


def test_an_attribute_path_target_gives_a_main_that_is_python() -> None:
    """`pkg:cli.main` names the attribute path cli.main of pkg: `from . import cli.main` was
    written before, which is not Python."""
    written = main_file("pkg", "", "cli.main", "script", "").content
    compile(written, "__main__.py", "exec")
    assert "from . import cli\n" in written
    assert "raise SystemExit(cli.main())" in written


MOVED = {"tool.py": "src/tool/__init__.py", "greeter/data/a.txt": "src/greeter/data/a.txt"}
FOLDERS = {"greeter": "src/greeter", "greeter/data": "src/greeter/data"}


def test_manifest_paths_follow_the_move_and_global_patterns_stay() -> None:
    text = (
        "include README.rst tool.py\n"
        "recursive-include greeter/data *.txt\r\n"
        "graft greeter\n"
        "global-exclude *.pyc\n"
        "prune docs\n"
    )
    new, changes = paths.manifest(text, MOVED, FOLDERS)
    assert new == (
        "include README.rst src/tool/__init__.py\n"
        "recursive-include src/greeter/data *.txt\r\n"
        "graft src/greeter\n"
        "global-exclude *.pyc\n"
        "prune docs\n"
    )
    assert len(changes) == 3 and changes[1].startswith("MANIFEST.in:2: recursive-include")


def test_hatch_root_anchored_paths_keep_their_anchor() -> None:
    assert paths.new_path("/tool.py", MOVED, FOLDERS) == "/src/tool/__init__.py"
    assert paths.new_path("./greeter/", MOVED, FOLDERS) == "./src/greeter/"
    assert paths.new_path("/docs", MOVED, FOLDERS) == ""


def test_existing_entry_point_tables_are_found_by_their_toml_key() -> None:
    """`[project.entry-points."pytest11"]` crashed adopt (tomlkit: key already exists): the
    table name was split on dots with its quotes kept, so the table was never found."""
    from modfirst.adopt import packaging

    assert packaging.key_path('project.entry-points."a.b"') == ["project", "entry-points", "a.b"]
    assert packaging.key_path("tool.'x y'.z") == ["tool", "x y", "z"]
    existing = (
        '[project]\nname = "plug"\nversion = "1"\n\n'
        '[project.entry-points."pytest11"]\nplug = "plug.plugin"\n'
        '[project.entry-points.console_scripts]\nplug = "plug:main"\n'
    )
    carry = packaging.Carry(
        entry_points={"pytest11": {"plug": "plug.plugin"}, "console_scripts": {"plug": "plug:main"}}
    )
    merged = packaging.merge_pyproject(
        existing, packaging.Metadata(), "plug", "plug", "", ">=3.11", False, carry
    )
    assert merged.text.count("pytest11") == 1 and merged.text.count("console_scripts") == 1
    assert "build-system" not in merged.text  # [project] without it: setuptools stays
    assert merged.backend == "setuptools"


def test_a_build_include_of_a_module_that_became_a_package_takes_the_package() -> None:
    """hatch `include = ["/tool.py"]` kept as `/src/tool/__init__.py` left the `__main__.py`
    adoption writes out of the sdist: `python -m tool` failed when installed."""
    assert paths.new_path("/tool.py", MOVED, FOLDERS, package=True) == "/src/tool"
    assert paths.new_path("greeter/data/a.txt", MOVED, FOLDERS, package=True) == (
        "src/greeter/data/a.txt"
    )


def test_bare_path_settings_follow_and_other_files_name_moved_folders(tmp_path: Path) -> None:
    """`testpaths = ["pkg"]` and mypy's `files` name paths without a "/"; a Dockerfile's
    `COPY pkg/` and action.yml name the moved folder: reported by line."""
    files = {
        "pkg/__init__.py": "",
        "pkg/core.py": "",
        "Dockerfile": "FROM python\nCOPY pkg/ /app/pkg/\n",
        "action.yml": "runs:\n  main: pkg/core.py\n",
    }
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text)
    pyproject = (
        '[tool.pytest.ini_options]\ntestpaths = ["pkg", "tests"]\n'
        '[tool.mypy]\nfiles = "pkg"\n'
        '[tool.poetry]\npackages = [{include = "pkg"}]\n'
    )
    moving = {"pkg/__init__.py": "src/pkg/__init__.py", "pkg/core.py": "src/pkg/core.py"}
    found = paths.references(tmp_path, sorted(files), set(), moving, pyproject)
    assert 'testpaths = ["src/pkg", "tests"]' in found.text
    assert 'files = "src/pkg"' in found.text
    assert 'packages = [{include = "pkg"}]' in found.text  # poetry's: a name, with its `from`
    assert "Dockerfile:2: names the folder pkg/, now src/pkg/" in found.risks
    assert "action.yml:2: names pkg/core.py, now src/pkg/core.py" in found.risks


def test_setup_py_metadata_is_never_a_path_and_its_paths_follow() -> None:
    """kennethreitz/delegator's `name='delegator.py'` became `name='src/delegator/__init__.py'`
    (no distribution found); gruns/icecream reads `pjoin('icecream', '__version__.py')`."""
    from modfirst.adopt import strings

    text = (
        "from os.path import join as pjoin\n"
        "from setuptools import setup\n"
        "with open(pjoin('icecream', '__version__.py')) as f:\n"
        "    exec(f.read())\n"
        "setup(name='delegator.py', py_modules=['delegator'], scripts=['delegator.py'])\n"
    )
    moved = {
        "delegator.py": "src/delegator/__init__.py",
        "icecream/__version__.py": "src/icecream/__version__.py",
    }
    new, edits = strings.rewrite_module_strings(text, frozenset(), "pkg", moved)
    assert "pjoin('src/icecream', '__version__.py')" in new
    assert "setup(name='delegator.py', py_modules=['delegator'], " in new
    assert "scripts=['src/delegator/__init__.py']" in new  # a path keyword still follows
    assert [e.line for e in edits] == [3, 5]


def test_setup_py_that_imports_its_package_finds_it_under_src() -> None:
    """docopt and six read their version by importing themselves from setup.py."""
    from modfirst.adopt.setup_py import setup_py_to_src

    text = "from setuptools import setup\nimport six\nsetup(name='six', py_modules=['six'])\n"
    new, changes, problem = setup_py_to_src(text, "six", single=True)
    assert problem == ""
    assert new.startswith(
        "from setuptools import setup\nimport sys\n"
        'sys.path.insert(0, "src")  # six is under src/\nimport six\n'
    )
    compile(new, "setup.py", "exec")
    assert changes[0] == 'setup.py imports six: sys.path.insert(0, "src") before it'


def test_a_main_calling_a_published_console_script_leaves_argv_alone() -> None:
    """click reads sys.argv[0] = "unp" under `python -m unp` as `python -m unp.unp`."""
    written = main_file("unp", "", "cli", "script", "").content
    assert "sys.argv" not in written and "from . import cli" in written
    assert 'sys.argv[0] = "pkg"' in main_file("pkg", "main", "main", "block", "").content


def test_setup_metadata_that_names_no_moved_file_is_left_as_it_is() -> None:
    """PySnooper, schedule, speedtest-cli: setup(name='x', ...) beside a moved path string
    raised StopIteration (no edit to undo for an unchanged metadata string)."""
    from modfirst.adopt import strings

    text = "setup(name='pysnooper', long_description=read_file('pysnooper/__init__.py'))\n"
    moved = {"pysnooper/__init__.py": "src/pysnooper/__init__.py"}
    new, edits = strings.rewrite_module_strings(text, frozenset(), "pysnooper", moved)
    assert new == text.replace("'pysnooper/__init__.py'", "'src/pysnooper/__init__.py'")
    assert [(e.line, e.before) for e in edits] == [(1, "'pysnooper/__init__.py'")]
