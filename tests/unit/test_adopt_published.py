"""What a project publishes is read statically and kept: import names, console scripts,
version, requires-python; what the code imports is declared; moved paths are rewritten or
reported. Tiny trees in tmp_path, no git, no venv, no copier (issue 22)."""

from __future__ import annotations

import ast
import textwrap
from pathlib import Path

import pytest
import tomlkit

from modfirst.adopt import dependencies, packaging, setup_py
from modfirst.adopt.entry import choose_entry, package_files
from modfirst.adopt.layout import choose_package, place_code, planned_paths
from modfirst.adopt.model import Options
from modfirst.adopt.plan import build_settings, carry_for, declare_imports, path_references
from modfirst.adopt.refusal import Refusal
from modfirst.adopt.scan import Tree, read_tree

SPEEDTEST_LIKE = {
    "speedtest.py": '__version__ = "2.1.3"\n\n\ndef main():\n    print("speed")\n\n\n'
    'if __name__ == "__main__":\n    main()\n',
    "setup.py": """
        from setuptools import setup

        def find_version(*parts):
            return "computed"

        setup(
            name="speedtest-cli",
            version=find_version("speedtest.py"),
            py_modules=["speedtest"],
            entry_points={"console_scripts": ["speedtest=speedtest:main",
                                              "speedtest-cli=speedtest:main"]},
        )
    """,
    "README.rst": "Speedtest\n",
    "tests/test_speed.py": "import speedtest\n\n\ndef test_it():\n    assert speedtest.main\n",
}


def tree_of(root: Path, files: dict[str, str]) -> Tree:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text))
    return read_tree(root, sorted(files))


def test_setup_py_names_bound_to_literals_are_read(tmp_path: Path) -> None:
    (tmp_path / "setup.py").write_text(
        textwrap.dedent(
            """
            from setuptools import setup
            requires = ["SQLAlchemy>=2.0", "tablib"]
            version = "0.6.0"
            setup(name="records", version=version, py_modules=["records"],
                  install_requires=requires, python_requires=">=3.8",
                  entry_points={"console_scripts": ["records=records:cli"]})
            """
        )
    )
    meta = packaging.read_metadata(tmp_path)
    assert (meta.version, meta.requires_python) == ("0.6.0", ">=3.8")
    assert meta.dependencies == ["SQLAlchemy>=2.0", "tablib"]
    assert meta.published.modules == ["records"]
    assert meta.published.scripts == {"records": "records:cli"}
    assert meta.notes == []


def test_a_single_published_module_becomes_the_package_of_its_name(tmp_path: Path) -> None:
    tree = tree_of(tmp_path, SPEEDTEST_LIKE)
    meta = packaging.read_metadata(tmp_path)
    assert (meta.version, meta.version_file) == ("2.1.3", "speedtest.py")
    choice = choose_package(tree, meta, Options())
    assert (choice.package, choice.single, choice.published) == ("speedtest", True, True)
    moving = place_code(tree, choice)
    assert moving == {"speedtest.py": "src/speedtest/__init__.py"}  # tests stay where they are
    entry = choose_entry(tree, choice, moving, Options(), meta)
    assert (entry.kind, entry.module, entry.function) == ("script", "", "main")
    planned = planned_paths(tree.files, moving)
    main = package_files("speedtest", planned, "", "main", "", "script", published=True)
    assert [f.path for f in main] == ["src/speedtest/__main__.py"]  # no py.typed claim
    assert "from . import main" in main[0].content
    declared = declare_imports(tree, choice, moving, meta)
    build = build_settings(
        tree, meta, "speedtest", "", "3.11", carry_for(tree, meta, choice, moving, declared)
    )
    pyproject = tomlkit.parse(build.text).unwrap()
    assert pyproject["project"]["scripts"] == {
        "speedtest": "speedtest:main",
        "speedtest-cli": "speedtest:main",
    }
    assert pyproject["project"]["dynamic"] == ["version"]
    assert pyproject["tool"]["hatch"]["version"]["path"] == "src/speedtest/__init__.py"
    assert pyproject["project"]["readme"] == "README.rst"
    assert "requires-python" not in pyproject["project"]  # the project never declared one


def test_another_package_name_is_refused_for_a_published_project(tmp_path: Path) -> None:
    tree = tree_of(tmp_path, SPEEDTEST_LIKE)
    with pytest.raises(Refusal, match="publishes the import name speedtest"):
        choose_package(tree, packaging.read_metadata(tmp_path), Options(package="speed"))


def test_several_published_top_names_are_refused(tmp_path: Path) -> None:
    tree = tree_of(
        tmp_path,
        {
            "a.py": "",
            "b.py": "",
            "setup.py": "from setuptools import setup\nsetup(py_modules=['a', 'b'])\n",
        },
    )
    with pytest.raises(Refusal, match=r"several top-level import names \(a, b\)"):
        choose_package(tree, packaging.read_metadata(tmp_path), Options())


