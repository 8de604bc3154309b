"""The ETL flow: discover -> parse -> analyse -> load, one flow run per `dateline run`.

Tasks are thin wrappers over the pure functions in extractors/ and warehouse/. They work on
batches (a task run costs milliseconds; one per article would cost more than the analysis).
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Sequence
from datetime import datetime
from pathlib import Path

from prefect import flow, get_run_logger, task
from prefect.cache_policies import NO_CACHE
from prefect.runtime import flow_run

from extractors import PIPELINE_VERSION
from extractors.article_parser import parse_article, parse_datetime
from extractors.pipeline import analyse_articles
from extractors.sources import discover, read_file
from schemas import ArticleResult, ParsedArticle, Rejection, RunSummary
from warehouse.connection import WarehouseLocked
from warehouse.loader import LoadOutcome, known_article_ids, load_batch
from warehouse.runs import record_run_end, record_run_start

FLOW_NAME = "dateline-etl"
BATCH_SIZE = 64
LOCK_RETRY_DELAYS = [2, 5, 10, 20, 30]


def _retry_when_locked(task, task_run, state) -> bool:  # noqa: ANN001 - Prefect's callback signature
    """Retry only when another writer holds the warehouse; bad input never gets better by retrying."""
    error = state.data if isinstance(state.data, BaseException) else None
    if error is None:
        try:
            error = state.result(raise_on_failure=False)
        except Exception:
            return False
    return isinstance(error, WarehouseLocked)


@task(name="discover", cache_policy=NO_CACHE)
def discover_inputs(paths: list[str]) -> tuple[list[Path], list[Rejection]]:
    logger = get_run_logger()
    files, missing = discover(paths)
    for miss in missing:
        logger.warning("rejected %s: %s", miss.source_uri, miss.reason)
    logger.info("discovered %d input file(s) under %s", len(files), ", ".join(paths))
    return files, missing


@task(name="parse", cache_policy=NO_CACHE)
def parse_inputs(files: list[Path], published: datetime | None) -> tuple[list[ParsedArticle], list[Rejection]]:
    logger = get_run_logger()
    articles: list[ParsedArticle] = []
    rejected: list[Rejection] = []
    for path in files:
        raws, bad = read_file(path)
        for rejection in bad:
            logger.warning("rejected %s: %s", rejection.source_uri, rejection.reason)
        rejected.extend(bad)
        for raw in raws:
            article = parse_article(raw, published_override=published)
            if article.published_at is None:
                logger.warning("%s: no publication date found; relative dates stay unresolved", raw.source_uri)
            articles.append(article)
    return articles, rejected


@task(name="skip-known", cache_policy=NO_CACHE, retries=len(LOCK_RETRY_DELAYS),
      retry_delay_seconds=LOCK_RETRY_DELAYS, retry_condition_fn=_retry_when_locked)
def skip_known(db: Path, articles: list[ParsedArticle]) -> tuple[list[ParsedArticle], list[ParsedArticle]]:
    """Split into (new, already loaded): an unchanged article costs no analysis."""
    known = known_article_ids(db, [a.article_id for a in articles])
    return [a for a in articles if a.article_id not in known], [a for a in articles if a.article_id in known]


@task(name="analyse", cache_policy=NO_CACHE)
def analyse(articles: list[ParsedArticle]) -> tuple[list[ArticleResult], list[Rejection]]:
    logger = get_run_logger()
    results, failed = analyse_articles(articles)
    for rejection in failed:
        logger.error("rejected %s: %s", rejection.source_uri, rejection.reason)
    logger.info("analysed %d article(s): %d time expressions, %d events", len(results),
                sum(len(r.timexes) for r in results), sum(len(r.events) for r in results))
    return results, failed


@task(name="load", cache_policy=NO_CACHE, retries=len(LOCK_RETRY_DELAYS),
      retry_delay_seconds=LOCK_RETRY_DELAYS, retry_condition_fn=_retry_when_locked)
def load(db: Path, results: list[ArticleResult], rejections: list[Rejection], run_id: str) -> LoadOutcome:
    logger = get_run_logger()
    outcome = load_batch(db, results, rejections, PIPELINE_VERSION, run_id)
    by_id = {r.article.article_id: r for r in results}
    for article_id in outcome.loaded:
        result = by_id[article_id]
        logger.info("loaded %s: %d events, %d time expressions", result.article.source_uri,
                    len(result.events), len(result.timexes))
    for article_id in outcome.unchanged:
        logger.info("unchanged %s", by_id[article_id].article.source_uri)
    if outcome.replaced:
        logger.info("replaced %d earlier version(s) of changed sources", len(outcome.replaced))
    return outcome


def _chunks(items: Sequence, size: int) -> Iterator[list]:
    for start in range(0, len(items), size):
        yield list(items[start:start + size])


@flow(name=FLOW_NAME, log_prints=True)
def etl_flow(paths: list[str], db: str, published: str | None = None, batch_size: int = BATCH_SIZE) -> RunSummary:
    """Load every article under ``paths`` into the warehouse at ``db``; bad inputs are quarantined."""
    logger = get_run_logger()
    db_path = Path(db)
    run_id = str(flow_run.id or f"local-{datetime.now():%Y%m%dT%H%M%S%f}")
    summary = RunSummary(run_id=run_id)
    record_run_start(db_path, run_id, FLOW_NAME, [str(Path(p).absolute()) for p in paths], datetime.now())
    status = "failed"
    try:
        override = parse_datetime(published) if published else None
        files, missing = discover_inputs(paths)
        pending_rejections: list[Rejection] = list(missing)
        seen_ids: set[str] = set()
        events: Counter[str] = Counter()
        for file_chunk in _chunks(files, batch_size):
            articles, rejected = parse_inputs(file_chunk, override)
            pending_rejections.extend(rejected)
            summary.seen += len(articles)
            distinct = []
            for article in articles:  # the same text in two files is one article
                if article.article_id in seen_ids:
                    summary.unchanged += 1
                    logger.info("unchanged %s (same text as an article earlier in this run)", article.source_uri)
                else:
                    seen_ids.add(article.article_id)
                    distinct.append(article)
            for batch in _chunks(distinct, batch_size):
                new, known = skip_known(db_path, batch)
                summary.unchanged += len(known)
                for article in known:
                    logger.info("unchanged %s", article.source_uri)
                results, failed = analyse(new) if new else ([], [])
                pending_rejections.extend(failed)
                outcome = load(db_path, results, pending_rejections, run_id)
                summary.rejected += len(pending_rejections)
                summary.rejections.extend(pending_rejections)
                pending_rejections = []
                summary.loaded += len(outcome.loaded)
                summary.unchanged += len(outcome.unchanged)
                summary.replaced += len(outcome.replaced)
                loaded = set(outcome.loaded)
                events.update(e.type for r in results if r.article.article_id in loaded for e in r.events)
        if pending_rejections:
            load(db_path, [], pending_rejections, run_id)
            summary.rejected += len(pending_rejections)
            summary.rejections.extend(pending_rejections)
        summary.events_by_type = dict(sorted(events.items()))
        status = "completed"
        logger.info("run %s: %d seen, %d loaded, %d unchanged, %d replaced, %d rejected", run_id, summary.seen,
                    summary.loaded, summary.unchanged, summary.replaced, summary.rejected)
        return summary
    finally:
        record_run_end(db_path, summary, status, datetime.now())
