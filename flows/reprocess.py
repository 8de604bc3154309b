"""`dateline reprocess`: extract loaded articles again from their stored text, in place.

After a rule or code change (the pipeline version differs), or to give articles a publication date they
lacked (``--published``). No input file is needed: the warehouse keeps every article's text. Each batch is
one load transaction; an article whose new rows equal its old ones is left as it is, so ids of unchanged
events stay and a second reprocess with nothing changed writes nothing.
"""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime
from pathlib import Path

from prefect import flow, get_run_logger, task
from prefect.cache_policies import NO_CACHE
from prefect.utilities.annotations import quote

from extractors.article.parser import parse_article, parse_datetime
from flows.etl import BATCH_SIZE, RunProgress, RunSettings, analyse, chunks, load_chunk, recorded_run
from flows.progress import reporter
from schemas import ParsedArticle, RawInput, RunSummary
from warehouse.selection import StoredText, select_articles, stored_texts

FLOW_NAME = "dateline-reprocess"
METADATA_SOURCES = ("json", "feed", "html_meta")  # anchors that came with the input, not from its text


def stored_article(row: StoredText, published: datetime | None = None) -> ParsedArticle:
    """The article as its input gave it, rebuilt from the warehouse and parsed again with today's rules.

    The anchor is found again in the text; one that came from outside it (JSON, feed or HTML metadata, an
    earlier ``--published``) is kept; ``published`` replaces any of them."""
    metadata = row.published_source in METADATA_SOURCES and row.published_at is not None
    raw = RawInput(
        source_uri=row.source_uri,
        source_key=row.source_key,
        text=row.text,
        format="text",
        title=row.title,
        url=row.url,
        published=row.published_at.isoformat() if metadata else None,
        published_from=row.published_source if metadata else None,  # type: ignore[arg-type]
        outlet=row.outlet,
        author=row.byline,
    )
    override = published or (row.published_at if row.published_source == "cli" else None)
    article = parse_article(raw, published_override=override)
    article.origin = row.origin
    return article


@task(name="select-articles", cache_policy=NO_CACHE)
def select(
    db: Path, version: str, since: date | None, source: str | None, everything: bool, published: datetime | None
) -> list[str]:
    logger = get_run_logger()
    ids = select_articles(db, version, since=since, source=source, everything=everything, published=published)
    logger.info("%d loaded article(s) to extract again (pipeline version %s)", len(ids), version)
    return ids


@task(name="read-stored", cache_policy=NO_CACHE)
def read_stored(db: Path, ids: list[str], published: datetime | None) -> list[ParsedArticle]:
    return [stored_article(row, published) for row in stored_texts(db, ids)]


@flow(name=FLOW_NAME)
def reprocess_flow(
    db: str,
    since: str | None = None,
    source: str | None = None,
    everything: bool = False,
    published: str | None = None,
    batch_size: int = BATCH_SIZE,
) -> RunSummary:
    """Extract again the loaded articles made by another pipeline version (every one with ``everything``),
    among those loaded since ``since`` and whose source or origin matches ``source``; ``published`` re-anchors
    them (and selects those with another anchor)."""
    db_path = Path(db)
    override = parse_datetime(published) if published else None
    settings = RunSettings(db_path, published=override, batch_size=batch_size)
    selection = [f"reprocess since={since or '-'} source={source or '-'} all={everything} published={published}"]
    with recorded_run(db_path, FLOW_NAME, selection) as summary:
        first = date.fromisoformat(since) if since else None
        ids = select(db_path, settings.version, first, source, everything, override)
        progress = RunProgress(summary, Counter())
        reporter().expect(len(ids))
        for chunk in chunks(ids, batch_size):
            articles = read_stored(db_path, chunk, override)
            summary.seen += len(articles)
            results, failed = analyse(quote(articles))
            load_chunk(settings, progress, results, failed)
            reporter().advance(len(chunk))
        summary.events_by_type = dict(sorted(progress.events.items()))
    return summary
