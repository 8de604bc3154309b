"""The `dateline` command line: run, extract, timex, query, export, review, serve, rules."""

from __future__ import annotations

import hashlib
import json
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, TypeVar

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

import flows  # noqa: F401 - sets Prefect's offline defaults before Prefect is imported
from warehouse.connection import DB_ENV, DEFAULT_DB, QUERY_TIMEOUT_MAX_SECONDS, WarehouseLocked, WarehouseMissing
from warehouse.query import (
    QUERY_MAX_ROWS,
    QUERY_MEMORY_LIMIT,
    QUERY_TIMEOUT_SECONDS,
    QueryLimits,
    QueryRefused,
    QueryStopped,
    run_query,
)

T = TypeVar("T")

app = typer.Typer(
    help="Dateline: news articles in, typed and dated events out, in a DuckDB warehouse.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
# Piped output (CI logs, `| less`) gets wide tables rather than rich's 80-column default.
out = Console(soft_wrap=True, width=None if sys.stdout.isatty() else 160)
err = Console(stderr=True, soft_wrap=True)

DbOption = Annotated[
    Path,
    typer.Option("--db", envvar=DB_ENV, help=f"DuckDB warehouse file (env {DB_ENV}).", show_default=True),
]
Paths = Annotated[list[Path], typer.Argument(help="Files or folders (searched recursively): .txt, .html, .jsonl.")]


def _fail(message: str, code: int = 1) -> None:
    sys.stdout.flush()  # what was printed before the error stays before it
    err.print(f"[red]error:[/red] {message}", highlight=False)
    raise typer.Exit(code)


def _require_valid_rules() -> None:
    """Stop before any work when the rule folder has errors: a typo there must not change results silently."""
    from extractors.data import rules_dir
    from extractors.rules.check import check_rules

    folder = rules_dir()
    errors = check_rules(folder)
    if errors:
        for problem in errors:
            err.print(str(problem), highlight=False, markup=False)
        _fail(f"{len(errors)} error(s) in the rules folder {folder}; `dateline rules check` lists them", code=2)


def _require_valid_story_rules() -> None:
    """The story rules ($DATELINE_STORY_RULES or the bundled file) are read by every load: check them first."""
    from warehouse.story_rules import StoryRulesError, load_story_rules

    try:
        load_story_rules()
    except StoryRulesError as problem:
        _fail(str(problem), code=2)


@app.command()
def run(
    paths: Paths,
    db: DbOption = DEFAULT_DB,
    published: Annotated[
        str | None, typer.Option(help="Publication date for every article (overrides what the text says).")
    ] = None,
    batch_size: Annotated[int, typer.Option(min=1, help="Articles per analysis and load batch.")] = 64,
    workers: Annotated[int, typer.Option(min=1, help="Processes for the spaCy analysis (one model each).")] = 1,
    pool: Annotated[
        str, typer.Option(help="With --workers > 1: 'process' (a process pool) or 'dask' (a local Dask cluster).")
    ] = "process",
    dask: Annotated[
        str | None, typer.Option(help="Address of an existing Dask scheduler (tcp://host:8786) to analyse on.")
    ] = None,
) -> None:
    """Run the ETL flow (a Prefect flow run) and load the warehouse; print what was found.

    Exit code 0 when every input loaded (or was already loaded), 2 when some were rejected."""
    from flows.etl import run_etl

    _require_valid_rules()
    _require_valid_story_rules()
    if pool not in ("process", "dask"):
        _fail(f"--pool must be process or dask, not {pool!r}", code=2)
    try:
        summary = run_etl(
            [str(p) for p in paths],
            str(db),
            published=published,
            batch_size=batch_size,
            workers=workers,
            dask_address=dask,
            pool=pool,
        )  # type: ignore[arg-type]
    except WarehouseLocked as locked:
        _fail(str(locked))
        return
    table = Table(title=f"dateline run → {db}", show_header=False)
    for label, value in (
        ("articles seen", summary.seen),
        ("loaded", summary.loaded),
        ("unchanged", summary.unchanged),
        ("replaced", summary.replaced),
        ("rejected", summary.rejected),
    ):
        table.add_row(label, str(value))
    for kind, count in summary.events_by_type.items():
        table.add_row(f"events: {kind}", str(count))
    out.print(table)
    for rejection in summary.rejections:
        out.print(f"[yellow]rejected[/yellow] {rejection.source_uri}: {rejection.reason}", highlight=False)
    for source_uri in _unanchored(db, summary.run_id):
        out.print(
            f"[yellow]no date anchor[/yellow] {source_uri}: relative dates stay unresolved (--published sets one)",
            highlight=False,
        )
    if summary.rejected:
        raise typer.Exit(2)  # the run completed, but some inputs are in quarantine (rejected_inputs)


def _unanchored(db: Path, run_id: str) -> list[str]:
    """Articles this run loaded without a publication date."""
    from warehouse.query import run_query

    quoted = run_id.replace("'", "''")
    sql = f"select source_uri from articles where flow_run_id = '{quoted}' and published_at is null order by 1"
    return [row[0] for row in run_query(db, sql).rows]


@app.command()
def extract(
    paths: Paths,
    out_dir: Annotated[Path, typer.Option("--out", help="Folder for one <file stem>.json per article.")],
    published: Annotated[str | None, typer.Option(help="Publication date YYYY-MM-DD for every article.")] = None,
) -> None:
    """Extract events and time expressions to JSON (the annotation guide's shape); no warehouse."""
    from extractors.annotation_json import to_annotation_json
    from extractors.article.parser import parse_article, parse_datetime
    from extractors.ingest.sources import discover, read_file
    from extractors.pipeline import analyse_articles
    from schemas import Rejection

    _require_valid_rules()
    override = parse_datetime(published) if published else None
    if published and override is None:
        _fail(f"--published {published!r} is not a date (use YYYY-MM-DD)")
    files, rejected = discover(paths)
    articles = []
    for path in files:
        raws, bad = read_file(path)
        rejected.extend(bad)
        articles.extend(parse_article(raw, published_override=override) for raw in raws)
    results, failed = analyse_articles(articles)
    rejected.extend(failed)
    out_dir.mkdir(parents=True, exist_ok=True)
    folder = out_dir.resolve()
    names: set[str] = set()
    for result in results:
        name = _output_name(result.article.source_uri, names)
        try:
            _write_inside(folder, f"{name}.json", json.dumps(to_annotation_json(result), indent=2, ensure_ascii=False))
        except (OSError, ValueError) as problem:  # one output that cannot be written never stops the others
            rejected.append(Rejection(source_uri=result.article.source_uri, reason=f"output not written: {problem}"))
            continue
        out.print(
            f"{name}.json: {len(result.events)} events, {len(result.timexes)} time expressions",
            highlight=False,
            markup=False,
        )
    for rejection in rejected:
        err.print(
            f"[yellow]rejected[/yellow] {_shown(rejection.source_uri)}: {_shown(rejection.reason)}", highlight=False
        )


NAME_BYTES = 150  # well under the 255 bytes a file name may have, with room for "-<hash>-<n>.json"
_UNSAFE = re.compile(r"[\x00-\x1f\x7f-\x9f/\\:]+")  # controls (NUL included), path separators, drive colons
_UNSAFE_TO_SHOW = re.compile(r"[\x00-\x1f\x7f-\x9f]")  # control characters a terminal would act on


def _output_name(source_uri: str, taken: set[str]) -> str:
    """<file stem>, with the line or id of a JSON-lines article appended: one plain file name, unique in ``taken``.

    A name that had to be changed (a separator, a control character, a leading dot, too long) gets a short hash
    of the original, so two ids that clean up alike stay apart; a name that needed no change keeps its form.
    """
    path, _, where = source_uri.partition("#")
    stem = Path(path).stem
    raw = f"{stem}-{where.replace('id=', '', 1)}" if where else stem
    name = _UNSAFE.sub("_", raw).lstrip(".") or "article"  # never ".", "..", hidden, nor empty
    name = name.encode("utf-8")[:NAME_BYTES].decode("utf-8", errors="ignore")
    if name != raw:
        name = f"{name}-{hashlib.sha256(raw.encode('utf-8', errors='surrogatepass')).hexdigest()[:8]}"
    base, n = name, 1
    while name.casefold() in taken:  # case-insensitive file systems would merge "A" and "a"
        n += 1
        name = f"{base}-{n}"
    taken.add(name.casefold())
    return name


def _write_inside(folder: Path, file_name: str, text: str) -> None:
    """Write ``folder/file_name``, refusing any path that resolves outside ``folder`` (a symlink, a separator)."""
    target = (folder / file_name).resolve()
    if target.parent != folder:
        raise ValueError(f"{file_name!r} would be written outside {folder}")
    target.write_text(text + "\n", encoding="utf-8")


def _shown(text: str) -> str:
    """Text from an input, safe to print: no rich markup, control characters as escapes."""
    return escape(_UNSAFE_TO_SHOW.sub(lambda m: repr(m.group())[1:-1], text))


@app.command()
def timex(
    jsonl: Annotated[Path, typer.Option("--jsonl", help="Input lines {doc_id, dct, text}.")],
    out_path: Annotated[Path, typer.Option("--out", help="Output lines {doc_id, timexes: [...]}.")],
    workers: Annotated[int, typer.Option(min=0, help="Processes (0: one per core).")] = 0,
) -> None:
    """Find and resolve time expressions in JSON-lines documents against their dct (TempEval-3 style)."""
    from extractors.timex.batch import resolve_jsonl

    _require_valid_rules()
    try:
        count = resolve_jsonl(jsonl, out_path, workers=workers or None)
    except (OSError, ValueError) as problem:
        _fail(str(problem))
        return
    out.print(f"{count} documents → {out_path}", highlight=False)


TimeoutOption = Annotated[
    float,
    typer.Option(
        "--timeout",
        min=0.1,
        max=QUERY_TIMEOUT_MAX_SECONDS,
        help="Stop the query after this many seconds (exit 3). Loads wait for a running query.",
    ),
]
MemoryOption = Annotated[
    str, typer.Option("--memory-limit", help="Memory the query may use, e.g. 512MB or 2GB (exit 3 past it).")
]


def _limits(timeout: float, memory_limit: str) -> QueryLimits:
    try:
        return QueryLimits(timeout=timeout, memory_limit=memory_limit)
    except ValueError as problem:
        _fail(str(problem), code=2)
        raise  # not reached: _fail exits


@app.command()
def query(
    sql: Annotated[str, typer.Argument(help='SQL to run read-only, e.g. "select * from event_view limit 10".')],
    db: DbOption = DEFAULT_DB,
    fmt: Annotated[str, typer.Option("--format", help="table, csv or json.")] = "table",
    timeout: TimeoutOption = QUERY_TIMEOUT_SECONDS,
    memory_limit: MemoryOption = QUERY_MEMORY_LIMIT,
    max_rows: Annotated[
        int, typer.Option(min=1, help="Print at most this many rows (`dateline export` writes them all).")
    ] = QUERY_MAX_ROWS,
) -> None:
    """Run read-only SQL on the warehouse: writes, files, ATTACH and SET are refused; time and memory capped."""
    from warehouse.export import write_csv, write_json

    if fmt not in ("table", "csv", "json"):
        _fail(f"--format must be table, csv or json, not {fmt!r}", code=2)
    limits = _limits(timeout, memory_limit)
    result = _guarded(
        lambda: run_query(db, sql, timeout=limits.timeout, memory_limit=limits.memory_limit, max_rows=max_rows)
    )
    if fmt == "csv":
        write_csv(result.columns, [result.rows], sys.stdout)
    elif fmt == "json":
        write_json(result.columns, [result.rows], sys.stdout)
    else:
        table = Table(*result.columns)
        for row in result.rows:
            table.add_row(*("" if v is None else str(v) for v in row))
        out.print(table)
    if result.truncated:
        sys.stdout.flush()
        err.print(
            f"[yellow]note:[/yellow] only the first {max_rows} rows are shown (--max-rows; `dateline export`"
            " writes every row to a file)",
            highlight=False,
        )


@app.command()
def export(
    sql: Annotated[str, typer.Argument(help="SQL to run read-only; its rows go to the file.")],
    out_file: Annotated[Path, typer.Option("--out", help="File to write (replaced once complete).")],
    fmt: Annotated[
        str | None, typer.Option("--format", help="csv, json or parquet (default: from the --out suffix).")
    ] = None,
    db: DbOption = DEFAULT_DB,
    timeout: TimeoutOption = QUERY_TIMEOUT_SECONDS,
    memory_limit: MemoryOption = QUERY_MEMORY_LIMIT,
) -> None:
    """Write the result of read-only SQL to one file (CSV, JSON or Parquet): the way to get query results out."""
    from warehouse.export import FORMATS, export_query

    fmt = fmt or out_file.suffix.lower().lstrip(".")
    if fmt not in FORMATS:
        _fail(f"--format must be csv, json or parquet (or --out ending .csv, .json, .parquet), not {fmt!r}", code=2)
    limits = _limits(timeout, memory_limit)
    count = _guarded(lambda: export_query(db, sql, out_file, fmt, limits))
    out.print(f"{count} rows → {out_file}", highlight=False)


def _guarded(action: Callable[[], T]) -> T:
    """Run a query action; a refusal, a missing or busy warehouse or a SQL error ends the command in one line."""
    import duckdb

    try:
        return action()
    except QueryStopped as stopped:
        _fail(str(stopped), code=3)
    except (QueryRefused, WarehouseMissing, WarehouseLocked, ValueError) as problem:
        _fail(str(problem))
    except duckdb.Error as problem:
        _fail(str(problem).splitlines()[0])
    raise AssertionError("not reached: _fail exits")


@app.command()
def serve(
    inbox: Annotated[
        Path | None, typer.Option(help="Folder other tools drop articles into (searched recursively).")
    ] = None,
    feed: Annotated[list[str] | None, typer.Option(help="RSS or Atom feed URL; repeat for several.")] = None,
    interval: Annotated[float | None, typer.Option(min=1, help="Run every this many seconds.")] = None,
    cron: Annotated[str | None, typer.Option(help="Run on this cron schedule, e.g. '*/15 * * * *'.")] = None,
    db: DbOption = DEFAULT_DB,
    archive: Annotated[Path | None, typer.Option(help="Move processed inbox files here (default: leave them).")] = None,
    name: Annotated[str, typer.Option(help="Deployment name (one per inbox/feed set).")] = "dateline-scheduled",
    batch_size: Annotated[int, typer.Option(min=1, help="Articles per analysis and load batch.")] = 64,
    allow_private: Annotated[
        bool,
        typer.Option(
            "--allow-private",
            help="Also fetch feeds and pages on loopback and private networks (default: public addresses only).",
        ),
    ] = False,
) -> None:
    """Serve a Prefect deployment that loads new inbox files and feed entries on a schedule."""
    from flows.fetch import address_problem
    from flows.serve import api_problem, serve_scheduled

    if (interval is None) == (cron is None):
        _fail("give exactly one of --interval SECONDS or --cron EXPR", code=2)
    if inbox is None and not feed:
        _fail("give --inbox DIR and/or --feed URL", code=2)
    if inbox is not None and not inbox.is_dir():
        _fail(f"--inbox {inbox} is not a folder", code=2)
    for url in feed or []:
        if refused := address_problem(url, allow_private):
            helps = not allow_private and address_problem(url, allow_private=True) is None
            hint = "; --allow-private fetches from loopback and private networks" if helps else ""
            _fail(f"--feed {url}: {refused}{hint}", code=2)
    if problem := api_problem():
        _fail(problem)
    _require_valid_rules()
    _require_valid_story_rules()
    serve_scheduled(
        db=db,
        inbox=inbox,
        feeds=list(feed or []),
        archive_dir=archive,
        interval=interval,
        cron=cron,
        name=name,
        batch_size=batch_size,
        allow_private=allow_private,
    )


@app.command()
def review(
    db: DbOption = DEFAULT_DB,
    out_dir: Annotated[
        Path, typer.Option("--out", help="Folder for the site (new, empty, or an earlier review site: replaced).")
    ] = Path("review"),
    since: Annotated[
        str | None,
        typer.Option(help="Only events dated on or after YYYY-MM-DD (undated: of articles published since)."),
    ] = None,
    event_type: Annotated[
        list[str] | None, typer.Option("--type", help="Only events of this type; repeat for several.")
    ] = None,
    country: Annotated[
        list[str] | None,
        typer.Option(help="Only events with a source or target of this ISO 3166 alpha-3 code; repeat for several."),
    ] = None,
    by: Annotated[
        str,
        typer.Option(help="event or story: what the index table and timeline count (story: one row per story)."),
    ] = "event",
    serve_site: Annotated[
        bool, typer.Option("--serve", help="Then serve the site on http://127.0.0.1:PORT until Ctrl-C.")
    ] = False,
    port: Annotated[int, typer.Option(min=0, max=65535, help="Port for --serve (0: any free port).")] = 8765,
) -> None:
    """Write a static review site: events table and timeline, each article with its events highlighted."""
    from datetime import date

    from warehouse.review.data import Filters
    from warehouse.review.site import build_review_site

    try:
        start = date.fromisoformat(since) if since else None
    except ValueError:
        _fail(f"--since {since!r} is not a date (use YYYY-MM-DD)", code=2)
        return
    if by not in ("event", "story"):
        _fail(f"--by must be event or story, not {by!r}", code=2)
    codes = tuple(dict.fromkeys(c.strip().upper() for c in country or []))
    if bad := [c for c in codes if not re.fullmatch(r"[A-Z]{3}", c)]:
        _fail(f"--country {bad[0]!r} is not an ISO 3166 alpha-3 code (such as PRK)", code=2)
    filters = Filters(since=start, types=tuple(dict.fromkeys(event_type or [])), countries=codes, by=by)
    summary = _guarded(lambda: build_review_site(db, out_dir, filters))  # a refused --out is a ValueError
    index = summary.index.resolve()
    out.print(
        f"review site: {summary.events} {'stories' if by == 'story' else 'events'}, {summary.articles} article pages"
        f" in {summary.seconds:.1f} s → {index}",
        highlight=False,
        markup=False,
    )
    out.print(f"open it: {index.as_uri()}", highlight=False, markup=False)
    if serve_site:
        _serve_review(out_dir, port)


def _serve_review(site: Path, port: int) -> None:
    from warehouse.review.serve import review_server

    try:
        server = review_server(site, port)
    except OSError as problem:
        _fail(f"cannot serve on 127.0.0.1:{port}: {problem.strerror or problem}")
        return
    host, bound = server.server_address[:2]
    out.print(f"serving http://{host}:{bound}/ (Ctrl-C stops)", highlight=False, markup=False)
    sys.stdout.flush()
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        out.print("stopped", highlight=False)
    finally:
        server.server_close()


if __name__ == "__main__":
    app()


rules_app = typer.Typer(help="The rule files an analyst extends (extractors/data, or a copy named by DATELINE_RULES).")
app.add_typer(rules_app, name="rules")


@rules_app.command("check")
def rules_check(
    folder: Annotated[
        Path | None,
        typer.Argument(help="Rules folder to validate (default: $DATELINE_RULES, else the bundled extractors/data)."),
    ] = None,
) -> None:
    """Validate a rules folder: one line per error naming file, entry and key; exit 1 if any."""
    from extractors.data import rules_dir
    from extractors.rules.check import RULE_FILES, check_rules

    folder = folder or rules_dir()
    if not folder.is_dir():
        _fail(f"{folder} is not a folder", code=2)
    errors = check_rules(folder)
    for problem in errors:
        out.print(str(problem), highlight=False, markup=False)
    if errors:
        _fail(f"{len(errors)} error(s) in {folder}")
    out.print(f"{folder}: {len(RULE_FILES)} rule files, no errors", highlight=False)
