"""A project's link to its template: the version it follows, the newest one, what an update
would change or conflict on, and what the project has changed of the template's files.

Versions come from copier's own `check-update --output-format json`; the update is copier's
own `update`, run in a throwaway clone of the project, never in the project itself.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from ..git import changed_files, conflicted, git, output
from ..render import RenderError, render
from ..template_files import Template

COPIER_TIMEOUT = 300
MARKERS = re.compile(r"^<{7} before updating$.*?^>{7} after updating$", re.MULTILINE | re.DOTALL)
ANSWERS = ".copier-answers.yml"


@dataclass
class Link:
    """Where the project came from and how far behind it is."""

    src: str
    commit: str
    reachable: bool = True
    error: str = ""
    latest: str | None = None
    update_available: bool | None = None
    commits_behind: int | None = None


@dataclass
class Trial:
    """What `copier update` did in a throwaway clone of the project."""

    changed: list[str] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)
    hunks: dict[str, list[str]] = field(default_factory=dict)
    error: str = ""


@dataclass
class Drift:
    """Template files the project edited or deleted since the version it follows."""

    edited: list[str] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)
    error: str = ""


def copier(
    *args: str, cwd: Path, timeout: int = COPIER_TIMEOUT
) -> subprocess.CompletedProcess[str]:
    """copier's CLI under this Python, no stdin, output captured, within `timeout` seconds."""
    return subprocess.run(
        [sys.executable, "-m", "copier", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        timeout=timeout,
        check=False,
    )


def last_line(text: str) -> str:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return lines[-1] if lines else ""


def versions(project: Path, link: Link) -> Link:
    """Fill in the newest version from copier's check-update; unreachable if it fails."""
    result = copier("check-update", "--output-format", "json", ".", cwd=project)
    try:
        found = json.loads(result.stdout)
    except ValueError:
        found = None
    if result.returncode != 0 or not isinstance(found, dict):
        link.reachable = False
        link.error = last_line(result.stderr or result.stdout) or "copier check-update failed"
        return link
    link.latest = found.get("latest_version")
    link.update_available = bool(found.get("update_available"))
    return link


def commit_of(recorded: str) -> str:
    """The commit a recorded `_commit` names: a tag, a hash, or describe's `TAG-N-gHASH`."""
    match = re.search(r"-g([0-9a-f]{7,40})$", recorded)
    return match.group(1) if match else recorded


def commits_behind(src: str, recorded: str) -> int | None:
    """Commits on the template's HEAD since the recorded one (local templates only: counting
    a remote one would mean cloning it a second time)."""
    folder = Path(src)
    if not (folder / ".git").exists():
        return None
    try:
        count = output("rev-list", "--count", f"{commit_of(recorded)}..HEAD", cwd=folder)
    except subprocess.CalledProcessError:
        return None
    return int(count.strip())


def throwaway_clone(project: Path, temp: Path) -> Path:
    """The project's committed state, cloned into `temp`."""
    clone = temp / "project"
    git("clone", "--quiet", "--no-hardlinks", str(project), str(clone), cwd=temp)
    return clone


def trial_update(project: Path, temp: Path) -> Trial:
    """Run copier update in a clone of the project; list what changed and what conflicts."""
    trial = Trial()
    clone = throwaway_clone(project, temp)
    result = copier(
        "update", "--trust", "--defaults", "--conflict", "inline", "--skip-tasks", "--quiet",
        cwd=clone,
    )  # fmt: skip
    if result.returncode != 0:
        trial.error = last_line(result.stderr or result.stdout) or "copier update failed"
        return trial
    trial.changed = changed_files(clone)
    trial.conflicts = conflicted(clone, trial.changed)
    for name in trial.conflicts:
        path = clone / name
        text = path.read_text(encoding="utf-8", errors="replace") if path.is_file() else ""
        trial.hunks[name] = MARKERS.findall(text)
    return trial


def files_of(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and ".git" not in p.relative_to(root).parts
    }


def drift(project: Path, link: Link, answers: dict[str, object], temp: Path) -> Drift:
    """Render the version the project follows with its answers; compare with the project."""
    data = {k: v for k, v in answers.items() if not k.startswith("_")}
    try:
        rendered = render(Template(link.src, link.commit), data, temp / "rendered")
    except RenderError as error:
        return Drift(error=str(error))
    found = Drift()
    for name, content in files_of(rendered).items():
        if name == ANSWERS:
            continue
        mine = project / name
        if not mine.is_file():
            found.deleted.append(name)
        elif mine.read_bytes() != content:
            found.edited.append(name)
    return found


def scratch() -> tempfile.TemporaryDirectory[str]:
    return tempfile.TemporaryDirectory(prefix="modfirst-check-")
