"""Bad situations around a copy: odd destinations, no temp space, a venv that cannot be made,
Ctrl-C during verification, an active venv, and what the template and its task may run."""

from __future__ import annotations

import ast
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import copier
import pytest
import yaml

from helpers import (
    REPO,
    UV_DIR,
    VERIFY,
    copier_config,
    copy_args,
    copy_cli,
    dies_soon,
    fake_uv,
    hanging_installer,
    render_cli,
    run_verify,
    tree,
)

pytestmark = pytest.mark.slow
IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0
POSIX_ONLY = pytest.mark.skipif(os.name != "posix", reason="fake uv is a shell script")


def listing(root: Path) -> dict[str, tuple[int, int]]:
    """Every path under root with its size and modification time: any write shows."""
    return {
        p.relative_to(root).as_posix(): (p.lstat().st_size, p.lstat().st_mtime_ns)
        for p in sorted(root.rglob("*"))
    }


def wait_for(path: Path, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while not (path.exists() and path.read_text().strip()):
        assert time.monotonic() < deadline, f"{path} never appeared"
        time.sleep(0.1)


def venv_made(report: Path) -> Path:
    """The venv a verification made, as its --report JSON names it (it made exactly one)."""
    steps = json.loads(report.read_text(encoding="utf-8"))["steps"]
    (venv_step,) = [step for step in steps if step["kind"] == "venv"]
    return Path(venv_step["command"][-1])


# --- destinations ------------------------------------------------------------------------


def test_non_ascii_destination_with_spaces_verifies(template: Path, tmp_path: Path) -> None:
    destination = tmp_path / "Zoë's wörk 東京 🐍" / "projét ünï"
    result = copy_cli(template, destination, "--trust", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    answers = yaml.safe_load((destination / ".copier-answers.yml").read_text(encoding="utf-8"))
    assert answers["project_name"] == "projét ünï"
    assert answers["package_name"] == "projet_uni"  # spelled in ASCII (NFKD)
    assert "modfirst verify: OK: projet_uni runs as a module" in result.stdout


def test_symlinked_destination_verifies_and_writes_through_the_link(
    template: Path, tmp_path: Path
) -> None:
    real = tmp_path / "real place"
    real.mkdir()
    link = tmp_path / "link"
    link.symlink_to(real, target_is_directory=True)
    result = copy_cli(template, link / "proj", "--trust", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "modfirst verify: OK: proj runs as a module" in result.stdout
    assert (real / "proj" / "src" / "proj" / "__main__.py").is_file()
    assert link.is_symlink()


def test_unwritable_destination_fails_without_touching_anything(
    template: Path, tmp_path: Path
) -> None:
    if IS_ROOT:  # root writes through permission bits, so put the destination under a file
        blocker = tmp_path / "a file"
        blocker.write_text("mine\n")
        destination, expected = blocker / "proj", "Not a directory"
    else:
        blocker = tmp_path / "read-only"
        blocker.mkdir()
        blocker.chmod(0o555)
        destination, expected = blocker / "proj", "Permission denied"
    before = listing(tmp_path)
    result = copy_cli(template, destination, "--trust", cwd=tmp_path)
    assert result.returncode != 0
    last = result.stderr.strip().splitlines()[-1]
    assert expected in last and str(blocker) in last, last  # names the problem and the path
    assert "modfirst verify" not in result.stdout + result.stderr  # the task never ran
    assert listing(tmp_path) == before


# --- verification's surroundings ---------------------------------------------------------


def test_unusable_tmpdir_falls_back_and_leaves_nothing_behind(
    template: Path, tmp_path: Path
) -> None:
    project = render_cli(template, tmp_path / "project")
    before = tree(project)
    not_a_dir = tmp_path / "TMPDIR is a file"
    not_a_dir.write_text("x")
    env = dict(os.environ, TMPDIR=str(not_a_dir))
    report = tmp_path / "report.json"
    result = run_verify(project, "--report", str(report), env=env, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "OK: project runs as a module" in result.stdout
    assert tree(project) == before and not_a_dir.read_text() == "x"
    # the folder it really used (the venv step names it) is gone, and it was not under TMPDIR
    used = venv_made(report).parent
    assert used.name.startswith("modfirst-verify-") and not used.exists()
    assert not_a_dir not in used.parents


def test_verification_writes_nothing_outside_its_temp_dir_and_spares_the_active_venv(
    template: Path, tmp_path: Path
) -> None:
    project = render_cli(template, tmp_path / "project")
    active = tmp_path / "active venv"
    subprocess.run(
        [
            str(Path(UV_DIR) / "uv"),
            "venv",
            "--quiet",
            "--no-config",
            "--python",
            sys.executable,
            str(active),
        ],
        check=True,
        timeout=120,
    )
    temp = tmp_path / "temp"
    temp.mkdir()
    before_project, before_venv = tree(project), listing(active)
    env = dict(
        os.environ,
        TMPDIR=str(temp),
        VIRTUAL_ENV=str(active),
        PATH=str(active / "bin") + os.pathsep + os.environ["PATH"],
        PYTHONPATH=str(tmp_path / "nowhere"),
    )
    report = tmp_path / "report.json"
    result = run_verify(project, "--report", str(report), env=env)
    assert result.returncode == 0, result.stderr
    assert tree(project) == before_project
    assert listing(active) == before_venv  # nothing installed into, or changed in, the user's venv
    assert list(temp.iterdir()) == []  # its own temp dir is gone
    assert venv_made(report).parent.parent == temp  # ... and it was under TMPDIR


@POSIX_ONLY
def test_venv_that_cannot_be_created_is_unverified_and_kept(template: Path, tmp_path: Path) -> None:
    env = fake_uv(
        tmp_path / "bin",
        """\
        case "$1" in
          --version) echo "uv 9.9.9" ;;
          venv) echo "error: No space left on device (os error 28)" >&2; exit 2 ;;
          *) exit 1 ;;
        esac
        """,
    )
    destination = tmp_path / "project"
    result = copy_cli(template, destination, "--trust", cwd=tmp_path, env=env)
    assert result.returncode == 0, result.stderr  # --allow-unverified: kept, not failed
    assert "NOT VERIFIED: could not create a venv with `" in result.stderr
    assert "No space left on device" in result.stderr
    assert (destination / "src" / "project" / "__main__.py").is_file()


@POSIX_ONLY
def test_ctrl_c_during_verification_removes_temp_files_and_keeps_the_project(
    template: Path, tmp_path: Path
) -> None:
    project = render_cli(template, tmp_path / "project")
    before = tree(project)
    temp, marker = tmp_path / "temp", tmp_path / "sleeper.pid"
    temp.mkdir()
    env = dict(hanging_installer(tmp_path / "bin", marker), TMPDIR=str(temp))
    process = subprocess.Popen(
        [sys.executable, str(VERIFY), str(project)],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        wait_for(marker)
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=60)
    finally:
        process.kill()
    assert process.returncode == 130, out + err
    assert "interrupted: the project is kept, the temporary venv removed" in err
    assert dies_soon(int(marker.read_text()))  # the installer's whole tree is gone
    assert list(temp.iterdir()) == []
    assert tree(project) == before


@POSIX_ONLY
def test_ctrl_c_during_copy_keeps_the_project(template: Path, tmp_path: Path) -> None:
    """A terminal's Ctrl-C hits copier and the task together (one process group)."""
    temp, marker = tmp_path / "temp", tmp_path / "sleeper.pid"
    temp.mkdir()
    env = dict(hanging_installer(tmp_path / "bin", marker), TMPDIR=str(temp))
    destination = tmp_path / "project"
    process = subprocess.Popen(
        [sys.executable, "-m", "copier", *copy_args(template, destination, "--trust")],
        cwd=tmp_path,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        wait_for(marker)
        os.killpg(process.pid, signal.SIGINT)
        _out, err = process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
    assert process.returncode != 0
    assert "Execution stopped by user" in err, err[-2000:]
    assert (destination / "src" / "project" / "__main__.py").is_file()
    assert dies_soon(int(marker.read_text()))
    assert [p.name for p in temp.iterdir() if p.name.startswith("modfirst-verify-")] == []
    assert "interrupted: the project is kept" in err, err[-2000:]


# --- what runs ---------------------------------------------------------------------------


def calls(tree_: ast.AST) -> list[ast.Call]:
    return [node for node in ast.walk(tree_) if isinstance(node, ast.Call)]


def dotted(node: ast.AST) -> str:
    if isinstance(node, ast.Attribute):
        return f"{dotted(node.value)}.{node.attr}"
    return node.id if isinstance(node, ast.Name) else ""


@pytest.mark.parametrize("hook", sorted(p.name for p in (REPO / "hooks").glob("*.py")))
def test_hooks_never_run_a_shell_string(hook: str) -> None:
    source = ast.parse((REPO / "hooks" / hook).read_text(encoding="utf-8"))
    for call in calls(source):
        name = dotted(call.func)
        assert name not in {
            "os.system",
            "os.popen",
            "subprocess.getoutput",
            "subprocess.getstatusoutput",
            "subprocess.call",
        }, name
        assert not any(k.arg == "shell" for k in call.keywords), ast.unparse(call)
        if name.startswith("subprocess."):
            first = call.args[0] if call.args else None
            assert not isinstance(first, (ast.Constant, ast.JoinedStr, ast.BinOp)), ast.unparse(
                call
            )


def test_tasks_are_argument_lists_that_run_the_source_fix_and_the_verification() -> None:
    """On copy: absolute_source.py, then verify.py; migrations run only the hooks, as argument
    lists."""
    config = copier_config()
    source_fix = [
        "{{ _copier_python }}",
        "{{ _copier_conf.src_path }}/hooks/absolute_source.py",
        "{{ _copier_answers._src_path | default('') }}",
        "{{ _copier_conf.dst_path }}",
        "{{ _copier_conf.answers_file }}",
    ]
    verify = [
        "{{ _copier_python }}",
        "{{ _copier_conf.src_path }}/hooks/verify.py",
        "--package",
        "{{ package_name }}",
        "--subpackage",
        "{{ subpackage_name }}",
        "--allow-unverified",
        ".",
    ]
    on_copy = "{{ _copier_operation == 'copy' }}"
    assert config["_tasks"] == [
        {"command": source_fix, "when": on_copy},
        {"command": verify, "when": on_copy},
    ]
    hooks = [task["command"][:2] for task in config["_migrations"]]
    assert hooks == [
        ["{{ _copier_python }}", "{{ _copier_conf.src_path }}/hooks/refuse_rename.py"],
        ["{{ _copier_python }}", "{{ _copier_conf.src_path }}/hooks/refuse_rename.py"],
        ["{{ _copier_python }}", "{{ _copier_conf.src_path }}/hooks/carry_renamed.py"],
        ["{{ _copier_python }}", "{{ _copier_conf.src_path }}/hooks/verify.py"],
    ]
    assert config["_migrations"][-1]["command"] == verify  # the update's last step: verify
    assert all(isinstance(task["command"], list) for task in config["_migrations"])


NETWORK_MODULES = {
    "urllib",
    "http",
    "socket",
    "ssl",
    "ftplib",
    "smtplib",
    "poplib",
    "imaplib",
    "xmlrpc",
    "requests",
    "httpx",
    "urllib3",
    "aiohttp",
    "webbrowser",
    "ensurepip",
}


@pytest.mark.parametrize(
    "answers",
    [
        {},
        {"cli_framework": "click"},
        {"cli_framework": "typer", "workshop": "true"},
    ],
    ids=["argparse", "click", "typer-workshop"],
)
def test_generated_code_fetches_nothing(
    template: Path, tmp_path: Path, answers: dict[str, str]
) -> None:
    destination = render_cli(template, tmp_path / "p", *[f"{k}={v}" for k, v in answers.items()])
    for path in [*destination.glob("src/**/*.py"), *destination.glob("exercises/**/*.py")]:
        source = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(source):
            names = (
                [a.name for a in node.names]
                if isinstance(node, ast.Import)
                else [node.module or ""]
                if isinstance(node, ast.ImportFrom) and not node.level
                else []
            )
            for name in names:
                assert name.split(".")[0] not in NETWORK_MODULES, f"{path}: imports {name}"


def test_docs_say_which_commands_the_task_runs_and_why_trust() -> None:
    section = (REPO / "docs" / "security.md").read_text(encoding="utf-8")
    for words in (
        "--trust",
        "--skip-tasks",
        "hooks/verify.py",
        "--allow-unverified",
        "uv venv",
        "uv pip install",
        "python -I -m",
        "shell",
    ):
        assert words in section, words


def test_copy_api_without_trust_runs_no_task(template: Path, tmp_path: Path) -> None:
    with pytest.raises(Exception, match=r"unsafe|--trust"):
        copy_untrusted(template, tmp_path / "p")
    assert not (tmp_path / "p").exists()


def copy_untrusted(template: Path, destination: Path) -> None:
    copier.run_copy(str(template), destination, defaults=True, vcs_ref="HEAD", quiet=True)
