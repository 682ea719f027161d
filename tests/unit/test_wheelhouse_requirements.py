"""The wheelhouse's inputs: requirements and Python versions read from every seat."""

from __future__ import annotations

import sys
from pathlib import Path

from helpers import python_releases


def test_requirements_and_pythons_come_from_every_seat(tmp_path: Path) -> None:
    from modfirst.cli import parse
    from modfirst.kit.wheelhouse import (
        options_of,
        pyprojects,
        python_versions,
        requirements_of,
        tool_names,
    )

    kit = tmp_path / "kit"
    for seat, backend, deps, python in [
        ("ada", "uv_build>=0.13,<0.14", '["click>=8.1"]', "3.12"),
        ("grace", "hatchling>=1.27", '["typer>=0.12", "packaging>=23"]', "3.13"),
    ]:
        (kit / seat).mkdir(parents=True)
        (kit / seat / ".copier-answers.yml").write_text(f"package_name: {seat}\n")
        (kit / seat / "pyproject.toml").write_text(
            f'[build-system]\nrequires = ["{backend}"]\n\n'
            f'[project]\nname = "{seat}"\nrequires-python = ">={python}"\ndependencies = {deps}\n'
            '\n[dependency-groups]\ndev = ["pytest>=8", "ruff>=0.6"]\n'
        )
    (kit / "_kit").mkdir()
    (kit / "_kit" / "pyproject.toml").write_text("not a seat")
    args = parse(["kit", "wheelhouse", str(tmp_path / "wheels"), "--kit", str(kit)])
    found = pyprojects(options_of(args), tmp_path)
    assert [p.parent.name for p in found] == ["ada", "grace"]
    read = [requirements_of(p) for p in found]
    assert read[0] == (["uv_build>=0.13,<0.14", "click>=8.1", "pytest>=8"], ">=3.12")
    assert sorted({r for reqs, _ in read for r in reqs}) == [
        "click>=8.1",
        "hatchling>=1.27",
        "packaging>=23",
        "pytest>=8",
        "typer>=0.12",
        "uv_build>=0.13,<0.14",
    ]
    assert "ruff>=0.6" in requirements_of(found[0], whole_dev_group=True)[0]
    # the offline install line names what was gathered besides the project
    assert tool_names(found, False) == ["pytest"]
    assert tool_names(found, True) == ["pytest", "ruff"]
    newest = max(int(python_releases()[-1]["version"].split(".")[1]), sys.version_info[1])
    assert python_versions([">=3.12", ">=3.13"]) == [f"3.{m}" for m in range(12, newest + 1)]
