"""Strings that name what moved, followed with LibCST (only those strings change): module
names given as strings (mock targets, dynamic imports, `-m`) now under the package, and
strings that are a moved file's or folder's path, now its new path. setup()'s metadata
strings are never paths."""

from __future__ import annotations

import re

import libcst as cst
from libcst.helpers import get_full_name_for_node
from libcst.metadata import MetadataWrapper, PositionProvider

from .rewrite import LineEdit

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
        self,
        local: frozenset[str],
        package: str,
        paths: dict[str, str] | None = None,
        outside: bool = True,
    ) -> None:
        super().__init__()
        # A file that stays outside the package (tests, setup.py, tools) builds paths from the
        # repository; the package's own code never names its old folder, so its strings that
        # merely look like one ("mytool/1.0") are left alone.
        self.outside = outside
        self.local = local
        self.package = package
        self.paths = paths or {}  # moved files: "tabulate/cli.py" -> "src/tabulate/cli.py"
        self.folders = moved_folders(self.paths)  # "tabulate" -> "src/tabulate"
        self.edits: list[LineEdit] = []
        self.path_aliases: set[str] = set()  # `from os.path import join as pjoin`: pjoin
        self.bound: dict[str, cst.SimpleString] = {}  # module-level `package = 'slugify'`
        self.anchors: set[str] = set()  # module-level names built from __file__ (HERE, REPO)

    def visit_Module(self, node: cst.Module) -> None:
        for statement in node.body:
            if isinstance(statement, cst.SimpleStatementLine):
                for small in statement.body:
                    if (
                        isinstance(small, cst.Assign)
                        and len(small.targets) == 1
                        and isinstance(small.targets[0].target, cst.Name)
                        and isinstance(small.value, cst.SimpleString)
                    ):
                        self.bound[small.targets[0].target.value] = small.value
                    elif (
                        isinstance(small, cst.Assign)
                        and len(small.targets) == 1
                        and isinstance(small.targets[0].target, cst.Name)
                        and "__file__" in cst.Module([]).code_for_node(small.value)
                    ):
                        self.anchors.add(small.targets[0].target.value)

    def anchored(self, node: cst.BaseExpression) -> bool:
        """`node` is a folder of the repository this file knows: built from `__file__`, or a
        name bound to such a value (HERE, REPO). A path built on anything else (a temporary
        folder, `$XDG_CONFIG_HOME`) names no folder of the project, whatever its strings say."""
        if isinstance(node, cst.Name) and node.value in self.anchors:
            return True
        return "__file__" in cst.Module([]).code_for_node(node)

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
        """A string that is a moved file's path (run by path, read by path), or a path under
        a moved folder (`"vulture/"`, a glob `"vulture/*.py"`), follows it."""
        new = self.moved(updated, bare=False)
        if new is None and self.outside:
            new = self.under_folder(updated)
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
        # `REPO / "vulture" / "whitelists"`: the folder, where a path is built.
        right, left = updated.right, updated.left
        first = not isinstance(left, (cst.SimpleString, cst.BinaryOperation)) and self.anchored(
            left
        )
        if new is None and self.outside and first and isinstance(right, cst.SimpleString):
            new = self.moved_folder(right)
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

    def under_folder(self, node: cst.SimpleString) -> cst.SimpleString | None:
        """`node` with its moved folder's new path when it is a path under one."""
        value = node.evaluated_value
        if not isinstance(value, str) or "\\" in node.value or "/" not in value:
            return None
        dot = "./" if value.startswith("./") else ""
        rest = value[len(dot) :]
        folder = max((f for f in self.folders if rest.startswith(f + "/")), key=len, default="")
        # The folder itself, something that moved under it, or a glob in a folder that moved
        # ("vulture/*.py"); never a string that only starts like one ("mytool/1.0").
        named = re.split(r"[*?[]", rest, maxsplit=1)[0]
        named = named.rpartition("/")[0] if named != rest else rest.rstrip("/")
        if not folder or not any(p == named or p.startswith(named + "/") for p in self.paths):
            return None
        quote = node.value[: len(node.value) - len(node.value.lstrip("rbuRBU"))]
        mark = node.value[len(quote)]
        new = f"{dot}{self.folders[folder]}{rest[len(folder) :]}"
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
        the first string may be a moved folder (`join('icecream', '__version__.py')`); a name
        bound to one (`join(here, package, ...)`, `package = 'slugify'`) gets "src" before it:
        the name itself also says what setup() publishes, so it stays."""
        args = []
        first = True
        before: list[cst.BaseExpression] = []  # what the path starts from, before its strings
        for arg in updated.args:
            prefix = self.folder_prefix(arg.value) if first else None
            if prefix is not None:
                name = get_full_name_for_node(arg.value) or ""
                self.record(original, name, f"{prefix.value}, {name}")
                args.append(
                    arg.with_changes(
                        value=prefix, comma=cst.Comma(whitespace_after=cst.SimpleWhitespace(" "))
                    )
                )
                first = False
            new = self.moved(arg.value, bare=True)
            from_project = all(self.anchored(start) for start in before)
            if new is None and first and from_project and isinstance(arg.value, cst.SimpleString):
                new = self.moved_folder(arg.value)
            if isinstance(arg.value, cst.SimpleString):
                first = False
            else:
                before.append(arg.value)
            if new is not None:
                assert isinstance(arg.value, cst.SimpleString)
                self.record(original, arg.value.value, new.value)
                arg = arg.with_changes(value=new)
            args.append(arg)
        return updated.with_changes(args=args)

    def folder_prefix(self, node: cst.BaseExpression) -> cst.SimpleString | None:
        """For a name bound to a moved folder's name ("slugify" -> "src/slugify"), the string
        to put before it ("src"), in the binding's quotes; else None (always, in the
        package's own code)."""
        named = self.outside and isinstance(node, cst.Name)
        bound = self.bound.get(node.value) if named and isinstance(node, cst.Name) else None
        value = bound.evaluated_value if bound is not None else None
        if bound is None or not isinstance(value, str) or value not in self.folders:
            return None
        head = self.folders[value].removesuffix("/" + value)
        if head == self.folders[value]:
            return None
        mark = bound.value.lstrip("rbuRBU")[0]
        return cst.SimpleString(f"{mark}{head}{mark}")

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
    source: str,
    local: frozenset[str],
    package: str,
    paths: dict[str, str] | None = None,
    outside: bool = True,
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
    transformer = ModuleStrings(local if hinted else frozenset(), package, paths, outside)
    new = wrapper.visit(transformer)
    return new.code, transformer.edits
