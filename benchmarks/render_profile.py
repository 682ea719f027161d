#!/usr/bin/env python3
"""Where a `copier copy` spends its time, by copier's phases: modfirst next to copier-uv.

    python -m benchmarks.render_profile [--runs N]      (from the repository root)

Each round copies, in fresh processes run one after another (interleaved, so load hits all
alike): modfirst's default render (`--defaults --skip-tasks -r HEAD`, its tasks are the
verification, profiled by its own --report in bench.py), copier-uv's default copy (the pinned
archive in benchmarks/peers/, with the two answers it has no default for) and a one-file
template (copier's floor). Each copy runs the copier CLI in a child process that imports copier
itself (so the import is counted) and times copier's phases (`PHASES`) and what the time inside
them went to (`WITHIN`) by wrapping those functions; it prints JSON. Wrapping costs a few
microseconds a call: pyinstrument (tried first) slowed the YAML load and the Jinja compiles two
to three times, so its shares were wrong. Medians of the runs go to render_profile.md and
render_profile.json next to this file.

Needs copier-templates-extensions (for copier-uv) in the running Python.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from benchmarks import bench

HERE = Path(__file__).resolve().parent

# Timed in the child by wrapping these functions (a few µs each; a profiler's own overhead
# would inflate call-heavy code such as YAML parsing and Jinja compiling two to three times).
PHASES: list[tuple[str, str, str, str]] = [  # (label, module, class or "", attribute)
    ("template clone (git)", "copier._template", "Template", "local_abspath"),
    ("template git index modes", "copier._template", "Template", "git_index_modes"),
    ("copier.yml load (YAML, !include)", "copier._template", "", "load_template_config"),
    ("questions (defaults, choices, validators)", "copier._main", "Worker", "_ask"),
    ("render files and paths", "copier._main", "Worker", "_render_template"),
    ("tasks", "copier._main", "Worker", "_execute_tasks"),
]
# What the time inside a phase went to; the outermost of these on the stack counts.
WITHIN: list[tuple[str, str, str, str]] = [
    ("git config per rendered file", "copier._main", "Worker", "_sync_git_index_executable_bit"),
    ("_render_context", "copier._main", "Worker", "_render_context"),
    ("jinja compile", "jinja2.environment", "Environment", "compile"),
    ("subprocess", "subprocess", "Popen", "__init__"),
    ("subprocess", "subprocess", "Popen", "communicate"),
    ("subprocess", "subprocess", "Popen", "wait"),
]
OUTSIDE = "CLI, plumbum, answers file, messages"


class Clock:
    """Seconds per "phase / what", and call counts, from nested wrapped calls.

    A phase's "rest" excludes the phases and WITHIN calls nested in it; a WITHIN call inside
    another WITHIN call counts as part of the outer one."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}
        self.calls: dict[str, int] = {}
        self.stack: list[list[Any]] = []  # [label, is_phase, start, seconds of timed callees]

    def nearest(self, phase: bool) -> list[Any] | None:
        return next((f for f in reversed(self.stack) if f[1] == phase), None)

    def add(self, key: str, seconds: float) -> None:
        self.seconds[key] = self.seconds.get(key, 0.0) + seconds
        self.calls[key] = self.calls.get(key, 0) + 1

    def wrap(self, label: str, is_phase: bool, function: Any) -> Any:
        def timed(*args: Any, **kwargs: Any) -> Any:
            nested_within = not is_phase and self.nearest(False) is not None
            if nested_within:
                return function(*args, **kwargs)
            frame: list[Any] = [label, is_phase, time.perf_counter(), 0.0]
            self.stack.append(frame)
            try:
                return function(*args, **kwargs)
            finally:
                self.stack.pop()
                spent = time.perf_counter() - frame[2]
                phase = self.nearest(True)
                if is_phase:
                    self.add(f"{label} / rest", spent - frame[3])
                else:
                    self.add(f"{phase[0] if phase else OUTSIDE} / {label}", spent)
                if phase is not None:
                    phase[3] += spent

        return timed

    def install(self) -> None:
        import importlib

        for rules, is_phase in ((PHASES, True), (WITHIN, False)):
            for label, module_name, class_name, attribute in rules:
                module = importlib.import_module(module_name)
                owner = getattr(module, class_name) if class_name else module
                current = owner.__dict__[attribute]
                if hasattr(current, "func") and hasattr(current, "attrname"):  # cached_property
                    current.func = self.wrap(label, is_phase, current.func)
                else:
                    setattr(owner, attribute, self.wrap(label, is_phase, current))


def child(argv: list[str]) -> int:
    """Time one copier CLI run in this process by phase; print JSON."""
    started = time.perf_counter()
    from copier._cli import CopierApp

    imported = time.perf_counter() - started
    clock = Clock()
    clock.install()
    _, status = CopierApp.run(["copier", *argv], exit=False)
    wall = time.perf_counter() - started
    parts = {"import copier": imported, **clock.seconds}
    parts[f"{OUTSIDE} / rest"] = wall - sum(parts.values())
    print(json.dumps({"status": status, "wall": wall, "parts": parts, "calls": clock.calls}))
    return 0


