"""Titles and offices: whose state an official or a body speaks for when its name shows none ("Foreign Ministry
spokesman X said in Beijing", "the Defense Ministry" in a Tokyo story), and names of international bodies."""

from __future__ import annotations

from collections.abc import Callable

from spacy.tokens import Span, Token

from extractors.actors.lexicon import Known, countries_in, lookup, normalise
from extractors.actors.phrase import in_clause
from extractors.events.lexicon import lexicon

PLACE_HOPS = 3  # prepositional phrases followed from the verb: "announced the move at a briefing in Beijing"


def title_words(head: Token, ent: Span) -> list[Token]:
    """The words before a person's name in its phrase ("Foreign Ministry spokesman"), also when the recogniser took
    a leading title into the name ("Spokesperson Zhao Lijian")."""
    before = [t for t in head.subtree if t.i < ent.start and not in_clause(t, head)]
    titles = lexicon().cue("official_titles")
    inside = []
    for t in ent[:-1]:  # the last word is the name's own
        if t.lower_ not in titles:
            break
        inside.append(t)
    return before + inside


def untied_title(head: Token, ent: Span) -> bool:
    """ "Foreign Ministry spokesman X", "Defense Minister X": an official title that names no state and no
    international organisation (not "NATO chief X", "U.N. envoy X")."""
    words = title_words(head, ent)
    if not any(t.lower_ in lexicon().cue("official_titles") for t in words):
        return False
    return not names_organisation([t.text for t in words])


def national_body(text: str) -> bool:
    """A ministry, office or armed service named without a state or an organisation it belongs to."""
    words = text.replace("-", " ").split()
    if not any(w.lower() in lexicon().cue("national_bodies") for w in words):
        return False
    return not names_organisation(words)


def place_of_office(head: Token, ent: Span) -> str | None:
    """ "In Tehran, Foreign Ministry spokesman X said", "spokesman X told a briefing in Beijing": an official
    whose title names no state speaks for the capital or country where the sentence places him."""
    titles = lexicon().cue("official_titles")
    if not any(t.lower_ in titles for t in title_words(head, ent)):
        return None
    verb = head.head
    if head.dep_ not in ("nsubj", "nsubjpass") or verb.i == head.i:
        return None
    for p in _places_in(verb):
        known = lookup(normalise(" ".join(t.text for t in p.subtree if t.dep_ != "det")))
        if known and known.country and known.kind in ("place", "country"):
            return known.country
    return None


def _places_in(verb: Token) -> list[Token]:
    """Place names (GPE) of "in X" phrases on the verb, its object, and their prepositional objects."""
    places = []
    frontier = [verb]
    for _ in range(PLACE_HOPS):
        nxt = []
        for t in frontier:
            for c in t.children:
                if c.dep_ == "prep":
                    objs = [g for g in c.children if g.dep_ == "pobj"]
                    if c.lower_ == "in":
                        places.extend(g for g in objs if g.ent_type_ == "GPE")
                    nxt.extend(objs)
                elif t is verb and c.dep_ in ("dobj",):
                    nxt.append(c)
        frontier = nxt
    return places


def appositive_country(head: Token) -> str | None:
    """The first country named in an apposition to the head ("X, a Russian diplomat,")."""
    for c in head.children:
        if c.dep_ == "appos":
            words = [t.text for t in c.subtree]
            found = countries_in(words)
            if found:
                return found[0].country
    return None


def postmodifier_country(head: Token) -> str | None:
    """The state an "of"/"from" phrase right on a person's name gives ("Foreign Minister X of Germany")."""
    for prep in head.children:
        if prep.dep_ == "prep" and prep.lower_ in ("of", "from") and prep.i > head.i:
            for obj in prep.children:
                known = lookup(normalise(" ".join(t.text for t in obj.subtree)))
                if obj.dep_ == "pobj" and known and known.country and known.kind in ("country", "place"):
                    return known.country
    return None


def title_noun_country(head: Token) -> str | None:
    """A person named in apposition to a title takes the title's state: "Ireland's UN envoy, X," "the Irish
    envoy, X," "her counterpart from Niger, X," (also when the parser hangs the name on the country itself)."""
    if head.dep_ != "appos" or head.head.i == head.i:
        return None
    noun = head.head
    if noun.ent_type_ in ("GPE", "NORP") or noun.pos_ == "PROPN":  # the recogniser may call a country an ORG
        known = lookup(normalise(noun.text))
        return known.country if known and known.kind in ("country", "place", "demonym") else None
    if noun.ent_type_ or noun.pos_ != "NOUN":
        return None
    words = [t.text for t in noun.subtree if t.i < noun.i and t.dep_ in ("poss", "amod", "compound", "nmod", "case")]
    found = countries_in(words)
    return found[0].country if found else postmodifier_country(noun)


def names_organisation(words: list[str]) -> bool:
    """True when a run of capitalised words names an international organisation or an outlet ("United Nations")."""
    return organisation_in(words, lambda k: k.kind in ("org", "media")) is not None


def organisation_in(words: list[str], wanted: Callable[[Known], bool]) -> Known | None:
    """The first name a run of capitalised words gives that ``wanted`` accepts, longest names first."""
    for run in _capital_runs(words):
        for n in range(len(run), 0, -1):
            for i in range(len(run) - n + 1):
                known = lookup(" ".join(run[i : i + n]))
                if known is not None and wanted(known):
                    return known
    return None


def _capital_runs(words: list[str]) -> list[list[str]]:
    runs: list[list[str]] = [[]]
    for w in words:
        if w[:1].isupper():
            runs[-1].append(w)
        elif runs[-1]:
            runs.append([])
    return [r for r in runs if r]
