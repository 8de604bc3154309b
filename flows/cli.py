"""The `dateline` command line: run, extract, timex, query, export, review, serve, rules."""

from __future__ import annotations

import hashlib
import json
import re
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, TypeVar

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

import flows  # noqa: F401 - sets Prefect's offline defaults before Prefect is imported
from flows.progress import Mode, ProgressBar, Reporter, terminal_logging, watching
from schemas import RunSummary
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
SHOWN_PER_LIST = 10  # rejected inputs and unanchored articles listed in a summary; the rest are counted
_mode: Mode = "normal"  # set by the global --quiet / --verbose


def _show_version(value: bool) -> None:
    if value:
        from importlib.metadata import version

        from extractors.version import pipeline_version

        out.print(f"dateline {version('dateline')} (pipeline {pipeline_version()})", highlight=False)
        raise typer.Exit()


@app.callback()
def main(
    ctx: typer.Context,
    verbose: Annotated[
        bool, typer.Option("--verbose", "-v", help="Also show Prefect's log lines and one line per article.")
    ] = False,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="No progress bar; errors and a one-line summary.")
    ] = False,
    version: Annotated[
        bool | None,
        typer.Option("--version", callback=_show_version, is_eager=True, help="Print the version and exit."),
    ] = None,
) -> None:
    """Dateline: news articles in, typed and dated events out, in a DuckDB warehouse."""
    global _mode
    if verbose and quiet:
        _fail("give --verbose or --quiet, not both", code=2)
    _mode = "verbose" if verbose else "quiet" if quiet else "normal"
    if _mode != "normal" or ctx.invoked_subcommand != "serve":  # a served deployment logs as Prefect does
        terminal_logging(_mode)


@contextmanager
def _progress(label: str, unit: str = "articles") -> Iterator[Reporter]:
    """A progress bar on stderr for the with-block (none with --quiet); the flows report to it."""
    if _mode == "quiet":
        yield Reporter()
        return
    with ProgressBar(err, label, unit) as bar, watching(bar):
        yield bar


def _listed(items: list[T]) -> tuple[list[T], int]:
    """The first items of a list for a summary, and how many more there are."""
    return items[:SHOWN_PER_LIST], max(0, len(items) - SHOWN_PER_LIST)


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
    workers: Annotated[
        str,
        typer.Option(
            help="Processes for the spaCy analysis (one model each): a number, or 'auto' for the cores available,"
            " fewer when the input is too small to pay for starting them."
        ),
    ] = "auto",
    pool: Annotated[
        str, typer.Option(help="With --workers > 1: 'process' (a process pool) or 'dask' (a local Dask cluster).")
    ] = "process",
    dask: Annotated[
        str | None, typer.Option(help="Address of an existing Dask scheduler (tcp://host:8786) to analyse on.")
    ] = None,
    reprocess: Annotated[
        bool,
        typer.Option(
            "--reprocess", help="Extract again the inputs already loaded by another pipeline version (rules, code)."
        ),
    ] = False,
) -> None:
    """Run the ETL flow (a Prefect flow run) and load the warehouse; print what was found.

    Articles already loaded are skipped, unless --published gives them another anchor or --reprocess finds them
    made by another pipeline version: those are extracted again in place.
    Exit code 0 when every input loaded (or was already loaded), 2 when some were rejected."""
    if pool not in ("process", "dask"):
        _fail(f"--pool must be process or dask, not {pool!r}", code=2)
    if workers != "auto" and not (workers.isascii() and workers.isdigit() and int(workers) >= 1):
        _fail(f"--workers must be auto or a number of processes (1 or more), not {workers!r}", code=2)
    _require_valid_rules()
    _require_valid_story_rules()
    from flows.prefect_api import launch
    from flows.runners import usable_cores

    if workers != "auto" and int(workers) > 4 * usable_cores():  # each process holds a model: hundreds of MB
        _fail(f"--workers {workers} is more than 4 per usable core ({usable_cores()} here)", code=2)
    _check_date("--published", published)
    launch()  # Prefect's temporary server (when none is configured) starts while the flow's modules load
    from flows.etl import run_etl

    try:
        with _progress("loading"):
            summary = run_etl(
                [str(p) for p in paths],
                str(db),
                published=published,
                batch_size=batch_size,
                workers=workers if workers == "auto" else int(workers),  # type: ignore[arg-type]
                dask_address=dask,
                pool=pool,  # type: ignore[arg-type]
                reprocess=reprocess,
            )
    except WarehouseLocked as locked:
        _fail(str(locked))
        return
    _print_summary("dateline run", db, summary)


