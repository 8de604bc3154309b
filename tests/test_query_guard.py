"""`dateline query` sees only the warehouse (DuckDB refuses files, ATTACH, SET), stops at its time and memory
limits, never makes a load fail; `dateline export` is the one way to write a result to a file."""

import json
import subprocess
import sys
import time
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from flows.cli import app
from tests.test_warehouse import FIRST, result
from warehouse.connection import QUERY_TIMEOUT_MAX_SECONDS, WRITE_WAIT_SECONDS, WarehouseLocked, connect_writer
from warehouse.export import csv_cell, export_query
from warehouse.loader import load_batch
from warehouse.query import NO_FILES, NO_SETTINGS, QueryLimits, QueryRefused, QueryStopped, run_query

runner = CliRunner()
# Billions of rows: runs far past any timeout the tests give unless something stops it.
RUNAWAY = "select count(*) from range(1000000000000) a, range(1000) b"


@pytest.fixture
def warehouse(db_path: Path) -> Path:
    load_batch(db_path, [result(FIRST)], [], "test")
    return db_path


@pytest.fixture
def other_warehouse(tmp_path: Path) -> Path:
    other = tmp_path / "other.duckdb"
    load_batch(other, [result(FIRST, key="other#1")], [], "test")
    return other


def articles_in(db: Path) -> int:
    return run_query(db, "select count(*) from articles").rows[0][0]


@pytest.mark.parametrize(
    "sql",
    [
        "select * from read_csv('/etc/passwd', sep = ':')",
        "select * from read_text('/etc/passwd')",
        "select * from read_blob('/etc/hostname')",
        "select * from glob('/etc/*')",
        "select * from read_json_auto('/etc/hostname')",
        "select * from read_csv('http://127.0.0.1:9/feed.csv')",
        "install httpfs",
        "load httpfs",
    ],
)
def test_a_query_reads_no_file_nor_url(warehouse: Path, sql: str) -> None:
    with pytest.raises(QueryRefused) as refused:
        run_query(warehouse, sql)
    assert str(refused.value) == NO_FILES


@pytest.mark.parametrize(
    ("sql", "written"),
    [
        ("copy (select * from articles) to '{dir}/copied.csv'", "copied.csv"),
        ("copy articles to '{dir}/copied.parquet' (format parquet)", "copied.parquet"),
        ("export database '{dir}/exported'", "exported"),
    ],
)
def test_a_query_writes_no_file(warehouse: Path, tmp_path: Path, sql: str, written: str) -> None:
    with pytest.raises(QueryRefused, match="dateline export"):
        run_query(warehouse, sql.format(dir=tmp_path))
    assert not (tmp_path / written).exists()


def test_a_query_cannot_attach_and_empty_another_warehouse(warehouse: Path, other_warehouse: Path) -> None:
    before = articles_in(other_warehouse)
    for sql in (
        f"attach '{other_warehouse}' as other (READ_WRITE); delete from other.articles",
        f"attach '{other_warehouse}' as other (READ_ONLY)",
    ):
        with pytest.raises(QueryRefused):
            run_query(warehouse, sql)
    assert before == 1 and articles_in(other_warehouse) == before


@pytest.mark.parametrize(
    "sql",
    [
        "set enable_external_access = true",
        "reset enable_external_access",
        "set lock_configuration = false",
        "set memory_limit = '100GB'",
        "set temp_directory = '/tmp'",
        "pragma enable_profiling = 'json'",
        "call enable_logging(storage := 'file', storage_path := '/tmp')",
    ],
)
def test_a_query_cannot_lift_its_own_limits(warehouse: Path, sql: str) -> None:
    with pytest.raises(QueryRefused) as refused:
        run_query(warehouse, sql)
    assert str(refused.value) == NO_SETTINGS
    with pytest.raises(QueryRefused):  # a setting in the same text as the read changes nothing either
        run_query(warehouse, f"{sql}; select * from read_text('/etc/hostname')")


