"""Package names for adopted projects: the rules of copier.yml's package_name question.

The rules exist once, in the template. When this tree has the shared rule source
(includes/names.yml + includes/names.jinja, run from Python by modfirst_kit.names), that is
what decides; otherwise the word lists are read from copier.yml as the kit used to read them.
`rules()` is the one place that chooses.
"""

from __future__ import annotations

import importlib
import sys
from functools import cache
from pathlib import Path
from typing import Any, Protocol

from ..sources import copier_yml, rules_folder


class Rules(Protocol):
    stdlib: set[str]

    def problem(self, name: str) -> str: ...

    def suggest(self, text: str) -> str: ...


class SharedRules:
    """includes/names.jinja's macros (copier's own code for the question), via modfirst_kit."""

    def __init__(self, folder: Path) -> None:
        shared: Any = importlib.import_module("modfirst_kit.names")
        self.rules = shared.NameRules(folder)
        self.stdlib = set(self.rules.data.get("stdlib_names") or sys.stdlib_module_names)

    def problem(self, name: str) -> str:
        return str(self.rules.refusal(name))

    def suggest(self, text: str) -> str:
        return str(self.rules.suggest(text))


class CopierYmlRules:
    """The word lists of copier.yml's hidden questions, with the kit's checks."""

    def __init__(self, path: Path) -> None:
        roster: Any = importlib.import_module("modfirst_kit.roster")
        self.rules = roster.NameRules.from_copier_yml(path)
        self.derive = roster.derive
        self.stdlib = set(self.rules.stdlib)

    def problem(self, name: str) -> str:
        return str(self.rules.problem(name))

    def suggest(self, text: str) -> str:
        name, _note = self.derive(text, self.rules)
        return str(name) or "my_project"


@cache
def rules() -> Rules:
    folder = rules_folder()
    if (folder / "includes" / "names.yml").is_file():
        return SharedRules(folder)
    return CopierYmlRules(copier_yml())


def package_problem(name: str) -> str:
    """Why copier.yml would refuse `name` as a package name; empty when it passes."""
    return rules().problem(name)


def suggest_package(text: str) -> str:
    """A package name made from a project or folder name, as copier.yml's default makes it."""
    return rules().suggest(text) or "my_project"


def shadows_stdlib(module: str) -> bool:
    return module.lower() in {m.lower() for m in rules().stdlib}
