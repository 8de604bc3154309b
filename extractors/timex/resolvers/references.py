"""Times without a date of their own: now/recently/the future, "one day", holidays and weekends."""

from __future__ import annotations

import re
from datetime import date, timedelta

from extractors.timex.calendar import add_months, unit_value
from extractors.timex.grammar import Candidate
from extractors.timex.lexicon import lexicon
from extractors.timex.resolvers.common import Context, Resolved, nearest_year, norm, relative_offset, year_number


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


def r_ref(c: Candidate, ctx: Context) -> Resolved | None:
    g = c.groups
    if "units" in g:  # "years ago"
        return "DATE", "PAST_REF", None
    phrase = norm(g["ref"])
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
    rule = lexicon()["holidays"][norm(g["holiday"])]

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
