"""A subpackage with its own __main__.py, so it runs as `python -m <package>.<subpackage>`."""
