"""Helpers for the template's tests: snapshots, copier runners, PATH control, tree diffs."""

from __future__ import annotations

import functools
import io
import os
import re
import shutil
import subprocess
import sys
import tarfile
import textwrap
import time
from pathlib import Path
from typing import Any

import copier
import uv

REPO = Path(__file__).resolve().parents[1]
VERIFY = REPO / "hooks" / "verify.py"
UV_DIR = str(Path(uv.find_uv_bin()).parent)
GIT_TIMEOUT = 60
COPY_TIMEOUT = 600
VERIFY_TIMEOUT = 900


def copier_config() -> dict[str, Any]:
    """copier.yml as copier reads it: its documents merged, `!include`d files included.
    (A plain yaml.safe_load fails on it: copier.yml includes includes/names.yml.)"""
    from copier._template import load_template_config

    return load_template_config(REPO / "copier.yml")


def question_choices(name: str) -> list[str]:
    """The answers copier.yml offers a new project for a choice question (see asked())."""
    return [str(choice.value) for choice in asked(name)._formatted_choices]


def question_default(name: str) -> str:
    """The default copier.yml gives a new project for a question, rendered as copier does."""
    default = asked(name).get_default_rendered()
    return str(getattr(default, "value", default))  # a choice question gives a Choice


def asked(name: str) -> Any:
    """The answers copier.yml offers a new project for a choice question, rendered by copier's
    own Question (choices may be a Jinja expression over hidden data questions, such as
    python_min's over includes/python_releases.yml): tests read them, never repeat them."""
    from copier._jinja_ext import SandboxedEnvironment
    from copier._settings import SettingsModel
    from copier._user_data import AnswersMap, Question
    from jinja2 import FileSystemLoader

    env = SandboxedEnvironment(
        loader=FileSystemLoader(str(REPO)),
        extensions=["jinja2_ansible_filters.AnsibleCoreFiltersExtension"],
    )

    def question(key: str, spec: dict[str, Any], context: dict[str, Any]) -> Any:
        details = {k: v for k, v in spec.items() if k in {"type", "choices", "default"}}
        return Question(
            var_name=key,
            answers=AnswersMap(),
            context=context,
            jinja_env=env,
            settings=SettingsModel(),
            **details,
        )

    config = copier_config()
    hidden_data: dict[str, Any] = {}
    for key, spec in config.items():  # in file order, as copier resolves them
        if isinstance(spec, dict) and spec.get("when") is False:
            hidden_data[key] = question(key, spec, dict(hidden_data)).get_default()
    return question(name, config[name], hidden_data)


def python_releases() -> list[dict[str, str]]:
    """includes/python_releases.yml: CPython releases with their end-of-life dates."""
    import yaml

    releases: list[dict[str, str]] = yaml.safe_load(
        (REPO / "includes" / "python_releases.yml").read_text(encoding="utf-8")
    )
    return releases


def minor_of(version: str) -> int:
    """3 from "3.13": python_min choices are "3.X" strings."""
    return int(version.split(".")[1])


def fenced_commands(markdown: str) -> list[str]:
    """The ```bash blocks of a Markdown text: README's commands, as a user would paste them."""
    return re.findall(r"```bash\n(.*?)\n```", markdown, re.DOTALL)


def git(*args: str, cwd: Path) -> str:
    result = subprocess.run(
        ["git", *args], cwd=cwd, capture_output=True, text=True, timeout=GIT_TIMEOUT, check=True
    )
    return result.stdout


# Archives of other projects that tests read from REPO: copier would clone them for every copy.
NOT_IN_SNAPSHOTS = ("tests/corpora/", "benchmarks/peers/")


