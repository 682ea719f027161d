"""What the generated code may do: nothing in it fetches from the network, whatever the answers."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from helpers import (
    render_cli,
)

NETWORK_MODULES = {
    "urllib",
    "http",
    "socket",
    "ssl",
    "ftplib",
    "smtplib",
    "poplib",
    "imaplib",
    "xmlrpc",
    "requests",
    "httpx",
    "urllib3",
    "aiohttp",
    "webbrowser",
    "ensurepip",
}


@pytest.mark.parametrize(
    "answers",
    [
        {},
        {"cli_framework": "click"},
        {"cli_framework": "typer", "workshop": "true"},
    ],
    ids=["argparse", "click", "typer-workshop"],
)
def test_generated_code_fetches_nothing(
    template: Path, tmp_path: Path, answers: dict[str, str]
) -> None:
    destination = render_cli(template, tmp_path / "p", *[f"{k}={v}" for k, v in answers.items()])
    for path in [*destination.glob("src/**/*.py"), *destination.glob("exercises/**/*.py")]:
        source = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(source):
            names = (
                [a.name for a in node.names]
                if isinstance(node, ast.Import)
                else [node.module or ""]
                if isinstance(node, ast.ImportFrom) and not node.level
                else []
            )
            for name in names:
                assert name.split(".")[0] not in NETWORK_MODULES, f"{path}: imports {name}"
