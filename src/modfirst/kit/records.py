"""The kit's own records in OUT/_kit/: seats.json, each seat's outcome kept between runs (the
kit's retries, `update` and `collect` read it), and template.json, where the seats came from.

While the kit builds, each finished seat's outcome is appended to seats.jsonl at once, a line
of its own, and seats.json is written once at the end, with those lines folded in: rewriting
the whole file after every seat would cost the kit's parent time in proportion to the seats
done, for each seat. load_records reads both, so a kit stopped halfway loses no seat.
"""

from __future__ import annotations

import json
from pathlib import Path

from ..answers import ANSWERS

KIT_FOLDER = "_kit"
SEATS_RECORD = Path(KIT_FOLDER, "seats.json")
SEATS_JOURNAL = Path(KIT_FOLDER, "seats.jsonl")
TEMPLATE_RECORD = Path(KIT_FOLDER, "template.json")
ROSTER_RECORD = Path(KIT_FOLDER, "roster.csv")  # the roster as given, for `kit publish`


def load_records(out: Path) -> dict[str, dict[str, object]]:
    path, journal = out / SEATS_RECORD, out / SEATS_JOURNAL
    records = json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}
    if isinstance(records, dict) and journal.is_file():
        for line in journal.read_text(encoding="utf-8").splitlines():
            try:
                package, record = json.loads(line)
            except (ValueError, TypeError):  # a line cut short when the kit was stopped
                continue
            records[package] = record
    return records


def add_record(out: Path, package: str, record: dict[str, object]) -> None:
    """Keep one seat's outcome now: a line appended to seats.jsonl (see the module's doc)."""
    path = out / SEATS_JOURNAL
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a", encoding="utf-8") as journal:
        journal.write(json.dumps([package, record]) + "\n")


def save_records(out: Path, records: dict[str, dict[str, object]]) -> None:
    """Write seats.json whole; the journal's lines are in `records`, so it goes."""
    path = out / SEATS_RECORD
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(".tmp")
    temporary.write_text(json.dumps(records, indent=1, sort_keys=True), encoding="utf-8")
    temporary.replace(path)
    (out / SEATS_JOURNAL).unlink(missing_ok=True)


def record_template(
    out: Path, template: str, vcs_ref: str | None, origin: str | None, commit: str | None
) -> None:
    """Write _kit/template.json: where the seats' template came from, for `update` and people."""
    path = out / TEMPLATE_RECORD
    path.parent.mkdir(parents=True, exist_ok=True)
    record = {"src_path": origin or template, "vcs_ref": vcs_ref, "commit": commit}
    path.write_text(json.dumps(record, indent=1) + "\n", encoding="utf-8")


def seat_folders(kit: Path) -> list[Path]:
    """The seats of a kit, or of a folder of student clones: the subfolders that hold a project
    (a .copier-answers.yml or an exercises/ folder). The kit's own (`_kit`, `_instructor`) and
    hidden folders are not seats."""
    return sorted(
        p
        for p in kit.iterdir()
        if p.is_dir()
        and not p.name.startswith(("_", "."))
        and ((p / ANSWERS).is_file() or (p / "exercises").is_dir())
    )
