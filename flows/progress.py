"""What a command shows in the terminal: a progress bar, and how much of Prefect's logging.

The flows call ``reporter().expect(total)`` and ``reporter().advance(n)`` as batches finish; the CLI installs
a rich progress bar with ``watching`` around the run. ``terminal_logging`` sets how much of Prefect's console
logging reaches the terminal: by default warnings and errors only, so the per-task state lines ("Finished in
state Completed()") stay in the Prefect UI and API, which still get every INFO record.
"""

from __future__ import annotations

import logging
import os
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Literal

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


Mode = Literal["quiet", "normal", "verbose"]
# Prefect's console handler level per mode; the records still reach the API handler (the Prefect UI)
CONSOLE_LEVELS: dict[str, str] = {"quiet": "ERROR", "normal": "WARNING", "verbose": "DEBUG"}
CONSOLE_LEVEL_ENV = "PREFECT_LOGGING_HANDLERS_CONSOLE_LEVEL"  # logging.yml's handlers.console.level
RUN_LOGGER_ENVS = ("PREFECT_LOGGING_LOGGERS_PREFECT_FLOW_RUNS_LEVEL", "PREFECT_LOGGING_LOGGERS_PREFECT_TASK_RUNS_LEVEL")


def terminal_logging(mode: Mode) -> None:
    """Set how much of Prefect's logging reaches the terminal, before Prefect configures its logging (through
    its environment settings, which worker processes inherit) and, when it already has, on its console handler.

    ``normal`` keeps a console level the user set in the environment; ``quiet`` and ``verbose`` override it.
    ``verbose`` also lets the flows' per-article DEBUG records through."""
    level = CONSOLE_LEVELS[mode]
    if mode == "normal":
        level = os.environ.setdefault(CONSOLE_LEVEL_ENV, level)
    else:
        os.environ[CONSOLE_LEVEL_ENV] = level
    if mode == "verbose":
        for name in RUN_LOGGER_ENVS:
            os.environ[name] = "DEBUG"
    if "prefect.logging.handlers" not in sys.modules:
        return  # Prefect reads the settings above when it is imported
    for handler in _console_handlers():
        handler.setLevel(level)
    if mode == "verbose":
        for name in ("prefect.flow_runs", "prefect.task_runs"):
            logging.getLogger(name).setLevel(logging.DEBUG)


def _console_handlers() -> list[logging.Handler]:
    from prefect.logging.handlers import PrefectConsoleHandler

    found = [h for h in logging.getLogger().handlers if isinstance(h, PrefectConsoleHandler)]
    return found + [h for h in logging.getLogger("prefect").handlers if isinstance(h, PrefectConsoleHandler)]


class RateColumn(ProgressColumn):
    """Items a second since the start (batches finish seconds apart: a mean over the whole run is steadier)."""

    def __init__(self, unit: str) -> None:
        super().__init__()
        self.unit = unit

    def render(self, task: Task) -> Text:
        elapsed = task.elapsed or 0.0
        speed = task.completed / elapsed if elapsed > 0 and task.completed else None
        return Text(f"{speed:.1f} {self.unit}/s" if speed else "", style="progress.data.speed")


class ProgressBar(Reporter):
    """A rich progress bar on ``console``: done/total, rate and time left; a counter while the total is unknown."""

    def __init__(self, console: Console, label: str, unit: str = "articles") -> None:
        self.started = time.monotonic()
        self.done = 0
        self._progress = Progress(
            SpinnerColumn(),
            TextColumn("{task.description}"),
            BarColumn(bar_width=24),
            MofNCompleteColumn(),
            RateColumn(unit),
            TimeElapsedColumn(),
            TextColumn("elapsed,"),
            TimeRemainingColumn(),
            TextColumn("left"),
            console=console,
            transient=False,
        )
        self._task = self._progress.add_task(label, total=None)
        self._log_files: list[tuple[object, object]] = []

    def __enter__(self) -> ProgressBar:
        self._progress.start()
        # Prefect's console handler writes to the stream it was given at start-up; while the bar is live it
        # writes through rich's redirection instead, so its lines appear above the bar rather than through it.
        if "prefect.logging.handlers" in sys.modules and sys.stderr is not sys.__stderr__:
            for handler in _console_handlers():
                console = getattr(handler, "console", None)
                if console is not None and console.file is sys.__stderr__:
                    self._log_files.append((console, console.file))
                    console.file = sys.stderr
        return self

    def __exit__(self, *exc: object) -> None:
        for console, file in self._log_files:
            console.file = file  # type: ignore[attr-defined]
        self._progress.stop()

    def expect(self, total: int | None) -> None:
        self._progress.update(self._task, total=total)

    def advance(self, count: int = 1) -> None:
        self.done += count
        self._progress.update(self._task, advance=count)
