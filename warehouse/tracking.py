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
