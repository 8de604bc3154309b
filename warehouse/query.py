"""Read-only SQL on the warehouse for analysts: the connection itself refuses writes."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb

from warehouse.connection import connect_reader


class QueryRefused(ValueError):
    pass


@dataclass
class QueryResult:
    columns: list[str]
    rows: list[tuple[Any, ...]]


def run_query(db: Path, sql: str, wait: float = 10.0) -> QueryResult:
    con = connect_reader(db, wait=wait)
    try:
        try:
            cursor = con.execute(sql)
        except (duckdb.InvalidInputException, duckdb.PermissionException) as err:
            if "read-only" in str(err).lower() or "read only" in str(err).lower():
                raise QueryRefused(
                    "refused: queries are read-only (the warehouse is written only by `dateline run`)"
                ) from err
            raise
        if cursor.description is None:
            return QueryResult(columns=[], rows=[])
        return QueryResult(columns=[d[0] for d in cursor.description], rows=cursor.fetchall())
    finally:
        con.close()
