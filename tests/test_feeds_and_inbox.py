"""Feed parsing, fetching limits and inbox change detection (no Prefect server needed)."""

import os
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from extractors.ingest.feeds import NotAFeed, parse_feed
from flows.fetch import USER_AGENT, FetchError, fetch
from flows.inbox import archive, changed_files, file_hash

RSS = b"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Dateline Wire</title>
<item><title>Russia vetoes draft</title><link>http://w.example/veto</link><guid>veto-1</guid>
<pubDate>Wed, 24 Apr 2024 21:05:00 GMT</pubDate></item>
<item><title>No link here</title><guid>x</guid></item>
<item><title>Drills</title><link>http://w.example/drills</link></item>
</channel></rss>"""

ATOM = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Desk</title>
<entry><title>Iran denies</title><link href="http://w.example/iran"/><id>tag:w.example,2024:iran</id>
<updated>2024-03-18T10:40:00+01:00</updated></entry></feed>"""


def test_rss_entries_with_links_and_utc_dates() -> None:
    title, entries = parse_feed(RSS)
    assert title == "Dateline Wire"
    assert [(e.key, e.link, e.published) for e in entries] == [
        ("veto-1", "http://w.example/veto", "2024-04-24T21:05:00"),
        ("http://w.example/drills", "http://w.example/drills", None),
    ]


def test_atom_entry() -> None:
    _, [entry] = parse_feed(ATOM)
    assert (entry.key, entry.link, entry.published) == (
        "tag:w.example,2024:iran",
        "http://w.example/iran",
        "2024-03-18T09:40:00",
    )


@pytest.mark.parametrize("garbage", [b"", b"<html><body>Not a feed</body></html>", os.urandom(512)])
def test_garbage_is_not_a_feed(garbage: bytes) -> None:
    with pytest.raises(NotAFeed):
        parse_feed(garbage)


class _Pages(BaseHTTPRequestHandler):
    pages: dict[str, bytes] = {}
    agents: list[str] = []

    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        self.agents.append(self.headers.get("User-Agent", ""))
        body = self.pages.get(self.path)
        self.send_response(200 if body is not None else 404)
        self.end_headers()
        self.wfile.write(body or b"missing")

    def log_message(self, *args) -> None:  # keep test output quiet
        pass


@pytest.fixture
def web():
    _Pages.pages = {"/feed.xml": RSS, "/big": b"x" * 4096}
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Pages)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def test_fetch_says_who_asks_and_enforces_its_limits(web: str) -> None:
    # the test server is on loopback, which only allow_private (`dateline serve --allow-private`) reaches
    assert fetch(f"{web}/feed.xml", allow_private=True) == RSS
    assert _Pages.agents[-1] == USER_AGENT
    with pytest.raises(FetchError, match="HTTP 404"):
        fetch(f"{web}/nothing", allow_private=True)
    with pytest.raises(FetchError, match="larger than"):
        fetch(f"{web}/big", max_bytes=1024, allow_private=True)
    with pytest.raises(FetchError, match="cannot fetch"):
        fetch("http://127.0.0.1:9/feed.xml", timeout=2, allow_private=True)


def test_inbox_changes_are_decided_by_size_mtime_then_hash(tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    first, second = inbox / "a.txt", inbox / "b.txt"
    first.write_text("Russia vetoed the resolution on Wednesday.")
    second.write_text("China began drills around Taiwan on Thursday.")
    todo, states, touched = changed_files(inbox, {})
    assert sorted(p.name for p in todo) == ["a.txt", "b.txt"] and touched == []
    known = {s.path: s for s in states}

    assert changed_files(inbox, known) == ([], [], [])  # nothing moved: nothing hashed, nothing to do

    os.utime(first, ns=(1, 1))  # touched, same bytes: refresh its state, do not reload it
    todo, _, touched = changed_files(inbox, known)
    assert todo == [] and [Path(s.path).name for s in touched] == ["a.txt"]

    second.write_text("China ended drills around Taiwan on Saturday.")
    todo, states, _ = changed_files(inbox, known)
    assert [p.name for p in todo] == ["b.txt"]
    assert states[0].content_hash == file_hash(second) != known[str(second)].content_hash


def test_archive_keeps_the_tree(tmp_path: Path) -> None:
    inbox, store = tmp_path / "inbox", tmp_path / "archive"
    (inbox / "2024" / "05").mkdir(parents=True)
    story = inbox / "2024" / "05" / "drills.txt"
    story.write_text("China began drills.")
    archive([story], inbox, store)
    assert not story.exists()
    assert (store / "2024" / "05" / "drills.txt").read_text() == "China began drills."
