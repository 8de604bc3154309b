"""Trigger candidates: lexicon matches whose grammatical conditions (object, modifier, light verb...) hold."""

from __future__ import annotations

from spacy.tokens import Token

from extractors.events.candidate import Candidate
from extractors.events.conditions import Where, holds
from extractors.events.grammar import (
    NOMINAL_SLOTS,
    contact_clause,
    gerund_frame,
    governing_verb,
    is_noun,
    is_verb,
    misread_object,
    verb_forms,
)
from extractors.events.lexicon import Lexicon, TriggerRule, lexicon, trigger_matcher
from extractors.events.segments import Unit


def _first_unit_by_token(group: list[Unit]) -> dict[int, Unit]:
    """Token index -> the first unit of ``group`` holding it (one pass, not a scan per match)."""
    found: dict[int, Unit] = {}
    for u in group:
        for i in range(u.sent.start, u.sent.end):
            found.setdefault(i, u)
    return found


class TriggerFinder:
    def __init__(self, lex: Lexicon | None = None) -> None:
        self.lex = lex or lexicon()

    def candidates(self, units: list[Unit]) -> list[Candidate]:
        """Every licensed trigger in the units, one per word, in text order."""
        by_doc: dict[int, list[Unit]] = {}
        for u in units:
            by_doc.setdefault(id(u.sent.doc), []).append(u)
        found: list[Candidate] = []
        for group in by_doc.values():
            seen: set[tuple[str, int]] = set()  # (rule, token): each rule is checked once per word
            found += self._pattern_matches(group, seen)
            found += self._gerund_matches(group, seen)
        found.sort(key=lambda c: c.start)
        return _one_per_trigger(_drop_restatements(found))

    def _pattern_matches(self, group: list[Unit], seen: set[tuple[str, int]]) -> list[Candidate]:
        doc = group[0].sent.doc
        out = []
        unit_at = _first_unit_by_token(group)
        for key, start, end in trigger_matcher()(doc):
            rule = self.lex.rules[key]
            tok = doc[start + rule.head]
            unit = unit_at.get(tok.i)
            if unit is None or (rule.key, tok.i) in seen:
                continue
            seen.add((rule.key, tok.i))
            cand = self.check(rule, tok, unit, doc[start:end])
            if cand is not None:
                out.append(cand)
        return out

    def _gerund_matches(self, group: list[Unit], seen: set[tuple[str, int]]) -> list[Candidate]:
        """Verbs the tagger read as nouns, in a clear verbal frame: "accused X of shipping shells to Y"."""
        doc = group[0].sent.doc
        out = []
        for unit in group:
            for tok in unit.sent:
                if gerund_frame(tok) is None:
                    continue
                forms = verb_forms(tok.text)
                for key, rule in self.lex.rules.items():
                    if rule.pos != "VERB" or (key, tok.i) in seen or not forms & self.lex.words[key]:
                        continue
                    seen.add((key, tok.i))
                    cand = self.check(rule, tok, unit, doc[tok.i : tok.i + 1])
                    if cand is not None:
                        out.append(cand)
        return out

    def check(self, rule: TriggerRule, tok: Token, unit: Unit, matched) -> Candidate | None:
        if (
            rule.pos == "VERB"
            and (not is_verb(tok) or any(c.dep_ == "det" and c.i < tok.i for c in tok.children))
            and gerund_frame(tok) is None
        ):
            return None  # "the Baltic states": a noun the tagger took for a verb
        if rule.pos == "VERB" and tok.dep_ == "amod":
            return None  # "their alleged involvement", "a sanctioned firm": a participle describing a noun
        if rule.pos == "NOUN" and not (is_noun(tok) or tok.dep_ in NOMINAL_SLOTS or misread_object(tok)):
            return None  # "with asset freezes": a noun the tagger took for a verb is still a noun in a noun's slot
        support = governing_verb(tok) if rule.pos == "NOUN" else None
        if rule.pos == "NOUN" and (support is None or not self.is_support(support, rule)):
            # "the exercise staged by the United States and Japan", "drills held last week"
            support = next(
                (
                    c
                    for c in tok.children
                    if c.dep_ == "acl"
                    and c.i > tok.i
                    and (c.tag_ == "VBN" or any(g.dep_ == "agent" for g in c.children))
                    and self.is_support(c, rule)
                ),
                support,
            )
            if support is None or not self.is_support(support, rule):  # "the vetoes Moscow has cast"
                support = contact_clause(tok, lambda v: self.is_support(v, rule)) or support
        required: Token | None = None
        if rule.requires:
            for alt in rule.requires:
                ok, req = holds(alt, Where(tok, unit, support, self.lex))
                if ok:
                    required = req
                    break
            else:
                return None
        for alt in rule.exclude:
            if holds(alt, Where(tok, unit, support, self.lex))[0]:
                return None
        if support is not None and not self.is_support(support, rule):
            support = None
        s, e = unit.start(matched[0]), unit.end(matched[-1])
        if support is not None and support.i < tok.i and tok.i - support.i <= 4:
            s = unit.start(support)  # "sent a message", "imposed sanctions"
        for c in tok.children:  # "shut down"
            if c.dep_ == "prt" and c.i == tok.i + 1:
                e = unit.end(c)
        return Candidate(rule=rule, trigger=tok, unit=unit, span=(s, e), support=support, required=required)

    def is_support(self, verb: Token, rule: TriggerRule) -> bool:
        return is_support(verb, rule, self.lex)


def is_support(verb: Token, rule: TriggerRule, lex: Lexicon | None = None) -> bool:
    """Any light-verb class named by the rule's alternatives."""
    lex = lex or lexicon()
    classes = [alt["support"] for alt in rule.requires if "support" in alt] + ([rule.support] if rule.support else [])
    return any(lex.in_class(verb, c) for c in classes)


def _drop_restatements(found: list[Candidate]) -> list[Candidate]:
    """Candidates that only restate another one's event in the same phrase."""

    def at(c: Candidate, tok: Token) -> tuple[int, int, str]:
        return (id(tok.doc), tok.i, c.type)

    heads = {at(c, c.trigger) for c in found}
    # "a message of greetings", "a series of drills": the "of" noun is the same event as its head
    found = [
        c
        for c in found
        if not (c.trigger.dep_ == "pobj" and c.trigger.head.lower_ == "of" and at(c, c.trigger.head.head) in heads)
    ]
    # "lodged a protest": the light verb of a nominal trigger is no second event of the same type
    carried = {at(c, c.support) for c in found if c.support is not None}
    found = [c for c in found if at(c, c.trigger) not in carried]
    # "imposed asset freezes and travel bans on ...": coordinated nouns under one light verb are one event
    by_token = {at(c, c.trigger): c for c in found}
    return [
        c
        for c in found
        if not (
            c.trigger.dep_ == "conj"
            and c.support is not None
            and (first := by_token.get(at(c, c.trigger.head))) is not None
            and first.support is not None
            and first.support.i == c.support.i
        )
    ]


def _one_per_trigger(cands: list[Candidate]) -> list[Candidate]:
    """A word triggers one event type; the most specific rule (one with conditions) wins."""
    best: dict[tuple[int, int], Candidate] = {}
    for c in cands:
        key = (id(c.trigger.doc), c.trigger.i)
        old = best.get(key)
        if old is None or (c.required is not None and old.required is None and old.rule.speech):
            best[key] = c
    return sorted(best.values(), key=lambda c: c.start)
