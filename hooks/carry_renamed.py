#!/usr/bin/env python3
"""Carry the user's edits across a file the template renamed.

    python hooks/carry_renamed.py --template SRC --from-ref REF OLD_PATH=NEW_PATH ...

Runs as an `after` migration, in the project, once copier has finished the update. When a
template version renames a file, copier deletes the old file (edits and all, though they
stay in git) and writes the new one fresh. For each pair this script three-way merges:

    yours  = OLD_PATH as committed in the project (HEAD)
    base   = OLD_PATH as the old template version rendered it (re-rendered at REF)
    theirs = NEW_PATH as the update just wrote it

and writes the result to NEW_PATH, with inline conflict markers where both sides changed the
same lines. A conflicting file is also recorded as unmerged in git's index (stages 1-3, as
copier records its own conflicts), so `git status` shows it and the verification that follows
reports it instead of passing. Files the user never edited are left as copier wrote them.
Standard library only; git and copier run as argument lists with timeouts.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

TIMEOUT = 300
PREFIX = "modfirst migrate:"


def git(*args: str, cwd: Path = Path(".")) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["git", *args], cwd=cwd, capture_output=True, text=True, timeout=TIMEOUT, check=False
    )


def committed(path: str) -> str | None:
    """The file as the project's last commit has it, or None if it was not committed."""
    shown = git("show", f"HEAD:{path}")
    return shown.stdout if shown.returncode == 0 else None


def render_old_version(template: str, ref: str, answers: str, into: Path) -> None:
    """Re-render the old template version with the project's previous answers."""
    data_file = into.parent / "previous-answers.yml"
    data_file.write_text(answers, encoding="utf-8")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "copier",
            "copy",
            "--quiet",
            "--defaults",
            "--skip-tasks",
            "--trust",
            "--vcs-ref",
            ref,
            "--data-file",
            str(data_file),
            template,
            str(into),
        ],
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=True,
    )


def merge(yours: str, base: str, theirs: str, scratch: Path) -> tuple[str, bool]:
    """Three-way merge with git merge-file; return (text, had_conflicts)."""
    files = []
    for name, text in (("yours", yours), ("base", base), ("theirs", theirs)):
        path = scratch / name
        path.write_text(text, encoding="utf-8")
        files.append(str(path))
    merged = git(
        "merge-file", "-p", "-L", "your edits", "-L", "old template", "-L", "new template", *files
    )
    return merged.stdout, merged.returncode != 0


def mark_unmerged(path: str, yours: str, base: str, theirs: str) -> None:
    """Record `path` in the index as unmerged: base, yours and theirs as stages 1, 2 and 3."""
    blobs = []
    for text in (base, yours, theirs):
        stored = subprocess.run(
            ["git", "hash-object", "-w", "--stdin"],
            input=text,
            capture_output=True,
            text=True,
            timeout=TIMEOUT,
            check=True,
        )
        blobs.append(stored.stdout.strip())
    entries = [f"0 {'0' * 40}\t{path}"]  # drop the merged (stage 0) entry, if any
    entries += [f"100644 {blob} {stage}\t{path}" for stage, blob in enumerate(blobs, start=1)]
    subprocess.run(
        ["git", "update-index", "--index-info"],
        input="\n".join(entries) + "\n",
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=True,
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="carry_renamed.py", description=__doc__.split("\n\n")[0])
    parser.add_argument("--template", required=True, help="template source (path or URL)")
    parser.add_argument("--from-ref", required=True, help="git ref of the version updated from")
    parser.add_argument("renames", nargs="+", metavar="OLD=NEW")
    args = parser.parse_args(argv)

    answers = committed(".copier-answers.yml")
    pairs = [pair.split("=", 1) for pair in args.renames]
    # Only files the user committed need carrying (and only if edited); copier did the rest.
    todo = [
        (old, new, yours)
        for old, new in pairs
        if (yours := committed(old)) is not None and Path(new).exists()
    ]
    if not todo or answers is None:
        return 0
    with tempfile.TemporaryDirectory(prefix="modfirst-migrate-") as temp:
        old_render = Path(temp, "old")
        render_old_version(args.template, args.from_ref, answers, old_render)
        for old, new, yours in todo:
            base_path = old_render / old
            base = base_path.read_text(encoding="utf-8") if base_path.exists() else ""
            if yours == base:
                continue
            theirs = Path(new).read_text(encoding="utf-8")
            text, conflicts = merge(yours, base, theirs, Path(temp))
            Path(new).write_text(text, encoding="utf-8")
            if conflicts:
                mark_unmerged(new, yours, base, theirs)
            state = "with conflicts to resolve (look for <<<<<<<)" if conflicts else "cleanly"
            print(f"{PREFIX} {old} is now {new}; your edits were carried over {state}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
