"""`copier update` keeps every line the user wrote: real git, real copier, four tagged versions.

The versions are built inside the test from the working tree:
  0.1.0  an older shape: the test file still called tests/test_running.py, no "Typing :: Typed"
         classifier, an older footer line in README.md, and no build_backend question (always
         hatchling, so its answers file has no build_backend)
  0.2.0  build_backend asked, hatchling by default (the rename needs the 0.2.0 migration)
  0.3.0  the working tree as it is: uv_build by default, python_min from the releases table
  0.4.0  one more template change (.gitignore and README.md)
"""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib
from collections.abc import Callable
from pathlib import Path

import copier
import pytest
import yaml

from helpers import (
    commit_all,
    copier_api,
    copier_cli,
    copy_cli,
    git,
    python_m,
    python_releases,
    question_choices,
    run,
    snapshot,
    tree,
)

pytestmark = pytest.mark.slow

OLD_FOOTER = "Generated from the modfirst Copier template, version 0.1."
TEMPLATE_FILE = "template/tests/test_run_as_module.py.jinja"
# The build_backend question as older versions had it.
BACKEND_QUESTION = re.compile(r"^build_backend:\n(?:[ #].*\n)+", re.MULTILINE)
BACKEND_0_1 = "build_backend:\n  type: str\n  when: false\n  default: hatchling\n"
BACKEND_0_2 = (
    "build_backend:\n  type: str\n  help: Build backend\n"
    "  choices: [hatchling, setuptools, flit-core, pdm-backend, uv_build, poetry-core]\n"
    "  default: hatchling\n"
)
OLD_TEMPLATE_FILE = "template/tests/test_running.py.jinja"


def edit(path: Path, change: Callable[[str], str]) -> None:
    """Apply a user's (or a template version's) edit; an edit that changes nothing is a bug."""
    before = path.read_text(encoding="utf-8")
    after = change(before)
    assert after != before, f"the edit changed nothing in {path}"
    path.write_text(after, encoding="utf-8")


def with_backend_question(config: str, question: str) -> str:
    changed, count = BACKEND_QUESTION.subn(question, config, count=1)
    assert count == 1, "copier.yml has no build_backend question to replace"
    return changed


def build_system(project: Path) -> dict[str, object]:
    pyproject = tomllib.loads((project / "pyproject.toml").read_text(encoding="utf-8"))
    return dict(pyproject["build-system"])


def answers(project: Path) -> dict[str, object]:
    return dict(yaml.safe_load((project / ".copier-answers.yml").read_text(encoding="utf-8")))


@pytest.fixture(scope="session")
def versions(tmp_path_factory: pytest.TempPathFactory) -> Path:
    repo = snapshot(tmp_path_factory.mktemp("versions") / "modfirst versions")
    readme, pyproject = (
        repo / "template" / "README.md.jinja",
        repo / "template" / "pyproject.toml.jinja",
    )
    config = repo / "copier.yml"
    current = {p: p.read_text(encoding="utf-8") for p in (readme, pyproject, config)}
    (repo / TEMPLATE_FILE).rename(repo / OLD_TEMPLATE_FILE)
    edit(config, lambda t: with_backend_question(t, BACKEND_0_1))
    edit(pyproject, lambda t: t.replace('  "Typing :: Typed",\n', ""))
    edit(
        readme,
        lambda t: t.replace(
            "Generated from the modfirst Copier template. To pull in\n"
            "template improvements later: `copier update --trust`.",
            OLD_FOOTER,
        ),
    )
    commit_all(repo, "0.1.0")
    git("tag", "0.1.0", cwd=repo)
    (repo / OLD_TEMPLATE_FILE).rename(repo / TEMPLATE_FILE)
    for path, text in current.items():
        path.write_text(text, encoding="utf-8")
    edit(config, lambda t: with_backend_question(t, BACKEND_0_2))
    commit_all(repo, "0.2.0")
    git("tag", "0.2.0", cwd=repo)
    config.write_text(current[config], encoding="utf-8")
    commit_all(repo, "0.3.0")
    git("tag", "0.3.0", cwd=repo)
    edit(repo / "template" / ".gitignore", lambda t: t + "# Editors\n.idea/\n.vscode/\n")
    edit(
        readme,
        lambda t: t.replace(
            "## License", "## Contributing\n\nIssues and pull requests are welcome.\n\n## License"
        ),
    )
    commit_all(repo, "0.4.0")
    git("tag", "0.4.0", cwd=repo)
    return repo


