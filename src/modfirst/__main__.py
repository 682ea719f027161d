"""Entry point for `python -m modfirst` (PEP 338): a few lines that call cli.main()."""

from .cli import main

if __name__ == "__main__":
    raise SystemExit(main())
