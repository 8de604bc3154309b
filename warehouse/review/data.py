"""What the review site shows, read from the warehouse in one read-only session.

The session is the one `dateline query` uses (read-only, no file access, bounded in time), opened only while
the rows are fetched: the site is rendered after the warehouse is let go, so a load waits the least.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any, Literal

import duckdb

from warehouse.migrations import SCHEMA_VERSION, current_version
from warehouse.query import QueryLimits, query_session

RUNS_SHOWN = 500  # flow_runs rows on the runs page (a schedule adds one a run)
REJECTED_SHOWN = 2_000
READ_TIMEOUT_SECONDS = 300.0
READ_MEMORY = "4GB"


@dataclass(frozen=True)
class Filters:
    """`dateline review --since/--type/--country`: which events the site shows, and the articles they are in."""

    since: date | None = None  # events dated on or after it; undated ones of articles published on or after it
    types: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()  # ISO 3166-1 alpha-3, as source or target
    by: Literal["event", "story"] = "event"  # story: the index counts stories, one row each (any event chosen)

    @property
    def active(self) -> bool:
        return bool(self.since or self.types or self.countries)

    def params(self) -> dict[str, Any]:
        return {"since": self.since, "types": list(self.types), "countries": list(self.countries)}


NO_FILTERS = Filters()

# Events chosen by the filters, on `events e JOIN articles a`.
EVENT_FILTER = """
    ($since IS NULL OR coalesce(e.date_end, e.date_start) >= $since
        OR (e.date_start IS NULL AND a.published_at >= $since))
    AND (len($types::VARCHAR[]) = 0 OR list_contains($types::VARCHAR[], e.event_type))
    AND (len($countries::VARCHAR[]) = 0 OR EXISTS (
        SELECT 1 FROM event_actors x
        WHERE x.event_id = e.event_id AND list_contains($countries::VARCHAR[], x.country_code)))
