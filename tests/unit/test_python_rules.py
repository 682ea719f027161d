"""The rules adopt and check share (modfirst.python_rules): one answer for both."""

from __future__ import annotations

import ast

import pytest

from modfirst.python_rules import is_main_guard, is_test


@pytest.mark.parametrize(
    ("code", "guard"),
    [
        ('if __name__ == "__main__":\n    main()', True),
        ('if "__main__" == __name__:\n    main()', True),  # check used to miss this order
        ('if __name__ != "__main__":\n    main()', False),
        ('if __name__ == "__main__" == x:\n    main()', False),
        ('if name == "__main__":\n    main()', False),
        ("main()", False),
    ],
)
def test_a_main_guard_is_recognised_in_either_order(code: str, guard: bool) -> None:
    assert is_main_guard(ast.parse(code).body[0]) is guard


@pytest.mark.parametrize(
    ("name", "test"),
    [
        ("test_core.py", True),
        ("core_test.py", True),
        ("tests.py", True),
        ("conftest.py", True),
        ("tests/helpers.py", True),  # a test folder's helpers belong to the tests
        ("pkg/tests/test_a.py", True),
        ("testing.py", False),  # a module named like the word is code
        ("contest.py", False),
        ("pkg/core.py", False),
        (".venv/lib/test_x.py", False),
        ("build/lib/test_x.py", False),
    ],
)
def test_a_test_file_is_named_as_pytest_and_unittest_find_it(name: str, test: bool) -> None:
    assert is_test(name) is test
