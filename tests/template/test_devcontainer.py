"""The `devcontainer` question: a dev container that matches python_min and installs the project,
valid against the dev container schema; its default (off) leaves projects as they were."""

from __future__ import annotations

import json
import shlex
from pathlib import Path

import pytest
import yaml

from helpers import (
    check_jsonschema,
    question_choices,
    render,
)

SCHEMA = Path(__file__).resolve().parents[1] / "schemas" / "devContainer.base.schema.json"
QUESTION = "devcontainer"


def test_off_by_default(template: Path, tmp_path: Path) -> None:
    project = render(template, tmp_path / "p")
    assert not (project / ".devcontainer").exists()
    assert yaml.safe_load((project / ".copier-answers.yml").read_text())[QUESTION] is False


@pytest.mark.parametrize("python_min", question_choices("python_min"))
def test_matches_python_min_and_the_schema(template: Path, tmp_path: Path, python_min: str) -> None:
    project = render(
        template, tmp_path / "p", devcontainer=True, python_min=python_min, project_name='Zoë "Z"'
    )
    path = project / ".devcontainer" / "devcontainer.json"
    config = json.loads(path.read_text(encoding="utf-8"))
    assert config["name"] == 'Zoë "Z"'
    assert config["image"].endswith(f":1-{python_min}-bookworm")
    assert shlex.split(config["postCreateCommand"])[:5] == ["python", "-m", "pip", "install", "-e"]
    result = check_jsonschema("--schemafile", str(SCHEMA), str(path))
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_schema_refuses_a_broken_config(tmp_path: Path) -> None:
    broken = tmp_path / "devcontainer.json"
    broken.write_text('{"image": 3, "postCreateCommand": "x"}')
    result = check_jsonschema("--schemafile", str(SCHEMA), str(broken))
    assert result.returncode == 1, result.stdout
