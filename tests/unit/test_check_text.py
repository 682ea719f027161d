"""`modfirst check --diff` for a person: each conflicting file's hunks under a header naming
the file, in the order the files are listed."""

from __future__ import annotations

from modfirst.check import link
from modfirst.check.cli import CheckReport, text

OURS = "<<<<<<< before updating\n{} (ours)\n=======\n{} (theirs)\n>>>>>>> after updating"


def test_each_files_hunks_come_under_its_name() -> None:
    trial = link.Trial(
        changed=["README.md", "src/demo/cli.py", "noxfile.py"],
        conflicts=["README.md", "src/demo/cli.py"],
        hunks={
            "README.md": [OURS.format("a", "a"), OURS.format("b", "b")],
            "src/demo/cli.py": [OURS.format("c", "c")],
        },
    )
    shown = text(CheckReport("/p", update=trial), diff=True).splitlines()
    headers = [i for i, line in enumerate(shown) if line.startswith("--- ")]
    assert [shown[i] for i in headers] == ["--- README.md", "--- src/demo/cli.py"]
    first, second = headers
    assert shown[first + 1] == "<<<<<<< before updating" and "a (ours)" in shown[first + 2]
    assert "b (ours)" in "\n".join(shown[first:second])
    assert "c (ours)" in "\n".join(shown[second:]) and "c (ours)" not in "\n".join(shown[:second])
    assert "--- " not in text(CheckReport("/p", update=trial), diff=False)
