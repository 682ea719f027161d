"""The end-to-end tier: venvs, wheels, installs, kits, `python -m` of generated projects, copier
with its tasks. Every test here is slow; `pytest -m "not slow"` leaves the whole folder out."""

from __future__ import annotations

from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if HERE in Path(item.path).resolve().parents:
            item.add_marker(pytest.mark.slow)