def snapshot(destination: Path) -> Path:
    """Copy this repo's tracked and unignored files into a fresh git repo and commit them."""
    files = git("ls-files", "-z", "--cached", "--others", "--exclude-standard", cwd=REPO)
    for name in filter(None, files.split("\0")):
        if name.startswith(NOT_IN_SNAPSHOTS):
            continue
        source, target = REPO / name, destination / name
        if source.is_symlink():  # src/modfirst/hooks -> ../../hooks stays a link
            target.parent.mkdir(parents=True, exist_ok=True)
            target.symlink_to(os.readlink(source))
        elif source.is_file():
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)
    commit_all(destination, "snapshot")
    return destination


def commit_all(repo: Path, message: str) -> None:
    if not (repo / ".git").exists():
        git("init", "-q", "-b", "main", cwd=repo)
    git("add", "-A", cwd=repo)
    git(
        "-c",
        "user.name=modfirst tests",
        "-c",
        "user.email=tests@modfirst.invalid",
        "commit",
        "-q",
        "--no-verify",
        "-m",
        message,
        cwd=repo,
    )


def path_without_uv() -> str:
    return os.pathsep.join(
        d
        for d in os.environ["PATH"].split(os.pathsep)
        if d and not (Path(d) / "uv").exists() and d != UV_DIR
    )


def copier_api(
    template: Path, destination: Path, data: dict[str, Any], **options: Any
) -> copier.Worker:
    """copier's Python API, quietly, defaults for everything not in data."""
    return copier.run_copy(
        str(template), destination, data=data, defaults=True, quiet=True, **options
    )


def copy(template: Path, destination: Path, **data: str) -> copier.Worker:
    """Generate a project with copier's Python API, defaults for everything not given."""
    return copier_api(template, destination, data, unsafe=True, vcs_ref="HEAD")


def render(template: Path, destination: Path, **data: Any) -> Path:
    """Render a project with copier's API and no tasks (no verification): files only."""
    copier_api(template, destination, data, skip_tasks=True, vcs_ref="HEAD")
    return destination


def answer_only(template: Path, destination: Path, **data: str) -> copier.Worker:
    """Answer the questions and render nothing to disk (validators run first)."""
    return copier_api(template, destination, data, skip_tasks=True, pretend=True)


def render_cli(template: Path, destination: Path, *answers: str) -> Path:
    """Render a project with the copier command line and --skip-tasks; answers are Q=A."""
    data = [arg for answer in answers for arg in ("-d", answer)]
    result = copy_cli(template, destination, "--skip-tasks", *data, cwd=destination.parent)
    assert result.returncode == 0, result.stderr
    return destination


def copy_args(template: Path, destination: Path, *options: str, ref: str = "HEAD") -> list[str]:
    """copier's arguments for `copy --defaults -r <ref> <options> <template> <destination>`."""
    return ["copy", "--defaults", "-r", ref, *options, str(template), str(destination)]


def copy_cli(
    template: Path,
    destination: Path,
    *options: str,
    cwd: Path,
    ref: str = "HEAD",
    env: dict[str, str] | None = None,
    python: str = sys.executable,
) -> subprocess.CompletedProcess[str]:
    """`copier copy` on the command line (see copy_args); tasks run only with "--trust"."""
    args = copy_args(template, destination, *options, ref=ref)
    return copier_cli(*args, cwd=cwd, env=env, python=python)


def copier_cli(
    *args: str, cwd: Path, env: dict[str, str] | None = None, python: str = sys.executable
) -> subprocess.CompletedProcess[str]:
    """Run the real copier command line (`python -m copier`), non-interactively."""
    return python_m("copier", *args, cwd=cwd, env=env, python=python)


def run(
    *argv: str | Path,
    cwd: Path | None = None,
    env: dict[str, str] | None = None,
    timeout: float = COPY_TIMEOUT,
) -> subprocess.CompletedProcess[str]:
    """Run argv (never through a shell), output captured, no stdin; a failure is returned."""
    return subprocess.run(
        [str(arg) for arg in argv],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        timeout=timeout,
        check=False,
    )


