"""Apply the workshop's reference solutions to a generated project.

    modfirst kit solutions PROJECT 1 3      # exercises 1 and 3
    modfirst kit solutions PROJECT          # all of them

A solution folder (workshop/solutions/exN/) holds:
  project/            files to copy into the project; __PACKAGE__ and __SUBPACKAGE__ in paths
                      and contents become the project's package and subpackage names
  REMOVE.txt          project files to delete, one per line
  PROJECT_SCRIPTS.txt lines to add under [project.scripts] in pyproject.toml
  COMMANDS.txt        commands the student runs (printed, never run: they need a venv and pip)
"""

from __future__ import annotations

import argparse
import re
import sys
from dataclasses import dataclass
from pathlib import Path

from .. import template_files
from ..answers import ANSWERS, load_answers

EXERCISES = range(1, 6)


def project_names(project: Path) -> dict[str, str]:
    """The package and subpackage names recorded in the project's .copier-answers.yml."""
    answers = load_answers(project)
    names = {}
    for token, key in [("__PACKAGE__", "package_name"), ("__SUBPACKAGE__", "subpackage_name")]:
        if not isinstance(answers.get(key), str):
            raise SystemExit(f"{project}/{ANSWERS} has no {key}; is this a modfirst project?")
        names[token] = str(answers[key])
    return names


def fill(text: str, names: dict[str, str]) -> str:
    for token, name in names.items():
        text = text.replace(token, name)
    return text


def copy_files(folder: Path, project: Path, names: dict[str, str]) -> list[str]:
    done = []
    # An installed copy may hold the __pycache__ that pip compiled: not part of a solution.
    files = (p for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts)
    for source in sorted(files):
        relative = fill(source.relative_to(folder).as_posix(), names)
        target = project / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(fill(source.read_text(encoding="utf-8"), names), encoding="utf-8")
        done.append(f"wrote {relative}")
    return done


def remove_files(listing: Path, project: Path, names: dict[str, str]) -> list[str]:
    done = []
    for line in fill(listing.read_text(encoding="utf-8"), names).splitlines():
        target = project / line.strip()
        if line.strip() and target.is_file():
            target.unlink()
            done.append(f"removed {line.strip()}")
    return done


def add_scripts(listing: Path, project: Path, names: dict[str, str]) -> list[str]:
    pyproject = project / "pyproject.toml"
    text = pyproject.read_text(encoding="utf-8")
    header = re.search(r"^\[project\.scripts\]\s*$", text, re.MULTILINE)
    if not header:
        raise SystemExit(f"{pyproject} has no [project.scripts] table to add to")
    lines = [
        line
        for line in fill(listing.read_text(encoding="utf-8"), names).splitlines()
        if line.strip() and line not in text.splitlines()
    ]
    if lines:
        at = header.end()
        pyproject.write_text(text[:at] + "\n" + "\n".join(lines) + text[at:], encoding="utf-8")
    return [f"pyproject.toml [project.scripts] += {line}" for line in lines]


def apply(number: int, project: Path, solutions: Path) -> list[str]:
    """Apply solution `number` to `project`; return what was done, one line per change."""
    folder = solutions / f"ex{number}"
    if not folder.is_dir():
        raise SystemExit(f"no solution for exercise {number} in {solutions}")
    names = project_names(project)
    done = []
    if (folder / "project").is_dir():
        done += copy_files(folder / "project", project, names)
    if (folder / "REMOVE.txt").is_file():
        done += remove_files(folder / "REMOVE.txt", project, names)
    if (folder / "PROJECT_SCRIPTS.txt").is_file():
        done += add_scripts(folder / "PROJECT_SCRIPTS.txt", project, names)
    if (folder / "COMMANDS.txt").is_file():
        commands = fill((folder / "COMMANDS.txt").read_text(encoding="utf-8"), names)
        done += [f"run in {project}: {line}" for line in commands.splitlines() if line.strip()]
    return done


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("project", type=Path, help="a project generated with workshop=true")
    parser.add_argument(
        "exercises",
        nargs="*",
        type=int,
        metavar="N",
        help="exercise numbers 1-5 (default: all)",
    )
    parser.add_argument(
        "--solutions",
        type=Path,
        default=None,
        help="the solutions folder (default: the template's workshop/solutions)",
    )


@dataclass(frozen=True)
class Options:
    project: Path
    exercises: tuple[int, ...]
    solutions: Path


def refusal(opts: Options) -> str:
    """Why the solutions cannot be applied, with the fix; "" when they can."""
    if not set(opts.exercises) <= set(EXERCISES):
        return "exercise numbers go from 1 to 5"
    if not (opts.project / ANSWERS).is_file():
        return f"{opts.project} has no {ANSWERS}; give a project modfirst generated"
    if not (opts.project / "exercises").is_dir():
        return (
            f"{opts.project} has no exercises/ (made with workshop=false?); give a project "
            "made with the workshop exercises, such as a kit's seat"
        )
    missing = [n for n in opts.exercises if not (opts.solutions / f"ex{n}").is_dir()]
    if missing:
        return f"no solution for exercise {missing[0]} in {opts.solutions}; pass --solutions"
    return ""


def run(args: argparse.Namespace) -> int:
    opts = Options(
        args.project,
        tuple(args.exercises or EXERCISES),
        args.solutions or template_files.solutions(),
    )
    refused = refusal(opts)
    if refused:
        print(f"modfirst kit solutions: {refused}", file=sys.stderr)
        return 2
    for number in opts.exercises:
        for line in apply(number, opts.project, opts.solutions):
            print(f"exercise {number}: {line}")
    return 0
