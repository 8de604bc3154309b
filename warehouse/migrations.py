"""Schema creation and versioned migrations of an existing warehouse."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from importlib import resources

import duckdb

SCHEMA_VERSION = 7


def _v2_published_source(con: duckdb.DuckDBPyConnection) -> None:
    """2: where each article's publication date came from (older rows: unknown)."""
    con.execute("ALTER TABLE articles ADD COLUMN published_source VARCHAR")


def _v3_run_process(con: duckdb.DuckDBPyConnection) -> None:
    """3: flow_runs records the process of a run, so a later run can tell a dead run from a live one."""
    con.execute("ALTER TABLE flow_runs ADD COLUMN pid INTEGER")
    con.execute("ALTER TABLE flow_runs ADD COLUMN host VARCHAR")


def _v4_provenance_and_codes(con: duckdb.DuckDBPyConnection) -> None:
    """4: which rule produced each event, dated it and found each actor; Goldstein score and QuadClass per event,
    actor code and sector per actor (older rows: unknown). The views are renewed after the steps."""
    _add_columns(con, V4_COLUMNS)


V4_COLUMNS = (
    ("events", "rule_id", "VARCHAR"),
    ("events", "date_rule", "VARCHAR"),
    ("events", "goldstein", "DOUBLE"),
    ("events", "quad_class", "INTEGER"),
    ("event_actors", "actor_rule", "VARCHAR"),
    ("event_actors", "actor_code", "VARCHAR"),
    ("event_actors", "sector", "VARCHAR"),
)


def _v5_reprocessing(con: duckdb.DuckDBPyConnection) -> None:
    """5: flow_runs counts the loaded articles a run extracted again with other results."""
    con.execute("ALTER TABLE flow_runs ADD COLUMN updated INTEGER DEFAULT 0")


def _v6_event_locations(con: duckdb.DuckDBPyConnection) -> None:
    """6: where each event happened, when the text says so (older rows: unknown); event_view shows it."""
    _add_columns(con, V6_COLUMNS)


V6_COLUMNS = (
    ("events", "location_name", "VARCHAR"),
    ("events", "location_country", "VARCHAR"),
    ("events", "location_lat", "DOUBLE"),
    ("events", "location_lon", "DOUBLE"),
)


def _v7_stories(con: duckdb.DuckDBPyConnection) -> None:
    """7: stories (one event reported by several articles): their tables, made for the events already loaded
    (their views come with every view after the last step)."""
    from warehouse.story_store import refresh  # the clustering is code, not DDL

    for statement in _statements():
        if statement.upper().startswith("CREATE TABLE IF NOT EXISTS"):
            con.execute(statement)  # only the new tables are missing
    refresh(con, ())  # no stories yet, so every event is clustered


def _add_columns(con: duckdb.DuckDBPyConnection, columns: tuple[tuple[str, str, str], ...]) -> None:
    for table, column, kind in columns:
        con.execute(f"ALTER TABLE {table} ADD COLUMN {column} {kind}")


def _statements() -> list[str]:
    """The statements of schema.sql, comment lines left out."""
    return [
        "\n".join(line for line in statement.splitlines() if not line.lstrip().startswith("--")).strip()
        for statement in _schema_sql().split(";\n")
    ]


# version -> step that brings a warehouse from version-1 to version. Add a function here
# (ALTER TABLE ...) whenever schema.sql changes, and bump SCHEMA_VERSION.
MIGRATIONS: dict[int, Callable[[duckdb.DuckDBPyConnection], None]] = {
    2: _v2_published_source,
    3: _v3_run_process,
    4: _v4_provenance_and_codes,
    5: _v5_reprocessing,
    6: _v6_event_locations,
    7: _v7_stories,
}


def _schema_sql() -> str:
    return resources.files("warehouse").joinpath("schema.sql").read_text(encoding="utf-8")


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
            # then the tables new since that version and every view as schema.sql defines them now
            # (CREATE TABLE IF NOT EXISTS leaves the migrated tables alone; views are replaced)
            con.execute(_schema_sql())
        con.execute("INSERT INTO schema_version VALUES (?, ?)", [SCHEMA_VERSION, datetime.now()])
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise
    return SCHEMA_VERSION
