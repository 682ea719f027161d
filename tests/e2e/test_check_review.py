"""The repo-review plugin: with modfirst installed, the real `repo-review` shows MF001-MF005
beside the Scientific Python checks, in its terminal, JSON and HTML outputs."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from helpers import REPO, extract, python_m, render

pytestmark = pytest.mark.slow
IDS = ["MF001", "MF002", "MF003", "MF004", "MF005"]


def review(project: Path, *options: str) -> str:
    result = python_m("repo_review", str(project), *options, cwd=project, timeout=120)
    assert result.returncode in (0, 3), result.stderr  # 3: some check failed
    return result.stdout


def results(project: Path) -> dict[str, Any]:
    checks = json.loads(review(project, "--format", "json"))["checks"]
    return {id: checks[id]["result"] for id in IDS}


@pytest.fixture(scope="module")
def generated(template: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return render(template, tmp_path_factory.mktemp("review") / "demo", project_name="demo")


def test_a_generated_project_passes_every_modfirst_check(generated: Path) -> None:
    assert results(generated) == dict.fromkeys(IDS, True)
    families = json.loads(review(generated, "--format", "json"))["families"]
    assert "modfirst" in families and "general" in families  # beside sp-repo-review's own


@pytest.mark.parametrize(
    ("id", "breaks"),
    [
        ("MF001", lambda root, pkg: (root / "src" / pkg / "__main__.py").unlink()),
        ("MF003", lambda root, pkg: (root / "src" / pkg / "core.py").write_text(
            "import sys\nsys.path.insert(0, '.')\n")),
        ("MF004", lambda root, pkg: (root / "src" / "json.py").write_text("")),
    ],
)  # fmt: skip
def test_a_broken_project_names_the_failing_check(
    generated: Path, tmp_path: Path, id: str, breaks: Any
) -> None:
    broken = tmp_path / "broken"
    shutil.copytree(generated, broken)
    breaks(broken, "demo")
    found = results(broken)
    assert found == {**dict.fromkeys(IDS, True), id: False}
    terminal = review(broken, "--select", id)
    assert id in terminal and "Fix:" in terminal


def test_a_real_project_in_every_output(tmp_path: Path) -> None:
    """pypa/sampleproject (pinned under tests/corpora/real): MF001 fails in all three outputs."""
    archive = next((REPO / "tests" / "corpora" / "real").glob("sampleproject-*.tar.gz"))
    extract(archive, tmp_path)
    project = tmp_path / "sampleproject"
    assert results(project) == {**dict.fromkeys(IDS, True), "MF001": False}
    html = review(project, "--format", "html")
    assert "MF001" in html and "src/sample/__main__.py is missing" in html
