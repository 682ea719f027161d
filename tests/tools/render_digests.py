#!/usr/bin/env python3
"""Digests of every rendered variant: the "before" that render-cost changes must keep.

    python tests/tools/render_digests.py COMMIT [--out tests/template/render_digests.json]

Renders the template as it was at COMMIT (`git archive`, a plain folder, no tasks) for every
answer combination of `VARIANTS` and writes one tree digest per variant. The variants are
tests/e2e/test_matrix.py's (build backend x CLI x workshop x python_min, package "matrix_pkg"),
with python_min's choices as they are today stored in the file, plus the answers the matrix
leaves at their default (docs, devcontainer, license, a project name that needs
transliterating). tests/template/test_render_identity.py renders the same variants from the
working tree and compares.
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import json
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
OUT = REPO / "tests" / "template" / "render_digests.json"
# Answers that change with the day or the copy, pinned or left out of the digest.
PINNED = {"copyright_year": "2026"}
# Lines of the answers file that name the source and its commit, not the template's output.
VOLATILE_ANSWERS = ("_commit:", "_src_path:")
# The folder name (the default project name comes from it), as test_matrix's tmp_path/"project".
FOLDER = "project"


def copier_config(template: Path) -> dict[str, Any]:
    from copier._template import load_template_config

    return load_template_config(template / "copier.yml")


def choices(template: Path, question: str) -> list[str]:
    """A question's choices as copier renders them today (python_min's change with the date)."""
    sys.path.insert(0, str(REPO / "tests"))
    from helpers import question_choices

    with_template = question_choices.__globals__
    original = with_template.get("REPO")
    with_template["REPO"] = template
    try:
        return list(question_choices(question))
    finally:
        with_template["REPO"] = original


def variants(template: Path) -> dict[str, dict[str, Any]]:
    """test_matrix's combinations, then one variant per answer the matrix keeps at default."""
    found: dict[str, dict[str, Any]] = {}
    for backend, cli, workshop, python_min in itertools.product(
        choices(template, "build_backend"),
        choices(template, "cli_framework"),
        [False, True],
        choices(template, "python_min"),
    ):
        name = f"{backend}-{cli}-{'workshop' if workshop else 'plain'}-{python_min}"
        found[name] = {
            "package_name": "matrix_pkg",
            "build_backend": backend,
            "cli_framework": cli,
            "workshop": workshop,
            "python_min": python_min,
        }
    for docs in choices(template, "docs"):
        found[f"docs-{docs}"] = {"docs": docs}
    for license_id in choices(template, "license"):
        found[f"license-{license_id}"] = {"license": license_id}
    found["devcontainer"] = {"devcontainer": True}
    found["everything-on"] = {"devcontainer": True, "workshop": True, "docs": "mkdocs"}
    found["transliterated-name"] = {"project_name": "Ünïcode Nämé", "author_name": "Zoë"}
    found["tools-package"] = {"package_name": "tools", "subpackage_name": "tools_tool"}
    return found


def render(template: Path, destination: Path, answers: dict[str, Any]) -> Path:
    import copier

    copier.run_copy(
        str(template),
        destination,
        data={**PINNED, **answers},
        defaults=True,
        quiet=True,
        skip_tasks=True,
    )
    return destination


def tree_digest(project: Path) -> dict[str, Any]:
    """sha256 over every file's path, executable bit and bytes (answers' volatile lines out)."""
    digest = hashlib.sha256()
    files = sorted(p for p in project.rglob("*") if p.is_file() or p.is_symlink())
    for path in files:
        relative = path.relative_to(project).as_posix()
        data = path.read_bytes()
        if relative == ".copier-answers.yml":
            lines = data.decode().splitlines(keepends=True)
            data = "".join(ln for ln in lines if not ln.startswith(VOLATILE_ANSWERS)).encode()
        executable = "x" if path.stat().st_mode & 0o111 else "-"
        digest.update(f"{relative}\0{executable}\0{len(data)}\0".encode() + data)
    return {"tree": digest.hexdigest(), "files": len(files)}


def files_at(commit: str, destination: Path) -> Path:
    """The repository's tree at commit as a plain folder (copier renders it in place)."""
    archive = subprocess.run(
        ["git", "archive", "--format=tar", commit],
        cwd=REPO,
        capture_output=True,
        timeout=120,
        check=True,
    ).stdout
    destination.mkdir(parents=True)
    sys.path.insert(0, str(REPO / "tests"))
    from helpers import extract

    extract(archive, destination, ours=True)
    return destination


def digests(template: Path, answers: dict[str, dict[str, Any]], scratch: Path) -> dict[str, Any]:
    result = {}
    for name, data in answers.items():
        project = render(template, scratch / name / FOLDER, data)
        result[name] = tree_digest(project)
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("commit")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    commit = subprocess.run(
        ["git", "rev-parse", args.commit], cwd=REPO, capture_output=True, text=True, check=True
    ).stdout.strip()
    with tempfile.TemporaryDirectory(prefix="render-digests-") as tmp:
        template = files_at(commit, Path(tmp) / "template")
        answers = variants(template)
        found = digests(template, answers, Path(tmp) / "out")
    document = {
        "commit": commit,
        "pinned": PINNED,
        "variants": {name: {"answers": answers[name], **found[name]} for name in answers},
    }
    args.out.write_text(json.dumps(document, indent=1, ensure_ascii=False) + "\n")
    print(f"{len(found)} variants of {commit[:12]} -> {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
