"""Package names for adopted projects: the rules of copier.yml's package_name question.

The `rules` work moves these word lists into one data file; until then they are read from
copier.yml exactly as the kit reads them. `name_rules()` is the one place to swap.
"""

from __future__ import annotations

from functools import cache

from modfirst_kit.roster import NameRules, derive

from ..sources import copier_yml


@cache
def name_rules() -> NameRules:
    return NameRules.from_copier_yml(copier_yml())


def package_problem(name: str) -> str:
    """Why copier.yml would refuse `name` as a package name; empty when it passes."""
    return name_rules().problem(name)


def suggest_package(text: str) -> str:
    """A package name made from a project or folder name, as copier.yml's default makes it."""
    name, _note = derive(text, name_rules())
    return name or "my_project"


def shadows_stdlib(module: str) -> bool:
    rules = name_rules()
    return module in rules.stdlib or module.lower() in {m.lower() for m in rules.stdlib}
