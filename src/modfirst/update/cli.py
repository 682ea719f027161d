"""Update a project to its template's newest version, as a bot opening a pull request would:
copier update with the template's tasks (so the verification runs again), then the project's
lint and tests, then a Markdown summary with the files to resolve at the top. It never
commits, merges or pushes: the working tree holds the result.

Exit status (modfirst's one table): 0 updated with lint and tests passing, or nothing to do;
1 copier update failed, or lint or tests failed after it; 2 refused (not a project made from a
template, uncommitted changes); 3 the template cannot be checked; 5 conflict markers or .rej
files remain. `--json` prints one document with all of it; its `status` word tells "updated"
from "nothing-to-do".
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .. import copier_cli
from ..answers import ANSWERS, Link, NoTemplate, read_answers, template_of
from ..exit_status import CONFLICTS, FAILED, NOT_CHECKED, OK, USAGE, Refused
from ..git import changed_files
from ..processes import Failed, TimedOut
from ..report import document, unwritable_summary
from . import project_checks

PREFIX = "modfirst update:"
# The --json document's status word (finer than the exit status it goes with).
UPDATED, CHECKS_FAILED, UPDATE_FAILED, UNREACHABLE, NOTHING = (
    "updated",
    "updated-checks-failed",
    "update-failed",
    "template-unreachable",
    "nothing-to-do",
)
EXIT_STATUS = {
    UPDATED: OK,
    NOTHING: OK,
    CHECKS_FAILED: FAILED,
    UPDATE_FAILED: FAILED,
    UNREACHABLE: NOT_CHECKED,
    "copier-failed": NOT_CHECKED,
    "updated-with-conflicts": CONFLICTS,
}


@dataclass
class UpdateReport:
    """What `modfirst update` did; `--json` prints it, the exit status comes from it."""

    project: str
    template: Link | None = None
    applied: copier_cli.Updated | None = None
    checks: list[project_checks.ProjectCheck] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def status(self) -> str:
        t, a = self.template, self.applied
        if t is not None and not t.reachable:
            return UNREACHABLE if t.error_kind != "failed" else "copier-failed"
        if a is None:
            return NOTHING
        if a.error:
            return UPDATE_FAILED
        if a.conflicts or a.rejects:
            return "updated-with-conflicts"
        if any(step.failed for step in self.checks):
            return CHECKS_FAILED
        return UPDATED

    @property
    def exit_status(self) -> int:
        return EXIT_STATUS[self.status]

    def to_dict(self) -> dict[str, Any]:
        return document(self, self.status)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("path", nargs="?", default=".", type=Path, help="project (default: .)")
    parser.add_argument("--json", action="store_true", help="print the report as one JSON document")
    parser.add_argument(
        "--summary",
        type=Path,
        metavar="FILE",
        help="write the report as Markdown to FILE (a pull request's body); keep it outside "
        "the project",
    )
    parser.add_argument(
        "--no-checks",
        action="store_true",
        help="skip the project's lint and tests after the update (CI runs them on the PR)",
    )


def recorded_template(project: Path) -> Link:
    """The recorded template source and version, or a Refused saying what is missing."""
    try:
        return template_of(read_answers(project))
    except NoTemplate as why:
        if why.missing:
            raise Refused(
                f"{project} has no {ANSWERS}, so it was not made from a template; "
                "`modfirst adopt` brings a project onto the template"
            ) from None
        raise Refused(f"{why}; fix it or copy again") from None


def refuse_unclean(project: Path) -> None:
    """copier update needs a git work tree with everything committed."""
    try:
        changes = changed_files(project)
    except Failed:
        raise Refused(
            f"{project} is not a git repository; `git init` and commit it first"
        ) from None
    except TimedOut as error:
        raise Refused(f"cannot read the project's git status: {error}") from None
    if changes:
        raise Refused(
            f"{project} has {len(changes)} uncommitted change(s) ({changes[0]}, ...); "
            "commit or stash them first, so the update is the only change"
        )


def update(project: Path, checks: bool) -> UpdateReport:
    started = time.perf_counter()
    template = recorded_template(project)
    refuse_unclean(project)
    report = UpdateReport(
        str(project), template=copier_cli.fill_versions(project, template)
    )  # check-update
    if template.reachable and template.update_available:
        report.applied = copier_cli.update(project, tasks=True)
        if checks and not report.applied.error:
            report.checks = project_checks.run_checks(project)
    report.seconds = round(time.perf_counter() - started, 1)
    return report


def described(step: project_checks.ProjectCheck) -> str:
    if step.not_run:
        return f"not run: {step.not_run}"
    counts = ", ".join(f"{k} {v}" for k, v in step.counts.items())
    verdict = "passed" if not step.failed else f"FAILED (exit {step.exit_status})"
    return f"{verdict} in {step.seconds:.0f} s" + (f" ({counts})" if counts else "")


def text(report: UpdateReport) -> str:
    """The report for a person: one line a fact."""
    lines = [f"{PREFIX} {report.project}"]
    t, a = report.template, report.applied
    if t is not None and not t.reachable:
        lines.append(f"  template: {t.src} {copier_cli.unchecked(t)}: {t.error}")
    elif a is not None and t is not None:
        lines.append(f"  template: {t.src} from {t.commit} to {t.latest or 'the newest commit'}")
    elif t is not None:
        lines.append(f"  template: {t.src} at {t.commit}: already the newest version")
    if a is not None:
        lines += [f"  error: {a.error}"] if a.error else []
        lines += [f"  CONFLICT in {name}" for name in a.conflicts]
        lines += [f"  REJECTED (see the file) {name}" for name in a.rejects]
        lines.append(f"  changed: {', '.join(a.changed) or 'nothing'}")
    for step in report.checks:
        lines.append(f"  {step.name}: {step.shown}: {described(step)}")
    lines.append(f"{PREFIX} {report.status} ({report.seconds:.1f} s)")
    return "\n".join(lines)


def markdown(report: UpdateReport) -> str:
    """The pull request's body: what to resolve first, then what changed and what ran."""
    t, a = report.template, report.applied
    lines = [f"## Template update: {report.status}", ""]
    if a and (a.conflicts or a.rejects):
        lines += ["**Resolve before merging** (search for `<<<<<<< before updating`):", ""]
        lines += [f"- `{name}`: conflict markers" for name in a.conflicts]
        lines += [f"- `{name}`: the changes copier could not merge" for name in a.rejects]
        lines.append("")
    if a and a.workflows_changed:
        lines += [
            "**Workflow files change** (GitHub's token for Actions may not push them; "
            "run `modfirst update` in a clone and push the branch yourself): "
            + ", ".join(f"`{name}`" for name in a.workflows_changed),
            "",
        ]
    if t and not t.reachable:
        lines += [f"The template `{t.src}` {copier_cli.unchecked(t)}: {t.error}", ""]
    elif t:
        lines += [
            f"From `{t.src}` version `{t.commit}` to `{t.latest or 'its newest commit'}`.",
            "",
        ]
    if a is None and t and t.reachable:
        lines += ["Already at the newest version: nothing to do.", ""]
    if a:
        lines += [f"copier update failed: {a.error}", ""] if a.error else []
        lines += [f"Changed files ({len(a.changed)}): "
                  + ", ".join(f"`{name}`" for name in a.changed), ""]  # fmt: skip
    if report.checks:
        lines += ["| check | command | result |", "|---|---|---|"]
        for step in report.checks:
            command = " ".join(["python", *step.command[1:]])
            lines.append(f"| {step.name} | `{command}` | {described(step)} |")
        lines.append("")
    return "\n".join(lines)


def run(args: argparse.Namespace) -> int:
    project = args.path.resolve()
    if not project.is_dir():
        print(f"{PREFIX} no folder at {args.path}; give the project's folder", file=sys.stderr)
        return USAGE
    if refusal := unwritable_summary(args.summary):
        print(f"{PREFIX} {refusal}", file=sys.stderr)
        return USAGE
    try:
        report = update(project, checks=not args.no_checks)
    except Refused as refusal:
        print(f"{PREFIX} {refusal}", file=sys.stderr)
        return USAGE
    print(json.dumps(report.to_dict(), indent=1) if args.json else text(report))
    if args.summary:
        args.summary.write_text(markdown(report), encoding="utf-8")
    return report.exit_status
