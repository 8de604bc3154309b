"""The conditions a trigger rule's ``requires`` / ``exclude`` alternatives test, one small function per key.

Each condition gets the word that matched, where it stands, and the key's value from the rule data; it
answers whether it holds and, for conditions that license the rule by another word ("imposed sanctions on
firms": the object), that word. ``CONDITIONS`` is the one table of keys: the rule-file validation takes its
key list from here, so a key the code does not know is an error in the data, never a silent no-op.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from spacy.tokens import Token

from extractors.actors.lexicon import lookup
from extractors.events.grammar import (
    gerund_frame,
    is_verb,
    joined_in,
    modifiers,
    not_done,
    objects,
    prep_objects,
    preps,
    with_conjuncts,
)
from extractors.events.lexicon import Lexicon
from extractors.events.segments import Unit

MEDIUM_PREPOSITIONS = ("in", "via", "through", "by")  # "said in a statement", "via a text message"


@dataclass(frozen=True)
class Where:
    """The matched word and its surroundings, as a condition sees them."""

    tok: Token
    unit: Unit
    support: Token | None  # the light verb carrying a nominal trigger, if any
    lex: Lexicon


Outcome = tuple[bool, Token | None]  # (holds, the word that licensed it)
HOLDS: Outcome = (True, None)
FAILS: Outcome = (False, None)


def _first(hits: list[Token]) -> Outcome:
    return (True, hits[0]) if hits else FAILS


def _flag(actual: bool, wanted: Any) -> Outcome:
    return HOLDS if actual == bool(wanted) else FAILS


def object_in(w: Where, cls: str) -> Outcome:
    """The verb's direct object, passive subject or 'with' object is in the class ("fired missiles")."""
    return _first([o for o in objects(w.tok) if w.lex.in_class(o, cls)])


def modifier_in(w: Where, cls: str) -> Outcome:
    """A compound/adjective modifier or 'of' object of the noun is in the class ("missile test")."""
    return _first([m for m in modifiers(w.tok) if w.lex.in_class(m, cls)])


def support_in(w: Where, cls: str) -> Outcome:
    """The noun is carried by a light verb of the class ("imposed sanctions")."""
    return HOLDS if w.support is not None and w.lex.in_class(w.support, cls) else FAILS


def has_prep(w: Where, names: list[str]) -> Outcome:
    """The trigger or its light verb has one of these prepositions ("sanctions on Russia")."""
    wanted = set(names)
    return HOLDS if preps(w.tok, wanted) or (w.support is not None and preps(w.support, wanted)) else FAILS


def plural(w: Where, wanted: bool) -> Outcome:
    return _flag(w.tok.tag_ in ("NNS", "NNPS"), wanted)


def lemma_in(w: Where, words: list[str]) -> Outcome:
    return HOLDS if w.tok.lemma_.lower() in words or w.tok.lower_ in words else FAILS


def sentence_has(w: Where, cls: str) -> Outcome:
    """Some word of the sentence is in the class (an international body for "blocked a resolution")."""
    return HOLDS if w.lex.sentence_has(w.unit.sent.text, cls) else FAILS


def tag_is(w: Where, tag: str) -> Outcome:
    return HOLDS if w.tok.tag_ == tag else FAILS


def governor_in(w: Where, cls: str) -> Outcome:
    """An adjunct or conjunct of a verb of the class ("has sanctioned US firms, most recently targeting X")."""
    tok = w.tok
    return HOLDS if tok.dep_ in ("advcl", "conj", "xcomp") and w.lex.in_class(tok.head, cls) else FAILS


def dep_in(w: Where, deps: list[str]) -> Outcome:
    return HOLDS if w.tok.dep_ in deps else FAILS


def medium(w: Where, wanted: bool) -> Outcome:
    """The noun is the channel of a statement ("said in a text message sent to reporters")."""
    tok = w.tok
    return _flag(tok.dep_ == "pobj" and tok.head.lower_ in MEDIUM_PREPOSITIONS and is_verb(tok.head.head), wanted)


def refused_join(w: Where, wanted: bool) -> Outcome:
    """The trigger heads the 'in' clause of a join that did not happen ("abstained rather than joining Russia in
    voting against it")."""
    join = joined_in(w.tok)
    return _flag(join is not None and not_done(join), wanted)


def object_noun(w: Where, wanted: bool) -> Outcome:
    """The verb has a noun object ("maintaining a posture", "added firms to"): not the speech sense."""
    return _flag(any(c.dep_ in ("dobj", "obj") and c.pos_ in ("NOUN", "PROPN", "NUM") for c in w.tok.children), wanted)


def to_object_in(w: Where, cls: str) -> Outcome:
    """A 'to' object in the class ("added X to its sanctions list")."""
    return _first([o for o in prep_objects(w.tok, "to") if w.lex.in_class(o, cls)])


def on_object_in(w: Where, cls: str) -> Outcome:
    """An 'on' object in the class."""
    return _first([o for o in prep_objects(w.tok, "on") if w.lex.in_class(o, cls)])


def recipient(w: Where, wanted: bool) -> Outcome:
    """The verb names who receives ("sent drones to Russia", "sent Ukraine tanks"; not "sent jets around Taiwan")."""
    tok = w.tok
    has = (
        bool(prep_objects(tok, "to"))
        or gerund_frame(tok) is not None
        or any(c.dep_ in ("dative", "iobj") and c.pos_ != "ADP" for c in tok.children)
    )
    return _flag(has, wanted)


