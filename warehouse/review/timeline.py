"""The index page's timeline: events per day (per week or month over long spans), stacked by type.

Pure geometry for an SVG drawn by the template: one bar per bucket that has events, placed on a
continuous date axis so that gaps show, each bar a stack of one segment per event type.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

MAX_SLOTS = 180  # a finer bucket is used while the span fits in this many of them
WIDTH, HEIGHT = 1000, 140  # SVG user units of the plot area
AXIS = 18  # room under the plot for the date labels
TICKS = 6


@dataclass(frozen=True)
class Segment:
    event_type: str
    type_index: int  # the type's colour class (ty-N)
    count: int
    y: float
    height: float


@dataclass(frozen=True)
class Bar:
    start: date
    end: date  # last day of the bucket
    total: int
    x: float
    width: float
    segments: tuple[Segment, ...]

    @property
    def label(self) -> str:
        if self.start == self.end:
            return self.start.isoformat()
        return f"{self.start.isoformat()} – {self.end.isoformat()}"


@dataclass(frozen=True)
class Tick:
    x: float
    label: str


@dataclass(frozen=True)
class Timeline:
    bucket: str  # day | week | month
    bars: tuple[Bar, ...]
    ticks: tuple[Tick, ...]
    tallest: int  # events in the tallest bar (the full height)
    width: int = WIDTH
    height: int = HEIGHT
    axis: int = AXIS


def bucket_start(day: date, bucket: str) -> date:
    if bucket == "week":
        return day - timedelta(days=day.weekday())  # ISO weeks start on Monday
    if bucket == "month":
        return day.replace(day=1)
    return day


def shift(start: date, n: int, bucket: str) -> date:
    """The start of the bucket ``n`` buckets after the one starting at ``start``."""
    if bucket == "month":
        months = start.year * 12 + start.month - 1 + n
        return date(months // 12, months % 12 + 1, 1)
    return start + timedelta(days=n * (7 if bucket == "week" else 1))


def bucket_end(start: date, bucket: str) -> date:
    """The last day of the bucket starting at ``start`` (date.max for the last bucket of the calendar)."""
    try:
        return shift(start, 1, bucket) - timedelta(days=1)
    except (OverflowError, ValueError):  # year 9999: there is no next bucket
        return date.max


def slot_count(first: date, last: date, bucket: str) -> int:
    """Buckets from the one holding ``first`` to the one holding ``last``, both included."""
    a, b = bucket_start(first, bucket), bucket_start(last, bucket)
    if bucket == "month":
        return (b.year - a.year) * 12 + b.month - a.month + 1
    return (b - a).days // (7 if bucket == "week" else 1) + 1


def choose_bucket(first: date, last: date) -> str:
    for bucket in ("day", "week"):
        if slot_count(first, last, bucket) <= MAX_SLOTS:
            return bucket
    return "month"


def build_timeline(days: Iterable[tuple[date, str]], type_order: Sequence[str]) -> Timeline | None:
    """Bars for events dated to one day, given as (day, event type) pairs; None when there are none.

    ``type_order`` fixes the stacking order and the colour index of each type (the same across the site).
    """
    counts = Counter(days)
    if not counts:
        return None
    first = min(day for day, _ in counts)
    last = max(day for day, _ in counts)
    bucket = choose_bucket(first, last)
    slots = slot_count(first, last, bucket)
    slot = WIDTH / slots
    index = {t: i for i, t in enumerate(type_order)}
    per_bucket: dict[date, Counter[str]] = {}
    for (day, event_type), n in counts.items():
        per_bucket.setdefault(bucket_start(day, bucket), Counter())[event_type] += n
    tallest = max(sum(c.values()) for c in per_bucket.values())
    origin = bucket_start(first, bucket)
    bars = []
    for start in sorted(per_bucket):
        by_type = per_bucket[start]
        position = slot_count(origin, start, bucket) - 1
        y = float(HEIGHT)
        segments = []
        for event_type in sorted(by_type, key=lambda t: (index.get(t, len(index)), t)):
            height = by_type[event_type] / tallest * HEIGHT
            y -= height
            segments.append(Segment(event_type, index.get(event_type, 0), by_type[event_type], y, height))
        end = bucket_end(start, bucket)
        bars.append(
            Bar(
                start=start,
                end=end,
                total=sum(by_type.values()),
                x=position * slot + slot * 0.1,
                width=max(slot * 0.8, 1.0),
                segments=tuple(segments),
            )
        )
    return Timeline(bucket=bucket, bars=tuple(bars), ticks=_ticks(origin, slots, slot, bucket), tallest=tallest)


def _ticks(origin: date, slots: int, slot: float, bucket: str) -> tuple[Tick, ...]:
    """Evenly spaced date labels along the axis (the first and the last bucket included)."""
    if slots == 1:
        return (Tick(x=WIDTH / 2, label=origin.isoformat()),)
    positions = sorted({round(i * (slots - 1) / (TICKS - 1)) for i in range(TICKS)})
    ticks = []
    for p in positions:
        start = shift(origin, p, bucket)
        label = start.strftime("%Y-%m") if bucket == "month" else start.isoformat()
        ticks.append(Tick(x=p * slot + slot / 2, label=label))
    return tuple(ticks)
