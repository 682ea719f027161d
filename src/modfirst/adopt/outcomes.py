"""The tests' outcomes before and after adoption, compared test by test (the proof's verdict).

A test may only get better: skipped before and passed after is no regression (markupsafe's
tests of its compiled extension skip in the tree, which has none, and pass against the
installed wheel, which has it). pytest names a parametrised test by its parameters' ids, and
a skipped case's id can say what was missing (`None` for the extension): when every id of a
test that vanished was skipped and each maps, by one parameter id swapped the same way for all,
onto a new id that passed, those are the same tests, better.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

BETTER = {("skipped", "passed")}


@dataclass
class Outcomes:
    runner: str
    results: dict[str, str] = field(default_factory=dict)  # test -> passed/failed/error/skipped
    error: str = ""  # the first error, when the tests could not be collected or run

    def ran(self) -> bool:
        return any(kind in {"passed", "failed"} for kind in self.results.values())

    def counts(self) -> str:
        if not self.results:
            return "no tests ran"
        totals = Counter(self.results.values())
        order = ("passed", "failed", "error", "skipped")
        return ", ".join(f"{totals[k]} {k}" for k in order if k in totals)


@dataclass
class Comparison:
    same: bool
    lines: list[str]  # what to print, in order


def compare(before: Outcomes, after: Outcomes) -> Comparison:
    """Same outcomes test by test, with at least one test that ran before."""
    head = f"tests ({before.runner}, fresh venv): {before.counts()} before; {after.counts()} after"
    if not before.ran():
        why = before.error or "no test ran"
        return Comparison(
            True, [head, f"tests before adoption could not run ({why}): not compared"]
        )
    renamed = reparametrised(before.results, after.results)
    paired = set(renamed) | set(renamed.values())
    changed = sorted(
        k
        for k in set(before.results) | set(after.results)
        if before.results.get(k) != after.results.get(k)
        and (before.results.get(k), after.results.get(k)) not in BETTER
        and k not in paired
    )
    if not changed:
        better = [k for k in before.results if before.results[k] != after.results.get(k)]
        note = f" (skipped before, passed after: {len(better)}" if better else ""
        swaps = Counter(s for old, new in renamed.items() if (s := swapped(old, new)))
        note += "".join(
            f"; {n} of them as {new}, skipped as {old}" for (old, new), n in sorted(swaps.items())
        )
        return Comparison(True, [head + ": same outcomes" + note + (")" if better else "")])
    listed = ", ".join(
        f"{k} {before.results.get(k, '-')} -> {after.results.get(k, '-')}" for k in changed[:20]
    )
    lines = [head, f"changed outcomes ({len(changed)}): {listed}"]
    if after.error:
        lines.append(f"first error after adoption: {after.error}")
    return Comparison(False, lines)


def reparametrised(before: dict[str, str], after: dict[str, str]) -> dict[str, str]:
    """{id before: id after} for the skipped tests whose id is gone after, each paired with a
    new id of the same test that passed and differs from it by one parameter id, swapped the
    same way for every pair (markupsafe: `test_escape[None-x-y]` -> `[markupsafe._speedups-x-y]`).
    """
    gone = sorted(k for k, v in before.items() if v == "skipped" and k not in after)
    new = sorted(k for k, v in after.items() if v == "passed" and k not in before)
    candidates: dict[tuple[str, str, str], list[tuple[str, str]]] = {}
    for old in gone:
        for name in new:
            swap = swapped(old, name)
            if swap is not None:
                test = old.partition("[")[0]
                candidates.setdefault((test, *swap), []).append((old, name))
    pairs: dict[str, str] = {}
    for key in sorted(candidates, key=lambda k: -len(candidates[k])):
        chosen = [p for p in candidates[key] if p[0] not in pairs]
        if len({name for _, name in chosen}) == len(chosen):  # one to one
            used = set(pairs.values())
            pairs |= {old: name for old, name in chosen if name not in used}
    return pairs


def swapped(old: str, new: str) -> tuple[str, str] | None:
    """The one parameter id (pytest joins them with "-") that differs between two ids of the
    same test, as (before, after); None when they are not such ids."""
    test, bracket, rest = old.partition("[")
    if not (bracket and new.startswith(test + "[") and rest.endswith("]") and new.endswith("]")):
        return None
    a, b = rest[:-1].split("-"), new[len(test) + 1 : -1].split("-")
    if len(a) != len(b):
        return None
    differ = [i for i, (x, y) in enumerate(zip(a, b, strict=True)) if x != y]
    return (a[differ[0]], b[differ[0]]) if len(differ) == 1 else None
