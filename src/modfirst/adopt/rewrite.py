"""Source edits with LibCST: only the touched statements change, every other byte stays.

- `Imports` turns imports of the project's own top-level modules into package imports
  (relative inside the package, `PKG.`-absolute in tests) and drops `sys.path` lines that
  only pointed at the project folder.
- `entry_function` turns `if __name__ == "__main__":` blocks into `main(argv) -> int`.
"""

from __future__ import annotations

import ast
from collections.abc import Sequence
from dataclasses import dataclass

import libcst as cst
from libcst.helpers import get_full_name_for_node
from libcst.metadata import MetadataWrapper, PositionProvider

from ..python_rules import is_main_guard


@dataclass
class LineEdit:
    line: int
    before: str
    after: str


class Imports(cst.CSTTransformer):
    """Rewrite imports of `local` top-level names; `package` is None inside the package."""

    METADATA_DEPENDENCIES = (PositionProvider,)

    def __init__(
        self,
        module: cst.Module,
        local: frozenset[str],
        depth: int,
        package: str | None,
        drop_lines: frozenset[int] = frozenset(),
    ) -> None:
        super().__init__()
        self.module = module
        self.local = local
        self.depth = depth  # folders between the file and the package root (0: directly in it)
        self.package = package  # set for files outside the package (tests): absolute imports
        self.drop_lines = drop_lines
        self.edits: list[LineEdit] = []

    # --- what the new import statements look like ------------------------------------

    def target(self, dotted: str) -> str:
        """The `from` part for module `dotted` (a local module path, or "" for the package)."""
        if self.package is None:
            return "." * (self.depth + 1) + dotted
        return f"{self.package}.{dotted}" if dotted else self.package

    def plain_import(self, alias: cst.ImportAlias) -> list[str]:
        dotted = get_full_name_for_node(alias.name) or ""
        head, _, rest = dotted.partition(".")
        asname = alias.asname and get_full_name_for_node(alias.asname.name)
        if not rest:
            return [f"from {self.target('')} import {head}" + (f" as {asname}" if asname else "")]
        parent, _, last = dotted.rpartition(".")
        if asname:
            return [f"from {self.target(parent)} import {last} as {asname}"]
        # `import a.b` binds `a` and loads a.b: bind a, then load a.b under a private name.
        private = "_" + dotted.replace(".", "_")
        return [
            f"from {self.target('')} import {head}",
            f"from {self.target(parent)} import {last} as {private}",
        ]

    def is_local(self, dotted: str | None) -> bool:
        return bool(dotted) and dotted.partition(".")[0] in self.local  # type: ignore[union-attr]

    # --- the transformation ----------------------------------------------------------

    def line_of(self, node: cst.CSTNode) -> int:
        return self.get_metadata(PositionProvider, node).start.line

    def code(self, node: cst.CSTNode) -> str:
        return self.module.code_for_node(node).strip()

    def leave_SimpleStatementLine(
        self, original: cst.SimpleStatementLine, updated: cst.SimpleStatementLine
    ) -> (
        cst.SimpleStatementLine | cst.FlattenSentinel[cst.SimpleStatementLine] | cst.RemovalSentinel
    ):
        line = self.line_of(original)
        if line in self.drop_lines:
            self.edits.append(LineEdit(line, self.code(original), "(removed)"))
            return cst.RemoveFromParent()
        pieces: list[list[str] | cst.BaseSmallStatement] = []
        changed = False
        for statement in updated.body:
            if isinstance(statement, cst.ImportFrom) and not statement.relative:
                dotted = get_full_name_for_node(statement.module) if statement.module else None
                if dotted and self.is_local(dotted):
                    pieces.append(self.from_import(statement, dotted))
                    changed = True
                    continue
            if isinstance(statement, cst.Import):
                aliases = list(statement.names)
                local = [a for a in aliases if self.is_local(get_full_name_for_node(a.name))]
                if local:
                    others = [a for a in aliases if a not in local]
                    if others:
                        others[-1] = others[-1].with_changes(comma=cst.MaybeSentinel.DEFAULT)
                        pieces.append(statement.with_changes(names=others))
                    for alias in local:
                        pieces.append(self.plain_import(alias))
                    changed = True
                    continue
            pieces.append(statement)
        if not changed:
            return updated
        small: list[cst.BaseSmallStatement] = []
        for piece in pieces:
            if isinstance(piece, list):
                small.extend(parse_small(text) for text in piece)
            else:
                small.append(piece)
        small = [s.with_changes(semicolon=cst.MaybeSentinel.DEFAULT) for s in small]
        if len(updated.body) == 1 and len(small) > 1:
            # One statement became several: one per line, the first keeps the comments above.
            lines = [
                cst.SimpleStatementLine(body=[s], leading_lines=() if i else updated.leading_lines)
                for i, s in enumerate(small)
            ]
            lines[-1] = lines[-1].with_changes(trailing_whitespace=updated.trailing_whitespace)
            after = "\n".join(cst.Module(body=[ln]).code.strip() for ln in lines)
            self.edits.append(LineEdit(line, self.code(original), after))
            return cst.FlattenSentinel(lines)
        new = updated.with_changes(body=small)
        self.edits.append(LineEdit(line, self.code(original), cst.Module(body=[new]).code.strip()))
        return new

    def from_import(self, statement: cst.ImportFrom, dotted: str) -> cst.ImportFrom:
        if self.package is None:
            return statement.with_changes(relative=[cst.Dot()] * (self.depth + 1))
        new_module = cst.parse_expression(f"{self.package}.{dotted}")
        assert isinstance(new_module, (cst.Attribute, cst.Name))
        return statement.with_changes(module=new_module)

    def leave_IndentedBlock(
        self, original: cst.IndentedBlock, updated: cst.IndentedBlock
    ) -> cst.IndentedBlock:
        if not updated.body:  # its only statement was a dropped sys.path line
            return updated.with_changes(body=[cst.SimpleStatementLine(body=[cst.Pass()])])
        return updated