def test_the_analyst_views_work_in_the_sandbox(warehouse: Path) -> None:
    settings = run_query(
        warehouse,
        "select current_setting('enable_external_access'), current_setting('lock_configuration'),"
        " current_setting('temp_directory')",
    )
    assert settings.rows == [(False, True, "")]
    events = run_query(warehouse, "select event_type, source_names, target_countries from event_view")
    assert [row[:2] for row in events.rows] == [("sanction", "United States")]
    assert sorted(events.rows[0][2]) == ["CHN", "IRN"]
    assert run_query(warehouse, "select events from daily_timeline").rows == [(1,)]


def test_a_runaway_query_is_stopped_at_its_timeout(warehouse: Path) -> None:
    started = time.monotonic()
    with pytest.raises(QueryStopped, match="0.5 s limit"):
        run_query(warehouse, RUNAWAY, timeout=0.5)
    assert time.monotonic() - started < 5
    assert run_query(warehouse, "select 1").rows == [(1,)]  # the next session is not interrupted


def test_a_query_past_its_memory_limit_stops_without_spilling_to_disk(warehouse: Path) -> None:
    with pytest.raises(QueryStopped, match="more than 64MB of memory"):
        run_query(warehouse, "select range, random() as r from range(50000000) order by r", memory_limit="64MB")
    assert sorted(p.name for p in warehouse.parent.iterdir()) == [warehouse.name]  # no warehouse.duckdb.tmp


def test_limits_are_checked() -> None:
    for bad in ({"timeout": 0}, {"timeout": QUERY_TIMEOUT_MAX_SECONDS + 1}, {"memory_limit": "lots"}):
        with pytest.raises(ValueError, match="timeout|memory limit"):
            QueryLimits(**bad)
    # a load waits for the file longer than any query may hold it
    assert WRITE_WAIT_SECONDS > QUERY_TIMEOUT_MAX_SECONDS


def test_query_max_rows_keeps_the_first_rows(warehouse: Path) -> None:
    cut = run_query(warehouse, "select range from range(10)", max_rows=3)
    assert cut.rows == [(0,), (1,), (2,)] and cut.truncated
    assert not run_query(warehouse, "select range from range(3)", max_rows=3).truncated


def test_cli_query_refusals_and_stops_are_one_line(warehouse: Path) -> None:
    env = {"COLUMNS": "400"}
    read = runner.invoke(app, ["query", "select * from read_csv('/etc/passwd')", "--db", str(warehouse)], env=env)
    assert read.exit_code == 1 and read.output.count("\n") == 1 and "root" not in read.output
    stopped = runner.invoke(app, ["query", RUNAWAY, "--db", str(warehouse), "--timeout", "0.5"], env=env)
    assert stopped.exit_code == 3 and stopped.output.count("\n") == 1 and "--timeout" in stopped.output
    too_long = runner.invoke(app, ["query", "select 1", "--db", str(warehouse), "--timeout", "100000"], env=env)
    assert too_long.exit_code == 2


EXPORT_SQL = "select event_type, target_countries, date_start, title from event_view"


def test_export_writes_csv_json_and_parquet(warehouse: Path, tmp_path: Path) -> None:
    limits = QueryLimits()
    assert export_query(warehouse, EXPORT_SQL, tmp_path / "events.csv", "csv", limits) == 1
    lines = (tmp_path / "events.csv").read_bytes().split(b"\n")
    assert b"\r" not in (tmp_path / "events.csv").read_bytes()
    assert lines[0] == b"event_type,target_countries,date_start,title" and lines[2] == b""
    assert lines[1] in (b"sanction,IRN;CHN,2024-03-18,", b"sanction,CHN;IRN,2024-03-18,")

    export_query(warehouse, EXPORT_SQL, tmp_path / "events.json", "json", limits)
    rows = json.loads((tmp_path / "events.json").read_text(encoding="utf-8"))
    assert rows[0]["date_start"] == "2024-03-18" and sorted(rows[0]["target_countries"]) == ["CHN", "IRN"]
    assert rows[0]["title"] is None

    export_query(warehouse, EXPORT_SQL, tmp_path / "events.parquet", "parquet", limits)
    table = pq.read_table(tmp_path / "events.parquet")
    assert table.column_names == ["event_type", "target_countries", "date_start", "title"]
    assert sorted(table.column("target_countries").to_pylist()[0]) == ["CHN", "IRN"]