def test_a_hatch_project_keeps_its_name_and_its_paths_follow_the_move(tmp_path: Path) -> None:
    pyproject = """
        [build-system]
        requires = ["hatchling"]
        build-backend = "hatchling.build"

        [project]
        name = "tldr"
        dynamic = ["version"]
        requires-python = ">=3.10"

        [project.scripts]
        tldr = "tldr:cli"

        [tool.hatch.version]
        path = "tldr.py"

        [tool.hatch.build.targets.sdist]
        include = ["tldr.py", "tests/"]
    """
    tree = tree_of(
        tmp_path,
        {"tldr.py": '__version__ = "3.4"\n\ndef cli():\n    pass\n', "pyproject.toml": pyproject},
    )
    meta = packaging.read_metadata(tmp_path)
    choice = choose_package(tree, meta, Options())
    moving = place_code(tree, choice)
    declared = declare_imports(tree, choice, moving, meta)
    carry = carry_for(tree, meta, choice, moving, declared)
    build = build_settings(tree, meta, "tldr", "", "3.11", carry)
    paths = path_references(tree, moving, build.text)
    result = tomlkit.parse(paths.text).unwrap()
    assert result["tool"]["hatch"]["version"]["path"] == "src/tldr/__init__.py"
    assert result["tool"]["hatch"]["build"]["targets"]["sdist"]["include"] == [
        "src/tldr",  # the package: its __main__.py too
        "tests/",
    ]
    assert result["project"]["requires-python"] == ">=3.10"
    assert result["project"]["scripts"] == {"tldr": "tldr:cli"}


def test_a_library_is_adopted_with_no_entry_point(tmp_path: Path) -> None:
    tree = tree_of(tmp_path, {"lib.py": "X = 1\n"})
    choice = choose_package(tree, packaging.Metadata(), Options())
    moving = place_code(tree, choice)
    entry = choose_entry(tree, choice, moving, Options())
    assert entry.kind == "none"
    files = package_files("lib", planned_paths(tree.files, moving), "", "", "", "none")
    assert not any(f.path.endswith("__main__.py") for f in files)


def test_a_module_level_program_is_run_with_runpy(tmp_path: Path) -> None:
    tree = tree_of(
        tmp_path,
        {"game.py": "import helper\nprint(helper.X)\n", "helper.py": "X = 1\n"},
    )
    choice = choose_package(tree, packaging.Metadata(), Options())
    moving = place_code(tree, choice)
    entry = choose_entry(tree, choice, moving, Options())
    assert (entry.kind, entry.source, entry.module) == ("program", "game.py", "game")
    main = package_files("x", set(), "game", "main", "", "program", "game.py")[1]
    assert 'runpy.run_module("x.game", run_name="__main__", alter_sys=True)' in main.content
    ast.parse(main.content)


def test_a_shebang_file_without_py_is_the_program(tmp_path: Path) -> None:
    tree = tree_of(
        tmp_path,
        {"bin/my-tool": "#!/usr/bin/env python3\nprint('hi')\n", "lib.py": "X = 1\n"},
    )
    choice = choose_package(tree, packaging.Metadata(), Options())
    moving = place_code(tree, choice)
    assert moving["bin/my-tool"] == f"{choice.base}/my_tool.py"
    entry = choose_entry(tree, choice, moving, Options())
    assert (entry.kind, entry.source) == ("program", "bin/my-tool")


def test_several_scripts_one_named_after_the_project_is_chosen(tmp_path: Path) -> None:
    main = 'if __name__ == "__main__":\n    print(1)\n'
    root = tmp_path / "weather"
    tree = tree_of(root, {"weather.py": main, "other.py": main})
    choice = choose_package(tree, packaging.Metadata(), Options())
    entry = choose_entry(tree, choice, place_code(tree, choice), Options())
    assert (entry.source, entry.why) == ("weather.py", "named after the project")
    assert entry.risks == [
        "other.py keeps its own __main__ block: run it as `python -m weather.other`"
    ]


def test_undeclared_imports_are_declared_runtime_or_test_by_who_imports_them() -> None:
    code = {"app.py": {"yaml": 1, "requests": 2, "os": 3, "helpers": 4, "mystery_x": 5}}
    tests = {"tests/test_app.py": {"pytest": 1, "requests": 2}}
    declared = dependencies.declare(code, tests, {"helpers", "app"}, ["pytest>=7"], [])
    assert declared.runtime == ["requests", "PyYAML"]  # by import name
    assert declared.test == ["pytest>=7"]  # a pytest line in requirements.txt is for tests
    assert any("mystery_x" in risk for risk in declared.risks)


def test_optional_imports_are_not_required() -> None:
    tree = ast.parse(
        "try:\n    import ujson as json\nexcept ImportError:\n    import simplejson\nimport click\n"
    )
    assert dependencies.required_imports(tree) == {"click": 5}


def test_the_root_as_a_package_is_refused_in_one_line(tmp_path: Path) -> None:
    from modfirst.adopt.layout import check_root_package

    tree = tree_of(tmp_path, {"__init__.py": "", "__main__.py": "print(1)\n"})
    with pytest.raises(Refusal, match="itself a package") as refused:
        check_root_package(tree)
    assert "\n" not in str(refused.value)


