"""What a project publishes, read from its built artifacts, and compared before and after.

The sdist is built with the project's own backend in an isolated environment, then the wheel
from that sdist (`python -m build` does both), so a file the sdist forgets is missing from the
wheel too. The wheel is read into one `Published` model: every core metadata field (PEP 440 /
PEP 508 normalised), entry points, importable modules (`a.py` and `a/__init__.py` are both
`a`), compiled extensions, package data, data files and scripts (with their content hashes).
"""

from __future__ import annotations

import configparser
import hashlib
import re
import shutil
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from packaging.metadata import parse_email
from packaging.requirements import InvalidRequirement, Requirement
from packaging.specifiers import InvalidSpecifier, SpecifierSet
from packaging.utils import canonicalize_name
from packaging.version import InvalidVersion, Version

from .. import processes

SCM_LOCAL = re.compile(r"g[0-9a-f]{7,40}(\.d\d{8})?")
# The same in a generated `_version.py` (setuptools_scm's write_to, hatch-vcs): the copy's commit.
SCM_LOCAL_IN_CODE = re.compile(rb"\bg[0-9a-f]{7,40}(\.d\d{8})?\b")
EXTENSION = re.compile(r"\.(so|pyd)$|\.cpython-[^.]*\.so$|\.abi3\.so$")
# Fields whose value is a list whose order publishes nothing.
UNORDERED = {"classifiers", "requires_dist", "provides_extra", "license_files", "dynamic"}


@dataclass
class Artifacts:
    """One build: the sdist and the wheel made from it."""

    sdist: Path
    wheel: Path


@dataclass
class Published:
    """What a wheel installs, normalised so that only a real difference compares unequal."""

    metadata: dict[str, str] = field(default_factory=dict)  # field -> normalised value
    entry_points: dict[str, str] = field(default_factory=dict)  # "group name" -> target
    modules: set[str] = field(default_factory=set)  # dotted, a/__init__.py is "a"
    code: dict[str, str] = field(default_factory=dict)  # module -> sha256 of its source
    extensions: set[str] = field(default_factory=set)  # dotted names of compiled modules
    package_data: dict[str, str] = field(default_factory=dict)  # path in the wheel -> sha256
    data_files: dict[str, str] = field(default_factory=dict)  # .data/data/PATH -> sha256
    scripts: dict[str, str] = field(default_factory=dict)  # .data/scripts/NAME -> sha256
    tag: str = ""  # the wheel's tags (py3-none-any, cp312-cp312-linux_x86_64)

    def top_names(self) -> list[str]:
        """The top-level import names the wheel installs."""
        return sorted({name.split(".")[0] for name in self.modules | self.extensions})


class BuildFailed(Exception):
    """The backend could not build: the one line that says why."""


def build_command(project: Path, out: Path) -> list[str]:
    """`python -m build`: the sdist, then the wheel from it, each in an isolated environment
    (uv installs the build requirements when it is on PATH: several times faster)."""
    command = processes.python_argv("-m", "build", "--outdir", str(out))
    if shutil.which("uv"):
        command.append("--installer=uv")
    return [*command, str(project)]


def build(project: Path, out: Path) -> Artifacts:
    """The project's sdist and the wheel built from it, into `out` (BuildFailed: why not)."""
    out.mkdir(parents=True, exist_ok=True)
    try:
        result = processes.run(build_command(project, out), cwd=project.parent, timeout="build")
    except processes.TimedOut:
        raise BuildFailed(
            f"the build did not finish in {processes.TIMEOUTS['build']:g} s"
        ) from None
    except OSError as error:
        raise BuildFailed(f"could not run python -m build: {error}") from None
    sdists, wheels = sorted(out.glob("*.tar.gz")), sorted(out.glob("*.whl"))
    if result.returncode != 0 or len(sdists) != 1 or len(wheels) != 1:
        raise BuildFailed(build_error(result.text + result.errors))
    return Artifacts(sdists[0], wheels[0])


def build_error(output: str) -> str:
    lines = [line.strip() for line in output.splitlines() if line.strip()]
    for line in lines:
        if re.match(r"^(\w*(Error|Exception)\b|error:|ERROR)", line):
            return line[:300]
    return (lines[-1] if lines else "no output")[:300]


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def read_wheel(wheel: Path) -> Published:
    """The wheel's contents, sorted into what a user of the project sees."""
    found = Published(tag=wheel.name.removesuffix(".whl").split("-", 2)[-1])
    with zipfile.ZipFile(wheel) as archive:
        for info in archive.infolist():
            if info.is_dir():
                continue
            path = PurePosixPath(info.filename)
            top = path.parts[0]
            if top.endswith(".dist-info"):
                if path.name == "METADATA" and len(path.parts) == 2:
                    found.metadata = metadata(archive.read(info).decode("utf-8"))
                elif path.name == "entry_points.txt" and len(path.parts) == 2:
                    found.entry_points = entry_points(archive.read(info).decode("utf-8"))
                continue
            if top.endswith(".data") and len(path.parts) > 2:
                kind, inside = path.parts[1], PurePosixPath(*path.parts[2:])
                if kind in {"purelib", "platlib"}:
                    add_file(found, inside, archive.read(info))
                elif kind == "scripts":
                    found.scripts[str(inside)] = sha256(archive.read(info))
                else:  # data, headers
                    found.data_files[f"{kind}/{inside}"] = sha256(archive.read(info))
                continue
            add_file(found, path, archive.read(info))
    return found


