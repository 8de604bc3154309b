"""Days and times of day: weekdays, today/yesterday/tomorrow, parts of the day, clock times and a
unit around a named day ("the day before last Tuesday")."""

from __future__ import annotations

import re
from datetime import date, timedelta

from extractors.timex.calendar import shift_day, unit_value
from extractors.timex.grammar import Candidate
from extractors.timex.lexicon import lexicon
from extractors.timex.resolvers.absolute import r_date
from extractors.timex.resolvers.common import (
    Context,
    Resolved,
    clock_value,
    norm,
    point_mod,
    quantity_mod,
    relative_offset,
    unknown_value,
    weekday_number,
    with_time,
)
from extractors.timex.tense import cue_direction


def weekday_date(weekday: int, rel: str | None, ctx: Context, start: int, end: int) -> date:
    assert ctx.anchor is not None
    a = ctx.anchor
    back = (a.isoweekday() - weekday) % 7  # days back to the latest such weekday (0 = the anchor)
    ahead = (weekday - a.isoweekday()) % 7
    n = relative_offset(rel) if rel else None
    base = ctx.ref_day(start, within=600)
    if rel and norm(rel) in lexicon()["anaphoric"] and base:
        # "down 4.5% from the previous Friday": the one before the day just named, not before the anchor
        step = lexicon()["anaphoric"][norm(rel)]
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


def r_weekday(c: Candidate, ctx: Context) -> Resolved | None:
    g = c.groups
    weekday = weekday_number(g["weekday"])
    mod = point_mod(g.get("pmod")) or quantity_mod(g.get("qmod"), "point")
    if ctx.anchor is None:
        ttype, value = with_time(f"XXXX-WXX-{weekday}", g)
        return ttype, value, mod
    day = weekday_date(weekday, g.get("rel"), ctx, c.start, c.end)
    ttype, value = with_time(day.isoformat(), g)
    return ttype, value, mod


def r_dayword(c: Candidate, ctx: Context) -> Resolved | None:
    g = c.groups
    entry = lexicon()["day_words"][norm(g["dayword"])]
    mod = point_mod(g.get("pmod")) or quantity_mod(g.get("qmod"), "point")
    if "pod2" in g:
        mod = mod or "MID"
    if entry.get("pod") and "pod" not in g:
        g = {**g, "pod": next(k for k, v in lexicon()["parts_of_day"].items() if v == entry["pod"])}
    day = "XXXX-XX-XX" if ctx.anchor is None else (ctx.anchor + timedelta(days=entry["offset"])).isoformat()
    ttype, value = with_time(day, g)
    return ttype, value, mod


def r_aroundday(c: Candidate, ctx: Context) -> Resolved | None:
    """'the day before last Tuesday' (that day moved by one unit), 'the week of March 6' (its week)."""
    g = c.groups
    unit = norm(g["unit"])
    if "month" in g:
        day_res = r_date(c, ctx)
        if day_res is None or "X" in day_res[1]:
            return ("DATE", unknown_value(unit), None) if day_res else None
        return "DATE", unit_value(date.fromisoformat(day_res[1][:10]), unit), None
    if ctx.anchor is None:
        return "DATE", unknown_value(unit), None
    day = weekday_date(weekday_number(g["weekday"]), g.get("rel"), ctx, c.start, c.end)
    day = shift_day(day, unit, -1 if norm(g["dir"]) == "before" else 1)
    return "DATE", unit_value(day, unit), None


def r_pod(c: Candidate, ctx: Context) -> Resolved | None:
    g = c.groups
    offset = -1 if norm(g.get("rel", "")) == "last" else 0
    day = "XXXX-XX-XX" if ctx.anchor is None else (ctx.anchor + timedelta(days=offset)).isoformat()
    named = ctx.ref_day(c.start, within=300)
    if "ofref" in g and named:
        day = named.isoformat()
    if "anarel" in g:  # "the following morning": from the day just named, else from the anchor
        step = lexicon()["anaphoric"].get("the " + norm(g["anarel"]), 0)
        base = ctx.ref_day(c.start) or ctx.anchor
        day = (base + timedelta(days=step)).isoformat() if base else "XXXX-XX-XX"
    _, value = with_time(day, g)
    mod = "MID" if norm(g["pod"]).startswith("mid") else point_mod(g.get("pmod")) if "rel" not in g else None
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
