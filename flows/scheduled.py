"""The scheduled flow: what is new in an inbox folder and in news feeds, through the same ETL body."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from logging import LoggerAdapter
from pathlib import Path

from prefect import flow, get_run_logger, task
from prefect.artifacts import create_markdown_artifact
from prefect.cache_policies import NO_CACHE
from prefect.states import Completed, State

from extractors.ingest.decoding import NotText, decode_bytes
from extractors.ingest.feeds import NotAFeed, parse_feed
from extractors.ingest.html_text import html_to_article, no_text_reason
from flows.etl import BATCH_SIZE, WAREHOUSE_TASK, RunSettings, process, recorded_run
from flows.fetch import DEADLINE_SECONDS, DeadlineExceeded, FetchError, Refused, fetch
from flows.inbox import archive, changed_files
from schemas import RawInput, Rejection, RunSummary
from warehouse.tracking import (
    FileState,
    known_entries,
    known_files,
    record_entries,
    record_files,
    record_source_check,
)

FLOW_NAME = "dateline-scheduled"
MAX_ENTRY_ATTEMPTS = 5  # a page that keeps failing is quarantined after this many runs
FAILING_STATE = "SourcesFailing"  # the name of a Completed run with a feed or an inbox that could not be read
FEED_BUDGET_SECONDS = 120.0  # fetching for all feeds of one run; entries left over wait for the next run


@task(name="scan-inbox", **WAREHOUSE_TASK)
def scan_inbox(db: Path, inbox: Path, run_id: str) -> tuple[list[Path], dict[str, FileState]]:
    logger = get_run_logger()
    todo, states, touched = changed_files(inbox, known_files(db, str(inbox)))
    record_files(db, str(inbox), touched, run_id)
    logger.info("inbox %s: %d new or changed file(s)", inbox, len(todo))
    return todo, {s.path: s for s in states}


@dataclass
class FeedHarvest:
    raws: list[RawInput] = field(default_factory=list)  # new entries' pages, to load
    records: list[dict] = field(default_factory=list)  # entries to record in feed_entries
    rejected: list[Rejection] = field(default_factory=list)  # pages given up on
    postponed: int = 0  # entries left for the next run: the feeds' time budget was spent
    seconds: float = 0.0  # spent fetching, counted against the budget
    attempted: bool = False  # the feed itself was fetched (not left for the next run by the budget)
    error: str | None = None  # why the feed could not be fetched or read this run


class _BudgetSpent(Exception):
    pass


def harvest_feed(
    db: Path, feed_url: str, seconds: float, fetcher: Callable[..., bytes], logger: logging.Logger | LoggerAdapter
) -> FeedHarvest:
    """Fetch a feed and its new entries' pages within ``seconds``. A feed that is down, refused or returns
    garbage is logged and tried again next run; it never stops the inbox or other feeds. ``fetcher`` is
    ``fetch`` with the run's address policy; it gets each request's deadline."""
    harvest = FeedHarvest()
    started = time.monotonic()
    until = started + seconds

    def get(url: str) -> bytes:
        left = until - time.monotonic()
        if left <= 0:
            raise _BudgetSpent
        try:
            return fetcher(url, deadline=min(DEADLINE_SECONDS, left))
        except DeadlineExceeded:
            if left < DEADLINE_SECONDS:  # cut by the budget, not by its own deadline: not its fault
                raise _BudgetSpent from None
            raise

    try:
        site, entries = parse_feed(get(feed_url))
    except _BudgetSpent:
        harvest.seconds = time.monotonic() - started
        logger.warning("feed %s waits for the next run: the feeds' time budget (%g s) is spent", feed_url, seconds)
        return harvest
    except (FetchError, NotAFeed) as problem:
        logger.warning("feed %s skipped this run: %s", feed_url, problem)
        harvest.seconds = time.monotonic() - started
        harvest.attempted, harvest.error = True, str(problem)
        return harvest
    harvest.attempted = True
    known = known_entries(db, feed_url)
    todo = [e for e in entries if not (known.get(e.key) and known[e.key].status == "done")]
    for position, entry in enumerate(todo):
        state = known.get(entry.key)
        record = {"key": entry.key, "link": entry.link, "title": entry.title, "published": entry.published}
        try:
            html = decode_bytes(get(entry.link))
            page = html_to_article(html, url=entry.link)
        except _BudgetSpent:
            harvest.postponed = len(todo) - position  # not recorded: new again next run, no attempt counted
            break
        except Refused as problem:  # the link's address will not change for trying again
            harvest.rejected.append(Rejection(source_uri=entry.link, reason=str(problem)))
            harvest.records.append(record | {"status": "done", "error": str(problem)})
            continue
        except Exception as error:  # any failure on one page: retried next run, never stopping the others
            problem = str(error) if isinstance(error, FetchError | NotText) else f"{type(error).__name__}: {error}"
            attempts = (state.attempts if state else 0) + 1
            if attempts >= MAX_ENTRY_ATTEMPTS:
                harvest.rejected.append(
                    Rejection(source_uri=entry.link, reason=f"gave up after {attempts} attempts: {problem}")
                )
                harvest.records.append(record | {"status": "done", "error": str(problem)})
            else:
                logger.warning("entry %s failed (attempt %d), retried next run: %s", entry.link, attempts, problem)
                harvest.records.append(record | {"status": "failed", "error": str(problem)})
            continue
        if page is None:
            reason = no_text_reason(html)
            harvest.rejected.append(Rejection(source_uri=entry.link, reason=reason))
            harvest.records.append(record | {"status": "done", "error": reason})
            continue
        harvest.raws.append(
            RawInput(
                source_uri=entry.link,
                source_key=entry.link,
                url=entry.link,
                text=page.text,
                format="html",
                title=entry.title or page.title,
                author=page.author,
                outlet=page.site_name or site,
                published=entry.published or page.published,
                published_from="feed" if entry.published else "html_meta" if page.published else None,
            )
        )
        harvest.records.append(record | {"status": "done"})
    harvest.seconds = time.monotonic() - started
    logger.info("feed %s: %d entries, %d new page(s)", feed_url, len(entries), len(harvest.raws))
    if harvest.postponed:
        logger.warning(
            "feed %s: %d entries wait for the next run: the feeds' time budget (%g s) is spent",
            feed_url,
            harvest.postponed,
            seconds,
        )
    return harvest


@task(name="read-feed", cache_policy=NO_CACHE)
def read_feed(db: Path, feed_url: str, allow_private: bool, seconds: float) -> FeedHarvest:
    return harvest_feed(db, feed_url, seconds, partial(fetch, allow_private=allow_private), get_run_logger())


def inbox_problem(inbox: Path) -> str | None:
    """Why the inbox cannot be read this run, or None."""
    if not inbox.exists():
        return f"the inbox folder {inbox} does not exist"
    if not inbox.is_dir():
        return f"the inbox {inbox} is not a folder"
    try:
        next(inbox.iterdir(), None)
    except OSError as err:
        return f"the inbox folder {inbox} cannot be read: {err.strerror or err}"
    return None


def _markdown_cell(text: str) -> str:
    """Text from a server or a file system, inert in a Markdown table cell."""
    flat = " ".join(text.split())[:500]
    return "".join(f"\\{c}" if c in "\\`*_[]<>|" else c for c in flat)


def failing_sources_report(failures: dict[str, str]) -> str:
    rows = "".join(f"| {_markdown_cell(source)} | {_markdown_cell(error)} |\n" for source, error in failures.items())
    return (
        f"# {len(failures)} source(s) could not be read\n\n| source | error |\n| --- | --- |\n{rows}\n"
        "History per source: `select * from source_health` in the warehouse.\n"
    )


@flow(name=FLOW_NAME, persist_result=False)
def scheduled_flow(
    db: str,
    inbox: str | None = None,
    feeds: list[str] | None = None,
    archive_dir: str | None = None,
    batch_size: int = BATCH_SIZE,
    allow_private: bool = False,
    feed_budget: float = FEED_BUDGET_SECONDS,
) -> RunSummary | State:
    """Process what is new or changed in ``inbox`` and ``feeds`` since the last run.

    Feeds and pages are fetched from public addresses only unless ``allow_private``; fetching for all
    feeds stops after ``feed_budget`` seconds and what is left waits for the next run. Each attempt at the
    inbox and at each feed is recorded in ``source_checks`` (the ``source_health`` view); a run where one
    could not be read ends Completed but named ``SourcesFailing``, with a Markdown artifact listing them."""
    db_path = Path(db)
    sources = ([str(Path(inbox).absolute())] if inbox else []) + list(feeds or [])
    with recorded_run(db_path, FLOW_NAME, sources) as summary:
        if inbox and _checked(db_path, summary, str(Path(inbox).absolute()), "inbox", inbox_problem(Path(inbox))):
            inbox_path = Path(inbox).absolute()
            todo, states = scan_inbox(db_path, inbox_path, summary.run_id)

            def done(files: list[Path]) -> None:
                # Recorded only once their batch is loaded: a run that dies leaves them for the next one.
                record_files(db_path, str(inbox_path), [states[str(p)] for p in files], summary.run_id)
                if archive_dir:
                    archive(files, inbox_path, Path(archive_dir))

            inbox_run = RunSettings(db_path, batch_size=batch_size, origin=str(inbox_path), on_files_done=done)
            process(inbox_run, summary, files=todo)
        spent = 0.0
        for feed_url in feeds or []:
            harvest = read_feed(db_path, feed_url, allow_private, feed_budget - spent)
            spent += harvest.seconds
            if harvest.attempted:
                _checked(db_path, summary, feed_url, "feed", harvest.error)
            feed_run = RunSettings(db_path, batch_size=batch_size, origin=feed_url)
            process(feed_run, summary, raws=harvest.raws, rejections=harvest.rejected)
            record_entries(db_path, feed_url, harvest.records)
    if not summary.failing_sources:
        return summary
    message = f"{len(summary.failing_sources)} source(s) could not be read: {', '.join(summary.failing_sources)}"
    create_markdown_artifact(
        key="failing-sources", markdown=failing_sources_report(summary.failing_sources), description=message
    )
    return Completed(name=FAILING_STATE, message=message, data=summary)


def _checked(db: Path, summary: RunSummary, source: str, kind: str, error: str | None) -> bool:
    """Record an attempt at a source; True when it could be read. A failure is logged and kept in the summary."""
    record_source_check(db, source, kind, summary.run_id, error)
    if error is None:
        return True
    get_run_logger().warning("%s %s could not be read: %s", kind, source, error)
    summary.failing_sources[source] = error
    return False
