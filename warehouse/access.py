"""The two ways the pipeline touches the warehouse: a short write, and a lookup that tolerates a new warehouse."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb

from warehouse.connection import WarehouseMissing, connect_reader, connect_writer
from warehouse.migrations import ensure_schema


@contextmanager
def writing(db: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    """A writer connection at the current schema, held only for the with-block (readers wait for it)."""
    con = connect_writer(db)
    try:
        ensure_schema(con)
        yield con
    finally:
        con.close()


def read_rows(db: Path, table: str, sql: str, params: list | dict | None = None) -> list[tuple]:
    """Rows of a read-only query on ``table``; none while the warehouse or the table does not exist yet."""
    try:
        con = connect_reader(db)
    except WarehouseMissing:
        return []
    try:
        exists = con.execute("SELECT count(*) FROM information_schema.tables WHERE table_name = ?", [table]).fetchall()
        return con.execute(sql, params or []).fetchall() if exists[0][0] else []
    finally:
        con.close()
