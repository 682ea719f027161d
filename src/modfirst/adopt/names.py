"""Package names for adopted projects: the rules of copier.yml's package_name question.

The rules exist once, in the template: includes/names.yml + includes/names.jinja, run from
Python by modfirst.name_rules (this clone's files, or the copies shipped in the wheel).
"""

from __future__ import annotations

import sys
from functools import cache

from ..name_rules import NameRules


@cache
def rules() -> NameRules:
    """includes/names.jinja's macros (copier's own code for the question)."""
    return NameRules()


@cache
def stdlib_names() -> frozenset[str]:
    """The standard library's module names, lower-case (names.yml's list, else this Python's)."""
    found = rules().data.get("stdlib_names") or sys.stdlib_module_names
    return frozenset(name.lower() for name in found)


def package_problem(name: str) -> str:
    """Why copier.yml would refuse `name` as a package name; empty when it passes."""
    return rules().refusal(name)


def suggest_package(text: str) -> str:
    """A package name made from a project or folder name, as copier.yml's default makes it."""
    return rules().suggest(text) or "my_project"


def shadows_stdlib(module: str) -> bool:
    return module.lower() in stdlib_names()


def is_stdlib_import(module: str) -> bool:
    """`import module` reaches the standard library: any of its modules, private ones
    (`_thread`) too, on this Python or the names list (the shadowing rule's public names)."""
    return module.lower() in stdlib_names() or module in sys.stdlib_module_names
