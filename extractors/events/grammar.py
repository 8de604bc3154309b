"""Dependency-parse questions the event passes ask: is it a verb, its objects, its modifiers, its light verb,
the verb it is coordinated with, the frame of a gerund the tagger read as a noun."""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Token

from extractors.actors.resolver import RELATIVES, left_phrase
from extractors.events.lexicon import lexicon

OBJECT_DEPS = {"dobj", "nsubjpass", "obj", "attr", "oprd"}
STRANDED_HOPS = 3  # words above a noun where a misattached "to X" right after it may hang


NOMINAL_SLOTS = {"pobj", "dobj", "nsubjpass"}


MODIFIER_DEPS = {"compound", "amod", "nmod", "npadvmod"}


def is_verb(tok: Token) -> bool:
    return tok.pos_ in ("VERB", "AUX") or tok.tag_.startswith("VB")


def is_noun(tok: Token) -> bool:
    return tok.pos_ in ("NOUN", "PROPN") or tok.tag_.startswith("NN")


def misread_object(tok: Token) -> bool:
    """ "began drills around the island": a plural noun right after a verb, tagged as a bare third-person verb
    complement; English has no "began drills" with "drills" a verb, so it is the verb's object."""
    return (
        tok.tag_ == "VBZ"
        and tok.dep_ in ("xcomp", "ccomp")
        and tok.i == tok.head.i + 1
        and not any(c.dep_ in ("aux", "nsubj", "mark") for c in tok.children)
    )


@dataclass(frozen=True)
class GerundFrame:
    """ "accused Pyongyang of shipping artillery shells to Russia" with "shipping" tagged as a noun modifier of
    "shells": the gerund is a verb whose object is that noun, whose agent is the accused and whose recipient
    is the "to" phrase right after the object."""

    obj: Token  # "shells"
    governor: Token  # "accused"
    recipients: tuple  # "Russia"


def gerund_frame(tok: Token) -> GerundFrame | None:
    if is_verb(tok) or not tok.lower_.endswith("ing") or tok.dep_ not in ("compound", "amod", "nmod"):
        return None
    obj = tok.head
    if obj.i <= tok.i or not is_noun(obj) or obj.dep_ != "pobj" or obj.head.lower_ != "of" or tok.i != obj.head.i + 1:
        return None
    gov = obj.head.head
    if not is_verb(gov) or gov.lemma_.lower() not in lexicon().cue("accusing_of"):
        return None
    if not any(c.dep_ in ("dobj", "nsubjpass") for c in gov.children):
        return None  # the accused party is the one who acts
    after = with_conjuncts([obj])
    edge = max(t.right_edge.i for t in after)
    recipients = [
        g
        for holder in (tok, obj, gov)
        for c in holder.children
        if c.dep_ in ("prep", "dative") and c.lower_ == "to" and c.i == edge + 1
        for g in c.children
        if g.dep_ == "pobj"
    ]
    if not recipients:
        return None
    return GerundFrame(obj, gov, tuple(with_conjuncts(recipients)))


def joined_in(tok: Token) -> Token | None:
    """ "joining Russia in voting against it": the verb of joining whose "in" clause the word heads."""
    if tok.dep_ in ("pcomp", "pobj") and is_verb(tok) and tok.head.lower_ == "in" and tok.head.dep_ == "prep":
        verb = tok.head.head
        if is_verb(verb) and verb.lemma_.lower() in lexicon().cue("co_agent"):
            return verb
    return None


def not_done(verb: Token) -> bool:
    """The verb's act explicitly did not happen: "did not join", "declined to join", "rather than joining",
    "instead of joining"."""
    cues = lexicon()
    if any(c.dep_ == "neg" and c.lower_ in cues.cue("negators") for c in verb.children):
        return True
    if verb.dep_ == "xcomp" and verb.head.lemma_.lower() in cues.cue("refusal"):
        return True
    prep = verb.head
    return (
        verb.dep_ in ("pcomp", "pobj")
        and prep.lower_ in ("than", "of")
        and prep.i > 0
        and verb.doc[prep.i - 1].lower_ in ("rather", "instead")
    )


def verb_forms(word: str) -> set[str]:
    """Possible verb lemmas of an -ing form: "shipping" -> ship, "providing" -> provide, "selling" -> sell."""
    stem = word.lower()[:-3]
    out = {stem, stem + "e"}
    if len(stem) > 2 and stem[-1] == stem[-2]:
        out.add(stem[:-1])
    return out