def python_m(
    module: str,
    *args: str,
    cwd: Path | None = None,
    env: dict[str, str] | None = None,
    python: str = sys.executable,
    timeout: float = COPY_TIMEOUT,
) -> subprocess.CompletedProcess[str]:
    """`python -m module args` through run()."""
    return run(python, "-m", module, *args, cwd=cwd, env=env, timeout=timeout)


def modfirst(
    clone: Path, *args: str, env: dict[str, str] | None = None, timeout: float = COPY_TIMEOUT
) -> subprocess.CompletedProcess[str]:
    """`python -m modfirst args` with the code of `clone` (a copy of this repository), from its
    root, as an instructor runs the command installed from their clone."""
    env = {**(os.environ if env is None else env), "PYTHONPATH": str(clone / "src")}
    return python_m("modfirst", *args, cwd=clone, env=env, timeout=timeout)


def check_jsonschema(*args: str) -> subprocess.CompletedProcess[str]:
    """The check-jsonschema command line (--builtin-schema or --schemafile, then files)."""
    return python_m("check_jsonschema", *args, timeout=120)


def solve(template: Path, project: Path, *numbers: int) -> str:
    """Apply the reference solutions (all, or the numbered exercises) with the repo's own tool,
    run as a module from the template root; its output."""
    result = modfirst(template, "kit", "solutions", str(project), *map(str, numbers))
    assert result.returncode == 0, result.stderr
    return result.stdout


def run_verify(
    project: Path, *args: str, env: dict[str, str] | None = None, cwd: Path | None = None
) -> subprocess.CompletedProcess[str]:
    """Run hooks/verify.py on project by hand, from cwd (the project itself by default)."""
    return run(
        sys.executable, VERIFY, project, *args, cwd=cwd or project, env=env, timeout=VERIFY_TIMEOUT
    )


def venv_python(venv: Path) -> Path:
    return venv / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def tree(root: Path) -> dict[str, bytes]:
    """Every file under root (except .git) with its content, to compare trees exactly."""
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and ".git" not in p.relative_to(root).parts
    }


def load_verify() -> Any:
    """hooks/verify.py as a module, to reuse its interpreter discovery."""
    from modfirst.hooks import verify

    return verify


def find_python(minor: int) -> str | None:
    """A CPython 3.<minor> on this machine, found the way verification finds one, or None."""
    from modfirst.hooks import fresh_venv, outcome, runner

    try:
        return str(fresh_venv.find_interpreter(runner.Runner(), f"==3.{minor}.*", Path.cwd()).path)
    except outcome.Problem:
        return None


@functools.cache
def pythons_here() -> dict[int, str]:
    """{minor: interpreter} for every CPython 3.X on this machine, found where the verification
    looks (versioned names on PATH, then PYENV_ROOT or ~/.pyenv); the running one for its own."""
    found = {sys.version_info.minor: sys.executable}
    from modfirst.hooks import fresh_venv  # where the verification's discovery lives now

    for path in fresh_venv.candidate_paths():
        try:
            probe = subprocess.run(
                [path, "-I", "-c", "import sys; print(sys.implementation.name, *sys.version_info)"],
                capture_output=True,
                text=True,
                timeout=GIT_TIMEOUT,
                check=False,
            )
        except (OSError, subprocess.TimeoutExpired):
            continue
        words = probe.stdout.split()
        if (
            probe.returncode == 0
            and words[:2] == ["cpython", "3"]
            and len(words) > 2
            and words[2].isdigit()
        ):
            found.setdefault(int(words[2]), path)
    return found


def pythons_to_run(python_min: str) -> dict[str, str | None]:
    """The interpreters a run step uses: the running one always, plus the oldest and the newest
    other CPython here that python_min allows. {"running": path, "oldest": path or None, ...}."""
    running = sys.version_info.minor
    others = sorted(m for m in pythons_here() if m >= minor_of(python_min) and m != running)
    return {
        "running": sys.executable,
        "oldest": pythons_here()[others[0]] if others else None,
        "newest": pythons_here()[others[-1]] if len(others) > 1 else None,
    }


