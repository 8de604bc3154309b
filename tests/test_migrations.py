"""An older warehouse file is upgraded in place, its rows kept."""

from __future__ import annotations

from pathlib import Path

import duckdb

from warehouse.migrations import SCHEMA_VERSION, V4_COLUMNS, V6_COLUMNS, ensure_schema


def test_a_version_1_warehouse_gains_the_new_columns_and_keeps_its_articles(tmp_path: Path) -> None:
    db = tmp_path / "old.duckdb"
    con = duckdb.connect(str(db))
    ensure_schema(con)
    con.execute("ALTER TABLE articles DROP COLUMN published_source")  # what a version-1 file looks like
    con.execute("ALTER TABLE flow_runs DROP COLUMN pid")
    con.execute("ALTER TABLE flow_runs DROP COLUMN host")
    drop_v4_columns(con)
    con.execute("DELETE FROM schema_version")
    con.execute("INSERT INTO schema_version VALUES (1, now())")
    con.execute(
        "INSERT INTO articles (article_id, source_uri, source_key, language, text, content_hash, ingested_at,"
        " pipeline_version) VALUES ('a1', 'f.txt', 'f.txt', 'en', 'Text.', 'h', now(), '0.1.0')"
    )
    con.close()

    con = duckdb.connect(str(db))
    assert ensure_schema(con) == SCHEMA_VERSION == 7
    assert con.execute("select article_id, published_source from articles").fetchall() == [("a1", None)]
    assert con.execute("select count(pid), count(host) from flow_runs").fetchall() == [(0, 0)]
    assert con.execute("select count(updated) from flow_runs").fetchall() == [(0,)]
    assert "trigger_start" in [d[0] for d in con.execute("select * from event_view").description]  # views renewed
    assert con.execute("select max(version) from schema_version").fetchall() == [(SCHEMA_VERSION,)]
    con.close()


def at_version(db: Path, version: int, undo) -> duckdb.DuckDBPyConnection:  # noqa: ANN001 - a test helper
    """A new warehouse taken back to an older version by ``undo``, with one event as such a version wrote it."""
    con = duckdb.connect(str(db))
    ensure_schema(con)
    undo(con)
    con.execute("DELETE FROM schema_version")
    con.execute("INSERT INTO schema_version VALUES (?, now())", [version])
    con.execute(
        "INSERT INTO events (event_id, article_id, event_type, trigger_text, trigger_start, trigger_end, sentence,"
        " modality, confidence, extractor_version) VALUES ('e1', 'a1', 'veto', 'vetoed', 0, 6, 'S.', 'asserted',"
        " 0.5, '0.1.0')"
    )
    return con


def drop_v7_tables(con: duckdb.DuckDBPyConnection) -> None:
    """What a version-6 file looks like: no stories."""
    for view in ("story_view", "daily_story_timeline"):
        con.execute(f"DROP VIEW {view}")
    for table in ("stories", "story_events", "story_rules"):
        con.execute(f"DROP TABLE {table}")


def drop_v6_columns(con: duckdb.DuckDBPyConnection) -> None:
    """What a version-5 file looks like: no location columns (nor stories), and an event_view without them."""
    drop_v7_tables(con)
    con.execute("DROP VIEW IF EXISTS event_view")
    for table, column, _ in V6_COLUMNS:
        con.execute(f"ALTER TABLE {table} DROP COLUMN {column}")


def drop_v4_columns(con: duckdb.DuckDBPyConnection) -> None:
    """What a version-3 file looks like: no provenance columns (nor later ones), and views without them."""
    drop_v6_columns(con)
    con.execute("ALTER TABLE flow_runs DROP COLUMN updated")
    con.execute("DROP VIEW event_actor_view")
    for table, column, _ in V4_COLUMNS:
        con.execute(f"ALTER TABLE {table} DROP COLUMN {column}")


def test_a_version_3_warehouse_gains_provenance_columns_and_a_view_that_shows_them(tmp_path: Path) -> None:
    db = tmp_path / "v3.duckdb"
    at_version(db, 3, drop_v4_columns).close()

    con = duckdb.connect(str(db))
    assert ensure_schema(con) == SCHEMA_VERSION
    for table, column, _ in V4_COLUMNS:
        assert con.execute(f"select count({column}) from {table}").fetchall() == [(0,)]
    view_columns = [d[0] for d in con.execute("select * from event_view").description]
    assert {"rule_id", "date_rule", "source_rules", "target_rules", "goldstein", "quad_class"} <= set(view_columns)
    assert {"source_codes", "target_codes"} <= set(view_columns)
    actor_columns = [d[0] for d in con.execute("select * from event_actor_view").description]
    assert {"actor_code", "sector", "actor_rule", "quad_class"} <= set(actor_columns)
    con.close()


def test_a_version_5_warehouse_gains_location_columns_and_keeps_its_events(tmp_path: Path) -> None:
    db = tmp_path / "v5.duckdb"
    con = at_version(db, 5, drop_v6_columns)
    con.execute("UPDATE events SET rule_id = 'veto:verb:veto'")
    con.close()

    con = duckdb.connect(str(db))
    assert ensure_schema(con) == SCHEMA_VERSION
    assert con.execute("select rule_id, location_name, location_lat from events").fetchall() == [
        ("veto:verb:veto", None, None)
    ]
    view_columns = [d[0] for d in con.execute("select * from event_view").description]
    assert {"location_name", "location_country", "location_lat", "location_lon", "rule_id"} <= set(view_columns)
    con.close()


def test_a_version_6_warehouse_gains_stories_made_for_the_events_it_holds(tmp_path: Path) -> None:
    db = tmp_path / "v6.duckdb"
    con = duckdb.connect(str(db))
    ensure_schema(con)
    drop_v7_tables(con)
    con.execute("DELETE FROM schema_version")
    con.execute("INSERT INTO schema_version VALUES (6, now())")
    for n, outlet in enumerate(("Yonhap", "Kyodo")):
        con.execute(
            "INSERT INTO articles (article_id, source_uri, source_key, outlet, published_at, language, text,"
            " content_hash, ingested_at, pipeline_version) VALUES (?, ?, ?, ?, '2025-03-14 10:00', 'en', 'T.', 'h',"
            " now(), '0.1.0')",
            [f"a{n}", f"f{n}.txt", f"f{n}.txt", outlet],
        )
        con.execute(
            "INSERT INTO events (event_id, article_id, event_type, trigger_text, trigger_start, trigger_end, sentence,"
            " modality, date_start, date_end, date_granularity, confidence, extractor_version) VALUES (?, ?,"
            " 'missile_test', 'fired', 0, 5, 'North Korea fired a missile.', 'asserted', '2025-03-14', '2025-03-14',"
            " 'day', 0.5, '0.1.0')",
            [f"e{n}", f"a{n}"],
        )
        con.execute(
            "INSERT INTO event_actors (event_id, role, ordinal, name, country_code) VALUES (?, 'source', 0,"
            " 'North Korea', 'PRK')",
            [f"e{n}"],
        )
    con.close()

    con = duckdb.connect(str(db))
    assert ensure_schema(con) == SCHEMA_VERSION
    rows = con.execute("select story_id, articles, outlets, outlet_names from story_view").fetchall()
    assert rows == [("e0", 2, 2, ["Kyodo", "Yonhap"])]
    assert con.execute("select day, stories, reports from daily_story_timeline").fetchall()[0][1:] == (1, 2)
    con.close()
