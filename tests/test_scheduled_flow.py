"""The scheduled flow body, run directly (no schedule): only new work, and recovery after a crash."""

from pathlib import Path

import pytest
from spacy.language import Language

from flows.scheduled import scheduled_flow
from tests.conftest import SAMPLES
from tests.test_longtext import POISON, news_text, poisoned
from warehouse.connection import connect_writer
from warehouse.query import run_query

pytestmark = pytest.mark.slow  # every test runs the Prefect flow


def test_only_new_or_changed_files_and_recovery_after_a_run_died(tmp_path: Path, db_path: Path) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "seoul.txt").write_text((SAMPLES / "seoul-missile-launch.txt").read_text())
    first = scheduled_flow(db=str(db_path), inbox=str(inbox))
    assert (first.seen, first.loaded) == (1, 1)

    second = scheduled_flow(db=str(db_path), inbox=str(inbox))
    assert (second.seen, second.loaded, second.unchanged) == (0, 0, 0)  # nothing new: nothing read

    # A run that died after its load committed but before it recorded the file: the next run
    # reads the file again, finds the article already there, and duplicates nothing.
    con = connect_writer(db_path)
    con.execute("delete from inbox_files")
    con.close()
    third = scheduled_flow(db=str(db_path), inbox=str(inbox))
    assert (third.seen, third.loaded, third.unchanged) == (1, 0, 1)
    assert run_query(db_path, "select count(*) from articles").rows == [(1,)]
    assert run_query(db_path, "select count(*) from inbox_files").rows == [(1,)]


def test_archive_moves_processed_files_and_a_dead_feed_does_not_stop_the_inbox(tmp_path: Path, db_path: Path) -> None:
    inbox, store = tmp_path / "inbox", tmp_path / "done"
    inbox.mkdir()
    (inbox / "seoul.txt").write_text((SAMPLES / "seoul-missile-launch.txt").read_text())
    summary = scheduled_flow(
        db=str(db_path), inbox=str(inbox), feeds=["http://127.0.0.1:9/rss.xml"], archive_dir=str(store)
    )
    assert summary.loaded == 1
    assert not (inbox / "seoul.txt").exists() and (store / "seoul.txt").exists()
    assert run_query(db_path, "select status from flow_runs").rows == [("completed",)]


def test_a_file_analysis_fails_on_is_quarantined_once_and_the_inbox_goes_on(
    tmp_path: Path, db_path: Path, nlp: Language
) -> None:
    """The reported failure: one file that made analysis raise failed every later run and kept the inbox out."""
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for name in ("seoul-missile-launch.txt", "tehran-drones.html"):
        (inbox / name).write_bytes((SAMPLES / name).read_bytes())
    bad = inbox / "bad.txt"
    bad.write_text(news_text(6, marker=POISON))
    with poisoned(nlp) as refused:
        first = scheduled_flow(db=str(db_path), inbox=str(inbox))
        assert (first.seen, first.loaded, first.rejected) == (3, 2, 1)
        tried = len(refused)
        assert tried >= 1
        second = scheduled_flow(db=str(db_path), inbox=str(inbox))
        assert (second.seen, second.loaded, second.rejected) == (0, 0, 0)
        assert len(refused) == tried  # the quarantined file was not analysed again
    [(uri, reason)] = run_query(db_path, "select source_uri, reason from rejected_inputs").rows
    assert uri == str(bad.absolute()) and reason == "analysis failed: ValueError: poisoned text"
    assert run_query(db_path, "select status from flow_runs order by started_at").rows == [("completed",)] * 2

    bad.write_text(news_text(6))  # new bytes: read again, and now it loads
    third = scheduled_flow(db=str(db_path), inbox=str(inbox))
    assert (third.seen, third.loaded, third.rejected) == (1, 1, 0)
    assert run_query(db_path, "select count(*) from rejected_inputs").rows == [(0,)]
    assert run_query(db_path, "select count(*) from articles").rows == [(3,)]
