"""Every real project of tests/corpora/adopt_real (corpus.json) adopted as a user would: what it
publishes is the same before and after (for a maintainers' own move to src/, the same as the
maintainers' result), its tests give the same counts, its program the same `--help`, no file is
lost and nothing prints a traceback; a refusal is one line with the tree untouched.

The measuring is benchmarks/adopt_corpus.py's `adopt_one` (one source for the benchmark's table
and these asserts). A project adopt cannot handle yet is xfail(strict=True) with its finding in
corpus.json (`"xfail"`), so it fails here the day adopt handles it: remove the mark then.
"""

from __future__ import annotations

import importlib.util
import tarfile
from pathlib import Path
from typing import Any

import pytest

from helpers import REPO, extract, git

SPEC = importlib.util.spec_from_file_location(
    "adopt_corpus", REPO / "benchmarks" / "adopt_corpus.py"
)
assert SPEC and SPEC.loader
CORPUS: Any = importlib.util.module_from_spec(SPEC)
SPEC.loader.exec_module(CORPUS)


def cases() -> list[Any]:
    return [
        pytest.param(
            entry,
            id=entry["name"],
            marks=[pytest.mark.xfail(strict=True, reason=entry["xfail"])]
            if entry.get("xfail")
            else [],
        )
        for entry in CORPUS.projects()
    ]


def unpack(archive: Path, into: Path) -> Path:
    """The archive as a one-commit repository, as its owner would have it."""
    extract(archive, into)
    return CORPUS.commit_tree(next(p for p in into.iterdir() if p.is_dir()))  # type: ignore[no-any-return]


@pytest.mark.parametrize("entry", cases())
def test_a_real_project_is_adopted_keeping_what_it_publishes(
    entry: dict[str, Any], template: Path, tmp_path: Path
) -> None:
    project = unpack(entry["path"], tmp_path)
    original = git("ls-files", cwd=project).splitlines()
    result = CORPUS.adopt_one(entry, project, ("--template", str(template), "--vcs-ref", "HEAD"))
    CORPUS.keep(result)  # for the benchmark's table, when MODFIRST_CORPUS_RESULTS names a folder
    summary = f"{result['outcome']}: {result['tail']}"
    assert not result["traceback"], summary
    assert result["lost"] == [], summary
    if entry.get("expect") == "refused":
        assert result["status"] == 2, summary
        assert result["stderr lines"] == 1, summary
        assert result["untouched"], summary
        assert git("ls-files", cwd=project).splitlines() == original
        return
    assert result["status"] == 0, summary
    assert CORPUS.same_tests(result["tests"]), result["tests"]
    assert not result["program"].startswith("DIFFERENT"), result["program"]
    assert result["published differences"] == [], result["published differences"]
    assert result["wrong advice"] == [], result["wrong advice"]  # the plan's words are right too
    after = result["published after"]
    if result["published before"] is None and after is not None:  # adopt made its packaging
        assert "build failed" not in after, after
        assert after["imports"].startswith("installed, imports "), after["imports"]


def test_the_corpus_is_pinned_with_licences_and_every_move_has_its_reference() -> None:
    """Every archive named in corpus.json is there with a licence file inside, every archive
    there is named, and each maintainers' move has its move commit's archive."""
    entries = CORPUS.projects()
    named = {e["path"] for e in entries} | {
        (CORPUS.CORPUS / e["move"]["archive"]).resolve() for e in entries if e.get("move")
    }
    folder = CORPUS.CORPUS
    assert set(folder.glob("*.tar.gz")) | set(folder.glob("moves/*.tar.gz")) <= named
    assert len(entries) >= 30
    assert sum(1 for e in entries if e.get("move")) >= 6
    for path in sorted(named):
        with tarfile.open(path) as tar:
            tops = {n.split("/")[1].upper() for n in tar.getnames() if n.count("/") == 1}
        assert any(t.startswith(("LICENSE", "LICENCE", "COPYING")) for t in tops), path.name


def test_the_measures_compare_what_is_published_not_how_it_is_written() -> None:
    """The comparison the corpus test relies on: normalised values are equal, a dropped field
    or module is a difference, `PKG.__main__` may be added only to a project with a program."""
    assert CORPUS.module_of("a/__init__.py") == "a" == CORPUS.module_of("a.py")
    assert CORPUS.module_of("a/_x.cpython-311-x86_64-linux-gnu.so") == "a._x"
    written = "Metadata-Version: 2.1\nName: a\nVersion: 1.0.dev\nRequires-Dist: B>=1 ; extra=='x'\n"
    rewritten = (
        'Metadata-Version: 2.4\nName: a\nVersion: 1.0.dev0\nRequires-Dist: B >=1; extra == "x"\n'
    )
    assert CORPUS.metadata_fields(written) == CORPUS.metadata_fields(rewritten)
    library = {"metadata": {"Name": ["a"], "Author": ["X"]}, "entry points": {}, "modules": ["a"]}
    assert CORPUS.differences(library, library) == []
    assert CORPUS.differences(library, dict(library, metadata={"Name": ["a"]})) == [
        "Author: ['X'] -> None"
    ]
    with_main = dict(library, modules=["a", "a.__main__"])
    assert CORPUS.differences(library, with_main) == ["modules: ['a'] -> ['a', 'a.__main__']"]
    program = dict(library, **{"entry points": {"console_scripts": {"a": "a:main"}}})
    assert CORPUS.differences(program, dict(program, modules=["a", "a.__main__"])) == []
    assert CORPUS.differences(None, library) == []  # it published nothing; adopt packaged it
    scripts = {"console_scripts": {"b": "p.cli:main", "a": "p:app.run [x]"}}
    assert CORPUS.published_program("plan (package p)", {"entry points": scripts}) == {
        "package": "p",
        "target": "p:app.run",
        "name": "a",
    }  # a program the plan does not name is still compared: the one the wheel publishes
    assert CORPUS.published_program("plan (package p)", library) == {}
    wheel = {
        "metadata": {"Requires-Dist": ['click>=8 ; extra == "cli"']},
        "entry points": {"console_scripts": {"tool": "p.cli:main"}},
    }
    plan = "  ! click: p/cli.py:5 imports click, undeclared (dependency); declare it ...\n"
    assert CORPUS.wrong_advice(plan, wheel) == [
        "says click is undeclared; it is a Requires-Dist",
        "does not name the console script tool",
    ]
    assert CORPUS.wrong_advice("    = console script tool: p.cli:main\n", wheel) == []
    failed = (
        "modfirst verify: FAILED: x\n  | quoted\n  cd /tmp && y\nmodfirst adopt: FAILED; the tree"
    )
    failed += " is restored"
    assert CORPUS.cause(failed) == "modfirst verify: FAILED: x"  # not verify's rerun hint
    assert CORPUS.same_tests("tests (pytest, fresh venv): 3 passed before; 3 passed after")
    assert not CORPUS.same_tests("tests (pytest, fresh venv): 3 passed before; 2 passed after")
    better = "3 passed, 2 skipped before; 5 passed after: same outcomes (skipped before, passed"
    assert CORPUS.same_tests(f"tests (pytest, fresh venv): {better} after: 2)")
    assert not CORPUS.same_tests(f"tests (pytest, fresh venv): {better} after: 1)")
