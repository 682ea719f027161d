"""Real published projects adopted end to end (issue 22): what they publish is kept, their own
tests give the same counts before and after in a fresh venv, and a refusal changes nothing.

A representative subset of tests/corpora/adopt_real (the whole corpus, about 8 minutes on two
cores, is `python -m benchmarks.adopt_corpus`, whose table is benchmarks/adopt_corpus.md): one
published module with setup.py, one with hatchling, a shebang entry file, a setup.py that
keeps building, and a refusal.
"""

from __future__ import annotations

import subprocess
import tomllib
from pathlib import Path

from adopt_fixtures import modfirst, run_python

from helpers import REPO, extract, git

CORPUS = REPO / "tests" / "corpora"


def unpack(archive: Path, into: Path) -> Path:
    """The archive as a one-commit repository, as its owner would have it."""
    extract(archive, into)
    root = next(p for p in into.iterdir() if p.is_dir())
    git("init", "-q", "-b", "main", cwd=root)
    git("add", "-A", cwd=root)
    git("-c", "user.name=t", "-c", "user.email=t@example.invalid", "commit", "-qm", "x", cwd=root)
    return root


def adopt(project: Path, template: Path) -> subprocess.CompletedProcess[str]:
    return modfirst("adopt", project, "--template", template, "--vcs-ref", "HEAD", cwd=project)


def nothing_lost(project: Path, original: list[str]) -> list[str]:
    """Files of the original commit neither at their path nor renamed by the staged change."""
    renamed = {
        line.split("\t")[1]
        for line in git("diff", "--staged", "--name-status", "-M", cwd=project).splitlines()
        if line.startswith("R")
    }
    return [f for f in original if not (project / f).exists() and f not in renamed]


def test_a_single_published_module_keeps_its_import_scripts_and_version(
    template: Path, tmp_path: Path
) -> None:
    project = unpack(CORPUS / "real" / "speedtest-cli-22210ca35228.tar.gz", tmp_path)
    original = git("ls-files", cwd=project).splitlines()
    result = adopt(project, template)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "git mv speedtest.py -> src/speedtest/__init__.py" in result.stdout
    # setup.py keeps building it (issue 31): the maintainer's two edits, nothing rebuilt.
    assert not (project / "pyproject.toml").exists()
    setup = (project / "setup.py").read_text()
    assert 'package_dir={"": "src"}' in setup and "packages=['speedtest']" in setup
    assert "published the same: " in result.stdout  # sdist and wheel, before and after
    assert "programs behave the same: `speedtest --help`, `speedtest-cli --help`" in result.stdout
    assert "`python -m speedtest --help` behaves as `speedtest --help`" in result.stdout
    assert not (project / "README.md").exists()  # README.rst is its README
    assert nothing_lost(project, original) == []
    imported = run_python(
        "-c", "import speedtest; print(speedtest.__version__, speedtest.main.__module__)",
        cwd=tmp_path, path=project / "src",
    )  # fmt: skip
    assert imported.stdout == "2.1.4b1 speedtest\n", imported.stderr


def test_a_hatch_module_keeps_its_paths_and_its_exact_test_counts(
    template: Path, tmp_path: Path
) -> None:
    project = unpack(CORPUS / "adopt_real" / "tldr-python-client-85eda9793fff.tar.gz", tmp_path)
    result = adopt(project, template)
    assert result.returncode == 0, result.stdout + result.stderr
    # One test fails as published (it needs the network); the same one fails after.
    assert (
        "tests (pytest, fresh venv): 30 passed, 1 failed before; 30 passed, 1 failed after: "
        "same outcomes"
    ) in result.stdout
    pyproject = tomllib.loads((project / "pyproject.toml").read_text())
    assert pyproject["tool"]["hatch"]["version"]["path"] == "src/tldr/__init__.py"
    # The sdist takes the package, with the __main__.py adoption writes (issue 31).
    assert "src/tldr" in pyproject["tool"]["hatch"]["build"]["targets"]["sdist"]["include"]
    assert pyproject["project"]["requires-python"] == ">=3.10"
    assert pyproject["project"]["scripts"] == {"tldr": "tldr:cli"}


def test_a_shebang_entry_file_is_adopted_with_its_tests(template: Path, tmp_path: Path) -> None:
    project = unpack(CORPUS / "adopt_real" / "toothpyk-d5e306be6a2f.tar.gz", tmp_path)
    result = adopt(project, template)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "git mv pyk -> src/toothpyk/pyk.py" in result.stdout
    # The test loads the script by its path: the path follows the move; the module name it
    # gives the loader ("pyk", the same word) stays a name.
    assert '"./pyk" -> "./src/toothpyk/pyk.py"' in result.stdout
    assert '"pyk" ->' not in result.stdout
    assert "1 passed before; 1 passed after: same outcomes" in result.stdout


def test_a_setup_py_build_finds_the_package_under_src(template: Path, tmp_path: Path) -> None:
    """pyproject.toml names setuptools without [project]: setup.py keeps building, pointed at
    src/, and its own read of pysnooper/__init__.py follows the move."""
    project = unpack(CORPUS / "adopt_real" / "PySnooper-4be5c156ffc3.tar.gz", tmp_path)
    pyproject = (project / "pyproject.toml").read_bytes()
    result = adopt(project, template)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "85 passed before; 85 passed after: same outcomes" in result.stdout
    setup = (project / "setup.py").read_text()
    assert "read_file('src/pysnooper/__init__.py')" in setup
    assert 'package_dir={"": "src"}' in setup
    assert "find_packages(exclude=['tests*'], where=\"src\")" in setup
    assert (project / "pyproject.toml").read_bytes().startswith(pyproject)


def test_a_folder_of_numbered_scripts_is_refused_in_one_line_with_nothing_changed(
    template: Path, tmp_path: Path
) -> None:
    project = unpack(CORPUS / "adopt_real" / "python-scripts-cb448c2dc359.tar.gz", tmp_path)
    result = adopt(project, template)
    assert result.returncode == 2, result.stdout + result.stderr
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert "no importable module or package at the top" in result.stderr
    assert git("status", "--porcelain", cwd=project) == ""
