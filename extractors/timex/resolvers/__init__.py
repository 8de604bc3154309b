"""Normalisation: a matched pattern (its named groups) -> TIMEX3 type, value and mod.

One resolver per pattern ``kind``. Relative expressions count from the anchor (the
publication date) in the direction the clause's tense points; anaphoric ones ("a year
earlier", "the following day") from the previous date of the article. With no anchor,
relative expressions get an underspecified value ("XXXX-WXX-2"), never today's date.

The resolvers live in one module per family (absolute, periods, days, relative, durations,
references) and share common.py; this module holds the dispatch table and ``resolve``.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from extractors.timex.grammar import Candidate
from extractors.timex.resolvers.absolute import r_date, r_iso, r_numeric
from extractors.timex.resolvers.common import Context, Resolved
from extractors.timex.resolvers.days import r_aroundday, r_clock, r_dayword, r_pod, r_weekday
from extractors.timex.resolvers.durations import r_duration, r_fuzzy, r_set, r_unitspan, r_vague
from extractors.timex.resolvers.periods import (
    r_century,
    r_decade,
    r_half,
    r_month,
    r_quarter,
    r_relmonth,
    r_report,
    r_season,
    r_year,
)
from extractors.timex.resolvers.references import r_holiday, r_ref, r_someday, r_weekend
from extractors.timex.resolvers.relative import r_ago, r_anaphoric, r_relunit

__all__ = ["RESOLVERS", "Context", "Resolved", "resolve"]

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