def test_module_names_in_strings_follow_the_move(tmp_path: Path) -> None:
    from modfirst.adopt.plan import rewrite_sources

    tree = tree_of(
        tmp_path / "game",
        {
            "game.py": 'import classes\n\nif __name__ == "__main__":\n    classes.play()\n',
            "classes.py": "def play():\n    return input()\n",
            "tests/test_classes.py": """
                import importlib
                import subprocess
                import sys
                from unittest.mock import patch

                import classes

                @patch("classes.input", return_value="x")
                def test_play(_):
                    assert classes.play() == "x"
                    assert importlib.import_module("classes") is classes
                    subprocess.run([sys.executable, "-m", "classes"], check=False)
                    patch.object(classes, "play")
            """,
        },
    )
    choice = choose_package(tree, packaging.Metadata(), Options())
    moving = place_code(tree, choice)
    entry = choose_entry(tree, choice, moving, Options())
    result = rewrite_sources(tree, choice, moving, entry)
    test = result.contents["tests/test_classes.py"]
    assert '@patch("game.classes.input", return_value="x")' in test
    assert 'importlib.import_module("game.classes")' in test
    assert '[sys.executable, "-m", "game.classes"]' in test
    assert 'patch.object(classes, "play")' in test  # an attribute name, not a module
    assert not any("dynamic import" in risk for risk in result.risks)


def test_scripts_all_gives_every_main_block_a_console_script(tmp_path: Path) -> None:
    from modfirst.adopt.plan import rewrite_sources

    main = 'if __name__ == "__main__":\n    print(1)\n'
    tree = tree_of(tmp_path / "weather", {"weather.py": main, "fetch_data.py": main})
    choice = choose_package(tree, packaging.Metadata(), Options())
    moving = place_code(tree, choice)
    entry = choose_entry(tree, choice, moving, Options(scripts="all"))
    assert entry.others == ["fetch_data.py"] and entry.risks == []
    result = rewrite_sources(tree, choice, moving, entry, all_scripts=True)
    assert result.scripts == {"fetch-data": "weather.fetch_data:main"}
    assert "def main(" in result.contents["src/weather/fetch_data.py"]


def test_a_setup_py_that_builds_is_pointed_at_src_in_its_own_layout() -> None:
    from modfirst.adopt import setup_py

    text = (
        "from setuptools import setup, find_packages\n"
        "setup(\n    name='x',\n    packages=find_packages(exclude=['tests']),\n)\n"
    )
    new, changes, problem = setup_py.setup_py_to_src(text, "x", single=False)
    assert problem == ""
    assert new == (
        "from setuptools import setup, find_packages\n"
        "setup(\n    name='x',\n"
        "    packages=find_packages(exclude=['tests'], where=\"src\"),\n"
        '    package_dir={"": "src"},\n)\n'
    )
    assert len(changes) == 2
    single, _, _ = setup_py.setup_py_to_src("setup(py_modules=['m'])\n", "m", single=True)
    assert single == 'setup(packages=[\'m\'], package_dir={"": "src"})\n'
    _, _, refused = setup_py.setup_py_to_src("setup(package_dir={'': 'lib'})\n", "m", False)
    assert refused == "setup()'s package_dir names 'lib', not the package's folder"


def test_the_proof_says_exactly_what_happened() -> None:
    from modfirst.adopt.outcomes import Outcomes, compare

    before = Outcomes("pytest", {"t::a": "passed", "t::b": "failed"})
    same = compare(before, Outcomes("pytest", dict(before.results)))
    assert same.same
    assert same.lines == [
        "tests (pytest, fresh venv): 1 passed, 1 failed before; 1 passed, 1 failed after: "
        "same outcomes"
    ]
    broken = Outcomes("pytest", {}, "ModuleNotFoundError: No module named 'shtab'")
    not_run = compare(broken, Outcomes("pytest", {}))
    assert not_run.same  # nothing to compare is not a failure of adoption...
    assert "same outcomes" not in " ".join(not_run.lines)  # ...and never called the same
    assert "could not run (ModuleNotFoundError: No module named 'shtab')" in not_run.lines[1]
    changed = compare(before, Outcomes("pytest", {"t::b": "failed"}, "E   ImportError: x"))
    assert not changed.same
    assert changed.lines[1] == "changed outcomes (1): t::a passed -> -"


def test_an_import_error_after_adoption_names_the_reference_left() -> None:
    from modfirst.adopt.cli import unrewritten
    from modfirst.adopt.model import AdoptPlan

    plan = AdoptPlan(
        root=Path("."),
        package="app",
        risks=["tests/t.py:3: dynamic import `__import__(name)` is not rewritten", "other"],
    )
    lines = unrewritten(plan, "ModuleNotFoundError: No module named 'helpers'")
    assert lines == [
        "helpers is imported in a way adopt does not read (a string built at run time, or a "
        "path); look for it in the tests and the code"
    ]
    plan.risks.append("README.md:4: names helpers.py, now src/app/helpers.py")
    lines = unrewritten(plan, "ModuleNotFoundError: No module named 'helpers'")
    assert lines == [
        "not rewritten, and naming helpers: README.md:4: names helpers.py, now src/app/helpers.py"
    ]


def test_a_published_packages_own_main_blocks_make_no_program(tmp_path: Path) -> None:
    """pypa/packaging's _musllinux.py has a __main__ block: adopt made it the program of a
    library, adding a console script it never published (F3); simplejson's several were a
    refusal (F9). They stay `python -m PKG.MOD`."""
    tree = tree_of(
        tmp_path,
        {
            "lib/__init__.py": "",
            "lib/_musl.py": "if __name__ == '__main__':\n    print(1)\n",
            "lib/tool.py": "if __name__ == '__main__':\n    print(2)\n",
            "setup.py": "from setuptools import setup\nsetup(name='lib', packages=['lib'])\n",
        },
    )
    meta = packaging.read_metadata(tmp_path)
    choice = choose_package(tree, meta, Options())
    moving = place_code(tree, choice)
    entry = choose_entry(tree, choice, moving, Options(), meta)
    assert entry.kind == "none"


