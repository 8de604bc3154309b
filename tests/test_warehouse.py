"""The DuckDB warehouse: idempotent batch loads, replacement, quarantine, read-only queries, locking."""

import subprocess
import sys
import time
from datetime import date, datetime
from pathlib import Path

import duckdb
import pytest

from extractors.article.parser import parse_article
from schemas import Actor, ArticleResult, DateInterval, Event, Mention, RawInput, Rejection, TimeExpression
from warehouse.connection import WarehouseLocked, connect_reader, connect_writer
from warehouse.loader import load_batch, stored_articles
from warehouse.migrations import SCHEMA_VERSION
from warehouse.query import QueryRefused, run_query

TABLES = ("articles", "time_expressions", "events", "event_actors", "event_mentions", "rejected_inputs")
KEYS = {
    "articles": "article_id",
    "time_expressions": "article_id, start_char, end_char",
    "events": "event_id",
    "event_actors": "event_id, role, ordinal",
    "event_mentions": "event_id, start_char, end_char",
    "rejected_inputs": "source_uri",
}


def result(text: str, key: str = "feed#1") -> ArticleResult:
    article = parse_article(
        RawInput(source_uri=key, source_key=key, text=text, format="text"), published_override=datetime(2024, 3, 18)
    )
    start = text.index("sanctioned")
    event = Event(
        event_id=f"{article.article_id}-sanction",
        type="sanction",
        cameo_code="163",
        mentions=[Mention(start=start, end=start + 10, trigger_text="sanctioned", sentence=text)],
        source=[Actor(name="United States", country="USA")],
        target=[Actor(name="Iranian companies", country="IRN"), Actor(name="Chinese supplier", country="CHN")],
        date=DateInterval(start=date(2024, 3, 18), end=date(2024, 3, 18), granularity="day", text="Monday"),
    )
    timex = TimeExpression(
        start=text.index("Monday"),
        end=text.index("Monday") + 6,
        text="Monday",
        type="DATE",
        value="2024-03-18",
        date_start=date(2024, 3, 18),
        date_end=date(2024, 3, 18),
        granularity="day",
    )
    return ArticleResult(article=article, timexes=[timex], events=[event])


FIRST = "The United States on Monday sanctioned three Iranian companies and a Chinese supplier."
SECOND = "The United States on Monday sanctioned four Iranian companies and a Chinese supplier."


def counts(db: Path) -> dict[str, int]:
    return {t: run_query(db, f"select count(*) from {t}").rows[0][0] for t in TABLES}


def test_loading_twice_changes_nothing_and_keys_stay_distinct(db_path: Path) -> None:
    batch = [result(FIRST), result(FIRST)]  # a duplicate inside one batch is collapsed, not an error
    rejected = [Rejection(source_uri="/in/empty.txt", reason="the file is empty")]
    first = load_batch(db_path, batch, rejected, "test")
    assert len(first.loaded) == 1 and first.events == 1
    before = counts(db_path)
    assert before == {
        "articles": 1,
        "time_expressions": 1,
        "events": 1,
        "event_actors": 3,
        "event_mentions": 1,
        "rejected_inputs": 1,
    }
    second = load_batch(db_path, batch, rejected, "test")
    assert second.loaded == [] and second.unchanged == [batch[0].article.article_id]
    assert counts(db_path) == before
    for table, key in KEYS.items():
        distinct = run_query(db_path, f"select count(*) from (select distinct {key} from {table})").rows[0][0]
        assert distinct == before[table]
    assert set(stored_articles(db_path, [batch[0].article.article_id, "nope"])) == {batch[0].article.article_id}


def test_a_changed_source_replaces_its_rows(db_path: Path) -> None:
    load_batch(db_path, [result(FIRST)], [], "test")
    outcome = load_batch(db_path, [result(SECOND)], [], "test")
    assert len(outcome.loaded) == 1 and len(outcome.replaced) == 1
    assert counts(db_path)["articles"] == 1
    assert run_query(db_path, "select text from articles").rows == [(SECOND,)]
    orphans = run_query(
        db_path, "select count(*) from event_actors where event_id not in (select event_id from events)"
    )
    assert orphans.rows == [(0,)]
    assert counts(db_path)["event_actors"] == 3


