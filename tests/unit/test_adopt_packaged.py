"""Whether a project was installable before adoption comes from what it declares, not from
the plan's list of kept names (a script folder gets "python -m PKG" there, and its proof then
pip-installed a project that never was one)."""

from __future__ import annotations

import subprocess
from pathlib import Path

from modfirst.adopt.plan import Options, plan

MAIN = 'if __name__ == "__main__":\n    print(1)\n'


def committed(root: Path, files: dict[str, str]) -> Path:
    root.mkdir()
    for name, text in files.items():
        (root / name).write_text(text, encoding="utf-8")
    for args in (["init", "-q"], ["add", "-A"], ["commit", "-q", "-m", "start"]):
        subprocess.run(
            ["git", "-c", "user.name=t", "-c", "user.email=t@e.invalid", *args],
            cwd=root,
            check=True,
            timeout=60,
        )
    return root


def test_a_script_folder_is_not_packaged(tmp_path: Path) -> None:
    adoption = plan(
        committed(tmp_path / "weather", {"weather.py": MAIN, "other.py": MAIN}), Options()
    )
    assert adoption.published  # what it kept, for the plan's text
    assert not adoption.packaged


def test_a_project_with_a_pyproject_name_is_packaged(tmp_path: Path) -> None:
    pyproject = '[project]\nname = "weather"\nversion = "1.0"\n'
    root = committed(tmp_path / "weather", {"weather.py": MAIN, "pyproject.toml": pyproject})
    assert plan(root, Options()).packaged