@app.command()
def reprocess(
    db: DbOption = DEFAULT_DB,
    since: Annotated[str | None, typer.Option(help="Only articles loaded on or after this day (YYYY-MM-DD).")] = None,
    source: Annotated[
        str | None,
        typer.Option(
            help="Only articles whose source (path, URL) or origin (inbox, feed) matches this glob, "
            "or contains this text."
        ),
    ] = None,
    everything: Annotated[
        bool, typer.Option("--all", help="Every matching article, not only those from another pipeline version.")
    ] = False,
    published: Annotated[
        str | None,
        typer.Option(help="Publication date (YYYY-MM-DD) for the matching articles; needs --source, --since or --all."),
    ] = None,
    batch_size: Annotated[int, typer.Option(min=1, help="Articles per analysis and load batch.")] = 64,
) -> None:
    """Extract loaded articles again from their stored text, in place (one Prefect flow run).

    Takes the articles made by another pipeline version (the extractor and a digest of the rule files), all
    matching ones with --all, and with --published those whose anchor differs. Unchanged rows stay as they are.
    Exit code 0, or 2 when some articles could not be analysed (they keep their old rows)."""
    from flows.reprocess import reprocess_flow

    _require_valid_rules()
    _check_date("--published", published)
    _check_date("--since", since)
    if published and not (source or since or everything):
        _fail("--published applies to every article it selects: narrow with --source or --since, or give --all", 2)
    if not db.exists():
        _fail(f"no warehouse at {db}", code=2)
    try:
        with _progress("re-extracting"):
            summary = reprocess_flow(
                str(db), since=since, source=source, everything=everything, published=published, batch_size=batch_size
            )
    except WarehouseLocked as locked:
        _fail(str(locked))
        return
    _print_summary("dateline reprocess", db, summary)


def _check_date(option: str, value: str | None) -> None:
    from extractors.article.parser import parse_datetime

    if value is not None and parse_datetime(value) is None:
        _fail(f"{option} {value!r} is not a date (use YYYY-MM-DD)", code=2)


def _print_summary(command: str, db: Path, summary: RunSummary) -> None:
    """The counts, events by type, and what needs attention, on one screen (long lists are cut, with the query
    that lists them all); one line with --quiet. Exit 2 when inputs were rejected."""
    unanchored, more_unanchored = _listed(_unanchored(db, summary.run_id))
    rejections, more_rejected = _listed(summary.rejections)
    if _mode == "quiet":
        out.print(
            f"{command} → {db}: {summary.seen} seen, {summary.loaded} loaded, {summary.updated} re-extracted, "
            f"{summary.unchanged} unchanged, {summary.replaced} replaced, {summary.rejected} rejected, "
            f"{sum(summary.events_by_type.values())} events",
            highlight=False,
            markup=False,
        )
    else:
        _summary_table(command, db, summary)
    for rejection in rejections:
        out.print(
            f"[yellow]rejected[/yellow] {_shown(rejection.source_uri)}: {_shown(rejection.reason)}", highlight=False
        )
    if more_rejected:
        out.print(f"… and {more_rejected} more rejected: select * from rejected_inputs", highlight=False)
    for source_uri in unanchored:
        out.print(
            f"[yellow]no date anchor[/yellow] {_shown(source_uri)}: relative dates stay unresolved"
            " (--published sets one)",
            highlight=False,
        )
    if more_unanchored:
        out.print(
            f"… and {more_unanchored} more without a date anchor: select source_uri from articles"
            " where published_at is null",
            highlight=False,
        )
    if summary.rejected:
        raise typer.Exit(2)  # the run completed, but some inputs are in quarantine (rejected_inputs)