def parse_small(text: str) -> cst.BaseSmallStatement:
    line = cst.parse_statement(text)
    assert isinstance(line, cst.SimpleStatementLine)
    return line.body[0]


def rewrite_imports(
    source: str,
    local: frozenset[str],
    depth: int,
    package: str | None,
    drop_lines: frozenset[int] = frozenset(),
) -> tuple[str, list[LineEdit]]:
    module = cst.parse_module(source)
    wrapper = MetadataWrapper(module, unsafe_skip_copy=True)
    transformer = Imports(module, local, depth, package, drop_lines)
    new = wrapper.visit(transformer)
    return new.code, transformer.edits


# --- the entry point ------------------------------------------------------------------


def runs_at_module_level(tree: ast.Module) -> bool:
    """The module does its work when it runs: a call, loop or `with` at the top level."""
    for node in tree.body:
        if isinstance(node, ast.Expr) and isinstance(node.value, (ast.Call, ast.Await)):
            return True
        if isinstance(node, (ast.For, ast.While, ast.With, ast.AsyncFor, ast.AsyncWith)):
            return True
    return False


def main_blocks(tree: ast.Module) -> list[ast.If]:
    return [node for node in tree.body if isinstance(node, ast.If) and is_main_guard(node)]


def bound_names(statements: Sequence[ast.stmt]) -> set[str]:
    """Names the statements bind at their own level (not inside functions or classes)."""
    names: set[str] = set()

    def visit(node: ast.AST) -> None:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
            return
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            names.add(node.id)
        elif isinstance(node, ast.alias):
            names.add((node.asname or node.name).partition(".")[0])
        elif isinstance(node, (ast.Lambda, ast.GeneratorExp, ast.ListComp, ast.SetComp)):
            return
        for child in ast.iter_child_nodes(node):
            visit(child)

    for statement in statements:
        visit(statement)
    return names


def used_elsewhere(tree: ast.Module, blocks: list[ast.If]) -> set[str]:
    inside = {id(n) for block in blocks for n in ast.walk(block)}
    return {
        n.id
        for n in ast.walk(tree)
        if isinstance(n, ast.Name) and id(n) not in inside and isinstance(n.ctx, ast.Load)
    } | {
        name
        for n in ast.walk(tree)
        if isinstance(n, (ast.Global, ast.Nonlocal)) and id(n) not in inside
        for name in n.names
    }


