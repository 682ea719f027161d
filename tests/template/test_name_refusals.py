"""Package-name rules: one definition (includes/names.yml + includes/names.jinja) that copier and
the kit both read. Copier refuses a bad answer with one sentence naming the reason and a working
suggestion; the kit derives, accepts and refuses exactly as copier does.
"""

# ruff: noqa: RUF001 (full-width look-alikes are the point of these answers)
from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from helpers import answer_only, copy_cli, python_version
from modfirst.kit.roster import assign
from modfirst.name_rules import NameRules, rules_data

RULES = NameRules()
LONG_STUDENT = "Maria Anna Sophia " + "von Habsburg-Lothringen " * 4 + "und Ürgüp-Çağlayan"


def copier_refusal(template: Path, tmp_path: Path, question: str, **data: str) -> str:
    """copier's refusal message for `data` (its validator's own words), or "" if accepted."""
    try:
        answer_only(template, tmp_path / "never", **data)
    except ValueError as error:
        prefix = f"Validation error for question '{question}': "
        assert str(error).startswith(prefix), error
        assert not (tmp_path / "never").exists()
        return str(error)[len(prefix) :]
    return ""


def refusal(template: Path, tmp_path: Path, question: str, **data: str) -> str:
    message = copier_refusal(template, tmp_path, question, **data)
    assert message, f"copier accepted {data}"
    assert "\n" not in message.strip()  # one line the user can read in a traceback's last line
    return message


def copier_package(template: Path, tmp_path: Path, **data: str) -> str:
    package = answer_only(template, tmp_path / "p", **data).answers.combined["package_name"]
    assert isinstance(package, str)
    return package


# --- copier refuses with a reason and a suggestion ------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize(
    "bad, reason, suggestion",
    [
        ("json", "is a standard-library module", "json_tool"),
        ("string", "(the string.py trap)", "string_tool"),
        ("Json", "differs only by case from a standard-library module", "json_tool"),
        ("class", "is a Python keyword", "class_tool"),
        ("None", "is a Python keyword", "none"),
        ("9lives", "starts with a digit", "py_9lives"),
        ("my-pkg", "is not a Python identifier", "my_pkg"),
        ("my pkg", "is not a Python identifier", "my_pkg"),
        ("MyPkg", "has upper-case letters", "mypkg"),
        ("_private", "starts with an underscore", "private"),
        ("__main__", "starts with an underscore", "main"),
        ("zoë", "has letters outside ASCII", "zoe"),
        ("test", "a tool or folder a project relies on", "test_tool"),  # stdlib test package
        ("tests", "a tool or folder a project relies on", "tests_tool"),
        ("pip", "a tool or folder a project relies on", "pip_tool"),
        ("pytest", "a tool or folder a project relies on", "pytest_tool"),
        ("a" * 120, "is 120 characters long", "a" * 90),
        ("", "The package name is empty", "my_project"),
    ],
)
def test_bad_package_name_is_refused_with_reason_and_suggestion(
    files: Path, tmp_path: Path, bad: str, reason: str, suggestion: str
) -> None:
    message = refusal(files, tmp_path, "package_name", package_name=bad)
    assert reason in message, message
    assert f'"{suggestion}"' in message, message
    answer_only(files, tmp_path / "ok", package_name=suggestion)  # the suggestion is accepted


@pytest.mark.slow
@pytest.mark.parametrize(
    "question, bad, reason, suggestion",
    [
        ("distribution_name", "My_Project", "not in PEP 503 normal form", 'try "my-project"'),
        ("distribution_name", "my..project", "not in PEP 503 normal form", 'try "my-project"'),
        ("distribution_name", "", "is empty", 'try "'),
        ("subpackage_name", "cli", "clashes with the module", 'try "cli_tool"'),
        ("subpackage_name", "core", "clashes with the module", 'try "core_tool"'),
        ("subpackage_name", "Tools", "not a lower-case ASCII Python identifier", 'try "tools"'),
        ("subpackage_name", "zoë", "not a lower-case ASCII Python identifier", 'try "zoe"'),
        ("subpackage_name", "for", "is a Python keyword", 'try "for_tool"'),
        ("author_email", "not-an-email", "does not look like an email", "name@example.org"),
        ("author_email", "a@b", "does not look like an email", "name@example.org"),
        ("description", "two\nlines", "must be one plain line", "put longer text in README.md"),
        ("project_name", "  padded", "has spaces at its start or end", 'use "padded"'),
        ("copyright_year", "26", "is not a four-digit year", 'try "'),
    ],
)
def test_other_bad_answers_are_refused(
    files: Path, tmp_path: Path, question: str, bad: str, reason: str, suggestion: str
) -> None:
    message = refusal(files, tmp_path, question, **{question: bad})
    assert reason in message, message
    assert suggestion in message, message


@pytest.mark.slow
def test_cli_refusal_ends_with_the_message(template: Path, tmp_path: Path) -> None:
    result = copy_cli(template, tmp_path / "p", "--trust", "-d", "package_name=json", cwd=tmp_path)
    assert result.returncode == 1
    last = result.stderr.strip().splitlines()[-1]
    assert re.search(
        r"Validation error for question 'package_name': "
        r'"json" is a standard-library module.*try "json_tool"',
        last,
    ), last
    assert not (tmp_path / "p").exists()


