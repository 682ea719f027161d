"""What adopt writes passes modfirst check: its __main__.py names the program and imports
main() inside the guard, and MF001 reads that as a thin __main__.py (it failed every adopted
project, seen on jarun/googler). A module-level program keeps its runpy wrapper in __main__.py
and MF001 still says so: that program cannot be imported."""

from __future__ import annotations

import ast

import pytest

from modfirst.adopt.entry import package_files
from modfirst.check.health import only_calls_main


def adopted_main(kind: str) -> ast.Module:
    files = package_files("pkg", set(), "tool", "main", "", kind, "tool.py")
    return ast.parse(next(f.content for f in files if f.path.endswith("__main__.py")))


@pytest.mark.parametrize("kind", ["block", "main"])
def test_adopt_s_main_module_is_thin_for_check(kind: str) -> None:
    assert only_calls_main(adopted_main(kind))


def test_a_module_level_program_is_still_reported() -> None:
    assert not only_calls_main(adopted_main("program"))


def test_code_beside_the_call_in_the_guard_is_still_more_than_main() -> None:
    guard = 'if __name__ == "__main__":\n    sys.argv[0] = "x"\n    print(1)\n    main()\n'
    assert not only_calls_main(ast.parse(guard))
