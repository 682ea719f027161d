#!/usr/bin/env python3
"""Time `copier copy` of modfirst against the baselines it should be compared with.

    python -m benchmarks.bench [--runs N]      (from the repository root)

Run it with a Python that has copier installed (the dev venv). uv is found on PATH or through
the `uv` package's find_uv_bin(). Cases, each timed N times after one warm-up run:

  1. copier copy --defaults --trust -r HEAD      modfirst, verification with uv on PATH
  2. the same with no uv on PATH                 verification falls back to stdlib venv + pip
  3. copier copy --defaults --skip-tasks -r HEAD render only
  4. uv init --package x && uv run x             uv's own "new project that runs"
  5. python -m venv v && v/bin/pip install PROJECT && v/bin/python -m PKG   by hand
  6. copier copy --defaults -r HEAD              a one-file template: copier's floor
  7. case 1 with -d build_backend=hatchling      the default up to 0.2.0, side by side
  8. copier copy --defaults --trust of pawamoy/copier-uv, a peer template that verifies nothing
     (benchmarks/peers/, pinned; needs copier-templates-extensions), with the two answers it
     has no default for

For the breakdown of (1) and (2) it also times, the same N times: interpreter start, `import
copier`, the copier CLI, and hooks/verify.py's steps (from its --report JSON) with and without
uv; (4) and (5) are timed command by command. Writes results.md and results.json next to this file.
Standard library only.
"""

from __future__ import annotations

import argparse
import datetime
import io
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

from modfirst.template_files import load_hook

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
PYTHON = sys.executable
COPIER = [PYTHON, "-m", "copier"]
# The package name copier derives from the destination folder's name.
PACKAGE = "benchproj"
TIMEOUT = 600  # seconds any one command may take; a hung command fails the benchmark
COPIER_UV = HERE / "peers" / "copier-uv-a8fa3af2f71dd0897c3ab21c60099f4ecfb41661.tar.gz"
# copier-uv's questions without a default; everything else is its default.
COPIER_UV_DATA = ["-d", "project_name=benchproj", "-d", "project_description=A project."]
GIT_IDENTITY = ["-c", "user.name=modfirst bench", "-c", "user.email=bench@modfirst.invalid"]
TARGETS = {  # ratio name -> (numerator, denominator, comparison, target)
    "(1)/(8)": ("1", "8", "<=", 1.0),  # the verified copy / copier-uv's unverified copy
    "(1)/(3)": ("1", "3", "<=", 1.4),  # the default copy, verification included / render only
    "(1)/(6)": ("1", "6", "<=", 1.6),  # the default copy / copier's one-file floor
    "(5)/(2)": ("5", "2", ">=", 4.0),
    "(3)/(6)": ("3", "6", "<=", 1.3),
}


class CommandFailed(RuntimeError):
    pass


# --- running commands --------------------------------------------------------------------


def run(argv: list[str], *, cwd: Path, env: dict[str, str]) -> str:
    """Run argv (a list, never a shell string); return its output, raise if it fails."""
    result = subprocess.run(
        argv,
        cwd=cwd,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        timeout=TIMEOUT,
        check=False,
    )
    if result.returncode != 0:
        tail = "\n".join(result.stdout.splitlines()[-30:])
        raise CommandFailed(f"{argv} exited with {result.returncode} in {cwd}:\n{tail}")
    return result.stdout


def timed(argv: list[str], *, cwd: Path, env: dict[str, str]) -> float:
    started = time.perf_counter()
    run(argv, cwd=cwd, env=env)
    return time.perf_counter() - started


def git(*args: str, cwd: Path) -> str:
    return run(["git", *args], cwd=cwd, env=os.environ.copy())


# --- environment ---------------------------------------------------------------------------


def find_uv() -> str:
    found = shutil.which("uv")
    if found:
        return found
    try:
        import uv  # the PyPI package that ships the binary; optional
    except ImportError:
        sys.exit("bench.py: uv is neither on PATH nor importable (pip install uv)")
    return uv.find_uv_bin()


def has_uv(directory: str) -> bool:
    candidate = Path(directory, "uv.exe" if os.name == "nt" else "uv")
    return candidate.is_file() and os.access(candidate, os.X_OK)


