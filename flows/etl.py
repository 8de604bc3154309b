"""The ETL flow: discover -> parse -> analyse -> load, one flow run per `dateline run`.

Tasks are thin wrappers over the pure functions in extractors/ and warehouse/. They work on
batches (a task run costs milliseconds; one per article would cost more than the analysis). Lists of
articles and results go to tasks in ``quote``: otherwise Prefect walks every object in them looking for
futures to resolve (seconds in a run of a thousand articles).
"""

from __future__ import annotations

from collections import Counter, deque
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Literal

from prefect import flow, get_run_logger, task
from prefect.cache_policies import NO_CACHE
from prefect.futures import PrefectFuture
from prefect.runtime import flow_run
from prefect.utilities.annotations import quote

from extractors.article.parser import parse_article, parse_datetime
from extractors.chunking import too_long
from extractors.ingest.sources import JSONL_SUFFIXES, discover, expected_inputs, read_file, stream_file
from extractors.version import pipeline_version
from flows.prefect_api import shared_api
from flows.progress import reporter
from flows.runners import AUTO, Pool, auto_workers, input_bytes, quoted_submissions, task_runner
from schemas import ArticleResult, ParsedArticle, RawInput, Rejection, RunSummary
from warehouse.connection import WarehouseLocked
from warehouse.loader import LoadOutcome, StoredArticle, load_batch, stored_articles
from warehouse.runs import record_run_end, record_run_start

FLOW_NAME = "dateline-etl"
BATCH_SIZE = 64
ANALYSIS_BATCH = 32  # articles per analysis task when workers share a chunk
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


# tasks that open the warehouse: retried only while another writer holds the file
WAREHOUSE_TASK = {
    "cache_policy": NO_CACHE,
    "retries": len(LOCK_RETRY_DELAYS),
    "retry_delay_seconds": LOCK_RETRY_DELAYS,
    "retry_condition_fn": _retry_when_locked,
}


@task(name="discover", cache_policy=NO_CACHE)
def discover_inputs(paths: list[str]) -> tuple[list[Path], list[Rejection]]:
    logger = get_run_logger()
    files, missing = discover(paths)
    for miss in missing:
        logger.info("rejected %s: %s", miss.source_uri, miss.reason)
    logger.info("discovered %d input file(s) under %s", len(files), ", ".join(paths))
    return files, missing


@task(name="parse", cache_policy=NO_CACHE)
def parse_inputs(
    files: list[Path], raws: list[RawInput], published: datetime | None, origin: str | None = None
) -> tuple[list[ParsedArticle], list[Rejection]]:
    """Read the files and parse them and the already-read inputs (fetched pages) into articles."""
    logger = get_run_logger()
    pending = list(raws)
    rejected: list[Rejection] = []
    for path in files:
        found, bad = read_file(path)
        for rejection in bad:
            logger.info("rejected %s: %s", rejection.source_uri, rejection.reason)
        rejected.extend(bad)
        pending.extend(found)
    articles = []
    for raw in pending:
        problem = too_long(raw.text)  # before parsing: the cap is checked before any work on the text
        if problem is None:
            try:
                article = parse_article(raw, published_override=published)
            except Exception as err:  # a parser bug on one text must not stop the run
                problem = f"parsing failed: {type(err).__name__}: {err}"
        if problem is not None:
            logger.info("rejected %s: %s", raw.source_uri, problem)
            rejected.append(Rejection(source_uri=raw.source_uri, reason=problem))
            continue
        if origin:
            article.origin = origin
        if article.published_at is None:
            logger.info("%s: no publication date found; relative dates stay unresolved", raw.source_uri)
        articles.append(article)
    return articles, rejected


@task(name="skip-known", **WAREHOUSE_TASK)
def skip_known(
    db: Path, articles: list[ParsedArticle], stale_before: str | None = None, published: datetime | None = None
) -> tuple[list[ParsedArticle], list[ParsedArticle], list[ParsedArticle]]:
    """Split into (new, already loaded, loaded but to be extracted again): an unchanged article costs no analysis.

    A loaded article is extracted again when its rows come from another pipeline version than ``stale_before``
    (`--reprocess`), or when ``published`` (`--published`) is not the anchor it was loaded with."""
    stored = stored_articles(db, [a.article_id for a in articles])
    new, known, stale = [], [], []
    for article in articles:
        before = stored.get(article.article_id)
        if before is None:
            new.append(article)
        elif needs_reprocessing(before, stale_before, published):
            stale.append(article)
        else:
            known.append(article)
    return new, known, stale


def needs_reprocessing(stored: StoredArticle, version: str | None, published: datetime | None) -> bool:
    """Whether a loaded article's rows are out of date: another pipeline version, or another anchor asked for."""
    if version is not None and stored.pipeline_version != version:
        return True
    return published is not None and (stored.published_at, stored.published_source) != (published, "cli")


