"""Print the variant table from the JSON files test_matrix.py wrote (one row per variant).

MODFIRST_MATRIX_REPORT=report python -m pytest tests/e2e/test_matrix.py
python tests/matrix_report.py report
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

COLUMNS = ["build", "twine", "wheel contents", "pyproject", "lint", "test"]


def cell(results: dict[str, bool], column: str) -> str:
    # per-Python steps ("test 3.9: python -m pytest", "lint 3.13: ...") count as one column
    values = [ok for step, ok in results.items() if step == column or step.startswith(column + " ")]
    return "n/a" if not values else ("pass" if all(values) else "FAIL")


def main(folder: str) -> None:
    print("| variant | " + " | ".join(COLUMNS) + " |")
    print("|---" * (len(COLUMNS) + 1) + "|")
    for path in sorted(Path(folder).glob("*.json")):
        results = json.loads(path.read_text())
        print(f"| {path.stem} | " + " | ".join(cell(results, c) for c in COLUMNS) + " |")


if __name__ == "__main__":
    main(sys.argv[1])
