"""The one reading of `git status` and of an update's conflicts (update, check and the kit):
names git would quote stay themselves, a rename is its new name, and a conflict is a file git
marks unmerged (carry_renamed.py's merges) or one holding copier's inline markers."""

from __future__ import annotations

from pathlib import Path

from modfirst.git import changed_files, conflicted, git

IDENTITY = ("-c", "user.name=t", "-c", "user.email=t@e.invalid")


def repository(root: Path) -> Path:
    git("init", "-q", "-b", "main", cwd=root)
    (root / "a.txt").write_text("one\n")
    (root / "story.txt").write_text("start\n")
    git("add", "-A", cwd=root)
    git(*IDENTITY, "commit", "-q", "-m", "start", cwd=root)
    return root


def test_changed_files_reads_quoted_names_and_renames(tmp_path: Path) -> None:
    root = repository(tmp_path)
    git("mv", "a.txt", "b.txt", cwd=root)
    (root / "new folder").mkdir()
    (root / "new folder" / "Zoë.py").write_text("x = 1\n")
    assert changed_files(root) == ["b.txt", "new folder/Zoë.py"]


def test_conflicts_are_unmerged_files_and_inline_markers(tmp_path: Path) -> None:
    root = repository(tmp_path)
    git("checkout", "-q", "-b", "other", cwd=root)
    (root / "story.txt").write_text("theirs\n")
    git(*IDENTITY, "commit", "-q", "-am", "theirs", cwd=root)
    git("checkout", "-q", "main", cwd=root)
    (root / "story.txt").write_text("ours\n")
    git(*IDENTITY, "commit", "-q", "-am", "ours", cwd=root)
    git(*IDENTITY, "merge", "-q", "other", cwd=root, check=False)  # a real conflict
    (root / "a.txt").write_text("<<<<<<< before updating\nx\n=======\ny\n>>>>>>> after updating\n")
    changed = changed_files(root)
    assert conflicted(root, changed) == ["a.txt", "story.txt"]
