"""Validators in copier.yml: bad answers are refused with one sentence and a working suggestion."""

from __future__ import annotations

import keyword
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import copier
import pytest
import yaml

from helpers import REPO, copier_cli, python_version, pythons_here

QUESTIONS = yaml.safe_load((REPO / "copier.yml").read_text())


def render_only(template: Path, destination: Path, **data: str) -> None:
    """Answer the questions and render nothing to disk (validators run first)."""
    copier.run_copy(
        str(template),
        destination,
        data=data,
        defaults=True,
        vcs_ref="HEAD",
        skip_tasks=True,
        pretend=True,
        quiet=True,
    )


def refusal(template: Path, tmp_path: Path, question: str, **data: str) -> str:
    with pytest.raises(ValueError, match=rf"Validation error for question '{question}'") as info:
        render_only(template, tmp_path / "never", **data)
    assert not (tmp_path / "never").exists()
    message = str(info.value).split(": ", 1)[1]
    assert "\n" not in message.strip()  # one line the user can read in a traceback's last line
    return message


@pytest.mark.parametrize(
    "bad, suggestion",
    [
        ("json", "json_tool"),
        ("string", "string_tool"),
        ("Json", "json_tool"),  # differs from a stdlib module only by case
        ("class", "class_tool"),  # keyword
        ("9lives", "py_9lives"),  # leading digit
        ("my-pkg", "my_pkg"),  # not an identifier
        ("my pkg", "my_pkg"),
        ("MyPkg", "mypkg"),  # upper case
        ("_private", "private"),  # leading underscore
        ("__main__", "main"),
        ("test", "test_tool"),  # stdlib test package
        ("tests", "tests_tool"),  # the project's own test folder
        ("pip", "pip_tool"),  # a tool the project relies on
        ("pytest", "pytest_tool"),
        ("", "my_project"),
    ],
)
def test_bad_package_name_is_refused_with_a_suggestion(
    template: Path, tmp_path: Path, bad: str, suggestion: str
) -> None:
    message = refusal(template, tmp_path, "package_name", package_name=bad)
    assert f'try "{suggestion}"' in message
    render_only(template, tmp_path / "ok", package_name=suggestion)  # the suggestion is accepted


@pytest.mark.parametrize(
    "question, bad, hint",
    [
        ("distribution_name", "My_Project", 'try "my-project"'),
        ("distribution_name", "my..project", 'try "my-project"'),
        ("subpackage_name", "cli", "clashes with the module"),
        ("subpackage_name", "core", "clashes with the module"),
        ("subpackage_name", "Tools", 'try "tools"'),
        ("subpackage_name", "for", 'try "for_tool"'),
        ("author_email", "not-an-email", "name@example.org"),
        ("author_email", "a@b", "name@example.org"),
        ("description", "two\nlines", "one plain line"),
        ("project_name", "  padded", 'use "padded"'),
        ("copyright_year", "26", "four-digit year"),
    ],
)
def test_other_bad_answers_are_refused(
    template: Path, tmp_path: Path, question: str, bad: str, hint: str
) -> None:
    assert hint in refusal(template, tmp_path, question, **{question: bad})


def test_cli_refusal_ends_with_the_message(template: Path, tmp_path: Path) -> None:
    result = copier_cli(
        "copy",
        "--trust",
        "--defaults",
        "-r",
        "HEAD",
        "-d",
        "package_name=json",
        str(template),
        str(tmp_path / "p"),
        cwd=tmp_path,
    )
    assert result.returncode == 1
    last = result.stderr.strip().splitlines()[-1]
    assert re.search(r"Validation error for question 'package_name': .*json_tool", last), last
    assert not (tmp_path / "p").exists()


@pytest.mark.parametrize("good", ["my_project", "crunch", "match", "type", "data2", "a"])
def test_good_package_names_pass(template: Path, tmp_path: Path, good: str) -> None:
    render_only(template, tmp_path / "p", package_name=good)


def test_stdlib_list_matches_every_python_here(
    record_property: Callable[[str, object], None],
) -> None:
    """Every CPython 3.10+ found where the verification looks (3.10 introduced
    sys.stdlib_module_names); the running one always."""
    listed = set(yaml.safe_load(QUESTIONS["stdlib_names"]["default"]))
    pythons = sorted(python for minor, python in pythons_here().items() if minor >= 10)
    assert sys.executable in pythons
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
        assert public <= listed, (
            f"{python} has stdlib modules missing from copier.yml: {public - listed}"
        )


def test_keyword_list_matches_this_python() -> None:
    assert set(yaml.safe_load(QUESTIONS["python_keywords"]["default"])) == set(keyword.kwlist)
