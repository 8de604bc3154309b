"""Where an event happened: the place governed by the event, found the way ``dates`` finds its time.

A place is the object of a location preposition (data/event_places.json) on the trigger, its light verb, or, for
physical events, the word that licensed the rule ("fired missiles into the sea" parsed with the phrase on
"missiles"): "in" and "at" for any event ("said in Seoul"), "into", "from", "around", "off", "over", ... only for
physical ones (a launch, drills, a transfer; never "sanctions over Crimea"). A preposition that fills one of the
rule's actor slots ("bought arms from Russia") names a party, not a place. The object is a name the gazetteer
knows ("the East Sea", "Pyongyang"); or a place noun around a name ("the Sunan area of Pyongyang", "Russia's
Nizhny Novgorod region", "Russian territory", "a range on the White Sea"); or a venue with a place ("at a summit
in Brussels"). Besides: "the region where the drills took place" and "Norway is hosting the exercises".
Nothing else in the sentence counts, and the dateline never does: it is where the reporter was.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import lru_cache

from spacy.tokens import Token

from extractors.events.candidate import Candidate
from extractors.events.gazetteer import Place, demonym_country, place_rules, rank, resolve
from extractors.events.lexicon import lexicon

NOT_PLACES = {"DATE", "TIME", "MONEY", "PERCENT", "QUANTITY", "CARDINAL", "ORDINAL"}
NAME_DEPS = {"compound", "amod", "nmod"}
MAX_DEPTH = 3  # place nouns inside place nouns: "at a range on the coast of X"


def place_of(cand: Candidate) -> Place | None:
    """The most specific place the event's own phrases give, else None."""
    return most_specific(_places(cand))


def most_specific(places: Iterable[Place | None]) -> Place | None:
    """The highest-ranked place; the first of equal rank (the earlier mention, the nearer phrase)."""
    best: Place | None = None
    for p in places:
        if p is not None and (best is None or rank(p) > rank(best)):
            best = p
    return best


def _places(cand: Candidate) -> Iterator[Place | None]:
    rules = place_rules()
    physical = cand.type in rules.physical_types and not lexicon().type_of(cand.type).speech_act
    allowed = set(rules.prepositions) | (set(rules.physical_prepositions) if physical else set())
    allowed -= set(cand.rule.roles)  # "arms from Russia": the slot of a party
    hosts = [cand.trigger]
    if cand.support is not None and not _reports(cand.support):
        hosts.append(cand.support)
    if physical and cand.required is not None and cand.required is not cand.trigger:
        hosts.append(cand.required)
    if physical:
        hosts += [v for h in list(hosts) for v in _undergone(h)]
    for host in hosts:
        for child in host.children:
            word = child.lower_
            if child.dep_ == "prep" and (word in allowed or word in rules.venue_prepositions):
                for obj in _prep_objects(child):
                    yield _phrase(obj, venue_only=word not in allowed)
            elif physical and child.dep_ in ("advmod", "npadvmod") and word in rules.area_heads:
                yield most_specific(_phrase(o, depth=1) for o in _located(child, {"of"}))  # "began south of Jeju"
        yield _where_clause(host)
    if cand.support is not None and cand.support.lemma_.lower() in rules.host_verbs:
        for subj in cand.support.children:  # "Norway is hosting the exercises"
            if subj.dep_ == "nsubj":
                yield _phrase(subj)


def _undergone(noun: Token) -> list[Token]:
    """ "the exercise began in ...", "the drills were held off ...", "missiles ... were intercepted over ...": a verb
    the event noun is the subject of, that takes no object of its own ("take place" aside) and says nothing
    about it ("the drills were condemned in Tokyo" is where the condemnation was); with the verbs joined to it
    that share its subject ("were intercepted and destroyed over ...")."""
    if noun.dep_ not in ("nsubj", "nsubjpass"):
        return []
    head = noun.head
    verbs = [head, *(v for v in head.conjuncts if not any(c.dep_ in ("nsubj", "nsubjpass") for c in v.children))]
    return [v for v in verbs if _says_nothing(v)]


def _says_nothing(verb: Token) -> bool:
    if verb.pos_ != "VERB" or _reports(verb) or verb.lemma_.lower() in _speech_lemmas():
        return False
    return not any(c.dep_ == "dobj" and c.lower_ != "place" for c in verb.children)


@lru_cache(maxsize=1)
def _speech_lemmas() -> frozenset[str]:
    """The trigger words of the speech-act types (say, accuse, condemn, deny, ...)."""
    lex = lexicon()
    words: set[str] = set()
    for key, rule in lex.rules.items():
        if lex.type_of(rule.type).speech_act:
            for pattern in lex.patterns[key]:
                value = pattern[0].get("LEMMA") or pattern[0].get("LOWER") or {}
                words |= set(value.get("IN", [])) if isinstance(value, dict) else {value}
    return frozenset(w.lower() for w in words)


