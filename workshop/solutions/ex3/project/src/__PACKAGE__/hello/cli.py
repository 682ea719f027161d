"""The hello subpackage's program: `python -m __PACKAGE__.hello` calls main()."""

from __future__ import annotations

from collections.abc import Sequence

from .. import core


def main(argv: Sequence[str] | None = None) -> int:
    """Print a greeting from the package's core; return the exit status."""
    print(core.greet("workshop"))
    return 0
