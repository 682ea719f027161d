"""The program: which file's `__main__` block (or published console script) `python -m PKG`
runs, and the package files adoption writes for it (`__init__.py`, `__main__.py`)."""

from __future__ import annotations

import ast
import posixpath
from dataclasses import dataclass, field
from pathlib import Path

from . import names, packaging, rewrite, source
from .layout import Choice
from .model import NewFile, Options
from .refusal import Refusal
from .scan import Tree


def console_target(choice: Choice, entry: Entry) -> str:
    """MODULE:FUNCTION of the console script adoption adds ("" when it adds none)."""
    if entry.kind in {"none", "script"}:
        return ""
    if entry.kind == "program":
        return f"{choice.package}.__main__:main"
    module = f"{choice.package}.{entry.module}" if entry.module else choice.package
    return f"{module}:{entry.function}"


def kept_names(meta: packaging.Metadata, choice: Choice, entry: Entry) -> dict[str, str]:
    """What the project published that adoption keeps true, for the plan and the proof."""
    found = meta.published
    kept = {f"import {choice.package}": "same import name"} if choice.published else {}
    kept |= {f"console script {n}": t for n, t in sorted(found.scripts.items())}
    kept |= {f"GUI script {n}": t for n, t in sorted(found.gui_scripts.items())}
    if meta.version:
        kept["version"] = meta.version + (
            f" (from {meta.version_file})" if meta.version_file else ""
        )
    if meta.requires_python:
        kept["requires-python"] = meta.requires_python
    if entry.why:
        kept["python -m " + choice.package] = entry.why
    return kept


@dataclass
class Entry:
    source: str  # the file whose __main__ block becomes the function
    target: str  # where that file goes
    module: str  # its dotted name in the package
    function: str  # the name the block's function gets (main unless taken)
    risks: list[str]
    kind: str = "block"  # block: __main__ block -> function; script: a published console
    # script's function; program: module-level code run by runpy; none: a library
    why: str = ""  # the rule that chose it
    others: list[str] = field(default_factory=list)  # other moving files with a __main__ block
    script: str = ""  # kind "script": the console script `python -m PKG` calls


def inside_project(root: Path, given: str) -> str:
    """`given` (absolute, or relative to the project folder) as a path inside the project."""
    path = Path(given.replace("\\", "/"))
    if path.is_absolute() and path.resolve().is_relative_to(root):
        path = path.resolve().relative_to(root)
    relative = posixpath.normpath(path.as_posix())
    if path.is_absolute() or relative == ".." or relative.startswith("../"):
        raise Refusal(
            f"--entry {given} is outside the project {root}; give a file inside it, "
            "relative to the project folder"
        )
    return relative


def choose_entry(
    tree: Tree,
    choice: Choice,
    moving: dict[str, str],
    options: Options,
    meta: packaging.Metadata | None = None,
) -> Entry:
    """The program: --entry; else the console script the project publishes; else the one
    moving module with a __main__ block (a rule picks among several); else the one module
    that runs at module level; else none (a library)."""
    blocks = {name: rewrite.main_blocks(syntax) for name, (_, syntax) in tree.sources.items()}
    programs = module_programs(tree, choice, moving, blocks)
    kind, why = "block", ""
    if options.entry:
        source = inside_project(tree.root, options.entry)
        if source in tree.links:
            raise Refusal(
                f"--entry {options.entry} is a symbolic link to {tree.links[source]}; "
                "give the file it points to"
            )
        if source not in tree.sources:
            raise Refusal(f"--entry {options.entry}: no such Python file in the project")
        if not blocks[source] and source not in programs:
            raise Refusal(
                f'--entry {options.entry} has no `if __name__ == "__main__":` block to turn '
                "into main(), and no program at module level"
            )
        kind, why = ("block" if blocks[source] else "program"), "--entry"
    elif choice.module:
        return Entry("", "", "", "", [one_module(choice, blocks)], kind="none")
    elif choice.published and choice.flat and f"{choice.package}/__init__.py" not in tree.files:
        return Entry("", "", "", "", [NAMESPACE.format(choice.package)], kind="none")
    else:
        scripts = meta.published.scripts if meta else {}
        found = script_entry(tree, choice, moving, scripts, meta)
        if found is not None:
            return found
        # A published package's own modules with a __main__ block (packaging/_musllinux.py,
        # simplejson/tool.py) stay `python -m PKG.MOD`: a library publishes no program.
        own = choice.package + "/" if choice.published else None
        candidates = [
            name
            for name in sorted(tree.sources)
            if moving.get(name, "").startswith(choice.base)
            and blocks[name]
            and not (own and name.startswith(own))
        ]
        kind = "block" if candidates else "program"
        candidates = candidates or programs
        if not candidates:
            return Entry("", "", "", "", [LIBRARY], kind="none")
        source, why = candidates[0], ""
        if len(candidates) > 1:
            picked = by_rule(tree, choice, candidates, meta)
            if picked is None:
                raise Refusal(
                    f"several files have a __main__ block ({', '.join(candidates)}); no "
                    "rule picks one (named after the project, named by a console script, run "
                    "in README), so choose the program with --entry FILE"
                )
            source, why = picked
    if source not in moving:
        raise Refusal(f"--entry {source} is not a module of the project")
    for block in blocks[source]:
        if block.orelse:
            raise Refusal(
                f'{source}:{block.lineno}: the `if __name__ == "__main__":` block has an '
                "else: branch, which runs on import; move that code out of the if first"
            )
    risks = []
    others = []
    for name in sorted(tree.sources):
        if name != source and name in moving and blocks[name]:
            others.append(name)
            dotted = moving[name][len("src/") : -len(".py")].replace("/", ".")
            if options.scripts != "all":
                risks.append(f"{name} keeps its own __main__ block: run it as `python -m {dotted}`")
    target = moving[source]
    module = module_of(target, choice)
    function = rewrite.free_function_name(tree.sources[source][1]) if kind == "block" else "main"
    return Entry(source, target, module, function, risks, kind=kind, why=why, others=others)