def object_prep(w: Where, names: list[str]) -> Outcome:
    """The verb's object carries one of these prepositions: the parser hangs "threatened the EU with sanctions"
    and "notified Oslo of the launch" on the object as often as on the verb."""
    wanted = set(names)
    return HOLDS if any(preps(o, wanted) for o in objects(w.tok) if o.i > w.tok.i) else FAILS


def particle(w: Where, words: list[str]) -> Outcome:
    """The verb has one of these particles ("called out", "called off")."""
    return HOLDS if any(c.dep_ == "prt" and c.lower_ in words for c in w.tok.children) else FAILS


def complement(w: Where, wanted: bool) -> Outcome:
    """The verb has a clause complement ("called on Iran to free the crew", "said that ...")."""
    return _flag(any(c.dep_ in ("xcomp", "ccomp") for c in w.tok.children), wanted)


def predicate(w: Where, wanted: bool) -> Outcome:
    """The verb says what its object is: an object predicate ("called the sanctions illegal", "called the
    vote a failure"), also when the parser reads it as a second object."""
    deps = [c.dep_ for c in w.tok.children if c.pos_ != "ADP"]  # a "to" dative is an addressee, not an object
    return _flag("oprd" in deps or ("dative" in deps and "dobj" in deps), wanted)


def from_clause(w: Where, cls: str) -> Outcome:
    """The object of the verb's "from" clause is in the class ("prevented the council from issuing a statement")."""
    for p in preps(w.tok, {"from"}):
        for clause in p.children:
            if clause.dep_ in ("pcomp", "pobj") and is_verb(clause):
                hits = [o for o in objects(clause) if w.lex.in_class(o, cls)]
                if hits:
                    return True, hits[0]
    return FAILS


def prevented_by(w: Where, cls: str) -> Outcome:
    """The trigger, or the light verb carrying it, is the "from" clause of a verb of the class: the statement a
    council was kept from issuing never came out ("prevented the council from issuing a statement")."""
    for t in (w.tok, w.support):
        if (
            t is not None
            and t.dep_ in ("pcomp", "pobj")
            and t.head.lower_ == "from"
            and w.lex.in_class(t.head.head, cls)
        ):
            return HOLDS
    return FAILS


def addressee(w: Where, cls: str) -> Outcome:
    """The "to" object of the trigger or of its verb names a party: a named person, state or body, or a head of
    the class ("in greetings to President X", "in a letter to the council"); never an outlet or the public
    ("in a message to reporters")."""
    heads = prep_objects(w.tok, "to") + (prep_objects(w.support, "to") if w.support is not None else [])
    heads += prep_objects(w.tok.head, "to") if w.tok.head.pos_ == "ADP" else []  # "In greetings to X" misparsed
    media = w.lex.cue("media_heads") | w.lex.cue("anonymous_heads")
    for o in with_conjuncts(heads):
        if o.lemma_.lower() in media or o.lower_ in media:
            continue
        if o.ent_type_ in ("PERSON", "GPE", "NORP", "ORG"):
            known = lookup(" ".join(t.text for t in o.subtree if t.ent_type_ == o.ent_type_))
            if known is None or known.kind != "media":
                return True, o
        if w.lex.in_class(o, cls) or any(t.ent_type_ in ("GPE", "NORP") for t in o.subtree):
            return True, o  # "the leadership of Armenia", "his Western counterparts"
    return FAILS


def object_proper(w: Where, wanted: bool) -> Outcome:
    """The direct object is a proper name ("welcomed Lula to Brasilia", not "welcomed the deal")."""
    return _flag(any(c.dep_ in ("dobj", "obj") and c.pos_ == "PROPN" for c in w.tok.children), wanted)


Condition = Callable[[Where, Any], Outcome]

# key in the rule data -> (test, kind of value it takes: "class" = '@name', "words", "bool", "text")
CONDITIONS: dict[str, tuple[Condition, str]] = {
    "object": (object_in, "class"),
    "modifier": (modifier_in, "class"),
    "support": (support_in, "class"),
    "prep": (has_prep, "words"),
    "plural": (plural, "bool"),
    "lemma_in": (lemma_in, "words"),
    "sentence": (sentence_has, "class"),
    "tag": (tag_is, "text"),
    "governor": (governor_in, "class"),
    "dep": (dep_in, "words"),
    "medium": (medium, "bool"),
    "refused_join": (refused_join, "bool"),
    "object_noun": (object_noun, "bool"),
    "to_object": (to_object_in, "class"),
    "on_object": (on_object_in, "class"),
    "recipient": (recipient, "bool"),
    "object_prep": (object_prep, "words"),
    "particle": (particle, "words"),
    "complement": (complement, "bool"),
    "predicate": (predicate, "bool"),
    "from_clause": (from_clause, "class"),
    "prevented_by": (prevented_by, "class"),
    "addressee": (addressee, "class"),
    "object_proper": (object_proper, "bool"),
}


def holds(alternative: dict[str, Any], where: Where) -> Outcome:
    """Every condition of one alternative holds; the licensing word is the last one a condition named."""
    licensed: Token | None = None
    for key, value in alternative.items():
        ok, word = CONDITIONS[key][0](where, value)
        if not ok:
            return FAILS
        if word is not None:
            licensed = word
    return True, licensed
