"""Every modfirst start pays for what modfirst.cli imports: the heavy libraries of one command
stay out of the others (measured: `modfirst --help` 0.45 s with libcst at the top, 0.17 s
without). Checked by module names, not by time."""

from __future__ import annotations

import json
import subprocess
import sys

# Imported only by the command that needs them: adopt (libcst, tomlkit), the installed-from
# lookup (importlib.metadata, urllib.request), copier's render (copier, jinja2).
KEPT_OUT = ["libcst", "copier", "jinja2", "importlib.metadata", "urllib.request"]


def loaded(code: str) -> set[str]:
    """Which of KEPT_OUT a fresh Python has loaded after `code`."""
    listed = f"[m for m in {KEPT_OUT!r} if m in sys.modules]"
    script = f"import json, sys; {code}; print(json.dumps({listed}))"
    run = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=True
    )
    return set(json.loads(run.stdout))


def test_the_command_tree_loads_without_any_command_s_heavy_imports() -> None:
    # What this Python loads at start anyway (a site .pth may import importlib.metadata) is
    # not the command tree's doing.
    at_start = loaded("pass")
    assert loaded("import modfirst.cli; modfirst.cli.build_parser()") - at_start == set()
