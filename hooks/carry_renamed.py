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
import os
import sys
import tempfile
from pathlib import Path

if __package__:
    from .absolute_source import ANSWERS_FILE
    from .runner import Runner, git
else:  # run by path, as copier's migration does: import the module beside it
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    from absolute_source import ANSWERS_FILE  # type: ignore[no-redef,import-not-found]
    from runner import Runner, git  # type: ignore[no-redef,import-not-found]

PREFIX = "modfirst migrate:"
HERE = Path(".")


def committed(path: str) -> str | None:
    """The file as the project's last commit has it, or None if it was not committed."""
    status, shown, _ = git("show", f"HEAD:{path}", cwd=HERE)
    return shown if status == 0 else None


def succeeded(result: tuple[int, str, str], what: str) -> str:
    """The output of a command that must succeed; its error as a one-line failure if not."""
    status, output, errors = result
    if status != 0:
        sys.exit(f"{PREFIX} {what} failed (exit status {status}): {errors.strip()[-500:]}")
    return output


def render_old_version(template: str, ref: str, answers: str, into: Path) -> None:
    """Re-render the old template version with the project's previous answers."""
    data_file = into.parent / "previous-answers.yml"
    data_file.write_text(answers, encoding="utf-8")
    command = [
        sys.executable,  # run from the temporary folder: the project's own modules stay unseen
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
    ]
    succeeded(
        Runner().capture(command, step="copier", cwd=into.parent), "rendering the old version"
    )


def merge(yours: str, base: str, theirs: str, scratch: Path) -> tuple[str, bool]:
    """Three-way merge with git merge-file; return (text, had_conflicts)."""
    files = []
    for name, text in (("yours", yours), ("base", base), ("theirs", theirs)):
        path = scratch / name
        path.write_text(text, encoding="utf-8")
        files.append(str(path))
    status, merged, _ = git(
        "merge-file", "-p", "-L", "your edits", "-L", "old template", "-L", "new template", *files,
        cwd=scratch,
    )  # fmt: skip
    return merged, status != 0


def mark_unmerged(path: str, yours: str, base: str, theirs: str) -> None:
    """Record `path` in the index as unmerged: base, yours and theirs as stages 1, 2 and 3."""
    blobs = []
    for text in (base, yours, theirs):
        stored = succeeded(git("hash-object", "-w", "--stdin", cwd=HERE, input=text), "git")
        blobs.append(stored.strip())
    entries = [f"0 {'0' * 40}\t{path}"]  # drop the merged (stage 0) entry, if any
    entries += [f"100644 {blob} {stage}\t{path}" for stage, blob in enumerate(blobs, start=1)]
    index_info = "\n".join(entries) + "\n"
    succeeded(git("update-index", "--index-info", cwd=HERE, input=index_info), "git")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="carry_renamed.py", description=__doc__.split("\n\n")[0])
    parser.add_argument("--template", required=True, help="template source (path or URL)")
    parser.add_argument("--from-ref", required=True, help="git ref of the version updated from")
    parser.add_argument("renames", nargs="+", metavar="OLD=NEW")
    args = parser.parse_args(argv)

    answers = committed(ANSWERS_FILE)
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
