"""Generate one seat's project with copier's Python API; runs inside a worker process.

copier changes the process's working directory while it works, so seats run in separate
processes, never threads. The verification writes its human output to the inherited stdout
and stderr, which are pointed at the seat's log file while the seat is built, and its outcome as
JSON to a report file (hooks/verify.py --report): the kit reads that.

When the template is a local folder (the kit's export of a commit), copier renders with its
tasks skipped and the worker calls that template's own hooks/verify.py main() itself: the same
check as the copy task, without starting a Python and importing verify.py again for every seat.
The other copy task, absolute_source.py, has nothing to do for the kit, which writes the
answers file's source itself. A failed verification removes the seat, as copier would.

While it renders a local folder, copier gets an empty PATH (plumbum's, where copier looks for
git; not os.environ). copier 9.19 starts `git config core.fileMode` once per rendered file to
keep a git index's executable bits in sync (copier#2605); a new seat's files are in no index, so
those ~35 processes a seat would find nothing to do. Without git, copier skips them.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import signal
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from ..answers import ANSWERS
from ..hooks.absolute_source import set_answers
from ..template_files import is_template, load_hook

VERIFIED, UNVERIFIED, FAILED = "verified", "NOT VERIFIED", "failed"
# The verification report's status -> the kit's word for it.
FROM_REPORT = {"verified": VERIFIED, "unverified": UNVERIFIED, "broken": FAILED}


@dataclass
class Job:
    template: str
    vcs_ref: str | None
    destination: str
    log: str
    data: dict[str, object]
    report: str = ""  # where the verification writes its JSON report
    timeout: int = 900
    # When `template` is the kit's export of a git commit, the answers file names the real
    # source and commit instead, so `copier update` works in the seat later.
    source: str | None = None
    commit: str | None = None


@dataclass
class Outcome:
    status: str  # VERIFIED, UNVERIFIED or FAILED
    reason: str = ""
    seconds: float = 0.0
    installer: str = ""  # how the verification installed it ("uv 0.5.1, offline from cache")
    files: dict[str, str] = field(default_factory=dict)  # what the kit wrote: path -> sha256

    def to_dict(self) -> dict[str, object]:
        return asdict(self)


@contextlib.contextmanager
def output_to(log: Path) -> Iterator[None]:
    """Send this process's stdout and stderr (and its children's) to `log`."""
    log.parent.mkdir(parents=True, exist_ok=True)
    sys.stdout.flush()
    sys.stderr.flush()
    saved = os.dup(1), os.dup(2)
    with log.open("w", encoding="utf-8") as handle:
        os.dup2(handle.fileno(), 1)
        os.dup2(handle.fileno(), 2)
        try:
            yield
        finally:
            sys.stdout.flush()
            sys.stderr.flush()
            os.dup2(saved[0], 1)
            os.dup2(saved[1], 2)
            os.close(saved[0])
            os.close(saved[1])


@contextlib.contextmanager
def time_limit(seconds: int) -> Iterator[None]:
    """Raise TimeoutError in this (main) thread after `seconds`, where signals allow it."""
    if not hasattr(signal, "SIGALRM"):
        yield
        return

    def expire(signum: int, frame: object) -> None:
        raise TimeoutError(f"the seat took more than {seconds} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def written_files(root: Path) -> dict[str, str]:
    """Every file under root with its SHA-256, to recognise later what the kit itself wrote."""
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def record_source(answers: Path, source: str, commit: str) -> None:
    """Point .copier-answers.yml at the template's repository and commit, not the export."""
    if answers.is_file():
        set_answers(answers, {"_commit": commit, "_src_path": source})


def read_report(path: Path) -> dict[str, object] | None:
    """The verification's JSON report, or None when it wrote none (or not one we can read)."""
    try:
        report = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return report if isinstance(report, dict) and report.get("schema_version") == 1 else None


def verdict(report: dict[str, object] | None, error: BaseException | None) -> tuple[str, str]:
    """(status, reason) from the verification's report, or from the error."""
    if report is not None:
        return FROM_REPORT.get(str(report.get("status")), FAILED), str(report.get("reason") or "")
    if error is not None:
        first_line = (str(error).strip().splitlines() or [""])[0]
        return FAILED, f"{type(error).__name__}: {first_line}"
    return UNVERIFIED, "the verification wrote no report (was the task skipped?)"


def template_verify(template: str) -> Callable[..., Any] | None:
    """verify_project() of the template's own hooks/verify.py, loaded once per worker; None when
    the template is not a local folder with one (copier then runs it as the copy task)."""
    folder = Path(template)
    verify = getattr(load_hook(folder, "verify"), "verify_project", None)
    return verify if is_template(folder) and callable(verify) else None


def build(job: Job) -> dict[str, object]:
    """Generate and verify one seat; return its Outcome as a dict (it crosses processes)."""
    import copier
    from plumbum import local  # copier's own dependency: it runs the tasks

    started = time.perf_counter()
    destination, log = Path(job.destination), Path(job.log)
    report_file = Path(job.report or log.with_suffix(".json"))
    report_file.unlink(missing_ok=True)  # never read an earlier attempt's report
    verify = template_verify(job.template)
    checked_report: dict[str, object] | None = None  # the Report verify_project() returned
    error: BaseException | None = None
    with output_to(log):
        try:
            # copier runs tasks with plumbum's copy of the environment, taken when plumbum was
            # first imported, so os.environ set now would not reach the task: set it there.
            with time_limit(job.timeout):
                hide_git = local.env(PATH="") if verify else contextlib.nullcontext()
                with local.env(MODFIRST_VERIFY_REPORT=str(report_file)), hide_git:
                    copier.run_copy(
                        job.template,
                        destination,
                        data=job.data,
                        defaults=True,
                        unsafe=True,
                        skip_tasks=verify is not None,
                        vcs_ref=job.vcs_ref,
                        quiet=True,
                    )
                if verify is not None:
                    package = str(job.data.get("package_name") or "") or None
                    checked = verify(destination, package=package, echo=True)
                    print(checked.verdict, flush=True)  # into the seat's log, as the task does
                    checked_report = checked.to_dict()
                    report_file.parent.mkdir(parents=True, exist_ok=True)  # the kit keeps it
                    report_file.write_text(json.dumps(checked_report, indent=1), "utf-8")
                    if checked.status == "broken":
                        shutil.rmtree(destination, ignore_errors=True)  # as copier does
        except Exception as caught:  # every failure, timeouts included, becomes a reason
            error = caught
            if verify is not None:  # copier cleans up after itself, but not after our check
                shutil.rmtree(destination, ignore_errors=True)
            print(f"modfirst kit: {type(caught).__name__}: {caught}", file=sys.stderr)
    if job.source and job.commit:
        record_source(destination / ANSWERS, job.source, job.commit)
    report = checked_report if checked_report is not None else read_report(report_file)
    status, reason = verdict(report, error)
    installer = str(report.get("installer") or "") if report else ""
    files = written_files(destination) if destination.is_dir() else {}
    seconds = time.perf_counter() - started
    return Outcome(status, reason, seconds, installer, files).to_dict()
