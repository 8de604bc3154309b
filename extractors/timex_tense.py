"""Tense of the clause a time expression sits in, from the spaCy parse: it decides which
way a bare weekday or month points ("will meet Friday" -> the coming Friday)."""
from __future__ import annotations

from typing import Literal

from spacy.tokens import Doc, Token

Tense = Literal["past", "present", "future"]

_FUTURE_AUX = {"will", "'ll", "shall", "wo", "would", "'d"}
_FUTURE_VERBS = {"plan", "schedule", "expect", "due", "set", "intend", "aim", "hope", "prepare", "propose"}


def _governing_verb(token: Token) -> Token | None:
    """Climb from the expression to the first verb/auxiliary that heads it."""
    seen = 0
    while seen < 12:
        if token.pos_ in ("VERB", "AUX") and token.dep_ not in ("amod", "compound"):
            return token
        if token.head is token:
            return None
        token = token.head
        seen += 1
    return None


def verb_tense(verb: Token) -> Tense | None:
    auxes = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    words = {a.lower_ for a in auxes}
    if words & _FUTURE_AUX:
        return "future"
    if any(a.lower_ in ("going", "to") for a in auxes):
        # infinitive: "plans to visit Friday" looks ahead unless its governor is past
        # ("had been due to expire Friday")
        head = verb.head
        while head is not verb and head.pos_ == "ADJ" and head.head is not head:
            head = head.head
        if head is verb or head.pos_ not in ("VERB", "AUX"):
            return "future"
        governing = verb_tense(head)
        return "past" if governing == "past" and head.lemma_ not in _FUTURE_VERBS else "future"
    if any(a.tag_ in ("VBD",) for a in auxes) or verb.tag_ == "VBD":
        return "past"
    if any(a.lemma_ == "have" for a in auxes) and verb.tag_ == "VBN":
        return "past"
    if verb.tag_ == "VBN" and not auxes and verb.dep_ in ("acl", "relcl", "advcl"):
        return "past"
    if verb.tag_ in ("VBZ", "VBP") or any(a.tag_ in ("VBZ", "VBP") for a in auxes):
        if verb.tag_ == "VBG" or verb.lemma_ in _FUTURE_VERBS:
            return "future"  # "is meeting Friday", "is scheduled for"
        return "present"
    if verb.tag_ == "MD":
        return "future" if verb.lower_ in _FUTURE_AUX else None
    return None


def tense_at(doc: Doc, start: int, end: int) -> Tense | None:
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    verb = _governing_verb(span.root)
    tense = verb_tense(verb) if verb is not None else None
    if tense is None:
        # fall back on the first finite verb of the sentence
        for tok in span.sent:
            if tok.pos_ in ("VERB", "AUX"):
                tense = verb_tense(tok)
                if tense:
                    break
    return tense
