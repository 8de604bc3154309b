"""RSS and Atom feeds to entries (pure: bytes in, entries out; fetching is the flow's job)."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import urlparse

import feedparser


class NotAFeed(ValueError):
    pass


@dataclass(frozen=True)
class FeedEntry:
    key: str  # the entry's id, else its link: what "already seen" is decided by
    link: str
    title: str | None
    published: str | None  # ISO 8601 (UTC) from the feed, the anchor when the page shows no dateline


def parse_feed(data: bytes) -> tuple[str | None, list[FeedEntry]]:
    """The feed's title and its entries that link to a page; ``NotAFeed`` for anything else."""
    parsed = feedparser.parse(data)
    if not parsed.get("version") and not parsed.entries:
        problem = parsed.get("bozo_exception")
        raise NotAFeed(f"not an RSS or Atom feed ({problem})" if problem else "not an RSS or Atom feed")
    entries = []
    for entry in parsed.entries:
        link = entry.get("link")
        if not link or urlparse(link).scheme not in ("http", "https"):
            continue  # nothing to fetch (feedparser turns a bare <guid> into a "link")
        when = entry.get("published_parsed") or entry.get("updated_parsed")
        published = (
            datetime.fromtimestamp(calendar.timegm(when), tz=UTC).replace(tzinfo=None).isoformat() if when else None
        )
        entries.append(FeedEntry(key=entry.get("id") or link, link=link, title=entry.get("title"), published=published))
    return parsed.feed.get("title"), entries
