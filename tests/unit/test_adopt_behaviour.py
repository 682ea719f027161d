"""Programs compared before and after adoption (modfirst.adopt.behaviour), on real runs."""

from __future__ import annotations

import sys
from pathlib import Path

from modfirst.adopt import behaviour
from modfirst.adopt.behaviour import Run


def test_the_program_name_is_written_one_way() -> None:
    before = "usage: /tmp/venv/bin/greet [-h] NAME\n"
    after = "usage: python -m greeter [-h] NAME  \n"
    names_before = ["/tmp/venv/bin/greet", "greet"]
    names_after = ["python -m greeter", "greeter", "__main__.py"]
    assert behaviour.normalised(before, names_before) == "usage: PROG [-h] NAME"
    assert behaviour.normalised(after, names_after) == "usage: PROG [-h] NAME"
    # argparse wraps the usage by the name's length (speedtest-cli): wrapping is not output.
    wrapped = "usage: __main__.py [-h]\n                   [--share]\n"
    assert behaviour.normalised(wrapped, ["__main__.py"]) == "usage: PROG [-h] [--share]"
    # A name inside a longer word is not the program's.
    assert behaviour.normalised("greeting greet-x greet.", ["greet"]) == "greeting greet-x PROG."


def test_the_installed_main_files_path_is_the_programs_name() -> None:
    """bottle's argparse takes prog from sys.argv[0], which under `python -m bottle` is the
    installed bottle/__main__.py's absolute path (F24): the same program as `bottle`."""
    path = "/tmp/proof/venv/lib/python3.11/site-packages/bottle/__main__.py"
    after = behaviour.normalised(f"usage: {path} [options] app", ["python -m bottle", "bottle"])
    assert after == behaviour.normalised("usage: bottle [options] app", ["bottle"])
    assert after == "usage: PROG [options] app"


def test_changes_name_the_program_and_what_changed() -> None:
    before = {"greet --help": Run(0, "usage: PROG"), "tool --help": Run(2, "a\nb")}
    after = {"greet --help": Run(1, "usage: PROG"), "tool --help": Run(2, "a\nc")}
    assert behaviour.changes(before, after) == [
        "`greet --help`: exit status 0 before, 1 after",
        "`tool --help`: output changed: at character 2: 'a\\nb' -> 'a\\nc'",
    ]
    assert behaviour.changes(before, {}) == [
        "`greet --help`: gone after adoption",
        "`tool --help`: gone after adoption",
    ]


def test_a_program_that_reads_argv_by_position_runs_the_same(tmp_path: Path) -> None:
    """No --help of its own: it is run, and its exit status and output are what count."""
    script = tmp_path / "positional.py"
    script.write_text("import sys\nprint('first:', sys.argv[1])\nraise SystemExit(3)\n")
    run = behaviour.run_program([sys.executable, str(script), "--help"], tmp_path, [str(script)])
    assert run == Run(3, "first: --help")