def test_a_test_skipped_before_and_passed_after_is_no_regression() -> None:
    """markupsafe: tests skipped for want of the compiled extension in the tree pass once
    the installed wheel has it (F18)."""
    from modfirst.adopt.outcomes import Outcomes, compare

    before = Outcomes("pytest", {"t::a": "passed", "t::b": "skipped"})
    assert compare(before, Outcomes("pytest", {"t::a": "passed", "t::b": "passed"})).same
    worse = compare(before, Outcomes("pytest", {"t::a": "skipped", "t::b": "passed"}))
    assert not worse.same and "t::a passed -> skipped" in worse.lines[1]


def test_tests_inside_a_moved_package_are_discovered_where_they_are(tmp_path: Path) -> None:
    """simplejson's tests live in simplejson/tests/: after the move unittest must start at
    src/ too, as it enters packages only (F23); a tests/ folder that is no package is where
    the project's own discovery starts, before and after."""
    from modfirst.adopt.proof import unittest_starts

    tree_of(
        tmp_path, {"lib/__init__.py": "", "lib/tests/__init__.py": "", "lib/tests/test_a.py": ""}
    )
    assert unittest_starts(tmp_path) == [[]]
    (tmp_path / "src").mkdir()
    (tmp_path / "lib").rename(tmp_path / "src" / "lib")
    assert unittest_starts(tmp_path) == [[], ["-s", "src", "-t", "src"]]
    tree_of(tmp_path, {"tests/test_b.py": ""})
    assert unittest_starts(tmp_path) == [["-s", "tests"]]


def test_a_published_package_gains_no_script_beside_it(tmp_path: Path) -> None:
    """simplejson's tsan_stress_simplejson.py (a __main__ block beside the package) would have
    become simplejson.tsan_stress_simplejson in what the library publishes: it stays."""
    tree = tree_of(
        tmp_path,
        {
            "lib/__init__.py": "",
            "stress.py": "import lib\nif __name__ == '__main__':\n    print(1)\n",
            "setup.py": "from setuptools import setup\nsetup(name='lib', packages=['lib'])\n",
        },
    )
    meta = packaging.read_metadata(tmp_path)
    choice = choose_package(tree, meta, Options())
    moving = place_code(tree, choice)
    assert moving == {"lib/__init__.py": "src/lib/__init__.py"}
    assert choose_entry(tree, choice, moving, Options(), meta).kind == "none"


def test_a_skipped_case_that_passes_under_its_real_parameter_id_is_no_regression() -> None:
    """markupsafe: `test_escape[None-x]` (no compiled extension in the tree: skipped) is
    `test_escape[markupsafe._speedups-x]` against the installed wheel, and passes (F18). A
    passed test that fails, or a new case that fails, is still a change."""
    from modfirst.adopt.outcomes import Outcomes, compare

    before = Outcomes(
        "pytest",
        {
            "t::f[_native-a-b]": "passed",
            "t::f[None-a-b]": "skipped",
            "t::f[None--]": "skipped",
            "t::leak": "skipped",
        },
    )
    results = {
        "t::f[_native-a-b]": "passed",
        "t::f[ext-a-b]": "passed",
        "t::f[ext--]": "passed",
        "t::leak": "passed",
    }
    same = compare(before, Outcomes("pytest", results))
    assert same.same, same.lines
    assert same.lines == [
        "tests (pytest, fresh venv): 1 passed, 3 skipped before; 4 passed after: same outcomes "
        "(skipped before, passed after: 3; 2 of them as ext, skipped as None)"
    ]
    failing = compare(before, Outcomes("pytest", dict(results, **{"t::f[ext--]": "failed"})))
    assert not failing.same
    assert "t::f[ext--] - -> failed" in failing.lines[1]
    assert "t::f[None--] skipped -> -" in failing.lines[1]
    worse = compare(before, Outcomes("pytest", dict(results, **{"t::f[_native-a-b]": "failed"})))
    assert not worse.same and "t::f[_native-a-b] passed -> failed" in worse.lines[1]
    other_test = {"t::g[ext-a-b]" if k == "t::f[ext-a-b]" else k: v for k, v in results.items()}
    assert not compare(before, Outcomes("pytest", other_test)).same


LIBRARY_MODULE = {
    "pyproject.toml": """
        [build-system]
        requires = ["BACKEND"]
        build-backend = "BACKEND.api"

        [project]
        name = "onefile"
        version = "1.0"
    """,
    "onefile.py": "X = 1\n\nif __name__ == '__main__':\n    print(X)\n",
}


