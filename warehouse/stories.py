"""Stories: the events of several articles that report one real-world event, clustered. Pure: no DuckDB here.

``links`` says which pairs of events may be one story and how strongly; ``cluster`` joins them, strongest link
first, into groups in which every pair agrees (union-find whose unions are checked against the groups' summaries).
The result is a function of the events alone: neither the order they came in nor how they were batched matters,
because links are sorted by a total order and the story_id is the smallest event_id of its events.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from warehouse.story_rules import StoryRules

# How a pair is linked, strongest first.
BY_DATE_AND_NAME, BY_DATE, BY_NAME = 0, 1, 2


@dataclass(frozen=True)
class StoryEvent:
    """What clustering needs of one event (read from events, event_actors, event_mentions and articles)."""

    event_id: str
    article_id: str
    event_type: str
    modality: str
    date_start: date | None
    date_end: date | None
    granularity: str | None
    published_at: datetime | None
    outlet: str | None
    sources: frozenset[str]  # country codes, or actor codes of organisations without a country
    targets: frozenset[str]
    names: frozenset[str]  # distinctive names in its sentences

    def placed(self, rules: StoryRules) -> tuple[date, date] | None:
        """Its date when narrow enough to place it (a day, a weekend, a week), else None."""
        if self.date_start is None:
            return None
        end = self.date_end or self.date_start
        return (self.date_start, end) if (end - self.date_start).days <= rules.max_span_days else None

    def window(self, rules: StoryRules) -> tuple[date, date] | None:
        """When it happened, for a match by name: its date, else its article's publication day give or take."""
        if self.date_start is not None:
            return self.date_start, self.date_end or self.date_start
        if self.published_at is None:
            return None
        day, slack = self.published_at.date(), timedelta(days=rules.name_window_days)
        return day - slack, day + slack


@dataclass(frozen=True)
class Link:
    rank: int  # BY_DATE_AND_NAME, BY_DATE or BY_NAME
    distance: int  # days between the middles of the two events' windows
    a: str  # the smaller event_id
    b: str

    @property
    def order(self) -> tuple[int, int, str, str]:
        return self.rank, self.distance, self.a, self.b


@dataclass
class _Group:
    """A story in the making: what a new member must agree with."""

    members: list[str]
    sources: frozenset[str] | None  # shared by every member whose sources are known (None: none known)
    targets: frozenset[str] | None
    start: date | None  # latest start and earliest end of the placed members
    end: date | None

    @classmethod
    def of(cls, event: StoryEvent, rules: StoryRules) -> _Group:
        placed = event.placed(rules)
        return cls(
            members=[event.event_id],
            sources=event.sources or None,
            targets=event.targets or None,
            start=placed[0] if placed else None,
            end=placed[1] if placed else None,
        )

    def agrees(self, other: _Group, rules: StoryRules) -> bool:
        if self.sources and other.sources and not self.sources & other.sources:
            return False
        if self.targets and other.targets and not self.targets & other.targets:
            return False
        if self.start and other.start:
            latest_start, earliest_end = max(self.start, other.start), min(self.end, other.end)  # type: ignore[type-var]
            if (latest_start - earliest_end).days > rules.slack_days:
                return False
        return True

    def absorb(self, other: _Group) -> None:
        self.members += other.members
        self.sources = _shared(self.sources, other.sources)
        self.targets = _shared(self.targets, other.targets)
        if other.start:
            self.start = max(self.start, other.start) if self.start else other.start
            self.end = min(self.end, other.end) if self.end else other.end  # type: ignore[type-var]


def _shared(a: frozenset[str] | None, b: frozenset[str] | None) -> frozenset[str] | None:
    return a & b if a and b else a or b


def joinable(event: StoryEvent, rules: StoryRules) -> bool:
    """Whether the event can be in a story with others at all."""
    return rules.of_type(event.event_type).joins and event.modality not in rules.alone_modalities


