"""Read-only SQL on the warehouse for analysts: DuckDB itself refuses writes, files and setting changes.

The guarantee is the session's configuration (see ``connection.QUERY_SESSION``), not a look at the SQL text;
this module only bounds the session in time and memory and turns DuckDB's refusals into one-line messages.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb

from warehouse.connection import QUERY_TIMEOUT_MAX_SECONDS, READ_WAIT_SECONDS, connect_query

QUERY_TIMEOUT_SECONDS = 60.0
QUERY_MEMORY_LIMIT = "1GB"
QUERY_MAX_ROWS = 10_000
_SIZE = re.compile(r"\d+(\.\d+)?\s*(KB|MB|GB|TB|KiB|MiB|GiB|TiB)", re.IGNORECASE)

READ_ONLY = "refused: queries are read-only (the warehouse is written only by `dateline run`)"
NO_FILES = (
    "refused: a query sees only the warehouse; reading or writing files and URLs (read_csv, read_text, COPY,"
    " EXPORT, ATTACH, INSTALL) is disabled. `dateline export SQL --out FILE` writes a result to a file"
)
NO_SETTINGS = "refused: a query session's settings are fixed (SET and RESET are disabled)"


class QueryRefused(ValueError):
    """DuckDB refused the statement in a query session: a write, a file, a setting."""


class QueryStopped(RuntimeError):
    """A limit stopped the query: its time (--timeout) or its memory (--memory-limit)."""


@dataclass(frozen=True)
class QueryLimits:
    timeout: float = QUERY_TIMEOUT_SECONDS
    memory_limit: str = QUERY_MEMORY_LIMIT
    wait: float = READ_WAIT_SECONDS  # for a writer that holds the file; not part of the timeout

    def __post_init__(self) -> None:
        # Writers wait QUERY_TIMEOUT_MAX_SECONDS and a little more for readers: a longer query would fail a load.
        if not 0 < self.timeout <= QUERY_TIMEOUT_MAX_SECONDS:
            raise ValueError(f"the timeout must be more than 0 and at most {QUERY_TIMEOUT_MAX_SECONDS:g} s")
        if not _SIZE.fullmatch(self.memory_limit.strip()):
            raise ValueError(f"the memory limit {self.memory_limit!r} is not a size such as 512MB or 2GB")


@dataclass
class QueryResult:
    columns: list[str]
    rows: list[tuple[Any, ...]]
    truncated: bool = False  # more rows than max_rows were there


def _explain(err: Exception, limits: QueryLimits, timed_out: bool) -> Exception | None:
    """A one-line reason for a refusal or a stop, from DuckDB's exception; None for an ordinary SQL error."""
    if timed_out:  # an Arrow stream reports the interrupt as an OSError, so the timer's flag decides
        return QueryStopped(
            f"stopped: the query ran past its {limits.timeout:g} s limit (--timeout, at most"
            f" {QUERY_TIMEOUT_MAX_SECONDS:g} s)"
        )
    if isinstance(err, duckdb.OutOfMemoryException):
        return QueryStopped(f"stopped: the query needed more than {limits.memory_limit} of memory (--memory-limit)")
    message = str(err).lower()
    if isinstance(err, duckdb.PermissionException) and "configuration" in message:  # files, extensions
        return QueryRefused(NO_FILES)
    if isinstance(err, duckdb.InvalidInputException) and "configuration has been locked" in message:
        return QueryRefused(NO_SETTINGS)
    if isinstance(err, duckdb.InvalidInputException | duckdb.PermissionException) and (
        "read-only" in message or "read only" in message
    ):
        return QueryRefused(READ_ONLY)
    return None


@contextmanager
def query_session(db: Path, limits: QueryLimits, sandboxed: bool = True) -> Iterator[duckdb.DuckDBPyConnection]:
    """A sandboxed read-only connection, interrupted once ``limits.timeout`` has passed since it opened.

    The timer runs until the with-block ends, so it bounds how long the session holds the file (a writer in
    another process waits for it), fetching and writing the rows included. ``sandboxed=False`` lets the session
    write files (COPY): only for SQL Dateline itself writes, never for SQL from a user.
    """
    con = connect_query(db, limits.memory_limit, wait=limits.wait, sandboxed=sandboxed)
    guard = threading.Lock()  # interrupt() and close() never overlap
    state = {"timed_out": False, "closed": False}

    def stop() -> None:
        with guard:
            if not state["closed"]:
                state["timed_out"] = True
                con.interrupt()

    timer = threading.Timer(limits.timeout, stop)
    timer.daemon = True
    timer.start()
    try:
        yield con
    except Exception as err:
        problem = _explain(err, limits, state["timed_out"])
        if problem is None:
            raise
        raise problem from err
    finally:
        timer.cancel()
        with guard:
            state["closed"] = True
            con.close()


def run_query(
    db: Path,
    sql: str,
    wait: float = READ_WAIT_SECONDS,
    *,
    timeout: float = QUERY_TIMEOUT_SECONDS,
    memory_limit: str = QUERY_MEMORY_LIMIT,
    max_rows: int | None = None,
) -> QueryResult:
    """The rows of ``sql`` (at most ``max_rows`` of them when given: they are held in memory)."""
    with query_session(db, QueryLimits(timeout=timeout, memory_limit=memory_limit, wait=wait)) as con:
        cursor = con.execute(sql)
        if cursor.description is None:
            return QueryResult(columns=[], rows=[])
        columns = [d[0] for d in cursor.description]
        if max_rows is None:
            return QueryResult(columns=columns, rows=cursor.fetchall())
        rows = cursor.fetchmany(max_rows + 1)
        return QueryResult(columns=columns, rows=rows[:max_rows], truncated=len(rows) > max_rows)
