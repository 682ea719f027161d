"""Scale: a 200-seat kit, and reading results back from 200 seats; writes benchmarks/kit_scale.md.

    python -m benchmarks.kit_scale [--seats 200] [--data build_backend=uv_build]

From the repo root, after a warm-up (`modfirst kit --warm-up`). It times, as wall
clock and CPU (all processes):
  kit          `modfirst kit ROSTER OUT` with an N-seat roster (target: < 60 s for
               200 seats on 2 cores), and where a seat's time goes (its copier render and its
               verification, from one seat built alone)
  collect      `modfirst kit collect OUT` on the N seats (target: < 10 s)
  publish      `modfirst kit publish OUT --to ROOM/{seat}.git`: N bare repositories (< 60 s)
  repositories `modfirst kit collect OUT/repositories.csv` on those: cloned into the cache,
               graded with the kit's pristine copies (target: < 60 s), then fetched again
  self-check   `python -m exercises.check --json` in a sample of seats, with the Python collect
               picks for a seat (its .venv's, else one outside every venv)
  solved       collect on a sample of seats with exercises 1-3 solved: a class that did the
               work makes every check run the programs it asks for
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from benchmarks.kit_timing import copier_copy, kit_command, machine, run_timed, write
from modfirst.kit.collect import seat_python

REPO = Path(__file__).resolve().parents[1]
RESULT = REPO / "benchmarks" / "kit_scale.md"
TIMEOUT = 3600


def load() -> str:
    return "/".join(f"{x:.1f}" for x in os.getloadavg()) if hasattr(os, "getloadavg") else "n/a"


def timed(
    argv: list[str], cwd: Path = REPO
) -> tuple[float, float, subprocess.CompletedProcess[str]]:
    """(wall seconds, CPU seconds of every process it started, the result)."""
    return run_timed(argv, cwd=cwd, timeout=TIMEOUT)


def build_kit(
    temp: Path, seats: int, data: list[str], jobs: int | None
) -> tuple[float, float, Path]:
    out = temp / "kit"
    wall, cpu, result = timed(kit_command(temp / "roster.csv", out, seats, jobs, data, digits=3))
    if result.returncode != 0:
        raise SystemExit(f"the kit failed:\n{result.stdout[-3000:]}{result.stderr[-3000:]}")
    return wall, cpu, out


def one_seat_split(temp: Path, data: list[str]) -> dict[str, float]:
    """CPU of one seat rendered only, and rendered and verified, by copier's CLI."""
    split = {}
    for label, extra in (("render only", ["--skip-tasks"]), ("render + verify", [])):
        argv = copier_copy(data, "-d", "workshop=true", *extra)
        runs = [timed([*argv, str(temp / f"{label}-{n}")]) for n in range(3)]
        split[label] = statistics.median(cpu for _, cpu, _ in runs)
        split[label + " wall"] = statistics.median(wall for wall, _, _ in runs)
    return split


def collect(out: Path) -> tuple[float, float] | str:
    wall, cpu, result = timed(
        [
            sys.executable,
            "-m",
            "modfirst",
            "kit",
            "collect",
            str(out),
            "--csv",
            str(out.parent / "r.csv"),
        ]
    )
    if result.returncode not in (0, 1):
        return f"`collect` exited with {result.returncode}: {result.stderr.strip()[-300:]}"
    return wall, cpu


def publish(out: Path, temp: Path) -> tuple[float, float, Path]:
    """`modfirst kit publish` of every seat to a bare repository: (wall, CPU, the kit's
    repositories.csv), which collect then reads as an instructor's would."""
    argv = [sys.executable, "-m", "modfirst", "kit", "publish", str(out), "--to"]
    wall, cpu, result = timed([*argv, f"{temp / 'room'}/{{seat}}.git"])
    if result.returncode != 0:
        raise SystemExit(f"publish failed:\n{result.stdout[-2000:]}{result.stderr[-2000:]}")
    return wall, cpu, out / "repositories.csv"


def collect_repositories(sheet: Path) -> tuple[float, float, float, float]:
    """(wall, CPU) of collect from the CSV with an empty cache, then again with it filled."""
    argv = [
        sys.executable,
        "-m",
        "modfirst",
        "kit",
        "collect",
        str(sheet),
        "--csv",
        str(sheet.with_name("rr.csv")),
    ]
    first_wall, first_cpu, first = timed(argv)
    again_wall, again_cpu, again = timed(argv)
    for result in (first, again):
        if result.returncode not in (0, 1) or "cannot" in result.stdout:
            raise SystemExit(
                f"collect from repositories:\n{result.stdout[-2000:]}{result.stderr[-2000:]}"
            )
    return first_wall, first_cpu, again_wall, again_cpu


