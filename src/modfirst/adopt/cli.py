"""`modfirst adopt PATH`: plan, then apply (staged, all or nothing), then prove.

Exit status: 0 adopted and verified (or planned, with --dry-run); 1 the proof failed (the tree
is restored); 2 refused (nothing changed); 3 adopted but unverified (offline, no Python).
"""

from __future__ import annotations

import argparse
import re
import sys
import traceback
from pathlib import Path
from typing import TYPE_CHECKING

from ..exit_status import FAILED, NOT_CHECKED, USAGE
from ..template_files import Template, followable_source

if TYPE_CHECKING:
    from . import proof
    from .model import AdoptPlan

PREFIX = "modfirst adopt:"
# The one table (modfirst.exit_status): 1 failed and restored, 2 refused before any change,
# 3 adopted but not verified.
REFUSED, UNVERIFIED = USAGE, NOT_CHECKED


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
    except Exception as error:  # never a traceback: one line, and nothing was changed
        print(f"{PREFIX} refused: {unexpected(error)}; nothing changed", file=sys.stderr)
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
    checking = proof.Proof(
        root,
        adoption.pyproject,
        packaged and not adoption.already_module_first,
        {move.source: move.target for move in adoption.moves},
        adoption.tests_command,
    )
    try:
        before = checking.before()
        apply.apply(adoption)
        try:
            status = prove(adoption, checking, before)
        except BaseException:
            apply.restore(root)
            raise
    except Exception as error:  # never a traceback: one line, and the tree as it was
        print(f"{PREFIX} FAILED: {unexpected(error)}; the tree is restored", file=sys.stderr)
        return FAILED
    finally:
        checking.close()
    if status in (FAILED, REFUSED):  # verify.py: 1 broken, 2 not a runnable project
        apply.restore(root)
        print(f"{PREFIX} FAILED; the tree is restored", file=sys.stderr)
        return FAILED
    if status != 0:
        print(f"{PREFIX} adopted and staged, but NOT VERIFIED (see above)", file=sys.stderr)
        return UNVERIFIED
    if checking.untested:
        print(
            f"{PREFIX} adopted, staged (git diff --staged) and verified, except "
            f"{checking.untested}; commit it when ready"
        )
        return 0
    print(f"{PREFIX} adopted, staged (git diff --staged) and verified; commit it when ready")
    return 0


def unexpected(error: Exception) -> str:
    """An error adopt did not foresee, in one line: the file it concerns when it names one,
    what it said, and where in modfirst (so the report can be acted on)."""
    frames = traceback.extract_tb(error.__traceback__)
    inside = [f for f in frames if "modfirst" in f.filename] or frames
    place = f"{Path(inside[-1].filename).name}:{inside[-1].lineno}" if inside else "?"
    named = getattr(error, "filename", None)
    text = " ".join(str(error).split())[:300] or type(error).__name__
    about = f"{named}: " if named else ""
    return f"{about}{type(error).__name__}: {text} (in modfirst's {place}: please report it)"


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


def prove(adoption: AdoptPlan, checking: proof.Proof, before: proof.Before) -> int:
    """Every file adoption wrote compiles; what the project publishes is the same (its sdist
    and the wheel built from it), its programs behave the same and its tests give the same
    outcomes, in one fresh venv. A project that published nothing gets the template's
    verification instead (a library: its import from the installed wheel)."""
    from . import apply, proof

    broken = apply.compile_written(adoption)
    if broken:
        for line in broken:
            print(f"{PREFIX} adoption wrote a file that is not Python: {line}", file=sys.stderr)
        return FAILED
    if before.build_error:
        print(
            f"{PREFIX} the project did not build before adoption ({before.build_error}): "
            "what it publishes is not compared",
            file=sys.stderr,
        )
    if before.published is not None:
        status = prove_published(adoption, checking, before)
        if status:
            return status
    if before.tests is not None:
        for note in checking.notes:
            print(f"{PREFIX} tests: {note}")
        after = checking.after()
        comparison = proof.compare(before.tests, after)
        if not before.tests.ran():  # said in the verdict too: verified is not tested
            checking.untested = "its tests, which could not run before adoption"
        stream = sys.stdout if comparison.same else sys.stderr
        for line in comparison.lines + unrewritten(adoption, after.error):
            print(f"{PREFIX} {line}", file=stream)
        if not comparison.same:
            return FAILED
    if before.published is not None:
        return prove_written_main(adoption, checking, before)
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


