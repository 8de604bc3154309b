"""A query's or a view's rows as CSV, JSON, JSON lines or Parquet: `dateline query` on stdout, `dateline export`.

A query session cannot write files (``connection.QUERY_SESSION``); `dateline export SQL` runs the same
read-only session and writes the result itself, to the one file the user named. A view or table named from
``EXPORTABLE`` (a fixed list: no SQL comes from the user) goes to Parquet through DuckDB's own COPY.

CSV follows RFC 4180 with ``\n`` line ends: a header line, fields quoted when they hold a comma, a quote or a
line break, quotes doubled; lists joined by ``;``, structs as JSON, NULL as an empty field.
"""

from __future__ import annotations

import csv
import json
import os
from collections.abc import Iterable, Iterator
from datetime import date, time
from pathlib import Path
from typing import Any, TextIO

import duckdb

from warehouse.query import QueryLimits, query_session

FORMATS = ("csv", "json", "jsonl", "parquet")
BATCH_ROWS = 10_000
LIST_SEPARATOR = ";"
# what `dateline export --view` may name: the analysts' views and the tables behind them
EXPORTABLE = (
    "event_view",
    "daily_timeline",
    "source_freshness",
    "source_health",
    "articles",
    "events",
    "event_actors",
    "event_mentions",
    "time_expressions",
    "rejected_inputs",
    "flow_runs",
    "feed_entries",
    "inbox_files",
)


def json_value(value: object) -> Any:
    """``json.dumps`` default: dates and times in ISO 8601, anything else (decimals, UUIDs) as its text."""
    if isinstance(value, date | time):
        return value.isoformat()
    return str(value)


def csv_cell(value: object) -> str:
    """One CSV field: lists joined by ``;``, structs as JSON (never Python reprs), dates in ISO 8601, NULL empty."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | tuple):
        return LIST_SEPARATOR.join(csv_cell(item) for item in value)
    if isinstance(value, dict):
        return json.dumps(value, default=json_value, ensure_ascii=False)
    if isinstance(value, date | time):
        return value.isoformat()
    return str(value)


def write_csv(columns: list[str], batches: Iterable[list[tuple]], stream: TextIO) -> int:
    writer = csv.writer(stream, lineterminator="\n")
    writer.writerow(columns)
    count = 0
    for rows in batches:
        writer.writerows([csv_cell(v) for v in row] for row in rows)
        count += len(rows)
    return count


def write_json(columns: list[str], batches: Iterable[list[tuple]], stream: TextIO) -> int:
    """A JSON array of one object per row, one row a line (written as the rows come, never all held)."""
    stream.write("[")
    count = 0
    for rows in batches:
        for row in rows:
            record = json.dumps(dict(zip(columns, row, strict=True)), default=json_value, ensure_ascii=False)
            stream.write(("\n" if count == 0 else ",\n") + record)
            count += 1
    stream.write("\n]\n" if count else "]\n")
    return count


def write_jsonl(columns: list[str], batches: Iterable[list[tuple]], stream: TextIO) -> int:
    """One JSON object per line (JSON lines), written as the rows come."""
    count = 0
    for rows in batches:
        for row in rows:
            stream.write(json.dumps(dict(zip(columns, row, strict=True)), default=json_value, ensure_ascii=False))
            stream.write("\n")
            count += 1
    return count


TEXT_WRITERS = {"csv": write_csv, "json": write_json, "jsonl": write_jsonl}


def _batches(cursor: duckdb.DuckDBPyConnection) -> Iterator[list[tuple]]:
    while rows := cursor.fetchmany(BATCH_ROWS):
        yield rows


def _no_result() -> ValueError:
    return ValueError("the statement returns no rows to export (give a SELECT)")


def _write_text(con: duckdb.DuckDBPyConnection, sql: str, path: Path, fmt: str) -> int:
    cursor = con.execute(sql)
    if cursor.description is None:
        raise _no_result()
    columns = [d[0] for d in cursor.description]
    with path.open("w", encoding="utf-8", newline="") as stream:
        return TEXT_WRITERS[fmt](columns, _batches(cursor), stream)


def _write_parquet(con: duckdb.DuckDBPyConnection, sql: str, path: Path) -> int:
    import pyarrow.parquet as pq

    relation = con.sql(sql)
    if relation is None:
        raise _no_result()
    # A relation streams its batches; Arrow from an executed cursor would copy every row first.
    reader = relation.to_arrow_reader(BATCH_ROWS)
    count = 0
    with pq.ParquetWriter(path, reader.schema) as writer:
        for batch in reader:
            writer.write_batch(batch)
            count += batch.num_rows
    return count


def _is_warehouse_file(target: Path, db: Path) -> bool:
    """The warehouse itself or one of DuckDB's files beside it (its .wal)."""
    warehouse = db.resolve()
    return target == warehouse or (target.parent == warehouse.parent and target.name.startswith(warehouse.name + "."))


