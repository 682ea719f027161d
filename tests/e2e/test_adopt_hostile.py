"""`modfirst adopt` on the hostile corpus (tests/corpora/adopt_hostile/cases.py), for real.

Each project is built from exact bytes, adopted by `python -m modfirst adopt` from this clone
with its proof (the fresh-venv verification) on the uv route and on the stdlib-venv route, and
then run as `python -m PKG` with the output it had as `python main.py`. Each refusal is one
line, exit 2, and leaves every byte, mode and link of the tree and git's state as they were.
"""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
import tempfile
import textwrap
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from adopt_fixtures import (
    FLAT_SETUP,
    POETRY,
    SCRIPT_FOLDER,
    SEVERAL_MAINS,
    modfirst,
    run_python,
    write_project,
)
from corpora.adopt_hostile import cases

import helpers
from helpers import REPO, UV_DIR, git, path_without_uv, run

pytestmark = pytest.mark.slow
NOBODY = 65534
IDENTITY = ["-c", "user.name=modfirst tests", "-c", "user.email=tests@modfirst.invalid"]


def snapshot(root: Path) -> dict[str, tuple[int, bytes | str]]:
    """Every path under root but .git: its mode and its bytes (a link: what it points at)."""
    found: dict[str, tuple[int, bytes | str]] = {}
    for path in sorted(root.rglob("*")):
        relative = path.relative_to(root)
        if ".git" in relative.parts:
            continue
        mode = path.lstat().st_mode
        if path.is_symlink():
            found[relative.as_posix()] = (mode, os.readlink(path))
        elif path.is_file():
            try:
                found[relative.as_posix()] = (mode, path.read_bytes())
            except PermissionError:  # the unreadable case, when the tests do not run as root
                found[relative.as_posix()] = (mode, "(unreadable)")
        else:
            found[relative.as_posix()] = (mode, "(folder)")
    return found


def git_state(root: Path) -> tuple[str, str, str]:
    return (
        git("status", "--porcelain", "--untracked-files=all", cwd=root),
        git("rev-parse", "HEAD", cwd=root),
        git("ls-files", "--stage", cwd=root),
    )