def add_file(found: Published, path: PurePosixPath, data: bytes) -> None:
    """A file the wheel installs into site-packages."""
    if path.suffix == ".py":
        parts = list(path.with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        if parts:
            found.modules.add(".".join(parts))
            found.code[".".join(parts)] = sha256(SCM_LOCAL_IN_CODE.sub(b"g", data))
    elif EXTENSION.search(path.name):
        found.extensions.add(".".join([*path.parts[:-1], path.name.split(".")[0]]))
    elif path.suffix != ".pyc" and "__pycache__" not in path.parts:
        found.package_data[str(path)] = sha256(data)


def metadata(text: str) -> dict[str, str]:
    """Core metadata, each field normalised to one comparable string."""
    raw, unparsed = parse_email(text)
    fields: dict[str, str] = {}
    for key, value in {**raw, **unparsed}.items():
        if key == "metadata_version":
            continue  # the format, not the project: a newer backend may write a newer one
        fields[key] = normalised(key, value)
    return fields


def normalised(key: str, value: object) -> str:
    if key == "name" and isinstance(value, str):
        return canonicalize_name(value)
    if key == "version" and isinstance(value, str):
        try:
            version = Version(value)
        except InvalidVersion:
            return value
        # setuptools_scm's `+g<commit>[.d<date>]` names the proof's copy, a new commit on each
        # side: not the project's version.
        if version.local and SCM_LOCAL.fullmatch(version.local):
            return version.public
        return str(version)
    if key == "requires_python" and isinstance(value, str):
        try:
            return str(SpecifierSet(value))
        except InvalidSpecifier:
            return value
    if key == "description" and isinstance(value, str):
        return value.rstrip()
    if isinstance(value, dict):
        return "; ".join(f"{k}, {v}" for k, v in sorted(value.items()))
    if isinstance(value, list):
        items = [requirement(v) if key == "requires_dist" else str(v) for v in value]
        if key == "provides_extra":
            items = [canonicalize_name(v) for v in items]
        return "; ".join(sorted(items) if key in UNORDERED else items)
    return str(value)


def requirement(text: str) -> str:
    """A PEP 508 requirement written one way: canonical name, sorted extras, sorted specifiers."""
    try:
        parsed = Requirement(text)
    except InvalidRequirement:
        return text
    extras = f"[{','.join(sorted(canonicalize_name(e) for e in parsed.extras))}]"
    written = canonicalize_name(parsed.name) + (extras if parsed.extras else "")
    written += f" @ {parsed.url}" if parsed.url else str(parsed.specifier)
    return written + (f"; {parsed.marker}" if parsed.marker else "")


def entry_points(text: str) -> dict[str, str]:
    parser = configparser.ConfigParser(interpolation=None, delimiters=("=",))
    parser.optionxform = str  # type: ignore[assignment,method-assign]  # names keep their case
    parser.read_string(text)
    return {
        f"{group} {name}": re.sub(r"\s+", "", value)
        for group in parser.sections()
        for name, value in parser.items(group)
    }


@dataclass
class Explained:
    """What adoption itself adds to what the project publishes (never a removal)."""

    modules: set[str] = field(default_factory=set)  # e.g. PKG.__main__, a module adopt wrote
    entry_points: set[str] = field(default_factory=set)  # "group name" adopt added


def differences(before: Published, after: Published, explained: Explained) -> list[str]:
    """Every way `after` publishes something else than `before`, one line each, naming the
    field or the file; what adoption added on purpose (`explained`) is not one."""
    found: list[str] = []
    for key in sorted(set(before.metadata) | set(after.metadata)):
        old, new = before.metadata.get(key), after.metadata.get(key)
        if old != new:
            found.append(f"metadata {key}: {short(old)} -> {short(new)}")
    for key in sorted(set(before.entry_points) | set(after.entry_points)):
        old, new = before.entry_points.get(key), after.entry_points.get(key)
        if old != new and not (old is None and key in explained.entry_points):
            found.append(f"entry point {key}: {old or '-'} -> {new or '-'}")
    found += set_change("module", before.modules, after.modules, explained.modules)
    # The move changes where the code is, never what it says: a published module whose source
    # differs (a string rewritten inside the package) is a change the user would ship.
    found += [
        f"module {name}: its code changed"
        for name in sorted(set(before.code) & set(after.code))
        if before.code[name] != after.code[name]
    ]
    found += set_change("compiled extension", before.extensions, after.extensions, set())
    for kind, old_files, new_files in [
        ("package data", before.package_data, after.package_data),
        ("data file", before.data_files, after.data_files),
        ("script", before.scripts, after.scripts),
    ]:
        found += set_change(kind, set(old_files), set(new_files), set())
        found += [
            f"{kind} {name}: its content changed"
            for name in sorted(set(old_files) & set(new_files))
            if old_files[name] != new_files[name]
        ]
    if before.tag != after.tag:
        found.append(f"wheel tag: {before.tag} -> {after.tag}")
    return found


def set_change(
    kind: str, before: set[str], after: set[str], added_on_purpose: set[str]
) -> list[str]:
    lost = sorted(before - after)
    gained = sorted(after - before - added_on_purpose)
    return [f"{kind} {name}: lost" for name in lost] + [f"{kind} {name}: added" for name in gained]


def short(value: str | None) -> str:
    if value is None:
        return "-"
    one_line = value.replace("\n", "\\n")
    return repr(one_line if len(one_line) <= 80 else one_line[:77] + "...")


def published(project: Path) -> Published:
    """Build `project` in a temporary folder and read what its wheel installs."""
    out = Path(tempfile.mkdtemp(prefix="modfirst-build-"))
    try:
        return read_wheel(build(project, out).wheel)
    finally:
        shutil.rmtree(out, ignore_errors=True)
