"""Adopt every real project of the corpus in a temporary copy; write adopt_corpus.md/.json.

    python -m benchmarks.adopt_corpus [--only NAME ...] [--workers 2]
    MODFIRST_CORPUS_RESULTS=DIR pytest -n 2 tests/e2e/test_adopt_corpus.py, then
    python -m benchmarks.adopt_corpus --from DIR --wall SECONDS --workers 2

From the repo root. The corpus is tests/corpora/adopt_real/corpus.json: pinned `git archive`s
of public projects (README.md there says how they were chosen and made). Each is unpacked,
committed to a fresh git repository and adopted by this clone's `python -m modfirst adopt`
with its proof. Per project, measured here and not taken from adopt's own report:

- what it publishes before and after: the sdist built with the project's own backend, the
  wheel built from that sdist (`python -m build`), then every core metadata field (versions
  and requirements PEP 440/508 normalised, the description by digest), entry points, modules
  (`a.py` and `a/__init__.py` are one module), compiled extensions, package data, data files
  and scripts; the wheel installed with its dependencies in a fresh venv and every top-level
  module imported. For a maintainers' move the reference is the maintainers' own move commit
  (tests/corpora/adopt_real/moves/), built the same way;
- the program's `--help` output and exit status before (`python FILE` or the console script's
  function, from the original tree) and after (`python -m PKG` or the same function from src/);
  the program is the one adopt's plan names, else the first console script the wheel publishes;
- the test line adopt reports (before; after), files lost (a file of the original commit
  neither at its path nor renamed: must be 0), a traceback anywhere, and seconds (adopt with
  its proof).

tests/e2e/test_adopt_corpus.py runs the same `adopt_one` on every project and asserts.
"""

from __future__ import annotations

import argparse
import configparser
import email.parser
import email.policy
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
import tomllib
import zipfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO / "tests" / "corpora" / "adopt_real"
RESULT = REPO / "benchmarks" / "adopt_corpus.md"
TIMEOUT = 1800
BUILD_TIMEOUT = 600
IDENTITY = ["-c", "user.name=corpus", "-c", "user.email=corpus@example.invalid"]
PACKAGING = ("setup.py", "setup.cfg", "pyproject.toml")


def projects(only: list[str] | None = None) -> list[dict[str, Any]]:
    """The corpus entries (corpus.json), each with its archive's path."""
    entries = json.loads((CORPUS / "corpus.json").read_text(encoding="utf-8"))["projects"]
    for entry in entries:
        entry["name"] = Path(entry["archive"]).name.rsplit("-", 1)[0]
        entry["path"] = (CORPUS / entry["archive"]).resolve()
    return [e for e in entries if not only or any(e["name"].startswith(o) for o in only)]


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


def run(
    argv: list[str], timeout: float, cwd: Path | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """A child the harness starts: its output captured as text, no stdin, a time limit."""
    return subprocess.run(
        argv,
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        errors="replace",
        timeout=timeout,
        check=False,
        stdin=subprocess.DEVNULL,
    )


def unpack(archive: Path, into: Path) -> Path:
    """The archive as a one-commit repository, as its owner would have it (the test unpacks
    through helpers.extract, which also serves Pythons without extraction filters)."""
    extract(archive, into)
    return commit_tree(next(p for p in into.iterdir() if p.is_dir()))


def extract(archive: Path, into: Path) -> None:
    """One of the corpus's own pinned archives (`git archive` output): the "data" filter where
    this Python has extraction filters (3.11.4+)."""
    with tarfile.open(archive) as tar:
        if hasattr(tarfile, "data_filter"):
            tar.extractall(into, filter="data")
        else:
            tar.extractall(into)


def commit_tree(root: Path) -> Path:
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "as published")
    # As its owner has it, having run it: Python's bytecode beside the code (whatever
    # PYTHONDONTWRITEBYTECODE says here). Files that do not compile (Python 2 docs) are skipped.
    run([sys.executable, "-m", "compileall", "-q", "-q", str(root)], timeout=300)
    return root


def files_lost(root: Path, before: list[str]) -> list[str]:
    """Files of the original commit that are neither at their path nor renamed."""
    renamed = set()
    fields = git(root, "diff", "--staged", "--name-status", "-M", "-z").split("\0")
    while fields and fields[0]:
        status, *paths = fields[: 3 if fields[0][0] in "RC" else 2]
        fields = fields[1 + len(paths) :]
        if status.startswith("R"):
            renamed.add(paths[0])
    return [
        f
        for f in before
        if not (root / f).exists() and not (root / f).is_symlink() and f not in renamed
    ]


