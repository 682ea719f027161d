"""Render the template into a folder with copier, tasks skipped: the one way modfirst does it.

adopt takes the files a project lacks from such a render, kit update compares the exercise
files two template versions render, and wheelhouse reads the requirements of a rendered
pyproject.toml. copier runs as a child process (`python -m copier`), so a render can go on in
the background while modfirst works, and stopping it is one kill. (hooks/carry_renamed.py
renders too, with its own few lines: copier runs it by path, where modfirst may be absent.)
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterable, Mapping
from pathlib import Path

from .template_files import Template

TIMEOUT = 300


class RenderError(Exception):
    """copier failed or took too long; the message says which, with copier's last line."""


def start(
    template: Template,
    answers: Mapping[str, object],
    destination: Path,
    exclude: Iterable[str] = (),
) -> subprocess.Popen[str]:
    """Start copier rendering `template` with `answers` into `destination` (which must not
    exist yet); the answers file goes beside it."""
    data = destination.with_name(destination.name + ".answers.json")
    data.write_text(json.dumps(dict(answers)), encoding="utf-8")  # JSON is YAML
    argv = [sys.executable, "-m", "copier", "copy", "--defaults", "--trust", "--skip-tasks"]
    argv += ["--quiet", "--data-file", str(data)]
    for pattern in exclude:
        argv += ["--exclude", pattern]
    if template.vcs_ref:
        argv += ["--vcs-ref", template.vcs_ref]
    return subprocess.Popen(
        [*argv, template.src, str(destination)],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=dict(os.environ, PYTHONWARNINGS="ignore"),
    )


def wait(process: subprocess.Popen[str], template: Template, timeout: float = TIMEOUT) -> None:
    """Wait for a render started by start(); raise RenderError when it did not succeed."""
    try:
        output, _ = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.communicate()
        raise RenderError(f"copier did not render {template.src} within {timeout} s") from None
    if process.returncode != 0:
        lines = [line.strip() for line in output.splitlines() if line.strip()]
        said = lines[-1] if lines else "copier failed"
        raise RenderError(f"cannot render the template {template.src} ({said})")


def render(
    template: Template,
    answers: Mapping[str, object],
    destination: Path,
    exclude: Iterable[str] = (),
    timeout: float = TIMEOUT,
) -> Path:
    """Render and wait; return `destination`."""
    wait(start(template, answers, destination, exclude), template, timeout)
    return destination
