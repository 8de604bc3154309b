"""Time expressions: find them in a parsed article and resolve them against its anchor date.

Placeholder first version (spaCy DATE/TIME entities, dateparser for absolute values);
the table-driven resolver of issue 3 replaces the body, keeping this signature.
"""
from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import dateparser
from spacy.tokens import Doc

from schemas import TimeExpression


def find_time_expressions(
    doc: Doc, anchor: date | None, exclude: Sequence[tuple[int, int]] = ()
) -> list[TimeExpression]:
    """Every date/time/duration/set expression in ``doc`` with its TIMEX3 value.

    ``anchor`` is the publication date relative expressions resolve against; with
    none, relative expressions keep an underspecified value. Spans overlapping
    ``exclude`` (page furniture) are still reported: they are text, not events.
    """
    found: list[TimeExpression] = []
    for ent in doc.ents:
        if ent.label_ not in ("DATE", "TIME"):
            continue
        settings = {"PREFER_DATES_FROM": "past", "RETURN_AS_TIMEZONE_AWARE": False}
        if anchor:
            from datetime import datetime

            settings["RELATIVE_BASE"] = datetime.combine(anchor, datetime.min.time())
        parsed = dateparser.parse(ent.text, languages=["en"], settings=settings) if anchor else None
        value = parsed.date().isoformat() if parsed else "XXXX-XX-XX"
        found.append(
            TimeExpression(
                start=ent.start_char,
                end=ent.end_char,
                text=ent.text,
                type="DATE" if ent.label_ == "DATE" else "TIME",
                value=value,
                date_start=parsed.date() if parsed else None,
                date_end=parsed.date() if parsed else None,
                granularity="day" if parsed else None,
            )
        )
    return found
