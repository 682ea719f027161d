"""Where this command's companions live: the verification file, copier.yml, the template.

Installed from a wheel, hooks/verify.py and copier.yml ship inside the package (see
pyproject.toml's force-include); run from a clone, they are read from the clone by path.
Either way it is the same file copier's task runs, never a second copy.
"""

from __future__ import annotations

import importlib
import json
from dataclasses import dataclass
from functools import cache
from importlib import metadata
from pathlib import Path
from types import ModuleType
from urllib.parse import urlparse
from urllib.request import url2pathname

PACKAGE_DIR = Path(__file__).resolve().parent
CLONE = PACKAGE_DIR.parents[1]  # the repository root when running from a clone (src layout)


def in_clone() -> bool:
    return (CLONE / "copier.yml").is_file() and (CLONE / "hooks" / "verify.py").is_file()


@cache
def verify_module() -> ModuleType:
    """hooks/verify.py as a module: shipped as modfirst._verify, or loaded from the clone."""
    if (PACKAGE_DIR / "_verify.py").is_file():
        return importlib.import_module("modfirst._verify")
    from modfirst_kit.hook_files import load  # shipped beside modfirst; in a clone, its root

    return load(CLONE / "hooks" / "verify.py")


def rules_folder() -> Path:
    """The folder holding copier.yml and includes/ (the name rules' one source)."""
    shipped = PACKAGE_DIR / "_data"
    return shipped if (shipped / "copier.yml").is_file() else CLONE


@dataclass(frozen=True)
class Template:
    """A template source for copier and the version to take (None: copier's choice)."""

    src: str
    vcs_ref: str | None


def default_template() -> Template | None:
    """The template this command came from: its clone, or the URL pip/uv installed it from."""
    if in_clone() and (CLONE / ".git").exists():
        return Template(str(CLONE), "HEAD")
    try:
        raw = metadata.distribution("modfirst").read_text("direct_url.json")
    except metadata.PackageNotFoundError:
        return None
    if not raw:
        return None
    origin = json.loads(raw)
    vcs = origin.get("vcs_info")
    if vcs and vcs.get("vcs") == "git":  # pip/uv install git+URL: that URL, that commit
        return Template(str(origin["url"]), vcs.get("commit_id") or vcs.get("requested_revision"))
    url = str(origin.get("url", ""))
    if "dir_info" in origin and url.startswith("file://"):  # pip install FOLDER
        folder = Path(url2pathname(urlparse(url).path))
        if (folder / "copier.yml").is_file() and (folder / ".git").exists():
            return Template(str(folder), "HEAD")
    return None
