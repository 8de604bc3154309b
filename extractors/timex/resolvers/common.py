"""What every resolver shares: the Context it reads besides the match, the Resolved triple it
returns, and the helpers that turn matched words into numbers, years and TIMEX3 values."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from extractors.timex.calendar import interval, month_end, shift_day, unit_value, value_unit
from extractors.timex.grammar import Candidate
from extractors.timex.lexicon import lexicon, number_value
from extractors.timex.tense import Tense

Resolved = tuple[str, str, str | None]  # type, value, mod


@dataclass
class Context:
    """What a resolver may look at besides the match itself."""

    text: str
    anchor: date | None
    tense: Callable[[int, int], Tense | None]
    pos_at: Callable[[int, int], tuple[str, str, str, str]]  # (pos, tag, ent_type, 'dep:head_tag') of the last token
    ref_value: str | None = None  # value of the previous date expression (anaphora base)
    ref_end: int = -1
    # the article's reporting period: the first quarter or half it names that has begun by the
    # anchor ("third-quarter profit rose"); "a year earlier", "the year-ago period" count from it
    period: str | None = None
    same_sentence: Callable[[int, int], bool] = field(default=lambda a, b: False)

    def ref_day(self, at: int, within: int | None = None) -> date | None:
        """The day the previous expression named, if it named one (and ended less than ``within``
        characters before ``at``): what "the previous Friday" or "the following morning" count from."""
        if not self.ref_value or value_unit(self.ref_value) != "day":
            return None
        if within is not None and at - self.ref_end >= within:
            return None
        return date.fromisoformat(self.ref_value[:10])


def norm(s: str) -> str:
    return re.sub(r"\s+", " ", s.lower().strip().rstrip("."))


def month_number(word: str) -> int:
    return lexicon()["months"][norm(word)]


def weekday_number(word: str) -> int:
    return lexicon()["weekdays"][norm(word)]


def year_number(text: str) -> int | None:
    t = norm(text)
    if re.fullmatch(r"\d{4}", t):
        return int(t)
    nums = lexicon()["numbers"]
    words = re.split(r"[\s-]+", t.replace(" and ", " "))
    if words[:2] == ["two", "thousand"]:
        rest = sum(nums.get(w, 0) for w in words[2:] if isinstance(nums.get(w, 0), int))
        return 2000 + rest
    if words and words[0] in ("nineteen", "eighteen"):
        century = 1900 if words[0] == "nineteen" else 1800
        if words[1:] == ["hundred"]:
            return century
        rest = sum(nums.get(w, 0) for w in words[1:] if isinstance(nums.get(w, 0), int))
        return century + rest
    return None


def day_number(text: str) -> int | None:
    t = norm(text)
    m = re.match(r"(\d+)", t)
    if m:
        return int(m.group(1))
    return lexicon()["ordinals"].get(t)


def clock_value(text: str) -> str | None:
    """'5:36 AM' -> '05:36', '10 p.m.' -> '22:00', 'noon' -> '12:00'."""
    t = norm(text)
    words = lexicon()["clock_words"]
    if t in words:
        return words[t]
    m = re.fullmatch(r"(\d{1,2})(?:[:.](\d\d))?\s*([ap])?\.?\s?m?\.?", t)
    if not m:
        return None
    hour, minute, half = int(m.group(1)), int(m.group(2) or 0), m.group(3)
    if half == "p" and hour < 12:
        hour += 12
    if half == "a" and hour == 12:
        hour = 0
    if hour > 24 or minute > 59:
        return None
    return f"{hour:02d}:{minute:02d}"


def point_mod(word: str | None) -> str | None:
    if not word:
        return None
    w = norm(word).replace("-", " ")
    mods = lexicon()["point_mods"]
    return mods.get(w) or mods.get(w.split(" ")[0])


def quantity_mod(word: str | None, kind: str) -> str | None:
    if not word:
        return None
    entry = lexicon()["quantity_mods"].get(norm(word))
    return entry[kind] if entry else None


def relative_offset(word: str | None) -> int:
    return lexicon()["relative"].get(norm(word), 0) if word else 0


def relative_year(word: str) -> int:
    """'last' (year) -> -1: offset from the anchor's year."""
    return lexicon()["relative_years"][norm(word)]


