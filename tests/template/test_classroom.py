"""Workshop projects carry a GitHub Classroom autograding workflow that is valid, least-privilege,
and whose every grader step fails on the untouched exercise and passes once it is solved."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from helpers import check_jsonschema, copy

pytestmark = pytest.mark.slow

GRADER = "classroom-resources/autograding-command-grader@d5b3fa6f50f7f629b7bfae0cc3e4c58852b412d5"
REPORTER = (
    "classroom-resources/autograding-grading-reporter@d13b5912daf5042ac1b71bc38bdb4a6bcd61d8ca"
)


@pytest.fixture(scope="module")
def generated(template: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    destination = tmp_path_factory.mktemp("classroom") / "ada"
    copy(template, destination, workshop="true")
    return destination


def workflow(project: Path) -> dict[Any, Any]:
    loaded = yaml.safe_load((project / ".github" / "workflows" / "classroom.yml").read_text())
    assert isinstance(loaded, dict)
    return loaded


def grader_steps(project: Path) -> list[dict[str, Any]]:
    (job,) = workflow(project)["jobs"].values()
    return [step for step in job["steps"] if step.get("uses") == GRADER]


def test_only_workshop_projects_get_it(template: Path, tmp_path: Path) -> None:
    copy(template, tmp_path / "plain")
    assert not (tmp_path / "plain" / ".github" / "workflows" / "classroom.yml").exists()


def test_matches_the_github_workflow_schema(generated: Path) -> None:
    result = check_jsonschema(
        "--builtin-schema",
        "vendor.github-workflows",
        str(generated / ".github" / "workflows" / "classroom.yml"),
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_classroom_format_and_least_privilege(generated: Path) -> None:
    document = workflow(generated)
    assert document["permissions"] == {"checks": "write", "actions": "read", "contents": "read"}
    (job,) = document["jobs"].values()
    assert "permissions" not in job
    graders = grader_steps(generated)
    assert [step["id"] for step in graders] == [f"exercise-{n}" for n in (1, 2, 3, 4)]
    for number, step in enumerate(graders, 1):
        settings = step["with"]
        assert settings["command"].endswith(f"python -m exercises.check {number}")
        assert settings["test-name"].startswith(f"Exercise {number}: ")
        assert settings["timeout"] > 0 and settings["max-score"] > 0
    (reporter,) = [step for step in job["steps"] if step.get("uses") == REPORTER]
    ids = [step["id"] for step in graders]
    assert reporter["with"]["runners"].split(",") == ids
    assert reporter["env"] == {
        f"{i.upper()}_RESULTS": f"${{{{ steps.{i}.outputs.result }}}}" for i in ids
    }
    # Titles come from the same list as the self-check's own.
    check = (generated / "exercises" / "check.py").read_text()
    for step in graders:
        assert f'"{step["with"]["test-name"].split(": ", 1)[1]}"' in check