@task(name="analyse", cache_policy=NO_CACHE)
def analyse(articles: list[ParsedArticle]) -> tuple[list[ArticleResult], list[Rejection]]:
    from extractors.pipeline import analyse_articles  # spaCy: imported where the analysis runs

    logger = get_run_logger()
    results, failed = analyse_articles(articles)
    for rejection in failed:
        logger.error("rejected %s: %s", rejection.source_uri, rejection.reason)
    logger.info(
        "analysed %d article(s): %d time expressions, %d events",
        len(results),
        sum(len(r.timexes) for r in results),
        sum(len(r.events) for r in results),
    )
    return results, failed


@task(name="load", **WAREHOUSE_TASK)
def load(db: Path, results: list[ArticleResult], rejections: list[Rejection], run_id: str, version: str) -> LoadOutcome:
    logger = get_run_logger()
    outcome = load_batch(db, results, rejections, version, run_id)
    by_id = {r.article.article_id: r for r in results}
    for verb, ids in (("loaded", outcome.loaded), ("re-extracted", outcome.updated)):
        for article_id in ids:
            result = by_id[article_id]
            logger.debug(
                "%s %s: %d events, %d time expressions",
                verb,
                result.article.source_uri,
                len(result.events),
                len(result.timexes),
            )
    for article_id in outcome.unchanged:
        logger.debug("unchanged %s", by_id[article_id].article.source_uri)
    if outcome.replaced:
        logger.info("replaced %d earlier version(s) of changed sources", len(outcome.replaced))
    if outcome.updated:
        logger.info("re-extracted %d loaded article(s) whose rows changed", len(outcome.updated))
    return outcome


def chunks(items: Sequence, size: int) -> Iterator[list]:
    for start in range(0, len(items), size):
        yield list(items[start : start + size])


def _work_units(
    files: Sequence[Path], raws: Sequence[RawInput], batch_size: int
) -> Iterator[tuple[list[Path], list[RawInput], list[Rejection], list[Path] | None]]:
    """(files for the parse task to read, inputs already read, read rejections, files complete after this unit).

    Small files go to the parse task a chunk at a time; a JSON-lines file is streamed here a
    batch of lines at a time, so one huge file costs no more memory than a batch.
    """
    pending: list[Path] = []
    for path in files:
        if path.suffix.lower() not in JSONL_SUFFIXES:
            pending.append(path)
            if len(pending) >= batch_size:
                yield pending, [], [], pending
                pending = []
            continue
        slices = _with_last_flag(stream_file(path, batch_size))
        for found, bad, last in slices:
            yield [], found, bad, [path] if last else None
    if pending:
        yield pending, [], [], pending
    for chunk in chunks(raws, batch_size):
        yield [], chunk, [], None


def _with_last_flag(items: Iterator) -> Iterator[tuple]:
    """Each item with a flag telling whether it is the last one, looking one item ahead."""
    previous = next(items, None)
    while previous is not None:
        current = next(items, None)
        yield (*previous, current is None)
        previous = current


# an analysis done here, or the future of one submitted to the task runner
Analysis = tuple[list[ArticleResult], list[Rejection]] | PrefectFuture


@dataclass
class _Pending:
    """A chunk on its way to the warehouse: its analyses (done, or futures) and what goes with it."""

    analyses: list[Analysis]
    rejections: list[Rejection]
    files_done: list[Path] | None = None  # these files are complete once the chunk loads
    inputs: int = 0  # articles and rejected inputs read for this chunk, for the progress bar

    def result(self) -> tuple[list[ArticleResult], list[Rejection]]:
        results: list[ArticleResult] = []
        failed: list[Rejection] = []
        for analysis in self.analyses:
            done, bad = analysis.result() if isinstance(analysis, PrefectFuture) else analysis
            results.extend(done)
            failed.extend(bad)
        return results, failed


