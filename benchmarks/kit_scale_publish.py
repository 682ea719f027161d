"""Scale of `modfirst kit publish`: N seats to N local bare repositories (an offline room).

    python -m benchmarks.kit_scale_publish [--seats 200]

From the repo root. One seat is built by `modfirst kit` (real: rendered, verified, committed
"Start"), then copied N times with its history (publishing costs the same for every seat: a
push of one commit), and timed as wall clock and CPU (all processes):
  first    every repository created (git init --bare) and pushed (target: < 60 s for 200)
  again    nothing new: one ls-remote per seat
  update   every seat one commit ahead (a template fix the kit committed): fast-forwards
  collect  `kit collect KIT/repositories.csv`: cloned, graded with the kit's pristine copies;
           then fetched and graded again; and the cost of one render of the pristine files,
           which a seat whose answers the kit does not hold (a merged template fix) takes
Writes the "Publish" section of benchmarks/kit_scale.md (the rest of the file is kit_scale's).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from benchmarks.kit_scale import RESULT, load, timed
from benchmarks.kit_timing import kit_command, machine

SECTION = "## Publish"
IDENTITY = ["-c", "user.name=bench", "-c", "user.email=b@example.invalid"]


def seats(temp: Path, count: int) -> Path:
    """A kit of `count` seats: one built for real, copied with its git history."""
    built = temp / "one"
    *_, result = timed(kit_command(temp / "roster.csv", built, 1, None, [], digits=3))
    if result.returncode != 0:
        raise SystemExit(f"the kit failed:\n{result.stdout[-2000:]}{result.stderr[-2000:]}")
    (seat,) = [p for p in built.iterdir() if (p / ".git").is_dir()]
    kit = temp / "kit"
    records = {}
    for number in range(1, count + 1):
        name = f"seat_{number:03}"
        shutil.copytree(seat, kit / name, symlinks=True)
        shutil.copytree(built / "_kit" / "graders" / seat.name, kit / "_kit" / "graders" / name)
        records[name] = {"status": "verified", "student": f"Student {number}", "seat": number}
    (kit / "_kit").mkdir(exist_ok=True)
    (kit / "_kit" / "seats.json").write_text(json.dumps(records), encoding="utf-8")
    return kit


def publish(kit: Path, room: Path) -> tuple[float, float, str]:
    argv = [sys.executable, "-m", "modfirst", "kit", "publish", str(kit), "--to"]
    wall, cpu, result = timed([*argv, f"{room}/{{seat}}.git"])
    if result.returncode != 0:
        raise SystemExit(f"publish failed:\n{result.stdout[-2000:]}{result.stderr[-2000:]}")
    return wall, cpu, result.stdout.strip().splitlines()[-1].split(" (")[0]  # no temp path


def collect(kit: Path) -> tuple[float, float, str]:
    """`kit collect KIT/repositories.csv`: every repository cloned (or fetched) and graded with
    the pristine files the kit keeps (the seats' answers are the kit's own: no render)."""
    argv = [sys.executable, "-m", "modfirst", "kit", "collect", str(kit / "repositories.csv")]
    wall, cpu, result = timed([*argv, "--csv", str(kit / "results.csv")])
    said = [line for line in result.stdout.splitlines() if "seats checked" in line]
    if result.returncode != 0 or not said or "rendered" in result.stdout:
        raise SystemExit(f"collect failed:\n{result.stdout[-2000:]}{result.stderr[-2000:]}")
    if (kit / "repositories-clones" / ".graders").exists():
        raise SystemExit("collect rendered pristine files the kit holds")
    return wall, cpu, said[0]


def one_render(kit: Path, temp: Path) -> tuple[float, float, str]:
    """The pristine files of one seat whose answers the kit does not hold: one render."""
    clone = next((kit / "repositories-clones").glob("seat_*"))
    probe = (
        "import sys; from pathlib import Path; from modfirst.kit.graders import recorded_pristine;"
        f"recorded_pristine(Path({str(clone)!r}), 'HEAD', Path({str(temp / 'fresh')!r}))"
    )
    wall, cpu, result = timed([sys.executable, "-c", probe])
    if result.returncode != 0:
        raise SystemExit(f"the render failed:\n{result.stderr[-2000:]}")
    return wall, cpu, "rendered"


def commit_everywhere(kit: Path) -> None:
    for seat in sorted(p for p in kit.iterdir() if (p / ".git").is_dir()):
        (seat / "FIX.txt").write_text("a template fix\n", encoding="utf-8")
        for args in (["add", "FIX.txt"], [*IDENTITY, "commit", "-q", "--no-verify", "-m", "Fix"]):
            subprocess.run(["git", *args], cwd=seat, check=True, capture_output=True, timeout=60)


def section(count: int, runs: dict[str, tuple[float, float, str]], loads: list[str]) -> list[str]:
    cpus = os.cpu_count() or 1
    wall = runs["first"][0]
    lines = [
        SECTION,
        "",
        f"Measured with `python -m benchmarks.kit_scale_publish --seats {count}`: one seat built "
        f"by the kit, copied {count} times with its history, published to {count} local bare "
        "repositories.",
        "",
        "| run | wall | CPU (all processes) | CPU floor on this machine | target | |",
        "|---|---:|---:|---:|---|---|",
        f"| publish {count} seats, repositories created | {wall:.1f} s | {runs['first'][1]:.1f} s"
        f" | {runs['first'][1] / cpus:.1f} s | < 60 s | {'met' if wall < 60 else 'missed'} |",
    ]
    for key, label in (
        ("again", "again, nothing new"),
        ("update", "again, one new commit each"),
        (
            "collect",
            f"`kit collect` of the {count} repositories (clone), the kit's pristine copies",
        ),
        ("collect again", "`kit collect` again (fetch)"),
        ("one render", "pristine files rendered for one seat (answers the kit does not hold)"),
    ):
        w, c, _ = runs[key]
        lines.append(f"| {label} | {w:.1f} s | {c:.1f} s | {c / cpus:.1f} s | | |")
    render_cpu = runs["one render"][1]
    lines += [
        "",
        *(f"- {key}: {said}" for key, (_, _, said) in runs.items()),
        f"- A repositories CSV whose seats' answers the kit does not hold (no kit beside it, or "
        f"seats that merged a later template fix) costs one render per seat, {render_cpu:.1f} s "
        f"CPU here: {render_cpu * count / cpus:.0f} s on {cpus} cores for {count} such seats. "
        "Seats with the same answers (one starter for all) share one render.",
        "",
        f"{machine()}; load average (1/5/15 min) before: {loads[0]}, at the end: {loads[1]}.",
        "",
    ]
    return lines


def write_section(result: Path, lines: list[str]) -> None:
    """Replace the Publish section of the file (or add it), keeping what kit_scale wrote."""
    text = result.read_text(encoding="utf-8") if result.is_file() else ""
    kept = text.split(f"\n{SECTION}\n")[0].rstrip("\n")
    result.write_text((kept + "\n\n" if kept else "") + "\n".join(lines), encoding="utf-8")
    print("\n".join(lines))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.kit_scale_publish")
    parser.add_argument("--seats", type=int, default=200)
    parser.add_argument("--result", type=Path, default=RESULT)
    args = parser.parse_args(argv)
    before = load()
    with tempfile.TemporaryDirectory(prefix="kit-scale-publish-") as temp:
        kit, room = seats(Path(temp), args.seats), Path(temp) / "room"
        runs = {"first": publish(kit, room), "again": publish(kit, room)}
        runs["collect"] = collect(kit)
        runs["collect again"] = collect(kit)
        runs["one render"] = one_render(kit, Path(temp))
        commit_everywhere(kit)
        runs["update"] = publish(kit, room)
    write_section(args.result, section(args.seats, runs, [before, load()]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
