#!/usr/bin/env python3
"""Refuse a `copier update` that would rename the package or its runnable subpackage.

    python hooks/refuse_rename.py before QUESTION=REQUESTED ...   (REQUESTED may be empty)
    python hooks/refuse_rename.py after QUESTION ...

A rename cannot be done by re-rendering: copier would write src/NEW/ beside src/OLD/ and
leave every import, test, entry point and user module on the old name.
- `before` runs ahead of any change and refuses a rename asked for with --data.
- `after` catches a rename typed at an interactive prompt: it compares the answers file with
  the last commit and, if a name changed, puts the project back as committed (copier only
  updates a clean work tree, so the commit holds everything the user had) and fails.
Standard library only; git runs as argument lists with timeouts.
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

if __package__:
    from .absolute_source import ANSWERS_FILE
    from .runner import git as run_git
else:  # run by path, as copier's migration does: import the module beside it
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    from absolute_source import ANSWERS_FILE  # type: ignore[no-redef,import-not-found]
    from runner import git as run_git  # type: ignore[no-redef,import-not-found]


def answer(answers: str, question: str) -> str:
    # copier writes these answers as plain identifiers, one line each
    match = re.search(rf"^{re.escape(question)}:\s*['\"]?([\w]*)['\"]?\s*$", answers, re.MULTILINE)
    return match.group(1) if match else ""


def git(*args: str) -> tuple[int, str, str]:
    """`git ARGS` in the project (copier runs migrations there)."""
    return run_git(*args, cwd=Path("."))


def explain(question: str, old: str, new: str, undone: bool) -> None:
    what = (
        "The update was undone; your files are as you committed them."
        if undone
        else "Nothing was changed."
    )
    print(
        f"modfirst: refusing to rename {question} from {old!r} to {new!r} in an update: copier "
        f"would add src/.../{new}/ beside {old}/ and leave imports, tests and entry points on "
        f"the old name. {what} To rename, move the folder with git mv, fix the imports and "
        "[project.scripts], commit, and keep the answer as it is when you update.",
        file=sys.stderr,
    )


def main(argv: list[str]) -> int:
    stage, pairs = argv[0], argv[1:]
    if stage == "before":
        current = Path(ANSWERS_FILE).read_text(encoding="utf-8")
        for pair in pairs:
            question, _, requested = pair.partition("=")
            old = answer(current, question)
            if requested and old and requested != old:
                explain(question, old, requested, undone=False)
                return 1
        return 0
    status, committed, _ = git("show", f"HEAD:{ANSWERS_FILE}")
    if status != 0:
        return 0
    now = Path(ANSWERS_FILE).read_text(encoding="utf-8")
    for question in pairs:
        old, new = answer(committed, question), answer(now, question)
        if old and new and old != new:
            git("checkout", "HEAD", "--", ".")
            git(
                "clean", "-d", "--force", "--", "."
            )  # only what the update created: the tree was clean
            explain(question, old, new, undone=True)
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
