"""Hostile answers: every one is either refused at its question with one sentence that names the
problem and a fix, or renders a project whose values round-trip exactly (pyproject.toml read by
tomllib, the answers file read by yaml.safe_load, the built wheel's METADATA read by packaging).

The corpus is below; the property tests (hypothesis) throw arbitrary text at the same rule.
"""

# ruff: noqa: RUF001 (full-width look-alikes are the point of these answers)
from __future__ import annotations

import time
import tomllib
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpers import answer_only, render

LONG = "x" * 10_000

# --- the corpus --------------------------------------------------------------------------

# (question, answer, words of the reason, words of the suggestion)
REFUSED = [
    # free text: line breaks, control characters, padding, emptiness, length
    ("description", "two\nlines", "must be one plain line", "put longer text in README.md."),
    ("description", "carriage\rreturn", "must be one plain line", "put longer text in README.md."),
    ("description", "tab\there", "must be one plain line", "put longer text in README.md."),
    ("description", "nul\x00byte", "must be one plain line", "put longer text in README.md."),
    ("description", "escape\x1b[31mred", "must be one plain line", "put longer text in README.md."),
    ("description", "delete\x7f", "must be one plain line", "put longer text in README.md."),
    (
        "description",
        "next line\x85(NEL)",
        "must be one plain line",
        "put longer text in README.md.",
    ),
    ("description", "c1\x9bcontrol", "must be one plain line", "put longer text in README.md."),
    (
        "description",
        "line\u2028separator",
        "must be one plain line",
        "put longer text in README.md.",
    ),
    (
        "description",
        "paragraph\u2029separator",
        "must be one plain line",
        "put longer text in README.md.",
    ),
    (
        "description",
        "lone \ud800 surrogate",
        "must be one plain line",
        "put longer text in README.md.",
    ),
    ("description", "  leading spaces", "has spaces at its start or end", 'use "leading spaces"'),
    ("description", "trailing spaces ", "has spaces at its start or end", 'use "trailing spaces"'),
    (
        "description",
        "\u3000ideographic space",
        "has spaces at its start or end",
        'use "ideographic space"',
    ),
    ("description", "", "is empty", 'write one line, such as "A module-first Python project."'),
    ("description", LONG, "PyPI accepts at most 512", "shorten it and put the rest in README.md"),
    ("project_name", "", "is empty", 'give a short name such as "My Project".'),
    ("project_name", "   ", "is empty", 'give a short name such as "My Project".'),
    ("project_name", " padded ", "has spaces at its start or end", 'use "padded"'),
    (
        "project_name",
        "two\nlines",
        "contains a line break or control character",
        "use one plain line.",
    ),
    (
        "project_name",
        "bell\x07",
        "contains a line break or control character",
        "use one plain line.",
    ),
    (
        "project_name",
        "sep\u2028arator",
        "contains a line break or control character",
        "use one plain line.",
    ),
    ("author_name", "Ada\nLovelace", "must be one plain line", "type it on one line."),
    ("author_name", "Ada\tLovelace", "must be one plain line", "type it on one line."),
    ("author_name", "Ada\x85Lovelace", "must be one plain line", "type it on one line."),
    ("author_name", " Ada", "has spaces at its start or end", 'use "Ada"'),
    (
        "author_name",
        "Lovelace, Ada",
        "characters that email headers treat as syntax",
        'use "Lovelace Ada"',
    ),
    (
        "author_name",
        'Zoë "Q" O\'Brien',
        "characters that email headers treat as syntax",
        'use "Zoë Q O\'Brien"',
    ),  # uv_build writes it unquoted
    (
        "author_name",
        "Ada (Countess)",
        "characters that email headers treat as syntax",
        'use "Ada Countess"',
    ),
    (
        "author_name",
        "Ada <ada@example.org>",
        "characters that email headers treat as syntax",
        'use "Ada ada example.org"',
    ),
    (
        "author_name",
        "team: core; infra",
        "characters that email headers treat as syntax",
        'use "team core infra"',
    ),
    ("author_name", "[bot]", "characters that email headers treat as syntax", 'use "bot"'),
    # emails
    ("author_email", "not-an-email", "does not look like an email address", "name@example.org"),
    ("author_email", "a@b", "does not look like an email address", "name@example.org"),
    ("author_email", "@example.org", "does not look like an email address", "name@example.org"),
    ("author_email", "ada@", "does not look like an email address", "name@example.org"),
    ("author_email", "ada@@example.org", "does not look like an email address", "name@example.org"),
    (
        "author_email",
        "ada lovelace@example.org",
        "does not look like an email address",
        "name@example.org",
    ),
    (
        "author_email",
        "Ada <ada@example.org>",
        "does not look like an email address",
        "name@example.org",
    ),
    ("author_email", "ada@example..org", "does not look like an email address", "name@example.org"),
    ("author_email", ".ada@example.org", "does not look like an email address", "name@example.org"),
    (
        "author_email",
        "ada..l@example.org",
        "does not look like an email address",
        "name@example.org",
    ),
    ("author_email", "ada@-example.org", "does not look like an email address", "name@example.org"),
    ("author_email", "ada@example.org.", "does not look like an email address", "name@example.org"),
    ("author_email", "ada@example.123", "does not look like an email address", "name@example.org"),
    ("author_email", "ada@exa_mple.org", "does not look like an email address", "name@example.org"),
    (
        "author_email",
        "ada@example.org\n",
        "does not look like an email address",
        "name@example.org",
    ),
    (
        "author_email",
        "ada\x00@example.org",
        "does not look like an email address",
        "name@example.org",
    ),
    (
        "author_email",
        "ada,bob@example.org",
        "does not look like an email address",
        "name@example.org",
    ),
    ("author_email", " ada@example.org", "does not look like an email address", "name@example.org"),
    (
        "author_email",
        "zoë@example.org",
        "does not look like an email address",
        "(ASCII;",
    ),  # hatchling cannot write it
    ("author_email", "zoe@bücher.example", "does not look like an email address", "xn-- form"),
    (
        "author_email",
        "ada@example.org" + "\u2028",
        "does not look like an email address",
        "name@example.org",
    ),
    # package names (tests/test_names.py has the stdlib, keyword and tool cases)
    ("package_name", "zoë", "has letters outside ASCII", 'try "zoe"'),
    ("package_name", "ｆｕｌｌ", "has letters outside ASCII", 'try "full"'),
    ("package_name", "pкg", "has letters outside ASCII", 'try "pg"'),  # a Cyrillic k
    ("package_name", "a" * 101, "characters long", 'keep it under 100, e.g. "' + "a" * 90 + '"'),
    ("package_name", LONG, "characters long", 'keep it under 100, e.g. "' + "x" * 90 + '"'),
    ("package_name", "None", "is a Python keyword", 'try "none"'),
    ("package_name", "a.b", "is not a Python identifier", 'try "a_b"'),
    ("package_name", "a/b", "is not a Python identifier", 'try "a_b"'),
    ("package_name", "{{x}}", "is not a Python identifier", 'try "x"'),
    ("package_name", "$HOME", "is not a Python identifier", 'try "home"'),
    ("package_name", "`id`", "is not a Python identifier", 'try "id"'),
    ("package_name", "import os", "is not a Python identifier", 'try "import_os"'),
    (
        "package_name",
        "click",
        "a tool or folder a project relies on",
        'try "click_tool"',
    ),  # a dependency of the click variant
    ("package_name", "typer", "a tool or folder a project relies on", 'try "typer_tool"'),
    ("package_name", "hatchling", "a tool or folder a project relies on", 'try "hatchling_tool"'),
    ("package_name", "copier", "a tool or folder a project relies on", 'try "copier_tool"'),
    ("package_name", "True", "is a Python keyword", 'try "true"'),
    ("distribution_name", "my_project", "not in PEP 503 normal form", 'try "my-project"'),
    ("distribution_name", "My-Project", "not in PEP 503 normal form", 'try "my-project"'),
    ("distribution_name", "-my-project", "not in PEP 503 normal form", 'try "my-project"'),
    ("distribution_name", "my--project", "not in PEP 503 normal form", 'try "my-project"'),
    ("distribution_name", "my.project", "not in PEP 503 normal form", 'try "my-project"'),
    ("distribution_name", "zoë", "not in PEP 503 normal form", 'try "zo"'),
    ("distribution_name", "a" * 101, "characters long", 'keep it under 100, e.g. "never"'),
    ("distribution_name", "drop table;", "not in PEP 503 normal form", 'try "drop-table"'),
    ("subpackage_name", "zoë", "not a lower-case ASCII Python identifier", 'try "zoe"'),
    (
        "subpackage_name",
        "a" * 101,
        "not a lower-case ASCII Python identifier",
        'try "' + "a" * 90 + '"',
    ),
    ("subpackage_name", "__main__", "not a lower-case ASCII Python identifier", 'try "main"'),
    ("subpackage_name", "my-tools", "not a lower-case ASCII Python identifier", 'try "my_tools"'),
    ("subpackage_name", "class", "is a Python keyword", 'try "class_tool"'),
    (
        "copyright_year",
        "２０２５",
        "is not a four-digit year",
        'try "' + time.strftime("%Y") + '"',
    ),  # full-width digits
    ("copyright_year", "2025\n", "is not a four-digit year", 'try "' + time.strftime("%Y") + '"'),
    ("copyright_year", "1e3", "is not a four-digit year", 'try "' + time.strftime("%Y") + '"'),
]

