"""Entry point for `python -m <package>` (PEP 338).

Python runs this file when the package is run with -m. It stays tiny: the program lives
in cli.main(), which the console script calls too, so both ways behave the same.
"""

from .cli import main

if __name__ == "__main__":
    raise SystemExit(main())
