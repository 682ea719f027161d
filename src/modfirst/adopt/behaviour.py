"""Programs compared, not demanded: each runs with the same arguments before and after adoption.

A console script is run from the proof's venv, `python -m PKG` with that venv's Python, both
from a folder outside the project. The same exit status and the same output, once the
program's own name (a path in the venv, `__main__.py`, `python -m PKG`) is written one way,
is the same behaviour; what a program prints for `--help` is not judged, only compared.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from .. import processes

PROGRAM_TIMEOUT = 60
ARGUMENTS = (["--help"],)  # what every program is run with, before and after


@dataclass(frozen=True)
class Run:
    status: int | str  # the exit status, or "timed out"
    output: str  # stdout and stderr, the program's name normalised


def normalised(output: str, names: list[str]) -> str:
    """`output` with each way the program names itself written as PROG, and its line
    wrapping aside (argparse wraps the usage by the length of the program's name)."""
    # Under `python -m`, sys.argv[0] is the path of the installed __main__.py (bottle's
    # argparse uses it as its prog): that path, wherever it is, is the program's name.
    output = re.sub(r"(?<![\w.-])(?:[^\s'\"]*[/\\])?__main__\.py\b", "PROG", output)
    for name in sorted(names, key=len, reverse=True):
        output = re.sub(rf"(?<![\w.-]){re.escape(name)}(?![\w-])", "PROG", output)
    return " ".join(output.split())


def run_program(argv: list[str], cwd: Path, names: list[str]) -> Run:
    done = processes.attempt(argv, cwd=cwd, timeout=PROGRAM_TIMEOUT)
    if done.returncode == 124:  # processes.attempt: past the limit, killed
        return Run("timed out", "")
    return Run(done.returncode, normalised(done.text + done.errors, names))


def programs(python: Path, scripts: list[str], module: str) -> dict[str, list[str]]:
    """What to run: each console script by its name (beside the venv's `python`), and
    `python -m MODULE` ("" for none)."""
    found = {name: [str(python.parent / name)] for name in scripts}
    if module:
        found[f"python -m {module}"] = [str(python), "-I", "-m", module]
    return found


def behaviour(python: Path, cwd: Path, scripts: list[str], module: str) -> dict[str, Run]:
    """Every program run with every argument list: "NAME ARGS" -> how it ended."""
    found = {}
    for label, argv in programs(python, scripts, module).items():
        # A console script is named by its path and its name; `python -m` by its label (never
        # "python" alone: `lang=python` in a help text is the program's own word).
        own = [argv[0], label] + ([Path(argv[0]).name] if label in scripts else [])
        names = [n for n in [*own, "__main__.py", f"python -m {module}", module] if n]
        for arguments in ARGUMENTS:
            found[" ".join([label, *arguments])] = run_program([*argv, *arguments], cwd, names)
    return found


def changes(before: dict[str, Run], after: dict[str, Run]) -> list[str]:
    """Each program whose behaviour changed, one line: what it was, what it is."""
    found = []
    for key, old in before.items():
        new = after.get(key)
        if new is None:
            found.append(f"`{key}`: gone after adoption")
        elif old.status != new.status:
            found.append(f"`{key}`: exit status {old.status} before, {new.status} after")
        elif old.output != new.output:
            found.append(f"`{key}`: output changed: {first_difference(old.output, new.output)}")
    return found


def first_difference(before: str, after: str) -> str:
    """Where two outputs part: a few words either side of the first difference."""
    at = next((i for i, (a, b) in enumerate(zip(before, after, strict=False)) if a != b), None)
    if at is None:
        at = min(len(before), len(after))
    start = max(0, at - 40)
    return f"at character {at}: {before[start : at + 40]!r} -> {after[start : at + 40]!r}"
