"""Which time expression governs an event.

Own clause first (the timex hangs off the event's verb, light verb or noun); then coordinated verbs
sharing it ("In March, X said ... and sanctioned ..."); then the report that carries it ("X did Y,
state media reported Tuesday", "X said Tuesday that ..."), except for perfect-aspect content. No
anchor -> None: the publication date is never used by default.
"""
from __future__ import annotations

from spacy.tokens import Token

from extractors.event_lexicon import lexicon
from extractors.event_segments import Unit
from extractors.event_triggers import Candidate, coordinated_with, is_verb
from schemas import DateInterval, TimeExpression

DATED_TYPES = {"DATE", "TIME"}


def _finite(tok: Token) -> bool:
    if tok.dep_ == "ROOT" or tok.tag_ in ("VBD", "VBZ", "VBP", "MD"):
        return True
    return any(c.dep_ in ("aux", "auxpass") and c.tag_ in ("MD", "VBD", "VBZ", "VBP") for c in tok.children)


def perfect(tok: Token) -> bool:
    return any(c.dep_ == "aux" and c.lemma_.lower() == "have" for c in tok.children)


class DateAttacher:
    def __init__(self, unit: Unit, timexes: list[TimeExpression], stops: set[int]) -> None:
        """``stops``: token indexes of every trigger and light verb in the unit."""
        self.unit = unit
        self.stops = stops
        self.by_governor: dict[int, TimeExpression] = {}
        sent = unit.sent
        for tx in timexes:
            if tx.type not in DATED_TYPES or not tx.date_start or not tx.date_end or not tx.granularity:
                continue
            toks = [t for t in sent if unit.start(t) < tx.end and tx.start < unit.end(t)]
            if not toks:
                continue
            ids = {t.i for t in toks}
            root = next((t for t in toks if t.head.i not in ids or t.head.i == t.i), toks[0])
            gov = self._governor(root)
            if gov is not None and gov.i not in stops:
                gov = self._noun_before(root, gov) or gov
            if gov is not None and gov.i not in self.by_governor:
                self.by_governor[gov.i] = tx

    def _governor(self, root: Token) -> Token | None:
        t = root
        for _ in range(12):
            if t.head.i == t.i:
                return t
            t = t.head
            if t.i in self.stops or (is_verb(t) and _finite(t)):
                return t
        return None

    def _noun_before(self, root: Token, gov: Token) -> Token | None:
        """"The maneuvers follow larger drills in August": a date phrase right after an event noun that the
        parser hung on a verb which is no event belongs to the noun."""
        prep = root.head if root.dep_ == "pobj" else None
        if prep is None or prep.head.i != gov.i or prep.i == 0:
            return None
        noun = prep.doc[prep.i - 1]
        if noun.i in self.stops and noun.head.i == gov.i and not is_verb(noun):
            return noun
        return None

    def own(self, tok: Token) -> TimeExpression | None:
        return self.by_governor.get(tok.i)

    def shared(self, verb: Token) -> TimeExpression | None:
        """A timex of any verb coordinated with this one."""
        top = verb
        while coordinated_with(top) is not None:
            top = coordinated_with(top)
        group = [top, *[c for c in top.subtree if c.dep_ == "conj" and is_verb(c) and _conj_chain(c, top)]]
        if verb not in group:
            group.append(verb)
        for v in group:
            if v.i != verb.i and self.own(v):
                return self.own(v)
        return None

    def reported(self, verb: Token) -> TimeExpression | None:
        """The date of the report carrying this content, unless the content is perfect."""
        if perfect(verb):
            return None
        report = lexicon().cue("report_verbs")
        t = verb
        while t.dep_ == "conj" and is_verb(t.head):
            t = t.head
        if t.dep_ in ("ccomp", "parataxis") and is_verb(t.head) and t.head.lemma_.lower() in report:
            tx = self.own(t.head) or self.shared(t.head)
            if tx:
                return tx
        # "X did Y, state media reported Tuesday": a dated report verb that is no event of its own
        for tok in self.unit.sent:
            if tok.lemma_.lower() in report and is_verb(tok) and tok.i not in self.stops and self.own(tok):
                return self.own(tok)
        return None


def _conj_chain(tok: Token, top: Token) -> bool:
    t = tok
    while t.i != top.i:
        nxt = coordinated_with(t)
        if nxt is None:
            return False
        t = nxt
    return True


def interval(tx: TimeExpression) -> DateInterval:
    return DateInterval(start=tx.date_start, end=tx.date_end, granularity=tx.granularity, text=tx.text)


def event_date(cand: Candidate, attacher: DateAttacher) -> DateInterval | None:
    host = cand.host
    tx = attacher.own(host) or (attacher.own(cand.trigger) if cand.trigger is not host else None)
    if tx is None and is_verb(host):
        tx = attacher.shared(host) or attacher.reported(host)
    return interval(tx) if tx else None
