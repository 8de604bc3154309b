"""A query's rows as CSV, JSON or Parquet: for `dateline query` on stdout and `dateline export` to a file.

A query session cannot write files (``connection.QUERY_SESSION``); `dateline export` runs the same read-only
session and writes the result itself, to the one file the user named.
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

FORMATS = ("csv", "json", "parquet")
BATCH_ROWS = 10_000


def json_value(value: object) -> Any:
    """``json.dumps`` default: dates and times in ISO 8601, anything else (decimals, UUIDs) as its text."""
    if isinstance(value, date | time):
        return value.isoformat()
    return str(value)


def csv_cell(value: object) -> str:
    """One CSV field: lists and structs as JSON (not Python reprs), dates in ISO 8601, NULL as empty."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | tuple | dict):
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
        write = write_csv if fmt == "csv" else write_json
        return write(columns, _batches(cursor), stream)


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


def export_query(db: Path, sql: str, out: Path, fmt: str, limits: QueryLimits) -> int:
    """Write the rows of the read-only ``sql`` to ``out``; the number of rows. The file appears only when complete."""
    if fmt not in FORMATS:
        raise ValueError(f"the format must be one of {', '.join(FORMATS)}, not {fmt!r}")
    target = out.resolve()
    if _is_warehouse_file(target, db):
        raise ValueError(f"{out} is the warehouse's own file; export to another path")
    if target.is_dir():
        raise ValueError(f"{out} is a folder; give a file name")
    if not target.parent.is_dir():
        raise ValueError(f"the folder {target.parent} does not exist")
    partial = target.with_name(f".{target.name}.{os.getpid()}.part")
    try:
        with query_session(db, limits) as con:
            count = _write_parquet(con, sql, partial) if fmt == "parquet" else _write_text(con, sql, partial, fmt)
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)
    return count