@pytest.mark.parametrize(
    ("backend", "table", "expected"),
    [
        ("flit_core", "tool.flit", None),  # flit finds src/onefile.py itself
        ("hatchling", "tool.hatch.build.targets.wheel", {"packages": ["src/onefile.py"]}),
        ("setuptools", "tool.setuptools", {"py-modules": ["onefile"], "package-dir": {"": "src"}}),
    ],
)
def test_a_published_library_module_stays_one_module(
    tmp_path: Path, backend: str, table: str, expected: object
) -> None:
    """entrypoints (flit, `entrypoints.py` with a __main__ block, no console script): its
    maintainer moves it to src/entrypoints.py; a package with a __main__.py would add
    `entrypoints.__main__` to what the library publishes (F5)."""
    files = dict(LIBRARY_MODULE)
    name = {"hatchling": "hatchling.build", "flit_core": "flit_core.buildapi"}.get(backend)
    files["pyproject.toml"] = files["pyproject.toml"].replace(
        '"BACKEND.api"', f'"{name or "setuptools.build_meta"}"'
    )
    if backend == "setuptools":
        files["pyproject.toml"] += '\n        [tool.setuptools]\n        py-modules = ["onefile"]\n'
    tree = tree_of(tmp_path, files)
    meta = packaging.read_metadata(tmp_path)
    choice = choose_package(tree, meta, Options())
    assert (choice.package, choice.module, choice.single) == ("onefile", True, False)
    moving = place_code(tree, choice)
    assert moving == {"onefile.py": "src/onefile.py"}
    entry = choose_entry(tree, choice, moving, Options(), meta)
    assert entry.kind == "none"
    assert "its own __main__ block still runs: `python -m onefile`" in entry.risks[0]
    assert package_files("onefile", planned_paths(tree.files, moving), "", "", "", "none") == []
    declared = declare_imports(tree, choice, moving, meta)
    carry = carry_for(tree, meta, choice, moving, declared)
    build = build_settings(tree, meta, "onefile", "", "3.11", carry, choice)
    found = tomlkit.parse(build.text).unwrap()
    for key in table.split("."):
        found = found.get(key, {})
    assert (found or None) == expected
    # --entry asks for a program: the module becomes the package, for its __main__.py.
    assert choose_package(tree, meta, Options(entry="onefile.py")).single


@pytest.mark.parametrize(
    "packaging_file",
    [
        (
            "pyproject.toml",
            '[build-system]\nrequires = ["flit_core>=3.7"]\nbuild-backend = "flit_core.buildapi"\n'
            '[project]\nname = "ns-ext"\nversion = "1"\n[tool.flit.module]\nname = "ns.ext"\n'
            '[tool.mypy]\npackages = ["ns", "tests"]\n',
        ),
        (
            "setup.py",
            "from setuptools import setup, find_namespace_packages\n"
            "setup(name='ns-ext', packages=find_namespace_packages(include=['ns.*']))\n",
        ),
    ],
)
def test_a_namespace_package_at_the_top_moves_as_it_is(
    tmp_path: Path, packaging_file: tuple[str, str]
) -> None:
    """sphinxcontrib-jsmath: sphinxcontrib/jsmath/__init__.py and no sphinxcontrib/__init__.py
    (PEP 420) was refused as "no importable module or package at the top" (F8). The folder
    moves to src/ as it is: no __init__.py added (it would end the namespace)."""
    name, text = packaging_file
    files = {"ns/ext/__init__.py": "X = 1\n", "tests/test_x.py": "import ns.ext\n", name: text}
    tree = tree_of(tmp_path, files)
    meta = packaging.read_metadata(tmp_path)
    choice = choose_package(tree, meta, Options())
    assert (choice.package, choice.flat, choice.published) == ("ns", True, True)
    moving = place_code(tree, choice)
    assert moving == {"ns/ext/__init__.py": "src/ns/ext/__init__.py"}
    assert choose_entry(tree, choice, moving, Options(), meta).kind == "none"
    planned = planned_paths(tree.files, moving)
    assert package_files("ns", planned, "", "", "", "none", published=True) == []
    found = path_references(tree, moving, tree.pyproject or "")
    assert not [c for c in found.changes if "mypy" in c]  # mypy's packages are import names


def test_private_standard_library_modules_are_not_third_party() -> None:
    """bottle imports `_thread`: "no declared requirement provides" it was wrong (F25)."""
    found = dependencies.third_party({"bottle.py": {"_thread": 88, "gevent": 90}}, set())
    assert found == {"gevent": ("bottle.py", 90)}


VULTURE_LIKE = {
    "pyproject.toml": """
        [build-system]
        requires = ["setuptools>=68"]
        build-backend = "setuptools.build_meta"

        [project]
        name = "vult"
        dynamic = ["version"]

        [tool.setuptools.packages.find]
        exclude = ["tests", "tests.*"]

        [tool.setuptools.dynamic]
        version = { attr = "vult.__version__" }
    """,
    "vult/__init__.py": "__version__ = '1'\n",
    "tests/test_v.py": "import vult\n",
}


def test_an_existing_find_table_gets_the_folder_and_keeps_its_patterns(tmp_path: Path) -> None:
    """vulture: `[tool.setuptools.packages.find] exclude = [...]` got no `where`, so the adopted
    project did not build (F28)."""
    tree = tree_of(tmp_path, VULTURE_LIKE)
    meta = packaging.read_metadata(tmp_path)
    choice = choose_package(tree, meta, Options())
    moving = place_code(tree, choice)
    declared = declare_imports(tree, choice, moving, meta)
    carry = carry_for(tree, meta, choice, moving, declared)
    build = build_settings(tree, meta, "vult", "", "3.11", carry, choice)
    find = tomlkit.parse(build.text).unwrap()["tool"]["setuptools"]["packages"]["find"]
    assert find == {"exclude": ["tests", "tests.*"], "where": ["src"]}


