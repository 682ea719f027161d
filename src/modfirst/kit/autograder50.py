"""Classroom 50 autograder for the modfirst workshop, copied by `modfirst kit classroom50` to
`<classroom>/autograders/<slug>/autograder.py`. modfirst never imports it: Classroom 50's runner
runs it in each student's checkout, with the Python of the assignment's runtime, so it needs
only the standard library.

The grading files beside it (grading/, the starter's pristine copies) are put back over the
student's, and any that differed are named in the result; then each exercise listed in
autograder.json is one test worth one point: `python -m exercises.check --json N`. Writes
./result.json (classroom50/result/v1) and exits 0 once it ran end to end.
"""

from __future__ import annotations

import datetime
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
GRADING = HERE / "grading"
LIMIT = 600  # seconds for one step; each exercise's own limit is shorter


def put_back() -> list[str]:
    """Copy the pristine grading files over the checkout's; the names that differed."""
    edited = []
    for source in sorted(p for p in GRADING.rglob("*") if p.is_file()):
        name = source.relative_to(GRADING).as_posix()
        target = Path(name)
        if not target.is_file() or target.read_bytes() != source.read_bytes():
            edited.append(name)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target)
    return edited


def run(argv: list[str]) -> subprocess.CompletedProcess[str] | None:
    argv = [sys.executable if argv[0] == "python" else argv[0], *argv[1:]]
    try:
        return subprocess.run(argv, capture_output=True, text=True, timeout=LIMIT, check=False)
    except subprocess.TimeoutExpired:
        return None


def grade(number: int, title: str, setup: list[str] | None, note: str) -> dict[str, object]:
    if setup:
        run(setup)  # a project that does not install fails the check, which says so
    done = run(["python", "-m", "exercises.check", "--json", str(number)])
    passed = False
    try:
        (found,) = json.loads(done.stdout if done else "")["exercises"]
        passed = bool(found["passed"])
        said = found["message"] if passed else f"{found['problem']} {found['hint']}"
    except (TypeError, KeyError, ValueError):
        lines = (done.stderr or done.stdout).strip().splitlines() if done else []
        said = f"the self-check did not run: {lines[-1] if lines else 'no output'}"
    test: dict[str, object] = {
        "test-name": f"Exercise {number}: {title}",
        "passed": passed,
        "score": 1 if passed else 0,
        "max-score": 1,
        "message": " ".join(str(said).split()),
    }
    if note:
        test["note"] = note
    return test


def main() -> int:
    config = json.loads((HERE / "autograder.json").read_text(encoding="utf-8"))
    edited = put_back()
    note = f"graded with the pristine {', '.join(edited)}" if edited else ""
    tests = [
        grade(int(number), title, config["setup"].get(number), note)
        for number, title in sorted(config["exercises"].items(), key=lambda item: int(item[0]))
    ]
    now = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    commit = os.environ.get("COMMIT_URL", "")
    result = {
        "schema": "classroom50/result/v1",
        "classroom": os.environ.get("CLASSROOM", ""),
        "assignment": os.environ.get("ASSIGNMENT", ""),
        "assignment_type": os.environ.get("ASSIGNMENT_TYPE", "individual"),
        "owner": os.environ.get("OWNER") or os.environ.get("USERNAME", ""),
        "submission": os.environ.get("SUBMISSION_TAG", ""),
        "commit": commit,
        "release": os.environ.get("RELEASE_URL", ""),
        "review": os.environ.get("REVIEW_URL") or commit,
        "datetime": now,
        "score": sum(1 for test in tests if test["passed"]),
        "max-score": len(tests),
        "tests": tests,
    }
    Path("result.json").write_text(json.dumps(result, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
