"""copier.yml's package-name rules, run from Python.

The rules exist once: the data in includes/names.yml (which copier.yml includes; its
ascii_spelling includes includes/ascii_spelling.json) and the logic in the macros of
includes/names.jinja (which copier.yml's default and validator import). This module renders
those same macros with the same data in the Jinja sandbox copier uses, so the kit derives,
accepts and refuses a name exactly as `copier copy` would, without running copier per name
(tests/unit/test_name_rules.py and tests/template/test_name_refusals.py hold both to the
same table of tricky names).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Collection
from pathlib import Path
from typing import Any

from .template_files import files


def environment(template: Path | None = None) -> Any:
    """A Jinja environment as copier's: the sandbox, copier's filters (regex_replace,
    regex_search, to_json), templates loaded from the template folder."""
    from jinja2 import FileSystemLoader
    from jinja2.sandbox import SandboxedEnvironment

    return SandboxedEnvironment(
        loader=FileSystemLoader(str(template or files())),
        extensions=["jinja2_ansible_filters.AnsibleCoreFiltersExtension"],
    )


def rules_data(
    template: Path | None = None, env: Any = None, names: Collection[str] | None = None
) -> dict[str, Any]:
    """The hidden data questions of includes/names.yml (those in `names`, else all), typed as
    copier types them. A default with Jinja in it (ascii_spelling's include) is rendered as
    copier does; the others are plain text, read without building a Jinja environment (MF004
    reads stdlib_names on every `modfirst check`)."""
    import yaml  # installed with copier, which the kit needs anyway

    template = template or files()
    questions = yaml.safe_load((template / "includes" / "names.yml").read_text(encoding="utf-8"))
    parse: dict[str, Callable[[str], Any]] = {"yaml": yaml.safe_load, "json": json.loads}
    data = {}
    for name, question in questions.items():
        if names is not None and name not in names:
            continue
        text = question["default"]
        if "{%" in text or "{{" in text:
            env = env or environment(template)
            text = env.from_string(text).render()
        data[name] = parse[question["type"]](text)
    return data


class NameRules:
    """The macros of includes/names.jinja, callable from Python."""

    def __init__(self, template: Path | None = None) -> None:
        template = template or files()
        env = environment(template)
        self.data = rules_data(template, env)
        # Macros are attributes of the template module; Any, as jinja2 does not type them.
        self._macros: Any = env.get_template("includes/names.jinja").make_module(self.data)

    def words(self, text: str) -> str:
        """`text` as lower-case ASCII words joined by underscores ("Zoë" -> "zoe")."""
        return str(self._macros.ascii_words(text))

    def suggest(self, text: str) -> str:
        """The package name copier's default derives from `text` (a project or student name)."""
        return str(self._macros.suggest_package(text))

    def refusal(self, package: str) -> str:
        """copier's reason for refusing `package` as the package name; empty when it is accepted."""
        return str(self._macros.package_refusal(package)).strip()

    def subpackage_refusal(self, subpackage: str, package: str) -> str:
        return str(self._macros.subpackage_refusal(subpackage, package)).strip()