# Every character a free-text question forbids, each its own case: C0 and C1 controls, DEL, the
# Unicode line and paragraph separators, the ends of both surrogate ranges; and for author_name
# the characters email headers treat as syntax.
CONTROLS = [chr(c) for c in [*range(0x20), *range(0x7F, 0xA0)]] + list("\u2028\u2029")
CONTROLS += list("\ud800\udbff\udc00\udfff")
# (question, reason, suggestion) when a control character is in the answer
FREE_TEXT_RULES = [
    ("project_name", "contains a line break or control character", "use one plain line"),
    ("description", "must be one plain line", "put longer text in README.md"),
    ("author_name", "must be one plain line", "type it on one line"),
    ("author_email", "does not look like an email address", "name@example.org"),
]
# (question, the forbidden character, an answer holding it, reason words, suggestion words)
FORBIDDEN = [
    (question, char, f"a{char}b@example.org" if question == "author_email" else f"a{char}b", *words)
    for question, *words in FREE_TEXT_RULES
    for char in CONTROLS
] + [
    (
        "author_name",
        char,
        f"Ada{char}Lovelace",
        "email headers treat as syntax",
        'use "Ada Lovelace"',
    )
    for char in '",;:@<>()[]'
]


# --- helpers -----------------------------------------------------------------------------


