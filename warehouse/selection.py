"""Which loaded articles `dateline reprocess` takes, and their stored text and metadata (read-only)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from warehouse.access import read_rows

GLOB_CHARACTERS = set("*?[")


@dataclass(frozen=True)
class StoredText:
    article_id: str
    source_uri: str
    source_key: str
    url: str | None
    outlet: str | None
    title: str | None
    byline: str | None
    published_at: datetime | None
    published_source: str | None
    text: str
    origin: str | None


def source_glob(pattern: str) -> str:
    """A glob as given (``*/inbox/*``), else the text anywhere in the source (``tehran`` -> ``*tehran*``)."""
    return pattern if GLOB_CHARACTERS & set(pattern) else f"*{pattern}*"


def select_articles(
    db: Path,
    version: str,
    *,
    since: date | None = None,
    source: str | None = None,
    everything: bool = False,
    published: datetime | None = None,
) -> list[str]:
    """Ids of the articles to extract again, oldest load first: those loaded on or after ``since`` whose
    source_uri or origin matches ``source``, and of these the ones made by another pipeline version than
    ``version``, or given another anchor than ``published``, or all of them with ``everything``."""
    sql = """
        SELECT article_id FROM articles
        WHERE ($since IS NULL OR ingested_at >= $since)
          AND ($source IS NULL OR source_uri GLOB $source OR coalesce(origin, '') GLOB $source)
          AND ($everything OR pipeline_version IS DISTINCT FROM $version
               OR ($published IS NOT NULL
                   AND (published_at IS DISTINCT FROM $published OR published_source IS DISTINCT FROM 'cli')))
        ORDER BY ingested_at, article_id
    """
    params = {
        "since": since,
        "source": source_glob(source) if source else None,
        "everything": everything,
        "version": version,
        "published": published,
    }
    return [r[0] for r in read_rows(db, "articles", sql, params)]


def stored_texts(db: Path, ids: list[str]) -> list[StoredText]:
    """The stored articles with these ids, in the order of ``ids``."""
    rows = read_rows(
        db,
        "articles",
        "SELECT article_id, source_uri, source_key, url, outlet, title, byline, published_at, published_source, "
        "text, origin FROM articles WHERE list_contains(?, article_id)",
        [ids],
    )
    found = {r[0]: StoredText(*r) for r in rows}
    return [found[i] for i in ids if i in found]
