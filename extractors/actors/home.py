"""The state a story is filed from: its dateline place, its outlet, a credited agency, or a masthead line."""

from __future__ import annotations

import re

from extractors.actors.lexicon import lookup
from schemas import ParsedArticle


def home_country(article: ParsedArticle) -> str | None:
    """The state a story is filed from: its dateline place, else its outlet's (or a credited agency's) home."""
    for name in (article.dateline_place, article.outlet):
        known = lookup(name) if name else None
        if known and known.country and known.kind in ("place", "country", "media"):
            return known.country
    for word in re.split(r"[\s,;/|]+", article.byline or ""):  # "Staff writer, with CNA"
        known = lookup(word) if word[:1].isupper() else None
        if known and known.country and known.kind == "media":
            return known.country
    return masthead_country(article.text)


MASTHEAD_LINES = 8  # the lines above a story where a page prints its outlet's name or an agency credit
MASTHEAD_WORDS = 5


def masthead_country(text: str) -> str | None:
    """ "NHK WORLD-JAPAN" as a line of its own, or "Staff writer, with CNA": the outlet a page prints above
    its story, when the parser found no outlet. A line with lower-case words is a headline or a sentence
    ("KCNA says ..."), except an agency credit at its end."""
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()][:MASTHEAD_LINES]
    for line in lines:
        words = re.split(r"[\s,;/|]+", line)
        credit = re.search(r"\bwith ([A-Z][\w.]*)$", line)
        if credit:
            words = [credit.group(1)]
        elif len(words) > MASTHEAD_WORDS or any(w[:1].islower() for w in words):
            continue
        for word in words:
            known = lookup(word.split("-")[0])
            if known and known.country and known.kind == "media":
                return known.country
    return None
