"""An exercise file's template fix reaches a seat only where the student never touched it.

Exercise files are the student's (`_skip_if_exists` in copier.yml), so copier never changes an
existing one; `kit update` renders the exercises at the seat's old and new template versions and
writes the new file where the seat still has exactly the old one.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from ..copier_cli import render as render_template
from ..git import git
from ..template_files import Template

EXERCISES = "exercises"


def is_local(src: str) -> bool:
    return "://" not in src and not src.startswith(("git@", "gh:", "gl:"))


def render(src: str, ref: str, answers: dict[str, object], timeout: int) -> dict[str, bytes]:
    """The exercise files one template version renders for these answers (no tasks run)."""
    data = {k: v for k, v in answers.items() if not k.startswith("_")}
    with tempfile.TemporaryDirectory(prefix="modfirst-update-render-") as temp:
        destination = render_template(Template(src, ref), data, Path(temp, "project"), (), timeout)
        root = destination / EXERCISES
        return {
            p.relative_to(destination).as_posix(): p.read_bytes()
            for p in sorted(root.rglob("*"))
            if p.is_file() and "__pycache__" not in p.parts
        }


def committed(folder: Path, commit: str, name: str) -> bytes | None:
    shown = git("show", f"{commit}:{name}", cwd=folder, check=False)
    return shown.stdout if shown.returncode == 0 else None


def added_exercise_files(folder: Path) -> list[str]:
    """Exercise files the update wrote that the seat's last commit did not have."""
    listed = git("ls-files", "--others", "--exclude-standard", "-z", "--", EXERCISES, cwd=folder)
    return [name for name in listed.stdout.decode().split("\0") if name]


def carry_exercise_fixes(
    folder: Path,
    src: str,
    before: dict[str, object],
    after: dict[str, object],
    head: str,
    timeout: int,
    updated: list[str],
    kept: list[str],
) -> str:
    """Let a template fix of an exercise file through where the student never touched it.

    copier leaves existing exercise files alone (`_skip_if_exists`) but writes missing ones,
    so a file the student deleted would come back: it is removed again. Adds the files it
    updated to `updated`, those the student edited to `kept`; returns what it did (the log's).
    """
    if not before.get("workshop"):
        return "no exercises"
    added = added_exercise_files(folder)
    if not exercises_may_differ(src, before, after):
        for name in added:  # the same exercises: anything written was deleted by the student
            (folder / name).unlink()
        return f"exercise files unchanged from {before.get('_commit')} to {after.get('_commit')}"
    old = render(src, str(before["_commit"]), before, timeout)
    new = render(src, str(after["_commit"]), after, timeout)
    for name in added:
        if name in old:  # the student deleted it: it stays deleted
            (folder / name).unlink()
    for name in sorted(set(old) & set(new)):
        mine = committed(folder, head, name)
        if old[name] == new[name] or mine is None:
            continue
        if mine == old[name]:
            (folder / name).write_bytes(new[name])
            updated.append(name)
        else:
            kept.append(name)
    return f"exercise files rendered at {before['_commit']} and {after['_commit']} and compared"


def exercises_may_differ(src: str, before: dict[str, object], after: dict[str, object]) -> bool:
    """False only when git shows that nothing an exercise file is rendered from changed."""
    answers = [{k: v for k, v in a.items() if not k.startswith("_")} for a in (before, after)]
    if answers[0] != answers[1]:
        return True
    if before.get("_commit") == after.get("_commit"):
        return False
    if not (is_local(src) and (Path(src) / ".git").exists()):
        return True  # cannot look: render both
    commits = [str(before["_commit"]), str(after["_commit"])]
    diff = git("diff", "--name-only", *commits, cwd=Path(src), check=False)
    if diff.returncode != 0:
        return True
    return any(
        EXERCISES in name or name == "copier.yml" or name.startswith("includes/")
        for name in diff.stdout.decode().splitlines()
    )