def tracked(root: Path) -> list[str]:
    """The committed files, names unquoted (git quotes non-ASCII names without -z)."""
    return [name for name in git(root, "ls-files", "-z").split("\0") if name]


def line_with(output: str, marker: str) -> str:
    return next((ln.split(": ", 1)[1] for ln in output.splitlines() if marker in ln), "")


# What a project publishes ------------------------------------------------------------------


def publishes(root: Path) -> bool:
    """A setup.py, or a pyproject.toml or setup.cfg that declares a build or a project (a
    pyproject.toml holding only tool settings publishes nothing)."""
    if (root / "setup.py").is_file():
        return True
    pyproject = root / "pyproject.toml"
    if pyproject.is_file():
        try:
            data = tomllib.loads(pyproject.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
            return True  # the build will say what is wrong with it
        tool = data.get("tool", {})
        return bool({"build-system", "project"} & data.keys() or "poetry" in tool)
    return False


def published(root: Path, work: Path, env: dict[str, str]) -> dict[str, Any] | None:
    """What `root` publishes, or None when it publishes nothing. Built in a copy (a build
    writes into its folder) with its .git: setuptools_scm lists an sdist's files from git; its
    version comes from the corpus entry's env, as tags are not in an archive."""
    if not publishes(root):
        return None
    copy = work / root.name
    shutil.copytree(root, copy, symlinks=True)
    dist = work / "dist"
    build = run(
        [sys.executable, "-m", "build", "--installer", "uv", "--outdir", str(dist), str(copy)],
        timeout=BUILD_TIMEOUT,
        env=env,
    )
    wheels = sorted(dist.glob("*.whl"))
    if build.returncode != 0 or not wheels:
        tail = [ln for ln in (build.stdout + build.stderr).splitlines() if ln.strip()]
        return {"build failed": tail[-3:]}
    described = describe_wheel(wheels[0])
    described["imports"] = imports(wheels[0], described["modules"], work / "venv", env)
    return described


def describe_wheel(wheel: Path) -> dict[str, Any]:
    with zipfile.ZipFile(wheel) as archive:
        names = [n for n in archive.namelist() if not n.endswith("/")]
        info = next(n for n in names if n.endswith(".dist-info/METADATA"))
        dist_info = info.rsplit("/", 1)[0]
        metadata = metadata_fields(archive.read(info).decode("utf-8"))
        generator = email.parser.Parser().parsestr(archive.read(dist_info + "/WHEEL").decode())
        points = dist_info + "/entry_points.txt"
        entry_points = entry_points_of(archive.read(points).decode()) if points in names else {}
    data = dist_info.removesuffix(".dist-info") + ".data/"
    contents = [n for n in names if not n.startswith((dist_info + "/", data))]
    modules = sorted({module_of(n) for n in contents if n.endswith(".py")})
    extensions = sorted({module_of(n) for n in contents if n.endswith((".so", ".pyd"))})
    return {
        "backend": str(generator.get("Generator", "")).split(" ", 1)[0],
        "metadata": metadata,
        "entry points": entry_points,
        "tag": wheel.name.removesuffix(".whl").split("-", 2)[2],
        "modules": modules,
        "extensions": extensions,
        "package data": sorted(n for n in contents if not n.endswith((".py", ".so", ".pyd"))),
        "data files": sorted(n[len(data) :] for n in names if n.startswith(data)),
    }


def module_of(name: str) -> str:
    """a/b.py -> a.b, a/__init__.py -> a, a/_x.cpython-311-x86_64-linux-gnu.so -> a._x."""
    folder, _, file = name.rpartition("/")
    stem = file.split(".", 1)[0]
    parts = [p for p in folder.split("/") if p] + ([] if stem == "__init__" else [stem])
    return ".".join(parts)


def metadata_fields(text: str) -> dict[str, list[str]]:
    """Every core metadata field, versions and requirements normalised, the description (a
    header or the body) as its length and digest. Metadata-Version and Dynamic say how the
    backend wrote the fields, not what they are: left out (the backend is compared apart)."""
    from packaging.requirements import Requirement
    from packaging.specifiers import SpecifierSet
    from packaging.utils import canonicalize_name
    from packaging.version import Version

    message = email.parser.Parser(policy=email.policy.compat32).parsestr(text)
    fields: dict[str, list[str]] = {}
    for key, value in message.items():
        value = str(value).strip()
        if key in ("Metadata-Version", "Dynamic"):
            continue
        if key == "Version":
            value = str(Version(value))
        elif key == "Requires-Dist":
            value = str(Requirement(value))
        elif key == "Requires-Python":
            value = str(SpecifierSet(value))
        elif key == "Provides-Extra":
            value = canonicalize_name(value)
        fields.setdefault(key, []).append(value)
    description = fields.pop("Description", [""])[0] or str(message.get_payload() or "")
    description = "\n".join(line.rstrip() for line in description.strip().splitlines())
    digest = hashlib.sha256(description.encode()).hexdigest()[:16]
    fields["Description"] = [f"{len(description)} characters, sha256 {digest}"]
    return {key: sorted(values) for key, values in sorted(fields.items())}


def entry_points_of(text: str) -> dict[str, dict[str, str]]:
    parser = configparser.ConfigParser(delimiters=("=",), interpolation=None)
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    parser.read_string(text)
    return {g: {k: " ".join(v.split()) for k, v in parser[g].items()} for g in parser.sections()}


def imports(wheel: Path, modules: list[str], venv: Path, env: dict[str, str]) -> str:
    """Install the wheel with its dependencies in a fresh venv, import each top-level module."""
    from uv import find_uv_bin

    uv = find_uv_bin()
    tops = sorted({m.split(".", 1)[0] for m in modules if m})
    steps = [
        [uv, "venv", "-q", "--python", sys.executable, str(venv)],
        [uv, "pip", "install", "-q", "--python", str(venv / "bin" / "python"), str(wheel)],
        [str(venv / "bin" / "python"), "-I", "-c", "".join(f"import {m}\n" for m in tops)],
    ]
    for argv in steps:
        done = run(argv, timeout=BUILD_TIMEOUT, cwd=venv.parent, env=env)
        if done.returncode != 0:
            lines = [ln for ln in (done.stdout + done.stderr).splitlines() if ln.strip()]
            last = re.sub(r" \(/[^)]*\)", "", lines[-1]) if lines else str(done.returncode)
            return f"{Path(argv[0]).name} {argv[1]}: {last}"
    return "installed, imports " + ", ".join(tops)


def differences(before: dict[str, Any] | None, after: dict[str, Any] | None) -> list[str]:
    """What changed in what is published, one line per field, module list or file list. A
    project that published nothing may publish now (adopt gives it packaging); a project with
    a console script may gain `PKG.__main__` (its `python -m PKG`)."""
    if before is None:
        return []
    if after is None:
        return ["published: a distribution -> nothing"]
    if "build failed" in before or "build failed" in after:
        return [] if before == after else [f"build: {before.get('build failed')} -> failed"]
    lines = []
    gained = set(after["modules"]) - set(before["modules"])
    programs = before["entry points"].get("console_scripts")
    if programs and len(gained) == 1 and gained.pop().endswith(".__main__"):
        after = dict(after, modules=before["modules"])
    for key in sorted(before.keys() | after.keys()):
        old, new = before.get(key), after.get(key)
        if key == "metadata" and isinstance(old, dict) and isinstance(new, dict):
            lines += [
                f"{field}: {old.get(field)} -> {new.get(field)}"
                for field in sorted(old.keys() | new.keys())
                if old.get(field) != new.get(field)
            ]
        elif old != new:
            lines.append(f"{key}: {old} -> {new}")
    return lines


# The program -----------------------------------------------------------------------------------


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


def published_program(plan: str, before: dict[str, Any] | None) -> dict[str, str]:
    """The first console script the project publishes (its wheel's entry points, measured
    here), for a project whose plan names no program: what users run is compared even when
    adopt does not see it (files-to-prompt's `[project.entry-points.console_scripts]`)."""
    scripts = (before or {}).get("entry points", {}).get("console_scripts") or {}
    if not scripts:
        return {}
    name = sorted(scripts)[0]
    package = plan.split("(package ", 1)[1].split(")", 1)[0] if "(package " in plan else ""
    return {"package": package, "target": scripts[name].split()[0], "name": name}


def wrong_advice(plan: str, before: dict[str, Any] | None) -> list[str]:
    """What the plan tells the owner that their published wheel contradicts: a requirement it
    declares (in any extra) called undeclared (F27), a console script it publishes missing
    from "kept as published" (F26)."""
    from packaging.requirements import Requirement
    from packaging.utils import canonicalize_name

    if not before or "build failed" in before or not plan.strip():
        return []
    requires = before["metadata"].get("Requires-Dist", [])
    declared = {canonicalize_name(Requirement(r).name) for r in requires}
    found = [
        f"says {name} is undeclared; it is a Requires-Dist"
        for name in re.findall(r"! ([\w.-]+): \S+ imports \S+, undeclared \(dependency\)", plan)
        if canonicalize_name(name) in declared
    ]
    kept = set(re.findall(r"= console script (\S+):", plan))
    scripts = before["entry points"].get("console_scripts", {})
    found += [f"does not name the console script {s}" for s in sorted(scripts) if s not in kept]
    return found


def environment(root: Path, temp: Path) -> str:
    """A venv with the project's dependencies: the project installed from a copy (builds
    write into their folder), else its requirements.txt."""
    from uv import find_uv_bin

    venv = temp / "program-venv"
    uv = find_uv_bin()
    run([uv, "venv", "-q", "--python", sys.executable, str(venv)], timeout=300)
    python = str(venv / "bin" / "python")
    copy = temp / "program-copy"
    shutil.copytree(root, copy, ignore=shutil.ignore_patterns(".git"))
    packaged = (copy / "setup.py").is_file() or (copy / "pyproject.toml").is_file()
    wanted = [str(copy)] if packaged else ["-r", str(copy / "requirements.txt")]
    run([uv, "pip", "install", "-q", "--python", python, *wanted], timeout=900)
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
        head = function.split(".")[0]  # `pkg:cli.main` names an attribute of cli
        code = f"import sys; sys.argv[0] = {program['name']!r}; from {module} import {head}; "
        argv = [python, "-c", code + f"sys.exit({function}())", "--help"]
    elif after:
        argv = [python, "-m", program["package"], "--help"]
    else:
        argv = [python, program["file"], "--help"]
    try:
        done = run(argv, timeout=60, cwd=root, env=env)
    except subprocess.TimeoutExpired:
        return (-1, "timeout")
    text = done.stdout
    names = [program.get("file", "").rpartition("/")[2], program["package"]]
    for name in sorted(names, key=len, reverse=True):  # "toothpyk" before "pyk"
        if name:
            text = text.replace(name, "PROG")
    # argparse wraps usage lines after the program's name: compare the words, not the layout.
    words = " ".join(text.split())
    if done.returncode == 0:
        return done.returncode, words
    # A program that fails prints its error: the last line, without the paths (src/ moved).
    return done.returncode, re.sub(r"(/[^\s:'\"]+)+", "PATH", last_line(done.stderr))


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


# One project ----------------------------------------------------------------------------------


def adopt_one(
    entry: dict[str, Any], root: Path, adopt_args: tuple[str, ...] = ()
) -> dict[str, Any]:
    """Adopt the unpacked, committed project at `root` as a user would and measure it.
    `adopt_args`: e.g. the test's `--template SNAPSHOT --vcs-ref HEAD`."""
    temp = Path(tempfile.mkdtemp(prefix="modfirst-corpus-"))
    try:
        return measure(entry, root, temp, adopt_args)
    finally:
        shutil.rmtree(temp, ignore_errors=True)


def measure(
    entry: dict[str, Any], root: Path, temp: Path, adopt_args: tuple[str, ...]
) -> dict[str, Any]:
    began = time.perf_counter()
    from uv import find_uv_bin

    env = dict(os.environ, **entry.get("env", {}))
    # uv on PATH, as the tests have it: adopt's proof and `build --installer uv` use it.
    env["PATH"] = str(Path(find_uv_bin()).parent) + os.pathsep + env.get("PATH", "")
    before = tracked(root)
    command = [sys.executable, "-m", "modfirst", "adopt", str(root), *adopt_args]
    adopt_env = dict(env, PYTHONPATH=str(REPO / "src"), PYTHONWARNINGS="ignore")
    plan = run([*command, "--dry-run"], timeout=TIMEOUT, env=adopt_env).stdout
    reference = entry.get("move")
    if reference:  # the maintainers' own move, built the same way
        extract(CORPUS / reference["archive"], temp / "reference")
        reference_root = commit_tree(next((temp / "reference").iterdir()))
        published_before = published(reference_root, temp / "reference-build", env)
    else:
        published_before = published(root, temp / "before", env)
    program = program_of(plan) or published_program(plan, published_before)
    python = sys.executable
    before_run = run_program(root, program, python, after=False)
    if before_run and before_run[0] != 0 and "ModuleNotFoundError" in before_run[1]:
        python = environment(root, temp)  # its dependencies, in a venv of its own
        before_run = run_program(root, program, python, after=False)
    status_before = git(root, "status", "--porcelain")
    started = time.perf_counter()
    done = run(command, timeout=TIMEOUT, env=adopt_env)
    seconds = time.perf_counter() - started
    output = done.stdout + done.stderr
    adopted = done.returncode in (0, 3)
    after_run = run_program(root, program, python, after=True) if adopted else None
    published_after = published(root, temp / "after", env) if adopted else published_before
    outcome = {0: "adopted", 1: "failed, restored", 2: "refused", 3: "adopted, unverified"}
    return {
        "project": entry["name"],
        "archive": entry["archive"],
        "shape": entry["shape"],
        "move": reference["commit"] if reference else "",
        "status": done.returncode,
        "outcome": outcome.get(done.returncode, f"exit {done.returncode}"),
        "stderr lines": len(done.stderr.strip().splitlines()),
        "reason": cause(output) if done.returncode not in (0, 3) else "",
        "finding": str(entry.get("xfail", "")).split(":", 1)[0],
        "traceback": own_traceback(output),
        "untouched": git(root, "status", "--porcelain") == status_before,
        "tests": line_with(output, "fresh venv)"),
        "published before": published_before,
        "published after": published_after,
        "published differences": differences(published_before, published_after) if adopted else [],
        "lost": files_lost(root, before),
        "program": program_verdict(program, before_run, after_run),
        "wrong advice": wrong_advice(plan, published_before) if adopted else [],
        "seconds": round(seconds, 1),
        "total seconds": round(time.perf_counter() - began, 1),
        "tail": output.strip().splitlines()[-3:],
    }


def own_traceback(output: str) -> bool:
    """A traceback through modfirst's own code (a project's program may print its own)."""
    frames = re.findall(r'^\s*File "([^"]+)"', output, flags=re.M)
    return any(f"modfirst{os.sep}" in frame for frame in frames)


def cause(output: str) -> str:
    """Why adopt refused or failed: its last line, or the one before "FAILED; the tree is
    restored"."""
    lines = [ln.strip() for ln in output.splitlines() if ln.strip()]
    if len(lines) > 1 and lines[-1].endswith("FAILED; the tree is restored"):
        # modfirst's own last line, not the tail of an error it quoted (verify's rerun hint)
        said = [ln for ln in lines[:-1] if ln.startswith("modfirst ")]
        return said[-1] if said else lines[-2]
    return lines[-1] if lines else ""


def last_line(text: str) -> str:
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    return lines[-1] if lines else ""


def same_tests(tests: str) -> bool:
    """adopt's test line gives the same counts before and after ("30 passed, 1 failed before;
    30 passed, 1 failed after", "no tests ran before; no tests ran after"), or there is none
    (a project without tests). Tests skipped before may pass after (markupsafe's extension,
    compiled only when installed): the counts must add up to the number the line states."""
    counts = re.search(r": (.*?) before; (.*?) after", tests)
    if tests == "" or bool(counts and counts[1] == counts[2]):
        return True
    better = re.search(r"skipped before, passed after: (\d+)", tests)
    if not (counts and better):
        return False
    before, after = tally(counts[1]), tally(counts[2])
    moved = int(better[1])
    before["skipped"] -= moved
    before["passed"] += moved
    return {k: v for k, v in before.items() if v} == {k: v for k, v in after.items() if v}


def tally(counts: str) -> dict[str, int]:
    """ "31 passed, 11 skipped" -> {"passed": 31, "skipped": 11}."""
    found = {kind: int(n) for n, kind in re.findall(r"(\d+) (\w+)", counts)}
    return {"passed": 0, "skipped": 0, **found}


# The table ------------------------------------------------------------------------------------


def table(results: list[dict[str, Any]], wall: float, workers: int) -> str:
    adopted = [r for r in results if str(r["outcome"]).startswith("adopted")]
    identical = [r for r in adopted if not r["published differences"]]
    moves = [r for r in results if r["move"]]
    reproduced = [r for r in moves if r in identical]
    lines = [
        "# Adopting real projects (benchmarks/adopt_corpus.py)",
        "",
        f"{len(adopted)} of {len(results)} adopted, {len(identical)} of them publishing exactly "
        f"what they published before; maintainers' moves reproduced: {len(reproduced)} of "
        f"{len(moves)}; tracebacks: {sum(1 for r in results if r['traceback'])}; files lost: "
        f"{sum(len(r['lost']) for r in results)}; {wall:.0f} s wall clock with {workers} "
        f"workers on {os.cpu_count()} cores. Each row: `modfirst adopt` with its proof; "
        "`published` compares the sdist and the wheel built from it (every core metadata "
        "field, entry points, modules, extensions, package data, data files, scripts, and an "
        "install that imports) before and after, or for a maintainers' move with the "
        "maintainers' own move commit.",
        "",
        "| project | shape | outcome | published | program | tests (before; after) | lost | s |",
        "|---|---|---|---|---|---|---:|---:|",
    ]
    for r in results:
        tests = str(r["tests"]) or "no tests"
        reason = r["reason"]
        outcome = r["outcome"] + (f": {reason[:300]}" if reason else "")
        outcome += f" (xfail, {r['finding']})" if r.get("finding") else ""
        lines.append(
            f"| {r['project']} | {r['shape'].split(',')[0]}"
            + (f"; maintainers' move {r['move'][:12]}" if r["move"] else "")
            + f" | {outcome} | {published_verdict(r)} | {r['program']} | {tests} | "
            f"{len(r['lost'])} | {r['seconds']} |"
        )
    return "\n".join(lines) + "\n"


def published_verdict(result: dict[str, Any]) -> str:
    after = result["published after"]
    if not str(result["outcome"]).startswith("adopted"):
        return "unchanged (not adopted)"
    if after is None:
        return "nothing, before and after"
    if "build failed" in after:
        return "BUILD FAILED: " + " / ".join(after["build failed"])[:200]
    if result["published differences"]:
        return "DIFFERENT: " + "; ".join(result["published differences"])[:400]
    same = "the maintainers' move" if result["move"] else "before"
    return f"same as {same} ({len(after['modules'])} modules; {after['imports']})"


KEEP = "MODFIRST_CORPUS_RESULTS"


def keep(result: dict[str, Any]) -> None:
    """Write one project's result into the folder $MODFIRST_CORPUS_RESULTS names, if any: the
    corpus test's run then gives the table (`--from FOLDER`) without adopting everything twice."""
    if os.environ.get(KEEP):
        folder = Path(os.environ[KEEP])
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{result['project']}.json").write_text(json.dumps(result, indent=2))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", nargs="*", default=[], help="project name prefixes")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument(
        "--from", dest="kept", type=Path, help=f"the results a test run kept ({KEEP}=FOLDER)"
    )
    parser.add_argument("--wall", type=float, default=0.0, help="that test run's seconds")
    args = parser.parse_args()

    def one(entry: dict[str, Any]) -> dict[str, Any]:
        with tempfile.TemporaryDirectory(prefix="modfirst-corpus-") as temp:
            return adopt_one(entry, unpack(entry["path"], Path(temp)))

    if args.kept:
        kept = {p.stem: json.loads(p.read_text()) for p in args.kept.glob("*.json")}
        results = [kept[e["name"]] for e in projects(args.only) if e["name"] in kept]
        wall = args.wall
    else:
        started = time.perf_counter()
        with ThreadPoolExecutor(args.workers) as pool:
            results = list(pool.map(one, projects(args.only)))
        wall = time.perf_counter() - started
    # No machine's folders in the repository: an absolute path keeps only its last name.
    text = re.sub(r"(?<![\w.:/])/(?:[^\s\"'():,]+/)+", ".../", json.dumps(results, indent=2))
    results = json.loads(text)
    RESULT.with_suffix(".json").write_text(text + "\n")
    RESULT.write_text(table(results, wall, args.workers))
    print(RESULT.read_text())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