def adopt(project: Path, template: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return modfirst(
        "adopt", project, "--template", template, "--vcs-ref", "HEAD", *args, cwd=project.parent
    )


@pytest.fixture(params=["uv", "stdlib"])
def route(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """The verification's two routes: uv on PATH, or only the standard library's venv."""
    path = path_without_uv()
    monkeypatch.setenv("PATH", UV_DIR + os.pathsep + path if request.param == "uv" else path)
    return str(request.param)


def adopted(
    case: cases.Case, name: str, template: Path, tmp_path: Path, route: str
) -> tuple[Path, dict[str, tuple[int, bytes | str]], str]:
    """Build, run by path, adopt with the proof, run as a module: (project, before, stdout)."""
    project = cases.build(case, tmp_path / name)
    before = snapshot(project)
    old = run_python("main.py", cwd=project)
    assert old.returncode == 0, old.stderr
    result = adopt(project, template)
    assert result.returncode == 0, result.stdout + result.stderr
    verified = next(line for line in result.stdout.splitlines() if "modfirst verify: OK" in line)
    assert ("venv + pip" in verified) == (route == "stdlib"), verified
    new = run_python("-m", name, cwd=tmp_path, path=project / "src")
    assert (new.returncode, new.stdout) == (0, old.stdout), new.stderr
    return project, before, result.stdout


def test_latin1_cookie_is_read_and_written_back_in_latin1(
    template: Path, tmp_path: Path, route: str
) -> None:
    project, before, _ = adopted(cases.LATIN1, "latin1", template, tmp_path, route)
    package = project / "src" / "latin1"
    words = before["words.py"][1]
    assert isinstance(words, bytes)
    assert (package / "words.py").read_bytes() == words.replace(
        b"import accents  #", b"from . import accents  #"
    )
    assert (package / "accents.py").read_bytes() == before["accents.py"][1]
    main = before["main.py"][1]
    assert isinstance(main, bytes)
    head = main[: main.index(b"if __name__")].replace(b"import words\n", b"from . import words\n")
    assert (package / "main.py").read_bytes().startswith(head)
    assert b"\xe9" in (package / "main.py").read_bytes()  # still Latin-1, not UTF-8


def test_bom_and_crlf_survive_byte_for_byte(template: Path, tmp_path: Path, route: str) -> None:
    project, before, _ = adopt_bom(template, tmp_path, route)
    package = project / "src" / "bom_crlf"
    helper = before["helper.py"][1]
    assert isinstance(helper, bytes)
    expected = helper.replace(b"import util   \r\n", b"from . import util   \r\n").replace(
        b"from util import SUFFIX\n", b"from .util import SUFFIX\n"
    )
    assert (package / "helper.py").read_bytes() == expected
    assert (package / "util.py").read_bytes() == before["util.py"][1]
    main = (package / "main.py").read_bytes()
    assert main.startswith(
        b'\xef\xbb\xbf"""Counts, with a BOM and CRLF."""\r\nfrom . import helper'
    )
    assert b"\n" not in main.replace(b"\r\n", b"")  # the new main() has the file's CRLF too


def adopt_bom(
    template: Path, tmp_path: Path, route: str
) -> tuple[Path, dict[str, tuple[int, bytes | str]], str]:
    return adopted(cases.BOM_CRLF, "bom_crlf", template, tmp_path, route)


def test_symbolic_links_still_resolve_and_outside_ones_are_reported(
    template: Path, tmp_path: Path, route: str
) -> None:
    project, before, plan = adopted(cases.SYMLINKS, "symlinks", template, tmp_path, route)
    helper = project / "src" / "symlinks" / "helper.py"
    assert os.readlink(helper) == "../../lib/real.py"
    assert helper.resolve() == (project / "lib" / "real.py").resolve()
    assert os.readlink(project / "bin" / "main_link.py") == "../src/symlinks/main.py"
    assert (project / "bin" / "main_link.py").resolve() == project / "src/symlinks/main.py"
    for name in ("outside.txt", "hosts.txt", "dangling.txt", "lib/real.py", "bin/run"):
        assert snapshot(project)[name] == before[name], name
    for line in [
        "helper.py: -> lib/real.py becomes -> ../../lib/real.py",
        "helper.py is a symbolic link to lib/real.py: it moves to src/symlinks/helper.py",
        "outside.txt is a symbolic link to ../outside-the-project.txt, outside the project",
        "hosts.txt is a symbolic link to /etc/hosts, outside the project: kept as it is",
        "dangling.txt is a symbolic link to missing.txt, which does not exist",
    ]:
        assert line in plan, line
    staged = git("ls-files", "--stage", "src/symlinks/helper.py", cwd=project)
    assert staged.startswith("120000 "), staged  # still a link in git, not a copy


def test_modes_ignored_files_and_nested_repositories(
    template: Path, tmp_path: Path, route: str
) -> None:
    case = cases.MODES_IGNORED_NESTED
    project, before, plan = adopted(case, "modes", template, tmp_path, route)
    after = snapshot(project)
    for name in ("main.py", "tool.py"):
        assert after[f"src/modes/{name}"][0] & stat.S_IXUSR, name
        assert git("ls-files", "--stage", f"src/modes/{name}", cwd=project).startswith("100755")
    for name in case.later:  # ignored or in a nested repository: never moved, never staged
        assert after[name] == before[name], name
    staged = git("diff", "--staged", "--name-only", cwd=project).split("\n")
    assert not [n for n in staged if n.startswith(("scratch", "vendored", "local_", "shapes/c"))]
    assert git("ls-files", "--stage", "plugins", cwd=project).startswith("160000 ")
    assert "plugins/ is a git submodule: left in place" in plan
    assert "vendored/ is a git repository that this one does not track: left in place" in plan
    assert "?? vendored/" in git("status", "--porcelain", cwd=project)


def test_non_ascii_spaces_and_long_paths(template: Path, tmp_path: Path, route: str) -> None:
    project, before, _ = adopted(cases.NAMES, "names", template, tmp_path, route)
    after = snapshot(project)
    long = "n" * 180 + ".py"
    deep = "deep/a/b/c/d/e/f/g/h/i/j/k/l/m/n/o/p/q/r/s/t/__init__.py"
    for name in ("données.py", long, deep):
        assert after[f"src/names/{name}"] == before[name], name
    assert after["my notes.txt"] == before["my notes.txt"]


# --- refusals: one line, nothing changed ------------------------------------------------


def as_text(files: dict[str, str]) -> cases.Case:
    return cases.Case({k: textwrap.dedent(v).lstrip("\n").encode() for k, v in files.items()})


def merge_in_progress(root: Path) -> None:
    git("switch", "-q", "-c", "other", cwd=root)
    (root / "data.txt").write_text("theirs\n")
    git(*IDENTITY, "commit", "-q", "-am", "theirs", cwd=root)
    git("switch", "-q", "main", cwd=root)
    (root / "tool.py").write_text('NAME = "ours"\n')
    git(*IDENTITY, "commit", "-q", "-am", "ours", cwd=root)
    git(*IDENTITY, "merge", "-q", "--no-commit", "--no-ff", "other", cwd=root)


def rebase_in_progress(root: Path) -> None:
    (root / "tool.py").write_text('NAME = "second"\n')
    git(*IDENTITY, "commit", "-q", "-am", "second", cwd=root)
    stopped = run("git", *IDENTITY, "rebase", "--exec", "false", "HEAD~1", cwd=root)
    assert stopped.returncode != 0, stopped.stdout  # stopped at the failing exec: mid-rebase


def dirty(root: Path) -> None:
    (root / "tool.py").write_text("edited\n")


def detached(root: Path) -> None:
    git("checkout", "-q", "--detach", cwd=root)


REFUSALS = {
    "undecodable": (cases.UNDECODABLE, None, [], "main.py: line 1: byte 0xe9 is not utf-8"),
    "bad-cookie": (cases.BAD_COOKIE, None, [], "main.py: unknown encoding: klingon"),
    "entry-outside": (cases.PLAIN, None, ["--entry", "../x.py"], "is outside the project"),
    "entry-absolute": (cases.PLAIN, None, ["--entry", "/etc/hosts"], "is outside the project"),
    "entry-link": (
        cases.Case({**cases.PLAIN.files}, links={"run.py": "main.py"}),
        None,
        ["--entry", "run.py"],
        "--entry run.py is a symbolic link to main.py; give the file it points to",
    ),
    "mid-merge": (cases.PLAIN, merge_in_progress, [], "is in the middle of a merge"),
    "mid-rebase": (cases.PLAIN, rebase_in_progress, [], "is in the middle of a rebase"),
    "detached": (cases.PLAIN, detached, [], "is a detached HEAD (no branch)"),
    "dirty": (cases.PLAIN, dirty, [], "has uncommitted changes"),
    # The existing refusal tests' inputs (tests/test_adopt.py), here with modes and git state.
    "syntax": (as_text({"main.py": "x = (\n"}), None, [], "main.py:1: syntax error"),
    # A library is adopted now (issue 22); a root that is itself a package is refused.
    "root-package": (as_text({"__init__.py": "", "lib.py": "X = 1\n"}), None, [], "itself a"),
    "two-entries": (as_text(SEVERAL_MAINS), None, [], "several files have a __main__ block"),
    "no-python": (as_text({"README.md": "# no code\n"}), None, [], "has no Python files"),
}


@pytest.mark.parametrize("name", list(REFUSALS))
def test_refused_in_one_line_with_nothing_changed(
    template: Path, tmp_path: Path, name: str
) -> None:
    case, prepare, args, reason = REFUSALS[name]
    project = cases.build(case, tmp_path / "project")
    if prepare is not None:
        prepare(project)
    before, state = snapshot(project), git_state(project)
    result = adopt(project, template, *args)
    assert_refused(result, reason)
    assert snapshot(project) == before
    assert git_state(project) == state


def assert_refused(result: subprocess.CompletedProcess[str], reason: str) -> None:
    assert result.returncode == 2, result.stdout + result.stderr
    assert result.stderr.startswith("modfirst adopt: refused: "), result.stderr
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert reason in result.stderr, result.stderr


def test_detached_worktree_is_refused(template: Path, tmp_path: Path) -> None:
    project = cases.build(cases.PLAIN, tmp_path / "project")
    worktree = tmp_path / "worktree"
    git("worktree", "add", "-q", "--detach", str(worktree), cwd=project)
    before, state = snapshot(worktree), git_state(worktree)
    assert_refused(adopt(worktree, template), "is a detached HEAD (no branch)")
    assert (snapshot(worktree), git_state(worktree)) == (before, state)


# --- permissions: as a user the modes apply to (root reads and writes anything) ------------


@dataclass
class OtherUser:
    """How to run modfirst as a user file modes bind, with everything that user must read."""

    prefix: list[str]  # setpriv ... --, or nothing when the tests do not run as root
    folder: Path  # a folder that user will own
    python: str  # a Python that user can run, able to import modfirst (through pythonpath)
    pythonpath: str
    template: Path  # a template that user can read


def can_run(prefix: list[str], *argv: str, env: dict[str, str]) -> bool:
    return run(*prefix, *argv, cwd=Path("/"), env=env, timeout=60).returncode == 0


def readable_setup(prefix: list[str], folder: Path) -> tuple[str, str, Path]:
    """(python, pythonpath, template) the other user can read. This clone's own, when it lives
    where that user can read it; else, when it sits in a private folder (mode 0700, as
    `mktemp -d` makes), a venv with modfirst installed and a snapshot of the template inside
    `folder`, on the first Python that user can run."""
    env = dict(os.environ, PYTHONPATH=str(REPO / "src"))
    probe = ["-c", f"import modfirst.cli, copier; open({str(REPO / 'copier.yml')!r}).close()"]
    if can_run(prefix, sys.executable, *probe, env=env):
        return sys.executable, str(REPO / "src"), REPO
    bases = [sys.executable, getattr(sys, "_base_executable", ""), "/usr/bin/python3"]
    base = next((b for b in bases if b and can_run(prefix, b, "-c", "pass", env={})), None)
    if base is None:
        pytest.skip(
            f"uid {NOBODY} can run no Python here (this venv's base {sys.executable} sits "
            "in a folder only root can read), so file modes cannot be tested against it"
        )
    template = helpers.snapshot(folder / "modfirst")
    venv, uv = folder / "venv", str(Path(UV_DIR) / "uv")
    made = run(uv, "venv", "-q", "--python", base, venv, cwd=folder, timeout=300)
    assert made.returncode == 0, made.stderr
    python = str(venv / "bin" / "python")
    installed = run(uv, "pip", "install", "-q", "--python", python, template, cwd=folder,
                    timeout=900)  # fmt: skip
    assert installed.returncode == 0, installed.stderr
    return python, "", template


@pytest.fixture
def other_user() -> Iterator[OtherUser]:
    folder = Path(tempfile.mkdtemp(prefix="modfirst-perm-"))
    folder.chmod(0o755)
    prefix: list[str] = []
    if os.geteuid() == 0:
        setpriv = shutil.which("setpriv")
        if setpriv is None:
            pytest.skip("running as root without setpriv: file modes cannot refuse root")
        prefix = [setpriv, f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups", "--"]
    try:
        python, pythonpath, template = readable_setup(prefix, folder)
        yield OtherUser(prefix, folder, python, pythonpath, template)
    finally:
        for path in folder.rglob("*"):
            if not path.is_symlink():
                path.chmod(0o755)
        shutil.rmtree(folder)


@pytest.mark.parametrize(
    ("prepare", "reason"),
    [
        (cases.make_unreadable, "data.txt cannot be read (permission denied); `chmod u+r"),
        (cases.make_read_only, "shapes/ is read-only and adoption moves files there"),
    ],
    ids=["unreadable", "read-only-folder"],
)
def test_permission_problems_are_refused(
    other_user: OtherUser, prepare: object, reason: str
) -> None:
    prefix, folder = other_user.prefix, other_user.folder
    project = cases.build(cases.PLAIN, folder / "project")
    assert callable(prepare)
    prepare(project)
    before, state = snapshot(project), git_state(project)
    if prefix:
        cases.chown_tree(folder, NOBODY)
    env = dict(os.environ, PYTHONPATH=other_user.pythonpath, HOME=str(folder))
    if not other_user.pythonpath:  # the venv's own modfirst
        del env["PYTHONPATH"]
    command = [other_user.python, "-m", "modfirst", "adopt", str(project),
               "--template", str(other_user.template)]  # fmt: skip
    result = run(*prefix, *command, "--vcs-ref", "HEAD", cwd=folder, env=env, timeout=120)
    assert_refused(result, reason)
    assert snapshot(project) == before
    if prefix:
        cases.chown_tree(folder, 0)  # git refuses a repository another user owns
    assert git_state(project) == state


# Issue 31 item 6: each project's packaging file, entry file and one module in turn damaged.
DAMAGED_PROJECTS = {
    "setup.py": (FLAT_SETUP, ["setup.py", "setup.cfg", "run.py", "greeter/core.py"]),
    "poetry": (POETRY, ["pyproject.toml", "poetic/cli.py", "poetic/verse.py"]),
    "scripts": (SCRIPT_FOLDER, ["main.py", "utils.py"]),
}
DAMAGES = {
    "truncated": lambda data: data[: len(data) // 2 + 1],
    "syntax error": lambda data: data + b"\ndef (:\n[[[\n",
    "not UTF-8": lambda data: b"\xff\xfe\x00garbage \x81\x82\n" + data,
}


@pytest.mark.parametrize("damage", sorted(DAMAGES))
@pytest.mark.parametrize("project_name", sorted(DAMAGED_PROJECTS))
def test_a_damaged_file_gives_one_line_never_a_traceback(
    template: Path, tmp_path: Path, project_name: str, damage: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every file in turn: adopt plans, or refuses in one line naming the file; no traceback,
    no change, no temporary folder left behind."""
    files, targets = DAMAGED_PROJECTS[project_name]
    scratch = tmp_path / "scratch"  # adopt's temporary folders: none may be left
    scratch.mkdir()
    monkeypatch.setenv("TMPDIR", str(scratch))
    for target in targets:
        project = tmp_path / target.replace("/", "_")
        write_project(project, files)
        path = project / target
        path.write_bytes(DAMAGES[damage](path.read_bytes()))
        git("add", "-A", cwd=project)
        git(*IDENTITY, "commit", "-q", "-m", f"{target} {damage}", cwd=project)
        before, state = snapshot(project), git_state(project)
        result = modfirst(
            "adopt",
            project,
            "--template",
            template,
            "--vcs-ref",
            "HEAD",
            "--dry-run",
            cwd=tmp_path,
        )
        said = f"{target} {damage}: {result.stdout}{result.stderr}"
        assert "Traceback" not in result.stderr, said
        assert result.returncode in (0, 2), said
        if result.returncode == 2:
            assert len(result.stderr.strip().splitlines()) == 1, said
            assert target in result.stderr or target.rsplit("/", 1)[-1] in result.stderr, said
        assert snapshot(project) == before and git_state(project) == state, said
        assert not any(scratch.iterdir()), said
