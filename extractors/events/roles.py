"""Grammatical slots of a trigger (subject, object, "to" object, possessor...) -> the phrase heads that fill them.

The rule's ``roles`` map (data) says which slot is the source and which the target.
"""

from __future__ import annotations

from collections.abc import Callable

from spacy.tokens import Token

from extractors.events.candidate import Candidate
from extractors.events.grammar import (
    coordinated_with,
    double_object,
    gerund_frame,
    is_noun,
    is_verb,
    objects,
    path_up,
    stranded_prep,
    with_conjuncts,
)
from extractors.events.lexicon import lexicon

SUBJECT_DEPS = {"nsubj", "csubj", "expl"}
CLAUSE_DEPS = {"xcomp", "advcl", "pcomp", "acl", "relcl"}  # a ccomp without a subject is a misparse, not control


def _pobjs(tok: Token, names: set[str]) -> list[Token]:
    out = []
    for c in tok.children:
        if c.dep_ in ("prep", "agent", "dative") and c.lower_ in names:
            for p in [c, *(x for x in c.conjuncts if x.lower_ == c.lower_)]:  # "by the UN and by Peru"
                out.extend(g for g in p.children if g.dep_ in ("pobj", "pcomp"))
    return with_conjuncts(out)


def _appended_speaker(verb: Token) -> Token | None:
    """ "X fired a missile from its coast, Peru's Joint Command said": a reporting verb the parser joined to the
    main verb, its subject hung on the phrase before as an apposition; the phrase right before it speaks."""
    if (
        verb.dep_ not in ("conj", "advcl", "ROOT")
        or verb.lemma_.lower() not in lexicon().cue("report_verbs")
        or verb.i == 0
    ):
        return None
    doc = verb.doc
    head = doc[verb.i - 1]
    if head.text == ")":  # "... Joint Chiefs of Staff (JCS) said": the phrase before the bracket
        opening = next((t.i for t in reversed(doc[max(0, head.i - 6) : head.i]) if t.text == "("), None)
        if opening is None or opening == 0:
            return None
        head = doc[opening - 1]
    for _ in range(4):
        if head.dep_ not in ("pobj", "prep", "compound", "amod"):
            break
        head = head.head
    if head.dep_ != "appos" or head.left_edge.i == 0:
        return None
    return head if doc[head.left_edge.i - 1].text == "," else None


def agents(verb: Token, depth: int = 0) -> list[Token]:
    """Who does what the verb says: its subject, a passive's "by" phrase, or the controller of a
    subjectless clause ("accused X of supplying" -> X, "joined with China in blocking" -> both)."""
    if depth > 4:
        return []
    cues = lexicon()
    frame = gerund_frame(verb)
    if frame is not None:  # "accused Pyongyang of shipping shells": Pyongyang ships them
        return with_conjuncts([c for c in frame.governor.children if c.dep_ in ("dobj", "nsubjpass")])
    passive = any(c.dep_ in ("nsubjpass", "auxpass", "agent") for c in verb.children) or (
        verb.dep_ == "acl" and verb.tag_ == "VBN"
    )
    if passive:
        by = _pobjs(verb, {"by"})
        if by:
            return by
        if verb.dep_ == "acl":
            return []
    subj = [c for c in verb.children if c.dep_ in SUBJECT_DEPS and c.tag_ != "EX"]
    if subj and not passive:
        return with_conjuncts(subj)
    misread = _appended_speaker(verb)
    if misread is not None:
        return with_conjuncts([misread])
    partner = coordinated_with(verb)
    if partner is not None:
        return agents(partner, depth + 1)  # "the White House said ... and sanctioned ..."
    stranded = _stranded_subject(verb)
    if stranded is not None:
        return with_conjuncts([stranded])
    gov = verb.head
    dep = "pcomp" if verb.dep_ == "pobj" and gov.pos_ == "ADP" and is_verb(verb) else verb.dep_  # "instead of joining"
    if dep == "pcomp" and gov.lower_ == "for":
        punished = _punished_for(gov.head)
        if punished:
            return punished  # "announced sanctions on X for purchasing jets": X purchased them
    if dep == "pcomp" and gov.pos_ == "ADP":
        gov = gov.head
    if dep in CLAUSE_DEPS and gov.i != verb.i:
        if is_verb(gov):
            if gov.lemma_.lower() in cues.cue("object_control") and dep in ("xcomp", "pcomp"):
                obj = [c for c in gov.children if c.dep_ in ("dobj", "nsubjpass")]
                if obj:
                    return with_conjuncts(obj)
            if gov.lemma_.lower() in cues.cue("involvement") and dep == "pcomp":
                involved = [c for c in gov.children if c.dep_ in ("nsubjpass", "nsubj")]
                if not involved and gov.dep_ == "acl" and is_noun(gov.head):
                    involved = [gov.head]  # "companies involved in shipping arms"
                if involved:
                    return with_conjuncts(involved)
            found = agents(gov, depth + 1)
            if gov.lemma_.lower() in cues.cue("co_agent"):
                found = found + [t for t in _pobjs(gov, {"with"}) if t not in found]
            return found
        if is_noun(gov) and lexicon().in_class(gov, "claim_noun"):
            # "Iran denied the US claims of sending drones": the claim's owner claims, the denier is accused
            denier = gov.head if gov.dep_ in ("dobj", "nsubjpass") and is_verb(gov.head) else None
            if denier is not None and denier.lemma_.lower() in lexicon().verb_lemmas("denial"):
                return agents(denier, depth + 1)
            return []
        if is_noun(gov):  # "efforts to condemn": whoever makes the efforts; "a dealer working to ..."
            owner = owner_of(gov)
            if owner:
                return owner
            if gov.ent_type_ in ("PERSON", "ORG", "NORP", "GPE"):
                return [gov]
            if verb.tag_ == "VBG":
                return [gov]
    return []


