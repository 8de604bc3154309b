"""Normalisation: a matched pattern (its named groups) -> TIMEX3 type, value and mod.

One resolver per pattern ``kind``. Relative expressions count from the anchor (the
publication date) in the direction the clause's tense points; anaphoric ones ("a year
earlier", "the following day") from the previous date of the article. With no anchor,
relative expressions get an underspecified value ("XXXX-WXX-2"), never today's date.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import lru_cache

import dateparser

from extractors.timex.calendar import add_months, interval, month_end, shift_day, unit_value, value_unit
from extractors.timex.grammar import Candidate
from extractors.timex.lexicon import lexicon, number_value, unit_info
from extractors.timex.tense import Tense, cue_direction

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


# --------------------------------------------------------------------------- helpers


def _norm(s: str) -> str:
    return re.sub(r"\s+", " ", s.lower().strip().rstrip("."))


def month_number(word: str) -> int:
    return lexicon()["months"][_norm(word)]


def weekday_number(word: str) -> int:
    return lexicon()["weekdays"][_norm(word)]


def year_number(text: str) -> int | None:
    t = _norm(text)
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
    t = _norm(text)
    m = re.match(r"(\d+)", t)
    if m:
        return int(m.group(1))
    return lexicon()["ordinals"].get(t)


def clock_value(text: str) -> str | None:
    """'5:36 AM' -> '05:36', '10 p.m.' -> '22:00', 'noon' -> '12:00'."""
    t = _norm(text)
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
    w = _norm(word).replace("-", " ")
    mods = lexicon()["point_mods"]
    return mods.get(w) or mods.get(w.split(" ")[0])


def quantity_mod(word: str | None, kind: str) -> str | None:
    if not word:
        return None
    entry = lexicon()["quantity_mods"].get(_norm(word))
    return entry[kind] if entry else None


def relative_offset(word: str | None) -> int:
    return lexicon()["relative"].get(_norm(word), 0) if word else 0


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


def _valid(y: int, m: int, d: int) -> bool:
    try:
        date(y, m, d)
        return True
    except ValueError:
        return False


@lru_cache(maxsize=4096)
def parse_absolute(text: str) -> datetime | None:
    """dateparser on a fully written date ("May 9, 2023 at 5:36 AM"); cached."""
    clean = re.sub(r"\s+at\s+", " ", text)
    return dateparser.parse(
        clean,
        languages=["en"],
        settings={
            "STRICT_PARSING": True,
            "DATE_ORDER": "MDY",
            "RETURN_AS_TIMEZONE_AWARE": False,
            "REQUIRE_PARTS": ["day", "month", "year"],
        },
    )


def _unknown(unit: str) -> str:
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


# --------------------------------------------------------------------------- resolvers


def r_iso(c: Candidate, ctx: Context) -> Resolved | None:
    y, m, d = (int(x) for x in c.groups["iso"].split("-"))
    if not _valid(y, m, d):
        return None
    value = f"{y:04d}-{m:02d}-{d:02d}"
    if "clock" in c.groups:
        return "TIME", f"{value}T{c.groups['clock']}", None
    return "DATE", value, None


def r_numeric(c: Candidate, ctx: Context) -> Resolved | None:
    parsed = parse_absolute(c.groups["numeric"])
    return ("DATE", parsed.date().isoformat(), None) if parsed else None


def r_date(c: Candidate, ctx: Context) -> Resolved | None:
    g = c.groups
    month = month_number(g["month"])
    day = day_number(g["day"]) if "day" in g else None
    mod = point_mod(g.get("pmod")) or quantity_mod(g.get("qmod"), "point")
    clock = clock_value(g["clock"]) if "clock" in g else None
    if "relyear" in g:  # "Oct. 4 last year"
        if ctx.anchor is None:
            return "DATE", f"XXXX-{month:02d}-{day:02d}", mod
        year = ctx.anchor.year + {"last": -1, "this": 0, "next": 1}[_norm(g["relyear"])]
        return ("DATE", f"{year:04d}-{month:02d}-{day:02d}", mod) if day and _valid(year, month, day) else None
    if "year" in g:
        year = year_number(g["year"])
        if year is None:
            return None
        if day is not None and "clock" not in g:
            parsed = parse_absolute(f"{g['month']} {day} {year}")
            if parsed and (parsed.month, parsed.day) == (month, day):
                year = parsed.year
        if day is None:
            return "DATE", f"{year:04d}-{month:02d}", mod
    elif ctx.anchor is None:
        return "DATE", f"XXXX-{month:02d}" + (f"-{day:02d}" if day else ""), mod
    else:
        year = year_for(month, day, ctx, c.start, c.end)
        if g.get("rel") and day is not None:  # "this coming Sunday, March 8", "last Oct. 23"
            a = ctx.anchor
            if relative_offset(g["rel"]) < 0:
                year = a.year if (month, day) < (a.month, a.day) else a.year - 1
            else:
                year = a.year if (month, day) >= (a.month, a.day) else a.year + 1
    if day is None:
        return "DATE", f"{year:04d}-{month:02d}", mod
    if not _valid(year, month, day):
        return None
    value = f"{year:04d}-{month:02d}-{day:02d}"
    if clock:
        return "TIME", f"{value}T{clock}", mod
    return "DATE", value, mod


def r_month(c: Candidate, ctx: Context) -> Resolved | None:
    g = c.groups
    if _norm(g["month"]) == "may" and "pmod" not in g:
        pos, tag, _, _ = ctx.pos_at(*c.group_spans["month"])
        if tag == "MD" or pos in ("AUX", "VERB"):
            return None
    if _norm(g["month"]) in ("march",) and "pmod" not in g:
        pos, tag, _, _ = ctx.pos_at(*c.group_spans["month"])
        if pos == "VERB":
            return None
    noun = lexicon()["noun_months"].get(_norm(g["month"]))
    if noun and "pmod" not in g:
        before = re.findall(r"[\w']+", ctx.text[max(0, c.start - 30) : c.start].lower())
        after = re.findall(r"[\w']+", ctx.text[c.end : c.end + 30].lower())
        if before and after and before[-1] in noun["before"] and after[0] in noun["after"]:
            return None  # "the annual March for Life"
    month = month_number(g["month"])
    mod = point_mod(g.get("pmod"))
    if ctx.anchor is None:
        return "DATE", f"XXXX-{month:02d}", mod
    return "DATE", f"{year_for(month, None, ctx, c.start, c.end):04d}-{month:02d}", mod


def r_relmonth(c: Candidate, ctx: Context) -> Resolved | None:
    g = c.groups
    month = month_number(g["month"])
    mod = point_mod(g.get("pmod"))
    if ctx.anchor is None:
        return "DATE", f"XXXX-{month:02d}", mod
    a = ctx.anchor
    if "relyear" in g:
        year = a.year + {"last": -1, "this": 0, "next": 1}[_norm(g["relyear"])]
    else:
        n = relative_offset(g["rel"])
        if n < 0:
            year = a.year if month < a.month else a.year - 1
        elif n > 0:
            year = a.year if month > a.month else a.year + 1
        else:
            year = a.year
    return "DATE", f"{year:04d}-{month:02d}", mod


YEAR_CONTEXT = {
    "in",
    "since",
    "by",
    "until",
    "till",
    "of",
    "from",
    "to",
    "through",
    "during",
    "before",
    "after",
    "between",
    "and",
    "fiscal",
    "early",
    "late",
    "mid",
    "year",
    "the",
    "for",
    "as",
    "around",
    "about",
    "circa",
    "or",
    "spring",
    "summer",
    "autumn",
    "fall",
    "winter",
    "end",
    "ending",
}


def r_year(c: Candidate, ctx: Context) -> Resolved | None:
    g = c.groups
    year = year_number(g["year"])
    if year is None:
        return None
    mod = point_mod(g.get("pmod")) or lexicon()["hyphen_prefixes"].get(_norm(g.get("prefix", "")))
    if (
        re.fullmatch(r"\d{4}", g["year"])
        and "pmod" not in g
        and "prefix" not in g
        and "fiscal" not in g
        and "year2" not in g
    ):
        _, _, ent, dep = ctx.pos_at(c.start, c.end)
        before = ctx.text[max(0, c.start - 12) : c.start].lower().split()
        after_context_word = bool(before) and before[-1].strip("(,'") in YEAR_CONTEXT
        if dep == "nummod:NNS" and not after_context_word:
            return None  # "sold 1990 trucks"
        if ent not in ("DATE", "TIME", "EVENT") and not after_context_word:
            return None
    if "year2" in g:  # "1990-91": a span of years
        return "DURATION", "P" + str(max(1, int(g["year2"][-2:]) - year % 100 + 1) % 100) + "Y", None
    return "DATE", f"{year:04d}", mod


def r_decade(c: Candidate, ctx: Context) -> Resolved | None:
    g = c.groups
    mod = point_mod(g.get("pmod"))
    if "decade" in g:
        d = g["decade"]
        year = int("19" + d[1:]) if d.startswith("'") else int(d)
    else:
        words = ["twenties", "thirties", "forties", "fifties", "sixties", "seventies", "eighties", "nineties"]
        year = 1920 + 10 * words.index(_norm(g["decadeword"]))
    return "DATE", f"{year // 10:03d}", mod


def r_century(c: Candidate, ctx: Context) -> Resolved | None:
    n = day_number(c.groups["cent"])
    if not n or n > 21:
        return None
    return "DATE", f"{n - 1:02d}", point_mod(c.groups.get("pmod"))


def _year_from_groups(g: dict[str, str], ctx: Context) -> int | None:
    for key in ("year", "year2", "year3", "year4"):
        if key in g:
            return year_number(g[key])
    for key in ("relyear", "relyear2"):
        if key in g and ctx.anchor:
            return ctx.anchor.year + {"last": -1, "this": 0, "current": 0, "next": 1}[_norm(g[key])]
    return None


def _nearest_unit_year(first_month: int, ctx: Context, c: Candidate) -> int:
    return year_for(first_month, 15, ctx, c.start, c.end)


def r_quarter(c: Candidate, ctx: Context) -> Resolved | None:
    g = c.groups
    q = int(g["qcode"][1]) if "qcode" in g else lexicon()["quarters"][_norm(g["qord"])]
    year = _year_from_groups(g, ctx)
    if year is None:
        if ctx.anchor is None:
            return "DATE", f"XXXX-Q{q}", None
        year = nearest_year(lambda y: interval(f"{y}-Q{q}", None, None)[:2], ctx, c.start, c.end)  # type: ignore[index]
    if "yago" in g:  # "the year-earlier third quarter"
        year -= 1
    return "DATE", f"{year:04d}-Q{q}", None


def r_half(c: Candidate, ctx: Context) -> Resolved | None:
    g = c.groups
    h = int(g["hcode"][1]) if "hcode" in g else lexicon()["halves"][_norm(g["half"])]
    year = _year_from_groups(g, ctx)
    if year is None:
        if ctx.anchor is None:
            return "DATE", f"XXXX-H{h}", None
        year = ctx.anchor.year
    return "DATE", f"{year:04d}-H{h}", None


def _after_anchor(value: str, ctx: Context) -> bool:
    span = interval(value, None, None)
    return bool(span and ctx.anchor and span[0] > ctx.anchor)


def _fraction(c: Candidate, ctx: Context) -> bool:
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


def r_report(c: Candidate, ctx: Context) -> Resolved | None:
    """'the quarter', 'the year-earlier period': the reporting period of a results story."""
    g = c.groups
    if g["unit"].lower() == "quarter" and c.end - c.start == len("quarter") and _fraction(c, ctx):
        return None
    which = _norm(g.get("which", ""))
    if g["unit"].lower() == "period" and not which:
        return None
    base = None
    if (
        ctx.ref_value
        and re.fullmatch(r"\d{4}-Q\d", ctx.ref_value)
        and c.start - ctx.ref_end < 600
        and not _after_anchor(ctx.ref_value, ctx)
    ):
        base = ctx.ref_value
    elif ctx.period and re.fullmatch(r"\d{4}-Q\d", ctx.period):
        base = ctx.period
    elif ctx.anchor:
        prev = shift_day(ctx.anchor, "quarter", -1)
        base = unit_value(prev, "quarter")
    if base is None:
        return "DATE", "XXXX-QX", None
    year, q = int(base[:4]), int(base[-1])
    if re.search(r"year[\s-](earlier|ago)|comparable|corresponding|last year", which) or g.get("relyear"):
        year -= 1
    return "DATE", f"{year:04d}-Q{q}", None


def r_season(c: Candidate, ctx: Context) -> Resolved | None:
    g = c.groups
    season = lexicon()["seasons"][_norm(g["season"])]
    code = season["code"]
    mod = point_mod(g.get("pmod"))
    if "year" in g:
        year = year_number(g["year"])
        return ("DATE", f"{year:04d}-{code}", mod) if year else None
    if ctx.anchor is None:
        return "DATE", f"XXXX-{code}", mod
    a = ctx.anchor
    span_now = interval(f"{a.year}-{code}", None, None)
    assert span_now
    n = relative_offset(g.get("rel"))
    if "rel" in g and n < 0:
        year = a.year - 1 if span_now[0] > a or span_now[0] <= a <= span_now[1] else a.year
    elif "rel" in g and n > 0:
        year = a.year + 1 if span_now[0] <= a else a.year
    elif "rel" in g:
        year = a.year
    else:
        if "pmod" not in g and "year" not in g and ctx.pos_at(*c.group_spans["season"])[0] == "VERB":
            return None  # "prices fall"
        year = nearest_year(lambda y: interval(f"{y}-{code}", None, None)[:2], ctx, c.start, c.end)  # type: ignore[index]
    return "DATE", f"{year:04d}-{code}", mod


def _weekday_date(weekday: int, rel: str | None, ctx: Context, start: int, end: int) -> date:
    assert ctx.anchor is not None
    a = ctx.anchor
    back = (a.isoweekday() - weekday) % 7  # days back to the latest such weekday (0 = the anchor)
    ahead = (weekday - a.isoweekday()) % 7
    n = relative_offset(rel) if rel else None
    base = ctx.ref_day(start, within=600)
    if rel and _norm(rel) in lexicon()["anaphoric"] and base:
        # "down 4.5% from the previous Friday": the one before the day just named, not before the anchor
        step = lexicon()["anaphoric"][_norm(rel)]
        if step < 0:
            return base - timedelta(days=(base.isoweekday() - weekday) % 7 or 7)
        if step > 0:
            return base + timedelta(days=(weekday - base.isoweekday()) % 7 or 7)
    if n is not None and n < 0:
        return a - timedelta(days=back or 7)
    if n is not None and n > 0:
        return a + timedelta(days=ahead or 7)
    if n == 0:
        return a + timedelta(days=ahead)
    if back == 0:
        return a
    if ctx.text[end : end + 2] in ("'s", "’s"):
        # "Friday's close" reports a day gone by, unless a cue looks ahead ("ahead of Saturday's vote")
        return a + timedelta(days=ahead) if cue_direction(ctx.text, start) == "future" else a - timedelta(days=back)
    tense = ctx.tense(start, end)
    # "will meet Friday", "is meeting Friday", "has scheduled a news conference Thursday" look ahead
    return a + timedelta(days=ahead) if tense == "future" else a - timedelta(days=back)


def _with_time(day_value: str, g: dict[str, str]) -> tuple[str, str]:
    """Add a clock time or part of day: ('TIME', '2023-05-09T05:36') or ('DATE', day)."""
    if "clock" in g and clock_value(g["clock"]):
        return "TIME", f"{day_value}T{clock_value(g['clock'])}"
    pod = g.get("pod") or g.get("pod2")
    if pod:
        code = lexicon()["parts_of_day"].get(_norm(pod).replace("-", " ")) or lexicon()["parts_of_day"].get(_norm(pod))
        if code:
            return "TIME", f"{day_value}T{code}"
    return "DATE", day_value


def r_weekday(c: Candidate, ctx: Context) -> Resolved | None:
    g = c.groups
    weekday = weekday_number(g["weekday"])
    mod = point_mod(g.get("pmod")) or quantity_mod(g.get("qmod"), "point")
    if ctx.anchor is None:
        ttype, value = _with_time(f"XXXX-WXX-{weekday}", g)
        return ttype, value, mod
    day = _weekday_date(weekday, g.get("rel"), ctx, c.start, c.end)
    ttype, value = _with_time(day.isoformat(), g)
    return ttype, value, mod


def r_dayword(c: Candidate, ctx: Context) -> Resolved | None:
    g = c.groups
    entry = lexicon()["day_words"][_norm(g["dayword"])]
    mod = point_mod(g.get("pmod")) or quantity_mod(g.get("qmod"), "point")
    if "pod2" in g:
        mod = mod or "MID"
    if entry.get("pod") and "pod" not in g:
        g = {**g, "pod": next(k for k, v in lexicon()["parts_of_day"].items() if v == entry["pod"])}
    day = "XXXX-XX-XX" if ctx.anchor is None else (ctx.anchor + timedelta(days=entry["offset"])).isoformat()
    ttype, value = _with_time(day, g)
    return ttype, value, mod


def r_aroundday(c: Candidate, ctx: Context) -> Resolved | None:
    """'the day before last Tuesday' (that day moved by one unit), 'the week of March 6' (its week)."""
    g = c.groups
    unit = _norm(g["unit"])
    if "month" in g:
        day_res = r_date(c, ctx)
        if day_res is None or "X" in day_res[1]:
            return ("DATE", _unknown(unit), None) if day_res else None
        return "DATE", unit_value(date.fromisoformat(day_res[1][:10]), unit), None
    if ctx.anchor is None:
        return "DATE", _unknown(unit), None
    day = _weekday_date(weekday_number(g["weekday"]), g.get("rel"), ctx, c.start, c.end)
    day = shift_day(day, unit, -1 if _norm(g["dir"]) == "before" else 1)
    return "DATE", unit_value(day, unit), None


def r_someday(c: Candidate, ctx: Context) -> Resolved | None:
    """'will one day be': only next to a verb (or after a modal); 'for one day' is a duration."""
    before = re.findall(r"[\w']+", ctx.text[max(0, c.start - 20) : c.start].lower())
    after = re.search(r"\S+", ctx.text[c.end : c.end + 30])
    if before and before[-1] in lexicon()["rate_blockers"]:
        return None
    after_pos = ctx.pos_at(c.end + after.start(), c.end + after.end()) if after else ("", "", "", "")
    before_tag = ctx.pos_at(c.start - 1 - len(before[-1]), c.start - 1)[1] if before else ""
    if after_pos[0] not in ("VERB", "AUX") and before_tag != "MD":
        return None
    return "DATE", "PAST_REF" if ctx.tense(c.start, c.end) == "past" else "FUTURE_REF", None


def r_pod(c: Candidate, ctx: Context) -> Resolved | None:
    g = c.groups
    offset = -1 if _norm(g.get("rel", "")) == "last" else 0
    day = "XXXX-XX-XX" if ctx.anchor is None else (ctx.anchor + timedelta(days=offset)).isoformat()
    named = ctx.ref_day(c.start, within=300)
    if "ofref" in g and named:
        day = named.isoformat()
    if "anarel" in g:  # "the following morning": from the day just named, else from the anchor
        step = lexicon()["anaphoric"].get("the " + _norm(g["anarel"]), 0)
        base = ctx.ref_day(c.start) or ctx.anchor
        day = (base + timedelta(days=step)).isoformat() if base else "XXXX-XX-XX"
    _, value = _with_time(day, g)
    mod = "MID" if _norm(g["pod"]).startswith("mid") else point_mod(g.get("pmod")) if "rel" not in g else None
    return "TIME", value, mod


def r_clock(c: Candidate, ctx: Context) -> Resolved | None:
    clock = clock_value(c.groups["clock"])
    if clock is None:
        return None
    mod = quantity_mod(c.groups.get("qmod"), "point")
    base = None
    if ctx.ref_value and re.fullmatch(r"\d{4}-\d\d-\d\d", ctx.ref_value[:10]):
        base = ctx.ref_value[:10]
    elif ctx.anchor:
        base = ctx.anchor.isoformat()
    return "TIME", f"{base or 'XXXX-XX-XX'}T{clock}", mod


def r_relunit(c: Candidate, ctx: Context) -> Resolved | None:
    g = c.groups
    unit = _norm(g["unit"])
    n = relative_offset(g.get("rel"))
    mod = point_mod(g.get("pmod")) or ("END" if "endmod" in g else None)
    if ctx.anchor is None:
        return "DATE", _unknown(unit), mod
    if unit == "half":
        day = shift_day(ctx.anchor, "half", n)
        return "DATE", unit_value(day, "half"), mod
    day = shift_day(ctx.anchor, unit, n)
    return "DATE", unit_value(day, unit), mod


def _count(text: str | None) -> float | str | None:
    return number_value(text) if text else None


def _shift_value(value: str, unit: str, n: int) -> str | None:
    """Move a date value by n units, keeping its own granularity (1989-Q3 - 1 year = 1988-Q3)."""
    own = value_unit(value)
    start = interval(value, None, None)
    if own is None or start is None:
        return None
    moved = shift_day(start[0], unit, n)
    return unit_value(moved, own)


def r_ago(c: Candidate, ctx: Context) -> Resolved | None:
    g = c.groups
    info = unit_info(g["unit"])
    if info is None:
        return None
    unit, spec = info
    count = _count(g["num"])
    if count is None:
        return None
    mod = quantity_mod(g.get("qmod"), "point")
    direction = _norm(g["dir"])
    sign = -1 if direction in ("ago", "earlier", "before", "back") else 1
    from_ref = direction in ("earlier", "later", "before", "after")
    if isinstance(count, str) or "num2" in g:
        return "DATE", "PAST_REF" if sign < 0 else "FUTURE_REF", mod
    count *= spec.get("factor", 1)  # "a quarter century ago": 25 years
    if count != int(count):  # "2 1/2 years ago": count in months
        if unit == "year":
            unit, count = "month", count * 12
        else:
            count = round(count)
    n = int(count)
    step = {
        "decade": "year",
        "century": "year",
        "millennium": "year",
        "weekend": "week",
        "fortnight": "week",
        "night": "day",
        "season": "month",
    }.get(unit, unit)
    if spec.get("clock"):
        step, n = "day", 0
    # "a year earlier" after "the third quarter": the same quarter a year before
    ref = ctx.ref_value
    near = ref is not None and (from_ref or (n == 1 and step == "year" and c.start - ctx.ref_end < 600))
    if (
        ref
        and near
        and step in ("year", "month")
        and value_unit(ref) in ("quarter", "half", "month")
        and not (step == "month" and value_unit(ref) != "month")
    ):
        shifted = _shift_value(ref, step, sign * n)
        if shifted:
            return "DATE", shifted, mod
    if ctx.period and not from_ref and sign < 0 and n == 1 and step == "year" and "qmod" not in g:
        return "DATE", _shift_value(ctx.period, "year", -1) or ctx.period, mod
    base = ctx.anchor
    if from_ref and ref and interval(ref, None, None):
        base = interval(ref, None, None)[0] if value_unit(ref) != "day" else interval(ref, None, None)[0]
    if base is None:
        return "DATE", _unknown(step), mod
    day = shift_day(base, step, sign * n)
    out_unit = {"decade": "year", "century": "year"}.get(unit, step)
    return "DATE", unit_value(day, out_unit), mod


def r_anaphoric(c: Candidate, ctx: Context) -> Resolved | None:
    g = c.groups
    ref = ctx.ref_value if ctx.ref_value and interval(ctx.ref_value, None, None) else None
    if "yago" in g:  # "year-earlier" results: the previous expression one year back
        if ref and value_unit(ref) == "year" and ctx.anchor and int(ref[:4]) >= ctx.anchor.year - 1:
            ref = None  # "the 1988 period ... the year-ago results": that year is already the year ago
        if ref and value_unit(ref) in ("quarter", "half", "month", "year"):
            return "DATE", _shift_value(ref, "year", -1) or ref, None
        if ctx.period:
            return "DATE", _shift_value(ctx.period, "year", -1) or ctx.period, None
        if ctx.anchor is None:
            return "DATE", "XXXX", None
        return "DATE", str(ctx.anchor.year - 1), None
    unit = _norm(g["unit"])
    mod = point_mod(g.get("pmod"))
    if "same" in g:
        n = 0
    elif "anarel" in g:
        n = lexicon()["anaphoric"].get(_norm(g["anarel"]), 0)
    else:
        n = -1 if _norm(g["dir"]) == "before" else 1
    if ref and unit == "day" and value_unit(ref) not in ("day", "week"):
        # "that same day" after "in October": a day of that month, not its first
        month = ref[5:7] if value_unit(ref) == "month" else "XX"
        return "DATE", f"{ref[:4]}-{month}-XX", mod
    base = interval(ref, None, None)[0] if ref else ctx.anchor
    if base is None:
        return "DATE", _unknown(unit), mod
    return "DATE", unit_value(shift_day(base, unit, n), unit), mod


def _duration_value(count: float | str, unit: str, spec: dict) -> str:
    code, clock = spec["code"], spec.get("clock", False)
    prefix = "PT" if clock else "P"
    if isinstance(count, str):
        return f"{prefix}X{code}"
    count *= spec.get("factor", 1)
    whole = int(count)
    frac = count - whole
    if frac:
        # a fraction of a unit in the next smaller one (minutes, written M after T, split into seconds)
        sub = {
            "Y": (12, "M", False),
            "M": (60, "S", True) if clock else (30, "D", False),
            "W": (7, "D", False),
            "D": (24, "H", True),
            "H": (60, "M", True),
            "Q": (3, "M", False),
        }.get(code)
        if sub:
            extra = round(frac * sub[0])
            if whole == 0:
                return ("PT" if sub[2] else "P") + f"{extra}{sub[1]}"
            if sub[2] and not clock:
                return f"P{whole}{code}T{extra}{sub[1]}"
            return f"{prefix}{whole}{code}{extra}{sub[1]}"
    return f"{prefix}{whole}{code}"


_SET_CONTEXT = re.compile(r"(\d|\$|percent|%|times|twice|once|thrice|dollars?|cents?|per\b)[^.;]{0,40}$", re.I)


def r_duration(c: Candidate, ctx: Context) -> Resolved | None:
    g = c.groups
    info = unit_info(g["unit"])
    if info is None:
        return None
    unit, spec = info
    num_text = _norm(g["num"])
    count = _count(g["num"])
    if count is None:
        return None
    if "age" in g or re.match(r"\s+old\b", ctx.text[c.end : c.end + 5]):
        return None  # "a 6-year-old boy" is an age, not a time
    if unit == "second" and num_text in ("a", "an"):
        return None  # "a second time"
    if "num2" in g:
        count = "X"
    elif "half" in g and not isinstance(count, str):
        count += 0.5  # "a minute and a half"
    mod = quantity_mod(g.get("qmod"), "duration")
    if num_text in ("a", "an") and not g.get("span") and not g.get("the") and not g.get("qmod"):
        before = ctx.text[max(0, c.start - 60) : c.start]
        words = re.findall(r"[\w']+", before.lower())
        blocked = bool(words) and words[-1] in lexicon()["rate_blockers"]  # "the smallest gain in a year"
        plural = (
            bool(words) and ctx.pos_at(c.start - 1 - len(words[-1]), c.start - 1)[1] == "NNS" and before.endswith(" ")
        )  # "interviews a day", "meals a day"
        if not blocked and (plural or _SET_CONTEXT.search(before)):  # "$5 a year", "twice a week"
            return "SET", _duration_value(1, unit, spec), None
    if num_text in ("the",):
        return None
    if unit == "quarter" and _fraction(c, ctx):
        return None
    return "DURATION", _duration_value(count, unit, spec), mod


def r_unitspan(c: Candidate, ctx: Context) -> Resolved | None:
    """'the year ended Sept. 30', 'day-long': one whole unit (some, if plural) as a duration."""
    word = _norm(c.groups["unit"])
    info = unit_info(word)
    if info is None:
        return None
    count: float | str = 1 if word == info[0] else "X"  # "day-long" P1D, "decades-long" PXY
    return "DURATION", _duration_value(count, info[0], info[1]), None


def r_fuzzy(c: Candidate, ctx: Context) -> Resolved | None:
    g = c.groups
    info = unit_info(g["units"])
    if info is None:
        return None
    unit, spec = info
    # a bare plural ("for years", "the days") is too often not a time expression
    if (
        unit in ("second", "night", "weekend")
        or ("span" not in g and "ahead" not in g and "bare" not in g)
        or re.match(r"\s+old\b", ctx.text[c.end : c.end + 5])
    ):
        return None
    return "DURATION", _duration_value("X", unit, spec), None


def r_vague(c: Candidate, ctx: Context) -> Resolved | None:
    return "DURATION", lexicon()["vague_durations"][_norm(c.groups["vague"])], None


def r_set(c: Candidate, ctx: Context) -> Resolved | None:
    g = c.groups
    if "setword" in g:
        return "SET", lexicon()["sets"][_norm(g["setword"])], None
    if "recurring" in g:
        return "SET", lexicon()["recurring_adjectives"][_norm(g["recurring"])], None
    if "weekday" in g:
        value = f"XXXX-WXX-{weekday_number(g['weekday'].rstrip('s') if g['weekday'].lower().endswith('days') else g['weekday'])}"
        if "pod" in g:
            _, value = _with_time(value, {"pod": g["pod"].rstrip("s")})
        return "SET", value, None
    if "month" in g:
        return "SET", f"XXXX-{month_number(g['month']):02d}", None
    if "season" in g:
        return "SET", f"XXXX-{lexicon()['seasons'][_norm(g['season'])]['code']}", None
    info = unit_info(g["unit"])
    if info is None:
        return None
    count = _count(g.get("num")) if "num" in g else 1
    if count is None or isinstance(count, str):
        count = 1
    return "SET", _duration_value(count, info[0], info[1]), None


def r_ref(c: Candidate, ctx: Context) -> Resolved | None:
    g = c.groups
    if "units" in g:  # "years ago"
        return "DATE", "PAST_REF", None
    phrase = _norm(g["ref"])
    if (
        phrase in ("the past", "the future")
        and re.match(r"\s+(?:\d+|[a-z]+)\s+[a-z]+s\b", ctx.text[c.end : c.end + 30])
        and ctx.pos_at(c.end + 1, c.end + 2)[0] in ("NUM", "ADJ")
    ):
        return None  # "the past three summers": the start of a longer phrase, not "the past"
    strict = lexicon()["strict_references"]
    if phrase in strict:
        pos, _, _, _ = ctx.pos_at(c.start, c.end)
        if pos not in strict[phrase]:
            return None
        after = ctx.text[c.end : c.end + 6].lower()
        if phrase == "earlier" and after.strip().startswith("than"):
            return None
    return "DATE", lexicon()["references"][phrase], None


def r_holiday(c: Candidate, ctx: Context) -> Resolved | None:
    g = c.groups
    rule = lexicon()["holidays"][_norm(g["holiday"])]

    def on(year: int) -> date:
        if "fixed" in rule:
            return date(year, *rule["fixed"])
        month, weekday, nth = rule["nth"]
        if nth > 0:
            first = date(year, month, rule.get("from", 1))
            return first + timedelta(days=(weekday - first.isoweekday()) % 7 + 7 * (nth - 1))
        y2, m2 = add_months(year, month, 1)
        last = date(y2, m2, 1) - timedelta(days=1)
        return last - timedelta(days=(last.isoweekday() - weekday) % 7)

    if "year" in g:
        year = year_number(g["year"])
        return ("DATE", on(year).isoformat(), None) if year else None
    if ctx.anchor is None:
        if "fixed" in rule:
            return "DATE", f"XXXX-{rule['fixed'][0]:02d}-{rule['fixed'][1]:02d}", None
        return "DATE", "XXXX-XX-XX", None
    a = ctx.anchor
    n = relative_offset(g.get("rel")) if "rel" in g else None
    if n is not None and n < 0:
        day = on(a.year) if on(a.year) < a else on(a.year - 1)
    elif n is not None and n > 0:
        day = on(a.year) if on(a.year) > a else on(a.year + 1)
    else:
        day = on(nearest_year(lambda y: (on(y), on(y)), ctx, c.start, c.end))
    return "DATE", day.isoformat(), None


def r_weekend(c: Candidate, ctx: Context) -> Resolved | None:
    """'the weekend': the one just past in a past-tense clause, else the coming one."""
    g = c.groups
    if ctx.anchor is None:
        return "DATE", "XXXX-WXX-WE", None
    a = ctx.anchor
    if "rel" in g:
        n = relative_offset(g["rel"])
        saturday = a + timedelta(days=6 - a.isoweekday()) + timedelta(weeks=n)
    elif a.isoweekday() >= 6:
        saturday = a - timedelta(days=a.isoweekday() - 6)
    elif ctx.tense(c.start, c.end) in ("future", "present"):
        saturday = a + timedelta(days=6 - a.isoweekday())
    else:
        saturday = a - timedelta(days=a.isoweekday() + 1)
    return "DATE", unit_value(saturday, "weekend"), None


RESOLVERS: dict[str, Callable[[Candidate, Context], Resolved | None]] = {
    "iso": r_iso,
    "numeric": r_numeric,
    "date": r_date,
    "month": r_month,
    "relmonth": r_relmonth,
    "year": r_year,
    "decade": r_decade,
    "century": r_century,
    "quarter": r_quarter,
    "half": r_half,
    "report": r_report,
    "season": r_season,
    "weekday": r_weekday,
    "dayword": r_dayword,
    "pod": r_pod,
    "clock": r_clock,
    "relunit": r_relunit,
    "aroundday": r_aroundday,
    "someday": r_someday,
    "ago": r_ago,
    "anaphoric": r_anaphoric,
    "duration": r_duration,
    "unitspan": r_unitspan,
    "fuzzy": r_fuzzy,
    "set": r_set,
    "ref": r_ref,
    "holiday": r_holiday,
    "weekend": r_weekend,
    "vague": r_vague,
}


# kinds made of ordinary words, which in title case mid-sentence are a name ("This Week", "USA Today")
_WORDY_KINDS = {"relunit", "dayword", "ref", "season", "clock"}


def _is_title(c: Candidate, ctx: Context) -> bool:
    words = ctx.text[c.start : c.end].split()
    if not all(w[:1].isupper() for w in words):
        return False
    before = ctx.text[max(0, c.start - 40) : c.start].rstrip()
    after = ctx.text[c.end : c.end + 3]
    opening = before.rstrip('"`“‘ ')
    if not opening or opening[-1] in ".!?:\n" or before.endswith("--"):
        return False  # a sentence (or quoted sentence) may start "This week" or "Today"
    if c.kind in ("season", "clock"):
        return True  # "Spring of Life", "High Noon": English writes seasons and noon in lower case
    prev_word = re.search(r"([\w'’-]+)\W*$", before)
    return bool(
        re.match(r"[,.]?['\"’”]", after)
        or re.match(r"\s+[A-Z]", after)
        or (prev_word and prev_word.group(1)[:1].isupper())
    )


def resolve(c: Candidate, ctx: Context) -> Resolved | None:
    if c.kind in _WORDY_KINDS and _is_title(c, ctx):
        return None
    return RESOLVERS[c.kind](c, ctx)
