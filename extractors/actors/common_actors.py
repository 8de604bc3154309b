"""Actors named by a common noun or an unrecognised proper noun ("a Slovakian arms dealer", "state media",
"its ministry", "the ministry", "Russia's UN ambassador, Vasily Nebenzya,")."""

from __future__ import annotations

from typing import TYPE_CHECKING

from spacy.tokens import Token

from extractors.actors.codes import organisation_of
from extractors.actors.lexicon import Known, aliases, countries_in, lookup
from extractors.actors.media import is_media
from extractors.actors.memory import Resolved
from extractors.actors.phrase import actor_kind, left_words, located_in, phrase_text, pronoun_possessor
from extractors.actors.titles import national_body
from extractors.events.lexicon import lexicon
from schemas import Actor

if TYPE_CHECKING:
    from extractors.actors.resolver import ActorResolver


def common_actor(resolver: ActorResolver, head: Token, off: int) -> list[Resolved]:
    person = _apposed_person(resolver, head, off)
    if person is not None:
        return [person]
    text = phrase_text(head)
    det_the = any(c.dep_ == "det" and c.lower_ == "the" for c in head.children)
    known = _listed_phrase(text, det_the)
    if known is not None:
        return [Resolved(Actor(name=known.name, country=known.country), actor_kind(known), off, known.via)]
    lemma = head.lemma_.lower()
    mods = countries_in(left_words(head, set()))
    if not mods and lemma in lexicon().cue("located_heads"):
        mods = located_in(head)  # "seven companies and three individuals in Iran and China"
    elif not mods and lemma in lexicon().cue("governing_heads"):
        mods = located_in(head, also=("of",))  # "the junta in X", "the leadership of X"
    found = _by_head_word(head, text, lemma, mods, off)
    if found is not None:
        return found
    found = official_of_body(resolver, head, off, text, lemma)
    if found is not None:
        return found
    return _from_context(resolver, head, off, text, det_the, lemma)


BODY_PREPOSITIONS = ("for", "of", "at")


def official_of_body(resolver: ActorResolver, head: Token, off: int, text: str, lemma: str) -> list[Resolved] | None:
    """ "a spokesman for the eastern command", "the army's spokesman", "a defence ministry spokesman": an official
    whose title names no state speaks for the body named with the title, and so for its state."""
    cues = lexicon()
    if lemma not in cues.cue("official_titles") or lemma in cues.cue("anonymous_heads"):
        return None  # "officials", "a diplomat": unnamed sources stay unnamed
    for prep in head.children:
        if prep.dep_ == "prep" and prep.lower_ in BODY_PREPOSITIONS:
            for body in (g for g in prep.children if g.dep_ == "pobj"):
                found = resolver.resolve(body, remember=False)
                if found:
                    name = f"{text} {' '.join(t.text for t in prep.subtree)}"
                    return [Resolved(Actor(name=name, country=_first_state(found)), "person", off, "title.body_of")]
    for body in (c for c in head.children if c.dep_ == "poss" and c.tag_ != "PRP$"):
        found = resolver.resolve(body, remember=False)
        if found:
            return [Resolved(Actor(name=text, country=_first_state(found)), "person", off, "title.body_poss")]
    organisation = organisation_of(left_words(head, set()))
    if organisation is not None:  # "a NATO spokesperson", "the U.N. envoy": speaks for the organisation, no state
        return [Resolved(Actor(name=text, country=None), "person", off, f"title.organisation:{organisation[0].via}")]
    if national_body(" ".join(left_words(head, set()))):  # "a defence ministry spokesman"
        country = resolver.story_state(off)
        if country:
            return [Resolved(Actor(name=text, country=country), "person", off, "title.story_state")]
    if any(c.dep_ == "det" and c.lower_ == "the" for c in head.children) and text.lower() == head.lower_:
        earlier = resolver.memory.titled(lemma, off)  # "the spokesman" after "spokesman Luis Paz"
        if earlier is not None:
            return [earlier.again(off, "memory.titled")]
    return None


def _first_state(found: list[Resolved]) -> str | None:
    return next((r.actor.country for r in found if r.actor.country), None)


def _apposed_person(resolver: ActorResolver, head: Token, off: int) -> Resolved | None:
    """ "Russia's UN ambassador, Vasily Nebenzya,": the person, with the title's state."""
    named = next((c for c in head.children if c.dep_ == "appos" and c.pos_ == "PROPN"), None)
    if named is None:
        return None
    person = [r for r in resolver.resolve_head(named) if r.kind == "person"]
    if not person:
        return None
    actor = person[0].actor
    if actor.country is None:
        mods = countries_in(left_words(head, set()))
        actor = Actor(name=actor.name, country=mods[0].country if mods else resolver.home)
    return Resolved(actor, "person", off, "person.apposition")


def _listed_phrase(text: str, det_the: bool) -> Known | None:
    """The whole phrase from the alias table, when it names a state or a body. Whole phrases only from the table:
    the converter's regexes would read "Slovakian arms dealer" as Slovakia."""
    table = aliases()
    known = (table.get(f"the {text}".lower()) if det_the else None) or table.get(text.lower())
    if known and (known.country or known.kind in ("media", "org", "institution")):
        return known
    return None


