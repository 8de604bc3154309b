"""The CLI and the ETL flow: real Prefect flow runs (marked slow) into a real DuckDB file, and `extract`/`timex`."""

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from extractors.chunking import MAX_TEXT_CHARS
from flows.cli import app
from flows.etl import etl_flow
from tests.conftest import SAMPLES
from warehouse.query import run_query

TABLES = ("articles", "time_expressions", "events", "event_actors", "event_mentions", "rejected_inputs")
runner = CliRunner()


def counts(db: Path) -> dict[str, int]:
    return {t: run_query(db, f"select count(*) from {t}").rows[0][0] for t in TABLES + ("flow_runs",)}


@pytest.fixture
def mixed_folder(tmp_path: Path, dev_article: Path) -> Path:
    folder = tmp_path / "inbox"
    folder.mkdir()
    shutil.copy(dev_article, folder / dev_article.name)
    (folder / "empty.txt").write_bytes(b"")
    (folder / "random.bin").write_bytes(os.urandom(4096))
    (folder / "scripts.html").write_text(
        "<html><head><script>var a = 1;</script></head><body><script>go()</script></body></html>"
    )
    (folder / "broken.jsonl").write_text('{"text": "never closed\n{"id": 2,\n')
    return folder


@pytest.mark.slow  # a Prefect flow run
def test_flow_loads_the_good_article_quarantines_the_rest_and_is_idempotent(mixed_folder: Path, db_path: Path) -> None:
    summary = etl_flow([str(mixed_folder)], str(db_path))
    assert (summary.seen, summary.loaded, summary.unchanged, summary.rejected) == (1, 1, 0, 4)
    article = run_query(db_path, "select published_at, dateline_place, outlet, byline from articles").rows
    assert article == [(datetime(2023, 5, 9, 5, 36), "Seoul", "UPI", "Thomas Maresca")]
    reasons = dict(run_query(db_path, "select regexp_extract(source_uri, '[^/]+$'), reason from rejected_inputs").rows)
    assert sorted(reasons) == ["broken.jsonl", "empty.txt", "random.bin", "scripts.html"]
    assert all(len(reason) > 10 for reason in reasons.values())
    run = run_query(db_path, "select run_id, status, seen, loaded, unchanged, rejected from flow_runs").rows
    assert run == [(summary.run_id, "completed", 1, 1, 0, 4)]

    before = counts(db_path)
    again = etl_flow([str(mixed_folder)], str(db_path))
    assert (again.loaded, again.unchanged, again.rejected) == (0, 1, 4)
    after = counts(db_path)
    assert after.pop("flow_runs") == before.pop("flow_runs") + 1  # the run log records every run
    assert after == before


@pytest.mark.slow  # a Prefect flow run
def test_a_run_with_nothing_to_read_quarantines_the_missing_path(tmp_path: Path, db_path: Path) -> None:
    summary = etl_flow([str(tmp_path / "not-there.txt")], str(db_path))
    assert (summary.seen, summary.loaded, summary.rejected) == (0, 0, 1)
    assert run_query(db_path, "select regexp_extract(source_uri, '[^/]+$') from rejected_inputs").rows == [
        ("not-there.txt",)
    ]
    assert run_query(db_path, "select status from flow_runs").rows == [("completed",)]


@pytest.mark.slow  # a Prefect flow run
def test_cli_run_query_and_refusal(db_path: Path) -> None:
    ran = runner.invoke(app, ["run", str(SAMPLES), "--db", str(db_path)])
    assert ran.exit_code == 0, ran.output
    assert "loaded" in ran.output
    loaded = run_query(db_path, "select count(*) from articles").rows[0][0]
    assert loaded == 4  # a text file, an HTML page and two JSON lines

    as_json = runner.invoke(
        app, ["query", "select title from articles order by title", "--db", str(db_path), "--format", "json"]
    )
    assert as_json.exit_code == 0, as_json.output
    titles = [row["title"] for row in json.loads(as_json.stdout)]
    assert "Russia vetoes U.N. resolution on space weapons" in titles

    as_csv = runner.invoke(
        app, ["query", "select count(*) as n from articles", "--db", str(db_path), "--format", "csv"]
    )
    assert as_csv.stdout.splitlines() == ["n", "4"]

    refused = runner.invoke(app, ["query", "delete from articles", "--db", str(db_path)])
    assert refused.exit_code == 1
    assert "read-only" in refused.output
    assert run_query(db_path, "select count(*) from articles").rows[0][0] == 4


