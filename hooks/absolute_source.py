#!/usr/bin/env python3
"""Make the template source that copier recorded usable by `copier update` from the project.

    python hooks/absolute_source.py SOURCE DESTINATION [ANSWERS_FILE]

SOURCE and DESTINATION are the paths as typed to `copier copy`. Copier stores SOURCE in the
answers file as `_src_path` verbatim, and `copier update` resolves a relative one from the
folder it runs in: inside the project `.` is the project, and the update dies with
"Unknown revision" (copier-org/copier#335). So, for a relative SOURCE:
- if exactly one folder copier can have been started in (the project's path minus
  DESTINATION) holds, at SOURCE, this very template (the same copier.yml), the answers file
  gets that absolute path;
- otherwise a warning gives the one line to change.
The copy never fails here: the project itself is fine.
Standard library only.
"""

from __future__ import annotations

import json
import os
import re
import sys
from functools import cache
from pathlib import Path, PurePath

# gh:, gl:, https://, git+ssh://, git@host:path, and C:\ on Windows are not relative paths.
NOT_A_PATH = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*:|[^/\\]+@[^/\\]+:)")
OUR_CONFIG = Path(__file__).resolve().parents[1] / "copier.yml"
# copier's answers file: the one name every hook and every modfirst command uses.
ANSWERS_FILE = ".copier-answers.yml"


def is_relative_path(source: str) -> bool:
    return (
        bool(source)
        and not source.startswith("~")
        and not NOT_A_PATH.match(source)
        and not Path(source).is_absolute()
    )


def starting_folders(destination: str, project: Path) -> list[Path]:
    """Folders F with F / DESTINATION == project; only a leading `..` or none is invertible."""
    parts = PurePath(os.path.normpath(destination)).parts
    if PurePath(destination).is_absolute() or ".." in parts[1:]:
        return []
    climbs = parts[:1] == ("..",)
    anchor = project
    for _ in parts[1:] if climbs else parts:
        anchor = anchor.parent
    if not climbs:
        return [anchor]
    return [child for child in anchor.iterdir() if child.is_dir()]


@cache
def our_config() -> bytes:
    """This template's copier.yml, read once however many folders are compared with it."""
    return OUR_CONFIG.read_bytes()


def is_this_template(folder: Path, project: Path) -> bool:
    config = folder / "copier.yml"
    return folder != project and config.is_file() and config.read_bytes() == our_config()


def template_folder(source: str, destination: str, project: Path) -> Path | None:
    candidates = {(start / source).resolve() for start in starting_folders(destination, project)}
    found = [folder for folder in candidates if is_this_template(folder, project)]
    return found[0] if len(found) == 1 else None


def yaml_string(value: str) -> str:
    """`value` as a YAML double-quoted scalar: JSON's escapes, which YAML shares, except for a
    character outside the BMP, which JSON writes as a surrogate pair ("\\ud835\\udcc0") that
    YAML refuses (libyaml) or misreads (PyYAML): YAML's own \\UXXXXXXXX instead."""
    return (
        '"'
        + "".join(f"\\U{ord(c):08x}" if ord(c) > 0xFFFF else json.dumps(c)[1:-1] for c in value)
        + '"'
    )


def set_answers(answers: Path, entries: dict[str, str]) -> None:
    """Set top-level entries of copier's answers file, keeping the rest as copier wrote it.

    copier's YAML writer folds a long value onto indented continuation lines: they go with the
    entry. An entry not in the file yet goes after the header comment. Values are written as
    double-quoted YAML strings (yaml_string), read back as strings (a commit like 1234e567
    stays text).
    The kit records its seats' template with this too (as modfirst.hooks.absolute_source).
    """
    lines: list[str] = []
    replaced: set[str] = set()
    continuing = False
    for line in answers.read_text(encoding="utf-8").splitlines():
        key = line.split(":", 1)[0]
        if key in entries:
            lines.append(f"{key}: {yaml_string(entries[key])}")
            replaced.add(key)
            continuing = True
        elif not (continuing and line[:1].isspace()):
            lines.append(line)
            continuing = False
    at = next((i for i, line in enumerate(lines) if not line.startswith("#")), len(lines))
    lines[at:at] = [
        f"{key}: {yaml_string(value)}" for key, value in entries.items() if key not in replaced
    ]
    answers.write_text("\n".join(lines) + "\n", encoding="utf-8")


def main(argv: list[str]) -> int:
    source, destination = argv[0], argv[1]
    answers = Path(argv[2] if len(argv) > 2 else ANSWERS_FILE)
    if not is_relative_path(source) or not answers.is_file():
        return 0
    project = Path.cwd().resolve()
    template = template_folder(source, destination, project)
    if template is not None:
        set_answers(answers, {"_src_path": str(template)})
        print(
            f"modfirst: recorded the template as {template} in {answers} (copier stored the "
            f"relative path {source!r}, which `copier update` would look for inside the project)."
        )
        return 0
    print(
        f"modfirst: warning: copier recorded the template as the relative path {source!r}, and "
        "`copier update` resolves it from the folder it runs in (inside the project it fails "
        f'with "Unknown revision"). Fix it once: in {answers} write `_src_path: '
        '"/absolute/path/to/modfirst"` and commit; next time copy from an absolute path, '
        'e.g. `copier copy --trust "$PWD" ../myproj`.',
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
