"""Helpers for the template's tests: snapshots, copier runners, PATH control, tree diffs."""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import copier
import uv

REPO = Path(__file__).resolve().parents[1]
VERIFY = REPO / "hooks" / "verify.py"
UV_DIR = str(Path(uv.find_uv_bin()).parent)
GIT_TIMEOUT = 60
COPY_TIMEOUT = 600


def copier_config() -> dict[str, Any]:
    """copier.yml as copier reads it: its documents merged, `!include`d files included.
    (A plain yaml.safe_load fails on it: copier.yml includes includes/names.yml.)"""
    from copier._template import load_template_config

    return load_template_config(REPO / "copier.yml")


def question_choices(name: str) -> list[str]:
    """The answers copier.yml offers for a choice question: tests read them, never repeat them."""
    choices = copier_config()[name]["choices"]
    return [str(value) for value in (choices.values() if isinstance(choices, dict) else choices)]


def git(*args: str, cwd: Path) -> str:
    result = subprocess.run(
        ["git", *args], cwd=cwd, capture_output=True, text=True, timeout=GIT_TIMEOUT, check=True
    )
    return result.stdout


def snapshot(destination: Path) -> Path:
    """Copy this repo's tracked and unignored files into a fresh git repo and commit them."""
    files = git("ls-files", "-z", "--cached", "--others", "--exclude-standard", cwd=REPO)
    for name in filter(None, files.split("\0")):
        source = REPO / name
        if source.is_file():
            target = destination / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)
    commit_all(destination, "snapshot")
    return destination


def commit_all(repo: Path, message: str) -> None:
    if not (repo / ".git").exists():
        git("init", "-q", "-b", "main", cwd=repo)
    git("add", "-A", cwd=repo)
    git(
        "-c",
        "user.name=modfirst tests",
        "-c",
        "user.email=tests@modfirst.invalid",
        "commit",
        "-q",
        "--no-verify",
        "-m",
        message,
        cwd=repo,
    )


def path_without_uv() -> str:
    return os.pathsep.join(
        d
        for d in os.environ["PATH"].split(os.pathsep)
        if d and not (Path(d) / "uv").exists() and d != UV_DIR
    )


def copy(template: Path, destination: Path, **data: str) -> copier.Worker:
    """Generate a project with copier's Python API, defaults for everything not given."""
    return copier.run_copy(
        str(template),
        destination,
        data=data,
        defaults=True,
        unsafe=True,
        vcs_ref="HEAD",
        quiet=True,
    )


def copier_cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run the real copier command line, non-interactively."""
    return subprocess.run(
        [sys.executable, "-m", "copier", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        timeout=COPY_TIMEOUT,
        check=False,
    )


def venv_python(venv: Path) -> Path:
    return venv / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def tree(root: Path) -> dict[str, bytes]:
    """Every file under root (except .git) with its content, to compare trees exactly."""
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and ".git" not in p.relative_to(root).parts
    }


def load_verify() -> Any:
    """Import hooks/verify.py as a module, to reuse its interpreter discovery."""
    spec = importlib.util.spec_from_file_location("modfirst_verify", REPO / "hooks" / "verify.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def find_python(minor: int) -> str | None:
    """A CPython 3.<minor> on this machine, found the way verification finds one, or None."""
    verify = load_verify()
    try:
        return str(verify.find_interpreter(f"==3.{minor}.*", Path.cwd()).path)
    except verify.VerifyError:
        return None


def fake_uv(folder: Path, body: str) -> dict[str, str]:
    """An environment whose PATH starts with a `uv` shell script running `body`."""
    folder.mkdir(parents=True, exist_ok=True)
    script = folder / "uv"
    script.write_text("#!/bin/sh\n" + textwrap.dedent(body))
    script.chmod(0o755)
    return dict(os.environ, PATH=str(folder) + os.pathsep + os.environ["PATH"])


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    stat = Path(f"/proc/{pid}/stat")  # a killed child not yet reaped is a zombie: dead
    return not (stat.exists() and stat.read_text().split(") ", 1)[1].startswith("Z"))
