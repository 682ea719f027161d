"""Mutation check: break the product one small way at a time and see whether a test notices.

    python tests/tools/mutation_check.py [--suite hooks|validators|all] [--limit N] [--json FILE]

Each mutant lives in a fresh snapshot of this repository (the worktree is never touched):
- hooks: in every function of hooks/*.py, one comparison flipped (== / !=, < / >=, in / not in),
  one `and`/`or` swapped, one `not` dropped, one True/False or small integer changed;
- validators: one validator branch disabled (its condition made `false`) in copier.yml or
  includes/names.jinja, or one name dropped from a hidden list in includes/names.yml (a sample
  of the keywords, the reserved names and the standard-library names).
The snapshot's own tests for that file run (`-x`, fast ones unless the suite says otherwise);
a mutant they pass "survived": a behaviour no test pins down. Prints one line per mutant and
the score (killed / total); --json writes the details.
"""

from __future__ import annotations

import argparse
import ast
import json
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "tests"))  # helpers.py, imported as the tests import it
TEST_TIMEOUT = 900
# Which tests guard which file. Fast tests where they exist; the slow ones otherwise.
HOOK_TESTS = {
    "hooks/absolute_source.py": [
        "tests/template/test_absolute_source.py",
        "tests/unit/test_answers_file.py",
        "-m",
        "not slow",
    ],
    "hooks/refuse_rename.py": ["tests/e2e/test_update.py", "-k", "rename or tasks_run_once"],
    "hooks/carry_renamed.py": [
        "tests/template/test_carry_renamed.py",
        "tests/e2e/test_update.py",
        "-k",
        "keeps_every_user_edit or conflict",
    ],
    "hooks/verify.py": ["tests/unit/test_verify_report.py", "tests/e2e/test_verify.py"],
}
VALIDATOR_TESTS = [
    "tests/unit/test_name_rules.py",
    "tests/template/test_name_refusals.py",
    "tests/template/test_hostile_answers.py::test_hostile_answer_is_refused_with_one_sentence",
]
FLIPS: dict[type[ast.cmpop], type[ast.cmpop]] = {
    ast.Eq: ast.NotEq,
    ast.NotEq: ast.Eq,
    ast.Lt: ast.GtE,
    ast.GtE: ast.Lt,
    ast.Gt: ast.LtE,
    ast.LtE: ast.Gt,
    ast.In: ast.NotIn,
    ast.NotIn: ast.In,
    ast.Is: ast.IsNot,
    ast.IsNot: ast.Is,
}


@dataclass
class Mutant:
    file: str
    line: int
    change: str
    source: str  # the whole mutated file
    tests: list[str]
    outcome: str = ""
    seconds: float = 0.0


def node_mutations(node: ast.AST) -> Iterator[tuple[str, ast.AST]]:
    """(description, replacement node) for each mutation of one node."""
    if isinstance(node, ast.Compare) and type(node.ops[0]) in FLIPS:
        flipped = FLIPS[type(node.ops[0])]()
        yield (
            f"{type(node.ops[0]).__name__} -> {type(flipped).__name__}",
            ast.Compare(left=node.left, ops=[flipped, *node.ops[1:]], comparators=node.comparators),
        )
    elif isinstance(node, ast.BoolOp):
        other = ast.Or() if isinstance(node.op, ast.And) else ast.And()
        yield (
            f"{type(node.op).__name__} -> {type(other).__name__}",
            ast.BoolOp(op=other, values=node.values),
        )
    elif isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
        yield "drop not", node.operand
    elif isinstance(node, ast.Constant) and isinstance(node.value, bool):
        yield f"{node.value} -> {not node.value}", ast.Constant(not node.value)
    elif (
        isinstance(node, ast.Constant)
        and type(node.value) is int
        and 0 <= node.value <= 9
        and hasattr(node, "lineno")
    ):
        yield f"{node.value} -> {node.value + 1}", ast.Constant(node.value + 1)


class Replace(ast.NodeTransformer):
    def __init__(self, target: ast.AST, replacement: ast.AST) -> None:
        self.target, self.replacement = target, replacement

    def generic_visit(self, node: ast.AST) -> ast.AST:
        if node is self.target:
            return ast.copy_location(self.replacement, node)
        return super().generic_visit(node)


def hook_mutants(files: list[str]) -> Iterator[Mutant]:
    for name in files:
        text = (REPO / name).read_text(encoding="utf-8")
        tree = ast.parse(text)
        skip = {id(n) for parent in ast.walk(tree) for n in annotation_nodes(parent)}
        functions = [f for f in ast.walk(tree) if isinstance(f, ast.FunctionDef)]
        for position, node in enumerate(ast.walk(tree)):
            line = getattr(node, "lineno", 0)
            if id(node) in skip or not any(
                f.lineno <= line <= (f.end_lineno or 0) for f in functions
            ):
                continue
            for change, _ in node_mutations(node):
                fresh = ast.parse(text)  # the transformer edits in place: one tree per mutant
                target = next(n for i, n in enumerate(ast.walk(fresh)) if i == position)
                replacement = next(r for c, r in node_mutations(target) if c == change)
                mutated = ast.unparse(Replace(target, replacement).visit(fresh))
                yield Mutant(name, line, change, mutated, HOOK_TESTS[name])


def annotation_nodes(parent: ast.AST) -> Iterator[ast.AST]:
    for annotation in (getattr(parent, "annotation", None), getattr(parent, "returns", None)):
        if isinstance(annotation, ast.AST):
            yield from ast.walk(annotation)


