"""hooks/carry_renamed.py: a conflicting three-way merge is recorded as unmerged in git, as
copier's own."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from helpers import REPO, commit_all, git

sys.path.insert(0, str(REPO))


def test_conflicting_carry_is_recorded_as_unmerged(tmp_path: Path) -> None:
    from modfirst.hooks import carry_renamed as carry

    (tmp_path / "new.py").write_text("theirs\n")
    commit_all(tmp_path, "start")
    text, conflicts = carry.merge("yours\n", "base\n", "theirs\n", tmp_path)
    assert conflicts and "<<<<<<< your edits" in text and ">>>>>>> new template" in text
    (tmp_path / "new.py").write_text(text)
    here = Path.cwd()
    os.chdir(tmp_path)  # the hook runs in the project, as copier's migrations do
    try:
        carry.mark_unmerged("new.py", "yours\n", "base\n", "theirs\n")
    finally:
        os.chdir(here)
    stages = git("ls-files", "--unmerged", cwd=tmp_path).splitlines()
    assert [line.split()[2] for line in stages] == ["1", "2", "3"]
    assert all(line.endswith("\tnew.py") for line in stages)
    shown = [git("show", f":{n}:new.py", cwd=tmp_path) for n in (1, 2, 3)]
    assert shown == ["base\n", "yours\n", "theirs\n"]
    assert git("status", "--porcelain", cwd=tmp_path).startswith("UU new.py")