def python_version(python: str) -> str:
    """ "3.13.1" for an interpreter, to report which one a test used."""
    probe = subprocess.run(
        [python, "-I", "-c", "import sys; print(*sys.version_info[:3], sep='.')"],
        capture_output=True,
        text=True,
        timeout=GIT_TIMEOUT,
        check=True,
    )
    return probe.stdout.strip()


def fake_uv(folder: Path, body: str) -> dict[str, str]:
    """An environment whose PATH starts with a `uv` shell script running `body`."""
    folder.mkdir(parents=True, exist_ok=True)
    script = folder / "uv"
    script.write_text("#!/bin/sh\n" + textwrap.dedent(body))
    script.chmod(0o755)
    return dict(os.environ, PATH=str(folder) + os.pathsep + os.environ["PATH"])


def hanging_installer(folder: Path, marker: Path) -> dict[str, str]:
    """fake_uv whose `pip install` hangs, after writing the pid of its sleeping child to marker."""
    return fake_uv(
        folder,
        f"""\
        case "$1" in
          --version) echo "uv 9.9.9" ;;
          venv) for last; do :; done; exec "{sys.executable}" -m venv --without-pip "$last" ;;
          pip) sleep 300 & echo $! > "{marker}"; wait ;;
        esac
        """,
    )


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    stat = Path(f"/proc/{pid}/stat")  # a killed child not yet reaped is a zombie: dead
    return not (stat.exists() and stat.read_text().split(") ", 1)[1].startswith("Z"))


def dies_soon(pid: int, seconds: float = 10.0) -> bool:
    """True once pid is gone. A SIGKILL takes effect when the target is next scheduled, which on
    a loaded machine can be after the killer has returned: poll instead of looking once."""
    deadline = time.monotonic() + seconds
    while alive(pid):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


def extract(archive: Path | bytes, destination: Path, *, ours: bool = False) -> Path:
    """Unpack a tar (a file, or `git archive`'s bytes) into `destination`.

    Where Python has extraction filters (3.11.4+) another project's archive gets "data" (no
    links or paths out, no special files) and our own tree "fully_trusted" (modes kept).
    Debian 12's Python 3.11.2, which CI runs, has none: then every member is checked by hand.
    """
    opened = {"fileobj": io.BytesIO(archive)} if isinstance(archive, bytes) else {"name": archive}
    with tarfile.open(**opened) as tar:
        if hasattr(tarfile, "data_filter"):
            tar.extractall(destination, filter="fully_trusted" if ours else "data")
            return destination
        root = destination.resolve()
        for member in tar.getmembers():
            target = (root / member.name).resolve()
            linked = (target.parent / member.linkname).resolve() if member.issym() else target
            if not (target.is_relative_to(root) and linked.is_relative_to(root)):
                raise ValueError(f"{member.name}: leaves {destination}")
            if not (member.isfile() or member.isdir() or member.issym()):
                raise ValueError(f"{member.name}: not a file, folder or link")
        tar.extractall(destination)
    return destination


# Every file a default project has ({pkg} and {sub}: its package and subpackage).
EXPECTED_FILES = {
    ".copier-answers.yml",
    ".github/dependabot.yml",
    ".github/workflows/ci.yml",
    ".github/workflows/docs.yml",
    ".github/workflows/release.yml",
    ".github/workflows/template-update.yml",
    ".gitignore",
    ".pre-commit-config.yaml",
    ".readthedocs.yaml",
    "CHANGELOG.md",
    "LICENSE",
    "README.md",
    "docs/api.md",
    "docs/index.md",
    "docs/releasing.md",
    "docs/running.md",
    "mkdocs.yml",
    "noxfile.py",
    "pyproject.toml",
    "src/{pkg}/__init__.py",
    "src/{pkg}/__main__.py",
    "src/{pkg}/cli.py",
    "src/{pkg}/core.py",
    "src/{pkg}/py.typed",
    "src/{pkg}/{sub}/__init__.py",
    "src/{pkg}/{sub}/__main__.py",
    "src/{pkg}/{sub}/cli.py",
    "tests/test_run_as_module.py",
}