def link(a: StoryEvent, b: StoryEvent, rules: StoryRules) -> Link | None:
    """The link between two events of different articles, or None when nothing says they are one event."""
    if a.event_type != b.event_type or a.article_id == b.article_id:
        return None
    if not (joinable(a, rules) and joinable(b, rules)):
        return None
    if not _Group.of(a, rules).agrees(_Group.of(b, rules), rules):
        return None
    if rules.of_type(a.event_type).needs_target and not (a.targets and b.targets):
        return None
    placed_a, placed_b = a.placed(rules), b.placed(rules)
    by_date = placed_a is not None and placed_b is not None and bool(a.sources and b.sources)
    by_name = bool(a.names & b.names) and _close(a.window(rules), b.window(rules), rules.slack_days)
    if not (by_date or by_name):
        return None
    rank = BY_DATE_AND_NAME if by_date and by_name else BY_DATE if by_date else BY_NAME
    first, second = sorted((a.event_id, b.event_id))
    return Link(rank, _distance(a.window(rules), b.window(rules)), first, second)


def _close(a: tuple[date, date] | None, b: tuple[date, date] | None, slack: int) -> bool:
    if a is None or b is None:
        return False
    return (max(a[0], b[0]) - min(a[1], b[1])).days <= slack


def _distance(a: tuple[date, date] | None, b: tuple[date, date] | None) -> int:
    if a is None or b is None:
        return 1 << 20
    middle = lambda w: w[0].toordinal() + w[1].toordinal()  # noqa: E731 - twice the middle, an integer
    return abs(middle(a) - middle(b))


def links(events: Sequence[StoryEvent], pairs: Iterable[tuple[str, str]], rules: StoryRules) -> list[Link]:
    """The links among ``pairs`` of event ids (candidates found by the warehouse), each pair once."""
    by_id = {e.event_id: e for e in events}
    found = {}
    for x, y in pairs:
        key = (x, y) if x < y else (y, x)
        if key in found or x == y or x not in by_id or y not in by_id:
            continue
        found[key] = link(by_id[x], by_id[y], rules)
    return [k for k in found.values() if k is not None]


def cluster(events: Sequence[StoryEvent], found: Iterable[Link], rules: StoryRules) -> list[list[str]]:
    """Stories as sorted lists of event ids: links taken strongest first, a union only where the groups agree."""
    by_id = {e.event_id: e for e in events}
    groups = {e.event_id: _Group.of(e, rules) for e in events}
    parent = {e.event_id: e.event_id for e in events}

    def root(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for k in sorted(found, key=lambda k: k.order):
        if k.a not in by_id or k.b not in by_id:
            continue
        ra, rb = root(k.a), root(k.b)
        if ra == rb or not groups[ra].agrees(groups[rb], rules):
            continue
        keep, gone = (ra, rb) if ra < rb else (rb, ra)
        groups[keep].absorb(groups.pop(gone))
        parent[gone] = keep
    return sorted(sorted(g.members) for g in groups.values())


@dataclass(frozen=True)
class Story:
    story_id: str  # the smallest event_id of its events
    event_type: str
    date_start: date | None
    date_end: date | None
    date_granularity: str | None
    first_seen: datetime | None  # the earliest and latest publication among its articles
    last_seen: datetime | None
    articles: int
    outlets: int
    events: int


def summarise(members: Sequence[StoryEvent]) -> Story:
    """A story's row: its date is the one its most precise reports give most often (the earliest on a tie)."""
    dated = [e for e in members if e.date_start is not None]
    start = end = granularity = None
    if dated:
        span = lambda e: ((e.date_end or e.date_start) - e.date_start).days  # noqa: E731
        narrowest = min(span(e) for e in dated)
        votes = Counter(
            (e.date_start, e.date_end or e.date_start, e.granularity) for e in dated if span(e) == narrowest
        )
        start, end, granularity = min(votes, key=lambda v: (-votes[v], v[0], v[1], v[2] or ""))
    published = [e.published_at for e in members if e.published_at is not None]
    return Story(
        story_id=min(e.event_id for e in members),
        event_type=members[0].event_type,
        date_start=start,
        date_end=end,
        date_granularity=granularity,
        first_seen=min(published, default=None),
        last_seen=max(published, default=None),
        articles=len({e.article_id for e in members}),
        outlets=len({e.outlet for e in members if e.outlet}),
        events=len(members),
    )
