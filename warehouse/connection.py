"""Opening the DuckDB file: one writer at a time, readers that wait briefly for it, sandboxed query sessions."""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

import duckdb

DB_ENV = "DATELINE_DB"
DEFAULT_DB = Path("dateline.duckdb")
READ_WAIT_SECONDS = 10.0
# A read-only holder blocks a writer in another process too (DuckDB's shared lock, measured on 2.0.1), so a
# writer waits longer than the longest query may run: a query never makes a load fail.
QUERY_TIMEOUT_MAX_SECONDS = 300.0
WRITE_WAIT_SECONDS = QUERY_TIMEOUT_MAX_SECONDS + 30.0

# An analyst's session sees the warehouse and nothing else: no file or URL is read or written (read_csv,
# read_text, COPY, EXPORT, ATTACH, INSTALL/LOAD), no setting can be changed back, and nothing spills to disk.
QUERY_SESSION: dict[str, Any] = {"enable_external_access": False, "temp_directory": "", "lock_configuration": True}


class WarehouseLocked(RuntimeError):
    """Another process holds the DuckDB file; retrying later can succeed."""


class WarehouseMissing(FileNotFoundError):
    pass


def default_db_path() -> Path:
    return Path(os.environ.get(DB_ENV) or DEFAULT_DB)


def _is_lock_error(err: Exception) -> bool:
    return "lock" in str(err).lower()


def _connect(
    path: Path, read_only: bool, wait: float, config: dict[str, Any] | None = None
) -> duckdb.DuckDBPyConnection:
    deadline = time.monotonic() + wait
    delay = 0.05
    while True:
        try:
            return duckdb.connect(str(path), read_only=read_only, config=config or {})
        except duckdb.IOException as err:
            # DuckDB refuses a writer while any other process has the file open, and a reader while a
            # writer has it ("Could not set lock on file"); both wait for the holder.
            if not _is_lock_error(err):
                raise
            if time.monotonic() >= deadline:
                raise WarehouseLocked(
                    f"the warehouse {path} is busy: another process holds it (waited {wait:.0f} s)"
                ) from err
            time.sleep(delay)
            delay = min(delay * 2, 1.0)


def connect_writer(path: Path, wait: float = WRITE_WAIT_SECONDS) -> duckdb.DuckDBPyConnection:
    path.parent.mkdir(parents=True, exist_ok=True)
    return _connect(path, read_only=False, wait=wait)


def connect_reader(path: Path, wait: float = READ_WAIT_SECONDS) -> duckdb.DuckDBPyConnection:
    if not path.exists():
        raise WarehouseMissing(f"no warehouse at {path}: load one with `dateline run PATH --db {path}`")
    return _connect(path, read_only=True, wait=wait)


def connect_query(
    path: Path, memory_limit: str, wait: float = READ_WAIT_SECONDS, sandboxed: bool = True
) -> duckdb.DuckDBPyConnection:
    """A read-only session for SQL someone typed: DuckDB itself refuses writes, files and setting changes.

    ``sandboxed=False`` keeps the read-only file and the memory limit but allows files: for Dateline's own SQL."""
    if not path.exists():
        raise WarehouseMissing(f"no warehouse at {path}: load one with `dateline run PATH --db {path}`")
    session = QUERY_SESSION if sandboxed else {"temp_directory": ""}
    return _connect(path, read_only=True, wait=wait, config={**session, "memory_limit": memory_limit})
