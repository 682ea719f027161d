"""Declare what the code imports: runtime versus test is decided by who imports it.

A third-party import (not the standard library, not a module of the project, not guarded by
`except ImportError`) that no declared requirement provides is mapped to its distribution:
a short table of well-known names first (`yaml` is PyYAML), then the distributions installed
where modfirst runs (`importlib.metadata.packages_distributions`). A name neither knows is a
risk, never a guess.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from importlib.metadata import packages_distributions

from . import names

# Import name -> distribution, where they differ or the name is too common to miss.
WELL_KNOWN = {
    "yaml": "PyYAML",
    "PIL": "Pillow",
    "bs4": "beautifulsoup4",
    "cv2": "opencv-python",
    "sklearn": "scikit-learn",
    "skimage": "scikit-image",
    "dateutil": "python-dateutil",
    "dotenv": "python-dotenv",
    "jwt": "PyJWT",
    "serial": "pyserial",
    "usb": "pyusb",
    "Crypto": "pycryptodome",
    "OpenSSL": "pyOpenSSL",
    "attr": "attrs",
    "magic": "python-magic",
    "docx": "python-docx",
    "pptx": "python-pptx",
    "git": "GitPython",
    "github": "PyGithub",
    "MySQLdb": "mysqlclient",
    "fitz": "PyMuPDF",
    "zmq": "pyzmq",
    "slugify": "python-slugify",
    "dns": "dnspython",
    "nacl": "PyNaCl",
    "pkg_resources": "setuptools",
    "google.protobuf": "protobuf",
    "telegram": "python-telegram-bot",
    "discord": "discord.py",
    "Levenshtein": "python-Levenshtein",
    "jose": "python-jose",
    "multipart": "python-multipart",
    "win32api": "pywin32",
    "wx": "wxPython",
    "gi": "PyGObject",
    "requests": "requests",
    "click": "click",
    "numpy": "numpy",
    "pandas": "pandas",
    "flask": "Flask",
    "django": "Django",
    "jinja2": "Jinja2",
    "pytest": "pytest",
    "mock": "mock",
    "six": "six",
    "colorama": "colorama",
    "termcolor": "termcolor",
    "tqdm": "tqdm",
    "rich": "rich",
    "tabulate": "tabulate",
    "docopt": "docopt",
    "toml": "toml",
    "sqlalchemy": "SQLAlchemy",
    "tablib": "tablib",
    "openpyxl": "openpyxl",
    "pexpect": "pexpect",
    "pygments": "Pygments",
    "freezegun": "freezegun",
    "shtab": "shtab",
    "matplotlib": "matplotlib",
    "scipy": "scipy",
    "lxml": "lxml",
}
# Distributions that test or check code and are never needed to run it.
TEST_TOOLS = {
    "pytest",
    "coverage",
    "mock",
    "nose",
    "nose2",
    "tox",
    "flake8",
    "black",
    "mypy",
    "ruff",
    "pylint",
    "isort",
    "hypothesis",
    "pre-commit",
    "twine",
    "build",
    "sphinx",
    "freezegun",
    "responses",
    "codecov",
    "pyflakes",
    "pycodestyle",
}
TEST_PREFIXES = ("pytest-", "types-", "flake8-", "sphinx-", "mypy-")


@dataclass
class Declared:
    runtime: list[str] = field(default_factory=list)  # [project] dependencies, in order
    test: list[str] = field(default_factory=list)  # the `test` dependency group
    changes: list[str] = field(default_factory=list)  # what the plan adds or moves
    risks: list[str] = field(default_factory=list)


def requirement_name(requirement: str) -> str:
    """The PEP 503 normal name a requirement starts with ("Foo_Bar>=1" -> "foo-bar")."""
    match = re.match(r"\s*([A-Za-z0-9][A-Za-z0-9._-]*)", requirement)
    return re.sub(r"[-_.]+", "-", match.group(1) if match else requirement).lower()


def is_test_tool(requirement: str) -> bool:
    name = requirement_name(requirement)
    return name in TEST_TOOLS or name.startswith(TEST_PREFIXES)


@cache
def installed() -> dict[str, list[str]]:
    return dict(packages_distributions())


def distribution(module: str) -> str:
    """The distribution that provides the top-level import `module` ("" when unknown)."""
    if module in WELL_KNOWN:
        return WELL_KNOWN[module]
    found = installed().get(module, [])
    return found[0] if found else ""


def required_imports(tree: ast.Module) -> dict[str, int]:
    """{top-level name: first line} of the absolute imports the module cannot run without:
    not those under `try: ... except ImportError` or `if TYPE_CHECKING:`."""
    optional: set[int] = set()
    for node in ast.walk(tree):
        guarded = (
            isinstance(node, ast.Try) and any(catches_import_error(h) for h in node.handlers)
        ) or (isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test))
        if guarded:
            # The guarded imports and their fallbacks in the handlers are both optional.
            body: list[ast.stmt] = getattr(node, "body", []) + [
                s for h in getattr(node, "handlers", []) for s in h.body
            ]
            optional |= {id(n) for statement in body for n in ast.walk(statement)}
    found: dict[str, int] = {}
    for node in ast.walk(tree):
        if id(node) in optional:
            continue
        if isinstance(node, ast.Import):
            for alias in node.names:
                found.setdefault(alias.name.partition(".")[0], node.lineno)
        elif isinstance(node, ast.ImportFrom) and not node.level and node.module:
            found.setdefault(node.module.partition(".")[0], node.lineno)
    return found


def catches_import_error(handler: ast.ExceptHandler) -> bool:
    if handler.type is None:
        return True
    text = ast.unparse(handler.type)
    return any(name in text for name in ("ImportError", "ModuleNotFoundError", "Exception"))


def third_party(imports: dict[str, dict[str, int]], local: set[str]) -> dict[str, tuple[str, int]]:
    """{top-level name: (first file, line)} of imports that are neither stdlib nor local."""
    found: dict[str, tuple[str, int]] = {}
    for file, modules in sorted(imports.items()):
        for module, line in modules.items():
            if names.is_stdlib_import(module) or module in local or module == "__future__":
                continue
            found.setdefault(module, (file, line))
    return found


def declare(
    code: dict[str, dict[str, int]],
    tests: dict[str, dict[str, int]],
    local: set[str],
    runtime: list[str],
    test: list[str],
    declared: Iterable[str] = (),
) -> Declared:
    """Runtime and test requirements: the declared ones sorted by who imports them, plus a
    requirement for every third-party import nothing declares (`declared`: what else the
    project declares, its extras included)."""
    code_needs = third_party(code, local)
    test_needs = {k: v for k, v in third_party(tests, local).items() if k not in code_needs}
    test_only = {requirement_name(distribution(m) or m) for m in test_needs}
    code_dists = {requirement_name(distribution(m) or m) for m in code_needs}
    result = Declared()
    for requirement in runtime:
        name = requirement_name(requirement)
        if name not in code_dists and (is_test_tool(requirement) or name in test_only):
            result.test.append(requirement)
            result.changes.append(
                f"{requirement}: only tests use it, so a test dependency, not a runtime one"
            )
        else:
            result.runtime.append(requirement)
    kept_test = {requirement_name(r) for r in result.test}
    result.test += [t for t in test if requirement_name(t) not in kept_test]
    have = {requirement_name(r) for r in [*runtime, *test, *declared]}
    for group, needs in ((result.runtime, code_needs), (result.test, test_needs)):
        for module, (file, line) in sorted(needs.items()):
            dist = distribution(module)
            if requirement_name(dist or module) in have or requirement_name(module) in have:
                continue
            if not dist:
                result.risks.append(
                    f"{file}:{line}: imports {module}, which no declared requirement provides "
                    "and whose distribution adopt cannot tell; add it to the dependencies"
                )
                continue
            group.append(dist)
            have.add(requirement_name(dist))
            kind = "dependency" if group is result.runtime else "test dependency"
            result.changes.append(f"{dist}: {file}:{line} imports {module}, undeclared ({kind})")
    return result


def local_names(files: Iterable[str]) -> set[str]:
    """Every module or folder name in the project: an import of one is never third-party."""
    found: set[str] = set()
    for file in files:
        parts = file.split("/")
        found.update(parts[:-1])
        if parts[-1].endswith(".py"):
            found.add(parts[-1][:-3])
    return found
