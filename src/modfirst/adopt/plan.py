"""Plan an adoption: scan, decide the layout and the entry, the rewrites and the packaging
edits (the project's own backend kept), or a Refusal saying why not."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ..answers import ANSWERS
from ..python_rules import TEST_DIRS, is_test
from . import (
    dependencies,
    names,
    packaging,
    paths,
    published,
    rewrite,
    setup_cfg,
    setup_py,
    source,
    strings,
)
from .entry import (
    LIBRARY,
    Entry,
    choose_entry,
    console_target,
    kept_names,
    package_files,
    script_entry,
)
from .layout import (
    Choice,
    check_code_moves,
    check_root_package,
    check_writable,
    check_writable_files,
    choose_package,
    nested_risks,
    place_code,
    place_data,
    planned_paths,
    repoint_links,
    staying_risks,
)
from .model import AdoptPlan as AdoptPlan  # plan(), Options and Refusal: the entry points
from .model import ImportEdit, Move
from .model import Options as Options
from .refusal import Refusal as Refusal
from .scan import Tree, dynamic_imports, scan, sys_path_lines

SUBPACKAGE = "tools"


def plan(
    root: Path, options: Options, on_answers: Callable[[dict[str, str]], None] | None = None
) -> AdoptPlan:
    """Everything adoption will do to `root`, or a Refusal saying why it cannot.

    `on_answers` is called with the template answers as soon as they are known, before the
    slow part (the LibCST rewrites), so the template can render meanwhile.
    """
    tree = scan(root.resolve())
    if tree.module_first:
        return plan_module_first(tree.root, tree.module_first, options)
    check_root_package(tree)
    meta = packaging.read_metadata(tree.root, tree.sources)
    if tree.src_package and not tree.top_modules and not tree.top_packages:
        return plan_src_layout(tree, tree.src_package, meta, options, on_answers)
    choice = choose_package(tree, meta, options)
    code = place_code(tree, choice)
    check_code_moves(tree, choice, code)
    data = place_data(tree, choice, code)
    entry = choose_entry(tree, choice, data.moving, options, meta)
    check_writable(tree.root, data.moving)
    links = repoint_links(tree, data.moving)
    planned = planned_paths(tree.files, data.moving)
    answers = answers_for(tree, choice.package, meta, planned, options)
    if on_answers is not None:
        on_answers(answers)
    edits = rewrite_sources(tree, choice, data.moving, entry, options.scripts == "all")
    check_writable_files(tree.root, data.moving, edits.contents)
    sub = "" if choice.published or entry.kind == "none" else answers["subpackage_name"]
    new_files = package_files(
        choice.package,
        planned,
        entry.module,
        entry.function,
        sub,
        entry.kind,
        entry.source,
        choice.published,
    )
    declared = declare_imports(tree, choice, data.moving, meta)
    if meta.published.declared:
        keep_published_requirements(declared, meta.published.where)
    # A published project gets no console script it never published (its __main__.py keeps
    # `python -m PKG` running as before).
    target = "" if choice.published else console_target(choice, entry)
    build = build_settings(
        tree,
        meta,
        choice.package,
        target,
        answers["python_min"],
        carry_for(tree, meta, choice, data.moving, declared, edits.scripts),
        choice,
    )
    if build.setup_py:
        if "setup.py" in edits.contents:  # its strings naming moved files, rewritten first
            build.setup_py = setup_py.setup_py_to_src(
                edits.contents["setup.py"], choice.package, choice.single
            )[0]
        edits.contents["setup.py"] = build.setup_py
    if build.setup_cfg:
        edits.contents["setup.cfg"] = build.setup_cfg
    paths = path_references(tree, data.moving, build.text)
    edits.contents.update(paths.edited)
    return AdoptPlan(
        root=tree.root,
        package=choice.package,
        entry=entry.target,
        function=entry.function,
        program=entry.kind,
        program_why=entry.why,
        script=entry.script,
        moves=[Move(s, t) for s, t in sorted(data.moving.items()) if s != t],
        imports=edits.imports,
        contents=edits.contents,
        formats=edits.formats,
        links=links.edits,
        keep_out=list(tree.nested),
        new_files=new_files,
        pyproject_changes=[*build.changes, *declared.changes, *paths.changes],
        pyproject=paths.text,
        risks=[
            *tree.unread,
            *nested_risks(tree),
            *staying_risks(tree, choice),
            *data.risks,
            *links.risks,
            *entry.risks,
            *edits.risks,
            *build.risks,
            *declared.risks,
            *paths.risks,
        ],
        answers=answers,
        published=kept_names(meta, choice, entry),
        packaged=meta.published.declared,
        added_scripts=sorted(
            {*edits.scripts, *([choice.package] if target else [])} - set(meta.published.scripts)
        ),
        tests_command=meta.tests_command,
    )


def plan_src_layout(
    tree: Tree,
    package: str,
    meta: packaging.Metadata,
    options: Options,
    on_answers: Callable[[dict[str, str]], None] | None,
) -> AdoptPlan:
    """A src/ layout without __main__.py: nothing moves; `python -m PKG` calls the published
    console script's function (a library gets no entry point)."""
    choice = Choice(package, flat=True, published=True)
    inside = {f: f for f in tree.files if f.startswith(choice.base + "/")}
    entry = script_entry(tree, choice, inside, meta.published.scripts, meta) or Entry(
        "", "", "", "", [LIBRARY], kind="none"
    )
    planned = set(tree.files)
    answers = answers_for(tree, package, meta, planned, options)
    if on_answers is not None:
        on_answers(answers)
    return AdoptPlan(
        root=tree.root,
        package=package,
        entry=entry.target,
        function=entry.function,
        program=entry.kind,
        program_why=entry.why,
        script=entry.script,
        new_files=package_files(
            package, planned, entry.module, entry.function, "", entry.kind, published=True
        ),
        risks=["already in the src/ layout: nothing moves", *entry.risks],
        answers=answers,
        published=kept_names(meta, choice, entry),
        packaged=meta.published.declared,
        tests_command=meta.tests_command,
    )