def free_function_name(tree: ast.Module) -> str:
    taken = bound_names(tree.body)
    return next(n for n in ("main", "module_main", "modfirst_main") if n not in taken)


def entry_function(source: str, function: str) -> tuple[str, int]:
    """Turn the module's `__main__` blocks into `function(argv) -> int`; returns (code, count).

    The blocks' statements run in file order inside the function; names they bind that the
    rest of the module reads stay module globals (a `global` line), so behaviour is kept.
    A small `if __name__ == "__main__":` calling the function remains, for running by path.
    """
    tree = ast.parse(source)
    blocks = main_blocks(tree)
    bound = bound_names([s for b in blocks for s in b.body])
    shared = sorted((bound & used_elsewhere(tree, blocks)) - {"sys"})
    # The parameter must not clash with a name the block uses (it would shadow or be global).
    used = {n.id for b in blocks for n in ast.walk(b) if isinstance(n, ast.Name)} | bound
    argv = next(name for name in ("argv", "cli_argv", "modfirst_argv") if name not in used)
    module = cst.parse_module(source)
    header = [
        '"""Run the program: what `if __name__ == "__main__":` did, callable with argv."""',
        *([f"global {', '.join(shared)}"] if shared else []),
        "import sys",
        "",
        f"if {argv} is not None:",
        f"    sys.argv[1:] = list({argv})",
    ]
    template = cst.parse_statement(
        f'def {function}({argv}: "list[str] | None" = None) -> int:\n'
        + "".join(f"    {line}\n" if line else "\n" for line in header)
        + "    return 0\n"
    )
    assert isinstance(template, cst.FunctionDef)
    guards = [
        s
        for s in module.body
        if isinstance(s, cst.If)
        and is_main_guard(ast.parse(module.code_for_node(s).strip()).body[0])
    ]
    if not guards or len(guards) != len(blocks):
        raise ValueError("could not find the __main__ blocks")
    body: list[cst.BaseStatement] = []
    for guard in guards:
        if isinstance(guard.body, cst.IndentedBlock):
            body.extend(guard.body.body)
        else:  # `if __name__ == "__main__": main()` on one line
            assert isinstance(guard.body, cst.SimpleStatementSuite)
            body.append(cst.SimpleStatementLine(body=guard.body.body))
    template_block = template.body
    assert isinstance(template_block, cst.IndentedBlock)
    head, tail = list(template_block.body[:-1]), template_block.body[-1]
    function_def = template.with_changes(
        body=template_block.with_changes(body=[*head, *body, tail]),
        leading_lines=guards[0].leading_lines,
    )
    call = cst.parse_statement(f'if __name__ == "__main__":\n    raise SystemExit({function}())\n')
    new_body: list[cst.BaseStatement] = []
    for statement in module.body:
        if statement is guards[-1]:
            new_body.extend([function_def, call.with_changes(leading_lines=[cst.EmptyLine()] * 2)])
        elif statement in guards:
            continue
        else:
            new_body.append(statement)
    return module.with_changes(body=new_body).code, len(guards)


# --- module names in strings ------------------------------------------------------------

# Calls whose first argument is a dotted module path given as a string.
STRING_TARGETS = ("patch", "patch.dict", "import_module", "__import__", "run_module", "find_spec")
# Calls whose string arguments are paths, so a bare name there is a file's (see moved()).
PATH_CALLS = ("path.join", "Path", "PurePath", "PurePosixPath")
# setup()'s keywords whose strings are metadata, never paths (`name='delegator.py'`).
SETUP_METADATA = {
    "name",
    "version",
    "description",
    "long_description",
    "long_description_content_type",
    "author",
    "author_email",
    "maintainer",
    "maintainer_email",
    "url",
    "download_url",
    "license",
    "keywords",
    "platforms",
    "classifiers",
    "project_urls",
    "python_requires",
    "install_requires",
    "extras_require",
    "setup_requires",
    "tests_require",
    "entry_points",
    "packages",
    "py_modules",
    "namespace_packages",
}
STRING_HINTS = ("patch", "import_module", "__import__", "run_module", "find_spec", "setattr", "-m")


