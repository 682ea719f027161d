"""The answers file: one writer (hooks/absolute_source.py's set_answers) for the hook
and the kit."""

from __future__ import annotations

import sys
from pathlib import Path

from helpers import REPO

sys.path.insert(0, str(REPO))


FOLDED_ANSWERS = """\
# Changes here will be overwritten by Copier; NEVER EDIT MANUALLY
_src_path: /a/very/long/path/that/copier/folded/onto/the/next/line/because/it/is/longer/than
  eighty/characters
package_name: ada
description: A description long enough that the YAML writer folded it onto a second line
  as well
project_name: Ada
"""


def test_set_answers_replaces_a_folded_entry_and_inserts_a_missing_one(tmp_path: Path) -> None:
    import yaml

    from modfirst.hooks.absolute_source import set_answers

    answers = tmp_path / ".copier-answers.yml"
    answers.write_text(FOLDED_ANSWERS, encoding="utf-8")
    before = yaml.safe_load(FOLDED_ANSWERS)
    assert before["_src_path"].endswith("longer/than eighty/characters")  # really folded
    assert before["description"].endswith("second line as well")  # kept as it is
    set_answers(answers, {"_commit": "1234e567", "_src_path": "/new place/with 'quotes'"})
    text = answers.read_text(encoding="utf-8")
    after = yaml.safe_load(text)
    assert after == {
        **before,
        "_commit": "1234e567",  # a string, though 1234e567 unquoted would be a number
        "_src_path": "/new place/with 'quotes'",
    }
    lines = text.splitlines()
    assert lines[0].startswith("# Changes here") and lines[1].startswith("_commit:")
    assert "eighty/characters" not in text  # the folded line went with its entry
    set_answers(answers, {"_commit": "abc"})  # a second write changes only that entry
    assert yaml.safe_load(answers.read_text(encoding="utf-8")) == {**after, "_commit": "abc"}


def test_a_path_outside_the_bmp_reads_back_the_same_with_both_yaml_loaders(
    tmp_path: Path,
) -> None:
    """JSON writes U+1D4C0 as a surrogate pair, which libyaml refuses and PyYAML misreads: the kit
    moving a seat's template to such a path must leave a file copier reads as written."""
    import yaml

    from modfirst.answers import load_answers
    from modfirst.hooks.absolute_source import set_answers

    answers = tmp_path / ".copier-answers.yml"
    answers.write_text(FOLDED_ANSWERS, encoding="utf-8")
    moved = "/tmp/new/\U0001d4c0it é\u2028\x85"
    set_answers(answers, {"_src_path": moved})
    text = answers.read_text(encoding="utf-8")
    assert yaml.safe_load(text)["_src_path"] == moved  # copier's reader
    assert yaml.load(text, Loader=yaml.CSafeLoader)["_src_path"] == moved
    assert load_answers(tmp_path)["_src_path"] == moved
    assert len(text.splitlines()) == 6  # the folded _src_path is one line, nothing else broke one