def generate(versions: Path, destination: Path, ref: str, **data: str) -> Path:
    copier_api(versions, destination, data, vcs_ref=ref, unsafe=True)
    commit_all(destination, "generated")
    return destination


def update(project: Path, ref: str, **data: str) -> None:
    copier.run_update(
        project,
        data=data,
        vcs_ref=ref,
        defaults=True,
        overwrite=True,
        unsafe=True,
        quiet=True,
        skip_answered=True,
    )


def fresh(versions: Path, destination: Path, ref: str, **data: str) -> dict[str, bytes]:
    copier_api(versions, destination, data, vcs_ref=ref, skip_tasks=True)
    return tree(destination)


# The user's edits, as functions so the same edit can be replayed on a fresh render.
def add_readme_section(text: str) -> str:
    return text.replace("## Layout", "## Our team notes\n\nDeploy on Fridays, never.\n\n## Layout")


def add_dependency(text: str) -> str:
    return text.replace("dependencies = []", 'dependencies = ["packaging>=23"]')


def change_greeting(text: str) -> str:
    return text.replace('greeting = f"Hello, {name}!"', 'greeting = f"Good day, {name}!"')


def add_test(text: str) -> str:
    return text + '\n\ndef test_added_by_user() -> None:\n    assert PACKAGE == "app"\n'


USER_EDITS = {
    "README.md": add_readme_section,
    "pyproject.toml": add_dependency,
    "src/app/core.py": change_greeting,
}


def make_user_edits(project: Path) -> None:
    for name, change in USER_EDITS.items():
        edit(project / name, change)
    edit(project / "tests" / "test_running.py", add_test)
    (project / "src" / "app" / "extra.py").write_text('"""A module the user added."""\n')
    # the greeting test follows the user's own change of greeting
    edit(
        project / "tests" / "test_running.py",
        lambda t: t.replace("Hello, Ada!", "Good day, Ada!").replace(
            "HELLO, ADA!", "GOOD DAY, ADA!"
        ),
    )
    commit_all(project, "user edits")


def expected_after_update(fresh_tree: dict[str, bytes]) -> dict[str, bytes]:
    expected = dict(fresh_tree)
    for name, change in USER_EDITS.items():
        expected[name] = change(fresh_tree[name].decode()).encode()
    tests = fresh_tree["tests/test_run_as_module.py"].decode()
    tests = add_test(
        tests.replace("Hello, Ada!", "Good day, Ada!").replace("HELLO, ADA!", "GOOD DAY, ADA!")
    )
    expected["tests/test_run_as_module.py"] = tests.encode()
    expected["src/app/extra.py"] = b'"""A module the user added."""\n'
    return expected


def without_answers(files: dict[str, bytes]) -> dict[str, bytes]:
    return {k: v for k, v in files.items() if k != ".copier-answers.yml"}


@pytest.mark.parametrize(
    "target", ["0.2.0", "0.3.0", "0.4.0"], ids=["one-version", "two-versions", "three-versions"]
)
def test_update_keeps_every_user_edit(
    versions: Path, tmp_path: Path, target: str, capfd: pytest.CaptureFixture[str]
) -> None:
    project = generate(versions, tmp_path / "project", "0.1.0", package_name="app")
    make_user_edits(project)
    backend = build_system(project)
    capfd.readouterr()

    update(project, target)
    out = capfd.readouterr()
    output = out.out + out.err

    result = tree(project)
    assert not [name for name in result if name.endswith(".rej")]
    assert not [name for name, data in result.items() if b"<<<<<<<" in data]
    assert "tests/test_running.py" not in result
    assert (
        "modfirst migrate: tests/test_running.py is now tests/test_run_as_module.py; "
        "your edits were carried over cleanly." in output
    )
    assert output.count("modfirst verify: OK") == 1  # verified once, in the project
    # the tree is a fresh render of the target version, with the backend 0.1.0 always used,
    # plus exactly the user's edits
    expected = expected_after_update(
        fresh(
            versions,
            tmp_path / "fresh" / "project",
            target,
            package_name="app",
            build_backend="hatchling",
        )
    )
    assert without_answers(result) == without_answers(expected)
    assert b'"Typing :: Typed"' in result["pyproject.toml"]  # a template change arrived
    assert build_system(project) == backend
    assert answers(project)["build_backend"] == "hatchling"  # written down from now on
    if target == "0.4.0":
        assert b".idea/" in result[".gitignore"] and b"## Contributing" in result["README.md"]


