"""Lengths and frequencies: durations ("three years", "day-long", "for years", "a while") and sets
("every week", "daily", "Mondays", "annual")."""

from __future__ import annotations

import re

from extractors.timex.grammar import Candidate
from extractors.timex.lexicon import lexicon, unit_info
from extractors.timex.resolvers.common import (
    Context,
    Resolved,
    count_value,
    is_fraction,
    month_number,
    norm,
    quantity_mod,
    weekday_number,
    with_time,
)


def duration_value(count: float | str, unit: str, spec: dict) -> str:
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
    num_text = norm(g["num"])
    count = count_value(g["num"])
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
            return "SET", duration_value(1, unit, spec), None
    if num_text in ("the",):
        return None
    if unit == "quarter" and is_fraction(c, ctx):
        return None
    return "DURATION", duration_value(count, unit, spec), mod


def r_unitspan(c: Candidate, ctx: Context) -> Resolved | None:
    """'the year ended Sept. 30', 'day-long': one whole unit (some, if plural) as a duration."""
    word = norm(c.groups["unit"])
    info = unit_info(word)
    if info is None:
        return None
    count: float | str = 1 if word == info[0] else "X"  # "day-long" P1D, "decades-long" PXY
    return "DURATION", duration_value(count, info[0], info[1]), None


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
    return "DURATION", duration_value("X", unit, spec), None


def r_vague(c: Candidate, ctx: Context) -> Resolved | None:
    return "DURATION", lexicon()["vague_durations"][norm(c.groups["vague"])], None


def r_set(c: Candidate, ctx: Context) -> Resolved | None:
    g = c.groups
    if "setword" in g:
        return "SET", lexicon()["sets"][norm(g["setword"])], None
    if "recurring" in g:
        return "SET", lexicon()["recurring_adjectives"][norm(g["recurring"])], None
    if "weekday" in g:
        value = f"XXXX-WXX-{weekday_number(g['weekday'].rstrip('s') if g['weekday'].lower().endswith('days') else g['weekday'])}"
        if "pod" in g:
            _, value = with_time(value, {"pod": g["pod"].rstrip("s")})
        return "SET", value, None
    if "month" in g:
        return "SET", f"XXXX-{month_number(g['month']):02d}", None
    if "season" in g:
        return "SET", f"XXXX-{lexicon()['seasons'][norm(g['season'])]['code']}", None
    info = unit_info(g["unit"])
    if info is None:
        return None
    count = count_value(g.get("num")) if "num" in g else 1
    if count is None or isinstance(count, str):
        count = 1
    return "SET", duration_value(count, info[0], info[1]), None
