"""Progress of a command, told to whoever watches: the CLI's progress bar, or nobody.

The flows call ``reporter().expect(total)`` and ``reporter().advance(n)`` as batches finish; the CLI installs
a rich progress bar with ``watching`` around the run. Nothing here decides what the terminal shows otherwise.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    SpinnerColumn,
    Task,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.text import Text


class Reporter:
    """Nobody watching: every call does nothing."""

    def expect(self, total: int | None) -> None:
        """The number of items the command will get through (None: not known)."""

    def advance(self, count: int = 1) -> None:
        """``count`` more items are done."""


_current: Reporter = Reporter()


def reporter() -> Reporter:
    return _current


@contextmanager
def watching(watcher: Reporter) -> Iterator[Reporter]:
    """Install ``watcher`` as the reporter for the with-block (the flow runs in this thread and process)."""
    global _current
    previous, _current = _current, watcher
    try:
        yield watcher
    finally:
        _current = previous


class RateColumn(ProgressColumn):
    """Items a second, once there is a rate to show."""

    def __init__(self, unit: str) -> None:
        super().__init__()
        self.unit = unit

    def render(self, task: Task) -> Text:
        speed = task.finished_speed or task.speed
        return Text(f"{speed:.1f} {self.unit}/s" if speed else "", style="progress.data.speed")


class ProgressBar(Reporter):
    """A rich progress bar on ``console``: done/total, rate and time left; a counter while the total is unknown."""

    def __init__(self, console: Console, label: str, unit: str = "articles") -> None:
        self.started = time.monotonic()
        self.done = 0
        self._progress = Progress(
            SpinnerColumn(),
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            RateColumn(unit),
            TimeElapsedColumn(),
            TextColumn("left"),
            TimeRemainingColumn(),
            console=console,
            transient=False,
            redirect_stdout=False,
            redirect_stderr=False,
        )
        self._task = self._progress.add_task(label, total=None)

    def __enter__(self) -> ProgressBar:
        self._progress.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._progress.stop()

    def expect(self, total: int | None) -> None:
        self._progress.update(self._task, total=total)

    def advance(self, count: int = 1) -> None:
        self.done += count
        self._progress.update(self._task, advance=count)
