"""The sentences events are read from, with their absolute offsets.

The small English model glues headline, byline, caption and first paragraph into one "sentence" when
they are separated only by line breaks, which wrecks the parse of all of them. Such sentences are
parsed again line by line (page furniture cut out); a title-case or all-caps headline line is parsed again in
sentence case (see headlines); every other sentence is used as it is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import pairwise

import numpy
from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from extractors.article.parser import match_dateline
from extractors.events.headlines import is_headline, repair_verbs, sentence_case

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


def _line_datelines(text: str) -> list[tuple[int, int]]:
    """The datelines that open a line of the text, as (start, end) spans."""
    found = []
    for line in re.finditer(r"[^\n]+", text):
        start = line.start() + len(line.group()) - len(line.group().lstrip())
        cut = _split_dateline(text, start, line.end())
        if cut is not None:
            found.append((start, cut))
    return found


def _split_dateline(text: str, start: int, end: int) -> int | None:
    while start < end and text[start].isspace():
        start += 1
    m = match_dateline(text, start, end)
    return m.end() if m and m.end() < end else None


def _pieces(text: str, s: int, e: int, furniture: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The lines of a glued sentence, furniture and datelines cut out."""
    out = []
    for cs, ce in _cut(s, e, furniture):
        cuts = [cs] + [m.end() for m in BREAK.finditer(text, cs, ce)] + [ce]
        for ls, le in pairwise(cuts):
            line = text[ls:le]
            if line.strip():
                lead = len(line) - len(line.lstrip())
                ps, pe = ls + lead, ls + len(line.rstrip())
                cut_line = _split_dateline(text, ps, pe)  # a dateline opening a line of a glued sentence
                out.append((cut_line if cut_line is not None else ps, pe))
    return out


MAX_HEADLINE = 200  # characters: a longer line is a paragraph, whatever its case

# a line that ends a sentence of its own ("... said.", a closing quote left on its own line)
ENDS_SENTENCE = re.compile(r"(?:[.!?…][\"”’')\]]*|^[\"”’')\]]+)$")


def _closed(span: Span) -> bool:
    """True when the line is one subtree of the original parse: a single word of it hangs outside it."""
    lo, hi = span.start, span.end
    outside = 0
    for tok in span:
        h = tok.head.i
        if h == tok.i or h < lo or h >= hi:
            outside += 1
            if outside > 1:
                return False
    return True


def _own_doc(span: Span) -> Doc:
    """The line as a document of its own, with the original parse (a word whose head lay outside becomes a root)."""
    sub = span.as_doc()
    for tok in sub:
        if tok.head.i == tok.i and tok.dep_ != "ROOT":
            tok.dep_ = "ROOT"
    return sub


def sentence_units(doc: Doc, furniture: list[tuple[int, int]], nlp: Language, text: str | None = None) -> list[Unit]:
    """Units in text order. A sentence glued from several lines (headline, byline, caption, dateline, first
    paragraph) is cut into its lines, furniture and datelines removed. A line the original parse already
    treats as one subtree keeps that parse (as a document of its own); only lines whose parse crosses a
    line break are parsed again, so the model runs on a few head lines, never on the body."""
    if text is None or not len(doc) or len(text) != doc[-1].idx + len(doc[-1].text_with_ws):
        text = doc.text  # ``text``: the string the doc was parsed from, when the caller has it (doc.text rebuilds it)
    plan: list[tuple[Span | Doc | None, int]] = []  # kept sentence / own-doc line / None = parse again, with its base
    pieces: list[tuple[int, int]] = []
    # a dateline opening a line is cut out wherever the parser's sentences begin ("Lima" | "[Peru], May 8 (ANI): ...")
    furniture = [*furniture, *_line_datelines(text)]
    heads = _headline_lines(text, furniture, nlp)
    emitted: set[tuple[int, int]] = set()
    for sent in _sentences(doc):
        s, e = sent.start_char, sent.end_char
        mine = [h for h in heads if h[0] < e and s < h[1]]  # a headline the parser may have cut anywhere
        touches = bool(mine) or any(fs < e and s < fe for fs, fe in furniture)
        cut = _split_dateline(text, s, e)
        if cut is not None:
            touches = True
            furniture = [*furniture, (s, cut)]
        if not touches and "\n" not in text[s:e].strip():
            plan.append((sent, 0))
            continue
        items: list[tuple[int, Doc | None, tuple[int, int] | None]] = []  # (start, own-doc line, or piece to parse)
        for h in mine:  # the whole headline line, once, parsed again in sentence case
            if h not in emitted:
                emitted.add(h)
                items.append((h[0], None, h))
        lines = _pieces(text, s, e, [*furniture, *mine])
        # body paragraphs glued after a full stop or closing quote are never parsed again; head lines,
        # captions and lines next to furniture are, when the original parse runs across their breaks
        head_like = touches or any(not ENDS_SENTENCE.search(text[ps:pe]) for ps, pe in lines[:-1])
        for ps, pe in lines:
            span = doc.char_span(ps, pe, alignment_mode="expand")
            if span is None or not span.text.strip():
                continue
            if not head_like or _closed(span):
                items.append((span.start_char, _own_doc(span), None))
            else:
                items.append((ps, None, (ps, pe)))
        for start, own, piece in sorted(items, key=lambda x: x[0]):
            plan.append((own, start))
            if piece is not None:
                pieces.append(piece)
    head_set = set(heads)
    lines_text = (sentence_case(text[a:b], nlp) if (a, b) in head_set else text[a:b] for a, b in pieces)
    parsed = nlp.pipe(lines_text) if pieces else iter(())
    reparsed = iter(repair_verbs(d) if p in head_set else d for p, d in zip(pieces, parsed, strict=False))
    units: list[Unit] = []
    for item, base in plan:
        if isinstance(item, Span):
            units.append(Unit(item, 0, len(units)))
            continue
        sub = item if item is not None else next(reparsed)
        for sub_sent in sub.sents:
            if sub_sent.text.strip():
                units.append(Unit(sub_sent, base, len(units)))
    return units


HEAD_ZONE = 3  # lines: a sentence-case headline stands among the first lines of the page
MIN_HEADLINE_WORDS = 4


def _headline_lines(text: str, furniture: list[tuple[int, int]], nlp: Language) -> list[tuple[int, int]]:
    """The title-case or all-caps lines of the page (see headlines), and a sentence-case headline among its
    first lines (a line of some words that ends no sentence: "Treasury sanctions Iranian firms over drones"),
    furniture left out."""
    out = []
    seen = 0
    for m in re.finditer(r"[^\n]+", text):
        a, b = m.start() + len(m.group()) - len(m.group().lstrip()), m.start() + len(m.group().rstrip())
        if a == b:
            continue
        seen += 1
        if b - a > MAX_HEADLINE or any(fs < b and a < fe for fs, fe in furniture):
            continue
        line = text[a:b]
        if is_headline(line, nlp) or (
            seen <= HEAD_ZONE and not ENDS_SENTENCE.search(line) and len(line.split()) >= MIN_HEADLINE_WORDS
        ):
            out.append((a, b))
    return out


def _sentences(doc: Doc) -> list[Span]:
    """doc.sents, from the sentence-start array (iterating ``doc.sents`` builds every token object)."""
    starts = numpy.flatnonzero(doc.to_array([SENT_START]).reshape(-1) == 1).tolist()
    if not starts or starts[0] != 0:
        starts = [0, *starts]
    return [doc[a:b] for a, b in pairwise([*starts, len(doc)])]
