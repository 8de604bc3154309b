"""Time expressions: find them in a parsed article and resolve them against its anchor date.

Detection is a table-driven regex grammar (data/timex_patterns.tsv over the word classes of
data/timex_lexicon.json); normalisation is one small resolver per pattern kind
(extractors/timex/resolvers/) that uses the spaCy parse for tense and part of speech. dateparser
reads fully written dates only; relative expressions follow our own rules.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from datetime import date
from functools import cache

from spacy.tokens import Doc

from extractors.timex.calendar import interval, narrowed, value_unit
from extractors.timex.grammar import Candidate, find_candidates, select
from extractors.timex.lexicon import cue_before
from extractors.timex.resolvers import Context, Resolved, resolve
from extractors.timex.tense import tense_at
from schemas import TimeExpression

# kinds whose value can serve as the reference time of a later anaphoric expression
# (not the ones counted from it: two "a year earlier" in a row both mean the same year)
_REFERENCE_KINDS = {
    "iso",
    "numeric",
    "date",
    "month",
    "relmonth",
    "year",
    "quarter",
    "half",
    "season",
    "weekday",
    "dayword",
    "relunit",
    "holiday",
    "weekend",
}
# "since 2020": the expression's interval runs on to the anchor
# a clock time and a date written next to each other are one TIME ("5 p.m. EST, Nov. 6")
_JOIN = re.compile(r"^\s*(?:,\s*)?(?:on\s+|at\s+)?$", re.IGNORECASE)


def _context(doc: Doc, anchor: date | None, text: str) -> Context:
    """``text``: doc.text, built once by the caller (doc.text joins every token anew)."""
    sent_starts = [s.start_char for s in doc.sents] if doc.has_annotation("SENT_START") else [0]

    @cache
    def tense(start: int, end: int):
        return tense_at(doc, start, end, text)

    def pos_at(start: int, end: int) -> tuple[str, str, str, str]:
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is None or len(span) == 0:
            return "", "", "", ""
        tok = span[-1]
        return tok.pos_, tok.tag_, tok.ent_type_, f"{tok.dep_}:{tok.head.tag_}"

    def same_sentence(a: int, b: int) -> bool:
        return a >= 0 and bisect_right(sent_starts, a) == bisect_right(sent_starts, b)

    return Context(text=text, anchor=anchor, tense=tense, pos_at=pos_at, same_sentence=same_sentence)


def _inside(start: int, end: int, spans: Sequence[tuple[int, int]]) -> bool:
    return any(start < e and s < end for s, e in spans)


def _record(text: str, start: int, end: int, res: Resolved, anchor: date | None) -> TimeExpression:
    ttype, value, mod = res
    record = TimeExpression(start=start, end=end, text=text[start:end], type=ttype, value=value, mod=mod)
    if ttype in ("DATE", "TIME"):
        if value == "PRESENT_REF" and anchor:
            record.date_start = record.date_end = anchor
            record.granularity, record.approximate = "day", True
            return record
        span = interval(value, mod, anchor)
        if span:
            (first, last, gran), approx = narrowed(span, mod, anchor, toward_anchor=True)
            if anchor and cue_before("up_to_anchor").search(text[max(0, start - 20) : start]) and first <= anchor:
                last, gran = anchor, "range"
            record.date_start, record.date_end, record.granularity = first, last, gran  # type: ignore[assignment]
            record.approximate = approx
    return record


# "April 24 and 25": the bare second day shares the first one's month and year
_SECOND_DAY = re.compile(
    r"(\s+(?:and|or|to|through)\s+)([0-3]?\d)(?:st|nd|rd|th)?(?=[.,;:)]|\s+(?:in|at|on|when|as|to)\b|\s*$)"
)


def _coordinated_days(found: list[tuple[Candidate, Resolved]], text: str) -> list[tuple[Candidate, Resolved]]:
    out: list[tuple[Candidate, Resolved]] = []
    for i, (cand, res) in enumerate(found):
        out.append((cand, res))
        m = _SECOND_DAY.match(text, cand.end)
        if not (m and cand.kind == "date" and re.fullmatch(r"(\d{4}|XXXX)-\d\d-\d\d", res[1])):
            continue
        start = m.start(2)
        day = int(m.group(2))
        if i + 1 < len(found) and found[i + 1][0].start < m.end():
            continue  # the second number already belongs to an expression ("April 24 and 25, 2023")
        if not 1 <= day <= 31 or day <= int(res[1][-2:]):
            continue
        try:
            second = (
                date(int(res[1][:4]), int(res[1][5:7]), day).isoformat()
                if res[1][0] != "X"
                else f"{res[1][:8]}{day:02d}"
            )
        except ValueError:
            continue
        out.append((Candidate(start, m.end(), cand.pattern, {}, {}), ("DATE", second, res[2])))
    return out


def _merge_clock_and_date(found: list[tuple[Candidate, Resolved]], text: str) -> list[tuple[Candidate, Resolved]]:
    out: list[tuple[Candidate, Resolved]] = []
    for cand, res in found:
        if out:
            prev, pres = out[-1]
            gap = text[prev.end : cand.start]
            clock_first = prev.kind == "clock" and re.fullmatch(r"\d{4}-\d\d-\d\d", res[1]) and _JOIN.match(gap)
            date_first = (
                cand.kind == "clock"
                and re.fullmatch(r"\d{4}-\d\d-\d\d", pres[1])
                and re.match(r"^\s*(?:,\s*)?at\s+$", gap)
            )
            if clock_first or date_first:
                day = res[1] if clock_first else pres[1]
                clock = (pres if clock_first else res)[1].split("T", 1)[1]
                merged = Candidate(prev.start, cand.end, prev.pattern if clock_first else cand.pattern, {}, {})
                out[-1] = (merged, ("TIME", f"{day}T{clock}", pres[2] or res[2]))
                continue
        out.append((cand, res))
    return out


def find_time_expressions(
    doc: Doc, anchor: date | None, exclude: Sequence[tuple[int, int]] = ()
) -> list[TimeExpression]:
    """Every date/time/duration/set expression in ``doc`` with its TIMEX3 value.

    ``anchor`` is the publication date relative expressions resolve against; with
    none, relative expressions keep an underspecified value. Spans overlapping
    ``exclude`` (page furniture) are still reported: they are text, not events; but they
    never serve as the reference time of a later "a year earlier" or "that day".
    """
    text = doc.text
    ctx = _context(doc, anchor, text)
    # first pass: drop readings the resolvers reject ("May" the verb, "1990" the number),
    # so that a shorter valid reading of the same words can still win
    valid = [c for c in find_candidates(text) if resolve(c, ctx) is not None]
    resolved: list[tuple[Candidate, Resolved]] = []
    for cand in select(valid):
        res = resolve(cand, ctx)
        if res is None:
            continue
        resolved.append((cand, res))
        if (
            cand.kind in _REFERENCE_KINDS
            and interval(res[1], None, None)
            and not _inside(cand.start, cand.end, exclude)
        ):
            ctx.ref_value, ctx.ref_end = res[1], cand.end
            if (
                ctx.period is None
                and value_unit(res[1]) in ("quarter", "half")
                and (anchor is None or interval(res[1], None, None)[0] <= anchor)
            ):  # type: ignore[index]
                ctx.period = res[1]
    resolved = _coordinated_days(_merge_clock_and_date(resolved, text), text)
    return [_record(text, c.start, c.end, res, anchor) for c, res in resolved]
