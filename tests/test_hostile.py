"""Hostile answers: every one is either refused at its question with one sentence that names the
problem and a fix, or renders a project whose values round-trip exactly (pyproject.toml read by
tomllib, the answers file read by yaml.safe_load, the built wheel's METADATA read by packaging).

The corpus is below; the property tests (hypothesis) throw arbitrary text at the same rule.
"""

from __future__ import annotations

import email.utils
import os
import subprocess
import sys
import time
import zipfile
from pathlib import Path
from typing import Any

import pytest
import tomllib
import uv
import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from packaging.metadata import Metadata

from helpers import answer_only, question_choices, render, venv_python

UV = uv.find_uv_bin()
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

AUTHOR = "O'Brien \\back\\slash\\ \\n ''' Jr. & co"
HARD = '"quoted" \'single\' """triple""" \'\'\'triple\'\'\' \\back\\slash\\ \\n \\t \\u0041 \\"'
TEMPLATE_SYNTAX = "{{ 7*7 }} {% raw %} {# comment #} {%- endraw %} ${HOME} $(id) `id`"
MARKUP = "# not a heading <b>x</b> [link](javascript:alert(1)) &amp; *em* _u_ | a | --- [x]: y"
TOML_YAML = 'key = "v" [table] [[array]] #comment yes no null ~ 0x1F 1e3 .inf - ? : & * ! % @ |'
WORLD = "Zoë Ærøskøbing 東京 中文 日本語 한국어 🐍👨‍👩‍👧 שלום עולם مرحبا بالعالم e\u0301"
INVISIBLE = "zero\u200bwidth\u200djoiner\ufeffbom\u202eRTL-override\u202c nbsp\u00a0end"

