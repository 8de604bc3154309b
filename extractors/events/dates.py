"""Which time expression governs an event.

Own clause first (the timex hangs off the event's verb, light verb or noun); then coordinated verbs
sharing it ("In March, X said ... and sanctioned ..."); then the report that carries it ("X did Y,
state media reported Tuesday", "X said Tuesday that ..."), except for perfect-aspect content. No
anchor -> None: the publication date is never used by default.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable

from spacy.tokens import Token

from extractors.events.candidate import Candidate
from extractors.events.grammar import coordinated_with, is_verb
from extractors.events.lexicon import lexicon
from extractors.events.segments import Unit
from schemas import DateInterval, TimeExpression

DATED_TYPES = {"DATE", "TIME"}
NOUN_MODIFIER_DEPS = {"compound", "amod", "nummod", "poss", "nmod"}


def _finite(tok: Token) -> bool:
    if tok.dep_ == "ROOT" or tok.tag_ in ("VBD", "VBZ", "VBP", "MD"):
        return True
    return any(c.dep_ in ("aux", "auxpass") and c.tag_ in ("MD", "VBD", "VBZ", "VBP") for c in tok.children)


def perfect(tok: Token) -> bool:
    return any(c.dep_ == "aux" and c.lemma_.lower() == "have" for c in tok.children)


class TimexIndex:
    """An article's time expressions by offset: a sentence reads the few that overlap it, not all of them."""

    def __init__(self, timexes: list[TimeExpression]) -> None:
        self.timexes = timexes
        self._order = sorted(range(len(timexes)), key=lambda i: timexes[i].start)
        self._starts = [timexes[i].start for i in self._order]
        self._longest = max((tx.end - tx.start for tx in timexes), default=0)

    def in_unit(self, unit: Unit) -> list[TimeExpression]:
        """Those overlapping the unit's sentence, in their original order (what DateAttacher keeps of all)."""
        sent = unit.sent
        lo, hi = unit.start(sent[0]), unit.end(sent[-1])
        # an expression ending after ``lo`` starts after ``lo - longest``
        first, last = bisect_left(self._starts, lo - self._longest), bisect_left(self._starts, hi)
        return [self.timexes[i] for i in sorted(i for i in self._order[first:last] if self.timexes[i].end > lo)]