def declare_imports(
    tree: Tree, choice: Choice, moving: dict[str, str], meta: packaging.Metadata
) -> dependencies.Declared:
    """Runtime and test requirements from what the package's code and the tests import."""
    code, tests = {}, {}
    for name, (_, syntax) in tree.sources.items():
        target = moving.get(name, name)
        if target.startswith(choice.base + "/"):
            code[name] = dependencies.required_imports(syntax)
        elif is_test(name) or name.split("/")[0] in TEST_DIRS:
            tests[name] = dependencies.required_imports(syntax)
    local = dependencies.local_names(tree.files) | {choice.package}
    found = meta.published
    return dependencies.declare(
        code, tests, local, meta.dependencies, found.test_dependencies, found.requires
    )


def keep_published_requirements(declared: dependencies.Declared, where: list[str]) -> None:
    """A project that publishes keeps its requirements as published (Requires-Dist is
    metadata): what its code imports undeclared is reported, for its owner to add."""
    files = " or ".join(dict.fromkeys(where)) or "its packaging"
    declared.runtime = []
    declared.risks += [
        f"{change}; declare it in {files} if users need it (adopt changes no published field)"
        for change in declared.changes
        if "undeclared (dependency)" in change
    ]
    declared.changes = [c for c in declared.changes if "undeclared" in c and "test" in c]


def carry_for(
    tree: Tree,
    meta: packaging.Metadata,
    choice: Choice,
    moving: dict[str, str],
    declared: dependencies.Declared,
    more_scripts: dict[str, str] | None = None,
) -> packaging.Carry:
    found = meta.published
    readme = next((f for f in tree.files if "/" not in f and f.lower().startswith("readme")), "")
    return packaging.Carry(
        scripts={**(more_scripts or {}), **found.scripts},
        gui_scripts=dict(found.gui_scripts),
        entry_points={k: dict(v) for k, v in found.entry_points.items()},
        dependencies=declared.runtime,
        test_dependencies=declared.test,
        version_file=moving.get(meta.version_file, meta.version_file),
        readme=readme if found.declared else "",
        published=found.declared,
        module=choice.module,
    )


def answers_for(
    tree: Tree,
    package: str,
    meta: packaging.Metadata,
    planned: set[str],
    options: Options,
) -> dict[str, str]:
    """The template's answers for this project, so copier renders it as if it had made it."""
    base = f"src/{package}"
    answers = {
        "project_name": meta.name or tree.root.name,
        "package_name": package,
        "distribution_name": dependencies.requirement_name(meta.name or package),
        "python_min": packaging.python_min(meta.requires_python),
        # No license is granted on the user's behalf: a LICENSE only when they had one.
        "license": "MIT" if "LICENSE" in tree.files else "LicenseRef-Proprietary",
        "subpackage_name": options.subpackage
        or (SUBPACKAGE if f"{base}/{SUBPACKAGE}.py" not in planned else "tools_tool"),
    }
    if meta.published.declared:  # copier keeps this name on every update, rules or not
        answers["published_package"] = package
    backend = packaging.backend_choice(meta.pyproject)
    if backend:
        answers["build_backend"] = backend
    if meta.description:
        answers["description"] = meta.description
    return answers


@dataclass
class Rewrites:
    contents: dict[str, str]  # new text of the files that change, by their new path
    imports: list[ImportEdit]
    risks: list[str]
    formats: dict[str, source.Format] = field(default_factory=dict)  # their encodings
    scripts: dict[str, str] = field(default_factory=dict)  # --scripts all: name -> MOD:FUNC


