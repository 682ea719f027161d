"""Where the template's files are: the one place in modfirst that knows.

The template is the folder holding copier.yml, includes/, template/, hooks/ and workshop/:
- run from a clone, the clone itself (this file is src/modfirst/template_files.py in it);
- installed from a wheel, the installed package folder, which ships those files beside the
  modules (pyproject.toml's force-include), so it is itself a template copier can render.

What copier should copy from (`source()`) prefers a place `copier update` can follow later:
the clone at HEAD, else the git URL and commit pip or uv installed modfirst from, else the
shipped files.
"""

from __future__ import annotations

import importlib.util
import json
import sys
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from types import ModuleType
from urllib.parse import urlparse

PACKAGE = Path(__file__).resolve().parent


def is_template(folder: Path) -> bool:
    """A folder holding this template's copier.yml and the hooks copier runs."""
    return (folder / "copier.yml").is_file() and (folder / "hooks" / "verify.py").is_file()


def clone() -> Path | None:
    """The root of the clone this code runs from, or None when installed."""
    root = PACKAGE.parents[1]
    return root if is_template(root) else None


def files() -> Path:
    """The local folder with copier.yml, includes/, template/, hooks/ and workshop/."""
    return clone() or PACKAGE


def solutions() -> Path:
    """The workshop's reference solutions (one folder per exercise)."""
    return files() / "workshop" / "solutions"


@dataclass(frozen=True)
class Template:
    """A template source for copier and the version to take (None: copier's choice)."""

    src: str
    vcs_ref: str | None


def source() -> Template:
    """What copier copies from when the user names no template."""
    return followable_source() or Template(str(files()), None)


def followable_source() -> Template | None:
    """A source `copier update` can follow later: the clone at HEAD, or the git URL and commit
    modfirst was installed from. None for a wheel from an index (its files have no history)."""
    root = clone()
    if root is not None and (root / ".git").exists():
        return Template(str(root), "HEAD")
    return installed_from()


def installed_from() -> Template | None:
    """The git URL and commit (or the local clone) pip or uv installed modfirst from."""
    # Imported here: together ~40 ms that every modfirst start would pay for one code path.
    from importlib import metadata
    from urllib.request import url2pathname

    try:
        raw = metadata.distribution("modfirst").read_text("direct_url.json")
    except metadata.PackageNotFoundError:
        return None
    origin = json.loads(raw) if raw else {}
    vcs = origin.get("vcs_info")
    if vcs and vcs.get("vcs") == "git":  # pip/uv install git+URL: that URL, that commit
        return Template(str(origin["url"]), vcs.get("commit_id") or vcs.get("requested_revision"))
    url = str(origin.get("url", ""))
    if "dir_info" in origin and url.startswith("file://"):  # pip install FOLDER
        folder = Path(url2pathname(urlparse(url).path))
        if is_template(folder) and (folder / ".git").exists():
            return Template(str(folder), "HEAD")
    return None


def is_default(template: str) -> bool:
    """Whether `template` names the folder files() returns (then HEAD is the version to take)."""
    return Path(template).resolve() == files().resolve()


@cache
def load_hook(template: Path, name: str) -> ModuleType:
    """hooks/NAME.py of another template folder (a seat's own version), loaded once per process.

    For this modfirst's own hooks, import modfirst.hooks.NAME instead."""
    path = template / "hooks" / f"{name}.py"
    module_name = f"_modfirst_hook_{len(sys.modules)}_{name}"
    spec = importlib.util.spec_from_file_location(module_name, path)
    if spec is None or spec.loader is None:
        raise ImportError(f"cannot load {path}")
    module = importlib.util.module_from_spec(spec)
    sys.modules[module_name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module
