"""Where things go: the import package (the published name kept), the code's and the data's
moves, the links that follow them, and the checks that the moves can be made."""

from __future__ import annotations

import os
import posixpath
from dataclasses import dataclass
from pathlib import Path

from . import names, packaging, published
from .model import LinkEdit, Options
from .paths import moved_to
from .refusal import Refusal
from .scan import Tree, data_references, uses_file_dunder


def check_code_moves(tree: Tree, choice: Choice, moving: dict[str, str]) -> None:
    """Some code goes into the package: an empty package adopts nothing."""
    if any(t.startswith(choice.base + "/") or t == choice.base + ".py" for t in moving.values()):
        return
    folders = sorted({f.split("/")[0] + "/" for f in tree.sources if "/" in f})
    raise Refusal(
        "no importable module or package at the top of the project (its Python files are in "
        f"{', '.join(folders[:3]) or 'no folder'}, not a package); move the code to the top "
        "or into a folder with an __init__.py, then adopt"
    )


def check_root_package(tree: Tree) -> None:
    """A project whose root is itself the package cannot move into a folder inside itself."""
    if "__init__.py" in tree.files:
        raise Refusal(
            "the project folder is itself a package (__init__.py at the top), so its code "
            "would have to move into a folder inside itself; move the code into a folder "
            "named after the package first, then adopt"
        )


@dataclass(frozen=True)
class Choice:
    package: str
    flat: bool  # the project already has the package folder; only scripts join it
    single: bool = False  # a published one-file module becomes the package of its name
    module: bool = False  # a published one-file library stays one module: src/NAME.py
    published: bool = False  # the project is packaged: its import names must not change

    @property
    def base(self) -> str:
        return f"src/{self.package}"


def choose_package(tree: Tree, meta: packaging.Metadata, options: Options) -> Choice:
    """The import package. A packaged project keeps the import name it publishes: its one
    module becomes the package of that name, its one package moves under src/. Otherwise one
    package folder named like the project (or chosen with --package), with top-level files
    that are only scripts using it, stays the package (flat); else the whole folder becomes
    one new package."""
    published = published_names(tree, meta)
    if published:
        return keep_published(tree, published, options, bool(meta.published.scripts))
    project_names = {
        names.suggest_package(meta.name) if meta.name else "",
        names.suggest_package(tree.root.name),
        options.package or "",
    }
    imported_top = set().union(*tree.imports.values())
    top_packages = tree.top_packages
    flat = (
        len(top_packages) == 1
        and top_packages[0] in project_names
        and options.package in {None, top_packages[0]}
        and not (imported_top & set(tree.top_modules))
    )
    if flat:
        package = top_packages[0]
    else:
        package = options.package or names.suggest_package(meta.name or tree.root.name)
    problem = names.package_problem(package)
    if problem and names.shadows_stdlib(package):
        raise Refusal(
            f'package name "{package}" is a standard-library module and would shadow it; '
            f'choose another with --package (e.g. "{names.suggest_package(package + "_app")}")'
        )
    if problem and (options.package or flat):
        raise Refusal(
            f'package name "{package}" is refused: {problem}; choose another with --package'
        )
    return Choice(package, flat)


def published_names(tree: Tree, meta: packaging.Metadata) -> list[str]:
    """The top-level import names the project's packaging installs and that are at the top
    of the tree (a project already under src/ has none to move)."""
    found = meta.published
    if not found.declared:
        return []
    regular, namespaces = tree.found_folders
    top = found.top_names(regular, namespaces)
    if not top and meta.name:  # hatchling, flit, poetry, pdm: the name's module or package
        top = published.default_names(meta.name, tree.files)
    at_top = {*tree.top_modules, *tree.top_packages, *tree.top_namespaces, *regular, *namespaces}
    return [name for name in top if name in at_top]


def keep_published(
    tree: Tree, published_top: list[str], options: Options, programs: bool = False
) -> Choice:
    """The package for a project that publishes `published_top`: the same import name. A
    one-file module stays one module, as its maintainer would move it, unless it publishes a
    program (`programs`: console scripts) or --entry names one: then it becomes the package
    of its name, for the `__main__.py` that runs it."""
    if len(published_top) > 1:
        raise Refusal(
            f"the project publishes several top-level import names ({', '.join(published_top)}) "
            "and one src/ package would rename all but one; adopt keeps what users import, so "
            "it stops here (move them into one package, or stop publishing the others, first)"
        )
    name = published_top[0]
    if options.package not in {None, name}:
        raise Refusal(
            f"--package {options.package}: the project publishes the import name {name}, and "
            f"adoption keeps it; drop --package (or use --package {name})"
        )
    single = name in tree.top_modules
    module = single and not programs and not options.entry
    # A namespace folder (PEP 420) moves as it is, like a package: nothing is added to it.
    return Choice(
        name,
        flat=name in tree.top_packages or name in tree.top_namespaces,
        single=single and not module,
        module=module,
        published=True,
    )