def rewrite_sources(
    tree: Tree,
    choice: Choice,
    moving: dict[str, str],
    entry: Entry,
    all_scripts: bool = False,
) -> Rewrites:
    """Import rewrites, sys.path lines and the entry's main(), file by file (the slow step:
    LibCST), with the sys.path edits and dynamic imports it leaves alone as risks."""
    result = Rewrites({}, [], [])
    base, package = choice.base, choice.package
    # Files whose path code may name: with a folder, a .py name, or an entry file's name.
    paths = {
        old: new
        for old, new in moving.items()
        if old != new and ("/" in old or old.endswith(".py") or old in tree.shebang)
    }
    local = set(tree.top_modules) | (set() if choice.flat else set(tree.top_packages))
    # Only what moves into the package: a script that stays beside a published one keeps
    # importing its neighbours as they are (review R3).
    local &= {
        old.split("/")[0].removesuffix(".py")
        for old, new in moving.items()
        if new.startswith(base + "/")
    }
    if choice.single or choice.module:  # the same import name: nothing to rewrite
        local = set()
    for name, (text, syntax) in tree.sources.items():
        target = moving.get(name, name)
        inside = target.startswith(base + "/")
        depth = target.count("/") - base.count("/") - 1 if inside else 0
        drop, other_paths = sys_path_lines(syntax, name.count("/"))
        if choice.single or choice.module:
            other_paths += [(line, "sys.path edit") for line in sorted(drop)]
            drop = set()
        for line, code in other_paths:
            result.risks.append(
                f"{name}:{line}: `{code}` changes sys.path to somewhere other than the project "
                "folder; check it still points where you mean"
            )
        new_text = text
        edits: list[rewrite.LineEdit] = []
        # A flat package's own modules already import each other as PKG.x or relatively.
        own = frozenset() if choice.flat and name.startswith(package + "/") else frozenset(local)
        if not inside and "/" in name:
            # A test's own neighbours (tests/helpers.py) come first on its sys.path: keep them.
            folder = name.rpartition("/")[0]
            own -= {f[len(folder) + 1 : -3] for f in tree.python if f.rpartition("/")[0] == folder}
        # What the string rewrite below renames; every other dynamic import is reported.
        for line, code in dynamic_imports(syntax, set(own)):
            result.risks.append(
                f"{name}:{line}: dynamic import `{code}` is not rewritten; a project module "
                f'is now "{package}.NAME" (or import_module(".NAME", __package__))'
            )
        if not (choice.published and inside):  # first (lines stay); published code is kept
            new_text, edits = strings.rewrite_module_strings(
                new_text, own, package, paths, outside=not inside
            )
        if (tree.imports[name] & own) or drop:
            new_text, more = rewrite.rewrite_imports(
                new_text, own, depth, None if inside else package, frozenset(drop)
            )
            edits = sorted(edits + more, key=lambda edit: edit.line)
        if all_scripts and name in entry.others:  # --scripts all: each gets its function
            function = rewrite.free_function_name(syntax)
            new_text, _ = rewrite.entry_function(new_text, function)
            dotted = moving[name][len("src/") : -len(".py")].replace("/", ".")
            result.scripts[dotted.rpartition(".")[2].replace("_", "-")] = f"{dotted}:{function}"
        if name == entry.source and entry.kind == "block":
            new_text, count = rewrite.entry_function(new_text, entry.function)
            if count > 1:
                result.risks.append(
                    f"{name} has {count} __main__ blocks: joined into {entry.function}() in "
                    "file order"
                )
        result.imports += [ImportEdit(target, e.line, e.before, e.after) for e in edits]
        if new_text != text:
            encoding = tree.formats.get(name, source.Format())
            encoding.encode(new_text, name)  # refused now if it cannot be written back
            result.contents[target] = new_text
            result.formats[target] = encoding
    for module in sorted(local):
        if names.shadows_stdlib(module):
            result.risks.append(
                f"{module} shadows the standard-library module of that name: the project's "
                f"imports of it now say `from . import {module}`, so they keep meaning the "
                "local file, and other libraries get the real one"
            )
    return result


@dataclass
class Build:
    text: str  # the new pyproject.toml
    changes: list[str]
    risks: list[str]
    setup_py: str = ""  # setup.py's new text, when setup.py builds the project
    setup_cfg: str = ""  # setup.cfg's new text, when its [options] place the packages


