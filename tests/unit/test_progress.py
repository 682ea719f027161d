"""The kit's progress: a rich bar on a terminal, one plain line per seat anywhere else."""

from __future__ import annotations

import io

from modfirst.kit.progress import Progress


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_plain_lines_when_not_a_terminal() -> None:
    stream = io.StringIO()
    with Progress(12, "seats", stream) as bar:
        bar.advance("ada", "verified", 1.25)
        bar.advance("grace", "failed: no", 0.5, ok=False)
    assert stream.getvalue() == "[ 1/12] ada: verified (1.2 s)\n[ 2/12] grace: failed: no (0.5 s)\n"


def test_a_bar_on_a_terminal() -> None:
    stream = Terminal()
    with Progress(3, "seats", stream) as bar:
        for seat in ("ada", "grace", "alan"):
            bar.advance(seat, "verified", 1.0)
    shown = stream.getvalue()
    assert "\x1b[" in shown  # drawn with terminal control codes, not plain lines
    assert "3/3" in shown and "━" in shown
    assert "[3/3] alan: verified (1.0 s)" in shown  # each seat's line stays above the bar


def test_nothing_to_do_draws_nothing() -> None:
    stream = Terminal()
    with Progress(0, "seats", stream):
        pass
    assert stream.getvalue() == ""