def test_updated_project_passes_its_own_tests(versions: Path, tmp_path: Path) -> None:
    project = generate(versions, tmp_path / "project", "0.1.0", package_name="app")
    make_user_edits(project)
    update(project, "0.2.0")
    venv = tmp_path / "venv"
    from uv import find_uv_bin

    uv = find_uv_bin()
    subprocess.run([uv, "venv", "--quiet", str(venv)], check=True, timeout=300)
    python = venv / "bin" / "python"
    subprocess.run(
        [uv, "pip", "install", "--quiet", "--python", str(python), "pytest", str(project)],
        check=True,
        timeout=300,
    )
    result = python_m(
        "pytest", "-q", "-p", "no:cacheprovider", cwd=project, python=str(python), timeout=300
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "15 passed" in result.stdout  # the 14 generated tests and the user's added one


def test_overlapping_edit_gets_inline_conflict_markers_and_is_reported(
    versions: Path, tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    project = generate(versions, tmp_path / "project", "0.1.0", package_name="app")
    edit(project / "README.md", lambda t: t.replace(OLD_FOOTER, "Maintained by the app team."))
    commit_all(project, "user edits the footer the template changes next")
    capfd.readouterr()
    update(project, "0.2.0")
    output = "".join(capfd.readouterr())
    readme = (project / "README.md").read_text()
    assert "<<<<<<< before updating" in readme and "Maintained by the app team." in readme
    assert "copier update --trust" in readme
    assert "NOT VERIFIED: the update left conflicts in README.md" in output
    assert not list(project.rglob("*.rej"))


def test_update_to_every_backend_is_clean(
    versions: Path, tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    for backend in [
        "hatchling",
        "setuptools",
        "flit-core",
        "pdm-backend",
        "uv_build",
        "poetry-core",
    ]:
        # 0.1.0 had no backend question: from 0.2.0 across the change of default
        project = generate(
            versions, tmp_path / backend, "0.2.0", package_name="app", build_backend=backend
        )
        before = build_system(project)
        capfd.readouterr()
        update(project, "0.4.0")
        output = "".join(capfd.readouterr())
        assert output.count("modfirst verify: OK") == 1, (backend, output)
        assert build_system(project) == before, backend
        status = git("status", "--porcelain", cwd=project)
        assert "UU" not in status and not list(project.rglob("*.rej")), (backend, status)


@pytest.mark.parametrize(
    "answer, value, check",
    [
        (
            "license",
            "Apache-2.0",
            lambda p: (p / "LICENSE").read_text().lstrip().startswith("Apache License"),
        ),
        (
            "description",
            "Now with more modules.",
            lambda p: "Now with more modules." in (p / "README.md").read_text(),
        ),
        (
            "build_backend",
            "flit-core",
            lambda p: "flit_core.buildapi" in (p / "pyproject.toml").read_text(),
        ),
        (
            "cli_framework",
            "click",
            lambda p: "import click" in (p / "src" / "app" / "cli.py").read_text(),
        ),
    ],
)
def test_changing_an_answer_on_update(
    versions: Path,
    tmp_path: Path,
    answer: str,
    value: str,
    check: Callable[[Path], bool],
    capfd: pytest.CaptureFixture[str],
) -> None:
    project = generate(versions, tmp_path / "project", "0.2.0", package_name="app")
    make_user_edits_current(project)
    capfd.readouterr()
    copier.run_update(
        project,
        data={answer: value},
        vcs_ref="0.2.0",
        defaults=True,
        overwrite=True,
        unsafe=True,
        quiet=True,
    )
    output = "".join(capfd.readouterr())
    assert check(project)
    assert output.count("modfirst verify: OK") == 1, output
    assert (project / "src" / "app" / "extra.py").exists()
    assert "Deploy on Fridays, never." in (project / "README.md").read_text()
    assert "UU" not in git("status", "--porcelain", cwd=project)


def make_user_edits_current(project: Path) -> None:
    edit(project / "README.md", add_readme_section)
    (project / "src" / "app" / "extra.py").write_text('"""A module the user added."""\n')
    commit_all(project, "user edits")


def test_package_rename_is_refused_and_nothing_changes(versions: Path, tmp_path: Path) -> None:
    project = generate(versions, tmp_path / "project", "0.2.0", package_name="app")
    before = tree(project)
    result = copier_cli(
        "update",
        "--trust",
        "--defaults",
        "-r",
        "0.2.0",
        "--data",
        "package_name=renamed",
        str(project),
        cwd=tmp_path,
    )
    assert result.returncode != 0
    assert "refusing to rename package_name from 'app' to 'renamed'" in result.stderr
    assert tree(project) == before
    assert git("status", "--porcelain", cwd=project) == ""


def test_dirty_or_untracked_projects_are_refused_untouched(versions: Path, tmp_path: Path) -> None:
    project = generate(versions, tmp_path / "project", "0.1.0", package_name="app")
    (project / "notes.txt").write_text("work in progress\n")
    before = tree(project)
    result = copier_cli(
        "update", "--trust", "--defaults", "-r", "0.2.0", str(project), cwd=tmp_path
    )
    assert result.returncode == 1
    assert "dirty" in result.stderr.lower() and "commit" in result.stderr.lower()
    assert tree(project) == before

    plain = tmp_path / "plain"
    copier_api(versions, plain, {"package_name": "app"}, vcs_ref="0.1.0", skip_tasks=True)
    before = tree(plain)
    result = copier_cli("update", "--trust", "--defaults", "-r", "0.2.0", str(plain), cwd=tmp_path)
    assert result.returncode == 1
    assert "git" in result.stderr.lower()
    assert tree(plain) == before


def test_recopy_rerenders_keeps_answers_and_user_owned_files(
    versions: Path, tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    project = generate(
        versions,
        tmp_path / "project",
        "0.2.0",
        package_name="app",
        description="Kept across recopy.",
        workshop="true",
    )
    attempt = next(project.glob("exercises/**/*.py"))
    attempt.write_text(attempt.read_text() + "# a student's attempt\n")
    (project / "src" / "app" / "extra.py").write_text('"""Mine."""\n')
    commit_all(project, "student work")
    capfd.readouterr()
    copier.run_recopy(
        project,
        vcs_ref="0.4.0",
        defaults=True,
        overwrite=True,
        unsafe=True,
        quiet=True,
        skip_answered=True,
    )
    output = "".join(capfd.readouterr())
    assert output.count("modfirst verify: OK") == 1
    assert "Kept across recopy." in (project / "README.md").read_text()
    assert ".idea/" in (project / ".gitignore").read_text()
    assert attempt.read_text().endswith("# a student's attempt\n")  # _skip_if_exists
    assert (project / "src" / "app" / "extra.py").read_text() == '"""Mine."""\n'


def test_tasks_run_once_per_copy_and_once_per_update(versions: Path, tmp_path: Path) -> None:
    copied = copy_cli(
        versions,
        tmp_path / "project",
        "--trust",
        "-d",
        "package_name=app",
        cwd=tmp_path,
        ref="0.1.0",
    )
    assert copied.returncode == 0, copied.stderr
    assert copied.stdout.count("modfirst verify: OK") == 1
    commit_all(tmp_path / "project", "generated")
    updated = copier_cli(
        "update", "--trust", "--defaults", "-r", "0.4.0", str(tmp_path / "project"), cwd=tmp_path
    )
    assert updated.returncode == 0, updated.stderr
    assert updated.stdout.count("modfirst verify: OK") == 1
    assert updated.stdout.count("modfirst verify: checking") == 1


def test_rename_typed_at_a_prompt_is_undone(tmp_path: Path) -> None:
    """The `after` guard: a rename that reached the answers file is rolled back to the commit."""
    project = tmp_path / "project"
    (project / "src" / "app").mkdir(parents=True)
    (project / "src" / "app" / "core.py").write_text("# mine\n")
    (project / ".copier-answers.yml").write_text("package_name: app\nsubpackage_name: tools\n")
    commit_all(project, "generated")
    # what an update that renamed the package leaves behind
    (project / ".copier-answers.yml").write_text("package_name: other\nsubpackage_name: tools\n")
    (project / "src" / "other").mkdir()
    (project / "src" / "other" / "core.py").write_text("# rendered\n")
    (project / "ignored.log").write_text("kept\n")
    (project / ".gitignore").write_text("*.log\n")
    git("add", ".gitignore", cwd=project)
    git(
        "-c",
        "user.name=t",
        "-c",
        "user.email=t@t.invalid",
        "commit",
        "-qm",
        "ignore logs",
        cwd=project,
    )
    hook = Path(__file__).resolve().parents[2] / "hooks" / "refuse_rename.py"
    result = run(
        sys.executable, hook, "after", "package_name", "subpackage_name", cwd=project, timeout=60
    )
    assert result.returncode == 1
    assert "refusing to rename package_name from 'app' to 'other'" in result.stderr
    assert "The update was undone" in result.stderr
    assert (project / ".copier-answers.yml").read_text().startswith("package_name: app")
    assert not (project / "src" / "other").exists()
    assert (project / "src" / "app" / "core.py").read_text() == "# mine\n"
    assert (project / "ignored.log").read_text() == "kept\n"  # ignored files are never cleaned


HATCHLING = {"requires": ["hatchling>=1.27"], "build-backend": "hatchling.build"}


@pytest.mark.parametrize(
    "start", ["0.1.0", "0.2.0"], ids=["answers-without-backend", "answers-say-hatchling"]
)
def test_update_to_the_uv_build_default_keeps_the_backend(
    versions: Path, tmp_path: Path, start: str
) -> None:
    """uv_build became the default in 0.3.0; a project made before keeps hatchling."""
    project = generate(versions, tmp_path / "project", start, package_name="app")
    assert answers(project).get("build_backend") == (None if start == "0.1.0" else "hatchling")
    assert build_system(project) == HATCHLING
    edit(project / "README.md", add_readme_section)
    edit(project / "pyproject.toml", add_dependency)
    (project / "src" / "app" / "extra.py").write_text('"""A module the user added."""\n')
    commit_all(project, "user edits")

    result = copier_cli(
        "update", "--trust", "--defaults", "-r", "0.3.0", str(project), cwd=tmp_path
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.count("modfirst verify: OK") == 1, result.stdout + result.stderr
    assert build_system(project) == HATCHLING
    pyproject = (project / "pyproject.toml").read_text(encoding="utf-8")
    assert "[tool.hatch.build.targets.wheel]" in pyproject
    assert "[tool.uv.build-backend]" not in pyproject
    assert answers(project)["build_backend"] == "hatchling"  # written down from now on
    assert 'dependencies = ["packaging>=23"]' in pyproject
    assert "Deploy on Fridays, never." in (project / "README.md").read_text()
    assert (project / "src" / "app" / "extra.py").exists()
    assert "UU" not in git("status", "--porcelain", cwd=project)
    assert not list(project.rglob("*.rej"))


def test_recopy_of_a_project_without_the_backend_answer_keeps_hatchling(
    versions: Path, tmp_path: Path
) -> None:
    project = generate(versions, tmp_path / "project", "0.1.0", package_name="app")
    copier.run_recopy(
        project, vcs_ref="0.3.0", defaults=True, overwrite=True, unsafe=True, quiet=True
    )
    assert build_system(project) == HATCHLING
    assert answers(project)["build_backend"] == "hatchling"


def test_new_project_gets_uv_build_and_can_still_choose_hatchling(
    versions: Path, tmp_path: Path
) -> None:
    fresh(versions, tmp_path / "new", "0.3.0", package_name="app")
    assert build_system(tmp_path / "new")["build-backend"] == "uv_build"
    fresh(versions, tmp_path / "chosen", "0.3.0", package_name="app", build_backend="hatchling")
    assert build_system(tmp_path / "chosen") == HATCHLING


@pytest.mark.parametrize("retired", ["3.9", "3.10"])
def test_update_keeps_a_python_min_no_longer_offered(
    versions: Path, tmp_path: Path, retired: str
) -> None:
    """3.9 and 3.10 are past end of life and not offered to new projects; one that chose them
    keeps its requires-python instead of being moved to the new default."""
    project = generate(
        versions, tmp_path / "project", "0.2.0", package_name="app", python_min=retired
    )
    assert retired not in question_choices("python_min")
    result = copier_cli(
        "update", "--trust", "--defaults", "-r", "0.3.0", str(project), cwd=tmp_path
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.count("modfirst verify: OK") == 1, result.stdout + result.stderr
    pyproject = tomllib.loads((project / "pyproject.toml").read_text(encoding="utf-8"))
    assert pyproject["project"]["requires-python"] == f">={retired}"
    assert "target-version" not in pyproject["tool"]["ruff"]  # ruff reads requires-python
    assert pyproject["tool"]["mypy"]["python_version"] == retired
    assert answers(project)["python_min"] == retired
    # the classifiers now run from the retired release to the newest in the table
    newest = python_releases()[-1]["version"]
    assert f"Programming Language :: Python :: {retired}" in pyproject["project"]["classifiers"]
    assert f"Programming Language :: Python :: {newest}" in pyproject["project"]["classifiers"]
    assert "UU" not in git("status", "--porcelain", cwd=project)


# The package_name default before 0.2.0 made names from the project name without transliterating:
# "Ünïcode Nämé" became "n_code_n_m" (now "unicode_name").
NEW_DEFAULT = """\
    {%- from 'includes/names.jinja' import suggest_package with context -%}
    {{ suggest_package(project_name) }}
"""
OLD_DEFAULT = """\
    {%- set base = project_name | lower | regex_replace('[^a-z0-9]+', '_') -%}
    {{ base | regex_replace('^_+|_+$', '') or 'my_project' }}
"""


def test_update_keeps_a_package_named_by_the_old_default(
    tmp_path: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """A new default never renames an existing project's package on `copier update --defaults`."""
    repo = snapshot(tmp_path_factory.mktemp("names") / "modfirst names")
    config = repo / "copier.yml"
    current = config.read_text(encoding="utf-8")
    assert NEW_DEFAULT in current
    config.write_text(current.replace(NEW_DEFAULT, OLD_DEFAULT), encoding="utf-8")
    commit_all(repo, "0.1.0: the old package_name default")
    git("tag", "0.1.0", cwd=repo)
    config.write_text(current, encoding="utf-8")
    commit_all(repo, "0.2.0: the default transliterates")
    git("tag", "0.2.0", cwd=repo)

    project = tmp_path / "project"
    copied = copy_cli(
        repo, project, "--trust", "-d", "project_name=Ünïcode Nämé", cwd=tmp_path, ref="0.1.0"
    )
    assert copied.returncode == 0, copied.stderr
    assert (project / "src" / "n_code_n_m" / "__main__.py").is_file()
    commit_all(project, "generated")
    updated = copier_cli(
        "update", "--trust", "--defaults", "-r", "0.2.0", str(project), cwd=tmp_path
    )
    assert updated.returncode == 0, updated.stderr
    assert "_commit: 0.2.0" in (project / ".copier-answers.yml").read_text(encoding="utf-8")
    assert "package_name: n_code_n_m" in (project / ".copier-answers.yml").read_text()
    assert (project / "src" / "n_code_n_m" / "__main__.py").is_file()
    assert not (project / "src" / "unicode_name").exists()
    assert updated.stdout.count("modfirst verify: OK: n_code_n_m runs as a module") == 1
    # and a new copy from 0.2.0 gets the transliterated name
    fresh_copy = fresh(repo, tmp_path / "fresh", "0.2.0", project_name="Ünïcode Nämé")
    assert "src/unicode_name/__main__.py" in fresh_copy


FIRST_LINE = (
    '"""Run the package every way a user can, and show why running a file by path is not one.'
)


def test_conflict_in_a_carried_rename_is_reported_like_copiers_own(
    tmp_path: Path, tmp_path_factory: pytest.TempPathFactory, capfd: pytest.CaptureFixture[str]
) -> None:
    """carry_renamed.py cannot merge: git records the file as unmerged, the check says so."""
    repo = snapshot(tmp_path_factory.mktemp("rename") / "modfirst rename")
    current = (repo / TEMPLATE_FILE).read_text(encoding="utf-8")
    assert current.startswith(FIRST_LINE)
    (repo / TEMPLATE_FILE).unlink()
    (repo / OLD_TEMPLATE_FILE).write_text(
        current.replace(FIRST_LINE, '"""Run the package every way a user can.'), encoding="utf-8"
    )
    commit_all(repo, "0.1.0")
    git("tag", "0.1.0", cwd=repo)
    (repo / OLD_TEMPLATE_FILE).unlink()
    (repo / TEMPLATE_FILE).write_text(current, encoding="utf-8")
    commit_all(repo, "0.2.0")
    git("tag", "0.2.0", cwd=repo)

    project = generate(repo, tmp_path / "project", "0.1.0", package_name="app")
    old_tests = project / "tests" / "test_running.py"
    edited = old_tests.read_text().replace(
        '"""Run the package every way a user can.', '"""Our own words on the same line.'
    )
    assert edited != old_tests.read_text()
    old_tests.write_text(edited)
    commit_all(project, "user edits the line the template changes next")
    capfd.readouterr()
    update(project, "0.2.0")
    output = "".join(capfd.readouterr())

    carried = (project / "tests" / "test_run_as_module.py").read_text()
    assert "<<<<<<< your edits" in carried and ">>>>>>> new template" in carried
    assert "Our own words on the same line." in carried and FIRST_LINE in carried
    assert "your edits were carried over with conflicts to resolve" in output
    unmerged = git("ls-files", "--unmerged", cwd=project)
    assert {line.split("\t")[1] for line in unmerged.splitlines()} == {
        "tests/test_run_as_module.py"
    }
    assert "UU tests/test_run_as_module.py" in git("status", "--porcelain", cwd=project)
    assert "NOT VERIFIED: the update left conflicts in tests/test_run_as_module.py" in output
    assert "modfirst verify: OK" not in output


PUBLISHED_QUESTION = re.compile(r"^published_package:\n(?:[ #].*\n)+\n", re.MULTILINE)
PUBLISHED_RULE = "{%- if n and n == (published_package | default('')) -%}"


def test_published_package_question_updates_old_projects_and_keeps_a_reserved_name(
    tmp_path: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """0.1.0 has no published_package question; 0.2.0 (the working tree) adds it; 0.3.0 edits
    README. A project from 0.1.0 updates with its answers unchanged; an adopted project whose
    published name the new-name rules refuse ("click") keeps it across an update."""
    repo = snapshot(tmp_path_factory.mktemp("published") / "modfirst published")
    config, rules = repo / "copier.yml", repo / "includes" / "names.jinja"
    current = {p: p.read_text(encoding="utf-8") for p in (config, rules)}
    edit(config, lambda t: PUBLISHED_QUESTION.sub("", t, count=1))
    edit(
        rules,
        lambda t: t.replace(PUBLISHED_RULE, "{%- if false -%}", 1),
    )
    commit_all(repo, "0.1.0: no published_package")
    git("tag", "0.1.0", cwd=repo)
    for path, text in current.items():
        path.write_text(text, encoding="utf-8")
    commit_all(repo, "0.2.0: published_package")
    git("tag", "0.2.0", cwd=repo)
    edit(repo / "template" / "README.md.jinja", lambda t: t + "\nA line added by 0.3.0.\n")
    commit_all(repo, "0.3.0")
    git("tag", "0.3.0", cwd=repo)

    old = generate(repo, tmp_path / "old", "0.1.0", project_name="old")
    before = answers(old)
    updated = copier_cli("update", "--trust", "--defaults", "-r", "0.2.0", str(old), cwd=tmp_path)
    assert updated.returncode == 0, updated.stderr
    after = answers(old)
    assert after.pop("_commit") == "0.2.0"
    before.pop("_commit")
    assert after == before  # no published_package line, nothing renamed
    assert git("status", "--porcelain", cwd=old).split() == ["M", ".copier-answers.yml"]

    refused = copy_cli(repo, tmp_path / "new", "--trust", "-d", "package_name=click", cwd=tmp_path)
    assert refused.returncode != 0
    assert '"click" is the name of a tool or folder a project relies on' in refused.stderr
    adopted = tmp_path / "adopted"
    copied = copy_cli(
        repo,
        adopted,
        "--trust",
        "-d",
        "package_name=click",
        "-d",
        "published_package=click",
        cwd=tmp_path,
        ref="0.2.0",
    )
    assert copied.returncode == 0, copied.stderr
    assert answers(adopted)["published_package"] == "click"
    commit_all(adopted, "adopted")
    updated = copier_cli(
        "update", "--trust", "--defaults", "-r", "0.3.0", str(adopted), cwd=tmp_path
    )
    assert updated.returncode == 0, updated.stderr
    kept = answers(adopted)
    assert (kept["_commit"], kept["package_name"], kept["published_package"]) == (
        "0.3.0",
        "click",
        "click",
    )
    assert "A line added by 0.3.0." in (adopted / "README.md").read_text(encoding="utf-8")
    assert (adopted / "src" / "click" / "__main__.py").is_file()