def profile_once(argv: list[str], env: dict[str, str], scratch: Path) -> dict[str, Any]:
    work = Path(tempfile.mkdtemp(prefix="prof-", dir=scratch))
    command = [bench.PYTHON, "-m", "benchmarks.render_profile", "--child", *argv, str(work / "out")]
    result = subprocess.run(
        command,
        cwd=bench.REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=bench.TIMEOUT,
        check=False,
    )
    if result.returncode != 0:
        raise bench.CommandFailed(f"{command}: {result.stderr[-3000:]}")
    data: dict[str, Any] = json.loads(result.stdout.strip().splitlines()[-1])
    if data["status"] not in (0, None):
        raise bench.CommandFailed(f"{command} exited {data['status']}: {result.stderr[-3000:]}")
    return data


def medians(runs: list[dict[str, Any]], field: str) -> dict[str, float]:
    keys = list(dict.fromkeys(key for run in runs for key in run[field]))
    return {key: statistics.median(run[field].get(key, 0) for run in runs) for key in keys}


def markdown(results: dict[str, Any]) -> str:
    info, cases = results["info"], results["cases"]
    names = list(cases)
    lines = [
        "# Where a copy's time goes, by copier phase",
        "",
        f"Written by `python -m benchmarks.render_profile --runs {info['runs']}` on "
        f"{info['date']}; medians of {info['runs']} interleaved runs after a warm-up. Load "
        f"average {info['load_before']} before, {info['load_after']} after; {info['machine']}; "
        f"Python {info['python']}, copier {info['copier']}; template at {info['template']}.",
        "",
        "Each copy runs the copier CLI in a fresh process that imports copier itself and times "
        "copier's phases by wrapping their functions (exclusive seconds: a timed call inside "
        "another counts once, for the inner one; so `jinja compile` and `subprocess` are taken "
        "out of the phase they happen in). `other` is the CLI, plumbum, the answers and what "
        "no wrapper covers. modfirst renders with `--skip-tasks` (its task is the "
        "verification, which bench.py splits by its own `--report`); copier-uv has no task.",
        "",
        "| seconds (median) | " + " | ".join(names) + " |",
        "|---|" + "---:|" * len(names),
    ]
    labels = list(dict.fromkeys(k for case in cases.values() for k in case["parts"]))
    for label in labels:
        values = [cases[n]["parts"].get(label, 0.0) for n in names]
        calls = [cases[n]["calls"].get(label) for n in names]
        counted = " / ".join(str(int(c)) if c is not None else "0" for c in calls)
        suffix = f" (calls: {counted})" if any(calls) else ""
        lines.append(f"| {label}{suffix} | " + " | ".join(f"{v:.3f}" for v in values) + " |")
    lines.append(
        "| **total (wall of the process after start-up)** | "
        + " | ".join(f"**{cases[n]['wall']:.3f}**" for n in names)
        + " |"
    )
    lines += ["", *results.get("notes", [])]
    return "\n".join(lines).rstrip() + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--child", nargs=argparse.REMAINDER, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child is not None:
        return child(args.child)
    uv = bench.find_uv()
    with tempfile.TemporaryDirectory(prefix="modfirst-profile-") as tmp:
        scratch = Path(tmp)
        settings = scratch / "copier-settings.yml"
        settings.write_text("{}\n")
        env, _ = bench.make_envs(uv, settings)
        cases = {
            "modfirst render": [
                *["copy", "--defaults", "--skip-tasks", "-r", "HEAD"],
                str(bench.snapshot(scratch / "modfirst")),
            ],
            "copier-uv copy": [
                *["copy", "--defaults", "--trust", "-r", "HEAD", *bench.COPIER_UV_DATA],
                str(bench.peer_template(scratch / "peer")),
            ],
            "one-file floor": [
                *["copy", "--defaults", "-r", "HEAD"],
                str(bench.tiny_template(scratch / "tiny")),
            ],
        }
        load_before = bench.load_average()
        runs: dict[str, list[dict[str, Any]]] = {name: [] for name in cases}
        for round_number in range(args.runs + 1):
            for name, argv in cases.items():
                data = profile_once(argv, env, scratch)
                note = round_number or "warm-up"
                print(f"  [{name}] {note}: {data['wall']:.3f} s", flush=True)
                if round_number:
                    runs[name].append(data)
        info = dict(
            bench.versions(uv),
            runs=args.runs,
            load_before=load_before,
            load_after=bench.load_average(),
        )
    results: dict[str, Any] = {"info": info, "cases": {}}
    for name, samples in runs.items():
        results["cases"][name] = {
            "wall": statistics.median(s["wall"] for s in samples),
            "parts": medians(samples, "parts"),
            "calls": medians(samples, "calls"),
        }
    (HERE / "render_profile.json").write_text(json.dumps(results, indent=1) + "\n")
    (HERE / "render_profile.md").write_text(markdown(results))
    print(markdown(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