def place_code(tree: Tree, choice: Choice) -> dict[str, str]:
    """{file: where it goes} for the code (into src/PKG/) and the top-level tests (tests/)."""
    moving: dict[str, str] = {}
    base = choice.base
    if choice.module:  # `import NAME` from src/NAME.py: the published module list is the same
        return {f"{choice.package}.py": f"{base}.py"}
    if choice.single:
        # `import NAME` and every `NAME.X` keep working: the module is the package now.
        return {f"{choice.package}.py": f"{base}/__init__.py"}
    if choice.flat:
        for f in tree.files:
            if f.startswith(choice.package + "/"):
                moving[f] = f"src/{f}"
        # A published package gains no module: a script beside it (simplejson's
        # tsan_stress_simplejson.py) is not part of what it publishes, and stays where it is.
        for module in [] if choice.published else tree.top_modules:
            target = f"{base}/{module}.py"
            if target in moving.values():
                raise Refusal(
                    f"{module}.py and {choice.package}/{module}.py would land on the same "
                    "name; rename one of them"
                )
            moving[f"{module}.py"] = target
    else:
        top_packages, top_modules = set(tree.top_packages), set(tree.top_modules)
        for f in tree.files:
            head = f.split("/")[0]
            if head in top_packages or (f.endswith(".py") and f[:-3] in top_modules):
                moving[f] = f"{base}/{f}"
    for f, module in tree.shebang.items():
        if not choice.published:  # a packaged project's bin/ files are its own tools
            moving[f] = f"{base}/{module}.py"
    for f in [] if choice.published else tree.top_tests:
        target = f"tests/{f}"
        if target in tree.files:
            raise Refusal(f"{f} and {target} would land on the same name; rename one of them")
        moving[f] = target
    return moving


@dataclass
class Placed:
    moving: dict[str, str]  # the code's moves and the data that moves with it
    risks: list[str]


def place_data(tree: Tree, choice: Choice, code: dict[str, str]) -> Placed:
    """Data files the moving code names move with it when it finds them via __file__; data
    read relative to the current folder stays, with a risk saying so."""
    moving = dict(code)
    risks: list[str] = []
    base = choice.base
    candidates = tree.data_candidates
    for source_name, (_text, syntax) in tree.sources.items():
        if not moving.get(source_name, "").startswith(base):
            continue
        for data, cwd_relative in sorted(data_references(syntax, candidates).items()):
            if uses_file_dunder(syntax) and not cwd_relative:
                for f in tree.files:
                    if f == data or f.startswith(data + "/"):
                        moving[f] = f"{base}/{f}"
                risks.append(
                    f"{source_name} reads {data} next to itself (__file__): it moves into "
                    f"{base}/ and ships as package data"
                )
            else:
                risks.append(
                    f"{source_name} reads {data!r} relative to the current folder, which fails "
                    f"when run from elsewhere; read it via Path(__file__).parent and move it "
                    f"into {base}/ (or use importlib.resources)"
                )
    return Placed(moving, risks)


def planned_paths(files: list[str], moving: dict[str, str]) -> set[str]:
    """Every file's path after the moves."""
    return set(moving.values()) | (set(files) - set(moving))


def check_writable(root: Path, moving: dict[str, str]) -> None:
    """Every folder a move takes from or puts into can be written, so no move fails halfway."""
    folders = {root}
    for source_name, target in moving.items():
        folders.add((root / source_name).parent)
        existing = (root / target).parent
        while not existing.exists():
            existing = existing.parent
        folders.add(existing)
    for folder in sorted(folders):
        if not os.access(folder, os.W_OK):
            name = folder.relative_to(root).as_posix()
            where = "the project folder" if name == "." else f"{name}/"
            raise Refusal(
                f"{where} is read-only and adoption moves files there; `chmod u+w {name}`, "
                "then adopt"
            )


def check_writable_files(root: Path, moving: dict[str, str], contents: dict[str, str]) -> None:
    """Every file whose imports are rewritten can be written."""
    for source_name, target in sorted(moving.items()) + [(t, t) for t in sorted(contents)]:
        path = root / source_name
        if target in contents and path.exists() and not os.access(path, os.W_OK):
            raise Refusal(
                f"{source_name} is read-only and its imports must be rewritten; "
                f"`chmod u+w {source_name}`, then adopt"
            )


@dataclass
class Links:
    edits: list[LinkEdit]
    risks: list[str]


def repoint_links(tree: Tree, moving: dict[str, str]) -> Links:
    """Symbolic links keep resolving to the same file after the moves: a relative link whose
    own place or whose target moves gets a new relative text. Links that point outside the
    project, absolutely or at nothing are reported."""
    result = Links([], [])
    for link, text in sorted(tree.links.items()):
        new_link = moving.get(link, link)
        if posixpath.isabs(text):
            result.risks.append(
                f"{link} is a symbolic link to {text}, outside the project: kept as it is; a "
                "clone or a build elsewhere will not have that file"
            )
            continue
        pointed = posixpath.normpath(posixpath.join(posixpath.dirname(link), text))
        outside = pointed == ".." or pointed.startswith("../")
        new_target = pointed if outside else moved_to(pointed, tree.files, moving)
        new_text = posixpath.relpath(new_target, posixpath.dirname(new_link) or ".")
        if new_text != text:
            result.edits.append(LinkEdit(new_link, text, new_text))
        if outside:
            result.risks.append(
                f"{link} is a symbolic link to {text}, outside the project: "
                + ("re-pointed so it still resolves" if new_text != text else "kept as it is")
                + "; a clone or a build elsewhere will not have that file"
            )
        elif not (tree.root / link).exists():
            result.risks.append(f"{link} is a symbolic link to {text}, which does not exist")
        elif new_link != link and new_link.endswith(".py"):
            result.risks.append(
                f"{link} is a symbolic link to {pointed}: it moves to {new_link} and still "
                "points there; a built wheel holds a copy of the file"
            )
    return result


def staying_risks(tree: Tree, choice: Choice) -> list[str]:
    """The scripts beside a published package, which stay where they are (place_code)."""
    if not (choice.published and choice.flat):
        return []
    return [
        f"{module}.py keeps its __main__ block and stays at the top (it is not part of what "
        f"{choice.package} publishes): run it with the project installed (pip install -e .)"
        for module in tree.top_modules
        if tree.has_main_block(f"{module}.py")
    ]


def nested_risks(tree: Tree) -> list[str]:
    return [
        f"{name}/ is {kind}: left in place, never moved, packaged or staged"
        for name, kind in tree.nested.items()
    ]
