"""CONTRIBUTING.md's release procedure and what users see between releases, with real copier
on a snapshot of this repository: once the commit is tagged with `__version__`, a copy without
`-r` is that version and stays that version while `main` moves on; `-r HEAD` is the untagged
work, named after the last tag."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from helpers import commit_all, copier_cli, git, snapshot
from modfirst import __version__

pytestmark = pytest.mark.slow


def copied(template: Path, destination: Path, *ref: str) -> tuple[str, str]:
    """(the version copier says it copies, the `_commit` it records)."""
    result = copier_cli(
        "copy", "--defaults", "--skip-tasks", *ref, str(template), str(destination),
        cwd=destination.parent,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    said = re.search(r"Copying from template version (\S+)", result.stdout + result.stderr)
    assert said, result.stdout + result.stderr
    answers = yaml.safe_load((destination / ".copier-answers.yml").read_text(encoding="utf-8"))
    return said.group(1), str(answers["_commit"])


def test_a_tagged_release_is_what_users_get_until_the_next(tmp_path: Path) -> None:
    template = snapshot(tmp_path / "modfirst")
    untagged, _ = copied(template, tmp_path / "before")
    assert untagged.startswith("0.0.0.post")  # no tag at all: what the issue saw
    # step 3; an annotated tag needs a tagger, which a fresh machine's git does not have
    identity = ("-c", "user.name=modfirst tests", "-c", "user.email=tests@modfirst.invalid")
    git(*identity, "tag", "-a", __version__, "-m", f"modfirst {__version__}", cwd=template)
    assert copied(template, tmp_path / "released") == (__version__, __version__)

    (template / "NEXT.md").write_text("work after the release\n", encoding="utf-8")
    commit_all(template, "after the release")
    assert copied(template, tmp_path / "later") == (__version__, __version__)
    version, commit = copied(template, tmp_path / "head", "-r", "HEAD")
    assert re.fullmatch(rf"{re.escape(__version__)}\.post1\.dev0\+[0-9a-f]+", version), version
    assert commit.startswith(f"{__version__}-1-g"), commit
