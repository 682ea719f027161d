"""The kit's seat records: it reads each seat's report, retries only what it wrote, and survives a
stop halfway."""

from __future__ import annotations

from pathlib import Path

from modfirst.kit.build import clear_for_retry
from modfirst.kit.seat import FAILED, UNVERIFIED, VERIFIED, read_report, verdict, written_files


def test_kit_reads_the_report_not_the_log(tmp_path: Path) -> None:
    for status, expected in [
        ("verified", VERIFIED),
        ("unverified", UNVERIFIED),
        ("broken", FAILED),
    ]:
        said = verdict({"schema_version": 1, "status": status, "reason": "why"}, None)
        assert said == (expected, "why")
    assert verdict(None, ValueError("Validation error\nmore")) == (
        FAILED,
        "ValueError: Validation error",
    )
    assert verdict(None, None)[0] == UNVERIFIED
    (tmp_path / "other.json").write_text('{"schema_version": 2, "status": "verified"}')
    assert read_report(tmp_path / "other.json") is None  # a schema the kit does not know
    (tmp_path / "half.json").write_text('{"status": ')
    assert read_report(tmp_path / "half.json") is None
    assert read_report(tmp_path / "missing.json") is None


def test_retry_clears_only_what_the_kit_wrote(tmp_path: Path) -> None:
    seat = tmp_path / "ada"
    (seat / "src" / "ada").mkdir(parents=True)
    (seat / "src" / "ada" / "core.py").write_text("kit\n")
    (seat / "README.md").write_text("kit\n")
    record: dict[str, object] = {"files": written_files(seat)}
    assert clear_for_retry(seat, record) == ""
    assert not seat.exists() or not any(seat.iterdir())


def test_retry_refuses_to_touch_foreign_or_changed_files(tmp_path: Path) -> None:
    seat = tmp_path / "ada"
    seat.mkdir()
    (seat / "README.md").write_text("kit\n")
    record: dict[str, object] = {"files": written_files(seat)}
    (seat / "README.md").write_text("student edit\n")
    (seat / "notes.txt").write_text("mine\n")
    why = clear_for_retry(seat, record)
    assert "holds files the kit did not write or that were changed" in why
    assert "README.md" in why and "notes.txt" in why
    assert (seat / "notes.txt").read_text() == "mine\n"
    assert (seat / "README.md").read_text() == "student edit\n"


def test_retry_refuses_a_file_in_place_of_the_folder(tmp_path: Path) -> None:
    (tmp_path / "ada").write_text("x")
    assert "is not a folder" in clear_for_retry(tmp_path / "ada", None)
    assert clear_for_retry(tmp_path / "missing", None) == ""


def test_seat_records_survive_a_kit_stopped_halfway(tmp_path: Path) -> None:
    from modfirst.kit.records import SEATS_JOURNAL, add_record, load_records, save_records

    save_records(tmp_path, {"ada": {"status": FAILED}})
    add_record(tmp_path, "ada", {"status": VERIFIED})
    add_record(tmp_path, "lin", {"status": FAILED})
    with (tmp_path / SEATS_JOURNAL).open("a", encoding="utf-8") as journal:
        journal.write('["turing", {"stat')  # the kit was killed while writing this line
    records = load_records(tmp_path)
    assert records == {"ada": {"status": VERIFIED}, "lin": {"status": FAILED}}
    save_records(tmp_path, records)
    assert not (tmp_path / SEATS_JOURNAL).exists()
    assert load_records(tmp_path) == records
