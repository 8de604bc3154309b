"""Opening the DuckDB file: one writer at a time, readers that wait briefly for it."""

from __future__ import annotations

import os
import time
from pathlib import Path

import duckdb

DB_ENV = "DATELINE_DB"
DEFAULT_DB = Path("dateline.duckdb")
WRITE_WAIT_SECONDS = 30.0
READ_WAIT_SECONDS = 10.0


class WarehouseLocked(RuntimeError):
    """Another process holds the DuckDB file; retrying later can succeed."""


class WarehouseMissing(FileNotFoundError):
    pass


def default_db_path() -> Path:
    return Path(os.environ.get(DB_ENV) or DEFAULT_DB)


def _is_lock_error(err: Exception) -> bool:
    return "lock" in str(err).lower()


def _connect(path: Path, read_only: bool, wait: float) -> duckdb.DuckDBPyConnection:
    deadline = time.monotonic() + wait
    delay = 0.05
    while True:
        try:
            return duckdb.connect(str(path), read_only=read_only)
        except duckdb.IOException as err:
            # DuckDB refuses a second process at once ("Could not set lock on file"), readers included.
            if not _is_lock_error(err):
                raise
            if time.monotonic() >= deadline:
                raise WarehouseLocked(
                    f"the warehouse {path} is busy: another process is writing to it (waited {wait:.0f} s)"
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
