"""`modfirst check` against a plain `copier update --pretend` of the same project, as ratios.

    python -m benchmarks.check_timing [--rounds N]

From the repository root. The template is this repository's HEAD in a temporary git repository
with one tag; the project is its default copy, committed. Each round runs, interleaved so load
on the machine falls on all of them alike:
  pretend      copier update --pretend --trust --defaults --skip-tasks (the floor: copier
               clones and renders what an update would)
  health       modfirst check --health-only (MF001-MF005 on files, MF007 with two git calls)
  check        modfirst check (check-update, a trial update in a clone, drift, health)
  check --run  modfirst check --run (the same plus MF006, the fresh-venv verification)
Writes benchmarks/check_timing.md and .json: medians and ratios to `pretend`.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
RESULT = REPO / "benchmarks" / "check_timing"
TIMEOUT = 600


def run(argv: list[str], cwd: Path) -> float:
    """Seconds `argv` took; it must succeed (check's statuses 0 and 4 count as success)."""
    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
    started = time.perf_counter()
    result = subprocess.run(
        argv, cwd=cwd, env=env, capture_output=True, text=True, timeout=TIMEOUT, check=False
    )
    seconds = time.perf_counter() - started
    if result.returncode not in (0, 4):
        raise SystemExit(f"{argv} failed ({result.returncode}): {result.stderr[-800:]}")
    return seconds


def git(*args: str, cwd: Path) -> None:
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, timeout=TIMEOUT)


def setup(temp: Path) -> Path:
    """A tagged copy of HEAD as the template, and its default project, committed."""
    template, project = temp / "template", temp / "project"
    template.mkdir()
    archive = subprocess.run(
        ["git", "archive", "HEAD"], cwd=REPO, capture_output=True, check=True, timeout=TIMEOUT
    )
    subprocess.run(["tar", "x"], cwd=template, input=archive.stdout, check=True, timeout=TIMEOUT)
    identity = ["-c", "user.name=bench", "-c", "user.email=bench@modfirst.invalid"]
    git("init", "-q", "-b", "main", cwd=template)
    git("add", "-A", cwd=template)
    git(*identity, "commit", "-q", "-m", "template", cwd=template)
    git("tag", "1.0.0", cwd=template)
    copier = [sys.executable, "-m", "copier", "copy", "--trust", "--defaults", "--skip-tasks"]
    subprocess.run([*copier, str(template), str(project)], check=True, timeout=TIMEOUT)
    git("init", "-q", "-b", "main", cwd=project)
    git("add", "-A", cwd=project)
    git(*identity, "commit", "-q", "-m", "Start", cwd=project)
    return project


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.check_timing")
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args(argv)
    modfirst = [sys.executable, "-m", "modfirst", "check", "."]
    probes = {
        "pretend": [sys.executable, "-m", "copier", "update", "--pretend", "--trust",
                    "--defaults", "--skip-tasks", "--quiet"],
        "health": [*modfirst, "--health-only"],
        "check": modfirst,
        "check --run": [*modfirst, "--run"],
    }  # fmt: skip
    samples: dict[str, list[float]] = {name: [] for name in probes}
    with tempfile.TemporaryDirectory(prefix="modfirst-bench-check-") as temp:
        project = setup(Path(temp))
        for _ in range(args.rounds):
            for name, probe in probes.items():
                samples[name].append(run(probe, project))
    medians = {name: statistics.median(values) for name, values in samples.items()}
    floor = medians["pretend"]
    record = {
        "rounds": args.rounds,
        "load_average": os.getloadavg(),
        "cpus": os.cpu_count(),
        "median_seconds": medians,
        "ratio_to_pretend": {name: seconds / floor for name, seconds in medians.items()},
        "samples": samples,
    }
    RESULT.with_suffix(".json").write_text(json.dumps(record, indent=1), encoding="utf-8")
    rows = [f"| {name} | {medians[name]:.2f} | {medians[name] / floor:.2f} |" for name in probes]
    RESULT.with_suffix(".md").write_text(
        "# `modfirst check` timing\n\n"
        f"{args.rounds} interleaved rounds on {os.cpu_count()} CPUs, load average at the end "
        f"{os.getloadavg()[0]:.1f}; written by `python -m benchmarks.check_timing`.\n\n"
        "| probe | median s | / copier update --pretend |\n|---|---:|---:|\n"
        + "\n".join(rows)
        + "\n",
        encoding="utf-8",
    )
    print("\n".join(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
