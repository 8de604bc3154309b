"""Pydantic records passed between discover -> parse -> analyse -> load.

Offsets are always Python ``str`` indexes into ``ParsedArticle.text``, which is
the input exactly as read (decoded, nothing stripped), so any span can be shown
in the original article.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, Field

Granularity = Literal["day", "week", "month", "quarter", "season", "year", "decade", "range"]
TimexType = Literal["DATE", "TIME", "DURATION", "SET"]
Modality = Literal["asserted", "alleged", "planned", "negated"]
Role = Literal["source", "target"]


class RawInput(BaseModel):
    """One article as found by discovery, before parsing."""

    source_uri: str  # where it came from: a path, path#line or URL, for people
    source_key: str  # identity of the slot it occupies; a changed text at the same key replaces the old one
    text: str
    format: Literal["text", "html", "jsonl"]
    title: str | None = None
    url: str | None = None
    published: str | None = None  # raw metadata string (JSON `published`, feed entry date)
    published_from: Literal["json", "html_meta", "feed"] | None = None  # where that string came from
    outlet: str | None = None  # site name from HTML metadata or a feed
    author: str | None = None  # byline from HTML metadata or a feed


class Rejection(BaseModel):
    """An input that could not become an article, and why, in words a person understands."""

    source_uri: str
    reason: str


class ParsedArticle(BaseModel):
    article_id: str
    source_uri: str
    source_key: str
    text: str
    content_hash: str
    title: str | None = None
    byline: str | None = None
    outlet: str | None = None
    dateline_place: str | None = None
    published_at: datetime | None = None
    # where the anchor came from: cli, dateline, stamp, html_meta, json, feed, url, file_name
    published_source: str | None = None
    language: str = "en"
    url: str | None = None
    origin: str | None = None  # the inbox folder or feed URL a scheduled run found it in
    # spans of page furniture (section headers, "Advertising", photo credits) kept out of extraction
    furniture: list[tuple[int, int]] = Field(default_factory=list)

    @property
    def anchor(self) -> date | None:
        return self.published_at.date() if self.published_at else None


class TimeExpression(BaseModel):
    start: int
    end: int
    text: str
    type: TimexType
    value: str  # TIMEX3 value; underspecified (e.g. "XXXX-XX-XX") when it cannot be resolved
    mod: str | None = None
    date_start: date | None = None
    date_end: date | None = None
    granularity: Granularity | None = None
    approximate: bool = False


class DateInterval(BaseModel):
    start: date
    end: date
    granularity: Granularity
    text: str


class Actor(BaseModel):
    """Who acts. Two actors are the same actor when name and country agree: ``rule`` (how this mention of it was
    found), ``code`` and ``sector`` (read from the name and its phrase) describe it and never keep two mentions of
    one actor apart."""

    name: str
    country: str | None = None  # ISO 3166-1 alpha-3; None for an international organisation
    rule: str | None = None  # which rule found it: "<slot or pass> / <resolution>" (README: actor_rule)
    code: str | None = None  # CAMEO-style actor code: "IGOWSTNAT", "RUSMIL", "USA" (README: actor_code)
    sector: str | None = None  # CAMEO role code: GOV, MIL, MED, IGO, ... (data/actor_sectors.csv)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Actor):
            return NotImplemented
        return self.name == other.name and self.country == other.country

    def __hash__(self) -> int:
        return hash((self.name, self.country))

    def with_rule(self, rule: str) -> Actor:
        return self.model_copy(update={"rule": rule})


class Location(BaseModel):
    """Where an event happened, when the text says so (never the dateline: that is where the reporter was)."""

    name: str
    country: str | None = None  # ISO 3166-1 alpha-3; None for international waters or a contested area
    lat: float | None = None
    lon: float | None = None


class Mention(BaseModel):
    start: int
    end: int
    trigger_text: str
    sentence: str


class Event(BaseModel):
    event_id: str
    type: str
    cameo_code: str | None = None
    mentions: list[Mention]
    source: list[Actor] = Field(default_factory=list)
    target: list[Actor] = Field(default_factory=list)
    date: DateInterval | None = None
    modality: Modality = "asserted"
    confidence: float = 0.5
    rule_id: str | None = None  # the trigger rule that founded the event ("<type>:<id>" of event_triggers.json)
    date_rule: str | None = None  # which rule tied the date (README: date_rule); None when undated
    goldstein: float | None = None  # Goldstein score of cameo_code (data/cameo_scale.csv)
    quad_class: int | None = (
        None  # 1 verbal cooperation, 2 material cooperation, 3 verbal conflict, 4 material conflict
    )
    location: Location | None = None  # where it happened, when the text says so (README: location_*)


class ArticleResult(BaseModel):
    """Everything extracted from one article: what the load task writes."""

    article: ParsedArticle
    timexes: list[TimeExpression] = Field(default_factory=list)
    events: list[Event] = Field(default_factory=list)


class RunSummary(BaseModel):
    run_id: str
    seen: int = 0
    loaded: int = 0
    unchanged: int = 0
    replaced: int = 0
    updated: int = 0  # loaded articles extracted again (reprocess, --published) whose rows changed
    rejected: int = 0
    events_by_type: dict[str, int] = Field(default_factory=dict)
    rejections: list[Rejection] = Field(default_factory=list)
    failing_sources: dict[str, str] = Field(default_factory=dict)  # feed or inbox -> why it could not be read
