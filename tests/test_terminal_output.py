"""What a command shows in a terminal: a progress bar and a one-screen summary by default, Prefect's per-task
state lines only with --verbose (they stay in the Prefect API either way), one summary line with --quiet."""

from __future__ import annotations

import json
import logging
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from flows.cli import app
from flows.progress import CONSOLE_LEVEL_ENV, RUN_LOGGER_ENVS, ProgressBar, Reporter, reporter, watching
from tests.conftest import PROJECT

runner = CliRunner()
ARTICLES = 24
MAX_LINES = 30  # the bound for a 256-article run; 24 articles must not need more


def wire(tmp_path: Path, count: int = ARTICLES) -> Path:
    """JSON lines of short invented wire stories, each with its own date, so each is a distinct article."""
    path = tmp_path / "wire.jsonl"
    lines = []
    for n in range(count):
        day = 1 + n % 28
        text = (
            f"Freedonia test-fired a short-range missile on Tuesday, its defence ministry said in statement {n}.\n\n"
            f"Sylvania condemned launch number {n} and called for sanctions against Freedonia."
        )
        lines.append(json.dumps({"id": f"story-{n}", "published": f"2024-03-{day:02d}", "text": text}))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def dateline(*args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_LOGGING")}
    return subprocess.run(
        [str(Path(sys.executable).parent / "dateline"), *args],
        cwd=PROJECT,
        env=env | {"COLUMNS": "120"},
        capture_output=True,
        text=True,
        timeout=600,
    )


@pytest.fixture
def terminal_settings(monkeypatch: pytest.MonkeyPatch):  # noqa: ANN201
    """Run the CLI in-process, then put back the logging settings and levels it changed."""
    from prefect.logging.configuration import ensure_logging_setup

    ensure_logging_setup()  # now, on the test's stderr: not inside a CliRunner call, whose stderr it closes
    for name in (CONSOLE_LEVEL_ENV, *RUN_LOGGER_ENVS):
        monkeypatch.delenv(name, raising=False)  # restored (unset) after the test
    loggers = [logging.getLogger(), logging.getLogger("prefect.flow_runs"), logging.getLogger("prefect.task_runs")]
    handlers = [h for h in logging.getLogger().handlers]
    levels = [x.level for x in loggers + handlers]
    yield
    for thing, level in zip(loggers + handlers, levels, strict=True):
        thing.setLevel(level)


def test_the_reporter_is_silent_unless_someone_watches() -> None:
    assert type(reporter()) is Reporter
    reporter().advance(3)  # nobody watching: nothing happens

    class Count(Reporter):
        def __init__(self) -> None:
            self.done, self.total = 0, None

        def expect(self, total: int | None) -> None:
            self.total = total

        def advance(self, count: int = 1) -> None:
            self.done += count

    with watching(Count()) as seen:
        reporter().expect(5)
        reporter().advance(2)
    assert (seen.total, seen.done) == (5, 2) and type(reporter()) is Reporter


def test_the_progress_bar_counts_without_a_total_then_with_one() -> None:
    from io import StringIO

    from rich.console import Console

    screen = StringIO()
    with ProgressBar(Console(file=screen, width=100), "loading") as bar:
        bar.advance(3)
        bar.expect(10)
        bar.advance(7)
    assert "10/10" in screen.getvalue() and "articles/s" in screen.getvalue()


def test_version_and_conflicting_verbosity() -> None:
    shown = runner.invoke(app, ["--version"])
    assert shown.exit_code == 0 and shown.output.startswith("dateline 0.1.0 (pipeline 0.1.0+rules.")
    both = runner.invoke(app, ["--quiet", "--verbose", "rules", "check"])
    assert both.exit_code == 2 and "not both" in both.output


@pytest.mark.slow  # the CLI in subprocesses, each with a Prefect flow run
def test_a_run_shows_a_progress_bar_and_a_short_summary_and_verbose_shows_prefects_lines(
    tmp_path: Path, terminal_settings: None
) -> None:
    source, db = wire(tmp_path), tmp_path / "w.duckdb"
    first = dateline("run", str(source), "--db", str(db))
    assert first.returncode == 0, first.stderr
    lines = (first.stdout + first.stderr).splitlines()
    assert len(lines) < MAX_LINES, lines
    assert f"{ARTICLES}/{ARTICLES}" in first.stderr  # the bar's last state
    assert "Finished in state" not in first.stderr and "Task run" not in first.stderr
    assert re.search(rf"│ loaded +│ {ARTICLES} ", first.stdout), first.stdout

    verbose = dateline("--verbose", "run", str(source), "--db", str(db), "--published", "2024-04-01")
    assert verbose.returncode == 0, verbose.stderr
    assert "Finished in state Completed()" in verbose.stderr
    assert verbose.stderr.count("re-extracted /") == ARTICLES  # one DEBUG line per article

    quiet = runner.invoke(app, ["--quiet", "run", str(source), "--db", str(db)])
    assert quiet.exit_code == 0
    assert quiet.output.splitlines() == [
        f"dateline run → {db}: {ARTICLES} seen, 0 loaded, 0 re-extracted, {ARTICLES} unchanged, 0 replaced,"
        " 0 rejected, 0 events"
    ]
    assert os.environ[CONSOLE_LEVEL_ENV] == "ERROR"


def test_extract_prints_a_summary_not_a_line_per_article(tmp_path: Path, terminal_settings: None) -> None:
    done = runner.invoke(app, ["extract", str(wire(tmp_path, 3)), "--out", str(tmp_path / "out")])
    assert done.exit_code == 0, done.output
    assert "3 articles →" in done.output and "wire-story-0.json" not in done.output
    verbose = runner.invoke(app, ["--verbose", "extract", str(wire(tmp_path, 3)), "--out", str(tmp_path / "o2")])
    assert "wire-story-0.json: " in verbose.output