LIBRARY = (
    "no program (no __main__ block, no console script, nothing run at module level): adopted "
    "as a library, with no __main__.py and no console script"
)


NAMESPACE = (
    "{0} is a namespace package (no {0}/__init__.py): it moves as it is and gets no "
    "__main__.py (a module in a namespace other distributions share); its console scripts "
    "are kept"
)


def one_module(choice: Choice, blocks: dict[str, list[ast.If]]) -> str:
    """What the plan says of a published one-file library, which stays one module."""
    name = f"{choice.package}.py"
    runs = f" (its own __main__ block still runs: `python -m {choice.package}`)"
    return (
        f"{name} stays one module, src/{name}, as published: a library, with no __main__.py "
        "and no console script" + (runs if blocks.get(name) else "")
    )


def module_of(target: str, choice: Choice) -> str:
    """The dotted name of a moved file inside the package ("" for the package itself)."""
    dotted = target[len(choice.base) + 1 : -len(".py")].replace("/", ".")
    return "" if dotted == "__init__" else dotted.removesuffix(".__init__")


def script_entry(
    tree: Tree,
    choice: Choice,
    moving: dict[str, str],
    scripts: dict[str, str],
    meta: packaging.Metadata | None,
) -> Entry | None:
    """The console script `python -m PKG` should run: the one named like the project or the
    package, else the first; its function is called as the script calls it. None when no
    published script lives in the package."""
    wanted = {choice.package, names.suggest_package(meta.name) if meta and meta.name else ""}
    inside = {
        name: target
        for name, target in scripts.items()
        if target.partition(":")[0].partition(".")[0] == choice.package and ":" in target
    }
    if not inside:
        return None
    name = next((n for n in sorted(inside) if names.suggest_package(n) in wanted), min(inside))
    module, _, function = inside[name].partition(":")
    relative = module[len(choice.package) + 1 :]
    source = next(
        (s for s, t in moving.items() if module_of(t, choice) == relative and t.endswith(".py")),
        "",
    )
    return Entry(
        source,
        moving.get(source, ""),
        relative,
        function,
        [],
        kind="script",
        why=f"the console script {name} ({inside[name]})",
        script=name,
    )


def module_programs(
    tree: Tree, choice: Choice, moving: dict[str, str], blocks: dict[str, list[ast.If]]
) -> list[str]:
    """Moving modules that do their work at module level (no __main__ block) and that no
    other module imports: programs run as `python FILE`."""
    imported = set().union(*tree.imports.values()) if tree.imports else set()
    return [
        name
        for name, (_, syntax) in sorted(tree.sources.items())
        if moving.get(name, "").startswith(choice.base + "/")
        and not blocks[name]
        and ("/" not in name or name in tree.shebang)
        and name.removesuffix(".py") not in imported
        and rewrite.runs_at_module_level(syntax)
    ]


