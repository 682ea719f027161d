"""Entry point for `python -m __PACKAGE__.hello`: tiny, the program lives in cli.main()."""

from .cli import main

if __name__ == "__main__":
    raise SystemExit(main())
