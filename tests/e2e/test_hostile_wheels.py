"""Hostile answers through built wheels: metadata round-trips exactly with every backend, and a
hostile project passes its own tests."""

from __future__ import annotations

import email.utils
import os
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path
from typing import Any

import pytest
import uv
import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from packaging.metadata import Metadata

from helpers import question_choices, render, venv_python

UV = uv.find_uv_bin()


LONG = "x" * 10_000


# Every character a free-text question forbids, each its own case: C0 and C1 controls, DEL, the
# Unicode line and paragraph separators, the ends of both surrogate ranges; and for author_name
# the characters email headers treat as syntax.
CONTROLS = [chr(c) for c in [*range(0x20), *range(0x7F, 0xA0)]] + list("\u2028\u2029")


CONTROLS += list("\ud800\udbff\udc00\udfff")


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


BACKENDS = question_choices("build_backend")


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


# Any character at all (surrogates and controls included), and text that passes the line rules
# more often, so that both refusals and wheels get exercised.
ANY_TEXT = st.text(st.characters(), max_size=40) | st.text(
    st.characters(exclude_categories=("Cc", "Cs", "Zl", "Zp")), min_size=1, max_size=40
).map(str.strip)


@pytest.mark.slow
@pytest.mark.parametrize("data", [d for _, d in ROUND_TRIP], ids=[i for i, _ in ROUND_TRIP])
def test_hostile_answer_round_trips_through_the_built_wheel(
    files: Path, tmp_path: Path, data: dict[str, str]
) -> None:
    project = tmp_path / "project"
    render(files, project, **data)
    answers = assert_round_trips(project, data)
    assert_metadata_round_trips(build_wheel(project, tmp_path / "dist"), answers)


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
