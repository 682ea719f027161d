"""`modfirst adopt`: existing projects brought into module-first shape, for real.

Every project is written by the test (tests/adopt_fixtures.py), committed in git, adopted by
`python -m modfirst adopt` from this clone, and run afterwards with `python -m PKG`. The slow
cases also run the proof: the project's tests before and after, and the fresh-venv check.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from adopt_fixtures import (
    CYCLE,
    DATA_FILES,
    FLAT_SETUP,
    LOCAL_LOGGING,
    POETRY,
    SCRIPT_FOLDER,
    SEVERAL_MAINS,
    modfirst,
    run_python,
    staged,
    write_project,
)

from helpers import commit_all, copier_cli, git, run, tree


def adopt(project: Path, template: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return modfirst(
        "adopt", project, "--template", template, "--vcs-ref", "HEAD", *args, cwd=project.parent
    )


def unchanged(project: Path, before: dict[str, bytes]) -> bool:
    return tree(project) == before and git("status", "--porcelain", cwd=project) == ""


# --- the plan ---------------------------------------------------------------------------


def test_dry_run_prints_the_plan_and_changes_nothing(template: Path, tmp_path: Path) -> None:
    project = write_project(tmp_path / "greet ünïcode", SCRIPT_FOLDER)
    before = tree(project)
    result = adopt(project, template, "--dry-run")
    assert result.returncode == 0, result.stderr
    plan = result.stdout
    assert "git mv main.py -> src/greet_unicode/main.py" in plan
    assert "git mv shapes/square.py -> src/greet_unicode/shapes/square.py" in plan
    for rewrite in [
        "src/greet_unicode/main.py:8: import utils  # the greeting -> "
        "from . import utils  # the greeting",
        "from helpers import shout as loud -> from .helpers import shout as loud",
        "from shapes.square import area -> from .shapes.square import area",
        "import shapes.circle -> from . import shapes; "
        "from .shapes import circle as _shapes_circle",
        "from constants import * -> from .constants import *",
        "import helpers -> from . import helpers",  # inside a function
        "import formats -> from . import formats",  # inside a try block
        "sys.path.insert(0, os.path.dirname(os.path.abspath(__file__))) -> (removed)",
        "tests/test_utils.py:1: import utils -> from greet_unicode import utils",
        "from helpers import frame -> from greet_unicode.helpers import frame",
    ]:
        assert rewrite in plan, rewrite
    assert "src/greet_unicode/__main__.py" in plan
    assert '[project.scripts] greet_unicode = "greet_unicode.main:main"' in plan
    assert "[project] dependencies: packaging>=20" in plan
    assert "requirements.txt:3: `-e .` is an install option" in plan
    assert "formats.py:4: `sys.path.append('/opt/site-plugins')` changes sys.path" in plan
    assert "formats.py:12: dynamic import `importlib.import_module(name)` is not rewritten" in plan
    assert "dry run: nothing changed" in plan
    assert unchanged(project, before)


@pytest.mark.parametrize(
    ("files", "args", "reason"),
    [
        ({"main.py": "x = (\n"}, [], "main.py:1: syntax error"),
        # A library is adopted now (issue 22); a root that is itself a package is refused.
        ({"__init__.py": "", "lib.py": "X = 1\n"}, [], "itself a package"),
        (SEVERAL_MAINS, [], "several files have a __main__ block (main.py, tool.py)"),
        (
            {"main.py": "import utils\nif __name__ == '__main__': pass\n", "utils.py": "",
             "utils/__init__.py": ""},
            [],
            "utils.py and the package utils/ would land on the same name",
        ),
        (SCRIPT_FOLDER, ["--package", "json"], '"json" is a standard-library module'),
        (SCRIPT_FOLDER, ["--package", "My-App"], "is refused"),
        ({"README.md": "# no code\n"}, [], "has no Python files"),
        (
            {"main.py": "if __name__ == '__main__':\n    pass\nelse:\n    print(1)\n"},
            [],
            "main.py:1: the `if __name__",
        ),
        (SCRIPT_FOLDER, ["--entry", "utils.py"], "has no `if __name__"),
    ],
    ids=["syntax", "root-package", "two-entries", "clash", "stdlib-name", "bad-name", "no-python",
         "main-else", "entry-without-block"],
)  # fmt: skip
def test_bad_input_is_refused_in_one_line_with_no_change(
    template: Path, tmp_path: Path, files: dict[str, str], args: list[str], reason: str
) -> None:
    project = write_project(tmp_path / "project", files)
    before = tree(project)
    result = adopt(project, template, *args)
    assert result.returncode == 2, result.stdout + result.stderr
    assert result.stderr.startswith("modfirst adopt: refused: ")
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert reason in result.stderr
    assert unchanged(project, before)


def test_dirty_tree_and_no_git_are_refused(template: Path, tmp_path: Path) -> None:
    project = write_project(tmp_path / "dirty", LOCAL_LOGGING)
    (project / "app.py").write_text("print('edited')\n")
    result = adopt(project, template)
    assert result.returncode == 2 and "uncommitted changes" in result.stderr
    plain = tmp_path / "plain"
    plain.mkdir()
    (plain / "app.py").write_text("if __name__ == '__main__':\n    print(1)\n")
    result = adopt(plain, template)
    assert result.returncode == 2 and "not in a git work tree" in result.stderr
    assert [p.name for p in plain.iterdir()] == ["app.py"]


# --- applying ---------------------------------------------------------------------------


def test_interrupted_apply_restores_the_exact_tree(
    template: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ctrl-C in the middle of applying (after the moves, during the writes) undoes it all."""
    from modfirst.adopt import apply
    from modfirst.adopt.model import Options
    from modfirst.adopt.plan import plan
    from modfirst.template_files import Template

    project = write_project(tmp_path / "interrupted", SCRIPT_FOLDER)
    before = tree(project)
    adoption = plan(project, Options())
    apply.add_template_files(adoption, Template(str(template), "HEAD"))
    real_write, calls = apply.write, []

    def write_then_interrupt(path: Path, text: str) -> None:
        calls.append(path)
        if len(calls) == 3:
            raise KeyboardInterrupt
        real_write(path, text)

    monkeypatch.setattr(apply, "write", write_then_interrupt)
    with pytest.raises(KeyboardInterrupt):
        apply.apply(adoption)
    assert len(calls) == 3
    assert unchanged(project, before)


