"""The modfirst command: parse, hand a plan down, report. Nothing here climbs back up.

modfirst verify [PATH] [verify.py options]   the check copier's task runs
modfirst adopt PATH [--dry-run] ...          bring an existing project into module-first shape
modfirst kit ...                             build a workshop kit (options of modfirst_kit)
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from . import __version__

PROG = "modfirst"


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog=PROG, description=__doc__.split("\n\n")[0])
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    commands.add_parser(
        "verify",
        help="prove a project runs as a module (fresh venv, install, python -m)",
        add_help=False,
    )
    commands.add_parser(
        "adopt", help="bring an existing project into module-first shape", add_help=False
    )
    commands.add_parser("kit", help="build a workshop kit from a roster", add_help=False)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command and return its exit status."""
    args = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser()
    if not args or args[0] not in {"verify", "adopt", "kit"}:
        parser.parse_args(args)  # --help, --version, or an error naming the commands
        parser.print_help()
        return 2
    command, rest = args[0], args[1:]
    # Each command parses its own options, so they stay exactly those it documents.
    if command == "verify":
        from .sources import verify_module

        status: int = verify_module().main(rest)
        return status
    if command == "adopt":
        from .adopt.cli import main as adopt_main

        return adopt_main(rest)
    from modfirst_kit.cli import SUBCOMMANDS
    from modfirst_kit.cli import main as kit_main

    return kit_main(with_default_template(rest, SUBCOMMANDS))


def with_default_template(kit_args: list[str], subcommands: tuple[str, ...]) -> list[str]:
    """Installed (no clone beside the kit), a kit is built from the template this command came
    from, unless the user names one: `pip install git+URL` records that URL and commit."""
    from .sources import default_template, in_clone

    named = any(a == "--template" or a.startswith("--template=") for a in kit_args)
    if in_clone() or named or (kit_args and kit_args[0] in subcommands):
        return kit_args
    template = default_template()
    if template is None:
        return kit_args
    ref = [] if template.vcs_ref is None else ["--vcs-ref", template.vcs_ref]
    return [*kit_args, "--template", template.src, *ref]
