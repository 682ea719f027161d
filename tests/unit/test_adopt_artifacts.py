"""adopt's proof by what a project publishes: real sdists and wheels, built by the project's own
backend in isolation, read and compared (modfirst.adopt.artifacts)."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from modfirst.adopt import artifacts
from modfirst.adopt.artifacts import Explained, differences, published


def write(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return root


METADATA = """\
Metadata-Version: 2.1
Name: My_Tool
Version: 1.0.dev
Requires-Dist: Requests [socks,Security] >= 2 , <3 ; python_version<'3.12'
Provides-Extra: Fast_Mode
Classifier: B
Classifier: A

Long text.
"""


def test_metadata_is_compared_as_pep_440_and_508_say() -> None:
    fields = artifacts.metadata(METADATA)
    assert fields["name"] == "my-tool"
    assert fields["version"] == "1.0.dev0"  # 1.0.dev is 1.0.dev0
    assert fields["requires_dist"] == 'requests[security,socks]<3,>=2; python_version < "3.12"'
    assert fields["provides_extra"] == "fast-mode"
    assert fields["classifiers"] == "A; B"
    assert fields["description"] == "Long text."
    same = artifacts.metadata(
        METADATA.replace("1.0.dev", "1.0.dev0").replace(
            "Metadata-Version: 2.1", "Metadata-Version: 2.4"
        )
    )
    assert same == fields  # the format's own version is not the project's


def test_a_different_metadata_value_is_named() -> None:
    before = artifacts.Published(metadata=artifacts.metadata(METADATA))
    after = artifacts.Published(
        metadata=artifacts.metadata(METADATA.replace("Classifier: B\n", ""))
    )
    assert differences(before, after, Explained()) == ["metadata classifiers: 'A; B' -> 'A'"]


SETUP_FLAT = {
    "greeter/__init__.py": '"""Greeter."""\n\ndef main():\n    return 0\n',
    "greeter/data.json": '{"hello": 1}\n',
    "setup.py": """
        from setuptools import setup

        setup(
            name="Greeter",
            version="1.0.dev",
            author="A Maintainer",
            classifiers=["License :: OSI Approved :: MIT License"],
            packages=["greeter"],
            package_data={"greeter": ["*.json"]},
            install_requires=["Packaging >= 20"],
            entry_points={"console_scripts": ["greet = greeter:main"]},
        )
    """,
}


def moved_to_src(files: dict[str, str]) -> dict[str, str]:
    """The move a maintainer makes: the package under src/, setup() told where it is."""
    moved = {(f"src/{k}" if k.startswith("greeter/") else k): v for k, v in files.items()}
    moved["setup.py"] = moved["setup.py"].replace(
        'packages=["greeter"],', 'packages=["greeter"],\n            package_dir={"": "src"},'
    )
    return moved


@pytest.mark.slow
def test_a_maintainers_move_publishes_the_same(tmp_path: Path) -> None:
    before = published(write(tmp_path / "before", SETUP_FLAT))
    after = published(write(tmp_path / "after", moved_to_src(SETUP_FLAT)))
    assert before.modules == {"greeter"}
    assert set(before.package_data) == {"greeter/data.json"}
    assert before.entry_points == {"console_scripts greet": "greeter:main"}
    assert before.metadata["author"] == "A Maintainer"
    assert before.top_names() == ["greeter"]
    assert differences(before, after, Explained()) == []


@pytest.mark.slow
def test_what_a_rebuilt_packaging_drops_is_named(tmp_path: Path) -> None:
    """The old adopt's result: a new pyproject.toml with six fields, the rest lost."""
    before = published(write(tmp_path / "before", SETUP_FLAT))
    rebuilt = {k: v for k, v in moved_to_src(SETUP_FLAT).items() if k != "setup.py"}
    rebuilt["pyproject.toml"] = """
        [build-system]
        requires = ["hatchling"]
        build-backend = "hatchling.build"

        [project]
        name = "greeter"
        version = "1.0.dev0"
        dependencies = ["packaging>=20"]

        [project.scripts]
        greet = "greeter:main"
        run = "greeter.__main__:main"

        [tool.hatch.build.targets.wheel]
        packages = ["src/greeter"]
    """
    rebuilt["src/greeter/__main__.py"] = "from . import main\n"
    after = published(write(tmp_path / "after", rebuilt))
    found = differences(before, after, Explained({"greeter.__main__"}, {"console_scripts run"}))
    assert "metadata author: 'A Maintainer' -> -" in found
    assert "metadata classifiers: 'License :: OSI Approved :: MIT License' -> -" in found
    assert not any("version" in line or "requires_dist" in line for line in found)
    assert not any("entry point" in line or "module" in line for line in found)
    unexplained = differences(before, after, Explained())
    assert "module greeter.__main__: added" in unexplained
    assert "entry point console_scripts run: - -> greeter.__main__:main" in unexplained


HATCH_TOOL = {
    "tool.py": "def main():\n    print('tool')\n",
    "pyproject.toml": """
        [build-system]
        requires = ["hatchling"]
        build-backend = "hatchling.build"

        [project]
        name = "tool"
        version = "2.0"

        [project.scripts]
        tool = "tool:main"

        [tool.hatch.build]
        include = ["/tool.py"]
    """,
}


