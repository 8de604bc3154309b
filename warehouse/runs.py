"""The flow_runs log: one row per flow run, so SQL users can see freshness."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

from schemas import RunSummary
from warehouse.access import writing


def record_run_start(db: Path, run_id: str, flow_name: str, inputs: Sequence[str], started_at: datetime) -> None:
    with writing(db) as con:
        con.execute(
            "INSERT INTO flow_runs (run_id, flow_name, started_at, status, inputs) VALUES (?, ?, ?, 'running', ?) "
            "ON CONFLICT (run_id) DO UPDATE SET started_at = excluded.started_at, status = 'running'",
            [run_id, flow_name, started_at, list(inputs)],
        )


def record_run_end(db: Path, summary: RunSummary, status: str, finished_at: datetime) -> None:
    with writing(db) as con:
        con.execute(
            "UPDATE flow_runs SET finished_at = ?, status = ?, seen = ?, loaded = ?, unchanged = ?, replaced = ?, "
            "rejected = ?, events = ? WHERE run_id = ?",
            [
                finished_at,
                status,
                summary.seen,
                summary.loaded,
                summary.unchanged,
                summary.replaced,
                summary.rejected,
                sum(summary.events_by_type.values()),
                summary.run_id,
            ],
        )
