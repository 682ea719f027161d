"""A dynamic import adopt does not rewrite is reported: the risk list follows what the string
rewrite was given, not a wider guess (a flat package's module importing a top-level module by
name was neither rewritten nor reported)."""

from __future__ import annotations

from pathlib import Path

from adopt_fixtures import write_project

from modfirst.adopt.model import Options
from modfirst.adopt.plan import plan


def test_an_unrewritten_import_module_in_a_flat_package_is_a_risk(tmp_path: Path) -> None:
    root = write_project(
        tmp_path / "pkg",
        {
            "pkg/__init__.py": "",
            "pkg/core.py": 'from importlib import import_module\nTOOL = import_module("tool")\n',
            "tool.py": 'if __name__ == "__main__":\n    print(1)\n',
        },
    )
    adoption = plan(root, Options(package="pkg"))
    rewritten = any('"tool"' in edit.before for edit in adoption.imports)
    reported = any("import_module('tool')" in risk for risk in adoption.risks)
    assert rewritten or reported, adoption.risks
