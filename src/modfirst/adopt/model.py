"""What adoption will do: the plan and its parts (moves, edits, new files), and the options."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from . import source
from .runner_config import RunnerCommand


@dataclass
class Move:
    source: str  # paths relative to the project root, with "/"
    target: str


@dataclass
class ImportEdit:
    file: str  # where the file will be
    line: int
    before: str
    after: str


@dataclass
class LinkEdit:
    path: str  # the link, where it will be
    before: str  # what it pointed at (its text)
    after: str  # what it will point at, so it resolves to the same file


@dataclass
class NewFile:
    path: str
    content: str
    why: str


@dataclass
class AdoptPlan:
    root: Path
    package: str
    entry: str = ""  # the entry module's new path
    function: str = "main"
    already_module_first: bool = False
    moves: list[Move] = field(default_factory=list)
    imports: list[ImportEdit] = field(default_factory=list)
    contents: dict[str, str] = field(default_factory=dict)  # new text of moved/edited files
    formats: dict[str, source.Format] = field(default_factory=dict)  # their encodings
    links: list[LinkEdit] = field(default_factory=list)  # symbolic links re-pointed
    keep_out: list[str] = field(default_factory=list)  # nested repositories: never staged
    new_files: list[NewFile] = field(default_factory=list)
    pyproject_changes: list[str] = field(default_factory=list)
    pyproject: str = ""
    risks: list[str] = field(default_factory=list)
    answers: dict[str, str] = field(default_factory=dict)
    program: str = "block"  # how `python -m PKG` runs the program (Entry.kind)
    program_why: str = ""
    script: str = ""  # program "script": the published console script `python -m PKG` calls
    published: dict[str, str] = field(default_factory=dict)  # what it kept: name -> how
    packaged: bool = False  # it declared a distribution (setup.py/pyproject), installable before
    added_scripts: list[str] = field(default_factory=list)  # console scripts adoption adds
    tests_command: RunnerCommand | None = None  # how its tox or nox file runs the tests

    def written_python(self) -> list[str]:
        """Every Python file adoption writes or edits (paths after the move)."""
        new = [f.path for f in self.new_files if f.path.endswith(".py")]
        return sorted({*new, *(p for p in self.contents if p.endswith(".py"))})

    def added_modules(self) -> set[str]:
        """Modules the adopted package has because adoption put or wrote them there."""
        paths = [m.target for m in self.moves] + [f.path for f in self.new_files]
        found = set()
        for path in paths:
            parts = path.removesuffix(".py").split("/")
            if path.endswith(".py") and parts[0] == "src" and len(parts) > 1:
                found.add(".".join(p for p in parts[1:] if p != "__init__"))
        return found

    def program_line(self) -> str:
        why = f" ({self.program_why})" if self.program_why else ""
        if self.program == "none":
            return "entry point: none: a library, no __main__.py and no console script"
        if self.program == "script":
            return f"entry point: src/{self.package}/__main__.py calls {self.program_why}"
        if self.program == "program":
            return (
                f"entry point: {self.entry} runs at module level: src/{self.package}/__main__.py "
                f"main(argv) runs it with runpy as `python FILE` did{why}"
            )
        return (
            f'entry point: {self.entry}: `if __name__ == "__main__":` -> '
            f"{self.function}(argv) -> int, called by src/{self.package}/__main__.py "
            f"and the console script {self.package}{why}"
        )

    def __str__(self) -> str:
        lines = [f"modfirst adopt: plan for {self.root} (package {self.package})"]
        if self.already_module_first:
            lines.append("  already module-first: nothing moves")
        lines.append(f"  moves ({len(self.moves)}):")
        lines += [f"    git mv {m.source} -> {m.target}" for m in self.moves]
        if self.links:
            lines.append(f"  symbolic links re-pointed ({len(self.links)}):")
            lines += [f"    {k.path}: -> {k.before} becomes -> {k.after}" for k in self.links]
        lines.append(f"  import rewrites ({len(self.imports)}):")
        for edit in self.imports:
            before = edit.before.replace("\n", " ")
            after = edit.after.replace("\n", "; ")
            lines.append(f"    {edit.file}:{edit.line}: {before} -> {after}")
        if self.published:
            lines.append(f"  kept as published ({len(self.published)}):")
            lines += [f"    = {name}: {how}" for name, how in self.published.items()]
        lines.append("  " + self.program_line())
        lines.append(f"  new files ({len(self.new_files)}):")
        lines += [f"    {f.path}: {f.why}" for f in self.new_files]
        lines.append(f"  pyproject.toml ({len(self.pyproject_changes)}):")
        lines += [f"    + {change}" for change in self.pyproject_changes]
        lines.append(f"  risks ({len(self.risks)}):")
        lines += [f"    ! {risk}" for risk in self.risks]
        return "\n".join(lines)


@dataclass
class Options:
    package: str | None = None
    entry: str | None = None
    subpackage: str | None = None
    scripts: str = "one"  # "all": every other __main__ block gets a console script too