def refusal_message(template: Path, destination: Path, question: str, **data: str) -> str:
    with pytest.raises(ValueError, match=rf"Validation error for question '{question}'") as info:
        answer_only(template, destination, **data)
    assert not destination.exists()
    return str(info.value).split(": ", 1)[1].strip()


def assert_one_sentence(message: str) -> None:
    """One line that names the problem and, after a semicolon, says what to do."""
    assert "\n" not in message, message
    assert ";" in message, message
    assert message.endswith("."), message
    assert len(message) < 400, message[:400]


def answers_of(project: Path) -> dict[str, Any]:
    text = (project / ".copier-answers.yml").read_text(encoding="utf-8")
    answers: dict[str, Any] = yaml.safe_load(text)
    return answers


def assert_round_trips(project: Path, data: dict[str, str]) -> dict[str, Any]:
    """The rendered files carry every answer exactly; return the answers file."""
    answers = answers_of(project)
    for question, value in data.items():
        assert answers[question] == value, question
    pyproject = tomllib.loads((project / "pyproject.toml").read_text(encoding="utf-8"))
    meta = pyproject["project"]
    assert meta["description"] == answers["description"]
    name, mail = answers["author_name"], answers["author_email"]
    expected = [{k: v for k, v in (("name", name), ("email", mail)) if v}] if name or mail else None
    assert meta.get("authors") == expected
    assert meta["name"] == answers["distribution_name"]
    assert pyproject["project"]["scripts"] == {
        answers["package_name"]: f"{answers['package_name']}.cli:main"
    }
    readme = (project / "README.md").read_text(encoding="utf-8").splitlines()
    assert readme[0] == f"# {answers['project_name']}"
    assert readme[2] == answers["description"]
    license_text = (project / "LICENSE").read_text(encoding="utf-8")
    assert (name or f"{answers['project_name']} contributors") in license_text
    package = answers["package_name"]
    assert package.isidentifier() and package.isascii() and package == package.lower()
    assert (project / "src" / package / answers["subpackage_name"] / "__main__.py").is_file()
    return answers