def with_conjuncts(toks: list[Token]) -> list[Token]:
    out: list[Token] = []
    for t in toks:
        for x in [t, *t.conjuncts]:
            if x not in out:
                out.append(x)
    return out


def coordinated_with(verb: Token) -> Token | None:
    """The verb this one is coordinated with. The parser often hangs "X said that Y was seeking ... and
    sanctioned Z" on the inner verb; a past-tense conjunct of a non-past complement verb belongs to the
    past-tense reporting verb above it."""
    if verb.dep_ != "conj" or not is_verb(verb.head):
        return None
    head = verb.head
    if (
        head.dep_ == "ccomp"
        and verb.tag_ == "VBD"
        and head.tag_ != "VBD"
        and is_verb(head.head)
        and head.head.tag_ == "VBD"
        and not any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children)
    ):
        return head.head
    return head


def objects(verb: Token) -> list[Token]:
    """Direct objects, passive subjects, "supply Russia with drones", and the noun a participle modifies."""
    found = [c for c in verb.children if c.dep_ in OBJECT_DEPS or (c.dep_ == "dative" and c.pos_ != "ADP")]
    frame = gerund_frame(verb)
    if frame is not None:
        found.append(frame.obj)  # "of shipping shells" with "shipping" tagged as a noun
    for c in verb.children:
        if c.dep_ == "prep" and c.lower_ == "with":
            found.extend(g for g in c.children if g.dep_ == "pobj")
    if verb.dep_ == "acl" and verb.tag_ == "VBN":
        found.append(verb.head)  # "weapons supplied by Iran"
    if verb.dep_ in ("nmod", "amod", "compound") and verb.tag_ == "VBZ" and verb.head.i > verb.i:
        found.append(verb.head)  # headline misparse: "North Korea fires ballistic missile" hangs the verb on its object
    for c in verb.children:  # "fired what appeared to be an ICBM": the thing the free relative names
        if (
            c.dep_ in ("ccomp", "dobj")
            and is_verb(c)
            and any(g.dep_ == "nsubj" and g.lower_ == "what" for g in c.children)
        ):
            clause = next((g for g in c.children if g.dep_ == "xcomp" and g.lemma_ == "be"), c)
            found.extend(g for g in clause.children if g.dep_ in ("attr", "oprd"))
    for obj in list(found):  # "hundreds of drones", "a shipment of shells"
        if obj.like_num or obj.pos_ in ("NUM", "PRON") or obj.lemma_.lower() in lexicon().cue("quantity_heads"):
            found.extend(
                g for c in obj.children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children if g.dep_ == "pobj"
            )
    if verb.dep_ == "relcl" and not any(c.dep_ in ("dobj", "nsubjpass") for c in verb.children):
        if any(c.dep_ == "nsubj" and c.tag_ not in ("WDT", "WP") for c in verb.children):
            antecedent = verb.head  # "allegations the North denies"
            rel = next((c for c in verb.children if c.lower_ in RELATIVES and c.i < verb.i), None)
            if rel is not None and antecedent.lower_ in lexicon().anaphora:
                antecedent = left_phrase(rel) or antecedent  # "sanctions on firms in Iran that X accused": the firms
            found.append(antecedent)
    return with_conjuncts(found)


def modifiers(noun: Token) -> list[Token]:
    """Compound/adjective modifiers and "of" objects: "missile test", "the launch of its ICBM"."""
    found = [c for c in noun.children if c.dep_ in MODIFIER_DEPS and c.i < noun.i]
    for c in noun.children:
        if c.dep_ == "prep" and c.lower_ == "of":
            found.extend(g for g in c.children if g.dep_ == "pobj")
    found.extend(n for g in list(found) if (n := _past_platform_phrase(g)) is not None)
    deep = list(found)
    for m in found:  # "solid-fuel ICBM", "ballistic missile"
        deep.extend(g for g in m.children if g.dep_ in MODIFIER_DEPS)
    return with_conjuncts(deep)


def _past_platform_phrase(tok: Token) -> Token | None:
    """ "the X surface to surface ballistic missile" unhyphenated: the parser ends the phrase at the first
    "surface"; the noun it describes comes after "to surface" and its adjectives."""
    doc, words = tok.doc, lexicon().cue("platform_words")
    i = tok.i
    if tok.lower_ not in words or i + 2 >= len(doc) or doc[i + 1].lower_ != "to" or doc[i + 2].lower_ not in words:
        return None
    last = None
    for t in doc[i + 3 : min(i + 7, tok.sent.end)]:
        if t.pos_ not in ("ADJ", "NOUN", "PROPN"):
            break
        last = t
    return last


