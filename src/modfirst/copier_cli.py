"""The one way modfirst runs copier: render a template into a folder, update a project, ask
for the newest version. copier runs as a child process under this Python (`-P -m copier`)
from a working folder outside the project, so the project's own `logging.py` or `string.py`
is never imported by copier, and a render can go on in the background while modfirst works.

Every failure is a CopierError saying what copier said (its error line, never its usage text)
and whether the template could not be reached or copier failed on the project.
(hooks/carry_renamed.py renders too, with its own few lines: copier runs it by path, where
modfirst may be absent.)
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from . import processes
from .answers import Link
from .git import changed_files, conflicted
from .template_files import Template

# copier's output when the template itself cannot be fetched (a path that is gone, a remote
# that does not answer or refuses us), as opposed to copier failing on the project.
UNREACHABLE = re.compile(
    r"Local template must be a directory|does not appear to be a git repository"
    r"|not a git repository|Could not resolve host|unable to access|Repository not found"
    r"|repository '[^']*' not found|Could not read from remote|Authentication failed"
    r"|Checking is only supported in git-tracked templates|No such file or directory",
    re.IGNORECASE,
)
ERROR_LINE = re.compile(r"^(?:[\w.]*(?:Error|Exception)|error|Error|fatal|ERROR)\b.*:")
WORKFLOWS = ".github/workflows/"


class CopierError(Exception):
    """copier did not do what was asked. `kind`: "unreachable" (the template cannot be fetched),
    "failed" (copier ran and refused or crashed) or "timed out"."""

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind
        self.message = message


def said(output: str) -> str:
    """copier's error line: the last line that names an error, else its last line."""
    lines = [line.strip() for line in output.splitlines() if line.strip()]
    for line in reversed(lines):
        if ERROR_LINE.match(line):
            return line
    return lines[-1] if lines else "no message"


def failure(what: str, result: processes.Completed) -> CopierError:
    output = result.errors + "\n" + result.text
    kind = "unreachable" if UNREACHABLE.search(output) else "failed"
    return CopierError(kind, f"{what} (copier exited {result.returncode}: {said(output)})")


def copier_argv(*args: str) -> list[str]:
    return processes.python_argv("-m", "copier", *args)


def copier(
    *args: str,
    what: str,
    timeout: str | float = "copier",
    cwd: Path | None = None,
    env: Mapping[str, str] | None = None,
) -> processes.Completed:
    """Run copier ARGS in cwd (default: a folder outside any project); raise CopierError unless
    it succeeds. -P keeps cwd off copier's sys.path either way."""
    with tempfile.TemporaryDirectory(prefix="modfirst-copier-") as outside:
        try:
            result = processes.run(
                copier_argv(*args), cwd=cwd or Path(outside), timeout=timeout, env=quiet_env(env)
            )
        except processes.TimedOut as error:
            raise CopierError("timed out", f"{what}: {error}") from None
    if not result.ok:
        raise failure(what, result)
    return result


def quiet_env(extra: Mapping[str, str] | None = None) -> dict[str, str]:
    return {**os.environ, "PYTHONWARNINGS": "ignore", **(extra or {})}


# --- render -------------------------------------------------------------------------------


def answers_file(answers: Mapping[str, object], destination: Path) -> Path:
    """`answers` written beside `destination`, for copier's --data-file."""
    data = destination.with_name(destination.name + ".answers.json")
    data.write_text(json.dumps(dict(answers)), encoding="utf-8")  # JSON is YAML
    return data


def render_argv(
    template: Template, data: Path, destination: Path, exclude: Iterable[str]
) -> list[str]:
    """`copier copy` of `template` with the answers in `data` (a file), tasks skipped."""
    argv = ["copy", "--defaults", "--trust", "--skip-tasks", "--quiet", "--data-file", str(data)]
    for pattern in exclude:
        argv += ["--exclude", pattern]
    if template.vcs_ref:
        argv += ["--vcs-ref", template.vcs_ref]
    return [*argv, template.src, str(destination)]


def render(
    template: Template,
    answers: Mapping[str, object],
    destination: Path,
    exclude: Iterable[str] = (),
    timeout: str | float = "copier",
) -> Path:
    """Render `template` with `answers` into `destination` (which must not exist yet)."""
    argv = render_argv(template, answers_file(answers, destination), destination, exclude)
    copier(*argv, what=f"cannot render the template {template.src}", timeout=timeout)
    return destination