"""
SELECTED_EVENTS = f"SELECT e.event_id FROM events e JOIN articles a USING (article_id) WHERE {EVENT_FILTER}"
SELECTED_ARTICLES = (
    f"SELECT DISTINCT e.article_id FROM events e JOIN articles a USING (article_id) WHERE {EVENT_FILTER}"
)
# --by story: the stories with a chosen event, and every article that reports them.
SELECTED_STORIES = f"SELECT DISTINCT m.story_id FROM story_events m WHERE m.event_id IN ({SELECTED_EVENTS})"
STORY_ARTICLES = f"""SELECT DISTINCT e.article_id FROM events e JOIN story_events m USING (event_id)
    WHERE m.story_id IN ({SELECTED_STORIES})"""


@dataclass
class Actor:
    role: str  # source | target
    name: str
    country: str | None


@dataclass
class Story:
    """What the index shows of a story beside the event that stands for it (its story_id, the smallest)."""

    story_id: str
    articles: int
    outlets: list[str]


@dataclass
class Event:
    event_id: str
    article_id: str
    event_type: str
    cameo_code: str | None
    trigger_text: str
    trigger_start: int
    modality: str
    date_start: date | None
    date_end: date | None
    granularity: str | None
    date_text: str | None
    confidence: float
    actors: list[Actor] = field(default_factory=list)
    mentions: list[tuple[int, int, str, str]] = field(default_factory=list)  # start, end, trigger, sentence
    story: Story | None = None  # --by story: the story this event stands for on the index

    def role(self, role: str) -> list[Actor]:
        return [a for a in self.actors if a.role == role]


@dataclass
class TimeExpression:
    start: int
    end: int
    text: str
    timex_type: str
    value: str
    mod: str | None
    date_start: date | None
    date_end: date | None
    granularity: str | None
    approximate: bool


@dataclass
class Article:
    article_id: str
    source_uri: str
    url: str | None
    outlet: str | None
    title: str | None
    byline: str | None
    dateline_place: str | None
    published_at: datetime | None
    published_source: str | None
    ingested_at: datetime
    flow_run_id: str | None
    origin: str | None
    text: str
    events: list[Event] = field(default_factory=list)
    timexes: list[TimeExpression] = field(default_factory=list)


@dataclass
class Table:
    columns: list[str]
    rows: list[tuple]
    total: int  # rows in the warehouse (more than shown when capped)


@dataclass
class ReviewData:
    events: list[Event]  # the filtered events, for the index
    articles: list[Article]  # one page each, with all their events
    all_types: list[str]  # every event type in the warehouse: one colour each, the same on every build
    runs: Table
    rejected: Table
    freshness: Table
    article_count: int  # articles in the warehouse
    by: str = "event"  # what data.events stand for: events, or stories (one event each, dated as its story)


def read_review_data(db: Path, filters: Filters = NO_FILTERS) -> ReviewData:
    """Everything the site shows; raises WarehouseMissing/WarehouseLocked like `dateline query`."""
    with query_session(db, QueryLimits(timeout=READ_TIMEOUT_SECONDS, memory_limit=READ_MEMORY)) as con:
        version = current_version(con)
        if version != SCHEMA_VERSION:
            raise ValueError(
                f"the warehouse has schema version {version}, this Dateline reads {SCHEMA_VERSION}: "
                + ("upgrade Dateline" if version > SCHEMA_VERSION else "a `dateline run` on it upgrades it")
            )
        params = filters.params()
        if filters.by == "story":
            events = _stories(con, params)
            articles = _articles(con, f"IN ({STORY_ARTICLES})" if filters.active else None, params)
        else:
            events = _events(con, f"e.event_id IN ({SELECTED_EVENTS})", params)
            articles = _articles(con, f"IN ({SELECTED_ARTICLES})" if filters.active else None, params)
        return ReviewData(
            events=events,
            articles=articles,
            all_types=[r[0] for r in con.execute("SELECT DISTINCT event_type FROM events ORDER BY 1").fetchall()],
            runs=_table(con, "flow_runs", "ORDER BY started_at DESC", RUNS_SHOWN),
            rejected=_table(con, "rejected_inputs", "ORDER BY last_seen_at DESC, source_uri", REJECTED_SHOWN),
            freshness=_table(con, "source_freshness", "ORDER BY last_loaded_at DESC NULLS LAST", None),
            article_count=con.execute("SELECT count(*) FROM articles").fetchall()[0][0],
            by=filters.by,
        )


def _stories(con: duckdb.DuckDBPyConnection, params: dict[str, Any]) -> list[Event]:
    """One event per chosen story (the one whose id is the story's), carrying the story's date and reach."""
    events = _events(con, f"e.event_id IN ({SELECTED_STORIES})", params)
    rows = con.execute(
        f"""SELECT s.story_id, s.date_start, s.date_end, s.date_granularity, s.articles,
                   coalesce(list(DISTINCT a.outlet ORDER BY a.outlet) FILTER (WHERE a.outlet IS NOT NULL), [])
            FROM stories s JOIN story_events m USING (story_id) JOIN events e USING (event_id)
            JOIN articles a USING (article_id)
            WHERE s.story_id IN ({SELECTED_STORIES}) GROUP BY ALL""",
        params,
    ).fetchall()
    by_id = {row[0]: row for row in rows}
    for event in events:
        story_id, start, end, granularity, articles, outlets = by_id[event.event_id]
        event.date_start, event.date_end, event.granularity = start, end, granularity
        event.story = Story(story_id, articles, outlets)
    events.sort(key=lambda e: (e.date_start is None, e.date_start or date.min, e.article_id, e.event_id))
    return events


def _events(con: duckdb.DuckDBPyConnection, where: str, params: dict[str, Any]) -> list[Event]:
    """Events (with their actors and mentions) matching ``where`` on `events e`, in date order."""
    rows = con.execute(
        f"""SELECT e.event_id, e.article_id, e.event_type, e.cameo_code, e.trigger_text, e.trigger_start,
                   e.modality, e.date_start, e.date_end, e.date_granularity, e.date_text, e.confidence
            FROM events e WHERE {where}
            ORDER BY e.date_start NULLS LAST, e.article_id, e.trigger_start, e.event_id""",
        params,
    ).fetchall()
    events = [Event(*row) for row in rows]
    by_id = {e.event_id: e for e in events}
    for event_id, role, name, country in con.execute(
        f"""SELECT x.event_id, x.role, x.name, x.country_code FROM event_actors x
            WHERE x.event_id IN (SELECT e.event_id FROM events e WHERE {where}) ORDER BY x.event_id, x.role, x.ordinal""",
        params,
    ).fetchall():
        by_id[event_id].actors.append(Actor(role, name, country))
    for event_id, start, end, trigger, sentence in con.execute(
        f"""SELECT m.event_id, m.start_char, m.end_char, m.trigger_text, m.sentence FROM event_mentions m
            WHERE m.event_id IN (SELECT e.event_id FROM events e WHERE {where}) ORDER BY m.event_id, m.start_char""",
        params,
    ).fetchall():
        by_id[event_id].mentions.append((start, end, trigger, sentence))
    return events


def _articles(con: duckdb.DuckDBPyConnection, chosen: str | None, params: dict[str, Any]) -> list[Article]:
    """Articles whose id is ``chosen`` ("IN (subquery)"; None: all), each with all its events and time expressions."""
    params = params if chosen else {}

    def scope(alias: str) -> str:
        return f"{alias}article_id {chosen}" if chosen else "TRUE"

    rows = con.execute(
        f"""SELECT article_id, source_uri, url, outlet, title, byline, dateline_place, published_at, published_source,
                   ingested_at, flow_run_id, origin, text
            FROM articles WHERE {scope("")} ORDER BY published_at NULLS LAST, title, article_id""",
        params,
    ).fetchall()
    articles = [Article(*row) for row in rows]
    by_id = {a.article_id: a for a in articles}
    for event in _events(con, scope("e."), params):
        by_id[event.article_id].events.append(event)
    for article_id, *values in con.execute(
        f"""SELECT article_id, start_char, end_char, text, timex_type, timex_value, timex_mod, date_start, date_end,
                   granularity, approximate
            FROM time_expressions WHERE {scope("")} ORDER BY article_id, start_char""",
        params,
    ).fetchall():
        by_id[article_id].timexes.append(TimeExpression(*values))
    for article in articles:
        article.events.sort(key=lambda e: (e.trigger_start, e.event_id))
    return articles


def _table(con: duckdb.DuckDBPyConnection, name: str, order: str, limit: int | None) -> Table:
    cursor = con.execute(f"SELECT * FROM {name} {order}" + (f" LIMIT {limit}" if limit else ""))
    columns = [d[0] for d in cursor.description]
    rows = cursor.fetchall()
    total = con.execute(f"SELECT count(*) FROM {name}").fetchall()[0][0] if limit else len(rows)
    return Table(columns=columns, rows=rows, total=total)
