"""Progress for long runs over many seats: a rich progress bar on a terminal, plain lines elsewhere.

On a terminal (a TTY) a bar with the count, elapsed and remaining time stays at the bottom and
each seat's line prints above it. Anywhere else (CI logs, pipes, files) every seat prints one
plain line, `[done/total] seat: result (seconds)`, which logs keep readable.
"""

from __future__ import annotations

import sys
import time
from types import TracebackType
from typing import Any, TextIO


class Progress:
    def __init__(self, total: int, label: str, stream: TextIO | None = None) -> None:
        self.total, self.label, self.done = total, label, 0
        self.stream = stream if stream is not None else sys.stderr
        self.started = time.perf_counter()
        self.bar: Any = None
        self.task: Any = None
        if total > 0 and self.stream.isatty():
            from rich.console import Console
            from rich.progress import (
                BarColumn,
                MofNCompleteColumn,
                TextColumn,
                TimeElapsedColumn,
                TimeRemainingColumn,
            )
            from rich.progress import Progress as Bar

            self.bar = Bar(
                TextColumn("{task.description}"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeElapsedColumn(),
                TimeRemainingColumn(),
                console=Console(file=self.stream, force_terminal=True),
            )

    def __enter__(self) -> Progress:
        if self.bar is not None:
            self.bar.start()
            self.task = self.bar.add_task(self.label, total=self.total)
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        if self.bar is not None:
            self.bar.stop()

    def advance(
        self, seat: str, result: str, seconds: float | None = None, ok: bool = True
    ) -> None:
        """One seat is finished: move the bar, or print its plain line."""
        self.done += 1
        took = f" ({seconds:.1f} s)" if seconds is not None else ""
        line = f"[{self.done:>{len(str(self.total))}}/{self.total}] {seat}: {result}{took}"
        if self.bar is None:
            print(line, file=self.stream, flush=True)
            return
        self.bar.console.print(
            line, style=None if ok else "bold red", markup=False, highlight=False
        )
        self.bar.advance(self.task)
