"""The program's logic, free of argument parsing and printing so it is easy to test."""

from __future__ import annotations


def greet(name: str, *, shout: bool = False) -> str:
    """Return a greeting for `name`, in capital letters if `shout`."""
    greeting = f"Hello, {name}!"
    return greeting.upper() if shout else greeting


def describe_run(module: str, package: str | None, path0: str, parent_file: str) -> str:
    """Explain how Python ran a module: what `python -m` set up and where imports come from."""
    return "\n".join(
        [
            f"ran module      {module} (as __main__)",
            f"__package__     {package!r}  <- relative imports resolve against this",
            f"sys.path[0]     {path0!r}  <- first place Python looks for imports",
            f"parent package  {parent_file}",
        ]
    )