BRANCH = re.compile(r"^(\s*\{%-? (?:el)?if )(.+?)( -?%\}\s*)$")


# Where the name rules live: validator branches in copier.yml and in the macros it imports,
# the hidden lists in the YAML file copier.yml includes.
BRANCH_FILES = ("copier.yml", "includes/names.jinja")
LIST_FILE = "includes/names.yml"


def read_lines(name: str) -> list[str]:
    return (REPO / name).read_text(encoding="utf-8").splitlines(keepends=True)


def validator_mutants(sample: int) -> Iterator[Mutant]:
    for name in BRANCH_FILES:
        lines = read_lines(name)
        in_validator = name != "copier.yml"  # every branch of the macros is a refusal
        for number, line in enumerate(lines):
            if name == "copier.yml" and re.match(r"^\s+validator: ", line):
                in_validator = True
            elif name == "copier.yml" and re.match(r"^\S", line):
                in_validator = False
            match = BRANCH.match(line)
            if in_validator and match:
                off = [*lines[:number], f"{match[1]}false{match[3]}", *lines[number + 1 :]]
                change = f"branch off: {match[2][:60]}"
                yield Mutant(name, number + 1, change, "".join(off), VALIDATOR_TESTS)
    lines = read_lines(LIST_FILE)
    for hidden in ("python_keywords", "reserved_names", "stdlib_names"):
        start = next(
            i
            for i, line in enumerate(lines)
            if line.startswith("  default:")
            and any(lines[j].startswith(f"{hidden}:") for j in range(max(0, i - 5), i))
        )
        end = next(i for i in range(start + 1, len(lines)) if not lines[i].startswith("    "))
        block = "".join(lines[start:end])
        words = re.findall(r"(?<=[\[ ,])\"?([A-Za-z_][A-Za-z0-9_]*)\"?(?=[,\]])", block)
        for word in sorted(random.Random(0).sample(words, min(sample, len(words)))):
            # The last name takes the comma before it: a list left with `"a", ]` is not JSON,
            # and a mutant copier cannot parse tests no rule.
            last = rf',\s*"?{word}"?(?=\])'
            dropped = re.sub(last, "", block, count=1)
            if dropped == block:
                dropped = re.sub(rf'(?<=[\[ ,])"?{word}"?(,\s*|(?=\]))', "", block, count=1)
            mutated = "".join(lines[:start]) + dropped + "".join(lines[end:])
            yield Mutant(LIST_FILE, start + 1, f"{hidden} without {word}", mutated, VALIDATOR_TESTS)


def run_mutant(mutant: Mutant, pristine: Path, scratch: Path) -> None:
    work = scratch / "repo"
    shutil.rmtree(work, ignore_errors=True)
    shutil.copytree(pristine, work)
    (work / mutant.file).write_text(mutant.source, encoding="utf-8")
    started = time.perf_counter()
    try:
        result = subprocess.run(
            [
                sys.executable,
                "-m",
                "pytest",
                "-x",
                "-q",
                "-n",
                "2",
                "-p",
                "no:cacheprovider",
                f"--basetemp={scratch / 'pt'}",
                *mutant.tests,
            ],
            cwd=work,
            capture_output=True,
            text=True,
            timeout=TEST_TIMEOUT,
            check=False,
        )
        mutant.outcome = {0: "survived", 5: "no tests"}.get(result.returncode, "killed")
    except subprocess.TimeoutExpired:
        mutant.outcome = "killed"  # a hang is noticed too
    mutant.seconds = round(time.perf_counter() - started, 1)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--suite", choices=["hooks", "validators", "all"], default="all")
    parser.add_argument(
        "--hook", action="append", choices=sorted(HOOK_TESTS), help="only these hooks"
    )
    parser.add_argument("--limit", type=int, help="at most N mutants, a fixed sample")
    parser.add_argument(
        "--names", type=int, default=4, help="names dropped from each hidden list (a sample)"
    )
    parser.add_argument("--json", type=Path, help="write every mutant's outcome here")
    args = parser.parse_args(argv)
    mutants: list[Mutant] = []
    if args.suite in ("hooks", "all"):
        mutants += hook_mutants(args.hook or sorted(HOOK_TESTS))
    if args.suite in ("validators", "all"):
        mutants += validator_mutants(args.names)
    if args.limit is not None and args.limit < len(mutants):
        mutants = sorted(
            random.Random(0).sample(mutants, args.limit), key=lambda m: (m.file, m.line)
        )
    from helpers import snapshot  # the tests' own snapshot: the worktree, committed afresh

    with tempfile.TemporaryDirectory(prefix="modfirst-mutants-") as temp:
        pristine = Path(temp, "pristine")
        snapshot(pristine)
        for number, mutant in enumerate(mutants, 1):
            run_mutant(mutant, pristine, Path(temp))
            print(
                f"[{number}/{len(mutants)}] {mutant.outcome:8} {mutant.file}:{mutant.line} "
                f"{mutant.change} ({mutant.seconds} s)",
                flush=True,
            )
    judged = [m for m in mutants if m.outcome != "no tests"]
    killed = sum(m.outcome == "killed" for m in judged)
    print(
        f"mutation score: {killed}/{len(judged)} killed" + (" (no mutants)" if not judged else "")
    )
    if args.json:
        records = [{k: v for k, v in asdict(m).items() if k != "source"} for m in mutants]
        args.json.write_text(json.dumps(records, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
