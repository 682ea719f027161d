"""The kit without building: the roster, seat names, --data answers and where a local template is
recorded."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from helpers import modfirst
from modfirst.kit.roster import assign, read_roster
from modfirst.name_rules import NameRules

KIT_TIMEOUT = 600


RULES = NameRules()


def kit(repo: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    """Run the kit as instructors do: `modfirst kit` from the root of a clone."""
    return modfirst(repo, "kit", *args, env={**os.environ, **env}, timeout=KIT_TIMEOUT)


def roster(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "roster.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_roster_reads_names_with_or_without_header_and_package(tmp_path: Path) -> None:
    path = roster(tmp_path, "Name,Package\nAda Lovelace\n\n# away today\nGrace Hopper, grace\n")
    assert read_roster(path) == [("Ada Lovelace", ""), ("Grace Hopper", "grace")]
    assert read_roster(roster(tmp_path, "Ada\n")) == [("Ada", "")]


def test_names_are_valid_unique_and_explained() -> None:
    rows = [
        ("Ada Lovelace", ""),
        ("ada lovelace", ""),
        ("Zoë O'Brien", ""),
        ("Json", ""),
        ("3D Printer", ""),
        ("李雷", ""),
        ("Grace", "json"),
        ("Alan", "ada_lovelace"),
        ("  ", ""),
        ("Tools", ""),
        ("Kurt", "Kurt"),
    ]
    seats = assign(rows, RULES)
    packages = [s.package for s in seats]
    assert packages == [
        "ada_lovelace",
        "ada_lovelace_2",
        "zoe_o_brien",
        "json_tool",
        "py_3d_printer",
        "my_project",  # what copier's default makes of a name with no ASCII spelling
        "",
        "ada_lovelace_3",
        "",
        "tools",  # copier then names the subpackage tools_tool
        "",
    ]
    assert all(RULES.refusal(p) == "" for p in packages if p)
    assert "taken by an earlier seat" in seats[1].note
    assert '"json" is a standard-library module' in seats[3].note
    assert "starts with a digit" in seats[4].note
    assert "nothing in '李雷' is spelled in ASCII" in seats[5].note
    assert "second column" in seats[5].note
    assert seats[6].note.startswith("package 'json' is refused: \"json\" is a standard-library")
    assert 'try "json_tool"' in seats[6].note
    assert "the name is empty" in seats[8].note
    assert '"Kurt" has upper-case letters' in seats[10].note and 'try "kurt"' in seats[10].note


def test_data_answers_apply_to_every_seat(tmp_path: Path) -> None:
    from modfirst.cli import parse
    from modfirst.kit.build import Source, make_job, options_of
    from modfirst.kit.roster import Seat

    args = parse(
        [
            "kit",
            "roster.csv",
            str(tmp_path),
            "--data",
            "build_backend=uv_build",
            "--data",
            "cli_framework=click",
        ]
    )
    assert args.data == {"build_backend": "uv_build", "cli_framework": "click"}
    with pytest.raises(SystemExit):
        parse(["kit", "roster.csv", str(tmp_path), "--data", "no-equals-sign"])
    source = Source(template="tpl", vcs_ref="HEAD", origin="tpl", commit="abc")
    job = make_job(Seat(1, "Ada Lovelace", "ada_lovelace"), tmp_path, options_of(args), source)
    assert job.data == {
        "build_backend": "uv_build",
        "cli_framework": "click",
        "project_name": "Ada Lovelace",
        "package_name": "ada_lovelace",
        "workshop": True,
    }


def test_a_local_template_is_recorded_by_its_absolute_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from modfirst.cli import parse
    from modfirst.kit.build import export_template, options_of

    (tmp_path / "modfirst copy").mkdir()  # a template folder without git, given relative
    monkeypatch.chdir(tmp_path)
    args = parse(["kit", "roster.csv", "out", "--template", "modfirst copy"])
    source = export_template(options_of(args), tmp_path / "out")
    assert source.template == str((tmp_path / "modfirst copy").resolve())
    url = parse(["kit", "roster.csv", "out", "--template", "gh:org/modfirst"])
    assert export_template(options_of(url), tmp_path / "out").template == "gh:org/modfirst"


def test_the_rosters_further_columns_follow_its_students(tmp_path: Path) -> None:
    from modfirst.kit.roster import further_columns

    path = roster(
        tmp_path, "Name,Package,Email,GitHub\n# away\nAda,,ada@x.invalid,ada-gh\nGrace,grace\n"
    )
    assert read_roster(path) == [("Ada", ""), ("Grace", "grace")]
    assert further_columns(path) == [{"email": "ada@x.invalid", "github": "ada-gh"}, {}]
    assert further_columns(roster(tmp_path, "Ada,ada,ada@x.invalid\n")) == [{}]
