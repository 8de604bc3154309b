"""Loading one batch into the warehouse: one transaction, idempotent, replacing changed sources."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import duckdb

from schemas import ArticleResult, Rejection
from warehouse.access import read_rows, writing
from warehouse.rows import batch_tables, rejection_table
from warehouse.story_rules import StoryRules, load_story_rules
from warehouse.story_store import detach, refresh

CHILD_TABLES = ("time_expressions", "events", "event_actors", "event_mentions")


@dataclass
class LoadOutcome:
    loaded: list[str]  # article ids written
    replaced: list[str]  # article ids removed because their source now holds another text
    unchanged: list[str]  # article ids already present
    events: int


def known_article_ids(db: Path, ids: Iterable[str]) -> set[str]:
    """Which of ``ids`` the warehouse already holds (read-only; empty when there is no warehouse yet)."""
    wanted = list(set(ids))
    if not wanted:
        return set()
    rows = read_rows(db, "articles", "SELECT article_id FROM articles WHERE list_contains(?, article_id)", [wanted])
    return {r[0] for r in rows}


def load_batch(
    db: Path,
    results: Sequence[ArticleResult],
    rejections: Sequence[Rejection],
    version: str,
    run_id: str | None = None,
) -> LoadOutcome:
    """Write a batch in one transaction; a crash leaves either the whole batch or none of it."""
    now = datetime.now()
    tables = batch_tables(results, version, run_id, now)
    rejected = rejection_table(rejections)
    rules = load_story_rules()  # before the warehouse is held: a bad rules file fails here
    with writing(db) as con:
        for name, table in tables.items():
            con.register(f"stage_{name}", table)
        con.register("stage_rejections", rejected)
        con.execute("BEGIN TRANSACTION")
        try:
            outcome = _apply(con, run_id, now, rules)
            con.execute("COMMIT")
        except Exception:
            con.execute("ROLLBACK")
            raise
        return outcome


def _apply(con: duckdb.DuckDBPyConnection, run_id: str | None, now: datetime, rules: StoryRules) -> LoadOutcome:
    unchanged = [
        r[0]
        for r in con.execute(
            "SELECT article_id FROM stage_articles WHERE article_id IN (SELECT article_id FROM articles)"
        ).fetchall()
    ]
    # A source that now holds a different text: its old article goes, the new one comes in.
    replaced = [
        r[0]
        for r in con.execute("""
        SELECT DISTINCT a.article_id FROM articles a JOIN stage_articles s USING (source_key)
        WHERE a.article_id <> s.article_id AND a.article_id NOT IN (SELECT article_id FROM stage_articles)
    """).fetchall()
    ]
    touched: set[str] = set()  # events whose stories are made again
    if replaced:
        doomed = [
            r[0]
            for r in con.execute(
                "SELECT event_id FROM events WHERE list_contains(?, article_id)", [replaced]
            ).fetchall()
        ]
        touched = detach(con, doomed, rules) - set(doomed)
        _delete_articles(con, replaced)
    con.execute(
        "CREATE OR REPLACE TEMP TABLE fresh AS SELECT article_id FROM stage_articles "
        "WHERE article_id NOT IN (SELECT article_id FROM articles)"
    )
    loaded = [r[0] for r in con.execute("SELECT article_id FROM fresh").fetchall()]
    con.execute(
        "INSERT INTO articles BY NAME SELECT * FROM stage_articles WHERE article_id IN (SELECT article_id FROM fresh)"
    )
    con.execute(
        "INSERT INTO time_expressions BY NAME SELECT * FROM stage_time_expressions "
        "WHERE article_id IN (SELECT article_id FROM fresh)"
    )
    con.execute(
        "INSERT INTO events BY NAME SELECT * FROM stage_events WHERE article_id IN (SELECT article_id FROM fresh)"
    )
    fresh_events = "SELECT event_id FROM stage_events WHERE article_id IN (SELECT article_id FROM fresh)"
    con.execute(f"INSERT INTO event_actors BY NAME SELECT * FROM stage_event_actors WHERE event_id IN ({fresh_events})")
    con.execute(
        f"INSERT INTO event_mentions BY NAME SELECT * FROM stage_event_mentions WHERE event_id IN ({fresh_events})"
    )
    added = [r[0] for r in con.execute(fresh_events).fetchall()]
    refresh(con, touched | set(added), rules)  # the new articles join, merge or start stories
    con.execute(
        """
        INSERT INTO rejected_inputs (source_uri, reason, seen_at, last_seen_at, flow_run_id)
        SELECT source_uri, reason, ?, ?, ? FROM stage_rejections
        ON CONFLICT (source_uri) DO UPDATE SET reason = excluded.reason, last_seen_at = excluded.last_seen_at,
            flow_run_id = excluded.flow_run_id
    """,
        [now, now, run_id],
    )
    # A source that loads now is no longer in quarantine.
    con.execute("DELETE FROM rejected_inputs WHERE source_uri IN (SELECT source_uri FROM stage_articles)")
    con.execute("DROP TABLE fresh")
    return LoadOutcome(loaded=loaded, replaced=replaced, unchanged=unchanged, events=len(added))


def _delete_articles(con: duckdb.DuckDBPyConnection, article_ids: list[str]) -> None:
    event_ids = "SELECT event_id FROM events WHERE list_contains($ids, article_id)"
    con.execute(f"DELETE FROM event_actors WHERE event_id IN ({event_ids})", {"ids": article_ids})
    con.execute(f"DELETE FROM event_mentions WHERE event_id IN ({event_ids})", {"ids": article_ids})
    con.execute("DELETE FROM events WHERE list_contains($ids, article_id)", {"ids": article_ids})
    con.execute("DELETE FROM time_expressions WHERE list_contains($ids, article_id)", {"ids": article_ids})
    con.execute("DELETE FROM articles WHERE list_contains($ids, article_id)", {"ids": article_ids})
