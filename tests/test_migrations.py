"""An older warehouse file is upgraded in place, its rows kept."""

from __future__ import annotations

from pathlib import Path

import duckdb

from warehouse.migrations import SCHEMA_VERSION, ensure_schema


def test_a_version_1_warehouse_gains_the_new_columns_and_keeps_its_articles(tmp_path: Path) -> None:
    db = tmp_path / "old.duckdb"
    con = duckdb.connect(str(db))
    ensure_schema(con)
    con.execute("ALTER TABLE articles DROP COLUMN published_source")  # what a version-1 file looks like
    con.execute("ALTER TABLE flow_runs DROP COLUMN pid")
    con.execute("ALTER TABLE flow_runs DROP COLUMN host")
    con.execute("ALTER TABLE flow_runs DROP COLUMN updated")
    con.execute("CREATE OR REPLACE VIEW event_view AS SELECT event_id FROM events")  # an older view
    con.execute("DELETE FROM schema_version")
    con.execute("INSERT INTO schema_version VALUES (1, now())")
    con.execute(
        "INSERT INTO articles (article_id, source_uri, source_key, language, text, content_hash, ingested_at,"
        " pipeline_version) VALUES ('a1', 'f.txt', 'f.txt', 'en', 'Text.', 'h', now(), '0.1.0')"
    )
    con.close()

    con = duckdb.connect(str(db))
    assert ensure_schema(con) == SCHEMA_VERSION == 4
    assert con.execute("select article_id, published_source from articles").fetchall() == [("a1", None)]
    assert con.execute("select count(pid), count(host) from flow_runs").fetchall() == [(0, 0)]
    assert con.execute("select count(updated) from flow_runs").fetchall() == [(0,)]
    assert "trigger_start" in [d[0] for d in con.execute("select * from event_view").description]  # views renewed
    assert con.execute("select max(version) from schema_version").fetchall() == [(4,)]
    con.close()