def test_moved_files_are_byte_identical_apart_from_rewritten_imports(
    template: Path, tmp_path: Path
) -> None:
    project = write_project(tmp_path / "bytes", SCRIPT_FOLDER)
    before = tree(project)
    result = adopt(project, template, "--no-proof")
    assert result.returncode == 0, result.stderr
    after = tree(project)
    for name in ["utils.py", "formats.py", "constants.py", "shapes/square.py"]:
        assert after[f"src/bytes/{name}"] == before[name]
    main = after["src/bytes/main.py"].decode().splitlines()
    assert "import utils  # the greeting" not in main
    assert "from . import utils  # the greeting" in main
    status = staged(project)
    assert "R100\tutils.py\tsrc/bytes/utils.py" in status  # git mv: history follows
    assert not (project / "shapes").exists()  # no empty folder left behind
    assert git("status", "--porcelain", "--untracked-files=all", cwd=project).count("??") == 0


def test_script_folder_runs_as_a_module_with_the_same_output(
    template: Path, tmp_path: Path
) -> None:
    project = write_project(tmp_path / "same output", SCRIPT_FOLDER)
    old = run_python("main.py", "Ada", "--times", "2", cwd=project)
    old_help = run_python("main.py", "--help", cwd=project)
    assert old.returncode == 0, old.stderr
    assert adopt(project, template, "--no-proof").returncode == 0
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    new = run_python(
        "-m", "same_output", "Ada", "--times", "2", cwd=elsewhere, path=project / "src"
    )
    assert (new.returncode, new.stdout, new.stderr) == (old.returncode, old.stdout, old.stderr)
    new_help = run_python("-m", "same_output", "--help", cwd=elsewhere, path=project / "src")
    assert new_help.stdout == old_help.stdout.replace("main.py", "same_output")
    tests = run_python("-m", "pytest", "-q", "-p", "no:cacheprovider", cwd=project)
    assert tests.returncode == 0 and "2 passed" in tests.stdout, tests.stdout + tests.stderr