# --- refusals ----------------------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize(
    "question, answer, reason, suggestion",
    REFUSED,
    ids=[f"{q}-{i}" for i, (q, *_) in enumerate(REFUSED)],
)
def test_hostile_answer_is_refused_with_one_sentence(
    files: Path, tmp_path: Path, question: str, answer: str, reason: str, suggestion: str
) -> None:
    message = refusal_message(files, tmp_path / "never", question, **{question: answer})
    problem, fix = message.split("; ", 1)  # the reason, then what to do
    assert reason in problem, message
    assert suggestion in fix, message
    assert_one_sentence(message)


@pytest.mark.slow
@pytest.mark.parametrize(
    "question, answer, reason, suggestion",
    [(q, answer, reason, fix) for q, _, answer, reason, fix in FORBIDDEN],
    ids=[f"{q}-U+{ord(char):04X}" for q, char, *_ in FORBIDDEN],
)
def test_every_forbidden_character_is_refused(
    files: Path, tmp_path: Path, question: str, answer: str, reason: str, suggestion: str
) -> None:
    message = refusal_message(files, tmp_path / "never", question, **{question: answer})
    assert reason in message and suggestion in message, message
    assert_one_sentence(message)


# --- round trips -------------------------------------------------------------------------


# --- properties --------------------------------------------------------------------------

FREE_TEXT = st.text(st.characters(), max_size=60) | st.text(
    st.sampled_from(list("\"'\\{}%#$`<>&*[]|:;,!?@=~- \t\n\r\x00\x7f\x85\u2028é東🐍\u200d")),
    max_size=20,
)
EMAIL = st.emails() | st.text(st.sampled_from(list('ab.@-_+é "<>,')), max_size=16)
PROPERTY = settings(
    max_examples=40, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow]
)


def refused_or_round_trips(template: Path, folder: Path, data: dict[str, str]) -> str:
    """Render data; return "refused" (after checking the message) or "ok" (after the checks)."""
    project = folder / "project"
    try:
        render(template, project, **data)
    except ValueError as error:
        assert "Validation error for question" in str(error), error
        assert_one_sentence(str(error).split(": ", 1)[1].strip())
        assert not project.exists()
        return "refused"
    assert_round_trips(project, data)
    return "ok"


@PROPERTY
@given(description=FREE_TEXT, author_name=FREE_TEXT, project_name=FREE_TEXT)
def test_property_free_text_is_refused_or_round_trips(
    files: Path,
    tmp_path_factory: pytest.TempPathFactory,
    description: str,
    author_name: str,
    project_name: str,
) -> None:
    for question, value in (
        ("description", description),
        ("author_name", author_name),
        ("project_name", project_name),
    ):
        refused_or_round_trips(files, tmp_path_factory.mktemp("prop"), {question: value})


@PROPERTY
@given(author_email=EMAIL, author_name=FREE_TEXT)
def test_property_email_is_refused_or_round_trips(
    files: Path,
    tmp_path_factory: pytest.TempPathFactory,
    author_email: str,
    author_name: str,
) -> None:
    refused_or_round_trips(
        files,
        tmp_path_factory.mktemp("prop"),
        {"author_email": author_email, "author_name": author_name},
    )
