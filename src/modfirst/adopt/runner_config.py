"""How the project runs its own tests: the test command and requirements of its tox or nox file.

tox (`tox.ini`, `setup.cfg`'s `[tox:tox]`, pyproject's `legacy_tox_ini`) and nox (`noxfile.py`,
read as a syntax tree, never run) say which runner the tests need, with which arguments and
which extra requirements. The proof runs that command in its own venv, before and after the
move, so the counts are the ones the project's CI sees. Only the command that runs the tests is
taken (pytest, `coverage run -m pytest`, unittest, or a test file run by path); coverage
reports, linters and type checkers around it are not. Lines for one factor (`py38: ...`) and
requirements that are not on a package index (`git+https://...`) are left out, with a note.
"""

from __future__ import annotations

import ast
import configparser
import re
import shlex
from dataclasses import dataclass, field
from pathlib import Path

import tomlkit
from tomlkit.exceptions import TOMLKitError

from . import source

FACTOR_LINE = re.compile(r"^\s*!?[\w.,!-]+:\s")  # `py38: pytest`, `!coverage: ...`
PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
PYTHONS = {"python", "python3"}  # tox's {envpython} is substituted first


@dataclass(frozen=True)
class RunnerCommand:
    """The runner ("pytest" or "unittest") and the arguments the project gives it."""

    runner: str
    args: tuple[str, ...]
    requirements: tuple[str, ...] = ()  # to install besides the project (`-r FILE` kept as two)
    extras: tuple[str, ...] = ()  # the project's own extras (tox `extras =`)
    where: str = ""  # "tox.ini [testenv]", "noxfile.py session tests"
    notes: tuple[str, ...] = field(default=(), compare=False)

    def shown(self) -> str:
        program = {"pytest": "pytest", "unittest": "python -m unittest"}[self.runner]
        return shlex.join([*program.split(), *self.args])

    def index_requirements(self) -> list[str]:
        """The requirements named one by one (`-r FILE` and `-c FILE` left out)."""
        words = self.requirements
        return [
            word
            for previous, word in zip(("", *words), words, strict=False)
            if word not in {"-r", "-c"} and previous not in {"-r", "-c"}
        ]

    def install_args(self, root: Path) -> list[str]:
        """pip's arguments for all of them, the files named from `root`."""
        words = self.requirements
        return [
            str(root / word) if previous in {"-r", "-c"} else word
            for previous, word in zip(("", *words), words, strict=False)
        ]

    def moved(self, moving: dict[str, str]) -> RunnerCommand:
        """The same command after the move: arguments that name a moved file or folder follow."""
        args = tuple(follow(arg, moving) for arg in self.args)
        return RunnerCommand(self.runner, args, self.requirements, self.extras, self.where)


def follow(arg: str, moving: dict[str, str]) -> str:
    """`arg` with a path that moved replaced by where it went (also `--opt=PATH`): a moved
    file, or a folder that moved whole (its files kept their names)."""
    option, eq, value = arg.partition("=") if arg.startswith("-") else ("", "", arg)
    path = value.rstrip("/")
    if path in moving:
        return f"{option}{eq}{moving[path]}"
    folders = {
        old.rpartition("/")[0]: new.rpartition("/")[0]
        for old, new in moving.items()
        if "/" in old and old.rpartition("/")[2] == new.rpartition("/")[2]
    }
    for old, new in sorted(folders.items(), key=lambda item: -len(item[0])):
        if path == old or path.startswith(old + "/"):
            return f"{option}{eq}{new}{path[len(old) :]}"
    return arg


# --- tox ----------------------------------------------------------------------------------


def tox_config(root: Path) -> tuple[configparser.ConfigParser, str] | None:
    """The parsed tox configuration and the file it came from, if the project has one."""
    parser = configparser.ConfigParser(interpolation=None)
    for name, probe in (("tox.ini", "tox"), ("setup.cfg", "tox:tox")):
        path = root / name
        if path.is_file():
            try:
                parser.read_string(source.read_text(path, name), name)
            except (configparser.Error, UnicodeDecodeError, OSError):
                return None
            if parser.has_section(probe) or parser.has_section("testenv"):
                return parser, name
            parser = configparser.ConfigParser(interpolation=None)
    path = root / "pyproject.toml"
    if path.is_file():
        try:
            data = tomlkit.parse(source.read_text(path, "pyproject.toml")).unwrap()
        except (TOMLKitError, UnicodeDecodeError, OSError):
            return None
        legacy = data.get("tool", {}).get("tox", {}).get("legacy_tox_ini")
        if isinstance(legacy, str):
            try:
                parser.read_string(legacy, "pyproject.toml")
            except configparser.Error:
                return None
            return parser, "pyproject.toml"
    return None


def logical_lines(text: str) -> list[str]:
    """tox's lines: `\\` continues a line; comments (whole lines, or after ` #`) and blank
    lines go, as tox drops them."""
    joined = re.sub(r"\\\s*\n\s*", " ", text)
    lines = (re.sub(r"(^|\s)#.*", "", line).strip() for line in joined.splitlines())
    return [line for line in lines if line]


def expand(line: str) -> str:
    """tox's `{...}` substitutions the proof can make (posargs and its default, env defaults,
    the project folder, the venv's python); others are left in place."""

    def replace(match: re.Match[str]) -> str:
        inner = match.group(1)
        if inner == "posargs":
            return ""
        if inner.startswith("posargs:"):
            return inner[len("posargs:") :]
        if inner.startswith("env:"):
            return inner.split(":", 2)[2] if inner.count(":") >= 2 else ""
        if inner in {"toxinidir", "tox_root"}:
            return "."
        if inner == "envpython":
            return "python"
        return match.group(0)

    line = re.sub(r"(?<!\S)\[\](?!\S)", "", line)  # tox 3's old posargs
    for _ in range(3):  # {env:A:{posargs}} nests
        line = PLACEHOLDER.sub(replace, line)
    return line