@pytest.mark.slow
@pytest.mark.parametrize("good", ["my_project", "crunch", "match", "type", "data2", "a", "a" * 100])
def test_good_package_names_pass(files: Path, tmp_path: Path, good: str) -> None:
    """Accepted as typed: copier raised nothing and kept the answer, unchanged."""
    worker = answer_only(files, tmp_path / "p", package_name=good)
    assert worker.answers.combined["package_name"] == good


# --- copier and the kit agree -----------------------------------------------------------------

TRICKY_NAMES = [
    ("Ünïcode Nämé", "unicode_name"),  # accents: NFKD, then ASCII
    ("Zoë O'Brien", "zoe_o_brien"),
    ("İstanbul Ölçer", "istanbul_olcer"),
    ("ｆｕｌｌ ｗｉｄｔｈ", "full_width"),
    ("ﬁsh", "fish"),  # a ligature
    ("Straße", "strae"),  # ß has no decomposition: dropped, as NFKD -> ASCII does
    ("pкg", "pg"),  # a Cyrillic k: no ASCII spelling
    ("3D Printer", "py_3d_printer"),
    ("json", "json_tool"),
    ("JSON", "json_tool"),
    ("class", "class_tool"),
    ("None", "none"),
    ("pytest", "pytest_tool"),
    ("__main__", "main"),
    ("Ada", "ada"),
    ("李雷", "my_project"),  # empty after cleaning
    ("!!! ???", "my_project"),
    ("x" * 120, "x" * 90),
    (LONG_STUDENT, RULES.suggest(LONG_STUDENT)),
]


@pytest.mark.slow
@pytest.mark.parametrize("name, package", TRICKY_NAMES, ids=[n[:20] for n, _ in TRICKY_NAMES])
def test_copier_default_and_kit_derive_the_same_package(
    files: Path, tmp_path: Path, name: str, package: str
) -> None:
    assert copier_package(files, tmp_path, project_name=name) == package
    (seat,) = assign([(name, "")], RULES)
    assert seat.package == package, seat.note


TRICKY_PACKAGES = [
    "json",
    "Json",
    "3d",
    "class",
    "async",
    "pytest",
    "zoë",
    "my-pkg",
    "_x",
    "x" * 120,
    "x" * 100,
    "x" * 101,
    "ada",
    "tools",
    "match",
]


@pytest.mark.slow
@pytest.mark.parametrize("package", TRICKY_PACKAGES, ids=[p[:20] for p in TRICKY_PACKAGES])
def test_copier_and_kit_refuse_alike(files: Path, tmp_path: Path, package: str) -> None:
    """The same refusal in the same words, or both accept (a roster's second column)."""
    said = copier_refusal(files, tmp_path, "package_name", package_name=package)
    assert RULES.refusal(package) == said
    (seat,) = assign([("Ada", package)], RULES)
    if said:
        assert seat.refused and seat.note == f"package {package!r} is refused: {said}"
    else:
        assert seat.package == package


@pytest.mark.slow
def test_every_name_the_kit_assigns_passes_copiers_validator(files: Path, tmp_path: Path) -> None:
    """Through copier itself: a second Ada, a 120-character student, names that need a suffix."""
    rows = [(name, "") for name, _ in TRICKY_NAMES] + [
        ("Ada", ""),  # a second ada
        ("ada", ""),
        ("y" * 120, ""),
        ("Grace", "ada_2"),  # asks for the name the second Ada would get
        ("Alan", "turing"),
    ]
    seats = assign(rows, RULES)
    packages = [seat.package for seat in seats]
    assert all(packages) and len(set(packages)) == len(packages), packages
    assert packages[-5:] == ["ada_3", "ada_4", "y" * 90, "ada_2", "turing"]
    for seat in seats:
        assert copier_refusal(files, tmp_path, "package_name", package_name=seat.package) == ""
        answers = answer_only(
            files, tmp_path / "p", project_name=seat.student, package_name=seat.package
        ).answers.combined
        assert answers["package_name"] == seat.package


# --- the data is what Python says ------------------------------------------------------------


def python_executables() -> list[str]:
    """Every CPython 3.10+ (sys.stdlib_module_names) found the way the verification finds one."""
    from modfirst.hooks import fresh_venv

    found = {sys.executable}
    for path in fresh_venv.candidate_paths():
        probe = subprocess.run(
            [path, "-I", "-c", "import sys; print(sys.version_info >= (3, 10))"],
            capture_output=True,
            text=True,
            timeout=30,
            check=False,
        )
        if probe.stdout.strip() == "True":
            found.add(path)
    return sorted(found)


@pytest.mark.slow  # starts every interpreter on the machine
def test_stdlib_list_matches_every_python_here(
    record_property: Callable[[str, object], None],
) -> None:
    listed = set(rules_data()["stdlib_names"])
    pythons = python_executables()
    for python in pythons:
        record_property("interpreter", f"Python {python_version(python)} ({python})")
        names = subprocess.run(
            [python, "-c", "import sys; print(*sorted(sys.stdlib_module_names))"],
            capture_output=True,
            text=True,
            timeout=30,
            check=True,
        ).stdout.split()
        public = {name for name in names if not name.startswith("_")}
        assert public <= listed, f"{python} has stdlib modules missing: {public - listed}"