def _copy_parquet(con: duckdb.DuckDBPyConnection, view: str, path: Path) -> int:
    """DuckDB writes the view itself (its types as they are: lists, dates); ``view`` is from EXPORTABLE."""
    quoted_path = str(path).replace("'", "''")
    return con.execute(f"COPY (SELECT * FROM \"{view}\") TO '{quoted_path}' (FORMAT parquet)").fetchall()[0][0]


def exportable(view: str) -> str:
    """``view`` when it is one of EXPORTABLE; ValueError otherwise (the name goes into SQL)."""
    if view not in EXPORTABLE:
        raise ValueError(f"--view must be one of {', '.join(EXPORTABLE)}, not {view!r}")
    return view


def _checked_target(db: Path, out: Path, fmt: str) -> Path:
    if fmt not in FORMATS:
        raise ValueError(f"the format must be one of {', '.join(FORMATS)}, not {fmt!r}")
    target = out.resolve()
    if _is_warehouse_file(target, db):
        raise ValueError(f"{out} is the warehouse's own file; export to another path")
    if target.is_dir():
        raise ValueError(f"{out} is a folder; give a file name")
    if not target.parent.is_dir():
        raise ValueError(f"the folder {target.parent} does not exist")
    return target


def export_query(db: Path, sql: str, out: Path, fmt: str, limits: QueryLimits) -> int:
    """Write the rows of the read-only ``sql`` to ``out``; the number of rows. The file appears only when complete."""
    target = _checked_target(db, out, fmt)
    partial = target.with_name(f".{target.name}.{os.getpid()}.part")
    try:
        with query_session(db, limits) as con:
            count = _write_parquet(con, sql, partial) if fmt == "parquet" else _write_text(con, sql, partial, fmt)
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)
    return count


def export_view(db: Path, view: str, out: Path, fmt: str, limits: QueryLimits) -> int:
    """Write a whole view or table of EXPORTABLE to ``out``: Parquet by DuckDB's COPY, text formats as a query."""
    if fmt != "parquet":
        return export_query(db, view_sql(view), out, fmt, limits)
    target = _checked_target(db, out, fmt)
    partial = target.with_name(f".{target.name}.{os.getpid()}.part")
    try:
        # COPY writes a file, which the sandboxed session refuses: a read-only session that may, running no SQL
        # but this statement, bounded by the same time and memory limits
        with query_session(db, limits, sandboxed=False) as con:
            count = _copy_parquet(con, exportable(view), partial)
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)
    return count


def stream_query(db: Path, sql: str, fmt: str, stream: TextIO, limits: QueryLimits) -> int:
    """Every row of the read-only ``sql`` in a text format on ``stream`` (stdout), as the rows come."""
    with query_session(db, limits) as con:
        cursor = con.execute(sql)
        if cursor.description is None:
            raise _no_result()
        return TEXT_WRITERS[fmt]([d[0] for d in cursor.description], _batches(cursor), stream)


def view_sql(view: str) -> str:
    """The query for a whole view or table of EXPORTABLE (ValueError for any other name)."""
    return f'SELECT * FROM "{exportable(view)}"'
