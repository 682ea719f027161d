"""Projects for `modfirst adopt` tests, written by the tests (never copied from elsewhere)."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

from helpers import REPO, commit_all, git, python_m, run

RUN_TIMEOUT = 600
# The command from this clone's src/.
COMMAND_PATH = str(REPO / "src")


def write_project(root: Path, files: dict[str, str]) -> Path:
    """Write the files (dedented) and commit them in a new git repository."""
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    commit_all(root, "the project as it was")
    return root


def modfirst(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    """`python -m modfirst ...` from this clone, as a user runs it."""
    env = dict(os.environ, PYTHONPATH=COMMAND_PATH, PYTHONWARNINGS="ignore")
    return python_m("modfirst", *map(str, args), cwd=cwd, env=env, timeout=RUN_TIMEOUT)


def run_python(*args: str, cwd: Path, path: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    if path is not None:
        env["PYTHONPATH"] = str(path)
    return run(sys.executable, *args, cwd=cwd, env=env, timeout=RUN_TIMEOUT)


def staged(root: Path) -> str:
    return git("diff", "--staged", "--name-status", "-M", cwd=root)


SCRIPT_FOLDER = {
    "main.py": '''
        """Greets people; run as `python main.py NAME`."""
        import argparse
        import os
        import sys

        sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

        import utils  # the greeting
        from helpers import shout as loud
        from shapes.square import area
        import shapes.circle
        from constants import *


        def describe(name):
            import helpers

            try:
                import formats
            except ImportError:
                formats = None
            return helpers.frame(formats.stars(loud(utils.greet(name))))


        if __name__ == "__main__":
            parser = argparse.ArgumentParser(description="Greet someone.")
            parser.add_argument("name")
            parser.add_argument("--times", type=int, default=1)
            args = parser.parse_args()
            for _ in range(args.times):
                print(describe(args.name))
            print(area(2), shapes.circle.NAME, ANSWER)
    ''',
    "utils.py": """
        def greet(name):
            return "hello " + name
    """,
    "helpers.py": """
        def shout(text):
            return text.upper()


        def frame(text):
            return "[" + text + "]"
    """,
    "formats.py": """
        import importlib
        import sys

        sys.path.append("/opt/site-plugins")


        def stars(text):
            return "*" + text + "*"


        def plugin(name):
            return importlib.import_module(name)
    """,
    "constants.py": """
        __all__ = ["ANSWER"]
        ANSWER = 42
    """,
    "shapes/__init__.py": "",
    "shapes/square.py": """
        def area(side):
            return side * side
    """,
    "shapes/circle.py": """
        NAME = "circle"
    """,
    "tests/conftest.py": """
        import os
        import sys

        sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))
    """,
    "tests/test_utils.py": """
        import utils
        from helpers import frame


        def test_greet():
            assert utils.greet("a") == "hello a"


        def test_frame():
            assert frame("x") == "[x]"
    """,
    "requirements.txt": """
        # nothing needed to run, but declared
        packaging>=20
        -e .
    """,
}

LOCAL_LOGGING = {
    "app.py": """
        import logging

        if __name__ == "__main__":
            print(logging.describe())
    """,
    "logging.py": """
        def describe():
            return "the local logging module"
    """,
}

DATA_FILES = {
    "report.py": """
        import json
        from pathlib import Path

        HERE = Path(__file__).resolve().parent


        def load():
            return json.loads((HERE / "data.json").read_text())


        def notes():
            with open("notes.txt") as handle:
                return handle.read()


        if __name__ == "__main__":
            print(load()["greeting"])
    """,
    "data.json": '{"greeting": "hi from data"}\n',
    "notes.txt": "read from the current folder\n",
}

SEVERAL_MAINS = {
    "main.py": """
        import argparse
        import tool

        if __name__ == "__main__":
            parser = argparse.ArgumentParser(description="Count things.")
            parser.add_argument("items", nargs="*")

        def count(items):
            return len(items) + tool.OFFSET

        if __name__ == "__main__":
            args = parser.parse_args()
            print(count(args.items))
            raise SystemExit(3 if args.items == ["fail"] else 0)
    """,
    "tool.py": """
        OFFSET = 0

        if __name__ == "__main__":
            print("tool run by path")
    """,
}

FLAT_SETUP = {
    "greeter/__init__.py": '"""Greeter."""\n',
    "greeter/core.py": """
        def greet(name):
            return f"hi {name}"
    """,
    "run.py": """
        import sys

        from greeter.core import greet

        if __name__ == "__main__":
            print(greet(sys.argv[1] if len(sys.argv) > 1 else "world"))
    """,
    "setup.py": """
        from setuptools import setup

        setup(
            name="greeter",
            version="1.2.3",
            packages=["greeter"],
            install_requires=["packaging>=20"],
        )
    """,
    "setup.cfg": """
        [metadata]
        description = Says hi.

        [options]
        python_requires = >=3.9
    """,
}

POETRY = {
    "pyproject.toml": """
        [tool.poetry]
        name = "poetic"
        version = "0.4.0"
        description = "Poems."
        authors = ["A Poet <poet@example.org>"]

        [tool.poetry.dependencies]
        python = ">=3.9"

        # The user's own tool settings stay.
        [tool.black]
        line-length = 88

        [build-system]
        requires = ["poetry-core>=2.0"]
        build-backend = "poetry.core.masonry.api"
    """,
    "poetic/__init__.py": "",
    "poetic/verse.py": """
        def line():
            return "roses are red"
    """,
    "poetic/cli.py": """
        from poetic.verse import line

        if __name__ == "__main__":
            print(line())
    """,
}

CYCLE = {
    "main.py": """
        import ping

        if __name__ == "__main__":
            print(ping.ping(3))
    """,
    "ping.py": """
        import pong


        def ping(n):
            return "ping " + pong.pong(n - 1) if n else "done"
    """,
    "pong.py": """
        import ping


        def pong(n):
            return "pong " + ping.ping(n - 1) if n else "done"
    """,
}
