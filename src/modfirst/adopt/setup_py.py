"""setup.py told where the package is after the move, by a syntax-tree edit (LibCST): the two
arguments a maintainer changes (`package_dir`, `where=` of find_packages), every other byte kept."""

from __future__ import annotations

from collections.abc import Sequence

import libcst as cst
from libcst.helpers import get_full_name_for_node


class SetupToSrc(cst.CSTTransformer):
    """setup(...) finds the package under src/: `package_dir={"": "src"}`, `where="src"` for
    find_packages(), and a published module turned package listed in `packages`."""

    def __init__(self, package: str, single: bool) -> None:
        super().__init__()
        self.package = package
        self.single = single
        self.changes: list[str] = []
        self.problem = ""

    def leave_Call(self, original: cst.Call, updated: cst.Call) -> cst.Call:
        name = get_full_name_for_node(updated.func) or ""
        if name.endswith(("find_packages", "find_namespace_packages")):
            if any(a.keyword is None or a.keyword.value == "where" for a in updated.args):
                self.problem = f"{name}() is given a folder already"
                return updated
            self.changes.append(f'{name}(...) gets where="src"')
            return updated.with_changes(args=appended(updated.args, keyword("where", '"src"')))
        if name.rpartition(".")[2] != "setup":
            return updated
        args = list(updated.args)
        words = {a.keyword.value for a in args if a.keyword is not None}
        if self.single and "py_modules" in words:
            args = [
                a.with_changes(keyword=cst.Name("packages"))
                if a.keyword is not None and a.keyword.value == "py_modules"
                else a
                for a in args
            ]
            self.changes.append(
                f"py_modules= becomes packages= (the module is the package {self.package})"
            )
        if "package_dir" in words:  # the maintainer's own mapping, pointed into src/
            return self.package_dir_to_src(updated, args)
        self.changes.append('setup() gets package_dir={"": "src"}')
        return updated.with_changes(args=appended(args, keyword("package_dir", '{"": "src"}')))

    def package_dir_to_src(self, call: cst.Call, args: list[cst.Arg]) -> cst.Call:
        """A literal package_dir whose folders are the package's (python-slugify's
        `{'slugify': 'slugify'}`, or the root `''`) points into src/, value by value."""
        at = next(i for i, a in enumerate(args) if a.keyword and a.keyword.value == "package_dir")
        mapping = args[at].value
        elements = []
        for element in mapping.elements if isinstance(mapping, cst.Dict) else [None]:
            value = element.value if isinstance(element, cst.DictElement) else None
            folder = value.evaluated_value if isinstance(value, cst.SimpleString) else None
            if element is None or not isinstance(folder, str) or "\\" in str(folder):
                self.problem = "setup() has a package_dir adopt cannot read"
                return call
            if folder.strip("./") not in {"", self.package} and not folder.startswith(
                self.package + "/"
            ):
                self.problem = f"setup()'s package_dir names {folder!r}, not the package's folder"
                return call
            new = "src" + ("/" + folder.strip("./") if folder.strip("./") else "")
            assert isinstance(value, cst.SimpleString)
            mark = value.value.lstrip("rbuRBU")[0]
            elements.append(element.with_changes(value=cst.SimpleString(f"{mark}{new}{mark}")))
            self.changes.append(f"package_dir: {folder!r} -> {new!r}")
        args[at] = args[at].with_changes(value=mapping.with_changes(elements=elements))
        return call.with_changes(args=args)


def appended(args: Sequence[cst.Arg], new: cst.Arg) -> list[cst.Arg]:
    """`args` + `new`, laid out like the call: the separator between the last two arguments
    (a newline and the indent, or a space) goes before the new one."""
    if not args:
        return [new]
    last = args[-1]
    between = (
        args[-2].comma if len(args) > 1 else cst.Comma(whitespace_after=cst.SimpleWhitespace(" "))
    )
    if not isinstance(between, cst.Comma):
        between = cst.Comma(whitespace_after=cst.SimpleWhitespace(" "))
    return [*args[:-1], last.with_changes(comma=between), new.with_changes(comma=last.comma)]


def keyword(name: str, value: str) -> cst.Arg:
    return cst.Arg(
        keyword=cst.Name(name),
        value=cst.parse_expression(value),
        equal=cst.AssignEqual(cst.SimpleWhitespace(""), cst.SimpleWhitespace("")),
    )


def setup_py_to_src(source: str, package: str, single: bool) -> tuple[str, list[str], str]:
    """(new setup.py, what changed, why it cannot be changed ("" when it can))."""
    transformer = SetupToSrc(package, single)
    new = src_on_path(cst.parse_module(source), package, transformer.changes)
    new = new.visit(transformer)
    return new.code, transformer.changes, transformer.problem


def imports_package(statement: cst.CSTNode, package: str) -> bool:
    """A top-level statement that imports `package` (`import six`, `from docopt import x`)."""
    if not isinstance(statement, cst.SimpleStatementLine):
        return False
    for small in statement.body:
        if isinstance(small, cst.Import):
            names = [get_full_name_for_node(alias.name) or "" for alias in small.names]
        elif isinstance(small, cst.ImportFrom) and small.module is not None and not small.relative:
            names = [get_full_name_for_node(small.module) or ""]
        else:
            continue
        if any(name.partition(".")[0] == package for name in names):
            return True
    return False


def src_on_path(module: cst.Module, package: str, changes: list[str]) -> cst.Module:
    """setup.py that imports the package it builds (`from docopt import __version__`) finds it
    under src/: `sys.path.insert(0, "src")` before that import, as maintainers write it."""
    body = list(module.body)
    at = next((i for i, s in enumerate(body) if imports_package(s, package)), None)
    if at is None:
        return module
    added = [cst.parse_statement(f'sys.path.insert(0, "src")  # {package} is under src/\n')]
    if not any(
        isinstance(s, cst.SimpleStatementLine)
        and s.body
        and module.code_for_node(s.body[0]) == "import sys"
        for s in body[:at]
    ):
        added.insert(0, cst.parse_statement("import sys\n"))
    changes.append(f'setup.py imports {package}: sys.path.insert(0, "src") before it')
    return module.with_changes(body=[*body[:at], *added, *body[at:]])
