"""Actors from the dependency parse: a noun phrase -> named actors with their ISO alpha-3 country.

Handles coordination ("Moscow and Beijing"), hyphenated pairs ("U.S.-South Korea"), the phrase's own
modifiers ("North Korean leader Kim Jong Un", "a Slovakian arms dealer"), appositives, relative
pronouns, metonyms and institutions (alias table), and within-article coreference ("Kim", "its",
"the ministry") through an ``ActorMemory`` filled in text order.
"""

from __future__ import annotations

from bisect import bisect_left, insort
from dataclasses import dataclass, field

from spacy.tokens import Span, Token

from extractors.actors.lexicon import Known, aliases, countries_in, lookup, normalise
from extractors.events.lexicon import lexicon
from schemas import Actor

ENTITY_LABELS = {"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC"}
STATE_LABELS = {"GPE", "NORP"}
NOT_ACTORS = {"DATE", "TIME", "CARDINAL", "ORDINAL", "PERCENT", "MONEY", "QUANTITY"}
LEFT_MODIFIER_DEPS = {
    "compound",
    "amod",
    "nmod",
    "poss",
    "npadvmod",
    "nummod",
    "det",
    "case",
    "punct",
    "hyph",
    "quantmod",
}


@dataclass(frozen=True)
class Resolved:
    actor: Actor
    kind: str  # person | state | institution | media | org | anonymous | document | other
    offset: int  # absolute char offset of the phrase head


@dataclass
class ActorMemory:
    """Actors seen so far in the article, by offset, for pronouns and short names."""

    seen: list[tuple[int, Resolved]] = field(default_factory=list)
    acronyms: dict[str, Resolved] = field(default_factory=dict)  # "(JCS)" after "South Korea's Joint Chiefs of Staff"

    def add(self, item: Resolved) -> None:
        if item.actor.country or item.kind in ("person", "institution", "org", "media"):
            entry = (item.offset, item)
            if entry not in self.seen:
                insort(self.seen, entry, key=lambda e: e[0])

    def before(self, offset: int) -> list[Resolved]:
        return [r for _, r in reversed(self.seen[: bisect_left(self.seen, offset, key=lambda e: e[0])])]

    def pronoun(self, word: str, offset: int) -> Resolved | None:
        cues = lexicon()
        for r in self.before(offset):
            if word in cues.cue("pronoun_people"):
                if r.kind == "person":
                    return r
            elif word in cues.cue("pronoun_states"):
                if r.kind != "person" and r.kind != "media" and r.actor.country:
                    return r
            elif r.kind != "media" and r.actor.country:
                return r
        return None

    def short_form(self, text: str, offset: int) -> Resolved | None:
        """An earlier body with a state that this name shortens: "the Joint Chiefs" or "the JCS" after "South
        Korea's Joint Chiefs of Staff". One-word names other than acronyms are left to ``named``."""
        low = text.lower()
        if low in self.acronyms:
            return self.acronyms[low]
        for r in self.before(offset):
            if r.kind in ("institution", "org") and r.actor.country and shortens(text, r.actor.name):
                return r
        return None

    def named(self, word: str, offset: int) -> Resolved | None:
        """An earlier actor whose name contains this word: "Kim" -> Kim Jong Un, "the ministry" -> Iran's Foreign Ministry."""
        low = word.lower()
        for r in self.before(offset):
            if low in r.actor.name.lower().replace("-", " ").split():
                return r
        return None


FUNCTION_WORDS = {"of", "and", "the", "for", "on", "in"}


def shortens(short: str, full: str) -> bool:
    """ "JCS" or "Joint Chiefs" for "Joint Chiefs of Staff": an acronym of the full name's words, or a run of
    at least two of its words (not the whole name)."""
    words = full.replace("-", " ").split()
    if short.isalpha() and short.isupper() and 2 <= len(short) <= 8:
        content = "".join(w[0] for w in words if w.lower() not in FUNCTION_WORDS).upper()
        every = "".join(w[0] for w in words).upper()
        return len(words) > 1 and short in (content, every)
    mine = [w.lower() for w in short.replace("-", " ").split()]
    theirs = [w.lower() for w in words]
    if len(mine) < 2 or len(mine) >= len(theirs):
        return False
    return any(theirs[i : i + len(mine)] == mine for i in range(len(theirs) - len(mine) + 1))


def _entity(tok: Token) -> Span | None:
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


def _left_words(head: Token, skip: set[int]) -> list[str]:
    """Words of the phrase before its head (its own modifiers), plus any appositive."""
    doc = head.doc
    return [
        doc[i].text
        for i in range(head.left_edge.i, head.i)
        if i not in skip and _below(doc[i], head) and not _in_clause(doc[i], head)
    ]