def by_rule(
    tree: Tree, choice: Choice, candidates: list[str], meta: packaging.Metadata | None
) -> tuple[str, str] | None:
    """The program among several: named after the project (or its distribution or package),
    else the one README runs (`python NAME.py`)."""
    wanted = {
        choice.package,
        names.suggest_package(tree.root.name),
        names.suggest_package(meta.name) if meta and meta.name else "",
    }
    named = [c for c in candidates if "/" not in c and names.suggest_package(c[:-3]) in wanted]
    if len(named) == 1:
        return named[0], "named after the project"
    readme = " ".join(
        source.read_text(tree.root / f, f)
        for f in tree.files
        if "/" not in f and f.lower().startswith("readme")
    )
    run = [c for c in candidates if f"python {c}" in readme or f"python3 {c}" in readme]
    if len(run) == 1:
        return run[0], "the one README runs"
    return None


def package_files(
    package: str,
    planned: set[str],
    entry_module: str,
    function: str,
    sub: str,
    kind: str = "block",
    program: str = "",
    published: bool = False,
) -> list[NewFile]:
    """The files a module-first package has that the project lacks (a library gets no
    __main__.py; a published project no template subpackage)."""
    base = f"src/{package}"
    new: list[NewFile] = []
    if f"{base}.py" in planned:  # a published module that stays one: no package to complete
        return new
    if f"{base}/__init__.py" not in planned and not published:  # a namespace stays one
        new.append(
            NewFile(
                f"{base}/__init__.py",
                f'"""The {package} package."""\n',
                "makes the folder a regular package",
            )
        )
    if f"{base}/__main__.py" not in planned and kind != "none":
        new.append(main_file(package, entry_module, function, kind, program))
    if f"{base}/py.typed" not in planned and not published:  # a claim the owner makes
        new.append(NewFile(f"{base}/py.typed", "", "marks the package as typed"))
    if sub and f"{base}/{sub}/__main__.py" not in planned:
        if f"{base}/{sub}/__init__.py" not in planned:
            new.append(
                NewFile(
                    f"{base}/{sub}/__init__.py",
                    f'"""A subpackage runnable as `python -m {package}.{sub}`."""\n',
                    "the template's runnable subpackage",
                )
            )
        new.append(
            NewFile(
                f"{base}/{sub}/__main__.py",
                f'"""Run with `python -m {package}.{sub}`: says which package it '
                'belongs to."""\n\n'
                'if __name__ == "__main__":\n'
                '    print(f"{__package__} runs as a module")\n',
                f"`python -m {package}.{sub}` works, as in a generated project",
            )
        )
    return new


def main_file(package: str, module: str, function: str, kind: str, program: str) -> NewFile:
    """src/PKG/__main__.py: calls the entry function, or runs a module-level program."""
    path = f"src/{package}/__main__.py"
    if kind == "program":
        dotted = f"{package}.{module}"
        return NewFile(
            path,
            f'"""Entry point for `python -m {package}` (PEP 338): runs {program} as '
            f'`python {program}` did."""\n\n'
            "import runpy\n"
            "import sys\n\n\n"
            'def main(argv: "list[str] | None" = None) -> int:\n'
            f'    """Run {program} with `argv`: same sys.argv, and its own exit status '
            '(SystemExit)."""\n'
            "    if argv is not None:\n"
            "        sys.argv[1:] = list(argv)\n"
            f'    runpy.run_module("{dotted}", run_name="__main__", alter_sys=True)\n'
            "    return 0\n\n\n"
            'if __name__ == "__main__":\n'
            f"    raise SystemExit(main())\n",
            f"`python -m {package}` runs {program} with runpy, as `python {program}` did",
        )
    origin = f".{module}" if module else "."
    # A target `pkg:cli.main` is an attribute path: import its first name, call the path.
    imported = function.partition(".")[0]
    # The main() adoption made names the program; a published console script's function
    # keeps naming itself as it does (click reads sys.argv[0] as `python -m PKG.ARGV0`).
    naming = (
        "    # Help and errors name the program, not __main__.py: set before the import, as a\n"
        "    # parser built when the module loads reads it then.\n"
        f'    sys.argv[0] = "{package}"\n'
        if kind != "script"
        else ""
    )
    return NewFile(
        path,
        f'"""Entry point for `python -m {package}` (PEP 338): '
        f'calls {module or package}.{function}()."""\n\n'
        + ("import sys\n\n" if naming else "")
        + 'if __name__ == "__main__":\n'
        + naming
        + f"    from {origin} import {imported}\n\n"
        f"    raise SystemExit({function}())\n",
        f"`python -m {package}` runs {module or package}.{function}()",
    )
