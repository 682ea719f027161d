"""Time a 30-seat workshop kit against one project, and write benchmarks/kit_timing.md.

    python -m benchmarks.kit_timing [--seats 30] [--repeat 3]

From the repo root, after a warm-up (`modfirst kit --warm-up`). Every run builds
into a fresh temporary folder. It times, as wall clock:
  one project  `python -m copier copy --trust --defaults` of this clone: one verified project
  kit of 1     `modfirst kit` with a one-seat roster
  kit of N     `modfirst kit` with an N-seat roster
and reports the median of each and the ratio N-seat kit / one project (the goal: at most 8).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
RESULT = REPO / "benchmarks" / "kit_timing.md"
TIMEOUT = 1800


CPU: dict[str, list[float]] = {}


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_timed(
    argv: list[str],
    cwd: Path = REPO,
    env: dict[str, str] | None = None,
    timeout: float = TIMEOUT,
) -> tuple[float, float, subprocess.CompletedProcess[str]]:
    """(wall seconds, CPU seconds of every process it started, the result); never raises."""
    cpu, started = children_cpu(), time.perf_counter()
    result = subprocess.run(
        argv,
        cwd=cwd,
        env={**os.environ, **(env or {})},
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    return time.perf_counter() - started, children_cpu() - cpu, result


def timed(argv: list[str], label: str, env: dict[str, str] | None = None) -> float:
    """Wall seconds of one run; its CPU seconds (all its processes) go to CPU[label]."""
    seconds, cpu, result = run_timed(argv, env=env)
    CPU.setdefault(label, []).append(cpu)
    if result.returncode != 0:
        raise SystemExit(
            f"`{' '.join(argv)}` failed:\n{result.stdout[-2000:]}{result.stderr[-2000:]}"
        )
    return seconds


def copier_copy(data: list[str], *flags: str) -> list[str]:
    """`copier copy` of this clone's HEAD with every default, answers `data` (QUESTION=ANSWER)
    and `flags`; the destination goes last."""
    answers = [arg for pair in data for arg in ("-d", pair)]
    return [
        sys.executable,
        "-m",
        "copier",
        "copy",
        "--trust",
        "--defaults",
        "--quiet",
        "-r",
        "HEAD",
        *answers,
        *flags,
        str(REPO),
    ]


def kit_command(
    roster: Path, out: Path, seats: int, jobs: int | None, data: list[str], digits: int = 2
) -> list[str]:
    """Write an N-seat roster (Student 01, Student 02, ...); the kit's command for it."""
    roster.write_text("name\n" + "".join(f"Student {n:0{digits}d}\n" for n in range(1, seats + 1)))
    extra = (["--jobs", str(jobs)] if jobs else []) + [a for pair in data for a in ("--data", pair)]
    return [sys.executable, "-m", "modfirst", "kit", str(roster), str(out), *extra]


def require_verified(statuses: list[object], what: str) -> None:
    """Stop unless every status (from verify.py's JSON report or the kit's records) is verified."""
    if not statuses or any(status != "verified" for status in statuses):
        raise SystemExit(f"{what} did not verify: {statuses}")


def one_project(temp: Path, data: list[str]) -> float:
    report = temp / "one-report.json"
    seconds = timed(
        [*copier_copy(data), str(temp / "one")],
        "one project",
        env={"MODFIRST_VERIFY_REPORT": str(report)},
    )
    require_verified([json.loads(report.read_text(encoding="utf-8"))["status"]], "the project")
    return seconds


def kit(temp: Path, seats: int, jobs: int | None, data: list[str]) -> float:
    out = temp / f"kit-{seats}"
    argv = kit_command(temp / f"roster-{seats}.csv", out, seats, jobs, data)
    seconds = timed(argv, f"kit of {seats}")
    records = json.loads((out / "_kit" / "seats.json").read_text(encoding="utf-8"))
    require_verified([record["status"] for record in records.values()], f"a kit of {seats}")
    return seconds


def uv_version() -> str:
    try:
        return (
            subprocess.run(
                ["uv", "--version"], capture_output=True, text=True, timeout=20, check=False
            ).stdout.strip()
            or "uv: none"
        )
    except OSError:
        return "uv: none"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.kit_timing", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("--seats", type=int, default=30)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument(
        "--jobs", type=int, default=None, help="passed to the kit (default: the kit's)"
    )
    parser.add_argument(
        "--data",
        action="append",
        default=[],
        metavar="QUESTION=ANSWER",
        help="an answer for the project and every seat (repeatable)",
    )
    parser.add_argument("--result", type=Path, default=RESULT, help="where to write the table")
    args = parser.parse_args(argv)
    folder = Path(sys.executable).parent
    os.environ["PATH"] = str(folder) + os.pathsep + os.environ.get("PATH", "")  # the venv's uv
    load_before = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    times: dict[str, list[float]] = {"one project": [], "kit of 1": [], f"kit of {args.seats}": []}
    for round_ in range(args.repeat):
        with tempfile.TemporaryDirectory(prefix="kit-timing-") as temp:
            times["one project"].append(one_project(Path(temp), args.data))
            times["kit of 1"].append(kit(Path(temp), 1, args.jobs, args.data))
            times[f"kit of {args.seats}"].append(kit(Path(temp), args.seats, args.jobs, args.data))
        print(
            f"round {round_ + 1}: " + ", ".join(f"{k} {v[-1]:.1f} s" for k, v in times.items()),
            flush=True,
        )
    median = {name: statistics.median(values) for name, values in times.items()}
    big = median[f"kit of {args.seats}"]
    kit_cpu = statistics.median(CPU[f"kit of {args.seats}"])
    cpus = os.cpu_count() or 1
    lines = [
        "# Kit timing: 30 seats against one project",
        "",
        "Measured with `python -m benchmarks.kit_timing "
        f"--seats {args.seats} --repeat {args.repeat}"
        + "".join(f" --data {pair}" for pair in args.data)
        + "`"
        " after a warm-up (uv cache filled; every install ran offline from the cache).",
        "",
        "| run | median wall time | all runs (s) | median CPU time (all processes) |",
        "|---|---|---|---|",
        *[
            f"| {name} | {median[name]:.1f} s | {', '.join(f'{v:.1f}' for v in values)} "
            f"| {statistics.median(CPU[name]):.1f} s |"
            for name, values in times.items()
        ],
        "",
        f"- {args.seats}-seat kit / one project (`copier copy`): "
        f"**{big / median['one project']:.1f}x** (goal: at most 8x)",
        f"- {args.seats}-seat kit / one-seat kit: **{big / median['kit of 1']:.1f}x**",
        f"- per seat in the {args.seats}-seat kit: {big / args.seats:.2f} s wall, "
        f"{kit_cpu / args.seats:.2f} s CPU; the CPU floor on "
        f"{cpus} CPUs is {kit_cpu / cpus:.1f} s = {kit_cpu / cpus / median['one project']:.1f}x "
        "one project",
        "",
        f"{machine()}; 1-minute load average before the runs: {load_before:.1f} (other work "
        "shared the machine).",
        "",
    ]
    write(args.result, lines)
    return 0


def machine() -> str:
    return (
        f"Machine: {os.cpu_count()} CPUs, {platform.system()} {platform.machine()}, Python "
        f"{platform.python_version()}, {uv_version()}"
    )


def write(result: Path, lines: list[str]) -> None:
    """The benchmark's Markdown, to its file and the terminal."""
    result.write_text("\n".join(lines), encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    sys.exit(main())
