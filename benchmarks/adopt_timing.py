"""Time `modfirst adopt` on a 50-module script folder, before verification; write adopt_timing.md.

    python -m benchmarks.adopt_timing [--modules 50] [--repeat 5]

From the repo root. Every run adopts a fresh copy of the same generated project (50 modules
importing each other absolutely, a nested package, tests, a requirements.txt) from a fresh
snapshot of this clone. It times, as wall clock:
  command    `python -m modfirst adopt PATH --no-proof`: the whole command before the proof
             (interpreter start, plan, template render, apply)
  plan       plan() in-process: git listing, parsing, LibCST rewrites, TOML merge
  render     add_template_files(): copier renders the template for the answers file
  apply      apply(): git mv, writes, git add
and, for scale, `copier copy --defaults --skip-tasks` of the same snapshot (one project).
The goal: the command under 3 s. Reported as medians and as a ratio to the copier copy.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.bench import commit_all, git

REPO = Path(__file__).resolve().parents[1]
RESULT = REPO / "benchmarks" / "adopt_timing.md"
TIMEOUT = 600
PATH_ENV = str(REPO / "src")
sys.path[:0] = [str(REPO / "src"), str(REPO / "tests")]
# The worktree as a fresh one-commit repo: tests/helpers.py's snapshot, as the tests make it.
from helpers import snapshot  # noqa: E402


def write_project(root: Path, modules: int) -> Path:
    """`modules` modules: each imports two earlier ones (styles vary), main imports the last."""
    root.mkdir(parents=True)
    (root / "pieces").mkdir()
    (root / "pieces" / "__init__.py").write_text("")
    (root / "pieces" / "leaf.py").write_text("def value():\n    return 1\n")
    for index in range(modules - 2):
        imports = ["import pieces.leaf"]
        body = "pieces.leaf.value()"
        for back, style in ((1, "import"), (2, "from")):
            if index - back >= 0:
                other = f"mod{index - back:02d}"
                if style == "import":
                    imports.append(f"import {other}")
                    body += f" + {other}.value()"
                else:
                    imports.append(f"from {other} import value as v{back}")
                    body += f" + v{back}()"
        text = "\n".join(imports) + f'\n\n\ndef value():\n    """Module {index}."""\n'
        (root / f"mod{index:02d}.py").write_text(text + f"    return {body}\n")
    (root / "main.py").write_text(
        f"import argparse\nimport mod{modules - 3:02d}\n\n"
        'if __name__ == "__main__":\n'
        "    argparse.ArgumentParser().parse_args()\n"
        f"    print(mod{modules - 3:02d}.value())\n"
    )
    (root / "tests").mkdir()
    (root / "tests" / "test_mod.py").write_text(
        "import mod00\n\n\ndef test_value():\n    assert mod00.value() == 1\n"
    )
    (root / "requirements.txt").write_text("packaging>=20\n")
    commit_all(root)
    return root


def timed(call: object, *args: object) -> tuple[float, object]:
    started = time.perf_counter()
    result = call(*args)  # type: ignore[operator]
    return time.perf_counter() - started, result


def one_run(template: Path, work: Path, modules: int, number: int) -> dict[str, float]:
    from modfirst.adopt import apply
    from modfirst.adopt.plan import Options, plan
    from modfirst.template_files import Template

    seconds: dict[str, float] = {}
    project = write_project(work / f"in process {number}", modules)
    seconds["plan"], adoption = timed(plan, project, Options())
    seconds["render"], _ = timed(
        apply.add_template_files, adoption, Template(str(template), "HEAD")
    )
    seconds["apply"], _ = timed(apply.apply, adoption)
    project = write_project(work / f"command {number}", modules)
    argv = [sys.executable, "-m", "modfirst", "adopt", str(project), "--no-proof"]
    argv += ["--template", str(template), "--vcs-ref", "HEAD"]
    env = dict(os.environ, PYTHONPATH=PATH_ENV, PYTHONWARNINGS="ignore")
    started = time.perf_counter()
    subprocess.run(argv, check=True, capture_output=True, timeout=TIMEOUT, env=env)
    seconds["command"] = time.perf_counter() - started
    copy_to = work / f"copy {number}"
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "copier", "copy", "--defaults", "--skip-tasks", "--trust",
         "-r", "HEAD", str(template), str(copy_to)],
        check=True, capture_output=True, timeout=TIMEOUT, env=env,
    )  # fmt: skip
    seconds["copier copy"] = time.perf_counter() - started
    moved = git("diff", "--staged", "--name-only", cwd=project)
    assert len(moved.splitlines()) > modules, moved
    return seconds


def quiet_estimate(ratio: float) -> list[str]:
    """The command's time on a quiet machine: the ratio times results.json's render-only copy.

    Wall times on a shared 2-CPU machine scale with the load; the ratio to a copier copy
    measured in the same runs does not, and bench.py measured that copy on a quiet machine.
    """
    results = REPO / "benchmarks" / "results.json"
    if not results.is_file():
        return []
    data = json.loads(results.read_text(encoding="utf-8"))
    case = next(
        (c for c in data["cases"].values() if "skip-tasks" in c["label"] or "render" in c["label"]),
        None,
    )
    if case is None:
        return []
    estimate = ratio * case["median"]
    return [
        f"- on a quiet machine: {ratio:.1f} x {case['median']:.2f} s (`{case['label']}`, "
        f"benchmarks/results.json, {data['info']['date']}) = **about {estimate:.1f} s**: "
        f"the 3 s goal is {'met' if estimate < 3 else 'NOT met'} by that estimate",
        "",
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--modules", type=int, default=50)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    load = os.getloadavg()[0]
    runs: list[dict[str, float]] = []
    with tempfile.TemporaryDirectory(prefix="modfirst-adopt-bench-") as temp:
        template = Path(temp, "template")
        snapshot(template)
        for number in range(args.repeat):
            runs.append(one_run(template, Path(temp), args.modules, number))
    labels = ["command", "plan", "render", "apply", "copier copy"]
    median = {label: statistics.median(run[label] for run in runs) for label in labels}
    lines = [
        f"# Adopt timing: a {args.modules}-module script folder, before verification",
        "",
        f"Measured with `python -m benchmarks.adopt_timing --modules {args.modules} "
        f"--repeat {args.repeat}`.",
        "",
        "| step | median wall time | all runs (s) |",
        "|---|---|---|",
        *[
            f"| {label} | {median[label]:.2f} s | "
            + ", ".join(f"{run[label]:.2f}" for run in runs)
            + " |"
            for label in labels
        ],
        "",
        f"- `modfirst adopt --no-proof` on {args.modules} modules: **{median['command']:.2f} s** "
        f"here, at a load average of {load:.1f} on {os.cpu_count()} CPUs (goal: under 3 s)",
        "- adopt / `copier copy` of one project: "
        f"**{median['command'] / median['copier copy']:.1f}x**",
        f"- in-process: plan {median['plan']:.2f} s + render {median['render']:.2f} s + apply "
        f"{median['apply']:.2f} s, run one after another; the command renders in a copier "
        "process of its own while it rewrites, and adds starting Python and importing LibCST",
        *quiet_estimate(median["command"] / median["copier copy"]),
        f"Machine: {os.cpu_count()} CPUs, {platform.system()} {platform.machine()}, Python "
        f"{platform.python_version()}; 1-minute load average before the runs: {load:.1f} "
        "(other work shared the machine).",
        "",
    ]
    RESULT.write_text("\n".join(lines), encoding="utf-8")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