def test_local_logging_keeps_meaning_the_local_module(template: Path, tmp_path: Path) -> None:
    project = write_project(tmp_path / "logs", LOCAL_LOGGING)
    old = run_python("app.py", cwd=project)
    assert old.stdout == "the local logging module\n"
    result = adopt(project, template, "--no-proof")
    assert result.returncode == 0, result.stderr
    assert "logging shadows the standard-library module" in result.stdout
    new = run_python("-m", "logs", cwd=tmp_path, path=project / "src")
    assert new.stdout == old.stdout, new.stderr


def test_data_read_via_file_moves_and_cwd_reads_are_reported(
    template: Path, tmp_path: Path
) -> None:
    project = write_project(tmp_path / "data", DATA_FILES)
    result = adopt(project, template, "--no-proof")
    assert result.returncode == 0, result.stderr
    assert "git mv data.json -> src/data/data.json" in result.stdout
    assert "report.py reads 'notes.txt' relative to the current folder" in result.stdout
    assert (project / "notes.txt").is_file()  # reported, never moved silently
    new = run_python("-m", "data", cwd=tmp_path, path=project / "src")
    assert new.stdout == "hi from data\n", new.stderr


def test_several_main_blocks_become_one_main_with_the_same_behaviour(
    template: Path, tmp_path: Path
) -> None:
    project = write_project(tmp_path / "counter", SEVERAL_MAINS)
    old = [run_python("main.py", *args, cwd=project) for args in (["a", "b"], ["fail"], ["-x"])]
    result = adopt(project, template, "--entry", "main.py", "--no-proof")
    assert result.returncode == 0, result.stderr
    assert "main.py has 2 __main__ blocks: joined into main() in file order" in result.stdout
    assert "tool.py keeps its own __main__ block: run it as `python -m counter.tool`" in (
        result.stdout
    )
    for args, before in zip((["a", "b"], ["fail"], ["-x"]), old, strict=True):
        after = run_python("-m", "counter", *args, cwd=tmp_path, path=project / "src")
        assert after.returncode == before.returncode
        assert after.stdout == before.stdout
        assert after.stderr == before.stderr.replace("main.py", "counter")


def test_subpackage_option_makes_an_existing_package_runnable(
    template: Path, tmp_path: Path
) -> None:
    project = write_project(tmp_path / "sub", SCRIPT_FOLDER)
    result = adopt(project, template, "--subpackage", "shapes", "--no-proof")
    assert result.returncode == 0, result.stderr
    assert "src/sub/shapes/__main__.py: `python -m sub.shapes` works" in result.stdout
    assert "subpackage_name: shapes" in (project / ".copier-answers.yml").read_text()
    run = run_python("-m", "sub.shapes", cwd=tmp_path, path=project / "src")
    assert run.stdout == "sub.shapes runs as a module\n", run.stderr


def test_import_cycle_keeps_working(template: Path, tmp_path: Path) -> None:
    """Modules that import each other: `from . import x` resolves a cycle as `import x` did."""
    project = write_project(tmp_path / "cycle", CYCLE)
    old = run_python("main.py", cwd=project)
    assert adopt(project, template, "--no-proof").returncode == 0
    new = run_python("-m", "cycle", cwd=tmp_path, path=project / "src")
    assert (new.stdout, new.returncode) == (old.stdout, 0), new.stderr


def test_already_module_first_gets_only_an_answers_file(template: Path, tmp_path: Path) -> None:
    project = write_project(
        tmp_path / "modern",
        {
            "pyproject.toml": '[project]\nname = "modern"\nversion = "1"\n',
            "src/modern/__init__.py": "",
            "src/modern/__main__.py": "print('modern')\n",
        },
    )
    result = adopt(project, template, "--no-proof")
    assert result.returncode == 0, result.stderr
    assert "already module-first" in result.stdout
    assert staged(project).split() == ["A", ".copier-answers.yml"]


