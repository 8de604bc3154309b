"""Dates written in full or in part: ISO and numeric forms, "May 9, 2023", "April 2", "Oct. 4 last year"."""

from __future__ import annotations

import re
from datetime import datetime
from functools import lru_cache

import dateparser

from extractors.timex.grammar import Candidate
from extractors.timex.resolvers.common import (
    Context,
    Resolved,
    clock_value,
    day_number,
    month_number,
    point_mod,
    quantity_mod,
    relative_offset,
    relative_year,
    valid_date,
    year_for,
    year_number,
)


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


def r_iso(c: Candidate, ctx: Context) -> Resolved | None:
    y, m, d = (int(x) for x in c.groups["iso"].split("-"))
    if not valid_date(y, m, d):
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
        year = ctx.anchor.year + relative_year(g["relyear"])
        return ("DATE", f"{year:04d}-{month:02d}-{day:02d}", mod) if day and valid_date(year, month, day) else None
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
    if not valid_date(year, month, day):
        return None
    value = f"{year:04d}-{month:02d}-{day:02d}"
    if clock:
        return "TIME", f"{value}T{clock}", mod
    return "DATE", value, mod