def test_a_folder_the_find_table_publishes_as_a_namespace_is_a_published_name(
    tmp_path: Path,
) -> None:
    """vulture's dev/make-release-notes.py is in its wheel (`dev`: pyproject's find table
    finds namespace folders): one src/ package cannot keep it, so adopt refuses in one line
    rather than fail its proof after the move."""
    tree = tree_of(tmp_path, {**VULTURE_LIKE, "dev/notes.py": "print(1)\n"})
    meta = packaging.read_metadata(tmp_path)
    with pytest.raises(Refusal, match=r"several top-level import names \(dev, vult\)"):
        choose_package(tree, meta, Options())
    text = VULTURE_LIKE["pyproject.toml"].replace('exclude = ["tests"', 'exclude = ["dev", "tests"')
    tree = tree_of(tmp_path, {**VULTURE_LIKE, "pyproject.toml": text})
    assert choose_package(tree, packaging.read_metadata(tmp_path), Options()).package == "vult"


def test_setup_pys_own_package_dir_and_a_folder_bound_to_a_name_follow_the_move() -> None:
    """python-slugify: `package_dir={'slugify': 'slugify'}` was refused (F31), the maintainer's
    move is `{'slugify': 'src/slugify'}`; `os.path.join(here, package, '__version__.py')` with
    `package = 'slugify'` was not followed (F33): "src" goes before the name, which setup()'s
    `packages=[package]` also uses, so the name itself stays."""
    from modfirst.adopt.strings import rewrite_module_strings

    text = (
        "import os\npackage = 'slugify'\n"
        "version = open(os.path.join(here, package, '__version__.py')).read()\n"
        "setup(packages=[package], package_dir={'slugify': 'slugify'})\n"
    )
    moved = {f"slugify/{n}": f"src/slugify/{n}" for n in ("__init__.py", "__version__.py")}
    new, edits = rewrite_module_strings(text, frozenset(), "slugify", moved)
    assert "os.path.join(here, 'src', package, '__version__.py')" in new
    assert [(e.before, e.after) for e in edits] == [("package", "'src', package")]
    new, changes, problem = setup_py.setup_py_to_src(new, "slugify", single=False)
    assert problem == ""
    assert "setup(packages=[package], package_dir={'slugify': 'src/slugify'})" in new
    assert changes == ["package_dir: 'slugify' -> 'src/slugify'"]
    _, _, computed = setup_py.setup_py_to_src("setup(package_dir=d)\n", "slugify", False)
    assert computed == "setup() has a package_dir adopt cannot read"


def test_every_string_naming_a_moved_folder_follows_it() -> None:
    """vulture's tests name the package's folder as `"vulture/"`, a glob under it and
    `REPO / "vulture" / "whitelists"`: only its files' paths followed, so the tests mixed old
    and new paths (F30: 297 passed before; 292 passed, 5 failed after)."""
    from modfirst.adopt.strings import rewrite_module_strings

    repo = "REPO = pathlib.Path(__file__).resolve().parents[1]\n"
    text = repo + (
        'W = REPO / "vulture" / "whitelists"\nrun(["vulture/", "-x"])\n'
        'found = glob.glob("vulture/*.py")\nurl = "https://example.org/vulture/"\n'
        # yamllint (exam): a path under a folder that is not the project's is no move of it
        "config = os.path.join(self.home, 'vulture', 'config')\n"
        'elsewhere = OTHER / "vulture" / "whitelists"\n'
    )
    moved = {f"vulture/{n}": f"src/vulture/{n}" for n in ("__init__.py", "whitelists/a.py")}
    new, _ = rewrite_module_strings(text, frozenset(), "vulture", moved)
    assert new == repo + (
        'W = REPO / "src/vulture" / "whitelists"\nrun(["src/vulture/", "-x"])\n'
        'found = glob.glob("src/vulture/*.py")\nurl = "https://example.org/vulture/"\n'
        "config = os.path.join(self.home, 'vulture', 'config')\n"
        'elsewhere = OTHER / "vulture" / "whitelists"\n'
    )


def test_what_a_pyproject_declares_is_never_called_undeclared(tmp_path: Path) -> None:
    """files-to-prompt: `click` in [project] dependencies was reported as "undeclared
    (dependency); declare it"; marko's Pygments likewise, declared in an extra (F27)."""
    tree = tree_of(
        tmp_path,
        {
            "pyproject.toml": """
                [project]
                name = "ftp"
                version = "1"
                dependencies = ["click"]
                [project.optional-dependencies]
                highlight = ["Pygments>=2"]
            """,
            "ftp/__init__.py": "import click\n\ntry:\n    import pygments\nexcept ImportError:\n"
            "    pygments = None\n\nimport pygments.lexers\n",
        },
    )
    meta = packaging.read_metadata(tmp_path)
    choice = choose_package(tree, meta, Options())
    declared = declare_imports(tree, choice, place_code(tree, choice), meta)
    assert declared.risks == [] and declared.changes == [], (declared.risks, declared.changes)