# --- with the proof: the project's tests and the fresh-venv verification -----------------


@pytest.mark.slow
def test_script_folder_adopted_and_proven(template: Path, tmp_path: Path) -> None:
    project = write_project(tmp_path / "prövén app", SCRIPT_FOLDER)
    result = adopt(project, template)
    assert result.returncode == 0, result.stdout + result.stderr
    proof = "tests (pytest, fresh venv): 2 passed before; 2 passed after: same outcomes"
    assert proof in result.stdout
    assert "modfirst verify: OK: proven_app runs as a module" in result.stdout
    assert "proven_app script" in result.stdout  # the console script ran too
    assert "python -m proven_app.tools" in result.stdout


@pytest.mark.slow
def test_flat_package_with_setup_py_and_setup_cfg(template: Path, tmp_path: Path) -> None:
    project = write_project(tmp_path / "flat", FLAT_SETUP)
    result = adopt(project, template)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "git mv greeter/core.py -> src/greeter/core.py" in result.stdout
    # run.py is not part of what greeter publishes: it stays, and the library gains no module.
    assert "git mv run.py" not in result.stdout and (project / "run.py").is_file()
    assert "run.py keeps its __main__ block and stays at the top" in result.stdout
    # The maintainer's move: setup.py keeps building it, told where the package is.
    assert not (project / "pyproject.toml").exists()
    assert (
        'install_requires=["packaging>=20"],\n    package_dir={"": "src"},'
        in (project / "setup.py").read_text()
    )
    assert "published the same: " in result.stdout  # sdist and wheel, built before and after
    assert not (project / "src" / "greeter" / "__main__.py").exists()
    new = run_python("run.py", "Ada", cwd=project, path=project / "src")
    assert new.stdout == "hi Ada\n"


@pytest.mark.slow
def test_poetry_project_keeps_its_backend_and_settings(template: Path, tmp_path: Path) -> None:
    project = write_project(tmp_path / "poetry", POETRY)
    original = (project / "pyproject.toml").read_text()
    result = adopt(project, template)
    assert result.returncode in (0, 3), result.stdout + result.stderr  # 3: offline, unverified
    pyproject = (project / "pyproject.toml").read_text()
    new_lines = iter(pyproject.splitlines())
    assert all(line in new_lines for line in original.splitlines())  # every line kept, in order
    assert 'build-backend = "poetry.core.masonry.api"' in pyproject
    assert "[tool.black]\nline-length = 88" in pyproject
    assert "# The user's own tool settings stay." in pyproject
    assert 'packages = [{include = "poetic", from = "src"}]' in pyproject
    # poetic/cli.py's __main__ block is the published package's own module: it stays
    # `python -m poetic.cli`, and no console script is added to what poetic publishes (F3).
    assert "[tool.poetry.scripts]" not in pyproject


@pytest.mark.slow
def test_copier_update_after_adoption_brings_template_changes(
    template: Path, tmp_path: Path
) -> None:
    """Adopt against tag 1.0.0, commit, tag a template change 1.1.0, `copier update`."""
    versions = tmp_path / "versions"
    git("clone", "-q", str(template), str(versions), cwd=tmp_path)
    git("tag", "1.0.0", cwd=versions)
    project = write_project(tmp_path / "updated", SCRIPT_FOLDER)
    result = modfirst(
        "adopt", project, "--template", versions, "--vcs-ref", "1.0.0", "--no-proof", cwd=tmp_path
    )
    assert result.returncode == 0, result.stderr
    commit_all(project, "adopted")
    code_before = (project / "src" / "updated" / "main.py").read_bytes()
    hooks = versions / "template" / ".pre-commit-config.yaml.jinja"
    hooks.write_text(hooks.read_text() + "# A template change after adoption.\n")
    commit_all(versions, "1.1.0")
    git("tag", "1.1.0", cwd=versions)
    update = copier_cli("update", "--trust", "--defaults", "--vcs-ref", "1.1.0", cwd=project)
    assert update.returncode == 0, update.stdout + update.stderr
    assert "A template change after adoption." in (project / ".pre-commit-config.yaml").read_text()
    assert (project / "src" / "updated" / "main.py").read_bytes() == code_before
    assert not list(project.rglob("*.rej"))
    assert "_commit: 1.1.0" in (project / ".copier-answers.yml").read_text()
    # The update's verification proved the library as it is: installed and imported, with no
    # __main__.py nor subpackage demanded that the adopted project never had.
    assert "modfirst verify: OK:" in update.stdout + update.stderr


