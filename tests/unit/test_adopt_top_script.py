"""A top-level script without .py (jarun/googler: one file named `googler`, which names itself
via __file__) is the program: it moves as code to PKG/googler.py, never as data, and its name
is rewritten only where code builds a path from it, not where it is the program's name."""

from __future__ import annotations

import textwrap
from pathlib import Path

from modfirst.adopt import packaging
from modfirst.adopt.layout import choose_package, place_code, place_data
from modfirst.adopt.model import Options
from modfirst.adopt.scan import read_tree
from modfirst.adopt.strings import rewrite_module_strings

SCRIPT = """\
#!/usr/bin/env python3
import os
HERE = os.path.dirname(os.path.realpath(__file__))
setproctitle('googler')
if __name__ == "__main__":
    print(HERE)
"""


def test_a_top_level_script_without_py_moves_as_code_not_data(tmp_path: Path) -> None:
    (tmp_path / "googler").write_text(SCRIPT, encoding="utf-8")
    tree = read_tree(tmp_path, ["googler"])
    choice = choose_package(tree, packaging.Metadata(), Options())
    placed = place_data(tree, choice, place_code(tree, choice))
    assert placed.moving["googler"] == f"{choice.base}/googler.py"
    assert not any("googler" in risk for risk in placed.risks)


def test_a_bare_script_name_follows_the_move_only_where_a_path_is_built() -> None:
    source = textwrap.dedent(
        """\
        setproctitle('googler')
        parser = ArgumentParser(prog="googler")
        A = ROOT / "googler"
        B = os.path.join(ROOT, 'googler')
        C = pathlib.Path('googler')
        D = './googler'
        """
    )
    moved = "src/googler/googler.py"
    new, edits = rewrite_module_strings(source, frozenset(), "googler", {"googler": moved})
    assert new.splitlines()[:2] == source.splitlines()[:2]  # program names stay
    assert [edit.line for edit in edits] == [3, 4, 5, 6]
    assert new.count(moved) == 4
