"""The name rules without copier: the kit's package names, the keyword and ASCII-spelling tables,
and one place for the rules."""

# ruff: noqa: RUF001 (full-width look-alikes are the point of these answers)
from __future__ import annotations

import json
import keyword
import re
import unicodedata
from pathlib import Path

import pytest

from modfirst.kit.roster import assign
from modfirst.name_rules import NameRules, rules_data

REPO = Path(__file__).resolve().parents[2]
RULES = NameRules()


LONG_STUDENT = "Maria Anna Sophia " + "von Habsburg-Lothringen " * 4 + "und Ürgüp-Çağlayan"


TRICKY_NAMES = [
    ("Ünïcode Nämé", "unicode_name"),  # accents: NFKD, then ASCII
    ("Zoë O'Brien", "zoe_o_brien"),
    ("İstanbul Ölçer", "istanbul_olcer"),
    ("ｆｕｌｌ ｗｉｄｔｈ", "full_width"),
    ("ﬁsh", "fish"),  # a ligature
    ("Straße", "strae"),  # ß has no decomposition: dropped, as NFKD -> ASCII does
    ("pкg", "pg"),  # a Cyrillic k: no ASCII spelling
    ("3D Printer", "py_3d_printer"),
    ("json", "json_tool"),
    ("JSON", "json_tool"),
    ("class", "class_tool"),
    ("None", "none"),
    ("pytest", "pytest_tool"),
    ("__main__", "main"),
    ("Ada", "ada"),
    ("李雷", "my_project"),  # empty after cleaning
    ("!!! ???", "my_project"),
    ("x" * 120, "x" * 90),
    (LONG_STUDENT, RULES.suggest(LONG_STUDENT)),
]


def ascii_spelling() -> dict[str, str]:
    """Every character's NFKD -> ASCII spelling, punctuation runs as one space (word breaks)."""
    spelling = {}
    for point in range(0x80, 0x110000):
        if 0xD800 <= point <= 0xDFFF:
            continue
        spelled = unicodedata.normalize("NFKD", chr(point)).encode("ascii", "ignore").decode()
        if spelled:
            spelling[chr(point)] = re.sub(r"[^A-Za-z0-9]+", " ", spelled)
    return spelling


def spelling_json() -> str:
    """includes/ascii_spelling.json: JSON (escaped, so no invisible character hides in a
    review), wrapped at entries."""
    entries = [f"{json.dumps(k)}:{json.dumps(v)}" for k, v in ascii_spelling().items()]
    lines, line = [], "{"
    for number, entry in enumerate(entries, start=1):
        piece = entry + ("," if number < len(entries) else "}")
        if len(line) + len(piece) > 100:
            lines.append(line)
            line = ""
        line += piece
    return "\n".join([*lines, line]) + "\n"


@pytest.mark.parametrize("name, package", TRICKY_NAMES, ids=[n[:20] for n, _ in TRICKY_NAMES])
def test_kit_derives_the_table(name: str, package: str) -> None:
    """The fast half of the table (no copier): the kit's macros give the expected package."""
    assert RULES.suggest(name) == package
    assert RULES.refusal(package) == ""


def test_kit_names_two_hundred_seats_uniquely() -> None:
    """A big roster: every seat gets its own accepted package (the kit renders copier's macros
    itself, ~2.5 ms a name, instead of a ~0.3 s copier run per name)."""
    rows = [(f"Student Nümber {i}", "") for i in range(200)]
    seats = assign(rows, RULES)
    assert len({seat.package for seat in seats}) == 200
    assert all(RULES.refusal(seat.package) == "" for seat in seats)


def test_keyword_list_matches_this_python() -> None:
    assert set(rules_data()["python_keywords"]) == set(keyword.kwlist)


def test_ascii_spelling_is_nfkd() -> None:
    """The table copier spells names with is Python's NFKD -> ASCII, character for character."""
    assert rules_data()["ascii_spelling"] == ascii_spelling(), (
        "regenerate includes/ascii_spelling.json: python tests/unit/test_name_rules.py"
    )


def test_the_rules_live_in_one_place() -> None:
    """copier.yml has no rules of its own: it includes the data and imports the macros."""
    text = (REPO / "copier.yml").read_text(encoding="utf-8")
    assert "!include includes/names.yml" in text
    assert "import suggest_package with context" in text
    assert "import package_refusal with context" in text
    assert "import subpackage_refusal with context" in text
    for data in ("stdlib_names", "python_keywords", "reserved_names", "ascii_spelling"):
        assert not re.search(rf"^{data}:", text, re.MULTILINE), f"copier.yml defines {data}"
    assert "regex_replace('[^a-z0-9]+', '_')" not in text  # the name derivation is a macro


if __name__ == "__main__":  # regenerate includes/ascii_spelling.json
    (REPO / "includes" / "ascii_spelling.json").write_text(spelling_json(), encoding="utf-8")