# A setuptools project as maintainers write them: everything setup.py publishes must survive.
RICH_SETUP = {
    "greeter/__init__.py": '__version__ = "2.0"\n',
    "greeter/cli.py": """
        import sys

        from greeter._speed import answer


        def main():
            # Reads sys.argv by position and has no --help: compared, not demanded.
            print("args:", sys.argv[1:], answer())
            return 3
    """,
    "greeter/_speed.c": """
        #include <Python.h>
        static PyObject *answer(PyObject *self, PyObject *args) { return PyLong_FromLong(42); }
        static PyMethodDef methods[] = {{"answer", answer, METH_NOARGS, ""}, {NULL, NULL, 0, NULL}};
        static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "_speed", "", -1, methods};
        PyMODINIT_FUNC PyInit__speed(void) { return PyModule_Create(&module); }
    """,
    "greeter/data/words.txt": "hello\n",
    "MANIFEST.in": "include README.rst\nrecursive-include greeter/data *.txt\n",
    "README.rst": "Greeter\n=======\n",
    "setup.cfg": "[egg_info]\ntag_build = dev\n",
    "setup.py": """
        import re

        from setuptools import Extension, find_packages, setup

        with open("greeter/__init__.py") as handle:
            version = re.search(r'__version__ = "(.*)"', handle.read()).group(1)

        setup(
            name="greeter",
            version=version,
            author="A Maintainer",
            author_email="maintainer@example.org",
            license="MIT",
            url="https://example.org/greeter",
            project_urls={"Source": "https://example.org/greeter/src"},
            classifiers=["Programming Language :: Python :: 3"],
            long_description=open("README.rst").read(),
            packages=find_packages(exclude=["tests"]),
            include_package_data=True,
            ext_modules=[Extension("greeter._speed", ["greeter/_speed.c"])],
            extras_require={"fast": ["packaging>=20"]},
            entry_points={"console_scripts": ["greet = greeter.cli:main"]},
        )
    """,
}


@pytest.mark.slow
def test_a_setuptools_project_is_moved_as_its_maintainer_would(
    template: Path, tmp_path: Path
) -> None:
    """setup.py keeps building it (two edits: find_packages(where="src"), package_dir), its
    paths follow the move (the version regex, the extension's source, MANIFEST.in), and the
    proof is what it publishes: sdist and wheel built before and after, compared field by
    field; the console script without --help behaves as before."""
    project = write_project(tmp_path / "rich", RICH_SETUP)
    result = adopt(project, template)
    assert result.returncode == 0, result.stdout + result.stderr
    assert not (project / "pyproject.toml").exists()
    setup = (project / "setup.py").read_text()
    assert 'open("src/greeter/__init__.py")' in setup
    assert 'Extension("greeter._speed", ["src/greeter/_speed.c"])' in setup
    assert 'find_packages(exclude=["tests"], where="src")' in setup
    assert 'package_dir={"": "src"}' in setup
    manifest = (project / "MANIFEST.in").read_text()
    assert manifest == "include README.rst\nrecursive-include src/greeter/data *.txt\n"
    assert "published the same: " in result.stdout
    assert "1 extensions" in result.stdout
    assert "programs behave the same: `greet --help`" in result.stdout
    assert "`python -m greeter --help` behaves as `greet --help`" in result.stdout
    assert not (project / "LICENSE").exists()  # adoption grants no licence, publishes no file


