"""Workshop projects carry the exercises workflow (.github/workflows/classroom.yml): valid,
read-only, pinned and free of any classroom service; it checks exactly the
exercises that have a grader command. tests/e2e/test_classroom_graders.py runs its steps."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from helpers import check_jsonschema, copy

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def generated(template: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    destination = tmp_path_factory.mktemp("classroom") / "ada"
    copy(template, destination, workshop="true")
    return destination


def workflow(project: Path) -> dict[Any, Any]:
    loaded = yaml.safe_load((project / ".github" / "workflows" / "classroom.yml").read_text())
    assert isinstance(loaded, dict)
    return loaded


def test_only_workshop_projects_get_it(template: Path, tmp_path: Path) -> None:
    copy(template, tmp_path / "plain")
    assert not (tmp_path / "plain" / ".github" / "workflows" / "classroom.yml").exists()


def test_matches_the_github_workflow_schema(generated: Path) -> None:
    path = generated / ".github" / "workflows" / "classroom.yml"
    result = check_jsonschema("--builtin-schema", "vendor.github-workflows", str(path))
    assert result.returncode == 0, result.stdout + result.stderr


def test_read_only_pinned_and_no_classroom_service(generated: Path) -> None:
    document = workflow(generated)
    assert document["permissions"] == {"contents": "read"}
    (job,) = document["jobs"].values()
    assert "permissions" not in job
    actions = [step["uses"] for step in job["steps"] if "uses" in step]
    assert [a.split("@")[0] for a in actions] == [
        "actions/checkout",
        "actions/setup-python",
        "actions/upload-artifact",
    ]
    assert all(re.fullmatch(r"[0-9a-f]{40}", a.split("@")[1]) for a in actions), actions
    text = (generated / ".github" / "workflows" / "classroom.yml").read_text()
    assert "classroom-resources" not in text and "checks: write" not in text
    # the exercises with a grader command in includes/exercises.jinja, as the self-check has them
    runs = "\n".join(step.get("run", "") for step in job["steps"])
    assert "python -m exercises.check --json 1 2 3 4 > exercise-results.json" in runs
    assert "python -m pip install -e ." in runs  # exercise 4's set-up