def prove_published(adoption: AdoptPlan, checking: proof.Proof, before: proof.Before) -> int:
    """The sdist and its wheel publish what they did; every top-level name imports from the
    installed wheel; every program behaves as it did."""
    from . import artifacts, behaviour

    assert before.published is not None
    after = checking.publish_after()
    if isinstance(after, str):
        print(f"{PREFIX} {after}", file=sys.stderr)
        return FAILED
    explained = artifacts.Explained(
        adoption.added_modules(), {f"console_scripts {n}" for n in adoption.added_scripts}
    )
    found = artifacts.differences(before.published, after, explained)
    # Compared, not demanded: an import that failed the same way before (a dependency that
    # moved on, as marshmallow 4 for environs) is the project's, not the move's.
    imports = checking.import_each(after.top_names())
    found += [
        f"import {name}: {error}"
        for name, error in imports.items()
        if before.imports.get(name) != error
    ]
    same_failures = sorted(set(imports) & set(before.imports))
    if found:
        for line in found:
            print(f"{PREFIX} published differently: {line}", file=sys.stderr)
        return FAILED
    print(
        f"{PREFIX} published the same: {len(before.published.metadata)} metadata fields, "
        f"{len(before.published.entry_points)} entry points, {len(after.modules)} modules, "
        f"{len(after.extensions)} extensions, {len(after.package_data)} package data files "
        f"(sdist, and the wheel built from it); {', '.join(after.top_names())} import when "
        "installed" + (f", or fail as before ({', '.join(same_failures)})" if same_failures else "")
    )
    programs = checking.programs(after, before.module)
    changed = behaviour.changes(before.programs, programs)
    if changed:
        for line in changed:
            print(f"{PREFIX} behaves differently: {line}", file=sys.stderr)
        return FAILED
    if before.programs:
        print(f"{PREFIX} programs behave the same: {', '.join(f'`{k}`' for k in before.programs)}")
    return 0


def prove_written_main(adoption: AdoptPlan, checking: proof.Proof, before: proof.Before) -> int:
    """The `__main__.py` adoption wrote: one that calls a published console script behaves as
    that script does; one that calls the `main(argv)` adoption made exits 0 for `--help`."""
    from . import behaviour

    written = f"src/{adoption.package}/__main__.py"
    if before.module == adoption.package or written not in adoption.written_python():
        return 0
    name = f"python -m {adoption.package} --help"
    run = checking.run_programs([], adoption.package)[name]
    model = before.programs.get(f"{adoption.script} --help") if adoption.script else None
    if model is not None:
        changed = behaviour.changes({name: model}, {name: run})
        if changed:
            print(
                f"{PREFIX} `{name}` (adoption wrote {written}) does not behave as "
                f"`{adoption.script} --help`: {changed[0]}",
                file=sys.stderr,
            )
            return FAILED
        print(f"{PREFIX} `{name}` behaves as `{adoption.script} --help` (adoption wrote {written})")
        return 0
    if run.status != 0:
        print(
            f"{PREFIX} `{name}` (adoption wrote {written}): exit status {run.status}: "
            f"{run.output.splitlines()[-1] if run.output else 'no output'}",
            file=sys.stderr,
        )
        return FAILED
    print(f"{PREFIX} `{name}` exits 0 (adoption wrote {written})")
    return 0
