"""Counted units: "last month", "three years ago", and anaphoric ones counted from the previous
expression ("a year earlier", "the following day")."""

from __future__ import annotations

from extractors.timex.calendar import interval, shift_day, unit_value, value_unit
from extractors.timex.grammar import Candidate
from extractors.timex.lexicon import lexicon, unit_info
from extractors.timex.resolvers.common import (
    Context,
    Resolved,
    count_value,
    norm,
    point_mod,
    quantity_mod,
    relative_offset,
    shift_value,
    unknown_value,
)


def r_relunit(c: Candidate, ctx: Context) -> Resolved | None:
    g = c.groups
    unit = norm(g["unit"])
    n = relative_offset(g.get("rel"))
    mod = point_mod(g.get("pmod")) or ("END" if "endmod" in g else None)
    if ctx.anchor is None:
        return "DATE", unknown_value(unit), mod
    if unit == "half":
        day = shift_day(ctx.anchor, "half", n)
        return "DATE", unit_value(day, "half"), mod
    day = shift_day(ctx.anchor, unit, n)
    return "DATE", unit_value(day, unit), mod


def r_ago(c: Candidate, ctx: Context) -> Resolved | None:
    g = c.groups
    info = unit_info(g["unit"])
    if info is None:
        return None
    unit, spec = info
    count = count_value(g["num"])
    if count is None:
        return None
    mod = quantity_mod(g.get("qmod"), "point")
    direction = norm(g["dir"])
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
        shifted = shift_value(ref, step, sign * n)
        if shifted:
            return "DATE", shifted, mod
    if ctx.period and not from_ref and sign < 0 and n == 1 and step == "year" and "qmod" not in g:
        return "DATE", shift_value(ctx.period, "year", -1) or ctx.period, mod
    base = ctx.anchor
    if from_ref and ref and interval(ref, None, None):
        base = interval(ref, None, None)[0] if value_unit(ref) != "day" else interval(ref, None, None)[0]
    if base is None:
        return "DATE", unknown_value(step), mod
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
            return "DATE", shift_value(ref, "year", -1) or ref, None
        if ctx.period:
            return "DATE", shift_value(ctx.period, "year", -1) or ctx.period, None
        if ctx.anchor is None:
            return "DATE", "XXXX", None
        return "DATE", str(ctx.anchor.year - 1), None
    unit = norm(g["unit"])
    mod = point_mod(g.get("pmod"))
    if "same" in g:
        n = 0
    elif "anarel" in g:
        n = lexicon()["anaphoric"].get(norm(g["anarel"]), 0)
    else:
        n = -1 if norm(g["dir"]) == "before" else 1
    if ref and unit == "day" and value_unit(ref) not in ("day", "week"):
        # "that same day" after "in October": a day of that month, not its first
        month = ref[5:7] if value_unit(ref) == "month" else "XX"
        return "DATE", f"{ref[:4]}-{month}-XX", mod
    base = interval(ref, None, None)[0] if ref else ctx.anchor
    if base is None:
        return "DATE", unknown_value(unit), mod
    return "DATE", unit_value(shift_day(base, unit, n), unit), mod
