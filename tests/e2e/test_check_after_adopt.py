"""`modfirst check` right after `modfirst adopt`, which leaves its changes staged: the update
trial (a clone of the last commit) says the answers file must be committed first, instead of
copier's "cannot obtain old template references"; once committed, the trial runs and the drift
lists no template file the project never had as deleted."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from adopt_fixtures import SCRIPT_FOLDER, write_project

from helpers import REPO, commit_all, git, modfirst, snapshot

pytestmark = pytest.mark.slow


def test_check_after_adopt_staged_then_committed(tmp_path: Path) -> None:
    template = snapshot(tmp_path / "modfirst template")
    git("tag", "1.0.0", cwd=template)
    project = write_project(tmp_path / "tool", SCRIPT_FOLDER)
    adopted = modfirst(
        REPO, "adopt", str(project), "--template", str(template), "--vcs-ref", "1.0.0",
        "--no-proof",
    )  # fmt: skip
    assert adopted.returncode == 0, adopted.stdout + adopted.stderr
    assert git("diff", "--cached", "--name-only", cwd=project)  # staged, not committed

    staged = json.loads(modfirst(REPO, "check", str(project), "--json").stdout)
    error = staged["update"]["error"]
    assert ".copier-answers.yml is not in the last commit" in error, staged["update"]
    assert "cannot obtain old template references" not in error

    commit_all(project, "adopted")
    committed = json.loads(modfirst(REPO, "check", str(project), "--json").stdout)
    assert committed["update"]["error"] == "", committed["update"]
    assert committed["template"]["reachable"] and committed["template"]["latest"] == "1.0.0"
    # Files adopt never took from the template are not "deleted" (the issue saw 16).
    assert committed["drift"]["deleted"] == [], committed["drift"]
