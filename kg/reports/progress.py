"""A progress bar for runs over many files (rich), on stderr, and silent when stderr is not a
terminal (a pipe, a log file, a test): nothing is printed then, not even at the end."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn


@contextmanager
def progress_bar(description: str, total: int, console: Console | None = None) -> Iterator[Bar]:
    """A bar counting `total` steps; `bar.advance(label)` moves it on and shows what is done."""
    console = console or Console(stderr=True)
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
               TimeRemainingColumn(), TextColumn("{task.fields[label]}"))
    shown = console.is_terminal
    with Progress(*columns, console=console, transient=True, disable=not shown) as progress:
        yield Bar(progress, progress.add_task(description, total=total, label=""), shown)


class Bar:
    def __init__(self, progress: Progress, task, shown: bool):
        self.progress, self.task, self.shown = progress, task, shown

    def message(self, text: str) -> None:
        """One line on stderr, above the bar when there is one (never wrapped, never styled)."""
        if self.shown:
            self.progress.console.print(text, markup=False, highlight=False, soft_wrap=True)
        else:
            print(text, file=sys.stderr)

    def advance(self, label: str = "", steps: int = 1) -> None:
        self.progress.update(self.task, advance=steps, label=label)

    def show(self, label: str) -> None:
        """Say what is being done, without moving the bar."""
        self.progress.update(self.task, label=label)


@contextmanager
def working(description: str, console: Console | None = None) -> Iterator[None]:
    """A spinner saying what a long single step is doing (one query over a whole store), on stderr
    and only on a terminal."""
    console = console or Console(stderr=True)
    if not console.is_terminal:
        yield
        return
    with console.status(description):
        yield