# (id, answers) that must render, build and round-trip exactly
ROUND_TRIP = [
    (
        "quotes-backslashes",
        dict(description=HARD, author_name=AUTHOR, author_email="o'brien+tag@example.org"),
    ),
    (
        "template-and-shell-syntax",
        dict(
            description=TEMPLATE_SYNTAX,
            author_name="{{ 7*7 }} {% raw %} $HOME `id`",
            project_name=TEMPLATE_SYNTAX,
        ),
    ),
    (
        "markup",
        dict(
            description=MARKUP,
            author_name="Ada & Lovelace #1 {x} |*_`~!?/=+^%$",
            author_email="ada@example.org",
        ),
    ),
    ("toml-yaml-specials", dict(description=TOML_YAML, author_name="null", project_name="yes")),
    (
        "non-ascii",
        dict(
            description=WORLD,
            author_name="Zoë O'Brien 東京",
            author_email="zoe@xn--bcher-kva.example",
            project_name=WORLD,
        ),
    ),
    (
        "invisible-and-bidi",
        dict(
            description=INVISIBLE, author_name="\u05d0\u05d1 \u0627\u0628", project_name=INVISIBLE
        ),
    ),
    ("single-characters", dict(description=".", author_name="'", project_name="#")),
    ("yaml-looking", dict(description="null", author_name="~", project_name="true")),
    ("longest-description", dict(description="é" * 512, author_name=LONG, project_name=LONG)),
    ("no-author", dict(description="x", author_name="", author_email="")),
    ("email-only", dict(author_email="a.b-c_d+e@sub.example-domain.co.uk")),
    ("keyword-project", dict(project_name="class")),  # package: class_tool
    ("stdlib-project", dict(project_name="JSON")),  # package: json_tool
    ("dunder-main-project", dict(project_name="__main__")),  # package: main
    ("test-project", dict(project_name="test")),  # package: test_tool
    ("digit-project", dict(project_name="3D Printer")),  # package: py_3d_printer
    ("tools-project", dict(project_name="tools")),  # subpackage: tools_tool
    ("soft-keyword-packages", dict(package_name="match", subpackage_name="case")),
    ("underscores", dict(package_name="a__b", project_name="a__b")),  # distribution: a-b
    ("punctuation-only-project", dict(project_name="!!! ??? ***")),  # package: my_project
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


def build_wheel(project: Path, out: Path) -> Path:
    result = subprocess.run(
        [UV, "build", "--wheel", "--no-config", "--quiet", "-o", str(out), str(project)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    (wheel,) = out.glob("*.whl")
    return wheel


def wheel_metadata(wheel: Path) -> Metadata:
    with zipfile.ZipFile(wheel) as archive:
        name = next(n for n in archive.namelist() if n.endswith(".dist-info/METADATA"))
        raw = archive.read(name)
    return Metadata.from_email(raw, validate=True)  # packaging reads it as installers do


def assert_metadata_round_trips(wheel: Path, answers: dict[str, Any]) -> None:
    metadata = wheel_metadata(wheel)
    assert metadata.summary == answers["description"]
    assert metadata.name == answers["distribution_name"]
    name, mail = answers["author_name"], answers["author_email"]
    if mail and not name and metadata.author_email is None:
        # poetry-core writes an author without a name as `Author: mail`, no Author-email
        assert metadata.author == mail, (metadata.author, metadata.author_email)
    elif mail:  # "Name <mail>" in Author-email, or (poetry-core) Author plus a bare Author-email
        addresses = email.utils.getaddresses([metadata.author_email or ""])
        assert (
            addresses == [(name, mail)]
            or (addresses == [("", mail)] and metadata.author == (name or None))
            # pdm-backend calls a nameless author "Unknown" (Author-email: Unknown <mail>)
            or (not name and addresses == [("Unknown", mail)])
        ), addresses
    elif name:
        assert metadata.author == name
    else:
        assert metadata.author is None and metadata.author_email is None


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


@pytest.mark.slow
@pytest.mark.parametrize("data", [d for _, d in ROUND_TRIP], ids=[i for i, _ in ROUND_TRIP])
def test_hostile_answer_round_trips_through_the_built_wheel(
    files: Path, tmp_path: Path, data: dict[str, str]
) -> None:
    project = tmp_path / "project"
    render(files, project, **data)
    answers = assert_round_trips(project, data)
    assert_metadata_round_trips(build_wheel(project, tmp_path / "dist"), answers)


BACKENDS = question_choices("build_backend")


@pytest.mark.slow
@pytest.mark.parametrize("backend", BACKENDS)
def test_every_backend_writes_hostile_metadata_exactly(
    files: Path, tmp_path: Path, backend: str
) -> None:
    data = dict(
        description=WORLD + " " + HARD,
        author_name="Zoë 東京 " + AUTHOR,
        author_email="zoe@example.org",
        build_backend=backend,
    )
    project = tmp_path / "project"
    render(files, project, **data)
    answers = assert_round_trips(project, data)
    assert_metadata_round_trips(build_wheel(project, tmp_path / "dist"), answers)


@pytest.mark.slow
@pytest.mark.parametrize(
    "data",
    [
        dict(
            project_name="JSON",
            description=HARD,
            author_name=AUTHOR,
            author_email="zoe@example.org",
        ),
        dict(project_name=WORLD, description=TEMPLATE_SYNTAX, cli_framework="click"),
        dict(
            project_name="class", description=MARKUP, package_name="match", subpackage_name="case"
        ),
    ],
    ids=["stdlib-name-quotes", "non-ascii-template-syntax", "keyword-soft-keywords"],
)
def test_hostile_project_passes_its_own_tests(
    files: Path, tmp_path: Path, data: dict[str, str]
) -> None:
    project = tmp_path / "project"
    render(files, project, **data)
    assert_round_trips(project, data)
    venv = tmp_path / "venv"
    env = {k: v for k, v in os.environ.items() if k != "VIRTUAL_ENV"}
    for argv in (
        [UV, "venv", "--quiet", "--no-config", "--python", sys.executable, str(venv)],
        [
            UV,
            "pip",
            "install",
            "--quiet",
            "--python",
            str(venv_python(venv)),
            "pytest",
            str(project),
        ],
        [str(venv_python(venv)), "-m", "pytest", "-q", "-p", "no:cacheprovider"],
    ):
        result = subprocess.run(
            argv, cwd=project, env=env, capture_output=True, text=True, timeout=600, check=False
        )
        assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]


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


# Any character at all (surrogates and controls included), and text that passes the line rules
# more often, so that both refusals and wheels get exercised.
ANY_TEXT = st.text(st.characters(), max_size=40) | st.text(
    st.characters(exclude_categories=("Cc", "Cs", "Zl", "Zp")), min_size=1, max_size=40
).map(str.strip)


@pytest.mark.slow
@pytest.mark.parametrize("backend", BACKENDS)
@settings(
    max_examples=6, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow]
)
@given(description=ANY_TEXT, author_name=ANY_TEXT)
@example(description="x", author_name="Ada; Lovelace")  # uv_build wrote three addresses
@example(description="x", author_name="Zoë 東京 O'Brien & co \\ {{ x }}")
def test_property_wheel_metadata_is_refused_or_round_trips(
    files: Path,
    tmp_path_factory: pytest.TempPathFactory,
    backend: str,
    description: str,
    author_name: str,
) -> None:
    """Every backend writes what the validators accept into METADATA exactly, or it is refused."""
    folder = tmp_path_factory.mktemp("wheel")
    data = {
        "description": description,
        "author_name": author_name,
        "author_email": "a@example.org",
        "build_backend": backend,
    }
    if refused_or_round_trips(files, folder, data) == "refused":
        return
    project = folder / "project"
    assert_metadata_round_trips(build_wheel(project, folder / "dist"), answers_of(project))
