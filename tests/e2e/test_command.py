"""The repository installs as the `modfirst` command: a real wheel in a fresh venv, run for real.

`modfirst verify` must run the very file copier's task runs (hooks/verify.py, shipped in the
wheel as modfirst/_verify.py), and `copier copy` must still need nothing but copier.
"""

from __future__ import annotations

import os
import sys
import zipfile
from pathlib import Path

import pytest
from adopt_fixtures import LOCAL_LOGGING, write_project

from helpers import REPO, UV_DIR, commit_all, copy, run, venv_python

UV = str(Path(UV_DIR) / "uv")


@pytest.fixture(scope="session")
def wheel(template: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The modfirst wheel, built from the committed snapshot by a real PEP 517 build."""
    out = tmp_path_factory.mktemp("dist")
    result = run(
        sys.executable, "-m", "build", "--wheel", "--installer", "uv", "-o", out, template,
        cwd=out,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    return next(out.glob("modfirst-*.whl"))


@pytest.fixture(scope="session")
def installed(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh venv with the wheel installed (non-editable); returns the venv."""
    venv = tmp_path_factory.mktemp("cmd") / "venv"
    assert run(UV, "venv", "-q", "--python", sys.executable, venv, cwd=venv.parent).returncode == 0
    result = run(UV, "pip", "install", "-q", "--python", venv_python(venv), wheel, cwd=venv.parent)
    assert result.returncode == 0, result.stderr
    return venv


@pytest.fixture(scope="session")
def generated(template: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    destination = tmp_path_factory.mktemp("gen") / "demo project"
    copy(template, destination, project_name="demo")
    return destination


def scripts(venv: Path) -> Path:
    return venv / ("Scripts" if os.name == "nt" else "bin")


def test_wheel_is_one_package_that_is_also_the_template(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
    tops = {name.split("/")[0] for name in names if not name.split("/")[0].endswith(".dist-info")}
    assert tops == {"modfirst"}
    hooks = {f"modfirst/hooks/{p.name}" for p in (REPO / "hooks").glob("*.py")}
    assert hooks <= names  # the files copier runs, under their own names
    assert {"modfirst/__main__.py", "modfirst/cli.py", "modfirst/kit/build.py"} <= names
    template = {
        "modfirst/" + p.relative_to(REPO).as_posix()
        for folder in ("template", "includes", "licenses", "workshop/solutions")
        for p in (REPO / folder).rglob("*")
        if p.is_file()
    }
    assert {"modfirst/copier.yml", *template} <= names


@pytest.mark.slow
def test_installed_command_help_lists_the_subcommands(installed: Path, tmp_path: Path) -> None:
    result = run(scripts(installed) / "modfirst", "--help", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    for command in ("verify", "adopt", "kit"):
        assert command in result.stdout


@pytest.mark.slow
@pytest.mark.parametrize("how", ["script", "python -m"])
def test_installed_verify_proves_a_generated_project(
    installed: Path, generated: Path, tmp_path: Path, how: str
) -> None:
    head = (
        [scripts(installed) / "modfirst"]
        if how == "script"
        else [venv_python(installed), "-m", "modfirst"]
    )
    result = run(*head, "verify", generated, cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "modfirst verify: OK" in result.stdout


@pytest.mark.slow
def test_installed_verify_fails_a_broken_project_with_the_hooks_exit_status(
    installed: Path, tmp_path: Path
) -> None:
    project = tmp_path / "broken"
    project.mkdir()
    (project / "pyproject.toml").write_text('[project]\nname = "x"\nversion = "1"\n')
    result = run(scripts(installed) / "modfirst", "verify", project, cwd=tmp_path)
    assert result.returncode == 2, result.stdout + result.stderr
    assert result.stderr.startswith("modfirst verify: FAILED")


@pytest.mark.slow
def test_installed_kit_writes_answers_with_the_shipped_hook(
    installed: Path, tmp_path: Path
) -> None:
    answers = tmp_path / ".copier-answers.yml"
    answers.write_text("# copier's header\n_src_path: old\npackage_name: ada\n", encoding="utf-8")
    probe = (
        "import sys; from pathlib import Path; from modfirst.hooks import absolute_source; "
        "absolute_source.set_answers(Path(sys.argv[1]), {'_src_path': '/new', '_commit': 'abc'}); "
        "print(absolute_source.__file__)"
    )
    result = run(venv_python(installed), "-I", "-c", probe, answers, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    used = Path(result.stdout.strip())
    assert used.name == "absolute_source.py" and used.is_relative_to(installed), used
    assert answers.read_text(encoding="utf-8") == (
        '# copier\'s header\n_commit: "abc"\n_src_path: "/new"\npackage_name: ada\n'
    )


@pytest.mark.slow
def test_installed_kit_draws_its_progress_bar_on_a_terminal(
    installed: Path, tmp_path: Path
) -> None:
    probe = (
        "import io; from modfirst.kit.progress import Progress\n"
        "class Terminal(io.StringIO):\n"
        "    def isatty(self): return True\n"
        "with Progress(1, 'seats', Terminal()) as bar: bar.advance('ada', 'verified', 0.1, True)\n"
        "print(type(bar.bar).__module__)"
    )
    result = run(venv_python(installed), "-I", "-c", probe, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "rich.progress"


@pytest.mark.slow
def test_installed_kit_passes_its_arguments_through(installed: Path, tmp_path: Path) -> None:
    result = run(scripts(installed) / "modfirst", "kit", "--help", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("usage: modfirst kit ")
    for command in ("build", "collect", "update", "wheelhouse", "solutions"):
        assert command in result.stdout
    result = run(scripts(installed) / "modfirst", "kit", "build", "--help", cwd=tmp_path)
    assert result.stdout.startswith("usage: modfirst kit build "), result.stderr
    assert "--warm-up" in result.stdout and "roster" in result.stdout


@pytest.mark.slow
def test_installed_kit_builds_seats_from_the_template_it_came_from(
    template: Path, tmp_path: Path
) -> None:
    """Installed from a folder (no clone beside the kit), the kit takes its name rules from the
    wheel and its template from where the command was installed from."""
    venv = tmp_path / "venv"
    assert run(UV, "venv", "-q", "--python", sys.executable, venv, cwd=tmp_path).returncode == 0
    result = run(UV, "pip", "install", "-q", "--python", venv_python(venv), template, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    roster = tmp_path / "roster.csv"
    roster.write_text("name\nZoë Ünïcode\n", encoding="utf-8")
    result = run(scripts(venv) / "modfirst", "kit", roster, tmp_path / "kit", cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    seat = tmp_path / "kit" / "zoe_unicode"
    assert (seat / "src" / "zoe_unicode" / "__main__.py").is_file(), result.stdout
    assert str(template) in (seat / ".copier-answers.yml").read_text(encoding="utf-8")
    assert (tmp_path / "kit" / "_instructor" / "solutions" / "ex1").is_dir()  # from the template


@pytest.mark.slow
def test_installed_adopt_plans_with_its_dependencies(
    installed: Path, template: Path, tmp_path: Path
) -> None:
    """libcst, tomlkit and the name rules (copier.yml in the wheel) come with the install."""
    project = write_project(tmp_path / "scripts", LOCAL_LOGGING)
    result = run(
        scripts(installed) / "modfirst", "adopt", project, "--dry-run",
        "--template", template, "--vcs-ref", "HEAD",
        cwd=tmp_path,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "git mv app.py -> src/scripts/app.py" in result.stdout
    assert "logging shadows the standard-library module" in result.stdout


@pytest.mark.slow
def test_installed_adopt_without_a_known_template_asks_for_one(
    installed: Path, tmp_path: Path
) -> None:
    project = write_project(tmp_path / "scripts", LOCAL_LOGGING)
    result = run(scripts(installed) / "modfirst", "adopt", project, "--dry-run", cwd=tmp_path)
    assert result.returncode == 2
    assert "pass --template URL" in result.stderr


@pytest.mark.slow
def test_pip_install_from_the_source_tree(template: Path, tmp_path: Path) -> None:
    """`pip install .` (pip's own PEP 517 build, no uv) gives a working command."""
    venv = tmp_path / "venv"
    assert run(sys.executable, "-m", "venv", venv, cwd=tmp_path).returncode == 0
    result = run(venv_python(venv), "-m", "pip", "install", "-q", template, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    result = run(venv_python(venv), "-m", "modfirst", "--version", cwd=tmp_path)
    assert result.returncode == 0 and result.stdout.startswith("modfirst "), result.stderr


@pytest.mark.slow
def test_uvx_from_the_source_tree(template: Path, tmp_path: Path) -> None:
    """`uvx --from . modfirst` (uv's tool route) runs the command."""
    env = dict(os.environ, UV_TOOL_DIR=str(tmp_path / "tools"))
    result = run(UV, "tool", "run", "--from", template, "modfirst", "--help", cwd=tmp_path, env=env)
    assert result.returncode == 0, result.stderr
    assert "adopt" in result.stdout


def command_tree() -> list[list[str]]:
    """Every command path of `modfirst`, from the parser itself: [], [verify], [kit, build], ..."""
    import argparse

    from modfirst.cli import build_parser

    def walk(parser: argparse.ArgumentParser, path: list[str]) -> list[list[str]]:
        found = [path]
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                for name, sub in action.choices.items():
                    found += walk(sub, [*path, name])
        return found

    return walk(build_parser(), [])


@pytest.mark.slow
def test_installed_help_names_the_program_at_every_level(installed: Path, tmp_path: Path) -> None:
    """As the user typed it: `modfirst ...`, or `python -m modfirst ...`; and every --help
    ends with the exit statuses that command returns."""
    for path in command_tree():
        for head, typed in (
            ([scripts(installed) / "modfirst"], "modfirst"),
            ([venv_python(installed), "-m", "modfirst"], "python -m modfirst"),
        ):
            result = run(*head, *path, "--help", cwd=tmp_path)
            assert result.returncode == 0, result.stderr
            assert result.stdout.startswith(" ".join([f"usage: {typed}", *path])), result.stdout
            statuses = result.stdout.split("exit status:\n", 1)[1].splitlines()
            assert [line.split()[0] for line in statuses[:3]] == ["0", "1", "2"], result.stdout


@pytest.mark.slow
def test_every_kit_command_works_from_the_wheel_alone(installed: Path, tmp_path: Path) -> None:
    """Installed from a wheel file, with no clone and no git URL: the kit builds from the
    template shipped in the wheel, and collect, solutions, update and wheelhouse work on it."""
    modfirst = scripts(installed) / "modfirst"
    roster = tmp_path / "roster.csv"
    roster.write_text("name\nAda Lovelace\n", encoding="utf-8")
    built = run(modfirst, "kit", roster, "kit", cwd=tmp_path)
    assert built.returncode == 0, built.stdout + built.stderr
    assert "no git history" in built.stderr  # said once, up front
    seat = tmp_path / "kit" / "ada_lovelace"
    solved = run(modfirst, "kit", "solutions", seat, "1", "2", "3", cwd=tmp_path)
    assert solved.returncode == 0, solved.stderr
    assert "exercise 3: wrote src/ada_lovelace/hello/__main__.py" in solved.stdout
    collected = run(modfirst, "kit", "collect", "kit", "--csv", "grades.csv", cwd=tmp_path)
    assert "1 of 1 seats checked; 3 exercises passed in all." in collected.stdout, collected.stderr
    commit_all(seat, "My work")  # the student commits, as update asks
    updated = run(modfirst, "kit", "update", "kit", cwd=tmp_path)
    assert updated.returncode == 1  # nothing to follow: the seat is skipped, and says why
    assert "no git history, which copier update cannot follow" in updated.stdout
    wheels = run(modfirst, "kit", "wheelhouse", "wheels", "--kit", "kit", "--python", "3.11",
                 cwd=tmp_path)  # fmt: skip
    assert wheels.returncode == 0, wheels.stderr
    assert any((tmp_path / "wheels").glob("pytest-*.whl"))
    verified = run(modfirst, "verify", seat, cwd=tmp_path)
    assert verified.returncode == 0 and "modfirst verify: OK" in verified.stdout
