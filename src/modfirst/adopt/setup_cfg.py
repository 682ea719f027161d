"""setup.cfg told where the package is after the move, the way a maintainer edits it: `[options]`
gets `package_dir = =src`, `packages = find:` gets `[options.packages.find] where = src`, a
published module that became a package is listed in `packages`. Every other line is kept
as it was (the file is edited as lines, never written back by configparser)."""

from __future__ import annotations

import configparser
import contextlib
import re
from dataclasses import dataclass, field

SECTION = re.compile(r"^\[([^\]]+)\]\s*$")
KEY = re.compile(r"^([A-Za-z0-9_.-]+)\s*[=:]")


@dataclass
class Edit:
    text: str
    changes: list[str] = field(default_factory=list)
    problem: str = ""  # why it cannot be pointed at src/ ("" when it can)


def places_packages(config: str | configparser.ConfigParser) -> bool:
    """setup.cfg's [options] says which packages or modules it builds."""
    parser = parse(config) if isinstance(config, str) else config
    return parser.has_option("options", "packages") or parser.has_option("options", "py_modules")


def parse(text: str) -> configparser.ConfigParser:
    parser = configparser.ConfigParser(interpolation=None)
    # Read as far as it goes; the reads of the metadata report a broken file.
    with contextlib.suppress(configparser.Error):
        parser.read_string(text, "setup.cfg")
    return parser


def sections(lines: list[str]) -> dict[str, tuple[int, int]]:
    """Section name -> (its header's line index, the index after its last line)."""
    found: dict[str, tuple[int, int]] = {}
    current, start = "", 0
    for index, line in enumerate(lines):
        match = SECTION.match(line)
        if match:
            if current:
                found[current] = (start, index)
            current, start = match.group(1).strip(), index
    if current:
        found[current] = (start, len(lines))
    return found


def to_src(
    text: str, package: str, single: bool, parser: configparser.ConfigParser | None = None
) -> Edit:
    """The edit of setup.cfg that makes setuptools find `package` under src/ (`parser`:
    the file as already read)."""
    parser = parser or parse(text)
    if not parser.has_section("options"):
        return Edit(text, problem="setup.cfg has no [options]")
    if parser.has_option("options", "package_dir"):
        return Edit(text, problem="setup.cfg already has a package_dir")
    newline = "\r\n" if "\r\n" in text else "\n"
    lines = text.splitlines(keepends=True)
    if lines and not lines[-1].endswith(("\n", "\r")):
        lines[-1] += newline
    edit = Edit(text)
    packages = parser.get("options", "packages", fallback="").strip()
    if single and parser.get("options", "py_modules", fallback="").strip() == package:
        start, end = sections(lines)["options"]
        for index in range(start + 1, end):
            if re.match(r"^py_modules\s*[=:]", lines[index]):
                lines[index] = f"packages = {package}{newline}"
        edit.changes.append(f"setup.cfg: py_modules = {package} becomes packages = {package}")
    elif packages in {"find:", "find_namespace:"}:
        if parser.has_option("options.packages.find", "where"):
            return Edit(text, problem="setup.cfg's packages are found in a folder already")
        found = sections(lines)
        if "options.packages.find" in found:
            header = found["options.packages.find"][0]
            lines.insert(header + 1, f"where = src{newline}")
        else:
            lines += [newline, f"[options.packages.find]{newline}", f"where = src{newline}"]
        edit.changes.append("setup.cfg: [options.packages.find] where = src")
    start, end = sections(lines)["options"]
    last = max((i for i in range(start + 1, end) if lines[i].strip()), default=start)
    lines[last + 1 : last + 1] = [f"package_dir ={newline}", f"    =src{newline}"]
    edit.changes.append("setup.cfg: [options] package_dir = =src")
    edit.text = "".join(lines)
    return edit