@pytest.mark.slow
def test_a_sibling_folder_moves_with_the_code_and_python_2_docs_do_not_block(
    template: Path, tmp_path: Path
) -> None:
    """`from vendored import helper` (a folder beside the script, no __init__.py) lost the
    folder; a Python 2 docs/conf.py refused the whole project with "syntax error"."""
    project = write_project(
        tmp_path / "tool",
        {
            "tool.py": """
                from vendored import helper

                if __name__ == "__main__":
                    print(helper.X)
            """,
            "vendored/helper.py": "X = 41 + 1\n",
            "docs/conf.py": 'print "a Python 2 file"\n',
        },
    )
    result = adopt(project, template)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "git mv vendored/helper.py -> src/tool/vendored/helper.py" in result.stdout
    assert "docs/conf.py:1: syntax error" in result.stdout and "it does not move" in result.stdout
    new = run_python("-m", "tool", cwd=tmp_path, path=project / "src")
    assert new.stdout == "42\n", new.stderr


@pytest.mark.slow
def test_a_pyproject_without_build_system_keeps_setuptools_and_its_entry_points(
    template: Path, tmp_path: Path
) -> None:
    """A quoted `[project.entry-points."pytest11"]` crashed adopt with a tomlkit traceback,
    and hatchling, added for want of a [build-system], refused the project's own table."""
    project = write_project(
        tmp_path / "plug",
        {
            "plug/__init__.py": "def main():\n    print('plug')\n",
            "plug/plugin.py": "",
            "pyproject.toml": """
                [project]
                name = "plug"
                version = "1.0"
                authors = [{name = "A Maintainer"}]

                [project.entry-points."pytest11"]
                plug = "plug.plugin"

                [project.entry-points.console_scripts]
                plug = "plug:main"
            """,
        },
    )
    result = adopt(project, template)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    pyproject = (project / "pyproject.toml").read_text()
    assert "build-system" not in pyproject and "hatch" not in pyproject
    assert pyproject.count("pytest11") == 1
    assert "published the same: " in result.stdout


SINGLE_MODULE = "import sys\n\n\ndef main():\n    print('tool', sys.argv[1:])\n"
BACKENDS = {
    "hatchling": """
        [build-system]
        requires = ["hatchling"]
        build-backend = "hatchling.build"

        [project]
        name = "tool"
        version = "2.0"
        authors = [{name = "A Maintainer"}]

        [project.scripts]
        tool = "tool:main"

        [tool.hatch.build]
        include = ["/tool.py"]
    """,
    "flit": """
        [build-system]
        requires = ["flit_core>=3.4"]
        build-backend = "flit_core.buildapi"

        [project]
        name = "tool"
        version = "2.0"
        description = "A tool."
        authors = [{name = "A Maintainer"}]

        [project.scripts]
        tool = "tool:main"
    """,
}


@pytest.mark.slow
@pytest.mark.parametrize("backend", sorted(BACKENDS))
def test_a_single_module_keeps_its_backend_and_publishes_the_same(
    template: Path, tmp_path: Path, backend: str
) -> None:
    """hatchling's `include = ["/tool.py"]` left as it was gave an sdist with no code (and a
    console script failing with ModuleNotFoundError once installed): it follows the module,
    now a package, as its folder; flit finds the module under src/ by itself."""
    project = write_project(
        tmp_path / backend, {"tool.py": SINGLE_MODULE, "pyproject.toml": BACKENDS[backend]}
    )
    result = adopt(project, template)
    assert result.returncode == 0, result.stdout + result.stderr
    assert (project / "src/tool/__init__.py").read_text() == SINGLE_MODULE
    assert "published the same: " in result.stdout
    assert "`python -m tool --help` behaves as `tool --help`" in result.stdout
    if backend == "hatchling":
        assert 'include = ["/src/tool"]' in (project / "pyproject.toml").read_text()


SETUP_CFG = {
    "greeter/__init__.py": '__version__ = "1.4"\n',
    "greeter/cli.py": "def main():\n    print('hi')\n",
    "greeter/words.json": '["hi"]\n',
    "setup.py": "from setuptools import setup\n\nsetup()\n",
    "setup.cfg": """
        [metadata]
        name = greeter
        version = attr: greeter.__version__
        author = A Maintainer
        classifiers =
            Programming Language :: Python :: 3

        [options]
        packages = find:
        include_package_data = False

        [options.package_data]
        greeter = *.json

        [options.entry_points]
        console_scripts =
            greet = greeter.cli:main
    """,
}