def path_without_uv() -> str:
    return os.pathsep.join(
        d for d in os.environ.get("PATH", "").split(os.pathsep) if d and not has_uv(d)
    )


def make_envs(uv: str, settings: Path) -> tuple[dict[str, str], dict[str, str]]:
    """Two environments, identical but for whether a uv is reachable on PATH."""
    base = {k: v for k, v in os.environ.items() if k != "VIRTUAL_ENV"}
    # An empty settings file: a user's copier settings.yml must not add defaults or trust.
    base["COPIER_SETTINGS_PATH"] = str(settings)
    without_uv = dict(base, PATH=path_without_uv())
    with_uv = dict(base, PATH=str(Path(uv).parent) + os.pathsep + without_uv["PATH"])
    return with_uv, without_uv


# --- fixtures: the template snapshot, a tiny template, a rendered project ------------------


def snapshot(destination: Path) -> Path:
    """Commit HEAD's tree into a fresh repo: copier clones it fast (no untracked .venv)."""
    archive = subprocess.run(
        ["git", "archive", "--format=tar", "HEAD"],
        cwd=REPO,
        capture_output=True,
        timeout=TIMEOUT,
        check=True,
    ).stdout
    destination.mkdir(parents=True)
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(destination)
    commit_all(destination)
    return destination


def tiny_template(destination: Path) -> Path:
    """copier's floor: one defaulted question, one templated file."""
    destination.mkdir(parents=True)
    (destination / "copier.yml").write_text("name:\n  type: str\n  default: world\n")
    (destination / "hello.txt.jinja").write_text("Hello {{ name }}\n")
    commit_all(destination)
    return destination


def peer_template(destination: Path) -> Path:
    """copier-uv from its pinned archive (ISC, its LICENSE inside), committed in a fresh repo."""
    with tarfile.open(COPIER_UV) as tar:
        tar.extractall(destination, filter="data")
    template = destination / "copier-uv"
    commit_all(template)
    return template


def commit_all(repo: Path) -> None:
    """One commit, packed: a template cloned from GitHub arrives as one pack, and copier's local
    clone links each loose object file (309 of them for modfirst, ~0.1 s on this machine)."""
    git("init", "-q", cwd=repo)
    git("add", "-A", cwd=repo)
    git(*GIT_IDENTITY, "commit", "-q", "--no-verify", "-m", "snapshot", cwd=repo)
    git("repack", "-a", "-d", "-q", cwd=repo)
    git("prune-packed", cwd=repo)


# --- what is timed: the six cases and the breakdown probes -------------------------------


@dataclass
class Probe:
    key: str  # "1".."6" for the cases, a word for the breakdown probes
    label: str
    # Runs in a fresh empty folder; returns seconds of its sub-steps (may be empty).
    body: Callable[[Path], dict[str, float]]