def test_csv_cells_are_not_python_reprs() -> None:
    assert [csv_cell(v) for v in (None, True, ["a", "b"], [], {"k": 1}, 1.5)] == [
        "",
        "true",
        "a;b",
        "",
        '{"k": 1}',
        "1.5",
    ]


def test_export_never_overwrites_the_warehouse_nor_leaves_a_partial_file(warehouse: Path, tmp_path: Path) -> None:
    size = warehouse.stat().st_size
    for target in (warehouse, warehouse.with_name(warehouse.name + ".wal")):
        with pytest.raises(ValueError, match="warehouse's own file"):
            export_query(warehouse, "select 1", target, "csv", QueryLimits())
    assert warehouse.stat().st_size == size and articles_in(warehouse) == 1
    with pytest.raises(QueryStopped):
        export_query(warehouse, RUNAWAY, tmp_path / "out.csv", "csv", QueryLimits(timeout=0.5))
    with pytest.raises(QueryRefused):
        export_query(warehouse, "select * from read_text('/etc/hostname')", tmp_path / "out.csv", "csv", QueryLimits())
    assert sorted(p.name for p in tmp_path.iterdir()) == [warehouse.name]


def test_cli_export_infers_the_format_from_the_file_name(warehouse: Path, tmp_path: Path) -> None:
    done = runner.invoke(app, ["export", EXPORT_SQL, "--db", str(warehouse), "--out", str(tmp_path / "e.json")])
    assert done.exit_code == 0, done.output
    assert json.loads((tmp_path / "e.json").read_text(encoding="utf-8"))[0]["event_type"] == "sanction"
    unknown = runner.invoke(app, ["export", EXPORT_SQL, "--db", str(warehouse), "--out", str(tmp_path / "e.txt")])
    assert unknown.exit_code == 2 and not (tmp_path / "e.txt").exists()


# A real second process running a runaway query for up to 2 s through the query session.
HOLD_QUERY = """
import sys
from pathlib import Path
from warehouse.query import QueryStopped, run_query
print("querying", flush=True)
try:
    run_query(Path(sys.argv[1]), sys.argv[2], timeout=float(sys.argv[3]))
except QueryStopped:
    print("stopped", flush=True)
"""


@pytest.mark.slow  # a second process holding the warehouse for seconds
def test_a_long_query_makes_a_writer_wait_not_fail(warehouse: Path) -> None:
    reader = subprocess.Popen(
        [sys.executable, "-c", HOLD_QUERY, str(warehouse), RUNAWAY, "2"],
        stdout=subprocess.PIPE,
        text=True,
        cwd=Path(__file__).resolve().parent.parent,
    )
    try:
        assert reader.stdout.readline().strip() == "querying"
        time.sleep(0.5)  # the reader has opened the file and runs its query
        # DuckDB's own behaviour, and the reason writers wait: a read-only holder blocks a writer.
        with pytest.raises(WarehouseLocked, match="busy"):
            connect_writer(warehouse, wait=0.2)
        started = time.monotonic()
        load_batch(warehouse, [result(FIRST.replace("three", "five"), key="feed#2")], [], "test")  # default wait
        assert time.monotonic() - started > 0.5
        assert reader.stdout.readline().strip() == "stopped"
    finally:
        reader.wait(timeout=30)
    assert articles_in(warehouse) == 2