class ModuleStrings(cst.CSTTransformer):
    """ "mod.attr" in `mock.patch("mod.attr")`, `import_module("mod")`, `runpy.run_module`,
    `monkeypatch.setattr("mod.attr", ...)` and `["-m", "mod"]` becomes "PKG.mod.attr"."""

    METADATA_DEPENDENCIES = (PositionProvider,)

    def __init__(
        self, local: frozenset[str], package: str, paths: dict[str, str] | None = None
    ) -> None:
        super().__init__()
        self.local = local
        self.package = package
        self.paths = paths or {}  # moved files: "tabulate/cli.py" -> "src/tabulate/cli.py"
        self.folders = moved_folders(self.paths)  # "tabulate" -> "src/tabulate"
        self.edits: list[LineEdit] = []
        self.path_aliases: set[str] = set()  # `from os.path import join as pjoin`: pjoin

    def visit_ImportFrom(self, node: cst.ImportFrom) -> None:
        module = get_full_name_for_node(node.module) if node.module else ""
        if module == "os.path" and not isinstance(node.names, cst.ImportStar):
            for alias in node.names:
                if get_full_name_for_node(alias.name) == "join":
                    bound = alias.asname.name if alias.asname else alias.name
                    self.path_aliases.add(get_full_name_for_node(bound) or "join")

    def leave_SimpleString(
        self, original: cst.SimpleString, updated: cst.SimpleString
    ) -> cst.SimpleString:
        """A string that is a moved file's path (run by path, read by path) follows it."""
        new = self.moved(updated, bare=False)
        if new is None:
            return updated
        self.record(original, updated.value, new.value)
        return new

    def leave_BinaryOperation(
        self, original: cst.BinaryOperation, updated: cst.BinaryOperation
    ) -> cst.BinaryOperation:
        """`ROOT / "my-tool"`: a script without .py, named where a path is built."""
        if not isinstance(updated.operator, cst.Divide):
            return updated
        new = self.moved(updated.right, bare=True)
        if new is None:
            return updated
        assert isinstance(updated.right, cst.SimpleString)
        self.record(original, updated.right.value, new.value)
        return updated.with_changes(right=new)

    def moved(self, node: cst.BaseExpression, bare: bool) -> cst.SimpleString | None:
        """`node` with the moved file's new path when it is a string naming one. A bare name
        (a script without .py and without a folder) only where it is joined as a path
        (`bare`): the same word is often the program's name (jarun/googler's
        `setproctitle('googler')`)."""
        if not isinstance(node, cst.SimpleString) or "\\" in node.value:
            return None
        value = node.evaluated_value
        if not isinstance(value, str):
            return None
        dot = "./" if value.startswith("./") else ""
        old = value[len(dot) :]
        new_path = self.paths.get(old)
        if new_path is None or (not bare and "/" not in value and "." not in old):
            return None
        quote = node.value[: len(node.value) - len(node.value.lstrip("rbuRBU"))]
        mark = node.value[len(quote)]
        return node.with_changes(value=f"{quote}{mark}{dot}{new_path}{mark}")

    def moved_folder(self, node: cst.SimpleString) -> cst.SimpleString | None:
        value = node.evaluated_value
        if (
            not isinstance(value, str)
            or value.rstrip("/") not in self.folders
            or "\\" in node.value
        ):
            return None
        quote = node.value[: len(node.value) - len(node.value.lstrip("rbuRBU"))]
        mark = node.value[len(quote)]
        new = self.folders[value.rstrip("/")] + ("/" if value.endswith("/") else "")
        return node.with_changes(value=f"{quote}{mark}{new}{mark}")

    def renamed(self, node: cst.BaseExpression) -> cst.SimpleString | None:
        if not isinstance(node, cst.SimpleString):
            return None
        value = node.evaluated_value
        if not isinstance(value, str) or value.partition(".")[0] not in self.local:
            return None
        quote = node.value[: len(node.value) - len(node.value.lstrip("rbuRBU"))]
        body = node.value[len(quote) :]
        return node.with_changes(value=f"{quote}{body[0]}{self.package}.{body[1:]}")

    def record(self, original: cst.CSTNode, before: str, after: str) -> None:
        line = self.get_metadata(PositionProvider, original).start.line
        self.edits.append(LineEdit(line, before, after))

    def leave_Call(self, original: cst.Call, updated: cst.Call) -> cst.Call:
        name = get_full_name_for_node(updated.func) or ""
        if name.endswith(PATH_CALLS) or name in self.path_aliases:
            return self.path_arguments(original, updated)
        if name.rpartition(".")[2] == "setup":
            return self.metadata_kept(original, updated)
        wanted = name.endswith(STRING_TARGETS) and not name.endswith("patch.object")
        dotted_setattr = name.endswith("setattr") and len(updated.args) == 2
        if not (wanted or dotted_setattr) or not updated.args:
            return updated
        first = updated.args[0].value
        new = self.renamed(first)
        if new is None or (dotted_setattr and "." not in str(new.evaluated_value)):
            return updated
        assert isinstance(first, cst.SimpleString)
        self.record(original, first.value, new.value)
        return updated.with_changes(
            args=[updated.args[0].with_changes(value=new), *updated.args[1:]]
        )

    def metadata_kept(self, original: cst.Call, updated: cst.Call) -> cst.Call:
        """setup(name='delegator.py'): a metadata string that looks like a moved file stays."""
        args = []
        for before, after in zip(original.args, updated.args, strict=True):
            word = before.keyword.value if before.keyword else ""
            if word in SETUP_METADATA and isinstance(before.value, cst.SimpleString):
                if not after.value.deep_equals(before.value):
                    line = self.get_metadata(PositionProvider, before.value).start.line
                    key = (line, before.value.value)
                    undone = [e for e in self.edits if (e.line, e.before) == key][:1]
                    for edit in undone:
                        self.edits.remove(edit)
                after = after.with_changes(value=before.value)
            args.append(after)
        return updated.with_changes(args=args)

    def path_arguments(self, original: cst.Call, updated: cst.Call) -> cst.Call:
        """`os.path.join(ROOT, "my-tool")`, `Path("my-tool")`: bare names are paths here, and
        the first string may be a moved folder (`join('icecream', '__version__.py')`)."""
        args = []
        first = True
        for arg in updated.args:
            new = self.moved(arg.value, bare=True)
            if new is None and first and isinstance(arg.value, cst.SimpleString):
                new = self.moved_folder(arg.value)
            if isinstance(arg.value, cst.SimpleString):
                first = False
            if new is not None:
                assert isinstance(arg.value, cst.SimpleString)
                self.record(original, arg.value.value, new.value)
                arg = arg.with_changes(value=new)
            args.append(arg)
        return updated.with_changes(args=args)

    def leave_List(self, original: cst.List, updated: cst.List) -> cst.List:
        elements = list(updated.elements)
        changed = False
        for index in range(1, len(elements)):
            flag = elements[index - 1].value
            if isinstance(flag, cst.SimpleString) and flag.evaluated_value == "-m":
                new = self.renamed(elements[index].value)
                if new is not None:
                    before = elements[index].value
                    assert isinstance(before, cst.SimpleString)
                    self.record(original, before.value, new.value)
                    elements[index] = elements[index].with_changes(value=new)
                    changed = True
        return updated.with_changes(elements=elements) if changed else updated


def moved_folders(paths: dict[str, str]) -> dict[str, str]:
    """{folder: new folder} of moved files whose folder moved with its name
    ("icecream/__version__.py" -> "src/icecream/__version__.py": icecream -> src/icecream)."""
    found = {}
    for old, new in paths.items():
        folder, _, rest = old.rpartition("/")
        if folder and new.endswith("/" + old):
            found[folder] = new[: -len(rest) - 1]
    return found


def rewrite_module_strings(
    source: str, local: frozenset[str], package: str, paths: dict[str, str] | None = None
) -> tuple[str, list[LineEdit]]:
    """Module names in strings (mock targets, dynamic imports, `-m`) now under `package`, and
    strings that are a moved file's path, now its new path."""
    hinted = local and any(hint in source for hint in STRING_HINTS)
    folders = moved_folders(paths or {})
    quoted = (f"{mark}{folder}" for folder in folders for mark in "'\"")
    if not hinted and not any(path in source for path in [*(paths or {}), *quoted]):
        return source, []
    module = cst.parse_module(source)
    wrapper = MetadataWrapper(module, unsafe_skip_copy=True)
    transformer = ModuleStrings(local if hinted else frozenset(), package, paths)
    new = wrapper.visit(transformer)
    return new.code, transformer.edits