def _by_head_word(head: Token, text: str, lemma: str, mods: list[Known], off: int) -> list[Resolved] | None:
    """Outlets, documents and anonymous sources by their head word; else the states the modifiers name."""
    cues = lexicon()
    country = mods[0].country if mods else None
    if is_media(head, text):
        return [Resolved(Actor(name=text, country=country), "media", off, "head.media")]
    if lemma in cues.cue("document_heads"):
        return [Resolved(Actor(name=text, country=country), "document", off, "head.document")]
    if lemma in cues.cue("anonymous_heads") and not any(c.dep_ == "appos" for c in head.children):
        if country and head.tag_ == "NN" and any(c.dep_ == "poss" and c.tag_ != "PRP$" for c in head.children):
            return [
                Resolved(Actor(name=text, country=country), "person", off, "head.official")
            ]  # "Chile's top diplomat"
        return [Resolved(Actor(name=text, country=country), "anonymous", off, "head.anonymous")]
    if len(mods) > 1:
        return [Resolved(Actor(name=k.name, country=k.country), "state", off, f"modifier:{k.via}") for k in mods]
    if mods:
        return [Resolved(Actor(name=text, country=country), "institution", off, f"modifier:{mods[0].via}")]
    return None


def _from_context(
    resolver: ActorResolver, head: Token, off: int, text: str, det_the: bool, lemma: str
) -> list[Resolved]:
    """A phrase that names no state: its possessive pronoun's owner ("its ministry"), an earlier body it refers
    back to ("the ministry"), or, for a proper noun, a country the entity recogniser missed or an organisation."""
    if _names_a_pair(head):  # "both governments", "the two sides": the actors just named together
        group = resolver.memory.group(off)
        if group:
            return [r.again(off, "memory.group") for r in group]
    poss = pronoun_possessor(head)
    if poss is not None and lemma not in lexicon().cue("relational_heads"):
        owner = resolver.memory.pronoun(poss.lower_, resolver.offset(poss))
        if owner is not None and owner.actor.country:
            return [Resolved(Actor(name=text, country=owner.actor.country), "institution", off, "memory.possessive")]
    if det_the and head.pos_ == "NOUN":
        earlier = resolver.memory.named(head.text, off)  # "the ministry" after "Iran's Foreign Ministry"
        if earlier is not None and earlier.kind in ("institution", "org"):
            return [earlier.again(off, "memory.named")]
    bodies = lexicon().cue("national_bodies")
    if head.pos_ == "NOUN" and {lemma, head.lower_} & bodies:
        organisation = organisation_of(left_words(head, set()))
        if organisation is not None:  # "NATO forces", "the EU's military command": a body of the organisation
            return [Resolved(Actor(name=text, country=None), "org", off, f"organisation_body:{organisation[0].via}")]
    body = head.pos_ in ("NOUN", "PROPN") and {lemma, head.lower_} & bodies and national_body(text)
    body = body or (det_the and lemma in lexicon().cue("governing_heads") and text.lower() == head.lower_)
    if body and (country := resolver.story_state(off)):
        return [
            Resolved(Actor(name=text, country=country), "institution", off, "story_state.body")
        ]  # "the eastern command"
    if head.pos_ == "PROPN":
        known = lookup(text)  # a country name the entity recogniser missed ("Belarus sent tanks")
        if known and known.country and known.kind != "person":
            return [Resolved(Actor(name=known.name, country=known.country), actor_kind(known), off, known.via)]
        earlier = None if known else resolver.memory.short_form(text, off)
        if earlier is not None:  # "the Joint Chiefs" after "South Korea's Joint Chiefs of Staff"
            return [earlier.again(off, "memory.short_form")]
        earlier = None if known or " " in text else resolver.memory.named(text, off)
        if earlier is not None and earlier.kind == "person":  # "Lee said" after "Lee Min-jun", the name untagged
            return [earlier.again(off, "memory.named")]
        titled = _titled_person(resolver, head, off, text)
        if titled is not None:
            return [titled]
        return [Resolved(Actor(name=text, country=None), "org", off, "unlisted_name")]
    return []


def _titled_person(resolver: ActorResolver, head: Token, off: int, text: str) -> Resolved | None:
    """ "Ana Soto, the Chilean foreign ministry spokeswoman,": a name the recogniser missed, with an official
    title in apposition, is a person of the title's state."""
    titles = lexicon().cue("official_titles")
    for c in head.children:
        if c.dep_ == "appos" and c.pos_ == "NOUN" and c.lemma_.lower() in titles:
            mods = countries_in(left_words(c, set()))
            body = official_of_body(resolver, c, resolver.offset(c), c.text, c.lemma_.lower())
            country = mods[0].country if mods else (body[0].actor.country if body else None)
            return Resolved(Actor(name=text, country=country), "person", off, "person.title_apposition")
    return None


def _names_a_pair(head: Token) -> bool:
    """ "both governments", "both", "the two countries": a definite plural that counts the actors named before
    (not "two firms", which names new ones)."""
    pair = lexicon().cue("pair_words")
    if head.lower_ in pair and head.pos_ in ("DET", "PRON", "NUM"):
        return True
    cues = lexicon()
    if head.tag_ not in ("NNS", "NNPS") or head.lemma_.lower() in cues.cue("located_heads"):
        return False  # "the two firms" are not the states that sanctioned them
    words = {c.lower_ for c in head.children if c.dep_ in ("det", "predet", "preconj", "nummod")}
    return "both" in words or bool(words & pair and words & cues.cue("definite_determiners"))
