"""Scheduled mode end to end: a real `prefect server`, a real `dateline serve`, real files and feeds.

Everything started here is stopped at the end, pass or fail.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx
import pytest

from tests.conftest import SAMPLES
from warehouse.connection import WarehouseLocked, WarehouseMissing
from warehouse.query import run_query

pytestmark = pytest.mark.slow
BIN = Path(sys.executable).parent
DEADLINE = 150  # seconds for a few scheduled runs, on a slow CI machine


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)


def _tail(path: Path, lines: int = 40) -> str:
    return "\n".join(path.read_text(errors="replace").splitlines()[-lines:]) if path.exists() else "(no log)"


def _clean_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
    env.update(PREFECT_SERVER_ANALYTICS_ENABLED="false", **extra)
    return env


@pytest.fixture(scope="module")
def prefect_api(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    home = tmp_path_factory.mktemp("prefect-server")
    port = _free_port()
    log = home / "server.log"
    env = _clean_env(PREFECT_HOME=str(home), PREFECT_SERVER_SERVICES_SCHEDULER_LOOP_SECONDS="2")
    with log.open("w") as out:
        server = subprocess.Popen(
            [str(BIN / "prefect"), "server", "start", "--host", "127.0.0.1", "--port", str(port)],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    api = f"http://127.0.0.1:{port}/api"
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                if httpx.get(f"{api}/health", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if server.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"prefect server did not start:\n{_tail(log)}")
            time.sleep(0.5)
        yield api
    finally:
        _stop(server)


@contextmanager
def serving(api: str, tmp: Path, *args: str) -> Iterator[Path]:
    log = tmp / "serve.log"
    env = _clean_env(PREFECT_API_URL=api, PREFECT_HOME=str(tmp / "client-home"), PREFECT_RUNNER_POLL_FREQUENCY="1")
    with log.open("w") as out:
        process = subprocess.Popen(
            [str(BIN / "dateline"), "serve", *args],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        yield log
        assert process.poll() is None, f"dateline serve exited:\n{_tail(log)}"
    finally:
        _stop(process)


def _count(db: Path, sql: str) -> int:
    try:
        return run_query(db, sql, wait=20).rows[0][0]
    except (WarehouseMissing, WarehouseLocked):
        return -1
    except Exception as problem:  # the first run may be creating the schema
        if "does not exist" in str(problem):
            return -1
        raise


def wait_for(check: Callable[[], bool], what: str, log: Path, also: Callable[[], None] = lambda: None) -> None:
    deadline = time.monotonic() + DEADLINE
    while not check():
        also()
        if time.monotonic() > deadline:
            pytest.fail(f"timed out waiting for {what}; dateline serve said:\n{_tail(log)}")
        time.sleep(1)


STORY = (
    "Iran test-fires ballistic missile\n\nTEHRAN, Jan. 16 (Dateline Wire) -- Iran's Revolutionary Guard test-fired "
    "a ballistic missile on Tuesday, state television reported, days after Washington imposed new sanctions "
    "on Iranian drone makers.\n"
)

SECOND_REPORT = (
    "Revolutionary Guard launches missile in test, state TV says\n\nDUBAI, Jan. 17, 2024 (Gulf Daily Wire) -- Iran's "
    "Revolutionary Guard launched a ballistic missile in a test on Wednesday, Iranian state television said.\n"
)


def test_inbox_is_loaded_on_schedule_a_changed_file_replaces_its_article_and_a_second_report_grows_a_story(
    prefect_api: str, tmp_path: Path
) -> None:
    inbox, db = tmp_path / "inbox", tmp_path / "warehouse.duckdb"
    inbox.mkdir()
    with serving(
        prefect_api, tmp_path, "--inbox", str(inbox), "--interval", "5", "--db", str(db), "--name", "inbox-test"
    ) as log:
        (inbox / "seoul.txt").write_text((SAMPLES / "seoul-missile-launch.txt").read_text())
        (inbox / "tehran.txt").write_text(STORY.replace("Jan. 16", "Jan. 16, 2024"))
        (inbox / "garbage.bin").write_bytes(os.urandom(4096))

        readers: list[int] = []
        problems: list[str] = []

        def query_from_another_process() -> None:
            if not db.exists():  # checked before, not after: a file created during the query is no failure of it
                return
            done = subprocess.run(
                [str(BIN / "dateline"), "query", "select count(*) from flow_runs", "--db", str(db)],
                capture_output=True,
                text=True,
                timeout=60,
            )
            readers.append(done.returncode)
            if done.returncode:
                problems.append(done.stderr)

        wait_for(
            lambda: (
                _count(db, "select count(*) from articles") == 2
                and _count(db, "select count(*) from rejected_inputs") == 1
            ),
            "two articles loaded and one input quarantined",
            log,
            also=query_from_another_process,
        )
        reason = run_query(db, "select reason from rejected_inputs").rows[0][0]
        assert "binary" in reason or "undecodable" in reason
        assert readers and all(code == 0 for code in readers), problems  # `dateline query` works while serving

        (inbox / "tehran.txt").write_text(STORY.replace("Jan. 16", "Jan. 17, 2024").replace("Tuesday", "Wednesday"))
        wait_for(
            lambda: _count(db, "select count(*) from articles where text like '%Jan. 17, 2024%'") == 1,
            "the changed file to replace its article",
            log,
        )
        assert _count(db, "select count(*) from articles") == 2
        assert _count(db, "select count(*) from (select distinct source_key from articles)") == 2
        assert (
            _count(db, "select count(*) from events e where e.article_id not in (select article_id from articles)") == 0
        )
        # the replaced article is committed before its run records its end: wait for the run log too
        wait_for(
            lambda: _count(db, "select count(*) from flow_runs where status = 'completed' and replaced = 1") == 1,
            "the run that replaced the article to be recorded as completed",
            log,
        )
        freshness = run_query(db, "select source, articles from source_freshness").rows
        assert freshness == [(str(inbox.absolute()), 2)]

        # another outlet reports the same launch: the story grows from one article to two
        launch = "select articles, outlet_names from story_view where event_type = 'missile_test' and date_start = '2024-01-17'"
        assert run_query(db, launch).rows == [(1, ["Dateline Wire"])]
        (inbox / "dubai.txt").write_text(SECOND_REPORT)
        wait_for(lambda: _count(db, "select count(*) from articles") == 3, "the second report to load", log)
        assert run_query(db, launch).rows == [(2, ["Dateline Wire", "Gulf Daily Wire"])]


PAGE_WITH_DATELINE = b"""<html><head><title>China drills</title></head><body><article><h1>China holds drills near Taiwan</h1>
<p>TAIPEI, May 23, 2024 (Dateline Wire) -- China's military began two days of exercises around Taiwan on Thursday,
Taiwan's Defense Ministry said, condemning the drills as irrational provocation.</p></article></body></html>"""
PAGE_WITHOUT_DATELINE = b"""<html><head><title>Veto</title></head><body><article><h1>Russia vetoes space weapons draft</h1>
<p>Russia vetoed a draft resolution at the U.N. Security Council on Monday that would have banned nuclear arms in orbit.
The United States accused Moscow of hiding its own plans for an anti-satellite weapon.</p></article></body></html>"""
FEED = """<?xml version="1.0"?><rss version="2.0"><channel><title>Dateline Wire</title>
<item><title>China holds drills near Taiwan</title><link>{base}/drills</link><guid>drills</guid>
<pubDate>Thu, 23 May 2024 06:00:00 GMT</pubDate></item>
<item><title>Russia vetoes space weapons draft</title><link>{base}/veto</link><guid>veto</guid>
<pubDate>Wed, 24 Apr 2024 21:05:00 GMT</pubDate></item>
</channel></rss>"""


