"""Adopt every real project of the corpus in a temporary copy; write adopt_corpus.md/.json.

    python -m benchmarks.adopt_corpus [--only NAME ...] [--workers 2]

From the repo root. The corpus is tests/corpora/adopt_real/*.tar.gz plus the two archives of
tests/corpora/real/ (pinned `git archive`s of public projects; README.md there lists them).
Each is unpacked, committed to a fresh git repository and adopted by this clone's
`python -m modfirst adopt` with the proof (the project's tests before and after in a fresh
venv, then the verification). Per project: the outcome (adopted, refused with its reason,
failed and restored), the program's `--help` output and exit status before (`python FILE` or
the console script's function, from the original tree) and after (`python -m PKG`, or the same
function from src/), program names and line wrapping aside, with this interpreter or, when the
program needs its dependencies, a venv of its own; the test line, what the plan kept as
published, files lost (a file of the original commit neither at its path nor renamed: must be
0) and seconds (the whole command, proof included).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO / "tests" / "corpora" / "adopt_real"
REUSED = [
    REPO / "tests" / "corpora" / "real" / name
    for name in (
        "speedtest-cli-22210ca35228.tar.gz",
        "sampleproject-621e4974ca25.tar.gz",
    )
]
RESULT = REPO / "benchmarks" / "adopt_corpus.md"
TIMEOUT = 1800
IDENTITY = ["-c", "user.name=corpus", "-c", "user.email=corpus@example.invalid"]


def archives(only: list[str]) -> list[Path]:
    found = sorted(CORPUS.glob("*.tar.gz")) + REUSED
    return [a for a in found if not only or any(a.name.startswith(o) for o in only)]


def git(root: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", *IDENTITY, *args],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return done.stdout


def unpack(archive: Path, into: Path) -> Path:
    with tarfile.open(archive) as tar:
        tar.extractall(into, filter="data")
    root = next(p for p in into.iterdir() if p.is_dir())
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "as published")
    return root


def files_lost(root: Path, before: list[str]) -> list[str]:
    """Files of the original commit that are neither at their path nor renamed."""
    renamed = set()
    for line in git(root, "diff", "--staged", "--name-status", "-M").splitlines():
        parts = line.split("\t")
        if parts[0].startswith("R"):
            renamed.add(parts[1])
    return [
        f
        for f in before
        if not (root / f).exists() and not (root / f).is_symlink() and f not in renamed
    ]


def line_with(output: str, marker: str) -> str:
    return next((ln.split(": ", 1)[1] for ln in output.splitlines() if marker in ln), "")


def adopt_one(archive: Path) -> dict[str, Any]:
    name = archive.name.rsplit("-", 1)[0]
    with tempfile.TemporaryDirectory(prefix="modfirst-corpus-") as temp:
        root = unpack(archive, Path(temp))
        before = git(root, "ls-files").splitlines()
        env = dict(os.environ, PYTHONPATH=str(REPO / "src"))
        plan = subprocess.run(
            [sys.executable, "-m", "modfirst", "adopt", str(root), "--dry-run"],
            capture_output=True,
            text=True,
            timeout=TIMEOUT,
            env=env,
            check=False,
        ).stdout
        program = program_of(plan)
        python = sys.executable
        before_run = run_program(root, program, python, after=False)
        if before_run and before_run[0] != 0 and "ModuleNotFoundError" in before_run[1]:
            python = environment(root, Path(temp))  # its dependencies, in a venv of its own
            before_run = run_program(root, program, python, after=False)
        started = time.perf_counter()
        done = subprocess.run(
            [sys.executable, "-m", "modfirst", "adopt", str(root)],
            capture_output=True,
            text=True,
            timeout=TIMEOUT,
            env=env,
            check=False,
            stdin=subprocess.DEVNULL,
        )
        seconds = time.perf_counter() - started
        output = done.stdout + done.stderr
        adopted = done.returncode in (0, 3)
        after_run = run_program(root, program, python, after=True) if adopted else None
        outcome = {0: "adopted", 1: "failed, restored", 2: "refused", 3: "adopted, unverified"}
        kept = [ln.strip()[2:] for ln in done.stdout.splitlines() if ln.startswith("    = ")]
        return {
            "project": name,
            "archive": archive.name,
            "status": done.returncode,
            "outcome": outcome.get(done.returncode, f"exit {done.returncode}"),
            "reason": line_with(output, "refused:").removeprefix("refused: ")
            if done.returncode == 2
            else "",
            "tests": line_with(output, "fresh venv)")
            + (f" ({line_with(output, 'not compared')})" if "not compared" in output else ""),
            "changed": line_with(output, "changed outcomes"),
            "verified": line_with(output, "OK:"),
            "kept": kept,
            "lost": files_lost(root, before),
            "program": program_verdict(program, before_run, after_run),
            "seconds": round(seconds, 1),
            "tail": output.strip().splitlines()[-3:],
        }


def program_of(plan: str) -> dict[str, str]:
    """How the plan says `python -m PKG` runs: a console script's function or a file."""
    package = plan.split("(package ", 1)[1].split(")", 1)[0] if "(package " in plan else ""
    line = next((ln.strip() for ln in plan.splitlines() if ln.startswith("  entry point:")), "")
    if "calls the console script" in line:
        target = line.rsplit("(", 1)[1].rstrip(")")
        name = line.split("calls the console script ", 1)[1].split(" ", 1)[0]
        return {"package": package, "target": target, "name": name}
    if line.startswith("entry point: none") or not line:
        return {}
    target = line.split(": ", 2)[1].split(" ", 1)[0]
    moves: dict[str, str] = {}
    for ln in plan.splitlines():
        if ln.strip().startswith("git mv "):
            origin, _, moved = ln.strip()[len("git mv ") :].partition(" -> ")
            moves[moved] = origin
    return {"package": package, "file": moves.get(target, target)}


