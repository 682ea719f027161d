"""mkdocs.yml of a generated project keeps any project name exactly."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from helpers import render as render_project

PROJECT_NAME = "Docs Demo"


def render(template: Path, destination: Path, **data: object) -> Path:
    return render_project(template, destination, **{"project_name": PROJECT_NAME, **data})


@pytest.mark.parametrize(
    "name",
    ['He said "hi": {{ x }} # not a comment', "- yes", "null", "Zoë's ✓ \\ project"],
)
def test_mkdocs_yml_keeps_any_project_name_exactly(
    template: Path, tmp_path: Path, name: str
) -> None:
    project = render(template, tmp_path / "p", project_name=name, package_name="demo")
    config = yaml.safe_load((project / "mkdocs.yml").read_text(encoding="utf-8"))
    assert config["site_name"] == name
    assert config["site_description"] == "A module-first Python project."
