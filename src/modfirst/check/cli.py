"""Check a project: its template version, whether an update would apply cleanly, what it has
changed of the template's files, and its module-first health (MF001-MF008).

Exit status (modfirst's one table), the first that applies: 1 a health check failed; 5 an
update would conflict; 4 an update is available (and applies cleanly); 3 the template cannot be
reached or copier failed on it; 2 bad usage or not a project; 0 up to date and healthy.
`--json` prints one document with all of it.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .. import copier_cli
from ..answers import ANSWERS, Link, NoTemplate, read_answers, template_of
from ..exit_status import CONFLICTS, NOT_CHECKED, OK, UPDATE_AVAILABLE, USAGE
from ..exit_status import FAILED as HEALTH_FAILED
from ..git import git
from ..report import document, unwritable_summary
from . import health, link

PREFIX = "modfirst check:"
UNREACHABLE = NOT_CHECKED
STATUS_WORDS = {
    OK: "ok",
    HEALTH_FAILED: "unhealthy",
    USAGE: "not-checked",
    UNREACHABLE: "template-unreachable",
    UPDATE_AVAILABLE: "update-available",
    CONFLICTS: "update-conflicts",
}


@dataclass
class CheckReport:
    """Everything `modfirst check` found; `--json` prints it, and the exit status comes from it."""

    project: str
    template: Link | None = None
    update: link.Trial | None = None
    drift: link.Drift | None = None
    health: list[health.Finding] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def exit_status(self) -> int:
        if any(f.status == health.FAILED for f in self.health):
            return HEALTH_FAILED
        if self.update and self.update.conflicts:
            return CONFLICTS
        if self.template and self.template.update_available:
            return UPDATE_AVAILABLE
        if self.template and not self.template.reachable:
            return UNREACHABLE
        return OK

    @property
    def status(self) -> str:
        t = self.template
        if self.exit_status == UNREACHABLE and t is not None and t.error_kind == "failed":
            return "copier-failed"
        return STATUS_WORDS[self.exit_status]

    def to_dict(self) -> dict[str, Any]:
        return document(self, self.status)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("path", nargs="?", default=".", type=Path, help="project (default: .)")
    parser.add_argument("--json", action="store_true", help="print the report as one JSON document")
    parser.add_argument("--diff", action="store_true", help="show the conflicting hunks")
    parser.add_argument(
        "--health-only",
        action="store_true",
        help="only the module-first checks: no template, no network (fast; for pre-commit)",
    )
    parser.add_argument(
        "--summary",
        type=Path,
        metavar="FILE",
        help="also append the report as Markdown to FILE (e.g. $GITHUB_STEP_SUMMARY)",
    )
    parser.add_argument(
        "--run",
        action="store_true",
        help="also MF006: install the project in a fresh venv and run `python -m PKG --help`",
    )


def check_template(project: Path, report: CheckReport) -> None:
    """The template link, a trial update and the drift, side by side (each waits on copier)."""
    try:
        answers = read_answers(project)
        report.template = template_of(answers)
    except NoTemplate as why:
        shown = f"{why}: not made from a template" if why.missing else str(why)
        report.notes.append(f"{shown}, health checks only")
        return
    with link.scratch() as temp, ThreadPoolExecutor(max_workers=3) as pool:
        (Path(temp) / "update").mkdir()
        (Path(temp) / "drift").mkdir()
        versions = pool.submit(copier_cli.fill_versions, project, report.template)
        # The trial updates a clone of the last commit, which needs the answers file too.
        trial = None
        if not answers_uncommitted(project):
            trial = pool.submit(link.trial_update, project, Path(temp) / "update")
        drift = pool.submit(link.drift, project, report.template, answers, Path(temp) / "drift")
        versions.result()
        report.template.commits_behind = link.commits_behind(
            report.template.src, report.template.commit
        )
        if report.template.reachable:
            report.update = trial.result() if trial else link.Trial(error=UNCOMMITTED_ANSWERS)
            report.drift = drift.result()


UNCOMMITTED_ANSWERS = (
    f"{ANSWERS} is not in the last commit (adopt leaves its changes staged): "
    "commit them, then check again"
)


def answers_uncommitted(project: Path) -> bool:
    """Whether the last commit lacks the answers file the work tree has (adopt stages its
    changes). Without a commit at all, the trial itself says what is missing."""
    if not git("rev-parse", "--verify", "-q", "HEAD", cwd=project, check=False).ok:
        return False
    return not git("cat-file", "-e", f"HEAD:{ANSWERS}", cwd=project, check=False).ok


def check(args: argparse.Namespace) -> CheckReport:
    started = time.perf_counter()
    project = args.path.resolve()
    report = CheckReport(str(project))
    if not args.health_only:
        check_template(project, report)
    report.health = health.run_checks(project)
    release = health.version_tag(project)
    if release.status == health.SKIPPED:  # only a release commit has a tag to compare
        report.notes.append(f"MF007 skipped: {release.reason}")
    else:
        report.health.append(release)
    if args.run:
        report.health.append(health.run_verification(project))
    report.seconds = round(time.perf_counter() - started, 3)
    return report


def text(report: CheckReport, diff: bool) -> str:
    """The report for a person: one line a fact, the failures with their fixes."""
    lines = [f"{PREFIX} {report.project}"]
    t = report.template
    if t is not None:
        if not t.reachable:
            lines.append(f"  template: {t.src} {copier_cli.unchecked(t)}: {t.error}")
        else:
            behind = "" if t.commits_behind is None else f", {t.commits_behind} commit(s) behind"
            newest = f"newest {t.latest}" if t.latest else "no tagged version"
            lines.append(f"  template: {t.src} at {t.commit} ({newest}{behind})")
    u = report.update
    if u is not None:
        if u.error:
            lines.append(f"  update: could not be tried: {u.error}")
        elif not u.changed:
            lines.append("  update: nothing to change")
        else:
            lines.append(f"  update: would change {', '.join(u.changed)}")
            if u.conflicts:
                lines.append(f"  update: would CONFLICT in {', '.join(u.conflicts)}")
                if diff:  # each file's hunks under a header naming it, as diff does
                    for name in u.conflicts:
                        lines += [f"--- {name}", *u.hunks[name]]
    d = report.drift
    if d is not None and (d.edited or d.deleted or d.error):
        lines += [f"  drift: {d.error}"] if d.error else []
        lines += [f"  drift: edited {', '.join(d.edited)}"] if d.edited else []
        lines += [f"  drift: deleted {', '.join(d.deleted)}"] if d.deleted else []
        if d.not_taken:
            lines.append(f"  drift: {len(d.not_taken)} template file(s) never taken (not deleted)")
    lines += [f"  note: {note}" for note in report.notes]
    for f in report.health:
        mark = {"passed": "ok  ", "failed": "FAIL", "skipped": "skip"}[f.status]
        lines.append(f"  {mark} {f.id} {f.title}" + (f": {f.reason}" if f.reason else ""))
        if f.fix:
            lines.append(f"         fix: {f.fix}")
    lines.append(f"{PREFIX} {report.status} ({report.seconds:.1f} s)")
    return "\n".join(lines)


def markdown(report: CheckReport) -> str:
    """The report as a Markdown section: conflicts first, then the checks as a table."""
    lines = [f"## modfirst check: {report.status}", ""]
    u, t = report.update, report.template
    if u and u.conflicts:
        lines += [f"**An update would conflict in:** {', '.join(f'`{n}`' for n in u.conflicts)}"]
    if t and not t.reachable:
        lines += [f"**The template {copier_cli.unchecked(t)}:** {t.error}"]
    elif t:
        lines += [f"Template `{t.src}` at `{t.commit}`, newest `{t.latest or 'untagged'}`."]
    if u and u.changed:
        lines += ["", f"An update would change: {', '.join(f'`{n}`' for n in u.changed)}."]
    lines += ["", "| check | result | reason | fix |", "|---|---|---|---|"]
    for f in report.health:
        cells = [f.id + " " + f.title, f.status, f.reason, f.fix]
        lines.append("| " + " | ".join(cell.replace("|", "\\|") for cell in cells) + " |")
    return "\n".join([*lines, ""])


# What makes a folder a Python project to check: any of these at its top, or Python code there
# or in a package one level down.
PROJECT_SIGNS = ("pyproject.toml", "setup.py", "setup.cfg", ANSWERS)


def is_project(folder: Path) -> bool:
    return (
        any((folder / name).is_file() for name in PROJECT_SIGNS)
        or any(folder.glob("*.py"))
        or any(folder.glob("*/__init__.py"))
        or (folder / "src").is_dir()
    )


def run(args: argparse.Namespace) -> int:
    if not args.path.is_dir():
        print(f"{PREFIX} no folder at {args.path}; give the project's folder", file=sys.stderr)
        return USAGE
    if not is_project(args.path):
        print(
            f"{PREFIX} {args.path} holds no Python project (no pyproject.toml, setup.py, "
            f"setup.cfg, {ANSWERS} nor Python code at its top); give the project's folder",
            file=sys.stderr,
        )
        return USAGE
    if refusal := unwritable_summary(args.summary):
        print(f"{PREFIX} {refusal}", file=sys.stderr)
        return USAGE
    report = check(args)
    print(json.dumps(report.to_dict(), indent=1) if args.json else text(report, args.diff))
    if args.summary:
        with args.summary.open("a", encoding="utf-8") as summary:
            summary.write(markdown(report))
    return report.exit_status
