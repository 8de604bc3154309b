"""Calendar arithmetic for TIMEX3 values: the calendar unit a value names, shifting a
value by whole units, and the interval of days a value (plus its mod) covers."""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta

from extractors.timex.lexicon import lexicon

Interval = tuple[date, date, str]  # start, end, granularity


def month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def add_months(year: int, month: int, n: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + n
    return index // 12, index % 12 + 1


def week_value(day: date) -> str:
    iso = day.isocalendar()
    return f"{iso[0]}-W{iso[1]:02d}"


def quarter_of(day: date) -> int:
    return (day.month - 1) // 3 + 1


def unit_value(day: date, unit: str) -> str:
    """The value of the calendar ``unit`` (day/week/month/quarter/year/decade/century) holding ``day``."""
    if unit == "day":
        return day.isoformat()
    if unit in ("week", "weekend"):
        return week_value(day) + ("-WE" if unit == "weekend" else "")
    if unit == "month":
        return f"{day.year:04d}-{day.month:02d}"
    if unit == "quarter":
        return f"{day.year:04d}-Q{quarter_of(day)}"
    if unit == "half":
        return f"{day.year:04d}-H{1 if day.month <= 6 else 2}"
    if unit == "decade":
        return f"{day.year // 10:03d}"
    if unit == "century":
        return f"{day.year // 100:02d}"
    return f"{day.year:04d}"


def shift_day(day: date, unit: str, n: int) -> date:
    """``day`` moved by ``n`` calendar units (month ends are clamped)."""
    if unit == "day":
        return day + timedelta(days=n)
    if unit in ("week", "weekend"):
        return day + timedelta(weeks=n)
    months = {"month": 1, "quarter": 3, "half": 6, "season": 3, "year": 12, "decade": 120, "century": 1200}.get(unit)
    if months is None:
        return day
    y, m = add_months(day.year, day.month, n * months)
    return date(y, m, min(day.day, calendar.monthrange(y, m)[1]))


def value_start(value: str) -> date | None:
    """First day of the unit a value names (for shifting anaphoric references)."""
    span = interval(value, None, None)
    return span[0] if span else None


def value_unit(value: str) -> str | None:
    span = interval(value, None, None)
    if not span:
        return None
    if re.fullmatch(r"\d{4}-Q\d", value):
        return "quarter"
    if re.fullmatch(r"\d{4}-H\d", value):
        return "half"
    return {"range": None}.get(span[2], span[2])


def interval(value: str, mod: str | None, anchor: date | None) -> Interval | None:
    """Days covered by a TIMEX3 date value; None for durations, sets, refs and unknowns."""
    v = value.split("T")[0] if re.match(r"\d{4}-\d\d-\d\dT", value) else value
    if "X" in v:
        return None
    m = re.fullmatch(r"(\d{4})-(\d\d)-(\d\d)", v)
    if m:
        d = date(int(m[1]), int(m[2]), int(m[3]))
        return d, d, "day"
    m = re.fullmatch(r"(\d{4})-(\d\d)", v)
    if m:
        y, mo = int(m[1]), int(m[2])
        return date(y, mo, 1), month_end(y, mo), "month"
    m = re.fullmatch(r"(\d{4})-W(\d\d?)(-WE)?", v)
    if m:
        monday = date.fromisocalendar(int(m[1]), int(m[2]), 1)
        if m[3]:
            return monday + timedelta(days=5), monday + timedelta(days=6), "week"
        return monday, monday + timedelta(days=6), "week"
    m = re.fullmatch(r"(\d{4})-Q([1-4])", v)
    if m:
        y, q = int(m[1]), int(m[2])
        return date(y, 3 * q - 2, 1), month_end(y, 3 * q), "quarter"
    m = re.fullmatch(r"(\d{4})-H([12])", v)
    if m:
        y, h = int(m[1]), int(m[2])
        return date(y, 6 * h - 5, 1), month_end(y, 6 * h), "range"
    m = re.fullmatch(r"(\d{4})-(SP|SU|FA|WI)", v)
    if m:
        y = int(m[1])
        first, last = next(s["months"] for s in lexicon()["seasons"].values() if s["code"] == m[2])
        end_year = y + 1 if last < first else y
        return date(y, first, 1), month_end(end_year, last), "season"
    if re.fullmatch(r"\d{4}", v):
        y = int(v)
        return date(y, 1, 1), date(y, 12, 31), "year"
    if re.fullmatch(r"\d{3}", v):
        y = int(v) * 10
        return date(max(y, 1), 1, 1), date(y + 9, 12, 31), "decade"
    if re.fullmatch(r"\d{2}", v):
        y = int(v) * 100
        return date(max(y, 1), 1, 1), date(y + 99, 12, 31), "range"
    return None


def narrowed(span: Interval, mod: str | None, anchor: date | None, toward_anchor: bool) -> tuple[Interval, bool]:
    """Apply a TIMEX3 mod to an interval; returns (interval, approximate).

    "earlier this year" (START of the unit holding the anchor) runs from the unit's start to
    the anchor; other START/MID/END keep the first/middle/last third of the unit.
    """
    start, end, gran = span
    if mod in (None, "EQUAL_OR_LESS", "EQUAL_OR_MORE"):
        return span, False
    if mod in ("APPROX", "LESS_THAN", "MORE_THAN", "BEFORE", "AFTER", "ON_OR_BEFORE", "ON_OR_AFTER"):
        return span, True
    if toward_anchor and anchor and start <= anchor <= end and mod in ("START", "END"):
        return ((start, anchor, "range") if mod == "START" else (anchor, end, "range")), False
    if start == end:
        return span, True
    length = (end - start).days + 1
    third = max(length // 3, 1)
    if mod == "START":
        return (start, start + timedelta(days=third - 1), "range"), True
    if mod == "END":
        return (end - timedelta(days=third - 1), end, "range"), True
    if mod == "MID":
        return (start + timedelta(days=third), end - timedelta(days=third), "range"), True
    return span, True
