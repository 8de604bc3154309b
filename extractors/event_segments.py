"""The sentences events are read from, with their absolute offsets.

The small English model glues headline, byline, caption and first paragraph into one "sentence" when
they are separated only by line breaks, which wrecks the parse of all of them. Such sentences are
parsed again line by line (page furniture cut out); every other sentence is used as it is.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

# a line break ends a piece unless it only wraps a running sentence ("sent a\nmessage to")
BREAK = re.compile(r"\n(?![ \t]*[a-z(\"“'‘])|(?<![\w,;])\n")


@dataclass(frozen=True)
class Unit:
    sent: Span
    base: int  # absolute offset of sent.doc's first character in the article text
    index: int  # order in the article

    def start(self, tok: Token) -> int:
        return self.base + tok.idx

    def end(self, tok: Token) -> int:
        return self.base + tok.idx + len(tok.text)

    @property
    def text(self) -> str:
        return self.sent.text.strip()


def _cut(start: int, end: int, furniture: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """[start, end) minus the furniture spans."""
    pieces = [(start, end)]
    for fs, fe in furniture:
        nxt = []
        for s, e in pieces:
            if fe <= s or fs >= e:
                nxt.append((s, e))
                continue
            if s < fs:
                nxt.append((s, fs))
            if fe < e:
                nxt.append((fe, e))
        pieces = nxt
    return pieces


# "SEOUL, May 9 (UPI) --", "WASHINGTON (Reuters) -", "TAIPEI, Taiwan —": the dateline is no part of the sentence
DATELINE = re.compile(r"[A-Z][A-Z.'/ -]{2,40}(?:,[^\n()]{1,40}?)?\s*(?:\([^()\n]{1,40}\))?\s*(?:--|—|–|-)\s+"
                      # "Tehran (AFP) - ", "New York/Berlin (dpa), Aug 10 2023 - ": a place in title case needs the outlet
                      r"|[A-Z][\w.'’]*(?:[ /-][A-Z][\w.'’]*){0,4}\s*\((?!(?:left|right|center|centre|[LRC])\))[A-Za-z][^()\n]{0,30}\)(?:,[^\n()]{1,30}?)?\s*(?:--|—|–|-)\s+")


def _split_dateline(text: str, start: int, end: int) -> int | None:
    while start < end and text[start].isspace():
        start += 1
    m = DATELINE.match(text, start, end)
    return m.end() if m and m.end() < end else None


def sentence_units(doc: Doc, furniture: list[tuple[int, int]], nlp: Language) -> list[Unit]:
    text = doc.text
    plain: list[Span | None] = []
    pieces: list[tuple[int, int]] = []
    for sent in doc.sents:
        s, e = sent.start_char, sent.end_char
        touches = any(fs < e and s < fe for fs, fe in furniture)
        cut = _split_dateline(text, s, e)
        if cut is not None:
            touches = True
            furniture = [*furniture, (s, cut)]
        if "\n" not in text[s:e].strip() and not touches:
            plain.append(sent)
            continue
        plain.append(None)
        for cs, ce in _cut(s, e, furniture):
            cuts = [cs] + [m.end() for m in BREAK.finditer(text, cs, ce)] + [ce]
            for ls, le in zip(cuts, cuts[1:]):
                line = text[ls:le]
                if line.strip():
                    lead = len(line) - len(line.lstrip())
                    ps, pe = ls + lead, ls + len(line.rstrip())
                    cut_line = _split_dateline(text, ps, pe)  # a dateline opening a line of a glued sentence
                    pieces.append((cut_line if cut_line is not None else ps, pe))
    reparsed = iter(nlp.pipe(text[s:e] for s, e in pieces)) if pieces else iter(())
    units: list[Unit] = []  # sentences in order, each glued one replaced by its re-parsed lines
    p = 0
    for sent, kept in zip(doc.sents, plain):
        if kept is not None:
            units.append(Unit(kept, 0, len(units)))
            continue
        s, e = sent.start_char, sent.end_char
        while p < len(pieces) and pieces[p][0] < e:
            ps, _ = pieces[p]
            sub = next(reparsed)
            for sub_sent in sub.sents:
                if sub_sent.text.strip():
                    units.append(Unit(sub_sent, ps, len(units)))
            p += 1
    return units
