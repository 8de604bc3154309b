"""Calendar periods: months, years, decades, centuries, quarters, halves, reporting periods and seasons."""

from __future__ import annotations

import re

from extractors.timex.calendar import interval, shift_day, unit_value
from extractors.timex.grammar import Candidate
from extractors.timex.lexicon import lexicon, word_set
from extractors.timex.resolvers.common import (
    Context,
    Resolved,
    day_number,
    is_fraction,
    month_number,
    nearest_year,
    norm,
    point_mod,
    relative_offset,
    relative_year,
    year_for,
    year_number,
)


def r_month(c: Candidate, ctx: Context) -> Resolved | None:
    g = c.groups
    if norm(g["month"]) == "may" and "pmod" not in g:
        pos, tag, _, _ = ctx.pos_at(*c.group_spans["month"])
        if tag == "MD" or pos in ("AUX", "VERB"):
            return None
    if norm(g["month"]) in ("march",) and "pmod" not in g:
        pos, tag, _, _ = ctx.pos_at(*c.group_spans["month"])
        if pos == "VERB":
            return None
    noun = lexicon()["noun_months"].get(norm(g["month"]))
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
        year = a.year + relative_year(g["relyear"])
    else:
        n = relative_offset(g["rel"])
        if n < 0:
            year = a.year if month < a.month else a.year - 1
        elif n > 0:
            year = a.year if month > a.month else a.year + 1
        else:
            year = a.year
    return "DATE", f"{year:04d}-{month:02d}", mod


def r_year(c: Candidate, ctx: Context) -> Resolved | None:
    g = c.groups
    year = year_number(g["year"])
    if year is None:
        return None
    mod = point_mod(g.get("pmod")) or lexicon()["hyphen_prefixes"].get(norm(g.get("prefix", "")))
    if (
        re.fullmatch(r"\d{4}", g["year"])
        and "pmod" not in g
        and "prefix" not in g
        and "fiscal" not in g
        and "year2" not in g
    ):
        _, _, ent, dep = ctx.pos_at(c.start, c.end)
        before = ctx.text[max(0, c.start - 12) : c.start].lower().split()
        after_context_word = bool(before) and before[-1].strip("(,'") in word_set("year_context")
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
        year = lexicon()["decade_words"][norm(g["decadeword"])]
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
            return ctx.anchor.year + relative_year(g[key])
    return None


def r_quarter(c: Candidate, ctx: Context) -> Resolved | None:
    g = c.groups
    q = int(g["qcode"][1]) if "qcode" in g else lexicon()["quarters"][norm(g["qord"])]
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
    h = int(g["hcode"][1]) if "hcode" in g else lexicon()["halves"][norm(g["half"])]
    year = _year_from_groups(g, ctx)
    if year is None:
        if ctx.anchor is None:
            return "DATE", f"XXXX-H{h}", None
        year = ctx.anchor.year
    return "DATE", f"{year:04d}-H{h}", None


def _after_anchor(value: str, ctx: Context) -> bool:
    span = interval(value, None, None)
    return bool(span and ctx.anchor and span[0] > ctx.anchor)


def r_report(c: Candidate, ctx: Context) -> Resolved | None:
    """'the quarter', 'the year-earlier period': the reporting period of a results story."""
    g = c.groups
    if g["unit"].lower() == "quarter" and c.end - c.start == len("quarter") and is_fraction(c, ctx):
        return None
    which = norm(g.get("which", ""))
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
    season = lexicon()["seasons"][norm(g["season"])]
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
