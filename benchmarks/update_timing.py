"""`modfirst update` against a plain `copier update` of the same project, as ratios.

    python -m benchmarks.update_timing [--rounds N]

From the repository root. The template is this repository's HEAD in a temporary git repository
tagged 1.0.0, then 1.1.0 with one README line changed; the project is its default copy at
1.0.0, committed. Each round clones the project afresh for each probe (so every probe applies
the same update), interleaved so load on the machine falls on all of them alike:
  copier update       copier update --trust --defaults --conflict inline (the floor: the
                      update with its migrations, the verification included)
  update --no-checks  modfirst update --no-checks (check-update, the same copier update, the
                      conflict scan, the summary)
  update              modfirst update (the same, then the project's `nox -s lint tests`)
Writes benchmarks/update_timing.md and .json: medians and ratios to `copier update`.
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

from benchmarks.check_timing import git, setup

REPO = Path(__file__).resolve().parents[1]
RESULT = REPO / "benchmarks" / "update_timing"
TIMEOUT = 1800
README = "template/README.md.jinja"


def release(template: Path) -> None:
    """1.1.0: the README template's title line gains a word."""
    path = template / README
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("# {{ project_name }}", "# {{ project_name }} (1.1)", 1))
    identity = ["-c", "user.name=bench", "-c", "user.email=bench@modfirst.invalid"]
    git(*identity, "commit", "-q", "-am", "1.1.0", cwd=template)
    git("tag", "1.1.0", cwd=template)


def run(argv: list[str], project: Path, scratch: Path) -> float:
    """Seconds `argv` took in a fresh clone of the project; it must update cleanly."""
    clone = Path(tempfile.mkdtemp(dir=scratch))
    git("clone", "-q", str(project), str(clone), cwd=scratch)
    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
    started = time.perf_counter()
    result = subprocess.run(
        argv, cwd=clone, env=env, capture_output=True, text=True, timeout=TIMEOUT, check=False
    )
    seconds = time.perf_counter() - started
    if result.returncode != 0 or "(1.1)" not in (clone / "README.md").read_text():
        raise SystemExit(f"{argv} failed ({result.returncode}): {result.stderr[-800:]}")
    return seconds


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.update_timing")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args(argv)
    probes = {
        "copier update": [sys.executable, "-m", "copier", "update", "--trust", "--defaults",
                          "--conflict", "inline", "--quiet"],
        "update --no-checks": [sys.executable, "-m", "modfirst", "update", "--no-checks"],
        "update": [sys.executable, "-m", "modfirst", "update"],
    }  # fmt: skip
    samples: dict[str, list[float]] = {name: [] for name in probes}
    with tempfile.TemporaryDirectory(prefix="modfirst-bench-update-") as temp:
        project = setup(Path(temp))
        release(Path(temp) / "template")
        for _ in range(args.rounds):
            for name, probe in probes.items():
                samples[name].append(run(probe, project, Path(temp)))
    medians = {name: statistics.median(values) for name, values in samples.items()}
    floor = medians["copier update"]
    record = {
        "rounds": args.rounds,
        "load_average": os.getloadavg(),
        "cpus": os.cpu_count(),
        "median_seconds": medians,
        "ratio_to_copier_update": {name: seconds / floor for name, seconds in medians.items()},
        "samples": samples,
    }
    RESULT.with_suffix(".json").write_text(json.dumps(record, indent=1), encoding="utf-8")
    rows = [f"| {name} | {medians[name]:.1f} | {medians[name] / floor:.2f} |" for name in probes]
    RESULT.with_suffix(".md").write_text(
        "# `modfirst update` timing\n\n"
        f"{args.rounds} interleaved rounds on {os.cpu_count()} CPUs, load average at the end "
        f"{os.getloadavg()[0]:.1f}; written by `python -m benchmarks.update_timing`.\n\n"
        "| probe | median s | / copier update |\n|---|---:|---:|\n" + "\n".join(rows) + "\n",
        encoding="utf-8",
    )
    print("\n".join(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