@pytest.fixture
def two_good_and_one_huge(tmp_path: Path) -> Path:
    """The reported failure: two good articles beside a text over the length cap (spaCy's E088 stopped them)."""
    folder = tmp_path / "inbox"
    folder.mkdir()
    for name in ("seoul-missile-launch.txt", "tehran-drones.html"):
        shutil.copy(SAMPLES / name, folder / name)
    (folder / "huge.txt").write_text("strait " * (MAX_TEXT_CHARS // 7 + 1))
    return folder


@pytest.mark.slow  # a Prefect flow run, in-process through the CLI
def test_run_loads_the_good_articles_beside_a_huge_text_and_exits_2(two_good_and_one_huge: Path, db_path: Path) -> None:
    ran = runner.invoke(app, ["run", str(two_good_and_one_huge), "--db", str(db_path)])
    assert ran.exit_code == 2, ran.output
    assert "exceeds the cap" in ran.output
    assert run_query(db_path, "select count(*) from articles").rows == [(2,)]
    [(uri, reason)] = run_query(db_path, "select source_uri, reason from rejected_inputs").rows
    assert uri.endswith("huge.txt")
    size = (two_good_and_one_huge / "huge.txt").stat().st_size
    assert reason == f"text of {size:,} characters exceeds the cap of {MAX_TEXT_CHARS:,}"
    assert run_query(db_path, "select status, loaded, rejected from flow_runs").rows == [("completed", 2, 1)]


@pytest.mark.slow  # a Prefect flow run
def test_an_article_the_warehouse_refuses_is_quarantined_and_the_others_load(
    tmp_path: Path, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import flows.etl

    folder = tmp_path / "inbox"
    folder.mkdir()
    for name in ("seoul-missile-launch.txt", "tehran-drones.html"):
        shutil.copy(SAMPLES / name, folder / name)
    (folder / "refused.txt").write_text("Russia vetoed the draft resolution on Tuesday, diplomats said. REFUSE-ME\n")
    real_load = flows.etl.load_batch

    def refusing(db, results, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003, ANN202 - load_batch's signature
        if any("REFUSE-ME" in r.article.text for r in results):
            raise duckdb.ConstraintException("Constraint Error: a refused row")
        return real_load(db, results, *args, **kwargs)

    monkeypatch.setattr(flows.etl, "load_batch", refusing)
    summary = etl_flow([str(folder)], str(db_path))
    assert (summary.loaded, summary.rejected) == (2, 1)
    [(uri, reason)] = run_query(db_path, "select source_uri, reason from rejected_inputs").rows
    assert uri.endswith("refused.txt")
    assert reason == "loading failed: ConstraintException: Constraint Error: a refused row"
    assert run_query(db_path, "select count(*) from articles").rows == [(2,)]
    assert run_query(db_path, "select status from flow_runs").rows == [("completed",)]


def test_extract_writes_the_annotation_shape_and_the_scorer_reads_it(
    tmp_path: Path, dev_article: Path, shared_dir: Path
) -> None:
    out = tmp_path / "out"
    done = runner.invoke(app, ["extract", str(dev_article), "--out", str(out)])
    assert done.exit_code == 0, done.output
    produced = json.loads((out / f"{dev_article.stem}.json").read_text())
    assert produced["article"]["published"] == "2023-05-09"
    text = dev_article.read_text(encoding="utf-8")
    timexes, events = produced["timexes"], produced["events"]
    assert [t["text"] for t in timexes] == [text[t["start"] : t["end"]] for t in timexes]
    assert len(timexes) == 9  # the dev article's nine gold expressions
    assert {"message", "statement", "veto", "missile_test", "military_exercise"} <= {e["type"] for e in events}
    mentions = [m for e in events for m in e["mentions"]]
    assert all(e["mentions"] for e in events)
    assert [m["text"] for m in mentions] == [text[m["start"] : m["end"]] for m in mentions]
    scored = subprocess.run(
        [
            sys.executable,
            str(shared_dir / "eval" / "score_events.py"),
            "--corpus",
            str(shared_dir / "corpus" / "dev"),
            "--system",
            str(out),
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    figures = json.loads(scored.stdout.strip().splitlines()[-1])
    assert figures["documents"] == 1


def test_extract_published_option_sets_the_anchor(tmp_path: Path) -> None:
    story = tmp_path / "story.txt"
    story.write_text("Russia vetoed the draft resolution on Tuesday, diplomats said.\n")
    done = runner.invoke(app, ["extract", str(story), "--out", str(tmp_path / "o"), "--published", "2024-04-23"])
    assert done.exit_code == 0, done.output
    assert json.loads((tmp_path / "o" / "story.json").read_text())["article"]["published"] == "2024-04-23"
    bad = runner.invoke(app, ["extract", str(story), "--out", str(tmp_path / "o"), "--published", "someday"])
    assert bad.exit_code == 1 and "not a date" in bad.output


def test_timex_command_writes_one_line_per_document(tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    docs = [
        {"doc_id": "d1", "dct": "2023-05-09", "text": "Kim sent a message on Tuesday."},
        {"doc_id": "d2", "dct": "1998-01-08", "text": "Stocks fell 3 percent last month."},
    ]
    source.write_text("\n".join(json.dumps(d) for d in docs) + "\n")
    done = runner.invoke(app, ["timex", "--jsonl", str(source), "--out", str(tmp_path / "sys.jsonl")])
    assert done.exit_code == 0, done.output
    lines = [json.loads(line) for line in (tmp_path / "sys.jsonl").read_text().splitlines()]
    assert [line["doc_id"] for line in lines] == ["d1", "d2"]
    tuesday = next(t for t in lines[0]["timexes"] if t["text"] == "Tuesday")
    assert tuesday["value"] == "2023-05-09"


def test_only_a_locked_warehouse_is_retried() -> None:
    from prefect.states import Failed

    from flows.etl import _retry_when_locked
    from warehouse.connection import WarehouseLocked

    assert _retry_when_locked(None, None, Failed(data=WarehouseLocked("busy"))) is True
    assert _retry_when_locked(None, None, Failed(data=ValueError("bad input"))) is False


def _dead_pid() -> int:
    """The id of a process that has exited (and been reaped)."""
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


def test_a_run_whose_process_died_is_marked_crashed_when_the_next_run_starts(db_path: Path) -> None:
    from warehouse.access import writing
    from warehouse.runs import record_run_start

    started = datetime(2024, 1, 1, 12, 0)
    record_run_start(db_path, "alive", "dateline-etl", [], started)  # this process: alive
    dead, here = _dead_pid(), socket.gethostname()
    with writing(db_path) as con:
        for run_id, status, pid, host in [
            ("dead-here", "running", dead, here),
            ("elsewhere", "running", dead, "another-host"),  # cannot be checked from here
            ("before-pids", "running", None, None),  # written before runs recorded their process
            ("finished", "completed", dead, here),
        ]:
            con.execute(
                "INSERT INTO flow_runs (run_id, flow_name, started_at, status, pid, host) VALUES (?, 'f', ?, ?, ?, ?)",
                [run_id, started, status, pid, host],
            )
    record_run_start(db_path, "next", "dateline-etl", [], datetime.now())
    rows = run_query(db_path, "select run_id, status, finished_at from flow_runs").rows
    assert {run_id: (status, finished) for run_id, status, finished in rows} == {
        "alive": ("running", None),
        "dead-here": ("crashed", None),
        "elsewhere": ("running", None),
        "before-pids": ("crashed", None),
        "finished": ("completed", None),
        "next": ("running", None),
    }


def test_a_version_1_warehouse_gains_the_run_process_columns(db_path: Path) -> None:
    from tests.test_migrations import drop_v4_columns
    from warehouse.access import writing
    from warehouse.migrations import SCHEMA_VERSION
    from warehouse.runs import record_run_start

    with writing(db_path) as con:  # made at the current version, then taken back to version 1
        con.execute("ALTER TABLE flow_runs DROP COLUMN host")
        con.execute("ALTER TABLE flow_runs DROP COLUMN pid")
        con.execute("ALTER TABLE articles DROP COLUMN published_source")
        drop_v4_columns(con)
        con.execute("DELETE FROM schema_version")
        con.execute("INSERT INTO schema_version VALUES (1, now()::TIMESTAMP)")
        con.execute(
            "INSERT INTO flow_runs (run_id, flow_name, started_at, status) VALUES ('old', 'f', now(), 'running')"
        )
    record_run_start(db_path, "new", "dateline-etl", [], datetime.now())
    assert run_query(db_path, "select max(version) from schema_version").rows == [(SCHEMA_VERSION,)]
    rows = run_query(db_path, "select run_id, status, pid, host from flow_runs order by run_id").rows
    assert rows == [("new", "running", os.getpid(), socket.gethostname()), ("old", "crashed", None, None)]


@pytest.mark.slow  # the CLI in a subprocess, then a Prefect flow run
def test_a_killed_run_is_marked_crashed_by_the_next_run(tmp_path: Path, db_path: Path) -> None:
    from tests.test_longtext import news_text
    from warehouse.access import read_rows

    folder = tmp_path / "inbox"
    folder.mkdir()
    (folder / "long.txt").write_text(news_text(3_000))  # minutes of analysis: the run is killed midway
    log = (tmp_path / "run.log").open("w")
    run = subprocess.Popen(
        [str(Path(sys.executable).parent / "dateline"), "run", str(folder), "--db", str(db_path)],
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,  # its own process group: the kill takes Prefect's server with it
    )
    try:
        deadline = time.monotonic() + 120
        while not read_rows(db_path, "flow_runs", "select run_id from flow_runs where status = 'running'"):
            assert run.poll() is None and time.monotonic() < deadline, (tmp_path / "run.log").read_text()
            time.sleep(0.5)
    finally:
        os.killpg(run.pid, signal.SIGKILL)
        run.wait(timeout=30)
    [(killed,)] = read_rows(db_path, "flow_runs", "select run_id from flow_runs")

    empty = tmp_path / "empty"
    empty.mkdir()
    etl_flow([str(empty)], str(db_path))
    rows = run_query(db_path, "select run_id, status, finished_at from flow_runs order by started_at").rows
    assert rows[0] == (killed, "crashed", None)
    assert [status for _, status, _ in rows[1:]] == ["completed"]