def _summary_table(command: str, db: Path, summary: RunSummary) -> None:
    table = Table(title=f"{command} → {db}", show_header=False)
    for label, value in (
        ("articles seen", summary.seen),
        ("loaded", summary.loaded),
        ("re-extracted, changed", summary.updated),
        ("unchanged", summary.unchanged),
        ("replaced", summary.replaced),
        ("rejected", summary.rejected),
    ):
        if value or label in ("articles seen", "loaded", "unchanged", "rejected"):
            table.add_row(label, str(value))
    for kind, count in summary.events_by_type.items():
        table.add_row(f"events: {kind}", str(count))
    out.print(table)


def _unanchored(db: Path, run_id: str) -> list[str]:
    """Articles this run loaded or extracted again without a publication date."""
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
    from extractors.ingest.sources import discover, expected_inputs, read_file
    from extractors.pipeline import analyse_articles
    from schemas import Rejection

    _require_valid_rules()
    override = parse_datetime(published) if published else None
    if published and override is None:
        _fail(f"--published {published!r} is not a date (use YYYY-MM-DD)")
    files, rejected = discover(paths)
    out_dir.mkdir(parents=True, exist_ok=True)
    folder = out_dir.resolve()
    names: set[str] = set()
    written = events = timexes = 0
    with _progress("extracting") as progress:
        progress.expect(expected_inputs(files))
        for path in files:
            raws, bad = read_file(path)
            rejected.extend(bad)
            progress.advance(len(bad))
            for start in range(0, len(raws), EXTRACT_BATCH):  # a batch at a time: the bar moves
                batch = [parse_article(raw, published_override=override) for raw in raws[start : start + EXTRACT_BATCH]]
                results, failed = analyse_articles(batch)
                rejected.extend(failed)
                for result in results:
                    name = _output_name(result.article.source_uri, names)
                    try:
                        document = json.dumps(to_annotation_json(result), indent=2, ensure_ascii=False)
                        _write_inside(folder, f"{name}.json", document)
                    except (OSError, ValueError) as problem:  # one output that cannot be written never stops others
                        reason = f"output not written: {problem}"
                        rejected.append(Rejection(source_uri=result.article.source_uri, reason=reason))
                        continue
                    written, events, timexes = written + 1, events + len(result.events), timexes + len(result.timexes)
                    if _mode == "verbose":
                        out.print(
                            f"{name}.json: {len(result.events)} events, {len(result.timexes)} time expressions",
                            highlight=False,
                            markup=False,
                        )
                progress.advance(len(batch))
    out.print(f"{written} articles → {out_dir}: {events} events, {timexes} time expressions", highlight=False)
    shown, more = _listed(rejected)
    for rejection in shown:
        err.print(
            f"[yellow]rejected[/yellow] {_shown(rejection.source_uri)}: {_shown(rejection.reason)}", highlight=False
        )
    if more:
        err.print(f"… and {more} more rejected", highlight=False)