class DateAttacher:
    def __init__(self, unit: Unit, timexes: list[TimeExpression], stops: set[int]) -> None:
        """``stops``: token indexes of every trigger and light verb in the unit."""
        self.unit = unit
        self.stops = stops
        self.by_governor: dict[int, TimeExpression] = {}
        self.by_token: dict[int, TimeExpression] = {}  # every token inside a dated expression
        sent = unit.sent
        lo, hi = unit.start(sent[0]), unit.end(sent[-1])
        for tx in timexes:
            if tx.end <= lo or tx.start >= hi:
                continue
            if tx.type not in DATED_TYPES or not tx.date_start or not tx.date_end or not tx.granularity:
                continue
            toks = [t for t in sent if unit.start(t) < tx.end and tx.start < unit.end(t)]
            if not toks:
                continue
            ids = {t.i for t in toks}
            root = next((t for t in toks if t.head.i not in ids or t.head.i == t.i), toks[0])
            for t in toks:
                self.by_token[t.i] = tx
            if root.dep_ == "pobj" and root.head.lower_ == "since" and root.head.head.pos_ == "NOUN":
                continue  # "the first test since October": the point of comparison, not the test's date
            if root.dep_ in NOUN_MODIFIER_DEPS and root.head.i != root.i and root.head.pos_ in ("NOUN", "PROPN"):
                gov = root.head  # "a 2017 law", "Friday's launch": the date of that thing, not of the clause
            else:
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
            if t.i in self.stops:
                return t
            if is_verb(t) and _finite(t):
                if (
                    t.lemma_.lower() in lexicon().cue("raising_verbs")
                    and t.dep_ in ("ccomp", "xcomp", "relcl")
                    and t.head.i in self.stops
                ):
                    continue  # "fired what appeared to be an ICBM on Wednesday": the date is the firing's
                return t
        return None

    def _noun_before(self, root: Token, gov: Token) -> Token | None:
        """ "The maneuvers follow larger drills in August": a date phrase right after an event noun that the
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

    def when_clause(self, verb: Token) -> TimeExpression | None:
        """ "the exercises held in August, when the PLA fired missiles": a "when" clause on a date takes it."""
        if verb.dep_ in ("relcl", "advcl", "acl") and any(
            c.lower_ == "when" and c.dep_ == "advmod" for c in verb.children
        ):
            return self.by_token.get(verb.head.i)
        return None

    def phase_clause(self, noun: Token) -> TimeExpression | None:
        """ "the joint exercise, which kicked off on Monday": a clause on the event noun saying when it began or ended."""
        phases = lexicon().cue("phase_verbs")
        for c in noun.children:
            if c.dep_ in ("relcl", "acl") and c.lemma_.lower() in phases and self.own(c):
                return self.own(c)
        return None

    def fragment(self) -> TimeExpression | None:
        """A caption or headline the parser found no finite verb in ("A frigate sails during drills in August"):
        its one date is the date of what it shows."""
        if any(is_verb(t) and _finite(t) for t in self.unit.sent):
            return None
        dated = {id(tx): tx for tx in self.by_governor.values()}
        return next(iter(dated.values())) if len(dated) == 1 else None

    def participle(self, verb: Token) -> TimeExpression | None:
        """ "X announced the move on Thursday, accusing Y of ...": a participial adjunct happens with its verb."""
        if verb.tag_ == "VBG" and verb.dep_ == "advcl" and is_verb(verb.head) and not perfect(verb.head):
            return self.own(verb.head) or self.shared(verb.head)
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


def event_date(cand: Candidate, attacher: DateAttacher) -> tuple[DateInterval | None, str | None]:
    """The event's date and the name of the rule that tied it (``date_rule``: README), first rule that holds."""
    host, trigger = cand.host, cand.trigger
    tries: list[tuple[str, Callable[[], TimeExpression | None]]] = [
        ("own_clause", lambda: attacher.own(host)),
        ("own_noun", lambda: attacher.own(trigger) if trigger is not host else None),
    ]
    if not is_verb(trigger):
        tries += [
            ("phase_clause", lambda: attacher.phase_clause(trigger)),
            ("subject_clause", lambda: _subject_clause(trigger, host, attacher)),
            ("fragment", attacher.fragment),
        ]
    if is_verb(host):
        tries += [
            ("when_clause", lambda: attacher.when_clause(host)),
            ("coordinated_verb", lambda: attacher.shared(host)),
            ("participle", lambda: attacher.participle(host)),
            ("purpose", lambda: attacher.own(host.head) if _done_purpose(cand) else None),
            ("report_verb", lambda: attacher.reported(host)),
        ]
    elif (clause := _clause_verb(host)) is not None and _eventive(clause):
        # "X are rehearsing ... as part of war games, Y said on Tuesday"
        tries.append(("report_verb.clause", lambda: attacher.reported(clause)))
    for name, attempt in tries:
        tx = attempt()
        if tx is not None:
            return interval(tx), name
    return None, None


def _subject_clause(trigger: Token, host: Token, attacher: DateAttacher) -> TimeExpression | None:
    """ "The first test of the missile was conducted in 2012", "a night launch ... was flight-tested in June last
    year": an event noun that is the subject of its clause takes the clause's own date."""
    if host is not trigger or trigger.dep_ not in ("nsubj", "nsubjpass") or not is_verb(trigger.head):
        return None
    return attacher.own(trigger.head)


def _done_purpose(cand: Candidate) -> bool:
    """ "Russia used its power on Friday to veto the resolution": an asserted "to" clause on a past verb happened
    when that verb did."""
    host = cand.host
    return (
        cand.modality == "asserted"
        and host.dep_ in ("xcomp", "advcl")
        and any(c.dep_ == "aux" and c.lower_ == "to" for c in host.children)
        and host.head.tag_ == "VBD"
    )


def _clause_verb(tok: Token) -> Token | None:
    """The verb of the clause a noun stands in."""
    for t in tok.ancestors:
        if is_verb(t):
            return t
    return None


def _eventive(verb: Token) -> bool:
    """Past or progressive: the clause tells what happened or is happening, not a standing state ("US arms
    sales undermine security, the ministry said Sunday" does not date the sales)."""
    aux = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    if verb.tag_ == "VBD":
        return True
    if verb.tag_ == "VBG":
        return bool(aux)
    return verb.tag_ == "VBN" and any(a.tag_ == "VBD" for a in aux)