def test_a_module_turned_package_with_its_own_package_dir_gets_both_edits() -> None:
    """R5: a package_dir of the maintainer's made the py_modules edit be skipped."""
    from modfirst.adopt import setup_py

    text = "setup(py_modules=['tool'], package_dir={'': '.'})\n"
    new, _, problem = setup_py.setup_py_to_src(text, "tool", single=True)
    assert (new, problem) == ("setup(packages=['tool'], package_dir={'': 'src'})\n", "")


def test_the_packages_own_strings_that_look_like_its_folder_stay() -> None:
    """Review R1: the folder rules (F30, F33) are for files outside the package, which build
    paths from the repository; the package's own `"mytool/1.0"`, `HERE / "templates" /
    "mytool"` and `os.path.join(NAME, "x")` are not its old folder. Outside it, a string that
    only starts like the folder (and names nothing that moved) stays too."""
    from modfirst.adopt.strings import rewrite_module_strings

    text = (
        'NAME = "mytool"\nAGENT = "mytool/1.0"\n'
        'T = Path(__file__).parent / "templates" / "mytool"\n'
        'J = os.path.join(here, NAME, "x")\nG = glob.glob("mytool/*.py")\n'
    )
    moved = {"mytool/__init__.py": "src/mytool/__init__.py"}
    inside, edits = rewrite_module_strings(text, frozenset(), "mytool", moved, outside=False)
    assert (inside, edits) == (text, [])
    outside, _ = rewrite_module_strings(text, frozenset(), "mytool", moved)
    assert 'AGENT = "mytool/1.0"' in outside and '/ "templates" / "mytool"' in outside
    assert 'glob.glob("src/mytool/*.py")' in outside
    assert 'os.path.join(here, "src", NAME, "x")' in outside


def test_review_a_namespace_with_a_script_and_a_module_setuptools_finds_itself(
    tmp_path: Path,
) -> None:
    """Review R2: a published namespace package with a console script gets no __main__.py.
    R4: a one-file library setuptools finds by itself gets no find table (it would stop
    finding src/NAME.py)."""
    flit = (
        '[build-system]\nrequires = ["flit_core>=3.7"]\nbuild-backend = "flit_core.buildapi"\n'
        '[project]\nname = "ns-ext"\nversion = "1"\n[project.scripts]\nnsx = "ns.ext:main"\n'
        '[tool.flit.module]\nname = "ns.ext"\n'
    )
    tree = tree_of(
        tmp_path / "ns", {"ns/ext/__init__.py": "def main(): pass\n", "pyproject.toml": flit}
    )
    meta = packaging.read_metadata(tmp_path / "ns")
    choice = choose_package(tree, meta, Options())
    entry = choose_entry(tree, choice, place_code(tree, choice), Options(), meta)
    assert entry.kind == "none" and "namespace package" in entry.risks[0]

    text = '[build-system]\nrequires = ["setuptools"]\n[project]\nname = "onefile"\nversion = "1"\n'
    tree = tree_of(tmp_path / "one", {"onefile.py": "X = 1\n", "pyproject.toml": text})
    meta = packaging.read_metadata(tmp_path / "one")
    choice = choose_package(tree, meta, Options())
    moving = place_code(tree, choice)
    carry = carry_for(tree, meta, choice, moving, declare_imports(tree, choice, moving, meta))
    build = build_settings(tree, meta, "onefile", "", "3.11", carry, choice)
    assert "setuptools" not in tomlkit.parse(build.text).unwrap().get("tool", {})


@pytest.mark.parametrize(
    ("name", "text"),
    [
        (
            "setup.py",
            "from setuptools import setup, find_packages\n"
            "setup(name='pkg', packages=find_packages(include=['pkg', 'pkg.*']))\n",
        ),
        (
            "setup.cfg",
            "[metadata]\nname = pkg\n[options]\npackages = find:\n"
            "[options.packages.find]\nexclude =\n    tools\n    tools.*\n",
        ),
    ],
)
def test_the_finders_patterns_say_what_it_publishes(tmp_path: Path, name: str, text: str) -> None:
    """Review R6: find_packages(include=...) / setup.cfg's find patterns were not read, so a
    second package the finder leaves out (tools/) was a second published name: refused."""
    files = {"pkg/__init__.py": "", "tools/__init__.py": "", "tools/gen.py": "", name: text}
    tree = tree_of(tmp_path, files)
    if name == "setup.cfg":
        tree_of(tmp_path, {"setup.py": "from setuptools import setup\nsetup()\n"})
        tree = read_tree(tmp_path, sorted([*files, "setup.py"]))
    choice = choose_package(tree, packaging.read_metadata(tmp_path), Options())
    assert (choice.package, choice.published) == ("pkg", True)


def test_a_pyprojects_own_package_dir_points_into_src(tmp_path: Path) -> None:
    """Review R11: `[tool.setuptools] package-dir = {"" = "."}` stayed, so setuptools looked
    for the package where it no longer is (setup.py's own package_dir was already followed)."""
    text = (
        '[build-system]\nrequires = ["setuptools"]\nbuild-backend = "setuptools.build_meta"\n'
        '[project]\nname = "pkg"\nversion = "1"\n'
        '[tool.setuptools]\npackages = ["pkg"]\npackage-dir = {"" = "."}\n'
    )
    tree = tree_of(tmp_path, {"pkg/__init__.py": "", "pyproject.toml": text})
    meta = packaging.read_metadata(tmp_path)
    choice = choose_package(tree, meta, Options())
    moving = place_code(tree, choice)
    carry = carry_for(tree, meta, choice, moving, declare_imports(tree, choice, moving, meta))
    build = build_settings(tree, meta, "pkg", "", "3.11", carry, choice)
    settings = tomlkit.parse(build.text).unwrap()["tool"]["setuptools"]
    assert settings == {"packages": ["pkg"], "package-dir": {"": "src"}}
    found = path_references(tree, moving, build.text)
    assert tomlkit.parse(found.text).unwrap()["tool"]["setuptools"] == settings