EXTRACT_BATCH = 16  # articles analysed at once by `dateline extract`
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
        with _progress("time expressions", unit="documents") as progress:

            def chunk_done(documents: int, total: int) -> None:
                progress.expect(total)
                progress.advance(documents)

            count = resolve_jsonl(jsonl, out_path, workers=workers or None, on_chunk=chunk_done)
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
        for table in _fitted_tables(result.columns, result.rows, out.width):
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
    sql: Annotated[
        str | None, typer.Argument(help="SQL to run read-only; its rows are exported (default: --view event_view).")
    ] = None,
    view: Annotated[
        str | None, typer.Option("--view", help="A view or table to export whole, e.g. event_view, source_health.")
    ] = None,
    out_file: Annotated[
        Path | None, typer.Option("--out", help="File to write, replaced once complete (default: stdout).")
    ] = None,
    fmt: Annotated[
        str | None,
        typer.Option("--format", help="csv, json, jsonl or parquet (default: from the --out suffix, else csv)."),
    ] = None,
    db: DbOption = DEFAULT_DB,
    timeout: TimeoutOption = QUERY_TIMEOUT_SECONDS,
    memory_limit: MemoryOption = QUERY_MEMORY_LIMIT,
) -> None:
    """Export every row of a view (default event_view) or of read-only SQL as CSV, JSON, JSON lines or Parquet.

    CSV is RFC 4180 with \\n line ends, lists joined by ';'. Without --out, text formats go to stdout."""
    from warehouse.export import EXPORTABLE, FORMATS, export_query, export_view, stream_query, view_sql

    if sql is not None and view is not None:
        _fail("give SQL or --view, not both", code=2)
    if view is not None and view not in EXPORTABLE:
        _fail(f"--view must be one of {', '.join(EXPORTABLE)}, not {view!r}", code=2)
    fmt = fmt or (out_file.suffix.lower().lstrip(".") if out_file else "csv")
    if fmt not in FORMATS:
        _fail(
            f"--format must be csv, json, jsonl or parquet (or --out ending .csv, .json, .jsonl, .parquet), not {fmt!r}",
            code=2,
        )
    if out_file is None and fmt == "parquet":
        _fail("Parquet is binary: give --out FILE", code=2)
    limits = _limits(timeout, memory_limit)
    view = view or "event_view"
    if out_file is None:
        _guarded(lambda: stream_query(db, sql if sql is not None else view_sql(view), fmt, sys.stdout, limits))
        return
    if sql is None:
        count = _guarded(lambda: export_view(db, view, out_file, fmt, limits))
    else:
        count = _guarded(lambda: export_query(db, sql, out_file, fmt, limits))
    out.print(f"{count} rows → {out_file}", highlight=False)


TABLE_CELL_WIDTH = 40  # a text column wider than this is cut with "…" in `query --format table`


def _shown_cell(value: object) -> str:
    """A value as `query` shows it: as in CSV (lists joined by ';'), control characters escaped."""
    from warehouse.export import csv_cell

    return _UNSAFE_TO_SHOW.sub(lambda m: repr(m.group())[1:-1], csv_cell(value))


def column_widths(columns: list[str], cells: list[list[str]], width: int) -> list[int] | None:
    """Widths that fit a table of ``columns`` in ``width`` characters, never narrower than a column's name:
    each column as wide as its longest value up to TABLE_CELL_WIDTH, then the widest ones cut until it fits.
    None when the names alone do not fit."""
    frame = 3 * len(columns) + 1  # a border and two spaces of padding per column, and the last border
    if sum(len(c) for c in columns) + frame > width:
        return None
    widths = [
        max(len(name), min(max((len(row[i]) for row in cells), default=0), max(len(name), TABLE_CELL_WIDTH)))
        for i, name in enumerate(columns)
    ]
    while sum(widths) + frame > width:
        widest = max(range(len(widths)), key=lambda i: widths[i] - len(columns[i]))
        widths[widest] -= 1
    return widths


def _fitted_tables(columns: list[str], rows: list[tuple], width: int) -> list[Table]:
    """Tables that fit ``width``: one with a column per field (long values cut with "…", names never), or, when
    the names alone are too wide, one small two-column table per row (name, value), as psql's expanded mode."""
    from rich.text import Text

    cells = [[_shown_cell(v) for v in row] for row in rows]
    widths = column_widths(columns, cells, width)
    if widths is not None:
        table = Table()
        for name, size in zip(columns, widths, strict=True):
            table.add_column(Text(name), no_wrap=True, overflow="ellipsis", width=size)
        for row in cells:
            table.add_row(*(Text(c) for c in row))
        return [table]
    name_width = max(len(c) for c in columns)
    value_width = max(10, width - name_width - 7)
    tables = []
    for n, row in enumerate(cells, 1):
        record = Table(title=f"row {n}", show_header=False, title_justify="left")
        record.add_column(no_wrap=True, width=name_width)
        record.add_column(no_wrap=True, overflow="ellipsis", max_width=value_width)
        for name, cell in zip(columns, row, strict=True):
            record.add_row(Text(name), Text(cell))
        tables.append(record)
    return tables


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
    run_now: Annotated[
        bool, typer.Option("--run-now", help="Start one run at once, not only when the schedule first comes due.")
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
        run_now=run_now,
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


if __name__ == "__main__":
    app()
