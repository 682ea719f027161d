"""A project's .copier-answers.yml, read one way by the kit's commands: as the YAML copier wrote.

(modfirst_kit.solutions keeps its own stdlib-only reading: it runs with any Python.)
"""

from __future__ import annotations

from pathlib import Path

ANSWERS = ".copier-answers.yml"


def load_answers(folder: Path) -> dict[str, object]:
    """The answers of the project in `folder`; {} when the file holds no mapping.

    Raises OSError, UnicodeDecodeError or yaml.YAMLError when it cannot be read.
    """
    import yaml  # installed with copier; imported here, so collect.py loads with any Python

    data = yaml.safe_load((folder / ANSWERS).read_text(encoding="utf-8"))
    return data if isinstance(data, dict) else {}
