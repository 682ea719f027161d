"""A subpackage with its own __main__.py: `python -m __PACKAGE__.hello`."""
