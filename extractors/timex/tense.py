"""Tense of the clause a time expression sits in, from the spaCy parse: it decides which
way a bare weekday or month points ("will meet Friday" -> the coming Friday)."""

from __future__ import annotations

from typing import Literal

from spacy.tokens import Doc, Token

from extractors.timex.lexicon import cue_before, word_set

Tense = Literal["past", "present", "future"]


def _governing_verb(token: Token) -> Token | None:
    """Climb from the expression to the first verb/auxiliary that heads it."""
    seen = 0
    while seen < 12:
        if token.pos_ in ("VERB", "AUX") and token.dep_ not in ("amod", "compound"):
            return token
        if token.head.i == token.i:
            return None
        token = token.head
        seen += 1
    return None


def verb_tense(verb: Token) -> Tense | None:
    auxes = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    words = {a.lower_ for a in auxes}
    if words & word_set("future_auxiliaries"):
        # "may have been", "would have won": a modal perfect looks back
        return "past" if "have" in words and verb.tag_ == "VBN" else "future"
    if any(a.lower_ in ("going", "to") for a in auxes):
        # infinitive: "plans to visit Friday" looks ahead unless its governor is past
        # ("had been due to expire Friday")
        head = verb.head
        while head.i != verb.i and head.pos_ == "ADJ" and head.head.i != head.i:
            head = head.head
        if head.i == verb.i or head.pos_ not in ("VERB", "AUX"):
            return "future"
        if _pluperfect(head):
            return "past"  # "had been scheduled to expire Friday": a plan overtaken, its time gone by
        governing = verb_tense(head)
        return "past" if governing == "past" and head.lemma_ not in word_set("future_verbs") else "future"
    if (
        verb.lemma_ in ("plan", "schedule")
        and verb.tag_ == "VBN"
        and any(a.lemma_ == "have" and a.tag_ in ("VBZ", "VBP") for a in auxes)
    ):
        return "future"  # "has scheduled a news conference Thursday": a plan standing now looks ahead
    if any(a.tag_ in ("VBD",) for a in auxes) or verb.tag_ == "VBD":
        return "past"
    if any(a.lemma_ == "have" for a in auxes) and verb.tag_ == "VBN":
        return "past"
    if verb.tag_ == "VBN" and not auxes and verb.dep_ in ("acl", "relcl", "advcl"):
        return "past"
    if verb.tag_ == "VBP" and not auxes and any(c.dep_ == "nsubj" and c.tag_ in ("NN", "NNP") for c in verb.children):
        return "past"  # "Weakness ... hurt the index": a singular subject makes a bare "hurt"/"cut" past tense
    if verb.tag_ in ("VBZ", "VBP") or any(a.tag_ in ("VBZ", "VBP") for a in auxes):
        if verb.tag_ == "VBG" or verb.lemma_ in word_set("future_verbs"):
            return "future"  # "is meeting Friday", "is scheduled for"
        return "present"
    if verb.tag_ == "MD":
        return "future" if verb.lower_ in word_set("future_auxiliaries") else None
    return None


def _pluperfect(verb: Token | None) -> bool:
    return (
        verb is not None
        and verb.tag_ == "VBN"
        and any(c.dep_ == "aux" and c.lower_ in ("had", "'d") for c in verb.children)
    )


def _scheduled(root: Token, verb: Token | None) -> bool:
    """Simple present of an event verb that the time hangs on directly ("Polls open at 7 a.m. Sunday",
    "the leaders meet Monday"): news present for a scheduled event, so it looks ahead."""
    if verb is None or verb.tag_ not in ("VBP", "VBZ") or verb.lemma_ in word_set("not_scheduled_verbs"):
        return False
    if any(c.dep_ in ("aux", "auxpass") for c in verb.children) or not any(c.dep_ == "nsubj" for c in verb.children):
        return False  # a verb with its own subject: a noun mis-tagged as a verb ("tracking drills") has none
    head = root.head
    if head.i == verb.i:
        return root.dep_ in ("npadvmod", "obl", "tmod")
    return head.dep_ == "prep" and head.lower_ in ("on", "at") and head.head.i == verb.i


def cue_direction(text: str, start: int) -> Tense | None:
    """Direction set by a cue word just before ``start``: past after "since", future after "until"
    or "ahead of", else None."""
    before = text[max(0, start - 30) : start]
    if cue_before("lookback_words", 3).search(before):
        return "past"
    if cue_before("deadline_words", 3).search(before):
        return "future"
    return None


def tense_at(doc: Doc, start: int, end: int, text: str | None = None) -> Tense | None:
    """Which way the clause around doc.text[start:end] points, cue words first: "since" looks
    back and "until"/"effective" ahead whatever the verb says, except in a past perfect clause.
    ``text`` is doc.text when the caller has it (doc.text rebuilds the whole text on every call)."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    cue = cue_direction(doc.text if text is None else text, start)
    if cue == "past":
        return "past"
    verb = _governing_verb(span.root)
    if cue == "future" and not _pluperfect(verb):
        return "future"
    tense = verb_tense(verb) if verb is not None else None
    if tense == "present" and _scheduled(span.root, verb):
        return "future"
    if tense is None and verb is not None and verb.tag_ == "VBG" and verb.dep_ == "acl":
        # "a dialogue starting on Monday": the participle shares the tense of the clause around its noun
        outer = _governing_verb(verb.head)
        tense = verb_tense(outer) if outer is not None and outer.i != verb.i else None
    if tense is None:
        # fall back on the first finite verb of the sentence (a verb, not one of its auxiliaries)
        for tok in span.sent:
            if tok.pos_ in ("VERB", "AUX") and tok.dep_ not in ("aux", "auxpass"):
                tense = verb_tense(tok)
                if tense:
                    break
    return tense
