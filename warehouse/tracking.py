"""What scheduled runs have already taken from the inbox and the feeds."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import pyarrow as pa

from warehouse.access import read_rows, writing

ENTRY_ROWS = pa.schema(
    [
        ("feed_url", pa.string()),
        ("entry_key", pa.string()),
        ("link", pa.string()),
        ("title", pa.string()),
        ("published", pa.string()),
        ("status", pa.string()),
        ("attempts", pa.int32()),
        ("last_error", pa.string()),
        ("updated_at", pa.timestamp("us")),
    ]
)


@dataclass(frozen=True)
class FileState:
    path: str
    size: int
    mtime_ns: int
    content_hash: str


@dataclass(frozen=True)
class EntryState:
    entry_key: str
    status: str
    attempts: int


def known_files(db: Path, inbox: str) -> dict[str, FileState]:
    rows = read_rows(
        db, "inbox_files", "SELECT path, size, mtime_ns, content_hash FROM inbox_files WHERE inbox = ?", [inbox]
    )
    return {r[0]: FileState(*r) for r in rows}


def record_files(db: Path, inbox: str, states: Sequence[FileState], run_id: str) -> None:
    if not states:
        return
    now = datetime.now()
    with writing(db) as con:
        rows = pa.Table.from_pylist(
            [
                {
                    "path": s.path,
                    "inbox": inbox,
                    "size": s.size,
                    "mtime_ns": s.mtime_ns,
                    "content_hash": s.content_hash,
                    "processed_at": now,
                    "flow_run_id": run_id,
                }
                for s in states
            ]
        )
        con.register("stage_files", rows)
        con.execute(
            "INSERT INTO inbox_files BY NAME SELECT * FROM stage_files ON CONFLICT (path) DO UPDATE SET "
            "size = excluded.size, mtime_ns = excluded.mtime_ns, content_hash = excluded.content_hash, "
            "processed_at = excluded.processed_at, flow_run_id = excluded.flow_run_id"
        )


def known_entries(db: Path, feed_url: str) -> dict[str, EntryState]:
    rows = read_rows(
        db, "feed_entries", "SELECT entry_key, status, attempts FROM feed_entries WHERE feed_url = ?", [feed_url]
    )
    return {r[0]: EntryState(*r) for r in rows}


def record_entries(db: Path, feed_url: str, rows: Sequence[dict]) -> None:
    """Upsert entries: {key, link, title, published, status, error}; a failure counts one more attempt."""
    if not rows:
        return
    now = datetime.now()
    with writing(db) as con:
        staged = pa.Table.from_pylist(
            [
                {
                    "feed_url": feed_url,
                    "entry_key": r["key"],
                    "link": r.get("link"),
                    "title": r.get("title"),
                    "published": r.get("published"),
                    "status": r["status"],
                    "attempts": 1,
                    "last_error": r.get("error"),
                    "updated_at": now,
                }
                for r in rows
            ],
            schema=ENTRY_ROWS,
        )
        con.register("stage_entries", staged)
        con.execute(
            "INSERT INTO feed_entries BY NAME SELECT * FROM stage_entries ON CONFLICT (feed_url, entry_key) DO UPDATE SET "
            "status = excluded.status, attempts = feed_entries.attempts + 1, last_error = excluded.last_error, "
            "updated_at = excluded.updated_at"
        )


def record_source_check(
    db: Path, source: str, kind: str, run_id: str, error: str | None, when: datetime | None = None
) -> None:
    """One attempt at an inbox or feed: a success resets its failures in a row, a failure adds one and keeps
    the reason (which stays as the last error after later successes)."""
    now = when or datetime.now()
    with writing(db) as con:
        con.execute(
            """
            INSERT INTO source_checks AS c (source, kind, last_attempt_at, last_success_at, consecutive_failures,
                last_error, last_error_at, last_run_id)
            VALUES ($source, $kind, $now, CASE WHEN $error IS NULL THEN $now END, CASE WHEN $error IS NULL THEN 0
                ELSE 1 END, $error, CASE WHEN $error IS NOT NULL THEN $now END, $run)
            ON CONFLICT (source) DO UPDATE SET
                kind = excluded.kind,
                last_attempt_at = excluded.last_attempt_at,
                last_success_at = coalesce(excluded.last_success_at, c.last_success_at),
                consecutive_failures = CASE WHEN excluded.consecutive_failures = 0 THEN 0
                    ELSE c.consecutive_failures + 1 END,
                last_error = coalesce(excluded.last_error, c.last_error),
                last_error_at = coalesce(excluded.last_error_at, c.last_error_at),
                last_run_id = excluded.last_run_id
            """,
            {"source": source, "kind": kind, "now": now, "error": error, "run": run_id},
        )