def make_cases(
    template: Path,
    tiny: Path,
    peer: Path,
    project: Path,
    uv: str,
    with_uv: dict[str, str],
    without_uv: dict[str, str],
) -> list[Probe]:
    def copy(env: dict[str, str], *flags: str) -> Callable[[Path], dict[str, float]]:
        return lambda work: steps(
            work,
            env,
            copier=[
                *COPIER,
                "copy",
                "--defaults",
                *flags,
                "-r",
                "HEAD",
                str(template),
                str(work / PACKAGE),
            ],
        )

    def uv_init_run(work: Path) -> dict[str, float]:
        # --python on both commands: no interpreter discovery cost is counted.
        return steps(
            work,
            with_uv,
            **{
                "uv init --package x": [uv, "init", "--package", "x", "--python", PYTHON],
                "uv run x": [uv, "run", "--project", "x", "--python", PYTHON, "x"],
            },
        )

    def by_hand(work: Path) -> dict[str, float]:
        bin_dir = Path("v", "Scripts" if os.name == "nt" else "bin")
        return steps(
            work,
            without_uv,
            **{
                "python -m venv v": [PYTHON, "-m", "venv", "v"],
                "v/bin/pip install .": [str(bin_dir / "pip"), "install", str(project)],
                "v/bin/python -m PKG": [str(bin_dir / "python"), "-m", PACKAGE],
            },
        )

    def peer_copy(work: Path) -> dict[str, float]:
        argv = [*COPIER, "copy", "--defaults", "--trust", "-r", "HEAD", *COPIER_UV_DATA]
        return steps(work, with_uv, copier=[*argv, str(peer), str(work / PACKAGE)])

    def floor(work: Path) -> dict[str, float]:
        return steps(
            work,
            with_uv,
            copier=[*COPIER, "copy", "--defaults", "-r", "HEAD", str(tiny), str(work / "out")],
        )

    return [
        Probe("1", "copier copy modfirst, verify with uv", copy(with_uv, "--trust")),
        Probe(
            "2",
            "copier copy modfirst, verify without uv (stdlib venv + pip)",
            copy(without_uv, "--trust"),
        ),
        Probe(
            "3", "copier copy modfirst --skip-tasks (render only)", copy(with_uv, "--skip-tasks")
        ),
        Probe("4", "uv init --package x && uv run x", uv_init_run),
        Probe(
            "5", "by hand: python -m venv v && v/bin/pip install . && v/bin/python -m PKG", by_hand
        ),
        Probe("6", "copier copy of a one-file template (copier's floor)", floor),
        Probe(
            "7",
            "copier copy modfirst -d build_backend=hatchling, verify with uv",
            copy(with_uv, "--trust", "-d", "build_backend=hatchling"),
        ),
        Probe("8", "copier copy of pawamoy/copier-uv (verifies nothing)", peer_copy),
    ]


def steps(work: Path, env: dict[str, str], **commands: list[str]) -> dict[str, float]:
    """Run the commands in order in work; return each one's seconds by name."""
    return {name: timed(argv, cwd=work, env=env) for name, argv in commands.items()}


def make_breakdown(
    template: Path, project: Path, with_uv: dict[str, str], without_uv: dict[str, str]
) -> list[Probe]:
    def verify(env: dict[str, str]) -> Callable[[Path], dict[str, float]]:
        def body(work: Path) -> dict[str, float]:
            report = work / "verify-report.json"
            hook = template / "hooks" / "verify.py"
            run([PYTHON, str(hook), str(project), "--report", str(report)], cwd=work, env=env)
            return verify_timings(hook, report)

        return body

    def bare(*args: str) -> Callable[[Path], dict[str, float]]:
        return lambda work: steps(work, with_uv, command=[PYTHON, *args])

    return [
        Probe("start", "python -c pass", bare("-c", "pass")),
        Probe("import", "python -c 'import copier'", bare("-c", "import copier")),
        Probe("cli", "python -m copier --version", bare("-m", "copier", "--version")),
        Probe(
            "verify-uv", "python hooks/verify.py PROJECT --report R, uv on PATH", verify(with_uv)
        ),
        Probe(
            "verify-stdlib",
            "python hooks/verify.py PROJECT --report R, no uv on PATH",
            verify(without_uv),
        ),
    ]


def verify_timings(hook: Path, report: Path) -> dict[str, float]:
    """Seconds per step from verify.py's JSON report, summed by verify.py's own timings()."""
    module = load_hook(hook.parents[1], hook.stem)
    data = json.loads(report.read_text(encoding="utf-8"))
    if data.get("status") != "verified":
        raise CommandFailed(f"verify.py did not verify the project: {data.get('reason')}")
    spent: dict[str, float] = module.timings(data)
    return spent


# --- measuring ---------------------------------------------------------------------------


@dataclass
class Samples:
    wall: list[float]
    steps: dict[str, list[float]]
    cpu: list[float]  # CPU seconds of all the probe's processes (empty where unmeasurable)


def children_cpu() -> float | None:
    """CPU seconds used so far by finished child processes (POSIX only)."""
    try:
        import resource
    except ImportError:
        return None
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def time_once(
    body: Callable[[Path], dict[str, float]], scratch: Path
) -> tuple[float, dict[str, float], float | None]:
    """Time body in a fresh temporary folder, deleted afterwards (not timed): wall seconds,
    sub-steps, and CPU seconds of its processes (which load on a shared machine barely
    changes, unlike wall time)."""
    work = Path(tempfile.mkdtemp(prefix="run-", dir=scratch))
    try:
        cpu_before, started = children_cpu(), time.perf_counter()
        parts = body(work)
        seconds, cpu_after = time.perf_counter() - started, children_cpu()
        cpu = None if cpu_before is None or cpu_after is None else cpu_after - cpu_before
        return seconds, parts, cpu
    finally:
        shutil.rmtree(work, ignore_errors=True)


