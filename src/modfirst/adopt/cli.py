"""`modfirst adopt PATH`: plan, then apply (staged, all or nothing), then prove.

Exit status: 0 adopted and verified (or planned, with --dry-run); 1 the proof failed (the tree
is restored); 2 refused (nothing changed); 3 adopted but unverified (offline, no Python).
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from ..template_files import Template, followable_source

if TYPE_CHECKING:
    from . import proof
    from .plan import AdoptPlan

PREFIX = "modfirst adopt:"
FAILED, REFUSED, UNVERIFIED = 1, 2, 3


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("path", type=Path, help="the project's folder (a clean git work tree)")
    parser.add_argument("--dry-run", action="store_true", help="print the plan, change nothing")
    parser.add_argument("--package", help="import name (default: the flat package, or derived)")
    parser.add_argument("--entry", help="the script whose __main__ block becomes main()")
    parser.add_argument("--subpackage", help="subpackage runnable with python -m PKG.NAME")
    parser.add_argument(
        "--scripts",
        choices=["one", "all"],
        default="one",
        help="one: the chosen program gets the console script; all: every script with a "
        "__main__ block gets one of its own (default: one)",
    )
    parser.add_argument("--template", help="template for .copier-answers.yml (default: this one)")
    parser.add_argument(
        "--vcs-ref", help="template version (default: HEAD of a clone, or the installed commit)"
    )
    parser.add_argument(
        "--no-proof", action="store_true", help="skip the tests and the verification"
    )


def run(args: argparse.Namespace) -> int:
    # Here, not at the top: libcst and tomlkit take ~0.2 s to import, and every other modfirst
    # command (and --help) would pay it.
    from . import apply, proof
    from .plan import Options, Refusal, plan

    template = Template(args.template, args.vcs_ref) if args.template else followable_source()
    if template is None:
        print(
            f"{PREFIX} refused: this modfirst was installed from an index, so no template "
            "history to follow; pass --template URL (and --vcs-ref)",
            file=sys.stderr,
        )
        return REFUSED
    render = apply.Render(template)
    try:
        options = Options(args.package, args.entry, args.subpackage, args.scripts)
        adoption = plan(args.path, options, on_answers=render.start)
        render.finish(adoption)
    except Refusal as refusal:
        print(f"{PREFIX} refused: {refusal}", file=sys.stderr)
        return REFUSED
    except OSError as error:  # planning only reads: whatever the system said, in one line
        print(
            f"{PREFIX} refused: {error.filename or args.path}: {error.strerror or error}; "
            "fix it, then adopt",
            file=sys.stderr,
        )
        return REFUSED
    finally:
        render.close()
    print(adoption)
    if args.dry_run:
        print(f"{PREFIX} dry run: nothing changed")
        return 0
    root = adoption.root
    if args.no_proof:
        apply.apply(adoption)
        print(f"{PREFIX} applied and staged (git diff --staged), not proven (--no-proof)")
        return 0
    packaged = adoption.packaged or (root / "setup.py").is_file()
    checking = proof.Proof(root, adoption.pyproject, packaged)
    try:
        before = checking.before()
        apply.apply(adoption)
        try:
            status = prove(adoption, checking, before)
        except BaseException:
            apply.restore(root)
            raise
    finally:
        checking.close()
    if status in (FAILED, REFUSED):  # verify.py: 1 broken, 2 not a runnable project
        apply.restore(root)
        print(f"{PREFIX} FAILED; the tree is restored", file=sys.stderr)
        return FAILED
    if status != 0:
        print(f"{PREFIX} adopted and staged, but NOT VERIFIED (see above)", file=sys.stderr)
        return UNVERIFIED
    print(f"{PREFIX} adopted, staged (git diff --staged) and verified; commit it when ready")
    return 0


def unrewritten(adoption: AdoptPlan, error: str) -> list[str]:
    """For an import error after adoption: the plan's reports that name that module, i.e.
    the references adopt left for the owner (dynamic imports, sys.path, path strings)."""
    missing = re.search(r"No module named '([\w.]+)'", error)
    if missing is None:
        return []
    name = missing.group(1).split(".")[-1]
    found = [risk for risk in adoption.risks if re.search(rf"\b{re.escape(name)}\b", risk)]
    return [f"not rewritten, and naming {missing.group(1)}: {risk}" for risk in found[:5]] or [
        f"{missing.group(1)} is imported in a way adopt does not read (a string built at run "
        "time, or a path); look for it in the tests and the code"
    ]


def prove(adoption: AdoptPlan, checking: proof.Proof, before: proof.Outcomes | None) -> int:
    """The project's tests give the same outcomes as before, in their own fresh venv; then
    the verification (a library: its import from the installed wheel)."""
    from . import apply, proof

    if before is not None:
        after = checking.after()
        comparison = proof.compare(before, after)
        stream = sys.stdout if comparison.same else sys.stderr
        for line in comparison.lines + unrewritten(adoption, after.error):
            print(f"{PREFIX} {line}", file=stream)
        if not comparison.same:
            return FAILED
    if adoption.program == "none":
        problem = checking.imports(adoption.package)
        if checking.problem:  # no environment to install into (offline, for instance)
            print(f"{PREFIX} NOT VERIFIED: {checking.problem}", file=sys.stderr)
            return UNVERIFIED
        if problem:
            print(f"{PREFIX} `import {adoption.package}` failed when installed: {problem}")
            return FAILED
        print(f"{PREFIX} OK: the installed library imports as {adoption.package} (no program)")
        return 0
    return apply.verify(adoption)
