"""The flow_runs log: one row per flow run, so SQL users can see freshness."""

from __future__ import annotations

import os
import socket
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

import duckdb

from schemas import RunSummary
from warehouse.access import writing


def record_run_start(db: Path, run_id: str, flow_name: str, inputs: Sequence[str], started_at: datetime) -> None:
    """The run's row, 'running' with this process's id; earlier runs whose process died are marked 'crashed'."""
    with writing(db) as con:
        mark_crashed_runs(con, run_id)
        con.execute(
            "INSERT INTO flow_runs (run_id, flow_name, started_at, status, inputs, pid, host) "
            "VALUES (?, ?, ?, 'running', ?, ?, ?) ON CONFLICT (run_id) DO UPDATE SET started_at = excluded.started_at, "
            "status = 'running', pid = excluded.pid, host = excluded.host",
            [run_id, flow_name, started_at, list(inputs), os.getpid(), socket.gethostname()],
        )


def mark_crashed_runs(con: duckdb.DuckDBPyConnection, run_id: str) -> list[str]:
    """Mark 'crashed' the other 'running' rows whose process is gone (finished_at stays null); their ids.

    A run killed outright (kill -9, a power cut) never writes its end. Its row is known dead when it
    names a process on this host that no longer exists, or no process at all (written before runs
    recorded one). A run on another host is left alone: its process cannot be checked from here.
    """
    here = socket.gethostname()
    rows = con.execute(
        "SELECT run_id, pid, host FROM flow_runs WHERE status = 'running' AND run_id <> ?", [run_id]
    ).fetchall()
    dead = [rid for rid, pid, host in rows if pid is None or (host == here and not process_alive(pid))]
    if dead:
        con.execute("UPDATE flow_runs SET status = 'crashed' WHERE list_contains(?, run_id)", [dead])
    return dead


def process_alive(pid: int) -> bool:
    """Whether a process with this id exists on this host (signal 0 checks without sending anything)."""
    if pid <= 0:
        return False  # 0 and negative ids name process groups, never a run's process
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # it exists, under another user
    except OSError:
        return False
    return True


def record_run_end(db: Path, summary: RunSummary, status: str, finished_at: datetime) -> None:
    with writing(db) as con:
        con.execute(
            "UPDATE flow_runs SET finished_at = ?, status = ?, seen = ?, loaded = ?, unchanged = ?, replaced = ?, "
            "rejected = ?, events = ?, updated = ? WHERE run_id = ?",
            [
                finished_at,
                status,
                summary.seen,
                summary.loaded,
                summary.unchanged,
                summary.replaced,
                summary.rejected,
                sum(summary.events_by_type.values()),
                summary.updated,
                summary.run_id,
            ],
        )
