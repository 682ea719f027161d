"""Source edits with LibCST: only the touched statements change, every other byte stays.

- `Imports` turns imports of the project's own top-level modules into package imports
  (relative inside the package, `PKG.`-absolute in tests) and drops `sys.path` lines that
  only pointed at the project folder.
- `entry_function` turns `if __name__ == "__main__":` blocks into `main(argv) -> int`.
(Strings that name moved things: strings.py.)
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