def sample_seats(out: Path, sample: int) -> list[Path]:
    return sorted(p for p in out.iterdir() if (p / "exercises" / "check.py").is_file())[:sample]


def self_checks(out: Path, sample: int) -> tuple[float, float]:
    """Median wall and CPU seconds of one seat's self-check, run as collect runs it."""
    runs = [
        timed([seat_python(seat), "-m", "exercises.check", "--json"], cwd=seat)
        for seat in sample_seats(out, sample)
    ]
    return statistics.median(w for w, _, _ in runs), statistics.median(c for _, c, _ in runs)


def interpreter_start(out: Path, sample: int) -> tuple[str, float]:
    """Which Python collect runs a seat's self-check with (described, not its path: results
    are committed), and the median CPU seconds of its bare start (`-c pass`): the floor under
    every self-check."""
    seat = sample_seats(out, sample)[0]
    python = seat_python(seat)
    runs = [timed([python, "-c", "pass"], cwd=seat) for _ in range(5)]
    where = "the seat's .venv" if Path(python).is_relative_to(seat) else "outside any venv"
    version = subprocess.run(
        [python, "-c", "import platform; print(platform.python_version())"],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    ).stdout.strip()
    return f"Python {version} ({where})", statistics.median(c for _, c, _ in runs)


def solved_collect(out: Path, temp: Path, sample: int) -> tuple[int, float, float]:
    """(seats, wall, CPU) of collect on copies of `sample` seats with exercises 1-3 solved."""
    solved = temp / "solved"
    for seat in sample_seats(out, sample):
        copy = Path(shutil.copytree(seat, solved / seat.name))
        _, _, applied = timed(
            [sys.executable, "-m", "modfirst", "kit", "solutions", str(copy), "1", "2", "3"]
        )
        if applied.returncode != 0:
            raise SystemExit(f"the solutions did not apply:\n{applied.stderr[-2000:]}")
    wall, cpu, result = timed([sys.executable, "-m", "modfirst", "kit", "collect", str(solved)])
    if result.returncode != 0 or result.stdout.count(" 3/5") != sample:
        raise SystemExit(
            f"collect on solved seats:\n{result.stdout[-2000:]}{result.stderr[-2000:]}"
        )
    return sample, wall, cpu


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.kit_scale", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("--seats", type=int, default=200)
    parser.add_argument("--jobs", type=int, default=None, help="passed to the kit")
    parser.add_argument("--sample", type=int, default=5, help="seats whose self-check is timed")
    parser.add_argument("--solved", type=int, default=20, help="seats collected with 1-3 solved")
    parser.add_argument("--data", action="append", default=[], metavar="QUESTION=ANSWER")
    parser.add_argument("--result", type=Path, default=RESULT)
    args = parser.parse_args(argv)
    os.environ["PATH"] = str(Path(sys.executable).parent) + os.pathsep + os.environ["PATH"]
    cpus = os.cpu_count() or 1
    load_before = load()
    with tempfile.TemporaryDirectory(prefix="kit-scale-") as temp:
        wall, cpu, out = build_kit(Path(temp), args.seats, args.data, args.jobs)
        load_after_kit = load()
        records = json.loads((out / "_kit" / "seats.json").read_text())
        seat_seconds = sorted(float(r["seconds"]) for r in records.values())
        verified = sum(r["status"] == "verified" for r in records.values())
        print(f"kit of {args.seats}: {wall:.1f} s wall, {cpu:.1f} s CPU", flush=True)
        collected = collect(out)
        p_wall, p_cpu, sheet = publish(out, Path(temp))
        r_wall, r_cpu, r_again_wall, r_again_cpu = collect_repositories(sheet)
        check_wall, check_cpu = self_checks(out, args.sample)
        seat_python_named, start_cpu = interpreter_start(out, args.sample)
        solved_seats, solved_wall, solved_cpu = solved_collect(out, Path(temp), args.solved)
        split = one_seat_split(Path(temp), args.data)
    load_after = load()
    render, full = split["render only"], split["render + verify"]
    per_seat = cpu / args.seats
    kit_line = (
        f"| kit of {args.seats} | {wall:.1f} s | {cpu:.1f} s | {cpu / cpus:.1f} s | < 60 s | "
        f"{'met' if wall < 60 else 'missed'} |"
    )
    if isinstance(collected, str):
        collect_line = f"| collect on {args.seats} | not measured: {collected} | | | < 10 s | |"
    else:
        c_wall, c_cpu = collected
        collect_line = (
            f"| collect on {args.seats} | {c_wall:.1f} s | {c_cpu:.1f} s | {c_cpu / cpus:.1f} s "
            f"| < 10 s | {'met' if c_wall < 10 else 'missed'} |"
        )
    lines = [
        f"# Kit scale: {args.seats} seats",
        "",
        "Measured with `python -m benchmarks.kit_scale --seats "
        f"{args.seats}{''.join(f' --data {p}' for p in args.data)}` after a warm-up (every "
        "install offline from the uv cache), on a machine shared with other work.",
        "",
        "| run | wall | CPU (all processes) | CPU floor on this machine | target | |",
        "|---|---:|---:|---:|---|---|",
        kit_line,
        collect_line,
        f"| publish {args.seats} seats to bare repositories | {p_wall:.1f} s | {p_cpu:.1f} s | "
        f"{p_cpu / cpus:.1f} s | < 60 s | {'met' if p_wall < 60 else 'missed'} |",
        f"| collect on {args.seats} repositories (clone) | {r_wall:.1f} s | {r_cpu:.1f} s | "
        f"{r_cpu / cpus:.1f} s | < 60 s | {'met' if r_wall < 60 else 'missed'} |",
        f"| collect on {args.seats} repositories again (fetch) | {r_again_wall:.1f} s | "
        f"{r_again_cpu:.1f} s | {r_again_cpu / cpus:.1f} s | | |",
        f"| `python -m exercises.check --json` in one seat (median of {args.sample}) | "
        f"{check_wall:.2f} s | {check_cpu:.2f} s | | | |",
        f"| collect on {solved_seats} seats with exercises 1-3 solved | {solved_wall:.1f} s | "
        f"{solved_cpu:.1f} s | {solved_cpu / cpus:.1f} s | | |",
        "",
        f"- {verified} of {args.seats} seats verified; a seat took "
        f"{statistics.median(seat_seconds):.2f} s (median; slowest {seat_seconds[-1]:.2f} s) "
        "in its worker.",
        f"- Per seat the kit spent {per_seat:.2f} s CPU: copier's render in a warm worker, the "
        "verification (the template's verify.py, called in the worker), the git commit and the "
        "records. For comparison, one seat by copier's CLI (median of 3): render only "
        f"{render:.2f} s CPU ({split['render only wall']:.2f} s wall), render + the verification "
        f"task {full:.2f} s CPU ({split['render + verify wall']:.2f} s wall); the CLI also "
        "starts Python and imports copier, and the task starts verify.py.",
        f"- The CPU floor is CPU / {cpus} cores: {cpu / cpus:.1f} s for the kit. Under "
        f"{60 * cpus / args.seats:.2f} s CPU a seat fits {args.seats} seats in 60 s on {cpus} "
        "cores; wall above the floor is waiting for the CPU (other processes on the machine).",
        f"- Self-checks of untouched seats stop at each exercise's first missing piece, so "
        f"collect starts one Python per seat ({check_cpu * args.seats:.0f} s CPU for "
        f"{args.seats} seats). Solved exercises run the programs they ask for: "
        f"{solved_cpu / solved_seats:.2f} s CPU a seat with 1-3 solved, "
        f"{solved_cpu / solved_seats * args.seats / cpus:.0f} s on {cpus} cores for "
        f"{args.seats} such seats.",
        f"- Each self-check runs on {seat_python_named}, whose bare start (`-c pass`) takes "
        f"{start_cpu:.3f} s CPU: {start_cpu * args.seats:.1f} s of a {args.seats}-seat collect "
        "is starting interpreters, so the Python matters (site-packages `.pth` files run at "
        "every start).",
        "",
        f"{machine()}; load average (1/5/15 min) before: {load_before}, after the kit: "
        f"{load_after_kit}, at the end: {load_after}.",
        "",
    ]
    kept = (
        args.result.read_text(encoding="utf-8").partition("\n## Publish\n")
        if args.result.is_file()
        else ("", "", "")
    )
    write(
        args.result, lines + ([kept[1].strip("\n"), kept[2]] if kept[1] else [])
    )  # publish's section stays
    return 0


if __name__ == "__main__":
    sys.exit(main())
