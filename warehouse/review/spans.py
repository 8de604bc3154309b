"""Marked-up article text from character spans that may nest, overlap or cross.

Mentions, time expressions and actors are spans over ``articles.text``. The text is cut at every span
boundary, and each piece is placed inside the spans that cover it: a span that crosses another is split
into pieces (only its first piece carries the anchor), so the HTML nests correctly and every character of
the text appears exactly once, inside exactly the spans that cover it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

# At one range, the kind listed first is the outer element.
KIND_ORDER = {"mention": 0, "timex": 1, "actor": 2}


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    kind: str  # mention | timex | actor
    anchor: str = ""  # element id of the first piece ("m3"), for links from the events panel
    css: str = ""  # extra classes ("ty-2" for an event type's colour)
    title: str = ""  # shown on hover


@dataclass
class Element:
    span: Span
    first: bool  # the piece that starts the span (carries the anchor)
    children: list[Element | str] = field(default_factory=list)


def valid_spans(text: str, spans: Iterable[Span]) -> list[Span]:
    """Spans inside the text and not empty; anything else (bad offsets from a damaged row) is left out."""
    return [s for s in spans if 0 <= s.start < s.end <= len(text)]


def nest(text: str, spans: Iterable[Span]) -> list[Element | str]:
    """The text as a tree of strings and elements, one element (or more pieces of it) per span.

    Each boundary closes the spans that end there, reopening as continuation pieces those opened after
    them that go on; then it opens the spans starting there, longer (outer) ones first.
    """
    kept = sorted(valid_spans(text, spans), key=lambda s: (s.start, -s.end, KIND_ORDER.get(s.kind, 9)))
    root: list[Element | str] = []
    stack: list[Element] = []  # open elements, outermost first
    boundaries = sorted({0, len(text), *(s.start for s in kept), *(s.end for s in kept)})
    next_span = 0
    for i, at in enumerate(boundaries):
        ending = [n for n, e in enumerate(stack) if e.span.end == at]
        reopen: list[Span] = []
        if ending:
            closed = stack[ending[0] :]
            del stack[ending[0] :]
            reopen = [e.span for e in closed if e.span.end != at]
        starting = []
        while next_span < len(kept) and kept[next_span].start == at:
            starting.append(kept[next_span])
            next_span += 1
        # continuation pieces and new spans at one boundary: longer ones outside, then the usual order
        for span in sorted(reopen + starting, key=lambda s: (-s.end, KIND_ORDER.get(s.kind, 9))):
            element = Element(span=span, first=span.start == at)
            (stack[-1].children if stack else root).append(element)
            stack.append(element)
        if i + 1 < len(boundaries):
            piece = text[at : boundaries[i + 1]]
            (stack[-1].children if stack else root).append(piece)
    return root


def flatten(nodes: Sequence[Element | str]) -> str:
    """The text the tree holds (equal to the article text: nothing dropped or repeated)."""
    return "".join(n if isinstance(n, str) else flatten(n.children) for n in nodes)


def covered(nodes: Sequence[Element | str], anchor: str) -> str:
    """The text inside every piece of the span with this anchor, in order (for tests and checks)."""
    parts: list[str] = []

    def walk(items: Sequence[Element | str]) -> None:
        for node in items:
            if isinstance(node, Element):
                if node.span.anchor == anchor:
                    parts.append(flatten(node.children))
                else:
                    walk(node.children)

    walk(nodes)
    return "".join(parts)


def sentence_ranges(text: str, mentions: Iterable[tuple[int, int, str]]) -> list[tuple[int, int]]:
    """Where each mention's stored sentence sits in the text: the occurrence that contains the mention."""
    ranges = []
    for start, end, sentence in mentions:
        if not sentence:
            continue
        at = text.rfind(sentence, max(0, end - len(sentence)), min(len(text), start + len(sentence)))
        if at != -1 and at <= start and end <= at + len(sentence):
            ranges.append((at, at + len(sentence)))
    return ranges


def name_spans(text: str, name: str, within: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Whole-word occurrences of an actor's name inside the given ranges (the sentences it was found in).

    Actors are stored by name without offsets; the name as extracted is looked for where the event was
    read, so "China" is marked in the sentences of the events it took part in, not everywhere.
    """
    if not name.strip():
        return []
    pattern = re.compile(r"(?<!\w)" + re.escape(name) + r"(?!\w)")
    found: set[tuple[int, int]] = set()
    for lo, hi in within:
        found.update(m.span() for m in pattern.finditer(text, lo, hi))
    return sorted(found)
