"""Property: for random module graphs, `python -m PKG` after adoption prints exactly what
`python main.py` printed before.

Each example is a script folder of N modules (some named like standard-library modules, one
nested package) importing each other absolutely in random styles (`import m`, `import m as a`,
`from m import f as g`, `from m import *`, `import pkg.sub`, inside functions and try blocks),
and a main.py that prints what it imported. The adoption is the real plan() and apply().
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from adopt_fixtures import run_python, write_project
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from modfirst.adopt import apply
from modfirst.adopt.model import Options
from modfirst.adopt.plan import plan

NAMES = ["alpha", "beta", "utils", "helpers", "string", "logging", "config", "gamma"]
STYLES = ["import", "import_as", "from_as", "star", "nested", "in_function", "in_try"]


def import_line(style: str, target: str, index: int) -> tuple[str, str]:
    """(import statement, expression that calls the imported module's describe())."""
    alias = f"m{index}"
    if style == "import":
        return f"import {target}", f"{target}.describe()"
    if style == "import_as":
        return f"import {target} as {alias}", f"{alias}.describe()"
    if style == "from_as":
        return f"from {target} import describe as {alias}", f"{alias}()"
    if style == "star":
        return f"from {target} import *", f"describe_{target}()"
    if style == "nested":
        return "import nest.leaf", "nest.leaf.describe()"
    if style == "in_function":
        return "", f"_lazy_{target}()"  # the import sits in a function (see projects())
    return f"try:\n    import {target}\nexcept ImportError:\n    raise", f"{target}.describe()"


@st.composite
def projects(draw: st.DrawFn) -> dict[str, str]:
    names = draw(st.lists(st.sampled_from(NAMES), min_size=1, max_size=6, unique=True))
    files: dict[str, str] = {
        "nest/__init__.py": "",
        "nest/leaf.py": "def describe():\n    return 'leaf'\n",
    }
    for position, name in enumerate(names):
        lines, parts, lazies = [], [], []
        earlier = names[:position]
        for index, target in enumerate(
            draw(st.lists(st.sampled_from(earlier), unique=True)) if earlier else []
        ):
            style = draw(st.sampled_from(STYLES))
            statement, call = import_line(style, target, index)
            if style == "in_function":
                lazies.append(
                    f"def _lazy_{target}():\n    import {target}\n    return {target}.describe()\n"
                )
            elif statement:
                lines.append(statement)
            parts.append(call)
        body = " + '/' + ".join(parts) if parts else "''"
        files[f"{name}.py"] = (
            "\n".join(lines)
            + "\n\n"
            + "".join(lazies)
            + f"\n__all__ = ['describe_{name}']\n\n\n"
            + f"def describe_{name}():\n    return {name!r} + '(' + {body} + ')'\n\n\n"
            + f"describe = describe_{name}\n"
        )
    chosen = draw(st.lists(st.sampled_from(names), min_size=1, unique=True))
    main_lines = ["import sys"]
    calls = []
    for index, target in enumerate(chosen):
        statement, call = import_line(
            draw(st.sampled_from(["import", "import_as", "from_as", "star", "nested", "in_try"])),
            target,
            index + 100,
        )
        main_lines.append(statement)
        calls.append(call)
    main_lines += [
        "",
        'if __name__ == "__main__":',
        *[f"    print({call})" for call in calls],
        "    print(sys.argv[1:])",
    ]
    files["main.py"] = "\n".join(main_lines) + "\n"
    return files


@pytest.mark.slow
@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(files=projects())
def test_python_m_prints_what_main_py_printed(files: dict[str, str]) -> None:
    with tempfile.TemporaryDirectory(prefix="modfirst-property-") as temp:
        project = write_project(Path(temp) / "graph project", files)
        before = run_python("main.py", "x", "--y", cwd=project)
        assert before.returncode == 0, before.stderr
        adoption = plan(project, Options())
        apply.apply(adoption)
        after = run_python("-m", "graph_project", "x", "--y", cwd=Path(temp), path=project / "src")
        assert (after.returncode, after.stdout, after.stderr) == (0, before.stdout, "")