def measure(probes: list[Probe], runs: int, scratch: Path) -> dict[str, Samples]:
    """One warm-up round, then `runs` rounds; a round runs every probe once.

    Interleaving spreads the machine's background noise evenly over all probes, so ratios
    and differences between them stay fair even when the load drifts during the run.
    """
    samples = {probe.key: Samples([], {}, []) for probe in probes}
    for round_number in range(runs + 1):
        for probe in probes:
            seconds, parts, cpu = time_once(probe.body, scratch)
            note = f"run {round_number}/{runs}" if round_number else "warm-up"
            print(f"  [{probe.key}] {note}: {seconds:.3f} s", flush=True)
            if not round_number:
                continue  # the warm-up fills caches (uv, pip, page cache) and is not counted
            samples[probe.key].wall.append(seconds)
            if cpu is not None:
                samples[probe.key].cpu.append(cpu)
            for step, value in parts.items():
                samples[probe.key].steps.setdefault(step, []).append(value)
    return samples


# --- summarising ---------------------------------------------------------------------------


def summary(values: list[float]) -> dict[str, object]:
    return {
        "median": statistics.median(values),
        "min": min(values),
        "max": max(values),
        "samples": values,
    }


def summarise(probes: list[Probe], samples: dict[str, Samples]) -> dict[str, dict[str, Any]]:
    return {
        probe.key: dict(
            label=probe.label,
            **summary(samples[probe.key].wall),
            cpu=summary(samples[probe.key].cpu) if samples[probe.key].cpu else None,
            steps={name: summary(values) for name, values in samples[probe.key].steps.items()},
        )
        for probe in probes
    }


def ratios(cases: dict[str, dict[str, Any]]) -> dict[str, dict[str, object]]:
    """Each target ratio from the medians (judged), and from the minimums (for context)."""
    result: dict[str, dict[str, object]] = {}
    for name, (top, bottom, op, target) in TARGETS.items():
        value = cases[top]["median"] / cases[bottom]["median"]
        ok = value <= target if op == "<=" else value >= target
        cpu_top, cpu_bottom = cases[top]["cpu"], cases[bottom]["cpu"]
        result[name] = {
            "value": value,
            "of_minimums": cases[top]["min"] / cases[bottom]["min"],
            "of_cpu": cpu_top["median"] / cpu_bottom["median"] if cpu_top and cpu_bottom else None,
            "target": f"{op} {target}",
            "verdict": "PASS" if ok else "MISS",
        }
    return result


def versions(uv: str) -> dict[str, str]:
    uv_version = run([uv, "--version"], cwd=Path(tempfile.gettempdir()), env=os.environ.copy())
    return {
        "date": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": f"{platform.system()} {platform.release()} {platform.machine()}, "
        f"{os.cpu_count()} CPUs",
        "python": platform.python_version(),
        "copier": metadata.version("copier"),
        "uv": uv_version.split()[1],
        "pip": metadata.version("pip"),
        "git": git("--version", cwd=Path(tempfile.gettempdir()))
        .strip()
        .removeprefix("git version "),
        "template": git("rev-parse", "--short", "HEAD", cwd=REPO).strip(),
    }


def load_average() -> str:
    try:
        return " ".join(f"{x:.2f}" for x in os.getloadavg())
    except (AttributeError, OSError):  # not available on Windows
        return "n/a"


