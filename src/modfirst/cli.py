"""modfirst: projects that run as modules (`python -m PKG`), and the tools to keep them so.

A new project comes from copier (`copier copy --trust path/to/modfirst myproj`), which
verifies it right away. This command does the rest: verify a project again, check it against
its template and the module-first rules, update it, adopt an existing one, and run workshops
(a verified project per student, then publish, collect, update, wheelhouse).
"""

from __future__ import annotations

import argparse
import contextlib
import sys
from collections.abc import Callable, Sequence
from types import ModuleType

from . import __version__
from .adopt import cli as adopt
from .check import cli as check
from .exit_status import (
    CONFLICTS,
    FAILED,
    INTERRUPTED,
    NOT_CHECKED,
    OK,
    UPDATE_AVAILABLE,
    USAGE,
    epilog,
)
from .hooks import verify
from .kit import build, classroom50, collect, publish, solutions, update, wheelhouse
from .update import cli as update_project

PROG = "modfirst"
# The statuses each command can return (one meaning per number: exit_status.py); the kit's
# commands return 0, 1 or 2.
EXIT_STATUSES: dict[str, tuple[int, ...]] = {
    "verify": (OK, FAILED, USAGE, NOT_CHECKED, INTERRUPTED),
    "adopt": (OK, FAILED, USAGE, NOT_CHECKED),
    "check": (OK, FAILED, USAGE, NOT_CHECKED, UPDATE_AVAILABLE, CONFLICTS),
    "update": (OK, FAILED, USAGE, NOT_CHECKED, CONFLICTS),
}
# Each command: (module with add_arguments(parser) and run(args), one line of help).
COMMANDS: dict[str, tuple[ModuleType, str]] = {
    "verify": (verify, "prove a project runs as a module: fresh venv, install, python -m"),
    "adopt": (adopt, "bring an existing project into module-first shape, onto copier update"),
    "check": (check, "is the project current with its template, and healthy (MF001-MF008)"),
    "update": (update_project, "update from the template, run lint and tests, summarise for a PR"),
}
KIT_COMMANDS: dict[str, tuple[ModuleType, str]] = {
    "build": (build, "one verified project per seat of a roster (the default)"),
    "publish": (publish, "push every seat to its own repository (GitHub, or bare ones offline)"),
    "collect": (collect, "every seat's exercise results, one row per student"),
    "update": (update, "bring a template fix to every seat with copier update"),
    "wheelhouse": (wheelhouse, "gather the wheels the seats need, for a room with no network"),
    "solutions": (solutions, "apply the reference solutions to a seat"),
    "classroom50": (classroom50, "a Classroom 50 assignment and autograder for a kit's starter"),
}
KIT_HELP = "workshop kits: `modfirst kit ROSTER OUT` builds one; then collect, update, ..."


def description(module: ModuleType) -> str:
    """The first paragraph of a command module's docstring: what the command does."""
    return (module.__doc__ or "").strip().split("\n\n")[0].strip()


def add_commands(
    subparsers: argparse._SubParsersAction[argparse.ArgumentParser],
    commands: dict[str, tuple[ModuleType, str]],
) -> None:
    for name, (module, summary) in commands.items():
        parser = subparsers.add_parser(
            name,
            help=summary,
            description=description(module),
            epilog=epilog(*EXIT_STATUSES.get(name, (OK, FAILED, USAGE))),
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        module.add_arguments(parser)
        parser.set_defaults(_command=module.run)  # not `run`: a command may have --run


def build_parser(prog: str = PROG) -> argparse.ArgumentParser:
    """The whole command tree; `modfirst kit ROSTER OUT` is parsed as `modfirst kit build ...`."""
    parser = argparse.ArgumentParser(
        prog=prog,
        description=__doc__.split("\n\n")[0],
        epilog=epilog() + "\nEach command's --help lists the ones it returns.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    commands = parser.add_subparsers(title="commands", metavar="COMMAND")
    add_commands(commands, COMMANDS)
    kit = commands.add_parser(
        "kit",
        help=KIT_HELP,
        description="Workshop kits: build one verified project per student, then collect their "
        "results, bring them template fixes, and gather wheels for offline rooms. "
        "`modfirst kit ROSTER OUT` is short for `modfirst kit build ROSTER OUT`.",
        epilog=epilog(OK, FAILED, USAGE),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add_commands(kit.add_subparsers(title="commands", metavar="COMMAND"), KIT_COMMANDS)
    return parser


def with_default_kit_command(args: list[str]) -> list[str]:
    """`modfirst kit ROSTER OUT` and `modfirst kit --warm-up` mean `modfirst kit build ...`."""
    if args[:1] != ["kit"] or len(args) < 2:
        return args
    first = args[1]
    if first in KIT_COMMANDS or first in {"-h", "--help"}:
        return args
    return ["kit", "build", *args[1:]]


def parse(argv: Sequence[str]) -> argparse.Namespace:
    """The command line as the command's options (argparse exits on a usage error)."""
    return build_parser().parse_args(with_default_kit_command(list(argv)))


def typed_prog() -> str:
    """The program as the user typed it: `python -m modfirst` or `modfirst`."""
    return "python -m modfirst" if sys.argv[0].endswith("__main__.py") else PROG


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command and return its exit status."""
    args = with_default_kit_command(list(sys.argv[1:] if argv is None else argv))
    parser = build_parser(typed_prog())
    namespace = parser.parse_args(args)
    run: Callable[[argparse.Namespace], int] | None = getattr(namespace, "_command", None)
    if run is None:  # `modfirst` or `modfirst kit` alone: say what there is, as a usage error
        with contextlib.redirect_stdout(sys.stderr), contextlib.suppress(SystemExit):
            parser.parse_args([*args, "--help"])
        return 2
    return run(namespace)