class Rendering:
    """A render going on in the background (start_render); wait() finishes it."""

    def __init__(self, template: Template, argv: list[str]) -> None:
        self.template = template
        self.outside = tempfile.TemporaryDirectory(prefix="modfirst-copier-")
        self.started = processes.start(
            copier_argv(*argv), cwd=Path(self.outside.name), env=quiet_env()
        )

    def wait(self, timeout: str | float = "copier") -> None:
        """Wait for the render; raise CopierError when it did not succeed."""
        try:
            result = self.started.wait(timeout)
        except processes.TimedOut as error:
            raise CopierError(
                "timed out", f"cannot render the template {self.template.src}: {error}"
            ) from None
        finally:
            self.outside.cleanup()
        if not result.ok:
            raise failure(f"cannot render the template {self.template.src}", result)

    def stop(self) -> None:
        self.started.stop()
        self.outside.cleanup()


def start_render(
    template: Template,
    answers: Mapping[str, object],
    destination: Path,
    exclude: Iterable[str] = (),
) -> Rendering:
    """Start rendering in the background; call .wait() on the result."""
    data = answers_file(answers, destination)
    return Rendering(template, render_argv(template, data, destination, exclude))


# --- update -------------------------------------------------------------------------------


@dataclass
class Updated:
    """What `copier update` changed in a project, and what it could not merge."""

    changed: list[str] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)
    rejects: list[str] = field(default_factory=list)
    workflows_changed: list[str] = field(default_factory=list)
    error: str = ""


def update(
    project: Path,
    *,
    tasks: bool,
    vcs_ref: str | None = None,
    timeout: str | float = "update",
    env: Mapping[str, str] | None = None,
) -> Updated:
    """`copier update` of the project, every answer kept, conflicts written inline; then the
    scan of what it left. `tasks` runs the template's tasks and migrations (the verification);
    `env` adds variables for them (MODFIRST_VERIFY_REPORT).
    A copier failure is reported in `error` with what the scan found, not raised."""
    argv = ["update", "--trust", "--defaults", "--conflict", "inline"]
    argv += [] if tasks else ["--skip-tasks", "--quiet"]
    argv += ["--vcs-ref", vcs_ref] if vcs_ref else []
    error = ""
    try:  # from the project, as a user runs it (a relative _src_path resolves from there)
        copier(*argv, ".", what="copier update failed", timeout=timeout, cwd=project, env=env)
    except CopierError as refused:
        error = refused.message
    found = scan(project)
    found.error = error
    return found


def scan(project: Path) -> Updated:
    """The project's changes after an update: its conflicts (copier exits 0 with inline
    markers), the .rej files copier writes for what it could not merge inline."""
    found = Updated(changed=changed_files(project))
    found.conflicts = conflicted(project, found.changed)
    found.rejects = [name for name in found.changed if name.endswith(".rej")]
    found.workflows_changed = [n for n in found.changed if n.startswith(WORKFLOWS)]
    return found


# --- versions -----------------------------------------------------------------------------


@dataclass
class Versions:
    latest: str | None
    update_available: bool


def check_update(project: Path) -> Versions:
    """The newest template version, from copier's own `check-update`; CopierError if not."""
    result = copier(
        "check-update", "--output-format", "json", ".", what="copier check-update failed",
        cwd=project,
    )  # fmt: skip
    try:
        found = json.loads(result.text)
    except ValueError:
        found = None
    if not isinstance(found, dict):
        raise CopierError("failed", f"copier check-update printed no JSON: {said(result.text)}")
    return Versions(found.get("latest_version"), bool(found.get("update_available")))


def fill_versions(project: Path, link: Link) -> Link:
    """Fill in the newest version from copier's check-update; say why when copier cannot."""
    try:
        found = check_update(project)
    except CopierError as error:
        link.reachable, link.error, link.error_kind = False, error.message, error.kind
        return link
    link.latest, link.update_available = found.latest, found.update_available
    return link


def unchecked(link: Link) -> str:
    """How to say that copier could not tell the newest version."""
    return "cannot be checked" if link.error_kind == "failed" else "cannot be reached"