def derived(cases: dict[str, dict[str, Any]], parts: dict[str, dict[str, Any]]) -> dict[str, float]:
    """Differences of medians that say where the time of (1), (2) and (5) goes."""
    med = {key: fig["median"] for key, fig in {**cases, **parts}.items()}

    def step(key: str, name: str) -> float:
        return float((cases.get(key) or parts[key])["steps"][name]["median"])

    return {
        "interpreter start": med["start"],
        "import copier": med["import"] - med["start"],
        "copier CLI start (--version)": med["cli"],
        "(3) after the CLI has started (clone, questions, render)": med["3"] - med["cli"],
        "(3) - (6): modfirst's render over copier's floor": med["3"] - med["6"],
        "(3) - (8): modfirst's render over copier-uv's copy": med["3"] - med["8"],
        "(1) - (8): the verified copy over copier-uv's copy": med["1"] - med["8"],
        "(1) - (3): verification with uv": med["1"] - med["3"],
        "verify.py process with uv": med["verify-uv"],
        "verify.py with uv: outside its own total (interpreter start, imports)": med["verify-uv"]
        - step("verify-uv", "total"),
        "(1) - (3) - verify.py with uv: copier running the task": med["1"]
        - med["3"]
        - med["verify-uv"],
        "(2) - (3): verification without uv": med["2"] - med["3"],
        "verify.py process without uv": med["verify-stdlib"],
        "(2) - (3) - verify.py without uv: copier running the task": med["2"]
        - med["3"]
        - med["verify-stdlib"],
        "(5) venv with pip minus verify's venv --without-pip": step("5", "python -m venv v")
        - step("verify-stdlib", "venv"),
        "(5) pip install minus verify's pip --python install": step("5", "v/bin/pip install .")
        - step("verify-stdlib", "install"),
    }


def build_results(
    args: argparse.Namespace,
    info: dict[str, str],
    cases: list[Probe],
    extras: list[Probe],
    samples: dict[str, Samples],
) -> dict[str, Any]:
    figures, parts = summarise(cases, samples), summarise(extras, samples)
    return {
        "info": dict(info, runs=args.runs),
        "cases": figures,
        "ratios": ratios(figures),
        "verification_vs_uv": {
            "verify.py total": parts["verify-uv"]["steps"]["total"]["median"],
            "verify.py process": parts["verify-uv"]["median"],
            "(1)-(3)": figures["1"]["median"] - figures["3"]["median"],
            "(4)": figures["4"]["median"],
        },
        "breakdown": parts,
        "derived": derived(figures, parts),
    }


# --- writing the report --------------------------------------------------------------------


def row(name: str, fig: dict[str, Any]) -> str:
    return f"| {name} | {fig['median']:.3f} | {fig['min']:.3f} | {fig['max']:.3f} |"