@pytest.mark.slow
def test_an_sdist_without_the_code_is_caught(tmp_path: Path) -> None:
    """The wheel is built from the sdist: `include = ["/tool.py"]` left after the move gives
    an sdist with no code, so a wheel with no module (the tree's own wheel would be fine)."""
    before = published(write(tmp_path / "before", HATCH_TOOL))
    assert before.modules == {"tool"}
    moved = {
        "src/tool/__init__.py": HATCH_TOOL["tool.py"],
        "pyproject.toml": HATCH_TOOL["pyproject.toml"]
        + '\n        [tool.hatch.build.targets.wheel]\n        packages = ["src/tool"]\n',
    }
    after = published(write(tmp_path / "after", moved))
    assert differences(before, after, Explained()) == ["module tool: lost"]
    fixed = dict(moved)
    fixed["pyproject.toml"] = fixed["pyproject.toml"].replace('"/tool.py"', '"/src/tool"')
    after = published(write(tmp_path / "fixed", fixed))
    assert differences(before, after, Explained()) == []  # tool.py is tool/__init__.py


EXTENSION = {
    "fast/__init__.py": "from ._speed import answer\n",
    "fast/_speed.c": """
        #include <Python.h>
        static PyObject *answer(PyObject *self, PyObject *args) { return PyLong_FromLong(42); }
        static PyMethodDef methods[] = {{"answer", answer, METH_NOARGS, ""}, {NULL, NULL, 0, NULL}};
        static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "_speed", "", -1, methods};
        PyMODINIT_FUNC PyInit__speed(void) { return PyModule_Create(&module); }
    """,
    "setup.py": """
        from setuptools import Extension, setup

        setup(
            name="fast",
            version="1",
            packages=["fast"],
            ext_modules=[Extension("fast._speed", ["fast/_speed.c"])],
        )
    """,
}


@pytest.mark.slow
def test_a_dropped_extension_is_named(tmp_path: Path) -> None:
    before = published(write(tmp_path / "before", EXTENSION))
    assert before.extensions == {"fast._speed"}
    assert before.tag != "py3-none-any"
    dropped = dict(
        EXTENSION,
        **{
            "setup.py": EXTENSION["setup.py"].replace(
                'ext_modules=[Extension("fast._speed", ["fast/_speed.c"])],', ""
            )
        },
    )
    after = published(write(tmp_path / "after", dropped))
    found = differences(before, after, Explained())
    assert "compiled extension fast._speed: lost" in found
    assert f"wheel tag: {before.tag} -> py3-none-any" in found


def test_a_build_that_fails_says_why_in_one_line(tmp_path: Path) -> None:
    broken = write(tmp_path / "broken", {"setup.py": "from setuptools import setup\nsetup(\n"})
    with pytest.raises(artifacts.BuildFailed) as failed:
        published(broken)
    assert "\n" not in str(failed.value) and str(failed.value)


def test_a_setuptools_scm_version_is_compared_without_the_copys_commit() -> None:
    """The proof builds each side from a copy committed anew: `+g<hash>` differs, the
    project's version does not (python-tabulate: 0.1.dev1+g37aa36e67 / +gd6670095d)."""
    one = artifacts.metadata(METADATA.replace("1.0.dev", "0.1.dev1+g37aa36e67"))
    two = artifacts.metadata(METADATA.replace("1.0.dev", "0.1.dev1+gd6670095d.d20261207"))
    assert one["version"] == two["version"] == "0.1.dev1"
    assert artifacts.metadata(METADATA.replace("1.0.dev", "1.0+local"))["version"] == "1.0+local"


def wheel_with(folder: Path, files: dict[str, str]) -> artifacts.Published:
    """A wheel with these files, read as the proof reads one."""
    import zipfile

    folder.mkdir()
    path = folder / "tool-1.0-py3-none-any.whl"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("tool-1.0.dist-info/METADATA", METADATA)
        for file, text in files.items():
            archive.writestr(file, text)
    return artifacts.read_wheel(path)


def test_a_published_module_whose_code_changed_is_named(tmp_path: Path) -> None:
    """yamllint (exam E1): a string inside the package was rewritten ('yamllint' ->
    'src/yamllint' in a path under $XDG_CONFIG_HOME); names alone compared the same."""
    code = "import os\nCONFIG = os.path.join(os.environ['HOME'], 'tool', 'config')\n"
    before = wheel_with(tmp_path / "before", {"tool/cli.py": code})
    changed = code.replace("'tool', 'config'", "'src/tool', 'config'")
    after = wheel_with(tmp_path / "after", {"tool/cli.py": changed})
    assert differences(before, after, Explained()) == ["module tool.cli: its code changed"]


def test_a_generated_version_file_differs_only_by_the_copys_commit(tmp_path: Path) -> None:
    scm = "version = '0.1.dev1+g37aa36e67'\n"
    one = wheel_with(tmp_path / "one", {"tool/_version.py": scm})
    other = scm.replace("37aa36e67", "d6670095d.d20261207")
    two = wheel_with(tmp_path / "two", {"tool/_version.py": other})
    assert differences(one, two, Explained()) == []