def build_settings(
    tree: Tree,
    meta: packaging.Metadata,
    package: str,
    target: str,
    python_min: str,
    carry: packaging.Carry | None = None,
    choice: Choice | None = None,
) -> Build:
    """pyproject.toml merged for the package, what the project publishes (`carry`) and the
    console script adoption adds (`target`, MODULE:FUNC; "" for none); a setup.py that
    builds the project finds the package under src/ instead."""
    if choice is not None and published.setuptools_driven(tree.files, meta.pyproject):
        return setuptools_move(tree, meta, choice)
    elsewhere = "pytest.ini" in tree.files or any(
        name in tree.files and section in source.read_text(tree.root / name, name)
        for name, section in (("setup.cfg", "[tool:pytest]"), ("tox.ini", "[pytest]"))
    )
    existing = meta.pyproject_document if meta.pyproject_document is not None else tree.pyproject
    merge = packaging.merge_pyproject(
        existing, meta, package, package, target, f">={python_min}", elsewhere, carry
    )
    risks = list(meta.notes)
    if elsewhere:
        risks.append(
            f'tests import {package} from src/: add pythonpath = ["src"] to your pytest '
            "settings, or install the project (pip install -e .)"
        )
    if merge.backend.startswith("setuptools") and "setup.py" in tree.files:
        risks.append(
            "setuptools still runs setup.py: remove its packages=/install_requires= "
            "(now in pyproject.toml), or verification may not find the package"
        )
    for name in ("setup.py", "setup.cfg"):
        if name in tree.files:
            risks.append(
                f"{name} is no longer what builds the project when pyproject.toml names "
                "another backend; delete it once you have checked pyproject.toml"
            )
    return Build(merge.text, merge.changes, risks)


def setuptools_move(tree: Tree, meta: packaging.Metadata, choice: Choice) -> Build:
    """The maintainer's move: setup.cfg's [options] or setup.py's setup() told that the
    package is under src/; nothing else in either changes, and no pyproject.toml is made."""
    build = Build(
        tree.pyproject or "",
        [],
        [
            *(note for note in meta.notes if not note.startswith("setup.py:")),
            "setuptools still builds the project, with everything it publishes: it now "
            "finds the package under src/; tests import it once it is installed "
            "(pip install -e .)",
        ],
    )
    config = (
        source.read_text(tree.root / "setup.cfg", "setup.cfg") if "setup.cfg" in tree.files else ""
    )
    # setup()'s own keywords win over setup.cfg's: the file that places the packages is edited.
    placing = {"packages", "py_modules", "package_dir"}
    if "setup.py" in tree.files and "setup.py" in tree.sources:
        values, computed = published.setup_py_values(
            tree.root / "setup.py", tree.sources["setup.py"][1]
        )
        in_setup_py = bool(placing & (set(values) | set(computed)))
    else:
        in_setup_py = False
    if config and meta.setup_cfg and setup_cfg.places_packages(meta.setup_cfg) and not in_setup_py:
        edit = setup_cfg.to_src(config, choice.package, choice.single, meta.setup_cfg)
        if edit.problem:
            raise Refusal(
                f"{edit.problem}, which adopt cannot point at src/; "
                "point it at src/ yourself (package_dir), then adopt"
            )
        build.setup_cfg, build.changes = edit.text, edit.changes
    elif "setup.py" in tree.files:
        build.setup_py, build.changes = setup_py_to_src(tree, choice)
    return build


def setup_py_to_src(tree: Tree, choice: Choice) -> tuple[str, list[str]]:
    """setup.py's new text, finding the package under src/, and what changed; refused when
    its code places the packages in a way adopt cannot follow."""
    text, _ = source.read_source(tree.root / "setup.py", "setup.py")
    new, changes, problem = setup_py.setup_py_to_src(text, choice.package, choice.single)
    if problem:
        raise Refusal(
            f"setup.py builds this project and {problem}, which adopt cannot point at src/; "
            "move the metadata into pyproject.toml's [project] first, then adopt"
        )
    return new, [f"setup.py: {change}" for change in changes]


def path_references(tree: Tree, moving: dict[str, str], pyproject: str) -> paths.Paths:
    """pyproject.toml's settings that name a moved path, rewritten; other files' reported."""
    return paths.references(tree.root, tree.files, set(tree.links), moving, pyproject)


def plan_module_first(root: Path, package: str, options: Options) -> AdoptPlan:
    """Nothing moves: the plan offers the answers file, so `copier update` can follow."""
    result = AdoptPlan(root=root, package=package, already_module_first=True)
    if not (root / ANSWERS).exists():
        result.risks.append(
            "already module-first: only .copier-answers.yml is offered, so `copier update` "
            "can bring template changes"
        )
    result.answers.update(project_name=root.name, package_name=package)
    runnable = sorted(p.parent.name for p in (root / "src" / package).glob("*/__main__.py"))
    sub = options.subpackage or (runnable[0] if runnable else "")
    if sub:
        result.answers["subpackage_name"] = sub
    return result
