"""The scheduled flow: what is new in an inbox folder and in news feeds, through the same ETL body."""

from __future__ import annotations

from pathlib import Path

from prefect import flow, get_run_logger, task
from prefect.cache_policies import NO_CACHE

from extractors.ingest.decoding import NotText, decode_bytes
from extractors.ingest.feeds import NotAFeed, parse_feed
from extractors.ingest.html_text import html_to_article, no_text_reason
from flows.etl import BATCH_SIZE, WAREHOUSE_TASK, RunSettings, process, recorded_run
from flows.fetch import FetchError, fetch
from flows.inbox import archive, changed_files
from schemas import RawInput, Rejection, RunSummary
from warehouse.tracking import FileState, known_entries, known_files, record_entries, record_files

FLOW_NAME = "dateline-scheduled"
MAX_ENTRY_ATTEMPTS = 5  # a page that keeps failing is quarantined after this many runs


@task(name="scan-inbox", **WAREHOUSE_TASK)
def scan_inbox(db: Path, inbox: Path, run_id: str) -> tuple[list[Path], dict[str, FileState]]:
    logger = get_run_logger()
    todo, states, touched = changed_files(inbox, known_files(db, str(inbox)))
    record_files(db, str(inbox), touched, run_id)
    logger.info("inbox %s: %d new or changed file(s)", inbox, len(todo))
    return todo, {s.path: s for s in states}


@task(name="read-feed", cache_policy=NO_CACHE)
def read_feed(db: Path, feed_url: str) -> tuple[list[RawInput], list[dict], list[Rejection]]:
    """New entries' pages as inputs, entries to record, and pages given up on. A feed that is down
    or returns garbage is logged and tried again next run; it never stops the inbox or other feeds."""
    logger = get_run_logger()
    try:
        site, entries = parse_feed(fetch(feed_url))
    except (FetchError, NotAFeed) as problem:
        logger.warning("feed %s skipped this run: %s", feed_url, problem)
        return [], [], []
    known = known_entries(db, feed_url)
    raws: list[RawInput] = []
    records: list[dict] = []
    rejected: list[Rejection] = []
    for entry in entries:
        state = known.get(entry.key)
        if state and state.status == "done":
            continue
        record = {"key": entry.key, "link": entry.link, "title": entry.title, "published": entry.published}
        try:
            html = decode_bytes(fetch(entry.link))
            page = html_to_article(html, url=entry.link)
        except Exception as error:  # any failure on one page: retried next run, never stopping the others
            problem = str(error) if isinstance(error, FetchError | NotText) else f"{type(error).__name__}: {error}"
            attempts = (state.attempts if state else 0) + 1
            if attempts >= MAX_ENTRY_ATTEMPTS:
                rejected.append(
                    Rejection(source_uri=entry.link, reason=f"gave up after {attempts} attempts: {problem}")
                )
                records.append(record | {"status": "done", "error": str(problem)})
            else:
                logger.warning("entry %s failed (attempt %d), retried next run: %s", entry.link, attempts, problem)
                records.append(record | {"status": "failed", "error": str(problem)})
            continue
        if page is None:
            reason = no_text_reason(html)
            rejected.append(Rejection(source_uri=entry.link, reason=reason))
            records.append(record | {"status": "done", "error": reason})
            continue
        raws.append(
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
            )
        )
        records.append(record | {"status": "done"})
    logger.info("feed %s: %d entries, %d new page(s)", feed_url, len(entries), len(raws))
    return raws, records, rejected


@flow(name=FLOW_NAME)
def scheduled_flow(
    db: str,
    inbox: str | None = None,
    feeds: list[str] | None = None,
    archive_dir: str | None = None,
    batch_size: int = BATCH_SIZE,
) -> RunSummary:
    """Process what is new or changed in ``inbox`` and ``feeds`` since the last run."""
    db_path = Path(db)
    sources = ([str(Path(inbox).absolute())] if inbox else []) + list(feeds or [])
    with recorded_run(db_path, FLOW_NAME, sources) as summary:
        if inbox:
            inbox_path = Path(inbox).absolute()
            todo, states = scan_inbox(db_path, inbox_path, summary.run_id)

            def done(files: list[Path]) -> None:
                # Recorded only once their batch is loaded: a run that dies leaves them for the next one.
                record_files(db_path, str(inbox_path), [states[str(p)] for p in files], summary.run_id)
                if archive_dir:
                    archive(files, inbox_path, Path(archive_dir))

            inbox_run = RunSettings(db_path, batch_size=batch_size, origin=str(inbox_path), on_files_done=done)
            process(inbox_run, summary, files=todo)
        for feed_url in feeds or []:
            raws, records, rejected = read_feed(db_path, feed_url)
            feed_run = RunSettings(db_path, batch_size=batch_size, origin=feed_url)
            process(feed_run, summary, raws=raws, rejections=rejected)
            record_entries(db_path, feed_url, records)
    return summary