def _punished_for(word: Token) -> list[Token]:
    """The "on/against" party of a sanction noun (or of the sanction noun a verb governs) that a "for" reason hangs on."""
    anaphora = lexicon().anaphora
    nouns = [word] if is_noun(word) else [c for c in word.children if c.dep_ in ("dobj", "nsubjpass")]
    for n in nouns:
        if anaphora.get(n.lower_) == "sanction" or anaphora.get(n.lemma_.lower()) == "sanction":
            found = _pobjs(n, {"on", "against"})
            if found:
                return found
    return []


def _stranded_subject(verb: Token) -> Token | None:
    """ "two days after South Korea and Japan wrapped up an exercise": the parser hangs the subject on the
    conjunction as its object and leaves the verb subjectless."""
    if verb.i == 0 or verb.dep_ not in ("ccomp", "advcl", "conj", "dep", "pcomp"):
        return None
    prev = verb.doc[verb.i - 1]
    for t in [prev, *prev.ancestors]:
        if t.i >= verb.i:
            break
        if (
            t.dep_ == "pobj"
            and t.head.lower_ in lexicon().cue("subordinators")
            and t.right_edge.i == verb.i - 1
            and t.pos_ in ("PROPN", "NOUN", "PRON")
        ):
            return t
    return None


def owner_of(noun: Token) -> list[Token]:
    """Whose thing it is: possessor, "by" phrase, or the noun itself when its modifiers name a state ("U.S.-led efforts")."""
    poss = [c for c in noun.children if c.dep_ == "poss"]
    if poss:
        return poss
    by = _pobjs(noun, {"by", "from"})
    if by:
        return by
    for c in noun.children:  # "the draft, put forward by Britain and France", "a text drafted by the US"
        if c.dep_ == "acl" and c.tag_ == "VBN":
            by = _pobjs(c, {"by"})
            if by:
                return by
    if noun.dep_ in ("nsubj", "nsubjpass"):  # "Sponsored by Chile and Peru, the draft called for ...": fronted
        for c in noun.head.children:
            if c.dep_ == "advcl" and c.tag_ == "VBN" and c.i < noun.i and noun.left_edge.i > c.right_edge.i:
                by = _pobjs(c, {"by"})
                if by:
                    return by
    if any(c.i < noun.i and c.dep_ in ("amod", "compound", "nmod") for c in noun.children):
        return [noun]  # the resolver reads the modifiers
    return []


def content_subject(verb: Token) -> list[Token]:
    for c in verb.children:
        if c.dep_ == "ccomp":
            return with_conjuncts([g for g in c.children if g.dep_ in ("nsubj", "nsubjpass")])
    return []


def _carries_clause(cand: Candidate) -> bool:
    """A verb, or a noun with a light verb: only these have a subject and objects of their own."""
    return cand.rule.pos == "VERB" or cand.support is not None


def _subject(cand: Candidate) -> list[Token]:
    if not _carries_clause(cand):
        return deciding_owner(cand.trigger)
    found = agents(cand.host)
    if not found and cand.support is not None and _passive(cand.host):
        found = _pobjs(cand.trigger, {"by"})  # "Chile was hit with sanctions by the EU": "by" hung on the noun
    return found


def _passive(verb: Token) -> bool:
    return any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children)


def deciding_owner(noun: Token) -> list[Token]:
    """ "the US announcement of a package of arms sales": whoever announces, approves or decides a nominal event
    does it (a noun has no subject of its own; the noun that governs it through "of" may have an owner)."""
    t = noun
    while t.dep_ == "pobj" and t.head.lower_ == "of" and is_noun(t.head.head):
        t = t.head.head
        if t.lemma_.lower() in lexicon().cue("deciding_heads"):
            return owner_of(t)
    return []


def _object(cand: Candidate) -> list[Token]:
    objs = objects(cand.host) if _carries_clause(cand) else []
    return [o for o in objs if o != cand.trigger and o != cand.required]