def command_words(line: str) -> tuple[list[str], list[str]]:
    """The words of a command line, and those dropped: an argument with a substitution the
    proof cannot make (a log or coverage path inside tox's own folders)."""
    try:
        words = shlex.split(expand(line))
    except ValueError:
        return [], [line]
    dropped = [word for word in words if PLACEHOLDER.search(word)]
    return [word for word in words if word not in dropped], dropped


def read_tox(root: Path) -> RunnerCommand | None:
    found = tox_config(root)
    if found is None:
        return None
    parser, name = found
    if not parser.has_section("testenv"):
        return None
    env = parser["testenv"]
    notes: list[str] = []
    command: tuple[str, tuple[str, ...]] | None = None
    for line in logical_lines(env.get("commands", "")):
        if FACTOR_LINE.match(line):
            continue
        words, dropped = command_words(line)
        parsed = classify(words)
        if parsed:
            command = parsed
            notes += [f"left out of the test command: {word}" for word in dropped]
            break
    if command is None:
        return None
    requirements, left_out = tox_requirements(env.get("deps", ""))
    extras = tuple(
        extra
        for line in logical_lines(env.get("extras", ""))
        if not FACTOR_LINE.match(line)
        for extra in re.split(r"[,\s]+", line)
        if extra
    )
    return RunnerCommand(
        command[0], command[1], requirements, extras, f"{name} [testenv]", (*notes, *left_out)
    )


def tox_requirements(text: str) -> tuple[tuple[str, ...], list[str]]:
    found: list[str] = []
    notes: list[str] = []
    for line in logical_lines(text):
        if FACTOR_LINE.match(line):
            continue
        line = expand(line)
        if line.startswith(("-r", "-c")):
            found += [line[:2], line[2:].strip().removeprefix("./")]
        elif "://" in line or line.startswith(("git+", "-e")):
            notes.append(f"not from a package index, left out: {line}")
        elif line:
            found.append(line)
    return tuple(found), notes


# --- what a command line runs -------------------------------------------------------------


def classify(argv: list[str]) -> tuple[str, tuple[str, ...]] | None:
    """("pytest"|"unittest", its arguments) when `argv` runs the tests, else None."""
    if not argv:
        return None
    program, rest = Path(argv[0]).name, argv[1:]
    if program in {"pytest", "py.test"}:
        return "pytest", tuple(rest)
    if argv[0] in PYTHONS:
        if rest[:2] == ["-m", "pytest"]:
            return "pytest", tuple(rest[2:])
        if rest[:2] == ["-m", "unittest"]:
            return "unittest", tuple(rest[2:])
        if rest and rest[0].endswith(".py") and "test" in Path(rest[0]).name:
            # a test file that calls unittest.main(): unittest runs it the same way, by path
            return "unittest", tuple(rest)
        return None
    if program == "coverage" and rest[:1] == ["run"]:
        options = rest[1:]
        while options and options[0].startswith("-") and options[0] != "-m":
            options = options[1:]  # coverage's own options (--parallel-mode, --source=...)
        if options[:2] == ["-m", "pytest"]:
            return "pytest", tuple(options[2:])
        if options[:2] == ["-m", "unittest"]:
            return "unittest", tuple(options[2:])
    return None


# --- nox ----------------------------------------------------------------------------------


def read_nox(root: Path) -> RunnerCommand | None:
    """The `tests`/`test` session of noxfile.py, from its literal `session.install` and
    `session.run` arguments (the file is parsed, never run)."""
    path = root / "noxfile.py"
    if not path.is_file():
        return None
    try:
        tree = ast.parse(source.read_text(path, "noxfile.py"))
    except (SyntaxError, ValueError, UnicodeDecodeError, OSError):
        return None
    sessions = [
        node
        for node in tree.body
        if isinstance(node, ast.FunctionDef) and "test" in node.name and is_session(node)
    ]
    for session in sorted(sessions, key=lambda n: (n.name not in {"tests", "test"}, n.name)):
        requirements: list[str] = []
        extras: list[str] = []
        command = None
        for call in ast.walk(session):
            if not (isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute)):
                continue
            words = [
                a.value
                for a in call.args
                if isinstance(a, ast.Constant) and isinstance(a.value, str)
            ]
            if call.func.attr == "install":
                for word in words:
                    if word.startswith(".[") and word.endswith("]"):
                        extras += [e.strip() for e in word[2:-1].split(",")]
                    elif word in {"-r", "-c"} or (not word.startswith("-") and word != "."):
                        requirements.append(word)  # a requirement, or -r FILE
            elif call.func.attr == "run" and command is None:
                command = classify(words)
        if command:
            return RunnerCommand(
                command[0],
                command[1],
                tuple(requirements),
                tuple(extras),
                f"noxfile.py session {session.name}",
            )
    return None


def is_session(node: ast.FunctionDef) -> bool:
    for decorator in node.decorator_list:
        target = decorator.func if isinstance(decorator, ast.Call) else decorator
        if isinstance(target, ast.Attribute) and target.attr == "session":
            return True
        if isinstance(target, ast.Name) and target.id == "session":
            return True
    return False


def read(root: Path) -> RunnerCommand | None:
    """The project's own test command: tox's, else nox's, else None (the proof's default)."""
    return read_tox(root) or read_nox(root)
