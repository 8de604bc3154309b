"""Long texts in pieces spaCy can parse: split at paragraph, then sentence, then word boundaries.

spaCy refuses a text over ``nlp.max_length`` (1,000,000 characters) and its parser needs memory in
proportion to the text, so a long article is parsed as pieces of at most ``PIECE_CHARS`` and the
pieces' Docs are joined back into one Doc whose text is the article's text: every offset the
extractors take from it (tokens, sentences, time expressions, event mentions) indexes the article
unchanged, and the extractors see one article (actor memory and reference dates run across pieces).
A text over ``MAX_TEXT_CHARS`` is not analysed at all.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from itertools import pairwise
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # spaCy is imported where Docs are joined: the flow's own process checks lengths without it
    from spacy.tokens import Doc

PIECE_CHARS = 100_000  # longest text handed to spaCy in one piece
MAX_TEXT_CHARS = 2_000_000  # longer articles are rejected: no news article is this long

# Where a piece may end, best first; each cut falls after the whitespace, so the next piece starts on a word.
_BOUNDARIES = (
    re.compile(r"\n[^\S\n]*\n\s*"),  # a blank line: between paragraphs
    re.compile(r"\n\s*"),  # a line break
    re.compile(r"[.!?…][\"'”’)\]]*\s+"),  # a sentence end
    re.compile(r"\s+"),  # between words
)


def too_long(text: str) -> str | None:
    """Why ``text`` is not analysed, or None when it is short enough."""
    if len(text) > MAX_TEXT_CHARS:
        return f"text of {len(text):,} characters exceeds the cap of {MAX_TEXT_CHARS:,}"
    return None


def split_points(text: str, limit: int = PIECE_CHARS) -> list[int]:
    """Offsets where ``text`` is cut into pieces of at most ``limit`` characters (none for a short text).

    Each cut is the last boundary of the best kind found in the second half of the piece's window, so
    pieces stay at least half the limit long; only a run of ``limit // 2`` characters without any
    whitespace is cut where the window ends.
    """
    cuts: list[int] = []
    start = 0
    while len(text) - start > limit:
        low, high = start + limit // 2, start + limit
        cut = next((c for c in (_last_end(p, text, low, high) for p in _BOUNDARIES) if c is not None), high)
        cuts.append(cut)
        start = cut
    return cuts


def _last_end(pattern: re.Pattern[str], text: str, low: int, high: int) -> int | None:
    """End of the last match of ``pattern`` inside ``text[low:high]`` that leaves a non-empty piece."""
    last = None
    for match in pattern.finditer(text, low, high):
        if match.end() > low:
            last = match.end()
    return last


def pieces(text: str, limit: int = PIECE_CHARS) -> list[str]:
    """``text`` cut at ``split_points``: the pieces join back into ``text`` exactly."""
    bounds = [0, *split_points(text, limit), len(text)]
    return [text[a:b] for a, b in pairwise(bounds)]


def join_docs(docs: Sequence[Doc]) -> Doc:
    """One Doc of the pieces' Docs, its text their texts joined as they are (no whitespace added)."""
    from spacy.tokens import Doc

    if len(docs) == 1:
        return docs[0]
    return Doc.from_docs(list(docs), ensure_whitespace=False)