def test_tests_a_finder_publishes_are_a_published_name_and_an_sdist_entry_is_not(
    tmp_path: Path,
) -> None:
    """Review R7: find_packages() with no pattern publishes tests/ (it has an __init__.py),
    which one src/ package cannot keep: refused in one line before any change, not FAILED
    after the proof. pastel's poetry `{include = "tests", format = "sdist"}` is not in its
    wheel: no second name."""
    setup = (
        "from setuptools import setup, find_packages\nsetup(name='pkg', packages=find_packages())\n"
    )
    files = {
        "pkg/__init__.py": "",
        "tests/__init__.py": "",
        "tests/test_a.py": "",
        "setup.py": setup,
    }
    tree = tree_of(tmp_path / "a", files)
    with pytest.raises(Refusal, match=r"several top-level import names \(pkg, tests\)"):
        choose_package(tree, packaging.read_metadata(tmp_path / "a"), Options())
    poetry = (
        '[tool.poetry]\nname = "pkg"\nversion = "1"\ndescription = ""\nauthors = []\n'
        'packages = [{include = "pkg"}, {include = "tests", format = "sdist"}]\n'
    )
    files = {**files, "pyproject.toml": poetry}
    del files["setup.py"]
    tree = tree_of(tmp_path / "b", files)
    assert choose_package(tree, packaging.read_metadata(tmp_path / "b"), Options()).package == "pkg"


def test_a_tox_discover_without_a_start_also_starts_at_src() -> None:
    """Exam E3 (colorama): tox runs `python -m unittest discover -p *_test.py` and its tests
    are inside the package: after the move that command found none. A discover that does not
    say where it starts also starts at src/ (as the default run does, F23)."""
    from modfirst.adopt.proof import starts_given

    assert not starts_given(("-p", "*_test.py"))
    assert not starts_given(("-v", "-k", "fast"))
    assert starts_given(("-s", "tests"))
    assert starts_given(("--start-directory=tests",))
    assert starts_given(("tests", "*_test.py"))


def test_a_published_packages_own_code_keeps_its_strings(tmp_path: Path) -> None:
    """Exam E1 (yamllint): `os.path.join(os.environ['XDG_CONFIG_HOME'], 'yamllint', 'config')`
    in the package became 'src/yamllint': its paths in the wheel do not change, so a published
    package's own files are never string-rewritten."""
    from adopt_fixtures import write_project

    from modfirst.adopt.plan import plan

    code = "import os\nP = os.path.join(os.environ['HOME'], 'yl', 'config')\nQ = 'yl/x.py'\n"
    root = write_project(
        tmp_path / "yl",
        {
            "yl/__init__.py": "",
            "yl/x.py": code,
            "setup.py": "from setuptools import setup\nsetup(name='yl', packages=['yl'])\n",
        },
    )
    adoption = plan(root, Options())
    assert "src/yl/x.py" not in adoption.contents, adoption.contents.get("src/yl/x.py")


def test_pytests_own_paths_follow_the_move(tmp_path: Path) -> None:
    """Exam E2 (bitarray): pytest.ini's `testpaths = bitarray` and `--ignore=bitarray/x.py`
    were only reported, so pytest looked where the package no longer is. pytest.ini's and
    tox.ini's [pytest] testpaths/addopts follow the move; tox.ini's other lines are still
    reported, not edited."""
    files = {
        "bitarray/__init__.py": "",
        "bitarray/test_x.py": "",
        "pytest.ini": "[pytest]\ntestpaths = bitarray\naddopts = --ignore=bitarray/test_x.py -ra\n",
        "tox.ini": "[testenv]\ncommands = python bitarray/test_x.py\n",
    }
    tree = tree_of(tmp_path, files)
    moving = {f: f"src/{f}" for f in files if f.startswith("bitarray/")}
    found = path_references(tree, moving, "")
    assert found.edited == {
        "pytest.ini": "[pytest]\ntestpaths = src/bitarray\n"
        "addopts = --ignore=src/bitarray/test_x.py -ra\n"
    }
    assert any(r.startswith("tox.ini:2: names bitarray/test_x.py") for r in found.risks)


def test_a_test_extra_gets_no_second_test_group() -> None:
    """Exam E5 (xmltodict): [dependency-groups] test repeated [project.optional-dependencies]
    test."""
    doc = packaging.Additions(
        '[project]\nname = "x"\n[project.optional-dependencies]\ntest = ["pytest"]\n'
    )
    changes: list[str] = []
    packaging.add_test_group(doc, ["pytest"], changes)
    assert changes == [] and "dependency-groups" not in doc.text()
    fresh = packaging.Additions('[project]\nname = "x"\n')
    packaging.add_test_group(fresh, ["pytest"], changes)
    assert changes == ["[dependency-groups] test = pytest"]