def environment(root: Path, temp: Path) -> str:
    """A venv with the project's dependencies: the project installed from a copy (builds
    write into their folder), else its requirements.txt."""
    venv = temp / "program-venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=300)
    python = str(venv / "bin" / "python")
    copy = temp / "program-copy"
    shutil.copytree(root, copy, ignore=shutil.ignore_patterns(".git"))
    packaged = (copy / "setup.py").is_file() or (copy / "pyproject.toml").is_file()
    wanted = [str(copy)] if packaged else ["-r", str(copy / "requirements.txt")]
    subprocess.run(
        [python, "-m", "pip", "install", "-q", *wanted],
        capture_output=True,
        check=False,
        timeout=900,
    )
    return python


def run_program(
    root: Path, program: dict[str, str], python: str, after: bool
) -> tuple[int, str] | None:
    """(exit status, output with the program's names as PROG) of `PROGRAM --help`, with
    this interpreter: None when there is no program."""
    if not program:
        return None
    env = dict(os.environ, PYTHONPATH=str(root / "src") if after else str(root))
    if "target" in program:
        module, function = program["target"].split(":")
        code = f"import sys; sys.argv[0] = {program['name']!r}; from {module} import {function}; "
        argv = [python, "-c", code + f"sys.exit({function}())", "--help"]
    elif after:
        argv = [python, "-m", program["package"], "--help"]
    else:
        argv = [python, program["file"], "--help"]
    try:
        done = subprocess.run(
            argv,
            cwd=root,
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
            stdin=subprocess.DEVNULL,
        )
    except subprocess.TimeoutExpired:
        return (-1, "timeout")
    text = done.stdout
    names = [program.get("file", "").rpartition("/")[2], program["package"]]
    for name in sorted(names, key=len, reverse=True):  # "toothpyk" before "pyk"
        if name:
            text = text.replace(name, "PROG")
    # argparse wraps usage lines after the program's name: compare the words, not the layout.
    words = " ".join(text.split())
    return done.returncode, words if done.returncode == 0 else done.stderr.strip()[-200:]


def program_verdict(
    program: dict[str, str], before: tuple[int, str] | None, after: tuple[int, str] | None
) -> str:
    if not program:
        return "no program"
    if before is None or after is None:
        return "not adopted"
    if before[0] != 0 and "ModuleNotFoundError" in before[1]:
        return "n/a: its dependencies are not installed here"
    same = before == after
    return "same `--help` and exit status" if same else f"DIFFERENT: {before[0]} -> {after[0]}"


def table(results: list[dict[str, Any]], wall: float, workers: int) -> str:
    adopted = sum(1 for r in results if str(r["outcome"]).startswith("adopted"))
    lines = [
        "# Adopting real projects (benchmarks/adopt_corpus.py)",
        "",
        f"{adopted} of {len(results)} adopted; files lost: "
        f"{sum(len(r['lost']) for r in results)}; {wall:.0f} s wall clock with {workers} "
        f"workers on {os.cpu_count()} cores. Each row: `modfirst adopt` with its proof (the "
        "project's tests before and after in a fresh venv, then the verification: every "
        "console script and `python -m PKG` from a fresh non-editable install).",
        "",
        "| project | outcome | program | tests (before; after) | kept as published | lost | s |",
        "|---|---|---|---|---|---:|---:|",
    ]
    for r in results:
        tests = str(r["tests"]) or "no tests"
        detail = r["reason"] or r["changed"]
        outcome = f"{r['outcome']}" + (f": {detail[:300]}" if detail else "")
        kept = "; ".join(str(k) for k in r["kept"]) or "(script folder: nothing published)"
        lines.append(
            f"| {r['project']} | {outcome} | {r['program']} | {tests} | {kept} | "
            f"{len(r['lost'])} | {r['seconds']} |"
        )
    return "\n".join(lines) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", nargs="*", default=[], help="archive name prefixes")
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    started = time.perf_counter()
    with ThreadPoolExecutor(args.workers) as pool:
        results = list(pool.map(adopt_one, archives(args.only)))
    wall = time.perf_counter() - started
    RESULT.with_suffix(".json").write_text(json.dumps(results, indent=2) + "\n")
    RESULT.write_text(table(results, wall, args.workers))
    print(RESULT.read_text())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