def _prep_objects(prep: Token) -> list[Token]:
    objs = [g for g in prep.children if g.dep_ == "pobj"]
    for c in prep.children:
        if c.dep_ == "pcomp" and c.tag_ == "VBG":  # "from neighboring Yemen" read as a verb and its object
            objs += [g for g in c.children if g.dep_ == "dobj"]
    return objs


def _reports(support: Token) -> bool:
    """ "announced the exercise in Singapore": the place of the announcement, not of the exercise."""
    lemma = support.lemma_.lower()
    return lemma in lexicon().cue("report_verbs") or lemma in lexicon().cue("planning")


def _where_clause(host: Token) -> Place | None:
    """ "the region, where some of the drills took place": the event is in a "where" clause on a place noun."""
    for t in [host, *host.ancestors]:
        if t.pos_ in ("VERB", "AUX"):
            if t.dep_ == "relcl" and any(c.lower_ == "where" and c.dep_ == "advmod" for c in t.children):
                return _phrase(t.head)
            return None
    return None


def _phrase(tok: Token, venue_only: bool = False, depth: int = 0) -> Place | None:
    """The place a noun phrase names: by its name, or a place noun's name, or a venue's place."""
    if depth > MAX_DEPTH or tok.ent_type_ in NOT_PLACES or tok.pos_ in ("PRON", "NUM", "DET"):
        return None
    rules = place_rules()
    head = tok.lemma_.lower()
    if head in rules.venue_heads or tok.lower_ in rules.venue_heads:
        # "at a summit in Brussels", "at a summit of EU leaders in Brussels"
        held = _located(tok, {"in", "at"}) + [p for o in _located(tok, {"of"}) for p in _located(o, {"in", "at"})]
        return most_specific([_named(tok), *(_phrase(o, depth=depth + 1) for o in held)])
    if venue_only:
        return None
    area = head in rules.area_heads or tok.lower_ in rules.area_heads
    found = _named(tok, area)
    if not area:
        return found
    if found is not None and tok.pos_ == "PROPN":
        return found  # "Jeju Island", "the Gaza Strip": the place noun is part of the name
    inner = [found, *(_phrase(o, depth=depth + 1) for o in _located(tok, {"of", "in", "on", "near", "off"}))]
    for c in tok.children:
        if c.dep_ == "poss":  # "Saudi Arabia's southwestern province"
            inner.append(_phrase(c, depth=depth + 1))
        elif c.dep_ in ("amod", "compound", "nmod") and c.i < tok.i:  # "Russian territory"
            inner.append(demonym_country(c.text))
        elif c.dep_ in ("advmod", "npadvmod") and c.lower_ in rules.area_heads:  # "waters south of X"
            inner += [_phrase(o, depth=depth + 1) for o in _located(c, {"of"})]
    return most_specific(inner)


def _located(tok: Token, words: set[str]) -> list[Token]:
    return [g for c in tok.children if c.dep_ == "prep" and c.lower_ in words for g in c.children if g.dep_ == "pobj"]


def _named(tok: Token, area: bool = False) -> Place | None:
    """A name ending at ``tok``: its capitalised modifiers and itself ("Taiwan Strait", "Nizhny Novgorod"),
    with an "of" name after it ("Sea of Japan"), longest first; for a place noun, the name before it alone."""
    if tok.ent_type_ in NOT_PLACES:
        return None
    doc = tok.doc
    start = tok.i
    while start > 0 and doc[start - 1].head.i in range(start, tok.i + 1) and doc[start - 1].dep_ in NAME_DEPS:
        if not doc[start - 1].text[:1].isupper():
            break
        start -= 1
    spans: list[tuple[int, int]] = []
    of = next((c for c in tok.children if c.dep_ == "prep" and c.lower_ == "of"), None)
    if of is not None and of.i == tok.i + 1:
        obj = next((g for g in of.children if g.dep_ == "pobj"), None)
        if obj is not None and obj.text[:1].isupper():
            spans.append((start, obj.i + 1))  # "Sea of Japan", "Strait of Hormuz"
    spans.append((start, tok.i + 1))
    if area and start < tok.i:
        spans.append((start, tok.i))  # "Nizhny Novgorod region": the name before the place noun
    for a, b in spans:
        words = doc[a:b]
        if not words.text[:1].isupper() or any(t.ent_type_ in NOT_PLACES for t in words):
            continue
        place = resolve(words.text)
        if place is None:
            continue
        if place.kind == "city" and not area and any(t.ent_type_ == "PERSON" for t in words):
            continue  # "Kim" is a town in India too: a person the tagger saw is no town, unless a place noun says so
        return place
    return None
