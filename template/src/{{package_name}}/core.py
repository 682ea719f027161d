"""The program's logic, free of argument parsing and printing so it is easy to test."""

from __future__ import annotations


def greet(name: str, *, shout: bool = False) -> str:
    """Return a greeting for `name`, in capital letters if `shout`."""
    greeting = f"Hello, {name}!"
    return greeting.upper() if shout else greeting
