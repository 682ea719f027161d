"""Rules about Python source that more than one command needs, written once: what a main guard
is, and what a test file is. (adopt moves code and must leave tests where they run; check reads
entry points; adopt's proof finds the tests to run.)"""

from __future__ import annotations

import ast
from pathlib import PurePosixPath

TEST_DIRS = {"tests", "test"}
# Folders that hold no project code: tools' caches, environments, build output.
NOT_CODE = {"venv", ".venv", "node_modules", "build", "__pycache__"}


def is_main_guard(node: ast.AST) -> bool:
    """`if __name__ == "__main__":`, either operand order."""
    if not isinstance(node, ast.If) or not isinstance(node.test, ast.Compare):
        return False
    test = node.test
    if len(test.ops) != 1 or not isinstance(test.ops[0], ast.Eq):
        return False
    sides = [test.left, test.comparators[0]]
    names = [s for s in sides if isinstance(s, ast.Name) and s.id == "__name__"]
    texts = [s for s in sides if isinstance(s, ast.Constant) and s.value == "__main__"]
    return len(names) == 1 and len(texts) == 1


def is_test(name: str) -> bool:
    """Whether the file at `name` (a path relative to the project, with /) is a test: under
    tests/ or test/, or named as pytest and unittest find tests (test_*.py, *_test.py, test.py,
    tests.py, conftest.py), outside hidden folders, environments and build output."""
    path = PurePosixPath(name)
    if any(part.startswith(".") or part in NOT_CODE for part in path.parts[:-1]):
        return False
    return (
        path.parts[0] in TEST_DIRS
        or path.name.startswith("test_")
        or path.name.endswith("_test.py")
        or path.name in {"test.py", "tests.py", "conftest.py"}
    )
