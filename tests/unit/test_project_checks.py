"""update's lint and tests on a project without a noxfile: pytest runs the project's tests, and
the project's own top-level modules (a logging.py) never shadow what pytest itself imports."""

from __future__ import annotations

from pathlib import Path

from modfirst.update import project_checks


def test_pytest_is_not_broken_by_the_projects_own_logging_py(tmp_path: Path) -> None:
    project = tmp_path / "proj"
    (project / "tests").mkdir(parents=True)
    (project / "logging.py").write_text("raise ImportError('the project logging.py')\n")
    (project / "tests" / "test_one.py").write_text("def test_one() -> None:\n    assert True\n")
    steps = {step.name: step for step in project_checks.run_checks(project)}
    pytest_step = steps["pytest"]
    assert (pytest_step.exit_status, pytest_step.counts) == (0, {"pytest": "1 passed"}), (
        pytest_step.tail
    )
