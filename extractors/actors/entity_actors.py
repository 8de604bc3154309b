"""Actors named by an entity ("Kim Jong Un", "Iran's Foreign Ministry", "Xinhua"): the alias table and country
names first, then the phrase's own modifiers, titles, appositions and what the article said before."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from spacy.tokens import Span, Token

from extractors.actors.codes import organisation_of
from extractors.actors.common_actors import official_of_body
from extractors.actors.lexicon import Known, countries_in, lookup, normalise
from extractors.actors.media import is_media
from extractors.actors.memory import Resolved
from extractors.actors.phrase import actor_kind, left_words
from extractors.actors.titles import (
    appositive_country,
    national_body,
    place_of_office,
    postmodifier_country,
    title_noun_country,
    title_words,
    untied_title,
)
from extractors.events.lexicon import lexicon
from schemas import Actor

if TYPE_CHECKING:
    from extractors.actors.resolver import ActorResolver

PLACE_LABELS = ("GPE", "NORP", "LOC")


def entity_actor(resolver: ActorResolver, head: Token, ent: Span, off: int) -> list[Resolved]:
    text = normalise(ent.text)
    if text.lower().startswith("the "):
        text = text[4:]
    if ent.label_ == "PERSON":  # "Spokesperson Zhao Lijian": the title is no part of the name
        words = text.split()
        titles = lexicon().cue("official_titles")
        while len(words) > 1 and words[0].lower() in titles:
            words = words[1:]
        text = " ".join(words)
    if not lookup(text) and (r := resolver.memory.short_form(text, off)) is not None:
        return [r.again(off, "memory.short_form")]  # "(JCS)", "the JCS", "the Joint Chiefs" after the full name
    det_the = ent.start > 0 and ent.doc[ent.start - 1].lower_ == "the"
    known = (lookup(f"the {text}") if det_the else None) or lookup(text)
    skip = set(range(ent.start, ent.end))
    modifiers = countries_in(left_words(ent.root if ent.root.i == head.i else head, skip))
    # the tables beat the recogniser's label: "Xinhua reported" tagged PERSON is still the agency
    if (ent.label_ == "PERSON" and (known is None or known.kind == "person")) or (known and known.kind == "person"):
        return [_person(resolver, head, ent, off, text, known, modifiers)]
    if known and known.kind in ("country", "place") and ent.label_ == "ORG" and is_media(head, text):
        return [Resolved(Actor(name=text, country=known.country), "media", off, f"media:{known.via}")]  # "RFE/RL's ..."
    if known:
        return [Resolved(Actor(name=known.name, country=known.country), actor_kind(known), off, known.via)]
    return _unlisted(resolver, head, ent, off, text, modifiers)


def _person(
    resolver: ActorResolver, head: Token, ent: Span, off: int, text: str, known: Known | None, modifiers: list[Known]
) -> Resolved:
    """A person, with the state of a modifier ("North Korean leader"), the alias table, an apposition, the place
    the sentence puts an official in, or the story's home state for a bare official title."""
    name = known.name if known else text
    if not known and not modifiers and len(text.split()) == 1:
        earlier = resolver.memory.named(text, off)  # "Kim" after "Kim Jong Un"
        if earlier and earlier.kind == "person":
            return earlier.again(off, "memory.named")
    if modifiers:
        return Resolved(Actor(name=name, country=modifiers[0].country), "person", off, f"modifier:{modifiers[0].via}")
    if known and known.country:
        return Resolved(Actor(name=name, country=known.country), "person", off, known.via)
    organisation = organisation_of([t.text for t in title_words(head, ent)])
    if organisation is not None:  # "NATO Secretary General X ... in Kyiv" speaks for NATO, not for the place
        return Resolved(Actor(name=name, country=None), "person", off, f"title.organisation:{organisation[0].via}")
    ties: list[tuple[str, Callable[[], str | None]]] = [
        ("person.apposition", lambda: appositive_country(head)),
        ("person.of_phrase", lambda: postmodifier_country(head)),
        ("person.title_apposition", lambda: title_noun_country(head)),
        ("person.place_of_office", lambda: place_of_office(head, ent)),
        ("person.official_apposition", lambda: _official_in_apposition(resolver, head)),
    ]
    if not known and untied_title(head, ent):  # "Defense Minister Gen Nakatani said" in a story filed from Tokyo
        ties.append(("title.story_state", lambda: resolver.story_state(off)))
    for rule, tie in ties:
        country = tie()
        if country is not None:
            return Resolved(Actor(name=name, country=country), "person", off, rule)
    return Resolved(Actor(name=name, country=None), "person", off, known.via if known else "person.name")


def _official_in_apposition(resolver: ActorResolver, head: Token) -> str | None:
    for c in head.children:
        if c.dep_ == "appos" and c.pos_ == "NOUN":
            found = official_of_body(resolver, c, resolver.offset(c), c.text, c.lemma_.lower())
            if found and found[0].actor.country:
                return found[0].actor.country
    return None


def _unlisted(
    resolver: ActorResolver, head: Token, ent: Span, off: int, text: str, modifiers: list[Known]
) -> list[Resolved]:
    """A name the tables do not know: states inside a place name, else an organisation or outlet whose country
    comes from its own words or its modifiers ("Iran's Foreign Ministry")."""
    inside = countries_in(text.split())
    if ent.label_ in PLACE_LABELS and inside:
        return [Resolved(Actor(name=k.name, country=k.country), "state", off, f"place_name:{k.via}") for k in inside]
    country = (inside or modifiers or [None])[0]
    kind = "media" if is_media(head, text) else "org"
    if country is None and kind == "org" and national_body(text) and (home := resolver.story_state(off)):
        # "the Defense Ministry", "the Presidential Office": a state body that names no state is the home state's
        return [Resolved(Actor(name=text, country=home), "institution", off, "story_state.body")]
    if country is None and len(text.split()) == 1:
        earlier = resolver.memory.named(text, off)
        if earlier:
            return [earlier.again(off, "memory.named")]
    if country is None and (of := postmodifier_country(head)):  # "Emmerson Mnangagwa of Zimbabwe" read as an ORG
        return [Resolved(Actor(name=text, country=of), kind, off, "person.of_phrase")]
    rule = f"modifier:{country.via}" if country else "unlisted_name"
    return [Resolved(Actor(name=text, country=country.country if country else None), kind, off, rule)]