def _below(tok: Token, head: Token) -> bool:
    """True when head is an ancestor of tok."""
    t = tok
    for _ in range(64):
        if t.head.i == t.i:
            return False
        t = t.head
        if t.i == head.i:
            return True
    return False


def _in_clause(tok: Token, head: Token) -> bool:
    """True when tok sits in a relative clause, prepositional phrase or apposition below head."""
    t = tok
    while t.i != head.i and t.head.i != t.i:
        if t.dep_ in ("relcl", "acl", "prep", "appos", "advcl", "ccomp"):
            return True
        t = t.head
    return False


def _np_text(head: Token) -> str:
    toks = [
        t
        for t in head.subtree
        if t.i <= head.i
        and not _in_clause(t, head)
        and t.dep_ not in ("det", "punct")
        and t.tag_ not in ("PRP$", "WP$")
    ]
    return normalise(" ".join(t.text for t in toks).replace(" 's", "'s").replace(" - ", "-"))


def _pronoun_possessor(head: Token) -> Token | None:
    for c in head.children:
        if c.dep_ == "poss" and c.tag_ in ("PRP$",):
            return c


class ActorResolver:
    """Resolves phrase heads to actors for one article; ``base_of`` gives each token's absolute char offset."""

    def __init__(self, memory: ActorMemory, base_of, home: str | None = None) -> None:
        self.memory = memory
        self.base_of = base_of
        self.cues = lexicon()
        self.home = (
            home  # the state the story is filed from (dateline, outlet): "the Defense Ministry" in a Tokyo story
        )

    def offset(self, tok: Token) -> int:
        return self.base_of(tok) + tok.idx

    def heads(self, tok: Token) -> list[Token]:
        """The coordinated heads of a phrase: "Moscow and Beijing", "Washington and its allies"."""
        out = [tok]
        for c in tok.conjuncts:
            if c.i > tok.i and c not in out:
                out.append(c)
        if tok.ent_type_ in STATE_LABELS:  # "South Korea, the U.S. and Japan" parsed as an apposition with a conjunct
            for c in tok.children:
                if c.dep_ == "appos" and c.ent_type_ in STATE_LABELS and c.conjuncts:
                    out.extend(x for x in [c, *c.conjuncts] if x not in out)
        return out

    def resolve(self, tok: Token, remember: bool = True) -> list[Resolved]:
        found: list[Resolved] = []
        for head in self.heads(tok):
            for r in self.resolve_head(head):
                if all(r.actor != f.actor for f in found):
                    found.append(r)
        if remember:
            for r in found:
                self.memory.add(r)
        return found

    def resolve_head(self, head: Token) -> list[Resolved]:
        off = self.offset(head)
        low = head.lower_
        if head.lower_ in RELATIVES and head.head.dep_ == "relcl" and head.dep_ in ("nsubj", "nsubjpass", "dobj"):
            antecedent = head.head.head
            if antecedent.lower_ in self.cues.anaphora or antecedent.pos_ not in ("NOUN", "PROPN"):
                antecedent = left_phrase(head) or antecedent  # the parser hung the clause on the event noun
            return self.resolve(
                antecedent, remember=False
            )  # "a dealer who sold arms", "firms in Iran and China that X accused"
        if head.pos_ == "PRON" or head.tag_ in ("PRP", "PRP$"):
            r = self.memory.pronoun(low, off)
            return [Resolved(r.actor, r.kind, off)] if r else []
        if head.ent_type_ in NOT_ACTORS:
            return []  # "on Monday" is no one
        ent = _entity(head)
        if ent is not None and ent.label_ in ENTITY_LABELS:
            return self._entity_actor(head, ent, off)
        return self._common_actor(head, off)

    def _entity_actor(self, head: Token, ent: Span, off: int) -> list[Resolved]:
        text = normalise(ent.text)
        if text.lower().startswith("the "):
            text = text[4:]
        if not lookup(text) and (r := self.memory.short_form(text, off)) is not None:
            return [Resolved(r.actor, r.kind, off)]  # "(JCS)", "the JCS", "the Joint Chiefs" after the full name
        det_the = ent.start > 0 and ent.doc[ent.start - 1].lower_ == "the"
        known = (lookup(f"the {text}") if det_the else None) or lookup(text)
        skip = set(range(ent.start, ent.end))
        modifiers = countries_in(_left_words(ent.root if ent.root.i == head.i else head, skip))
        if ent.label_ == "PERSON" or (known and known.kind == "person"):
            country = modifiers[0].country if modifiers else (known.country if known else None)
            name = known.name if known else text
            if not known and not modifiers and len(text.split()) == 1:
                earlier = self.memory.named(text, off)  # "Kim" after "Kim Jong Un"
                if earlier and earlier.kind == "person":
                    return [Resolved(earlier.actor, "person", off)]
            if country is None:
                country = self._appositive_country(head) or self._place_of_office(head, ent)
            if country is None and not known and self._untied_title(head, ent):
                country = self.home  # "Defense Minister Gen Nakatani said" in a story filed from Tokyo
            return [Resolved(Actor(name=name, country=country), "person", off)]
        if known and known.kind in ("country", "place") and ent.label_ == "ORG" and self._is_media(head, text):
            return [Resolved(Actor(name=text, country=known.country), "media", off)]  # "RFE/RL's Russian Service"
        if known:
            return [Resolved(Actor(name=known.name, country=known.country), _kind(known), off)]
        inside = countries_in(text.split())
        if ent.label_ in ("GPE", "NORP", "LOC") and inside:
            return [Resolved(Actor(name=k.name, country=k.country), "state", off) for k in inside]
        # an organisation not in the table: its country from its own words or its modifiers ("Iran's Foreign Ministry")
        country = (inside or modifiers or [None])[0]
        kind = "media" if self._is_media(head, text) else "org"
        if country is None and kind == "org" and self.home and self._national_body(text):
            # "the Defense Ministry", "the Presidential Office": a state body that names no state is the home state's
            return [Resolved(Actor(name=text, country=self.home), "institution", off)]
        if country is None and len(text.split()) == 1:
            earlier = self.memory.named(text, off)
            if earlier:
                return [Resolved(earlier.actor, earlier.kind, off)]
        return [Resolved(Actor(name=text, country=country.country if country else None), kind, off)]

    def _title_words(self, head: Token, ent: Span) -> list[Token]:
        return [t for t in head.subtree if t.i < ent.start and not _in_clause(t, head)]

    def _untied_title(self, head: Token, ent: Span) -> bool:
        """ "Foreign Ministry spokesman X", "Defense Minister X": an official title that names no state and no
        international organisation (not "NATO chief X", "U.N. envoy X")."""
        words = self._title_words(head, ent)
        if not any(t.lower_ in self.cues.cue("official_titles") for t in words):
            return False
        return not _names_organisation([t.text for t in words])

    def _national_body(self, text: str) -> bool:
        """A ministry, office or armed service named without a state or an organisation it belongs to."""
        words = text.replace("-", " ").split()
        if not any(w.lower() in self.cues.cue("national_bodies") for w in words):
            return False
        return not _names_organisation(words)

    def _place_of_office(self, head: Token, ent: Span) -> str | None:
        """ "In Tehran, Foreign Ministry spokesman X said", "spokesman X told a briefing in Beijing": an official
        whose title names no state speaks for the capital or country where the sentence places him."""
        titles = self.cues.cue("official_titles")
        if not any(t.lower_ in titles for t in self._title_words(head, ent)):
            return None
        verb = head.head
        if head.dep_ not in ("nsubj", "nsubjpass") or verb.i == head.i:
            return None
        places = []
        frontier = [verb]
        for _ in range(3):  # "announced the move at a regular briefing in Beijing"
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
        for p in places:
            known = lookup(normalise(" ".join(t.text for t in p.subtree if t.dep_ != "det")))
            if known and known.country and known.kind in ("place", "country"):
                return known.country
        return None

    def _is_media(self, head: Token, text: str) -> bool:
        """ "Xinhua", "state media"; an "agency" only when it is a news agency (not a defence agency)."""
        lemma = head.lemma_.lower()
        if lemma in self.cues.cue("media_heads"):
            return True
        for c in head.children:  # "RFE/RL's Russian Service", "the BBC's correspondent": a part of an outlet
            if c.dep_ == "poss" and c.pos_ == "PROPN":
                known = lookup(normalise(" ".join(t.text for t in c.subtree)).replace(" / ", "/"))
                if known and known.kind == "media":
                    return True
        if lemma in self.cues.cue("media_heads_qualified"):
            return any(w in self.cues.cue("media_qualifiers") for w in text.lower().replace("-", " ").split())
        return False

    def _appositive_country(self, head: Token) -> str | None:
        for c in head.children:
            if c.dep_ == "appos":
                words = [t.text for t in c.subtree]
                found = countries_in(words)
                if found:
                    return found[0].country
        return None

    def _common_actor(self, head: Token, off: int) -> list[Resolved]:
        lemma = head.lemma_.lower()
        named = next((c for c in head.children if c.dep_ == "appos" and c.pos_ == "PROPN"), None)
        if named is not None:  # "Russia's UN ambassador, Vasily Nebenzya,": the person, with the title's state
            person = [r for r in self.resolve_head(named) if r.kind == "person"]
            if person:
                actor = person[0].actor
                if actor.country is None:
                    mods = countries_in(_left_words(head, set()))
                    actor = Actor(name=actor.name, country=mods[0].country if mods else self.home)
                return [Resolved(actor, "person", off)]
        text = _np_text(head)
        det_the = any(c.dep_ == "det" and c.lower_ == "the" for c in head.children)
        table = (
            aliases()
        )  # whole phrases only from the table: the converter's regexes would read "Slovakian arms dealer" as Slovakia
        known = (table.get(f"the {text}".lower()) if det_the else None) or table.get(text.lower())
        if known and (known.country or known.kind in ("media", "org", "institution")):
            return [Resolved(Actor(name=known.name, country=known.country), _kind(known), off)]
        mods = countries_in(_left_words(head, set()))
        if not mods and lemma in self.cues.cue("located_heads"):
            mods = _located_in(head)  # "seven companies and three individuals in Iran and China"
        media = self._is_media(head, text)
        if media:
            return [Resolved(Actor(name=text, country=mods[0].country if mods else None), "media", off)]
        if lemma in self.cues.cue("document_heads"):
            return [Resolved(Actor(name=text, country=mods[0].country if mods else None), "document", off)]
        if lemma in self.cues.cue("anonymous_heads") and not any(c.dep_ == "appos" for c in head.children):
            return [Resolved(Actor(name=text, country=mods[0].country if mods else None), "anonymous", off)]
        if len(mods) > 1:
            return [Resolved(Actor(name=k.name, country=k.country), "state", off) for k in mods]
        if mods:
            return [Resolved(Actor(name=text, country=mods[0].country), "institution", off)]
        poss = _pronoun_possessor(head)
        if poss is not None and lemma not in self.cues.cue("relational_heads"):
            owner = self.memory.pronoun(poss.lower_, self.offset(poss))
            if owner is not None and owner.actor.country:
                return [Resolved(Actor(name=text, country=owner.actor.country), "institution", off)]
        if det_the and head.pos_ == "NOUN":
            earlier = self.memory.named(head.text, off)  # "the ministry" after "Iran's Foreign Ministry"
            if earlier is not None and earlier.kind in ("institution", "org"):
                return [Resolved(earlier.actor, earlier.kind, off)]
        if head.pos_ == "PROPN":
            known = lookup(text)  # a country name the entity recogniser missed ("Belarus sent tanks")
            if known and known.country and known.kind != "person":
                return [Resolved(Actor(name=known.name, country=known.country), _kind(known), off)]
            earlier = None if known else self.memory.short_form(text, off)
            if earlier is not None:  # "the Joint Chiefs" after "South Korea's Joint Chiefs of Staff"
                return [Resolved(earlier.actor, earlier.kind, off)]
            return [Resolved(Actor(name=text, country=None), "org", off)]
        return []


