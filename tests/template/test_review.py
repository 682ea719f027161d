"""What a maintainer who knows scientific-python/cookie checks first, on every variant.

Each rendered project (render only, `skip_tasks`) must pass Scientific Python's repo-review
with 0 failed (the default project: at least 70 passed), zizmor (offline) on its workflows and
Dependabot config with no findings, and the spelling and Markdown hooks of its own
pre-commit config (codespell, mdformat with the same plugins).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from helpers import python_m, question_choices, render

BACKENDS = question_choices("build_backend")
CLIS = question_choices("cli_framework")
TOOL_TIMEOUT = 300
# Checks repo-review must pass on the default project (the floor; cookie's own: 70).
MIN_PASSED = 70


def tool(*argv: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return python_m(*argv, cwd=cwd, timeout=TOOL_TIMEOUT)


def repo_review(project: Path) -> dict[str, dict[str, Any]]:
    """repo-review's verdict per check id: result True (passed), False (failed), None (skipped)."""
    result = tool("repo_review", "--format", "json", str(project), cwd=project)
    assert result.returncode in (0, 1), result.stderr
    checks: dict[str, dict[str, Any]] = json.loads(result.stdout)["checks"]
    return checks


def failed(checks: dict[str, dict[str, Any]]) -> dict[str, str]:
    return {
        name: f"{check['description']}: {check['err_msg'][:300]}"
        for name, check in checks.items()
        if check["result"] is False
    }


def zizmor_findings(project: Path) -> str:
    """zizmor's report on the workflows and dependabot.yml; empty when it found nothing."""
    result = subprocess.run(
        [
            str(Path(sys.executable).parent / "zizmor"),
            "--offline",
            "--no-progress",
            "--format",
            "plain",
            str(project / ".github"),
        ],
        capture_output=True,
        text=True,
        timeout=TOOL_TIMEOUT,
        check=False,
    )
    return "" if result.returncode == 0 else result.stdout + result.stderr


def markdown_and_spelling_problems(project: Path) -> list[str]:
    """Run codespell and mdformat as the project's pre-commit config asks, on its files."""
    config = yaml.safe_load((project / ".pre-commit-config.yaml").read_text())
    hooks = {hook["id"]: hook for repo in config["repos"] for hook in repo["hooks"]}
    assert {"codespell", "mdformat"} <= set(hooks)
    # The test environment has exactly the plugins the hook declares (mdformat loads every
    # installed plugin), so a plugin added to the hook must be added to requirements-test.txt.
    assert hooks["mdformat"]["additional_dependencies"] == ["mdformat-gfm"]
    problems = []
    spelling = tool("codespell_lib", cwd=project)
    if spelling.returncode != 0:
        problems.append("codespell:\n" + spelling.stdout + spelling.stderr)
    markdown = [
        str(p.relative_to(project))
        for p in project.rglob("*.md")
        if p.relative_to(project).parts[0] != "exercises"  # excluded by the hook
    ]
    formatting = tool("mdformat", "--check", *markdown, cwd=project)
    if formatting.returncode != 0:
        problems.append("mdformat:\n" + formatting.stdout + formatting.stderr)
    return problems


def test_default_project_passes_repo_review_zizmor_and_its_hooks(
    template: Path, tmp_path: Path
) -> None:
    project = render(template, tmp_path / "default")
    checks = repo_review(project)
    passed = sorted(name for name, check in checks.items() if check["result"] is True)
    assert failed(checks) == {}
    assert len(passed) >= MIN_PASSED, f"{len(passed)} passed: {passed}"
    # The families a docs site, nox and Dependabot bring must run, not be skipped.
    for family in ("NOX1", "NOX2", "RTD1", "GH21", "SEC0", "PC9"):
        assert any(name.startswith(family) for name in passed), family
    assert zizmor_findings(project) == ""
    assert markdown_and_spelling_problems(project) == []


def test_every_action_is_pinned_by_commit_with_its_version(template: Path, tmp_path: Path) -> None:
    project = render(template, tmp_path / "p")
    uses = [
        line.split("uses:", 1)[1].strip()
        for workflow in (project / ".github" / "workflows").glob("*.yml")
        for line in workflow.read_text().splitlines()
        if line.strip().startswith(("uses:", "- uses:"))
    ]
    assert len(uses) >= 8
    for use in uses:
        _action, _, rest = use.partition("@")
        sha, _, comment = rest.partition(" # ")
        assert len(sha) == 40 and all(c in "0123456789abcdef" for c in sha), use
        assert comment.startswith("v") and comment[1].isdigit(), f"{use}: no version comment"


def test_dependabot_groups_actions_and_python_weekly(template: Path, tmp_path: Path) -> None:
    project = render(template, tmp_path / "p")
    config = yaml.safe_load((project / ".github" / "dependabot.yml").read_text())
    updates = {u["package-ecosystem"]: u for u in config["updates"]}
    assert set(updates) == {"github-actions", "pip"}
    for update in updates.values():
        assert update["schedule"]["interval"] == "weekly"
        (group,) = update["groups"].values()
        assert group["patterns"] == ["*"]  # one pull request per ecosystem, not one per package


def test_no_docs_project_explains_the_one_check_it_skips(template: Path, tmp_path: Path) -> None:
    project = render(template, tmp_path / "p", docs="none")
    for absent in ("docs", "mkdocs.yml", ".readthedocs.yaml", ".github/workflows/docs.yml"):
        assert not (project / absent).exists(), absent
    assert "def docs" not in (project / "noxfile.py").read_text()
    checks = repo_review(project)
    assert failed(checks) == {}
    assert "PY004" not in checks  # ignored in pyproject.toml, with the reason beside it
    assert zizmor_findings(project) == ""
    assert markdown_and_spelling_problems(project) == []


@pytest.mark.slow
@pytest.mark.parametrize("workshop", [False, True], ids=["plain", "workshop"])
@pytest.mark.parametrize("cli", CLIS)
@pytest.mark.parametrize("backend", BACKENDS)
def test_every_variant_passes_repo_review_and_zizmor(
    template: Path, tmp_path: Path, backend: str, cli: str, workshop: bool
) -> None:
    project = render(
        template, tmp_path / "p", build_backend=backend, cli_framework=cli, workshop=workshop
    )
    assert failed(repo_review(project)) == {}
    assert zizmor_findings(project) == ""
    assert markdown_and_spelling_problems(project) == []


@pytest.mark.slow
@pytest.mark.parametrize(
    "data",
    [{"python_min": "3.9"}, {"license": "LicenseRef-Proprietary"}],
    ids=["python-3.9", "proprietary"],
)
def test_other_answers_pass_repo_review_and_zizmor(
    template: Path, tmp_path: Path, data: dict[str, str]
) -> None:
    project = render(template, tmp_path / "p", **data)
    assert failed(repo_review(project)) == {}
    assert zizmor_findings(project) == ""
