"""`modfirst check`'s module-first health checks (MF001-MF005, MF008) on small trees and on real
projects (tests/corpora/real), without running anything."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from helpers import REPO, extract
from modfirst.check.health import CHECKS, FAILED, PASSED, SKIPPED, Finding, run_checks

CORPUS = REPO / "tests" / "corpora" / "real"
GOOD = {
    "pyproject.toml": """
        [project]
        name = "demo"
        version = "1.0"
        requires-python = ">=3.11"
        classifiers = [
            "Programming Language :: Python :: 3",
            "Programming Language :: Python :: 3.11",
            "Programming Language :: Python :: 3.12",
        ]
        [project.scripts]
        demo = "demo.cli:main"
        """,
    "src/demo/__init__.py": "",
    "src/demo/__main__.py": """
        \"\"\"python -m demo\"\"\"
        from .cli import main

        if __name__ == "__main__":
            raise SystemExit(main())
        """,
    "src/demo/cli.py": "def main() -> int:\n    return 0\n",
    ".github/workflows/ci.yml": """
        jobs:
          test:
            strategy:
              matrix:
                python-version: ["3.11", "3.12"]
        """,
    ".github/workflows/template-update.yml": "name: Template update\n",
    ".copier-answers.yml": "_commit: 1.0.0\n_src_path: gh:ana/modfirst\n",
}


def write(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")
    return root


def finding(root: Path, id: str) -> Finding:
    return next(f for f in run_checks(root) if f.id == id)


def unpack(archive: str, tmp_path: Path) -> Path:
    extract(next(CORPUS.glob(f"{archive}-*.tar.gz")), tmp_path)
    return tmp_path / archive


def test_a_module_first_project_passes_every_check(tmp_path: Path) -> None:
    findings = run_checks(write(tmp_path, GOOD))
    assert [(f.id, f.status) for f in findings] == [(id, PASSED) for id in CHECKS]


@pytest.mark.parametrize(
    ("id", "change", "reason"),
    [
        ("MF001", {"src/demo/__main__.py": None}, "src/demo/__main__.py is missing"),
        (
            "MF001",
            {"src/demo/__main__.py": "import sys\nfor a in sys.argv:\n    print(a)\n"},
            "does more than call main()",
        ),
        ("MF002", {"pyproject.toml": ("demo.cli:main", "demo.__main__:main")}, "points into"),
        ("MF002", {"pyproject.toml": ("demo.cli:main", "demo.cli")}, "names a module"),
        ("MF002", {"pyproject.toml": ("demo.cli:main", "demo.cli:run")}, "defines no run"),
        (
            "MF003",
            {"src/demo/util.py": "import sys\nsys.path.insert(0, '..')\n"},
            "src/demo/util.py:2 changes sys.path",
        ),
        ("MF003", {"src/demo/util.py": "import sys\nsys.path += ['x']\n"}, "util.py:2"),
        ("MF004", {"src/string.py": ""}, "src/string.py shadows the standard-library"),
        ("MF004", {"logging/__init__.py": ""}, "logging/ shadows"),
        ("MF005", {"pyproject.toml": ('">=3.11"', '">=3.12"')}, "starts at 3.12 but"),
        (
            "MF005",
            {".github/workflows/ci.yml": ('["3.11", "3.12"]', '["3.10", "3.12"]')},
            "the CI matrix at 3.10",
        ),
    ],
)
def test_each_check_fails_with_a_reason_and_a_fix(
    tmp_path: Path, id: str, change: dict[str, object], reason: str
) -> None:
    root = write(tmp_path, GOOD)
    for name, edit in change.items():
        path = root / name
        if edit is None:
            path.unlink()
        elif isinstance(edit, tuple):
            path.write_text(path.read_text(encoding="utf-8").replace(*edit), encoding="utf-8")
        else:
            write(root, {name: str(edit)})
    found = finding(root, id)
    assert found.status == FAILED and reason in found.reason, found
    assert found.fix
    others = [f for f in run_checks(root) if f.id != id]
    assert all(f.status == PASSED for f in others), others  # one fault, one failing check


def test_checks_that_do_not_apply_are_skipped(tmp_path: Path) -> None:
    write(tmp_path, {"script.py": "print('hi')\n"})
    statuses = {f.id: f.status for f in run_checks(tmp_path)}
    assert statuses == {
        "MF001": SKIPPED,
        "MF002": SKIPPED,
        "MF003": SKIPPED,
        "MF004": PASSED,
        "MF005": SKIPPED,
        "MF008": SKIPPED,
    }


def test_setup_cfg_console_scripts_are_read(tmp_path: Path) -> None:
    write(tmp_path, {**GOOD, "pyproject.toml": "[project]\nname = 'demo'\n"})
    write(tmp_path, {"setup.cfg": "[options.entry_points]\nconsole_scripts =\n  d = demo.cli:go\n"})
    assert "defines no go" in finding(tmp_path, "MF002").reason


def test_real_sampleproject_lacks_a_main_module(tmp_path: Path) -> None:
    """pypa/sampleproject: `sample = "sample:main"`, no src/sample/__main__.py."""
    root = unpack("sampleproject", tmp_path)
    statuses = {f.id: f.status for f in run_checks(root)}
    others = {id: PASSED for id in CHECKS if id not in ("MF001", "MF008")}
    assert statuses == {"MF001": FAILED, **others, "MF008": SKIPPED}  # no template-update.yml
    found = finding(root, "MF001")
    assert "python -m sample" in found.reason and "`from . import main`" in found.fix


def test_real_single_module_project_has_no_package_to_check(tmp_path: Path) -> None:
    """sivel/speedtest-cli: one module, setup.py, no pyproject: nothing shadows, the rest
    does not apply."""
    root = unpack("speedtest-cli", tmp_path)
    statuses = {f.id: f.status for f in run_checks(root)}
    assert statuses["MF004"] == PASSED
    assert {statuses[id] for id in ("MF001", "MF003", "MF005")} == {SKIPPED}


def test_folders_beside_src_are_not_package_code(tmp_path: Path) -> None:
    """A workshop's exercises/ sits beside src/ and is not installed: its sys.path edit (the
    self-check protects itself from shadowing) is not the package's."""
    root = write(tmp_path, GOOD)
    write(root, {"exercises/__init__.py": "", "exercises/check.py": "import sys\n"})
    write(root, {"exercises/more.py": "import sys\nsys.path.insert(0, 'x')\n"})
    assert finding(root, "MF003").status == PASSED
    write(root, {"src/demo/more.py": "import sys\nsys.path.insert(0, 'x')\n"})
    assert finding(root, "MF003").status == FAILED