@pytest.mark.slow
def test_a_setup_cfg_project_is_moved_in_setup_cfg(template: Path, tmp_path: Path) -> None:
    """`packages = find:` in setup.cfg: setup.py's setup() is left alone, setup.cfg gets
    where = src and package_dir, and the project publishes what it did."""
    project = write_project(tmp_path / "cfg", SETUP_CFG)
    result = adopt(project, template)
    assert result.returncode == 0, result.stdout + result.stderr
    assert (project / "setup.py").read_text() == SETUP_CFG["setup.py"]
    config = (project / "setup.cfg").read_text()
    assert "[options.packages.find]\nwhere = src\n" in config
    assert "package_dir =\n    =src\n" in config
    assert "published the same: " in result.stdout
    assert "1 package data files" in result.stdout


@pytest.mark.slow
def test_a_later_update_never_brings_the_templates_packaging_to_a_setuptools_project(
    template: Path, tmp_path: Path
) -> None:
    """An adopted setup.py project stays on the `copier update` track: a newer template tag
    that changes the template's pyproject.toml and pre-commit settings brings the second, and
    never a pyproject.toml over the project's own setup.py."""
    versions = tmp_path / "versions"
    git("clone", "-q", str(template), str(versions), cwd=tmp_path)
    git("tag", "1.0.0", cwd=versions)
    project = write_project(tmp_path / "flat", FLAT_SETUP)
    result = modfirst(
        "adopt", project, "--template", versions, "--vcs-ref", "1.0.0", "--no-proof", cwd=tmp_path
    )
    assert result.returncode == 0, result.stderr
    commit_all(project, "adopted")
    setup_before = (project / "setup.py").read_bytes()
    hooks = versions / "template" / ".pre-commit-config.yaml.jinja"
    hooks.write_text(hooks.read_text() + "# A template change after adoption.\n")
    packaging = versions / "template" / "pyproject.toml.jinja"
    packaging.write_text(packaging.read_text() + "\n# A packaging change after adoption.\n")
    commit_all(versions, "1.1.0")
    git("tag", "1.1.0", cwd=versions)
    update = copier_cli("update", "--trust", "--defaults", "--vcs-ref", "1.1.0", cwd=project)
    assert update.returncode == 0, update.stdout + update.stderr
    assert "A template change after adoption." in (project / ".pre-commit-config.yaml").read_text()
    assert not (project / "pyproject.toml").exists()
    assert (project / "setup.py").read_bytes() == setup_before
    assert not list(project.rglob("*.rej"))
    assert "_commit: 1.1.0" in (project / ".copier-answers.yml").read_text()


def test_the_bytecode_a_run_left_in_the_package_does_not_stay_behind(
    template: Path, tmp_path: Path
) -> None:
    """A project its owner has run has `__pycache__/` in its package folder (git ignores it).
    Left behind after the move, that folder was a second `greet` for flit: "Multiple files or
    folders could be module greet" (python-tabulate, on a machine that writes bytecode)."""
    project = write_project(
        tmp_path / "greet",
        {
            "greet/__init__.py": '"""Greets."""\n\n__version__ = "1.0"\n',
            "greet/cli.py": "def main():\n    print('hello')\n",
            ".gitignore": "__pycache__/\n",
            "pyproject.toml": """
                [build-system]
                requires = ["flit_core>=3.9,<4"]
                build-backend = "flit_core.buildapi"

                [project]
                name = "greet"
                dynamic = ["version", "description"]

                [project.scripts]
                greet = "greet.cli:main"
            """,
        },
    )
    compiled = run(sys.executable, "-m", "compileall", "-q", "greet", cwd=project)
    assert compiled.returncode == 0, compiled.stderr
    assert (project / "greet" / "__pycache__").is_dir()
    result = adopt(project, template)
    assert result.returncode == 0, result.stdout + result.stderr
    assert not (project / "greet").exists()
    assert "published the same: " in result.stdout