def governing_verb(noun: Token) -> Token | None:
    """The verb a nominal trigger is the object of: "imposed sanctions", "hit Russia with sanctions", "take part in drills"."""
    t = noun
    while t.dep_ == "conj" and t.head.i != t.i:
        t = t.head
    if t.dep_ == "pobj" and t.head.lower_ == "of" and is_noun(t.head.head):
        t = t.head.head  # "sent a message of congratulations", "imposed a package of sanctions"
        while t.dep_ == "conj" and t.head.i != t.i:
            t = t.head
    if t.dep_ in OBJECT_DEPS and is_verb(t.head):
        return t.head
    if t.dep_ == "pobj" and t.head.lower_ in ("with", "in", "to") and is_verb(t.head.head):
        return t.head.head
    if t.dep_ == "dobj" and t.head.dep_ == "xcomp":
        return t.head
    if misread_object(t):
        return t.head
    return None


def preps(tok: Token, names: set[str]) -> list[Token]:
    return [c for c in tok.children if c.dep_ in ("prep", "agent", "dative") and c.lower_ in names]


def contact_clause(noun: Token, fits) -> Token | None:
    """The verb of a relative clause right after the noun whose object the noun is ("a string of vetoes Moscow
    has cast"), also when the parser hung the clause on a noun further up."""
    doc = noun.doc
    own = next((v for v in noun.children if v.dep_ == "relcl" and v.i > noun.i), None)
    if own is not None:
        return own if fits(own) and not any(g.dep_ in ("dobj", "nsubjpass") for g in own.children) else None
    nxt = noun.right_edge.i + 1
    if nxt >= len(doc):
        return None
    ancestors = {noun.i, *(a.i for a in noun.ancestors)}
    for v in [doc[nxt], *doc[nxt].ancestors]:
        if v.dep_ == "relcl" and v.head.i in ancestors and v.left_edge.i == nxt:
            if fits(v) and not any(g.dep_ in ("dobj", "nsubjpass") for g in v.children):
                return v
            return None
    return None


def prep_objects(tok: Token, name: str) -> list[Token]:
    return [
        g
        for c in tok.children
        if c.dep_ in ("prep", "dative") and c.lower_ == name
        for g in c.children
        if g.dep_ == "pobj"
    ]


def definite(tok: Token) -> bool:
    """ "the launch", "these drills", "Friday's launch": a noun that refers back."""
    return tok.pos_ == "NOUN" and any(
        (c.dep_ == "det" and c.lower_ in lexicon().cue("definite_determiners"))
        or (c.dep_ == "poss" and c.ent_type_ in ("DATE", "TIME"))
        for c in tok.children
    )


def double_object(verb: Token, obj: Token) -> list[Token]:
    """ "sold Chile missiles", "sent North Korea shells": a place name right after the verb that the parser made
    a compound of the object is the indirect object."""
    doc = verb.doc
    i = verb.i + 1
    if i >= len(doc) or doc[i].ent_type_ != "GPE" or doc[i].ent_iob_ != "B":
        return []
    end = i
    while end + 1 < len(doc) and doc[end + 1].ent_iob_ == "I":
        end += 1
    root = doc[end]
    return [root] if root.dep_ == "compound" and root.head.i == obj.i else []


def stranded_prep(noun: Token, name: str) -> list[Token]:
    """ "opposes U.S. arms sales to Taiwan", "sanctions over arms sales to Taiwan": the parser hangs the
    "to" phrase right after the noun on a word above it; when it names a state by its name, it is the noun's."""
    for gov in list(noun.ancestors)[:STRANDED_HOPS]:
        for c in gov.children:
            if c.dep_ == "prep" and c.lower_ == name and c.i == noun.right_edge.i + 1:
                objs = [g for g in c.children if g.dep_ == "pobj" and g.pos_ == "PROPN"]
                return with_conjuncts(objs)
    return []


def path_up(low: Token, high: Token) -> list[Token]:
    """The licensing word and the nouns above it up to (not including) the trigger."""
    out = [low]
    for t in low.ancestors:
        if t.i == high.i:
            return out
        if is_noun(t):
            out.append(t)
    return out[:1]  # the trigger is not above it ("seeking arms"): the word itself only