def markdown(results: dict[str, Any]) -> str:
    info, cases, parts = results["info"], results["cases"], results["breakdown"]
    cost = results["verification_vs_uv"]
    lines = [
        "# modfirst benchmark results",
        "",
        f"Written by `python -m benchmarks.bench --runs {info['runs']}` on {info['date']}. "
        f"Every figure is the median, min and max of {info['runs']} runs after one warm-up run; "
        "all cases and breakdown probes run interleaved, round by round, so load changes hit "
        "them alike.",
        "",
        f"- machine: {info['machine']}, shared; load average {info['load_before']} before, "
        f"{info['load_after']} after",
        f"- Python {info['python']}, copier {info['copier']}, uv {info['uv']}, pip {info['pip']}, "
        f"git {info['git']}; template at commit {info['template']}",
        "",
        "## Cases",
        "",
        "| case | median s | min s | max s | median CPU s |",
        "|---|---:|---:|---:|---:|",
    ]
    lines += [
        row(f"({key}) {fig['label']}", fig)
        + (f" {fig['cpu']['median']:.3f} |" if fig["cpu"] else " n/a |")
        for key, fig in cases.items()
    ]
    lines += [
        "",
        "## Ratios",
        "",
        "CPU time (all the case's processes) is the check on a loaded machine: it changes little "
        "with load, while wall time waits for the CPU. Verification runs its three checks at "
        "once, so its wall time is less than its CPU time.",
        "",
        "| ratio | of medians | of minimums | of CPU time | target (medians) | verdict |",
        "|---|---:|---:|---:|---|---|",
    ]
    lines += [
        f"| {name} | {r['value']:.2f} | {r['of_minimums']:.2f} | "
        + (f"{r['of_cpu']:.2f}" if r["of_cpu"] is not None else "n/a")
        + f" | {r['target']} | {r['verdict']} |"
        for name, r in results["ratios"].items()
    ]
    lines += [
        "",
        "## The verification next to `uv init --package x && uv run x`",
        "",
        "Both make a packaged project runnable and run it once, on the same machine, in the "
        "same rounds (medians, seconds).",
        "",
        "| what | s | / (4) |",
        "|---|---:|---:|",
    ]
    lines += [
        f"| {label} | {cost[key]:.3f} | {cost[key] / cost['(4)']:.1f} |"
        for key, label in [
            ("verify.py total", "verify.py with uv, its own wall clock (the report's seconds)"),
            ("verify.py process", "verify.py with uv, the whole process"),
            ("(1)-(3)", "(1) - (3): what verification adds to a copy"),
            ("(4)", "(4) `uv init --package x && uv run x`"),
        ]
    ]
    lines += [
        "",
        "## Where the time goes",
        "",
        'Steps of verify.py are from its own `--report` JSON ("total" is its own wall clock '
        'from its first step; "process" is the whole process from outside).',
    ]
    lines += [
        "",
        "### Start-up",
        "",
        "| command | median s | min s | max s |",
        "|---|---:|---:|---:|",
    ]
    lines += [
        row(f"`{fig['label']}`", fig) for key, fig in parts.items() if not key.startswith("verify")
    ]
    for key, fig in parts.items():
        if key.startswith("verify"):
            lines += [
                "",
                f"### `{fig['label']}`",
                "",
                "| step | median s | min s | max s |",
                "|---|---:|---:|---:|",
            ]
            lines += [row(name, value) for name, value in fig["steps"].items()]
            lines += [row("process", fig)]
    for key in ("4", "5"):
        lines += [
            "",
            f"### ({key}) step by step",
            "",
            "| step | median s | min s | max s |",
            "|---|---:|---:|---:|",
        ]
        lines += [row(name, value) for name, value in cases[key]["steps"].items()]
    lines += [
        "",
        "### Derived (differences of medians, seconds)",
        "",
        "| quantity | s |",
        "|---|---:|",
    ]
    lines += [f"| {name} | {value:.3f} |" for name, value in results["derived"].items()]
    return "\n".join(lines) + "\n"


def write_outputs(results: dict[str, Any]) -> None:
    (HERE / "results.json").write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    (HERE / "results.md").write_text(markdown(results), encoding="utf-8")


def print_headline(results: dict[str, Any]) -> None:
    for key, fig in results["cases"].items():
        print(f"({key}) {fig['median']:7.3f} s  {fig['label']}")
    for name, r in results["ratios"].items():
        print(f"{name} = {r['value']:.2f} (target {r['target']}): {r['verdict']}")


# --- main ------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="bench.py", description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--runs",
        type=int,
        default=7,
        help="timed runs per case and per breakdown probe (default: 7)",
    )
    args = parser.parse_args(argv)
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    uv = find_uv()
    info = versions(uv)
    info["load_before"] = load_average()
    with tempfile.TemporaryDirectory(prefix="modfirst-bench-") as temp:
        root = Path(temp)
        settings = root / "copier-settings.yml"
        settings.write_text("{}\n")
        with_uv, without_uv = make_envs(uv, settings)
        template = snapshot(root / "modfirst")
        tiny = tiny_template(root / "tiny")
        peer = peer_template(root / "peer")
        # The project that (5) and verify.py install: rendered once, exactly as case (3) does.
        project = root / PACKAGE
        run(
            [
                *COPIER,
                "copy",
                "--defaults",
                "--skip-tasks",
                "-r",
                "HEAD",
                str(template),
                str(project),
            ],
            cwd=root,
            env=with_uv,
        )
        scratch = root / "scratch"
        scratch.mkdir()
        cases = make_cases(template, tiny, peer, project, uv, with_uv, without_uv)
        extras = make_breakdown(template, project, with_uv, without_uv)
        print(
            f"timing {len(cases)} cases and {len(extras)} breakdown probes, "
            f"{args.runs} runs each after a warm-up",
            flush=True,
        )
        samples = measure(cases + extras, args.runs, scratch)
    info["load_after"] = load_average()
    results = build_results(args, info, cases, extras, samples)
    write_outputs(results)
    print_headline(results)
    return 0


if __name__ == "__main__":
    sys.exit(main())