@dataclass(frozen=True)
class RunSettings:
    """What stays the same for every chunk of one run through ``process``."""

    db: Path
    published: datetime | None = None  # replaces every article's own publication date (and re-anchors loaded ones)
    version: str = field(default_factory=pipeline_version)  # written into every row: extractor and rules digest
    reprocess: bool = False  # loaded articles from another pipeline version are extracted again
    batch_size: int = BATCH_SIZE  # articles per parse task and per load transaction
    origin: str | None = None  # the inbox folder or feed URL, recorded on each article
    parallel: int = 1  # > 1: analyses go to the flow's task runner, several chunks in flight
    analysis_batch: int | None = None  # articles per analysis task when parallel (default: batch_size)
    on_files_done: Callable[[list[Path]], None] | None = None  # told once a chunk of files is loaded

    @property
    def queued(self) -> int:
        """Chunks left in flight before the oldest is loaded: enough queued tasks for every worker."""
        return max(2, self.parallel // 2) if self.parallel > 1 else 0


@dataclass
class RunProgress:
    """What ``process`` carries from chunk to chunk."""

    summary: RunSummary
    events: Counter[str]
    queue: deque[_Pending] = field(default_factory=deque)
    seen_ids: set[str] = field(default_factory=set)


def process(
    settings: RunSettings,
    summary: RunSummary,
    files: Sequence[Path] = (),
    raws: Sequence[RawInput] = (),
    rejections: Sequence[Rejection] = (),
) -> RunSummary:
    """The body both flows share: batches of inputs through parse, skip-known, analyse and load.

    With ``settings.parallel`` > 1 the analyses are submitted to the flow's task runner (processes or a
    Dask cluster) in tasks of ``analysis_batch`` articles, and several chunks are in flight; parsing and
    loading (one transaction per chunk of ``batch_size``) stay here, so the DuckDB writer is single. Input is
    read chunk by chunk, so memory does not grow with the corpus. ``on_files_done`` is called once a chunk
    of files is loaded (the inbox records them then), so a run that dies midway leaves the rest for the next.
    """
    progress = RunProgress(summary, Counter(summary.events_by_type))
    carried = list(rejections)
    for file_chunk, raw_chunk, read_rejections, files_done in _work_units(files, raws, settings.batch_size):
        articles, rejected = parse_inputs(quote(file_chunk), quote(raw_chunk), settings.published, settings.origin)
        carried += [*read_rejections, *rejected]
        inputs = len(articles) + len(read_rejections) + len(rejected)
        progress.queue.append(_Pending(_analyses(settings, progress, articles), carried, files_done, inputs))
        carried = []
        _drain(settings, progress, keep=settings.queued)
    if carried:
        progress.queue.append(_Pending([], carried))  # rejections only: nothing was read
    _drain(settings, progress, keep=0)
    summary.events_by_type = dict(sorted(progress.events.items()))
    return summary


def _analyses(settings: RunSettings, progress: RunProgress, articles: list[ParsedArticle]) -> list[Analysis]:
    """The chunk's new articles analysed here, or submitted to the task runner when running in parallel."""
    new = _new_articles(settings, progress, articles)
    if settings.parallel > 1:
        batches = chunks(new, settings.analysis_batch or settings.batch_size)
        return [analyse.submit(quote(batch) if quoted_submissions() else batch) for batch in batches]
    return [analyse(quote(new))] if new else []


def _new_articles(settings: RunSettings, progress: RunProgress, articles: list[ParsedArticle]) -> list[ParsedArticle]:
    """Articles neither seen earlier in this run nor already in the warehouse (or loaded, but to be extracted
    again); the others count as unchanged."""
    logger = get_run_logger()
    summary = progress.summary
    summary.seen += len(articles)
    distinct = []
    for article in articles:  # the same text in two files is one article
        if article.article_id in progress.seen_ids:
            summary.unchanged += 1
            logger.debug("unchanged %s (same text as an article earlier in this run)", article.source_uri)
        else:
            progress.seen_ids.add(article.article_id)
            distinct.append(article)
    stale_before = settings.version if settings.reprocess else None
    new, known, stale = (
        skip_known(settings.db, quote(distinct), stale_before, settings.published) if distinct else ([], [], [])
    )
    summary.unchanged += len(known)
    for article in known:
        logger.debug("unchanged %s", article.source_uri)
    return new + stale  # the stale ones are compared with their rows when they load


def _drain(settings: RunSettings, progress: RunProgress, keep: int) -> None:
    """Load the oldest chunks until ``keep`` remain in flight."""
    while len(progress.queue) > keep:
        item = progress.queue.popleft()
        results, failed = item.result()
        rejected = item.rejections + failed
        if results or rejected:
            load_chunk(settings, progress, results, rejected)
        if settings.on_files_done and item.files_done:
            settings.on_files_done(item.files_done)
        reporter().advance(item.inputs)


def load_chunk(
    settings: RunSettings, progress: RunProgress, results: list[ArticleResult], rejected: list[Rejection]
) -> None:
    """One load transaction, counted into the run's summary."""
    summary = progress.summary
    try:
        outcome = load(settings.db, quote(results), quote(rejected), summary.run_id, settings.version)
    except WarehouseLocked:
        raise
    except Exception:
        if not results:
            raise  # rejections alone cannot be written: the warehouse itself fails
        outcome, results, rejected = _load_one_by_one(settings, results, rejected, summary.run_id)
    summary.rejected += len(rejected)
    summary.rejections.extend(rejected)
    summary.loaded += len(outcome.loaded)
    summary.unchanged += len(outcome.unchanged)
    summary.replaced += len(outcome.replaced)
    summary.updated += len(outcome.updated)
    written = {*outcome.loaded, *outcome.updated}
    progress.events.update(e.type for r in results if r.article.article_id in written for e in r.events)


def _load_one_by_one(
    settings: RunSettings, results: list[ArticleResult], rejected: list[Rejection], run_id: str
) -> tuple[LoadOutcome, list[ArticleResult], list[Rejection]]:
    """After a chunk failed to load: each article in a transaction of its own, so one article the warehouse
    refuses is quarantined (reason and error type) and the others load. Returns what loaded and the rejections."""
    logger = get_run_logger()
    outcome = LoadOutcome(loaded=[], replaced=[], unchanged=[], events=0)
    kept: list[ArticleResult] = []
    rejected = list(rejected)
    for result in results:
        try:
            single = load(settings.db, quote([result]), [], run_id, settings.version)
        except WarehouseLocked:
            raise
        except Exception as err:
            reason = f"loading failed: {type(err).__name__}: {err}"
            logger.error("rejected %s: %s", result.article.source_uri, reason)
            rejected.append(Rejection(source_uri=result.article.source_uri, reason=reason))
            continue
        kept.append(result)
        outcome.loaded += single.loaded
        outcome.replaced += single.replaced
        outcome.unchanged += single.unchanged
        outcome.updated += single.updated
        outcome.events += single.events
    if rejected:
        load(settings.db, [], quote(rejected), run_id, settings.version)
    return outcome, kept, rejected


def current_run_id() -> str:
    return str(flow_run.id or f"local-{datetime.now():%Y%m%dT%H%M%S%f}")


@flow(name=FLOW_NAME)
def etl_flow(
    paths: list[str],
    db: str,
    published: str | None = None,
    batch_size: int = BATCH_SIZE,
    parallel: int = 1,
    reprocess: bool = False,
) -> RunSummary:
    """Load every article under ``paths`` into the warehouse at ``db``; bad inputs are quarantined.

    ``parallel`` > 1 submits analyses to the flow's task runner (see ``run_etl``). Articles already loaded are
    skipped, unless ``published`` gives them another anchor or ``reprocess`` finds them made by another
    pipeline version: those are extracted again in place."""
    db_path = Path(db)
    with recorded_run(db_path, FLOW_NAME, [str(Path(p).absolute()) for p in paths]) as summary:
        override = parse_datetime(published) if published else None
        files, missing = discover_inputs(paths)
        reporter().expect(expected_inputs(files))
        # Smaller analysis tasks keep every worker busy to the end of a chunk; a task costs milliseconds.
        settings = RunSettings(
            db_path,
            published=override,
            batch_size=batch_size,
            parallel=parallel,
            analysis_batch=ANALYSIS_BATCH,
            reprocess=reprocess,
        )
        process(settings, summary, files=files, rejections=missing)
    return summary


@contextmanager
def recorded_run(db: Path, flow_name: str, sources: list[str]) -> Iterator[RunSummary]:
    """The run's flow_runs row: written when it starts, completed (or marked failed) when it ends."""
    logger = get_run_logger()
    summary = RunSummary(run_id=current_run_id())
    record_run_start(db, summary.run_id, flow_name, sources, datetime.now())
    status = "failed"
    try:
        yield summary
        status = "completed"
        logger.info(
            "run %s: %d seen, %d loaded, %d unchanged, %d replaced, %d rejected",
            summary.run_id,
            summary.seen,
            summary.loaded,
            summary.unchanged,
            summary.replaced,
            summary.rejected,
        )
    finally:
        record_run_end(db, summary, status, datetime.now())


def run_etl(
    paths: list[str],
    db: str,
    published: str | None = None,
    batch_size: int = BATCH_SIZE,
    workers: int | Literal["auto"] = 1,
    dask_address: str | None = None,
    pool: Pool = "process",
    reprocess: bool = False,
) -> RunSummary:
    """One flow run, its analyses spread over ``workers`` processes (``"auto"``: as many as the cores and the
    input's size call for) or an existing Dask cluster."""
    size = input_bytes(paths)
    count = auto_workers(size) if workers == AUTO else int(workers)
    runner = task_runner(count, dask_address, pool)
    if runner is None:  # the analysis runs here: load the model while the temporary server starts
        with shared_api(prepare=_warm_up if size else None):
            return etl_flow(paths, db, published=published, batch_size=batch_size, reprocess=reprocess)
    # with a Dask address the cluster's size is unknown here: keep a few batches in flight per worker asked for
    in_flight = max(count, 4 if dask_address else 1)
    with shared_api():
        return etl_flow.with_options(task_runner=runner)(
            paths, db, published=published, batch_size=batch_size, parallel=in_flight, reprocess=reprocess
        )


def _warm_up() -> None:
    from extractors.pipeline import warm_up

    warm_up()