def _names_organisation(words: list[str]) -> bool:
    """True when a run of capitalised words names an international organisation or an outlet ("United Nations")."""
    for run in _capital_runs(words):
        for n in range(len(run), 0, -1):
            for i in range(len(run) - n + 1):
                known = lookup(" ".join(run[i : i + n]))
                if known is not None and known.kind in ("org", "media"):
                    return True
    return False


def _capital_runs(words: list[str]) -> list[list[str]]:
    runs: list[list[str]] = [[]]
    for w in words:
        if w[:1].isupper():
            runs[-1].append(w)
        elif runs[-1]:
            runs.append([])
    return [r for r in runs if r]


RELATIVES = {"that", "which", "who", "whom"}


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


def _located_in(head: Token) -> list[Known]:
    """Countries of an "in X" / "from X" / "based in X" / "including X" phrase on the head or its conjuncts."""
    found: list[Known] = []
    for h in [head, *head.conjuncts]:
        for c in h.children:
            prep = c if c.dep_ == "prep" else None
            if c.dep_ == "acl" and c.lower_ == "based":
                prep = next((g for g in c.children if g.dep_ == "prep" and g.lower_ == "in"), None)
            if prep is None or prep.lower_ not in ("in", "from", "including"):  # "five entities, including Iran's ..."
                continue
            for obj in prep.children:
                if obj.dep_ == "pobj":
                    for k in countries_in([t.text for t in obj.subtree]):
                        if k not in found:
                            found.append(k)
    return found


def _kind(known: Known) -> str:
    return {"country": "state", "demonym": "state", "place": "state"}.get(known.kind, known.kind)
