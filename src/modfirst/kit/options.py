"""The options the kit's commands share, defined once: where the template is, how many seats
at a time, how long one may take, and answers given to every seat."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from ..template_files import Template, is_default, source
from .records import KIT_FOLDER

DEFAULT_JOBS = (os.cpu_count() or 1) + 1
SEAT_TIMEOUT = 900


class Answers(argparse.Action):
    """`--data QUESTION=ANSWER`, repeatable, gathered into one dict of answers."""

    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,
        values: object,
        option_string: str | None = None,
    ) -> None:
        question, sep, answer = str(values).partition("=")
        if not sep or not question:
            parser.error(f"{option_string} takes QUESTION=ANSWER, not {values!r}")
        setattr(namespace, self.dest, {**getattr(namespace, self.dest), question: answer})


def add_template(parser: argparse.ArgumentParser, what: str) -> None:
    parser.add_argument(
        "--template",
        default=None,
        help=f"{what} (default: the template this modfirst came from)",
    )
    parser.add_argument(
        "--vcs-ref",
        default=None,
        help="template version (default: HEAD of a clone, the installed commit, "
        "else copier's choice: the newest tag)",
    )


def template_of(args: argparse.Namespace) -> Template:
    """The template the user named with --template/--vcs-ref, or this modfirst's own."""
    if args.template is None:
        default = source()
        return Template(default.src, args.vcs_ref or default.vcs_ref)
    local = Path(args.template)
    ref = args.vcs_ref
    if ref is None and is_default(args.template) and (local / ".git").exists():
        ref = "HEAD"  # this clone: its work, not its last tag
    return Template(args.template, ref)


def add_jobs(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--jobs",
        type=lambda text: max(1, int(text)),
        default=DEFAULT_JOBS,
        help="seats handled at the same time (default: CPUs + 1)",
    )


def add_seat_timeout(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--seat-timeout",
        type=int,
        default=SEAT_TIMEOUT,
        help=f"seconds one seat may take (default: {SEAT_TIMEOUT})",
    )


def add_data(parser: argparse.ArgumentParser, what: str) -> None:
    parser.add_argument(
        "--data",
        action=Answers,
        default={},
        metavar="QUESTION=ANSWER",
        help=f"{what}, e.g. build_backend=uv_build (repeatable)",
    )


def clones_cache(source: Path, given: Path | None) -> Path:
    """Where the students' repositories are cloned, absolute: --cache, else next to a CSV of
    repositories (repos.csv -> repos-clones/), else in the kit's own folder (_kit/clones)."""
    if given is not None:
        return given.absolute()
    if source.is_dir():
        return source.absolute() / KIT_FOLDER / "clones"
    return source.absolute().parent / f"{source.stem}-clones"


def uv_next_to_python() -> None:
    """Put the uv installed next to this Python (e.g. in the same venv) first on PATH: the
    verification a build or an update runs prefers uv."""
    folder = Path(sys.executable).parent
    if (folder / "uv").is_file() or (folder / "uv.exe").is_file():
        os.environ["PATH"] = str(folder) + os.pathsep + os.environ.get("PATH", "")


def table(header: tuple[str, ...], rows: Sequence[tuple[str, ...]]) -> str:
    """Rows in left-aligned columns two spaces apart; the last column is not padded."""
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header) - 1)]
    return "\n".join(
        "  ".join(
            [*(f"{cell:<{w}}" for cell, w in zip(row, widths, strict=False)), row[-1]]
        ).rstrip()
        for row in [header, *rows]
    )
