"""The LICENSE file and the license field follow the license answer."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from helpers import (
    render_cli,
)


@pytest.mark.parametrize(
    "license_id, first_words",
    [
        ("MIT", "MIT License"),
        ("BSD-3-Clause", "BSD 3-Clause License"),
        ("ISC", "ISC License"),
        ("LicenseRef-Proprietary", "Copyright (c)"),
    ],
)
def test_license_text_follows_the_answer(
    template: Path, tmp_path: Path, license_id: str, first_words: str
) -> None:
    project = render_cli(
        template, tmp_path / "p", f"license={license_id}", "author_name=Ada Lovelace"
    )
    text = (project / "LICENSE").read_text(encoding="utf-8")
    assert text.startswith(first_words)
    assert "Ada Lovelace" in text
    pyproject = tomllib.loads((project / "pyproject.toml").read_text(encoding="utf-8"))
    assert pyproject["project"]["license"] == license_id