# How much farther a year lying against the clause's tense counts. A past-tense clause rarely
# names a date still ahead ("the plant closed in January" in October is this January); a future
# one often names a period just ended ("will report third-quarter results" in October).
_AGAINST_PAST_TENSE = 5
_AGAINST_FUTURE_TENSE = 3


def nearest_year(span_of: Callable[[int], tuple[date, date]], ctx: Context, start: int, end: int) -> int:
    """Year of a date written without one ("Feb. 1", "the fourth quarter"): the occurrence
    nearest the anchor, where one lying against the clause's tense counts several times as far
    (a past-tense "Nov. 9" six days ahead is still this year's, one ten months ahead is not)."""
    assert ctx.anchor is not None
    a = ctx.anchor
    tense = ctx.tense(start, end)
    best, best_cost = a.year, None
    for y in (a.year - 1, a.year, a.year + 1):
        try:
            first, last = span_of(y)
        except ValueError:
            continue
        if first <= a <= last:
            return y
        gap = (first - a).days if first > a else (last - a).days
        cost = abs(gap)
        if tense == "past" and gap > 0:
            cost *= _AGAINST_PAST_TENSE
        elif tense == "future" and gap < 0:
            cost *= _AGAINST_FUTURE_TENSE
        if best_cost is None or cost < best_cost:
            best, best_cost = y, cost
    return best


def year_for(month: int, day: int | None, ctx: Context, start: int, end: int) -> int:
    if day is None:
        return nearest_year(lambda y: (date(y, month, 1), month_end(y, month)), ctx, start, end)
    return nearest_year(lambda y: (date(y, month, day), date(y, month, day)), ctx, start, end)


def valid_date(y: int, m: int, d: int) -> bool:
    try:
        date(y, m, d)
        return True
    except ValueError:
        return False


def unknown_value(unit: str) -> str:
    return {
        "day": "XXXX-XX-XX",
        "week": "XXXX-WXX",
        "weekend": "XXXX-WXX-WE",
        "month": "XXXX-XX",
        "quarter": "XXXX-QX",
        "half": "XXXX-HX",
        "year": "XXXX",
        "decade": "XXX",
        "century": "XX",
    }.get(unit, "XXXX-XX-XX")


def count_value(text: str | None) -> float | str | None:
    return number_value(text) if text else None


def with_time(day_value: str, g: dict[str, str]) -> tuple[str, str]:
    """Add a clock time or part of day: ('TIME', '2023-05-09T05:36') or ('DATE', day)."""
    if "clock" in g and clock_value(g["clock"]):
        return "TIME", f"{day_value}T{clock_value(g['clock'])}"
    pod = g.get("pod") or g.get("pod2")
    if pod:
        code = lexicon()["parts_of_day"].get(norm(pod).replace("-", " ")) or lexicon()["parts_of_day"].get(norm(pod))
        if code:
            return "TIME", f"{day_value}T{code}"
    return "DATE", day_value


def is_fraction(c: Candidate, ctx: Context) -> bool:
    """'a quarter of the market': a fraction, not three months ('a quarter of a century' is time)."""
    return (
        bool(
            re.match(
                r"\s+of\s+(?!(?:an?|the|this|last|next)?\s*(?:century|year|hour|decade|\d{4})\b)",
                ctx.text[c.end : c.end + 30],
            )
        )
        and ctx.text[max(0, c.start - 3) : c.start].strip().lower() != "the"
    )


def shift_value(value: str, unit: str, n: int) -> str | None:
    """Move a date value by n units, keeping its own granularity (1989-Q3 - 1 year = 1988-Q3)."""
    own = value_unit(value)
    start = interval(value, None, None)
    if own is None or start is None:
        return None
    moved = shift_day(start[0], unit, n)
    return unit_value(moved, own)
