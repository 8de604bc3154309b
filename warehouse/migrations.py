"""Schema creation and versioned migrations of an existing warehouse."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from importlib import resources

import duckdb

SCHEMA_VERSION = 5


def _v2_published_source(con: duckdb.DuckDBPyConnection) -> None:
    """2: where each article's publication date came from (older rows: unknown)."""
    con.execute("ALTER TABLE articles ADD COLUMN published_source VARCHAR")


def _v3_run_process(con: duckdb.DuckDBPyConnection) -> None:
    """3: flow_runs records the process of a run, so a later run can tell a dead run from a live one."""
    con.execute("ALTER TABLE flow_runs ADD COLUMN pid INTEGER")
    con.execute("ALTER TABLE flow_runs ADD COLUMN host VARCHAR")


def _v4_provenance_and_codes(con: duckdb.DuckDBPyConnection) -> None:
    """4: which rule produced each event, dated it and found each actor; Goldstein score and QuadClass per event,
    actor code and sector per actor (older rows: unknown), and the views that show them."""
    for table, column, kind in V4_COLUMNS:
        con.execute(f"ALTER TABLE {table} ADD COLUMN {column} {kind}")
    _replace_views(con, ("event_view", "event_actor_view"))


def _v5_stories(con: duckdb.DuckDBPyConnection) -> None:
    """5: stories (one event reported by several articles): their tables and views, made for the events already
    loaded."""
    from warehouse.story_store import refresh  # the clustering is code, not DDL

    for statement in _statements():
        if statement.upper().startswith("CREATE TABLE IF NOT EXISTS"):
            con.execute(statement)  # only the new tables are missing
    _replace_views(con, ("story_view", "daily_story_timeline"))
    refresh(con, ())  # no stories yet, so every event is clustered


V4_COLUMNS = (
    ("events", "rule_id", "VARCHAR"),
    ("events", "date_rule", "VARCHAR"),
    ("events", "goldstein", "DOUBLE"),
    ("events", "quad_class", "INTEGER"),
    ("event_actors", "actor_rule", "VARCHAR"),
    ("event_actors", "actor_code", "VARCHAR"),
    ("event_actors", "sector", "VARCHAR"),
)


def _replace_views(con: duckdb.DuckDBPyConnection, names: tuple[str, ...]) -> None:
    """These views of schema.sql again, after a step added columns or tables they show (a view of a later
    version may name tables that do not exist yet)."""
    for statement in _statements():
        words = statement.split()
        if statement.upper().startswith("CREATE OR REPLACE VIEW") and words[4] in names:
            con.execute(statement)


def _statements() -> list[str]:
    """The statements of schema.sql, comment lines left out."""
    return [
        "\n".join(line for line in statement.splitlines() if not line.lstrip().startswith("--")).strip()
        for statement in _schema_sql().split(";\n")
    ]


def _schema_sql() -> str:
    return resources.files("warehouse").joinpath("schema.sql").read_text(encoding="utf-8")


# version -> step that brings a warehouse from version-1 to version. Add a function here
# (ALTER TABLE ...) whenever schema.sql changes, and bump SCHEMA_VERSION.
MIGRATIONS: dict[int, Callable[[duckdb.DuckDBPyConnection], None]] = {
    2: _v2_published_source,
    3: _v3_run_process,
    4: _v4_provenance_and_codes,
    5: _v5_stories,
}


def current_version(con: duckdb.DuckDBPyConnection) -> int:
    exists = con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_name = 'schema_version'"
    ).fetchall()[0][0]
    if not exists:
        return 0
    return con.execute("SELECT coalesce(max(version), 0) FROM schema_version").fetchall()[0][0]


def ensure_schema(con: duckdb.DuckDBPyConnection) -> int:
    """Create or migrate the schema; returns the version now in place."""
    version = current_version(con)
    if version > SCHEMA_VERSION:
        raise RuntimeError(
            f"this warehouse has schema version {version}, newer than this Dateline ({SCHEMA_VERSION}): upgrade Dateline"
        )
    if version == SCHEMA_VERSION:
        return version
    con.execute("BEGIN TRANSACTION")
    try:
        if version == 0:
            con.execute(_schema_sql())
        else:
            for step in range(version + 1, SCHEMA_VERSION + 1):
                MIGRATIONS[step](con)
        con.execute("INSERT INTO schema_version VALUES (?, ?)", [SCHEMA_VERSION, datetime.now()])
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise
    return SCHEMA_VERSION