@contextmanager
def news_server(status: dict[str, int] | None = None) -> Iterator[str]:
    """A local news site with the feed and its two pages; its base URL. With ``status``, the feed answers with
    the HTTP status in ``status["feed"]`` (a test changes it to break and mend the feed)."""
    pages: dict[str, bytes] = {}

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802
            code = status["feed"] if status and self.path == "/rss.xml" else 200
            body = pages.get(self.path) if code == 200 else b"<h1>server error</h1>"
            self.send_response(code if body else 404)
            self.end_headers()
            self.wfile.write(body or b"")

        def log_message(self, *args) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    base = f"http://127.0.0.1:{server.server_address[1]}"
    pages.update(
        {"/rss.xml": FEED.format(base=base).encode(), "/drills": PAGE_WITH_DATELINE, "/veto": PAGE_WITHOUT_DATELINE}
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield base
    finally:
        server.shutdown()


@pytest.fixture
def news_site() -> Iterator[str]:
    with news_server() as base:
        yield base


def test_feed_entries_are_loaded_with_the_feed_date_as_anchor(prefect_api: str, tmp_path: Path, news_site: str) -> None:
    db = tmp_path / "warehouse.duckdb"
    feed = f"{news_site}/rss.xml"
    # the test site is on loopback: only --allow-private lets a feed reach it (public addresses otherwise)
    with serving(
        prefect_api,
        tmp_path,
        *("--feed", feed, "--interval", "5", "--db", str(db), "--name", "feed-test", "--allow-private"),
    ) as log:
        wait_for(lambda: _count(db, "select count(*) from articles") == 2, "both feed pages loaded", log)
        rows = dict(run_query(db, "select url, published_at from articles").rows)
        assert rows[f"{news_site}/veto"] == datetime(2024, 4, 24, 21, 5)  # no dateline: the feed's date
        assert rows[f"{news_site}/drills"].date() == datetime(2024, 5, 23).date()
        monday = run_query(
            db,
            "select t.timex_value from time_expressions t join articles a using (article_id) "
            "where a.url like '%/veto' and t.text = 'Monday'",
        ).rows
        assert monday == [("2024-04-22",)]
        # later runs see the same entries and load nothing more
        wait_for(
            lambda: _count(db, "select count(*) from flow_runs where status = 'completed'") >= 3, "two more runs", log
        )
        assert _count(db, "select count(*) from articles") == 2
        assert _count(db, "select count(*) from feed_entries where status = 'done'") == 2


def test_run_now_starts_a_run_at_once_not_after_the_interval(prefect_api: str, tmp_path: Path) -> None:
    inbox, db = tmp_path / "inbox", tmp_path / "warehouse.duckdb"
    inbox.mkdir()
    (inbox / "seoul.txt").write_text((SAMPLES / "seoul-missile-launch.txt").read_text())
    started = time.monotonic()
    with serving(
        prefect_api,
        tmp_path,
        "--inbox",
        str(inbox),
        "--interval",
        "3600",
        "--db",
        str(db),
        "--name",
        "now-test",
        "--run-now",
    ) as log:
        wait_for(lambda: _count(db, "select count(*) from articles") == 1, "the article loaded by the first run", log)
        assert time.monotonic() - started < DEADLINE < 3600  # not an hour: the run started at once
        assert "started flow run" in log.read_text()
        wait_for(
            lambda: _count(db, "select count(*) from source_health where healthy and kind = 'inbox'") == 1,
            "the inbox's check recorded",
            log,
        )
