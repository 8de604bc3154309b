"""The same rows whatever runs the analysis: one process, a process pool, or a local Dask cluster."""

from pathlib import Path

import pytest

from flows.etl import run_etl
from tests.conftest import SAMPLES
from warehouse.query import run_query

pytestmark = pytest.mark.slow

CONTENT = {
    "articles": "select article_id, source_key, title, published_at, dateline_place from articles",
    "time_expressions": "select article_id, start_char, end_char, timex_value from time_expressions",
    "events": "select event_id, event_type, modality, date_start, date_end, confidence from events",
    "event_actors": "select event_id, role, ordinal, name, country_code from event_actors",
    "event_mentions": "select event_id, start_char, end_char from event_mentions",
}


def snapshot(db: Path) -> dict[str, list[tuple]]:
    return {table: sorted(run_query(db, sql).rows, key=repr) for table, sql in CONTENT.items()}


@pytest.fixture(scope="module")
def single(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[tuple]]:
    db = tmp_path_factory.mktemp("single") / "w.duckdb"
    summary = run_etl([str(SAMPLES)], str(db), batch_size=2)
    assert summary.loaded == 4
    rows = snapshot(db)
    assert rows["events"], "the samples hold events"
    return rows


@pytest.mark.parametrize("pool", ["process", "dask"])
def test_two_workers_load_the_same_rows(single: dict, tmp_path: Path, pool: str) -> None:
    db = tmp_path / "w.duckdb"
    summary = run_etl([str(SAMPLES)], str(db), batch_size=2, workers=2, pool=pool)
    assert (summary.loaded, summary.rejected) == (4, 0)
    assert snapshot(db) == single


def test_auto_workers_load_the_same_rows(single: dict, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from flows import runners

    monkeypatch.setattr(runners, "BYTES_PER_WORKER", 1)  # the samples count as large: a process per usable core
    assert runners.auto_workers(runners.input_bytes([str(SAMPLES)])) == runners.usable_cores()
    db = tmp_path / "w.duckdb"
    summary = run_etl([str(SAMPLES)], str(db), batch_size=2, workers="auto")
    assert (summary.loaded, summary.rejected) == (4, 0)
    assert snapshot(db) == single
