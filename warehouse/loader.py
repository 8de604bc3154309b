"""Loading one batch into the warehouse: one transaction, idempotent, replacing changed sources."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import duckdb

from schemas import ArticleResult, Rejection
from warehouse.access import read_rows, writing
from warehouse.rows import batch_tables, rejection_table
from warehouse.story_rules import StoryRules, load_story_rules
from warehouse.story_store import detach, refresh

CHILD_TABLES = ("time_expressions", "events", "event_actors", "event_mentions")
# When a known article is extracted again, its rows are compared with the new ones on every column but these
# (which say when and by which version, not what was found; content_hash stands for the text).
NOT_COMPARED = frozenset(
    {
        "extractor_version",
        "pipeline_version",
        "ingested_at",
        "flow_run_id",
        "text",
        "source_uri",
        "source_key",
        "origin",
    }
)
# An article re-extracted in place keeps its identity, first load time and where it was found.
NOT_UPDATED = frozenset({"article_id", "ingested_at", "source_uri", "source_key", "origin"})


@dataclass
class LoadOutcome:
    loaded: list[str]  # article ids written
    replaced: list[str]  # article ids removed because their source now holds another text
    unchanged: list[str]  # article ids already present (re-extracted to the same rows, if they were re-extracted)
    events: int
    updated: list[str] = field(default_factory=list)  # known article ids re-extracted in place with other rows


@dataclass(frozen=True)
class StoredArticle:
    """What decides whether a loaded article must be extracted again."""

    pipeline_version: str
    published_at: datetime | None
    published_source: str | None


def stored_articles(db: Path, ids: Iterable[str]) -> dict[str, StoredArticle]:
    """Which of ``ids`` the warehouse already holds, with their version and anchor (read-only; empty when
    there is no warehouse yet)."""
    wanted = list(set(ids))
    if not wanted:
        return {}
    rows = read_rows(
        db,
        "articles",
        "SELECT article_id, pipeline_version, published_at, published_source FROM articles "
        "WHERE list_contains(?, article_id)",
        [wanted],
    )
    return {r[0]: StoredArticle(*r[1:]) for r in rows}


def load_batch(
    db: Path,
    results: Sequence[ArticleResult],
    rejections: Sequence[Rejection],
    version: str,
    run_id: str | None = None,
) -> LoadOutcome:
    """Write a batch in one transaction; a crash leaves either the whole batch or none of it.

    An article already in the warehouse is compared with its new extraction: identical rows are left as they
    are (their version is brought up to ``version``), different ones are replaced in place (``updated``)."""
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
    known = [
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
        doomed = _event_ids(con, replaced)
        touched = detach(con, doomed, rules) - set(doomed)
        _delete_articles(con, replaced)
    updated = _differing_articles(con, known) if known else []
    if updated:
        redone = _event_ids(con, updated)
        touched |= detach(con, redone, rules) - set(redone)
        _delete_children(con, updated)
        _update_articles(con, updated)
    if known:
        _bring_versions_up(con, known)
    con.execute(
        "CREATE OR REPLACE TEMP TABLE fresh AS SELECT article_id FROM stage_articles "
        "WHERE article_id NOT IN (SELECT article_id FROM articles)"
    )
    loaded = [r[0] for r in con.execute("SELECT article_id FROM fresh").fetchall()]
    con.execute(
        "INSERT INTO articles BY NAME SELECT * FROM stage_articles WHERE article_id IN (SELECT article_id FROM fresh)"
    )
    # children of new articles and of re-extracted ones whose rows changed
    con.execute(
        "CREATE OR REPLACE TEMP TABLE rewritten AS SELECT article_id FROM fresh UNION ALL SELECT unnest(?::VARCHAR[])",
        [updated],
    )
    con.execute(
        "INSERT INTO time_expressions BY NAME SELECT * FROM stage_time_expressions "
        "WHERE article_id IN (SELECT article_id FROM rewritten)"
    )
    con.execute(
        "INSERT INTO events BY NAME SELECT * FROM stage_events WHERE article_id IN (SELECT article_id FROM rewritten)"
    )
    written_events = "SELECT event_id FROM stage_events WHERE article_id IN (SELECT article_id FROM rewritten)"
    con.execute(
        f"INSERT INTO event_actors BY NAME SELECT * FROM stage_event_actors WHERE event_id IN ({written_events})"
    )
    con.execute(
        f"INSERT INTO event_mentions BY NAME SELECT * FROM stage_event_mentions WHERE event_id IN ({written_events})"
    )
    fresh_events = "SELECT event_id FROM stage_events WHERE article_id IN (SELECT article_id FROM fresh)"
    events = con.execute(f"SELECT count(*) FROM ({fresh_events})").fetchall()[0][0]
    written = [r[0] for r in con.execute(written_events).fetchall()]
    refresh(con, touched | set(written), rules)  # the new and re-extracted articles join, merge or start stories
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
    con.execute("DROP TABLE rewritten")
    changed = set(updated)
    unchanged = [a for a in known if a not in changed]
    return LoadOutcome(loaded=loaded, replaced=replaced, unchanged=unchanged, events=events, updated=updated)


def _event_ids(con: duckdb.DuckDBPyConnection, article_ids: list[str]) -> list[str]:
    return [
        r[0]
        for r in con.execute("SELECT event_id FROM events WHERE list_contains(?, article_id)", [article_ids]).fetchall()
    ]


def _columns(con: duckdb.DuckDBPyConnection, staged: str) -> list[str]:
    return [r[0] for r in con.execute(f"DESCRIBE {staged}").fetchall()]


def _differing_articles(con: duckdb.DuckDBPyConnection, ids: list[str]) -> list[str]:
    """Which of the known ``ids`` have other rows in the batch than in the warehouse (any table, any compared column)."""
    con.execute("CREATE OR REPLACE TEMP TABLE compared AS SELECT unnest(?::VARCHAR[]) AS article_id", [ids])
    differing: set[str] = set()
    for table in ("articles", *CHILD_TABLES):
        staged = f"stage_{table}"
        columns = [c for c in _columns(con, staged) if c not in NOT_COMPARED and c != "article_id"]
        picked = ", ".join(f't."{c}"' for c in columns)
        if table in ("event_actors", "event_mentions"):  # reached through their event's article
            old = f"SELECT e.article_id, {picked} FROM {table} t JOIN events e USING (event_id)"
            new = f"SELECT e.article_id, {picked} FROM {staged} t JOIN stage_events e USING (event_id)"
            where = "e.article_id IN (SELECT article_id FROM compared)"
        else:
            old = f"SELECT t.article_id, {picked} FROM {table} t"
            new = f"SELECT t.article_id, {picked} FROM {staged} t"
            where = "t.article_id IN (SELECT article_id FROM compared)"
        rows = con.execute(
            f"SELECT DISTINCT article_id FROM (({old} WHERE {where} EXCEPT {new} WHERE {where}) "
            f"UNION ALL ({new} WHERE {where} EXCEPT {old} WHERE {where}))"
        ).fetchall()
        differing.update(r[0] for r in rows)
    con.execute("DROP TABLE compared")
    return [i for i in ids if i in differing]


def _update_articles(con: duckdb.DuckDBPyConnection, ids: list[str]) -> None:
    """The article rows of re-extracted articles take the new values (anchor, title, version, run)."""
    columns = [c for c in _columns(con, "stage_articles") if c not in NOT_UPDATED]
    assignments = ", ".join(f'"{c}" = s."{c}"' for c in columns)
    con.execute(
        f"UPDATE articles SET {assignments} FROM stage_articles s "
        "WHERE articles.article_id = s.article_id AND list_contains(?, s.article_id)",
        [ids],
    )


def _bring_versions_up(con: duckdb.DuckDBPyConnection, ids: list[str]) -> None:
    """Rows that a newer extraction found again unchanged now carry its version (a later reprocess skips them)."""
    con.execute(
        "UPDATE articles SET pipeline_version = s.pipeline_version FROM stage_articles s "
        "WHERE articles.article_id = s.article_id AND list_contains(?, s.article_id) "
        "AND articles.pipeline_version IS DISTINCT FROM s.pipeline_version",
        [ids],
    )
    con.execute(
        "UPDATE events SET extractor_version = s.extractor_version FROM stage_events s "
        "WHERE events.event_id = s.event_id AND list_contains(?, s.article_id) "
        "AND events.extractor_version IS DISTINCT FROM s.extractor_version",
        [ids],
    )


def _delete_articles(con: duckdb.DuckDBPyConnection, article_ids: list[str]) -> None:
    _delete_children(con, article_ids)
    con.execute("DELETE FROM articles WHERE list_contains($ids, article_id)", {"ids": article_ids})


def _delete_children(con: duckdb.DuckDBPyConnection, article_ids: list[str]) -> None:
    event_ids = "SELECT event_id FROM events WHERE list_contains($ids, article_id)"
    con.execute(f"DELETE FROM event_actors WHERE event_id IN ({event_ids})", {"ids": article_ids})
    con.execute(f"DELETE FROM event_mentions WHERE event_id IN ({event_ids})", {"ids": article_ids})
    con.execute("DELETE FROM events WHERE list_contains($ids, article_id)", {"ids": article_ids})
    con.execute("DELETE FROM time_expressions WHERE list_contains($ids, article_id)", {"ids": article_ids})
