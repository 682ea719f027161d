"""Run with `python -m <package>.<subpackage>`: shows how Python ran this module.

`from .. import core` is a relative import: ".." means "the package above mine". Python can
resolve it only when it knows which package this file belongs to, i.e. when the module is
run with -m (runpy sets __package__). Run the file by path instead, `python .../__main__.py`,
and it fails with "attempted relative import with no known parent package".
"""

from __future__ import annotations

import sys

from .. import core


def main() -> int:
    spec_name = __spec__.name if __spec__ is not None else __name__
    parent = sys.modules[__package__.rpartition(".")[0]] if __package__ else None
    parent_file = getattr(parent, "__file__", None) or "?"
    print(core.describe_run(spec_name, __package__, sys.path[0], parent_file))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
