"""Modality of a candidate event: asserted, alleged (accused of, reportedly), planned (seeking, efforts to,
will), negated (did not). Climbing stops at another event's trigger, so "efforts to condemn X over
tests" makes the condemnation planned but not the tests."""

from __future__ import annotations

from spacy.tokens import Token

from extractors.events.candidate import Candidate
from extractors.events.grammar import is_verb, joined_in, not_done
from extractors.events.lexicon import lexicon

MAX_CLIMB = 5


def _negated(tok: Token) -> bool:
    neg = lexicon().cue("negators")
    return any(
        c.dep_ == "neg" or (c.dep_ == "det" and c.lower_ == "no") or (c.dep_ == "advmod" and c.lower_ == "never")
        for c in tok.children
        if c.lower_ in neg
    )


def modality(cand: Candidate, trigger_tokens: set[tuple[int, int]]) -> str:
    lex = lexicon()
    host, trig = cand.host, cand.trigger
    planning, alleging = lex.cue("planning"), lex.cue("alleging")
    if cand.rule.modality:
        return cand.rule.modality
    if cand.support is not None and cand.support.lemma_.lower() in lex.support_modality:
        return lex.support_modality[cand.support.lemma_.lower()]
    if _negated(host) or (host is not trig and _negated(trig)):
        return "negated"
    join = joined_in(host)
    if (join is not None and not_done(join)) or (is_verb(host) and not_done(host)):
        return "negated"  # "declined to join Russia in blocking the resolution", "refused to sell arms"
    if host.lemma_.lower() in planning and cand.rule.pos == "VERB" and cand.required is not None:
        return "planned"  # "seeking arms"
    for c in host.children:
        if c.dep_ == "aux" and (c.lower_ in lex.cue("future_aux") or c.lower_ in lex.cue("modal_planned")):
            return "planned"
        if c.dep_ == "advmod" and c.lower_ in lex.cue("alleged_adverbs"):
            return "alleged"
    if host.dep_ == "pobj" and host.head.lower_ == "for" and host.head.head.lemma_.lower() in planning:
        return "planned"  # "called for sanctions", "pushed for new drills": also when the call is an event itself
    t = host
    for _ in range(MAX_CLIMB):
        if t.head.i == t.i:
            break
        below, t = t, t.head
        lemma = t.lemma_.lower()
        if (id(t.doc), t.i) in trigger_tokens:
            return "alleged" if lemma in alleging and not lex.type_of(cand.type).speech_act else "asserted"
        if below.dep_ in ("nsubj", "nsubjpass") and lemma in lex.cue("purpose_verbs"):
            break  # "the test was aimed at ...": what serves a purpose happened
        if lemma in planning and t.pos_ != "AUX":
            return "planned"
        if lemma in alleging and not lex.type_of(cand.type).speech_act:
            return "alleged"
        if lemma in lex.cue("report_verbs"):
            break  # the content of "said" is as asserted as the speaker makes it
    return "asserted"
