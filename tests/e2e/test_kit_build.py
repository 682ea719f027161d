"""The kit generator, `modfirst kit`: real copier, real verification, a few seats."""

from __future__ import annotations

import json
import os
import shlex
import subprocess
from pathlib import Path

import pytest
import yaml

from helpers import commit_all, git, modfirst, render_cli, snapshot, tree

KIT_TIMEOUT = 600


def kit(repo: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    """Run the kit as instructors do: `modfirst kit` from the root of a clone."""
    return modfirst(repo, "kit", *args, env={**os.environ, **env}, timeout=KIT_TIMEOUT)


def roster(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "roster.csv"
    path.write_text(text, encoding="utf-8")
    return path


def summary_rows(out: Path) -> dict[str, list[str]]:
    """The summary table, by project folder (refused seats by student)."""
    lines = (out / "summary.txt").read_text(encoding="utf-8").splitlines()
    rows = {}
    for line in lines[1:]:
        if not line.strip():
            break
        cells = line.split("  ")
        cells = [c.strip() for c in cells if c.strip()]
        rows[cells[2] if cells[2] != "-" else cells[1]] = cells
    return rows


# --- names (fast) ---------------------------------------------------------------------------


# --- real kits (slow) -----------------------------------------------------------------------


@pytest.mark.slow
def test_kit_builds_verified_seats_then_skips_and_retries(template: Path, tmp_path: Path) -> None:
    out = tmp_path / "kit out"
    path = roster(
        tmp_path,
        "name,package\nAda Lovelace\nAda Lovelace\nGrace Hopper,json\nAlan Turing,turing\n",
    )
    first = kit(template, str(path), str(out), "--jobs", "2")
    assert first.returncode == 1, first.stderr  # one seat refused
    rows = summary_rows(out)
    assert rows["ada_lovelace"][3] == "verified"
    assert (
        rows["ada_lovelace_2"][3] == "verified"
        and "taken by an earlier seat" in rows["ada_lovelace_2"][4]
    )
    assert rows["turing"][3] == "verified"
    assert rows["Grace Hopper"][3] == "refused" and "standard-library" in rows["Grace Hopper"][4]
    assert "3 of 4 seats verified" in first.stdout
    assert "[3/3] " in first.stderr  # progress
    for package in ("ada_lovelace", "ada_lovelace_2", "turing"):
        seat = out / package
        answers = (seat / ".copier-answers.yml").read_text()
        assert f"package_name: {package}" in answers and "workshop: true" in answers
        assert (
            f"_src_path: {json.dumps(str(template.resolve()))}" in answers
        )  # the clone, not the kit's export
        assert (seat / "exercises" / "check.py").is_file()
        assert 'ERROR = ""' in (seat / "exercises" / "ex1" / "answers.py").read_text()  # no answers
        assert "modfirst verify: OK" in (out / "_kit" / "logs" / f"{package}.log").read_text()
        # a git repository with one commit holding every file, ready to push
        assert git("log", "--format=%s", cwd=seat) == "Start\n"
        assert git("status", "--porcelain", "--untracked-files=all", cwd=seat) == ""
        assert "exercises/check.py" in git("ls-files", cwd=seat).splitlines()
    # A seat is what `copier copy` makes of the same answers, file for file and mode for mode:
    # the kit renders with copier's tasks skipped and its git lookups off, then verifies.
    alone = render_cli(
        template,
        tmp_path / "turing",
        "project_name=Alan Turing",
        "package_name=turing",
        "workshop=true",
    )
    seat_files, alone_files = tree(out / "turing"), tree(alone)
    answers = ".copier-answers.yml"
    assert {k: v for k, v in seat_files.items() if k != answers} == {
        k: v for k, v in alone_files.items() if k != answers
    }
    assert all(
        os.access(out / "turing" / name, os.X_OK) == os.access(alone / name, os.X_OK)
        for name in alone_files
    )
    source_free = [
        {
            k: v
            for k, v in yaml.safe_load(files[answers]).items()
            if k not in ("_src_path", "_commit")
        }
        for files in (seat_files, alone_files)
    ]
    assert source_free[0] == source_free[1]
    assert "Every seat is a git repository with one commit" in first.stdout
    assert f"modfirst kit publish {shlex.quote(str(out))} --to" in first.stdout
    assert (
        out / "_instructor" / "solutions" / "ex1" / "project" / "exercises" / "ex1" / "answers.py"
    ).is_file()

    # Pretend two seats failed: one untouched since, one where someone saved a file.
    records_file = out / "_kit" / "seats.json"
    records = json.loads(records_file.read_text())
    for package in ("ada_lovelace_2", "turing"):
        records[package]["status"] = "failed"
    records_file.write_text(json.dumps(records))
    (out / "turing" / "notes.txt").write_text("mine\n")
    second = kit(template, str(path), str(out), "--jobs", "2")
    rows = summary_rows(out)
    assert rows["ada_lovelace"][3] == "verified earlier, skipped"
    assert rows["ada_lovelace_2"][3] == "verified"  # retried: cleared what the kit wrote, rebuilt
    assert rows["turing"][3].startswith("failed: turing/ holds files the kit did not write")
    assert "notes.txt" in rows["turing"][3]
    assert (out / "turing" / "notes.txt").read_text() == "mine\n"  # never deleted
    assert "1 to build" in second.stderr


@pytest.mark.slow
def test_a_broken_template_is_reported_per_seat(template: Path, tmp_path: Path) -> None:
    broken = snapshot(tmp_path / "broken clone")
    entry = next(
        p
        for p in (broken / "template" / "src").rglob("__main__.py.jinja")
        if p.parent.parent.name == "src"
    )  # the package's own, not the subpackage's
    entry.write_text("raise SystemExit('this package cannot run')\n")
    commit_all(broken, "break python -m")
    out = tmp_path / "out"
    result = kit(broken, str(roster(tmp_path, "Ada\n")), str(out))
    assert result.returncode == 1
    row = summary_rows(out)["ada"]
    assert row[3].startswith("failed: `python -m ada` exited with status 1"), row
    assert not (out / "ada").exists()  # copier removed the broken project


@pytest.mark.slow
def test_warm_up_then_build_without_network(template: Path, tmp_path: Path) -> None:
    warm = kit(template, "--warm-up")
    assert warm.returncode == 0, warm.stdout + warm.stderr
    assert "Ready: projects install from the uv cache" in warm.stdout
    offline = {
        "UV_OFFLINE": "1",
        "HTTP_PROXY": "http://127.0.0.1:9",
        "HTTPS_PROXY": "http://127.0.0.1:9",
        "PIP_NO_INDEX": "1",
    }
    out = tmp_path / "out"
    result = kit(
        template, str(roster(tmp_path, "Ada\nGrace\n")), str(out), "--no-exercises", **offline
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "2 of 2 seats verified" in result.stdout
    report = json.loads((out / "_kit" / "reports" / "ada.json").read_text(encoding="utf-8"))
    assert report["status"] == "verified" and report["installer"].endswith("offline from cache")
    assert "offline from cache" in (out / "_kit" / "logs" / "ada.log").read_text()  # and in words
    assert not (out / "ada" / "exercises").exists() and not (out / "_instructor").exists()
