"""`dateline export` of a whole view (Parquet through DuckDB's COPY, RFC 4180 CSV, JSON lines), the view name
checked against a fixed list, and `dateline query` output that is clean CSV or a table fitting the terminal."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from flows.cli import app, column_widths
from tests.test_warehouse import FIRST, result
from warehouse.export import EXPORTABLE, export_view
from warehouse.loader import load_batch
from warehouse.query import QueryLimits

runner = CliRunner()
HOSTILE_TITLE = 'He said "no", then\nleft; =1+2 [bold]x[/] \x1b[31mred'


@pytest.fixture
def warehouse(db_path: Path) -> Path:
    loaded = result(FIRST)
    loaded.article.title = HOSTILE_TITLE  # commas, quotes, a line break, a formula, markup, an escape code
    load_batch(db_path, [loaded], [], "test")
    return db_path


def test_parquet_is_written_by_duckdb_with_its_types(warehouse: Path, tmp_path: Path) -> None:
    done = runner.invoke(app, ["export", "--db", str(warehouse), "--out", str(tmp_path / "events.parquet")])
    assert done.exit_code == 0, done.output
    assert "1 rows →" in done.output
    cursor = duckdb.connect().execute(f"select * from read_parquet('{tmp_path / 'events.parquet'}')")
    columns = [d[0] for d in cursor.description]
    values = dict(zip(columns, cursor.fetchall()[0], strict=True))
    assert "trigger_start" in columns and values["trigger_start"] == FIRST.index("sanctioned")
    assert sorted(values["target_countries"]) == ["CHN", "IRN"]  # a list stays a list
    assert str(values["date_start"]) == "2024-03-18" and values["title"] == HOSTILE_TITLE
    assert sorted(p.name for p in tmp_path.iterdir()) == ["events.parquet", warehouse.name]  # no partial file


def test_csv_is_rfc_4180_with_lists_joined(warehouse: Path, tmp_path: Path) -> None:
    target = tmp_path / "events.csv"
    done = runner.invoke(app, ["export", "--view", "event_view", "--db", str(warehouse), "--out", str(target)])
    assert done.exit_code == 0, done.output
    raw = target.read_bytes()
    assert b"\r\n" not in raw and raw.endswith(b"\n")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8"), newline="")))
    assert len(rows) == 1 and rows[0]["title"] == HOSTILE_TITLE  # quotes, comma and line break survive
    assert sorted(rows[0]["target_countries"].split(";")) == ["CHN", "IRN"]
    assert rows[0]["source_countries"] == "USA" and rows[0]["date_end"] == "2024-03-18"
    assert rows[0]["trigger_start"] == str(FIRST.index("sanctioned"))

    queried = runner.invoke(
        app, ["query", "select title, target_countries from event_view", "--db", str(warehouse)] + ["--format", "csv"]
    )
    assert queried.exit_code == 0
    assert "\r\n" not in queried.stdout and "['" not in queried.stdout  # no CRLF, no Python list repr
    again = list(csv.reader(io.StringIO(queried.stdout, newline="")))
    assert again[0] == ["title", "target_countries"] and again[1][0] == HOSTILE_TITLE


def test_jsonl_and_stdout(warehouse: Path, tmp_path: Path) -> None:
    done = runner.invoke(app, ["export", "--view", "daily_timeline", "--format", "jsonl", "--db", str(warehouse)])
    assert done.exit_code == 0, done.output
    assert [json.loads(line) for line in done.stdout.splitlines()] == [
        {"day": "2024-03-18", "event_type": "sanction", "events": 1, "articles": 1}
    ]
    count = export_view(warehouse, "event_actors", tmp_path / "actors.jsonl", "jsonl", QueryLimits())
    lines = (tmp_path / "actors.jsonl").read_text(encoding="utf-8").splitlines()
    assert count == len(lines) == 3 and {json.loads(line)["role"] for line in lines} == {"source", "target"}
    sql = runner.invoke(app, ["export", "select 1 as n, [2, 3] as l", "--db", str(warehouse)])
    assert sql.stdout == "n,l\n1,2;3\n"


@pytest.mark.parametrize("view", ['event_view"; drop table events; --', "read_text('/etc/passwd')", "pg_catalog"])
def test_only_known_views_are_exported(warehouse: Path, tmp_path: Path, view: str) -> None:
    with pytest.raises(ValueError, match="--view must be one of"):
        export_view(warehouse, view, tmp_path / "x.parquet", "parquet", QueryLimits())
    done = runner.invoke(app, ["export", "--view", view, "--db", str(warehouse), "--out", str(tmp_path / "x.csv")])
    assert done.exit_code == 2 and "--view must be one of" in done.output
    assert sorted(p.name for p in tmp_path.iterdir()) == [warehouse.name]
    assert "event_view" in EXPORTABLE


def test_export_usage_errors(warehouse: Path) -> None:
    both = runner.invoke(app, ["export", "select 1", "--view", "events", "--db", str(warehouse)])
    assert both.exit_code == 2 and "not both" in both.output
    binary = runner.invoke(app, ["export", "--format", "parquet", "--db", str(warehouse)])
    assert binary.exit_code == 2 and "--out" in binary.output


def test_table_widths_fit_and_never_cut_a_column_name() -> None:
    columns = ["event_id", "sentence", "target_countries"]
    cells = [["abc", "x" * 300, "IRN;CHN"]]
    widths = column_widths(columns, cells, 60)
    assert widths is not None and sum(widths) + 3 * 3 + 1 <= 60
    assert all(w >= len(c) for w, c in zip(widths, columns, strict=True))
    assert column_widths(columns, cells, 200) == [8, 40, 16]  # long text capped at 40
    assert column_widths([f"column_{n}" for n in range(30)], [], 80) is None  # names alone do not fit


def test_query_table_fits_the_terminal(warehouse: Path) -> None:
    sql = "select * from event_view"
    wide = runner.invoke(app, ["query", sql, "--db", str(warehouse)])
    assert wide.exit_code == 0
    lines = wide.stdout.splitlines()
    assert max(len(line) for line in lines) <= 160  # the width of a console that is not a terminal
    for name in ("event_id", "source_countries", "trigger_start", "mention_count", "published_at", "source_uri"):
        assert name in wide.stdout  # every column name whole, even in the expanded layout
    assert "\x1b" not in wide.stdout and "[bold]x[/]" in wide.stdout  # shown as text, never as markup or codes
    assert "then\\nleft" in wide.stdout  # a line break in a value stays on its row


def test_narrow_tables_cut_values_and_switch_to_one_block_per_row() -> None:
    from rich.console import Console

    from flows.cli import _fitted_tables

    def shown(columns: list[str], rows: list[tuple], width: int) -> str:
        screen = io.StringIO()
        console = Console(file=screen, width=width)
        for table in _fitted_tables(columns, rows, width):
            console.print(table)
        return screen.getvalue()

    narrow = shown(["sentence", "n"], [("word " * 40, 1)], 40)
    assert "…" in narrow and "sentence" in narrow and max(len(line) for line in narrow.splitlines()) <= 40
    many = [f"column_{n}" for n in range(8)]
    blocks = shown(many, [tuple(range(8)), tuple(range(8))], 40)
    assert blocks.count("row ") == 2 and all(name in blocks for name in many)
