"""The kit's own records in OUT/_kit/: seats.json, each seat's outcome kept between runs (the
kit's retries, `update` and `collect` read it), and template.json, where the seats came from."""

from __future__ import annotations

import json
from pathlib import Path

KIT_FOLDER = "_kit"
SEATS_RECORD = Path(KIT_FOLDER, "seats.json")
TEMPLATE_RECORD = Path(KIT_FOLDER, "template.json")


def load_records(out: Path) -> dict[str, dict[str, object]]:
    path = out / SEATS_RECORD
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}


def save_records(out: Path, records: dict[str, dict[str, object]]) -> None:
    path = out / SEATS_RECORD
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(".tmp")
    temporary.write_text(json.dumps(records, indent=1, sort_keys=True), encoding="utf-8")
    temporary.replace(path)


def record_template(
    out: Path, template: str, vcs_ref: str | None, origin: str | None, commit: str | None
) -> None:
    """Write _kit/template.json: where the seats' template came from, for `update` and people."""
    path = out / TEMPLATE_RECORD
    path.parent.mkdir(parents=True, exist_ok=True)
    record = {"src_path": origin or template, "vcs_ref": vcs_ref, "commit": commit}
    path.write_text(json.dumps(record, indent=1) + "\n", encoding="utf-8")
