"""What a noun phrase is made of in the dependency parse: its entity span, its own modifiers, its text, the
phrase a relative pronoun stands for, and the countries of an "in X" / "from X" phrase."""

from __future__ import annotations

from spacy.tokens import Span, Token

from extractors.actors.lexicon import Known, countries_in, normalise

ENTITY_LABELS = {"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC"}
RELATIVES = {"that", "which", "who", "whom"}
CLAUSE_DEPS = ("relcl", "acl", "prep", "appos", "advcl", "ccomp")  # what hangs below a head but is no modifier
STATE_KINDS = {"country": "state", "demonym": "state", "place": "state"}  # Known.kind -> Resolved.kind


def entity_span(tok: Token) -> Span | None:
    """The named entity the token is part of, from its IOB tags (no scan of ``doc.ents``)."""
    label = tok.ent_type_
    if label not in ENTITY_LABELS:
        return None
    doc = tok.doc
    start = tok.i
    while start > 0 and doc[start].ent_iob_ == "I" and doc[start - 1].ent_type_ == label:
        start -= 1
    end = tok.i + 1
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    return Span(doc, start, end, label=label)


def left_words(head: Token, skip: set[int]) -> list[str]:
    """Words of the phrase before its head (its own modifiers), plus any appositive."""
    doc = head.doc
    return [
        doc[i].text
        for i in range(head.left_edge.i, head.i)
        if i not in skip and below(doc[i], head) and not in_clause(doc[i], head)
    ]


def below(tok: Token, head: Token) -> bool:
    """True when head is an ancestor of tok."""
    t = tok
    for _ in range(64):
        if t.head.i == t.i:
            return False
        t = t.head
        if t.i == head.i:
            return True
    return False


def in_clause(tok: Token, head: Token) -> bool:
    """True when tok sits in a relative clause, prepositional phrase or apposition below head."""
    t = tok
    while t.i != head.i and t.head.i != t.i:
        if t.dep_ in CLAUSE_DEPS:
            return True
        t = t.head
    return False


def phrase_text(head: Token) -> str:
    """The phrase up to its head, without determiners, punctuation or possessive pronouns ("Iran's Foreign
    Ministry", "state media")."""
    toks = [
        t
        for t in head.subtree
        if t.i <= head.i and not in_clause(t, head) and t.dep_ not in ("det", "punct") and t.tag_ not in ("PRP$", "WP$")
    ]
    return normalise(" ".join(t.text for t in toks).replace(" 's", "'s").replace(" - ", "-"))


def pronoun_possessor(head: Token) -> Token | None:
    """ "its" in "its ministry"."""
    for c in head.children:
        if c.dep_ == "poss" and c.tag_ in ("PRP$",):
            return c
    return None


def left_phrase(pron: Token) -> Token | None:
    """The noun phrase that ends right before a relative pronoun (its highest noun head)."""
    if pron.i == 0:
        return None
    prev = pron.doc[pron.i - 1]
    if prev.is_punct and pron.i > 1:
        prev = pron.doc[pron.i - 2]
    found = None
    for t in [prev, *prev.ancestors]:
        if t.right_edge.i > prev.i:
            break
        if t.pos_ in ("NOUN", "PROPN") and t.dep_ != "conj":
            found = t
    return found


def located_in(head: Token, also: tuple[str, ...] = ()) -> list[Known]:
    """Countries of an "in X" / "from X" / "based in X" / "including X" phrase (and of the prepositions ``also``
    names) on the head or its conjuncts."""
    found: list[Known] = []
    for h in [head, *head.conjuncts]:
        for c in h.children:
            prep = c if c.dep_ == "prep" else None
            if c.dep_ == "acl" and c.lower_ == "based":
                prep = next((g for g in c.children if g.dep_ == "prep" and g.lower_ == "in"), None)
            if prep is None or prep.lower_ not in (
                "in",
                "from",
                "including",
                *also,
            ):  # "five entities, including Iran's ..."
                continue
            for obj in prep.children:
                if obj.dep_ == "pobj":
                    for k in countries_in([t.text for t in obj.subtree]):
                        if k not in found:
                            found.append(k)
    return found


def actor_kind(known: Known) -> str:
    """The actor kind of a table entry: countries, demonyms and places act as states."""
    return STATE_KINDS.get(known.kind, known.kind)