def _object_actor(cand: Candidate) -> list[Token]:
    """Objects also of a noun trigger's own clause ("the sale of drones to Russia")."""
    return [o for o in objects(cand.host) if o != cand.required and o != cand.trigger]


def _dative(cand: Candidate) -> list[Token]:
    host = cand.host
    out = [c for c in host.children if c.dep_ in ("dative", "iobj") and c.pos_ != "ADP"]
    if not out and cand.required is not None and is_verb(host):
        out = double_object(host, cand.required)
    frame = gerund_frame(host)
    return with_conjuncts(out) + (_pobjs(host, {"to"}) or (list(frame.recipients) if frame else []))


def _preposition(name: str) -> Callable[[Candidate], list[Token]]:
    """The objects of one preposition on the trigger, else on its light verb."""

    def heads(cand: Candidate) -> list[Token]:
        trig, host, names = cand.trigger, cand.host, {name}
        found = _pobjs(trig, names)
        if not found and host is not trig:
            found = _pobjs(host, names)
        if not found and cand.required is not None and name in ("from", "to"):
            for t in path_up(cand.required, trig):  # "seeking arms from North Korea", "a package of arms sales to X"
                found = _pobjs(t, names)
                if found:
                    break
        if not found and name == "to" and (frame := gerund_frame(trig)) is not None:
            found = list(frame.recipients)
        if not found and name in ("to", "from") and cand.rule.pos == "NOUN":
            found = stranded_prep(trig, name)
        if name == "for":  # "a deal for 20 jets" names no recipient ("to" may be the licensing addressee)
            found = [t for t in found if t != cand.required]
        return found

    return heads


def _poss(cand: Candidate) -> list[Token]:
    return [c for c in cand.trigger.children if c.dep_ == "poss"]


def _modifier(cand: Candidate) -> list[Token]:
    """The trigger noun itself when it has modifiers: the resolver reads their countries ("U.S. sanctions")."""
    trig = cand.trigger
    return [trig] if any(c.i < trig.i and c.dep_ in ("amod", "compound", "nmod", "poss") for c in trig.children) else []


def _owner(cand: Candidate) -> list[Token]:
    """Whose thing the required object is: "a U.S.-drafted resolution was vetoed"."""
    verbal = cand.rule.pos == "VERB"
    obj = cand.required if cand.required is not None else next(iter(objects(cand.host)), None) if verbal else None
    return owner_of(obj) if obj is not None else []


def _object_modifier(cand: Candidate) -> list[Token]:
    """Countries modifying the required object: "Iranian drones"."""
    obj = cand.required
    return [obj] if obj is not None and _has_country_modifier(obj) else []


def _object_owner(cand: Candidate) -> list[Token]:
    return [o for obj in objects(cand.host) for o in owner_of(obj) if o != obj or _has_country_modifier(obj)]


HOLDING_VERBS = ("link", "belong", "tie", "connect", "own", "hold", "control")


def _object_holder(cand: Candidate) -> list[Token]:
    """Whose the object is: "froze Lavrov's assets", "the assets of two generals", "assets linked to Putin",
    "funds owned by the bank"."""
    found: list[Token] = []
    for obj in objects(cand.host):
        found += [c for c in obj.children if c.dep_ == "poss"]
        found += [
            g for p in obj.children if p.dep_ == "prep" and p.lower_ == "of" for g in p.children if g.dep_ == "pobj"
        ]
        for acl in (c for c in obj.children if c.dep_ == "acl" and c.lemma_.lower() in HOLDING_VERBS):
            found += [
                g
                for p in acl.children
                if p.dep_ in ("prep", "agent") and p.lower_ in ("to", "by")
                for g in p.children
                if g.dep_ == "pobj"
            ]
    return with_conjuncts(found)


def _content_subject(cand: Candidate) -> list[Token]:
    return content_subject(cand.host)


PREPOSITION_SLOTS = ("to", "from", "on", "against", "by", "with", "of", "alongside", "for")

# slot name in a rule's "roles" -> the phrase heads that fill it; the rule-file validation reads its names here
SLOTS: dict[str, Callable[[Candidate], list[Token]]] = {
    "subject": _subject,
    "object": _object,
    "object_actor": _object_actor,
    "dative": _dative,
    **{name: _preposition(name) for name in PREPOSITION_SLOTS},
    "poss": _poss,
    "modifier": _modifier,
    "owner": _owner,
    "object_modifier": _object_modifier,
    "object_owner": _object_owner,
    "object_holder": _object_holder,
    "content_subject": _content_subject,
}


def slot_heads(cand: Candidate, slot: str) -> list[Token]:
    return SLOTS[slot](cand)


def _has_country_modifier(tok: Token) -> bool:
    return any(c.i < tok.i and c.dep_ in ("amod", "compound", "nmod") for c in tok.children)