def test_quarantine_is_one_row_per_source_and_clears_when_it_loads(db_path: Path) -> None:
    load_batch(db_path, [], [Rejection(source_uri="feed#1", reason="line 1 is not valid JSON")], "test")
    load_batch(db_path, [], [Rejection(source_uri="feed#1", reason="line 1 is not valid JSON")], "test")
    assert run_query(db_path, "select source_uri, reason from rejected_inputs").rows == [
        ("feed#1", "line 1 is not valid JSON")
    ]
    load_batch(db_path, [result(FIRST, key="feed#1")], [], "test")
    assert counts(db_path)["rejected_inputs"] == 0


def test_a_failed_batch_leaves_nothing_behind(db_path: Path) -> None:
    load_batch(db_path, [result(FIRST)], [], "test")
    broken = result(SECOND, key="feed#2")
    broken.events[0].mentions[0].trigger_text = None  # type: ignore[assignment]  # NOT NULL violation mid-batch
    with pytest.raises(duckdb.ConstraintException, match="NOT NULL"):
        load_batch(db_path, [broken], [Rejection(source_uri="x", reason="y")], "test")
    assert counts(db_path) == {
        "articles": 1,
        "time_expressions": 1,
        "events": 1,
        "event_actors": 3,
        "event_mentions": 1,
        "rejected_inputs": 0,
    }


def test_schema_version_is_recorded(db_path: Path) -> None:
    load_batch(db_path, [], [], "test")
    assert run_query(db_path, "select max(version) from schema_version").rows == [(SCHEMA_VERSION,)]


@pytest.mark.parametrize(
    "sql",
    [
        "delete from events",
        "insert into rejected_inputs values ('a', 'b', now(), now(), null)",
        "drop table articles",
        "create table t (a int)",
        "update articles set title = 'x'",
    ],
)
def test_queries_cannot_write(db_path: Path, sql: str) -> None:
    load_batch(db_path, [result(FIRST)], [], "test")
    before = counts(db_path)
    with pytest.raises(QueryRefused):
        run_query(db_path, sql)
    assert counts(db_path) == before


def test_analyst_views(db_path: Path) -> None:
    load_batch(db_path, [result(FIRST)], [], "test")
    view = run_query(
        db_path,
        "select event_type, cameo_code, source_names, target_countries, mention_count, date_start from event_view",
    )
    assert view.rows == [("sanction", "163", "United States", ["CHN", "IRN"], 1, date(2024, 3, 18))] or view.rows == [
        ("sanction", "163", "United States", ["IRN", "CHN"], 1, date(2024, 3, 18))
    ]
    assert run_query(db_path, "select day, event_type, events from daily_timeline").rows == [
        (date(2024, 3, 18), "sanction", 1)
    ]


HOLD_LOCK = """
import sys, time, duckdb
con = duckdb.connect(sys.argv[1])
print("locked", flush=True)
time.sleep(float(sys.argv[2]))
con.close()
"""


def test_readers_and_writers_wait_for_another_process(db_path: Path) -> None:
    load_batch(db_path, [], [], "test")
    holder = subprocess.Popen([sys.executable, "-c", HOLD_LOCK, str(db_path), "2"], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "locked"
        with pytest.raises(WarehouseLocked, match="busy"):
            connect_writer(db_path, wait=0.3)
        started = time.monotonic()
        con = connect_reader(db_path, wait=15)  # waits for the holder instead of failing at once
        con.close()
        assert time.monotonic() - started > 0.5
    finally:
        holder.wait(timeout=20)


def test_query_on_a_missing_warehouse_says_how_to_make_one(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="dateline run"):
        run_query(tmp_path / "none.duckdb", "select 1")
    assert not (tmp_path / "none.duckdb").exists()