def expected(pkg: str, sub: str = "tools") -> set[str]:
    """The files a default project with these names has."""
    return {name.format(pkg=pkg, sub=sub) for name in EXPECTED_FILES}


# Where a project may record its template (`_src_path`), and whether a CI runner can fetch it
# from there. One table for the three places that decide it: copier.yml's note after a copy,
# the install step of template-update.yml and `modfirst check`'s MF008.
TEMPLATE_SOURCES = {
    "gh:ana/modfirst": True,
    "gl:ana/modfirst": True,
    "https://github.com/ana/modfirst": True,
    "https://github.com/ana/modfirst.git": True,
    "git+https://github.com/ana/modfirst.git": True,
    "git@github.com:ana/modfirst.git": True,
    "/home/ana/modfirst": False,
    "/home/ana/my templates/modfirst": False,
    "./modfirst": False,
    "~/modfirst": False,
    "C:\\Users\\ana\\modfirst": False,
    "file:///home/ana/modfirst": False,
}


def before(introduced: str, path: str) -> str | None:
    """The commit before the one that first put `introduced` into `path` (git log -S), or None
    when that is not in this clone (shallow, or the change is not committed yet)."""
    found = git("log", "--format=%H", "-S", introduced, "--", path, cwd=REPO).split()
    if not found:
        return None
    parent = subprocess.run(
        ["git", "rev-parse", "--verify", "-q", f"{found[-1]}^"],
        cwd=REPO, capture_output=True, text=True, timeout=GIT_TIMEOUT, check=False,
    )  # fmt: skip
    return parent.stdout.strip() or None


def two_versions(previous: str, folder: Path) -> Path:
    """A template repository in `folder`: tag 1.0.0 is this repository at commit `previous`,
    tag 2.0.0 its working tree (as snapshot() takes it)."""
    repo = folder / "modfirst"
    repo.mkdir(parents=True)
    tar = subprocess.run(
        ["git", "archive", "--format=tar", previous],
        cwd=REPO, capture_output=True, timeout=GIT_TIMEOUT, check=True,
    )  # fmt: skip
    extract(tar.stdout, repo, ours=True)
    for name in NOT_IN_SNAPSHOTS:
        shutil.rmtree(repo / name, ignore_errors=True)
    commit_all(repo, "1.0.0")
    git("tag", "1.0.0", cwd=repo)
    current = snapshot(folder / "current")
    git("rm", "-rq", ".", cwd=repo)
    for path in tree(current):
        target = repo / path
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(current / path, target, follow_symlinks=False)
    commit_all(repo, "2.0.0")
    git("tag", "2.0.0", cwd=repo)
    return repo


def student_git(*args: str, cwd: Path, when: str) -> str:
    """`git ARGS` as a student at the given time (author and committer, date and name), so a
    course test can place commits before and after a deadline; its output."""
    env = {
        **os.environ,
        "GIT_AUTHOR_DATE": when,
        "GIT_COMMITTER_DATE": when,
        "GIT_AUTHOR_NAME": "student",
        "GIT_AUTHOR_EMAIL": "student@example.invalid",
        "GIT_COMMITTER_NAME": "student",
        "GIT_COMMITTER_EMAIL": "student@example.invalid",
    }
    done = subprocess.run(
        ["git", "-c", "commit.gpgsign=false", *args],
        cwd=cwd, env=env, capture_output=True, text=True, timeout=GIT_TIMEOUT, check=True,
    )  # fmt: skip
    return done.stdout
