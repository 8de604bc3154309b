"""Actors from the dependency parse: a noun phrase -> named actors with their ISO alpha-3 country.

Handles coordination ("Moscow and Beijing"), hyphenated pairs ("U.S.-South Korea"), the phrase's own
modifiers ("North Korean leader Kim Jong Un", "a Slovakian arms dealer"), appositives, relative
pronouns, metonyms and institutions (alias table), and within-article coreference ("Kim", "its",
"the ministry") through an ``ActorMemory`` filled in text order. The work is split by kind of phrase:
entity_actors (named entities), common_actors (common nouns), titles (officials and offices), media,
memory (coreference) and phrase (parse-tree helpers).
"""

from __future__ import annotations

from collections.abc import Callable

from spacy.tokens import Token

from extractors.actors.codes import coded
from extractors.actors.common_actors import common_actor
from extractors.actors.countries import country_name
from extractors.actors.entity_actors import entity_actor
from extractors.actors.lexicon import lookup
from extractors.actors.memory import ActorMemory, Resolved, shortens
from extractors.actors.phrase import ENTITY_LABELS, RELATIVES, entity_span, left_phrase
from extractors.events.lexicon import lexicon
from schemas import Actor

__all__ = ["RELATIVES", "ActorMemory", "ActorResolver", "Resolved", "left_phrase", "shortens"]

STATE_LABELS = {"GPE", "NORP"}
NOT_ACTORS = {"DATE", "TIME", "CARDINAL", "ORDINAL", "PERCENT", "MONEY", "QUANTITY"}
RELATIVE_ROLES = ("nsubj", "nsubjpass", "dobj")


FIRST_PERSON_PLURAL = frozenset({"we", "us", "our", "ours", "ourselves"})


class ActorResolver:
    """Resolves phrase heads to actors for one article; ``base_of`` gives each token's absolute char offset."""

    def __init__(self, memory: ActorMemory, base_of: Callable[[Token], int], home: str | None = None) -> None:
        self.memory = memory
        self.base_of = base_of
        self.cues = lexicon()
        self._resolving: set[tuple[int, int]] = set()  # heads being resolved: a reference back never loops
        self.home = (
            home  # the state the story is filed from (dateline, outlet): "the Defense Ministry" in a Tokyo story
        )

    def story_state(self, off: int) -> str | None:
        """The state a body that names none belongs to: the one the story is filed from, else the first state the
        story named before it, its protagonist ("China began drills ... a spokesman for the eastern command said";
        "Japan will sanction Pyongyang, the government said")."""
        if self.home:
            return self.home
        earlier = self.memory.in_text_order(off)
        return next((r.actor.country for r in earlier if r.kind == "state" and r.actor.country), None)

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
            own = self.resolve_head(head)
            if not any(r.actor.country for r in own):
                for member in self.members(head):  # "six officials, including the defence minister of Chile"
                    own = own + self.resolve(member, remember=False)
            for r in own:
                if all(r.actor != f.actor for f in found):
                    found.append(r)
        if remember:
            for r in found:
                self.memory.add(r)
        return found

    def members(self, head: Token) -> list[Token]:
        """The named members of a group: the objects of its "including" / "such as" phrase."""
        out = []
        for c in head.children:
            if c.dep_ != "prep":
                continue
            words = [g for g in c.children if g.dep_ in ("amod", "advmod") and g.i < c.i] + [c]
            if " ".join(t.lower_ for t in words) in self.cues.cue("listing_words"):
                out.extend(g for g in c.children if g.dep_ == "pobj")
        return out

    def contextual(self, head: Token) -> bool:
        """ "the North", "the communist North": a name that means a state only in a story about its region."""
        return (
            f"the {head.lower_}" in self.cues.cue("contextual_aliases")
            and head.text[:1].isupper()
            and any(c.dep_ == "det" and c.lower_ == "the" for c in head.children)
        )

    def _in_context(self, head: Token, off: int) -> list[Resolved]:
        """ "the North" is North Korea in a story that names either Korea otherwise (or is filed from there),
        and no one in a story about Sudan."""
        known = lookup(f"the {head.lower_}")
        if known is None or not known.country:
            return []
        region = {k.country for a in self.cues.cue("contextual_aliases") if (k := lookup(a)) and k.country}
        if not region & (self.memory.named_states | {self.home}):
            return []
        return [Resolved(Actor(name=known.name, country=known.country), "state", off, f"contextual:{known.via}")]

    def resolve_head(self, head: Token) -> list[Resolved]:
        """The actors a phrase head names, each with its code and sector (``codes.coded``)."""
        key = (id(head.doc), head.i)
        if key in self._resolving:
            return []  # '"We said so," we said': a pronoun whose antecedent is found through itself
        self._resolving.add(key)
        try:
            return [coded(r, head) for r in self._resolve_head(head)]
        finally:
            self._resolving.discard(key)

    def _resolve_head(self, head: Token) -> list[Resolved]:
        off = self.offset(head)
        if self.contextual(head):
            return self._in_context(head, off)
        if head.lower_ in RELATIVES and head.head.dep_ == "relcl" and head.dep_ in RELATIVE_ROLES:
            return self.resolve(self._antecedent(head), remember=False)  # "a dealer who sold arms"
        if head.pos_ == "PRON" or head.tag_ in ("PRP", "PRP$"):
            plural = self.cues.cue("pronoun_groups") | self.cues.cue("pair_words")
            group = self.memory.group(off) if head.lower_ in plural else None
            if group:  # "Egypt and Ethiopia traded claims ... they said": both of them
                return [r.again(off, "memory.group") for r in group]
            if head.lower_ in self.cues.cue("pronoun_groups"):
                return []  # "Western officials said ... They said": a plural that names no group names no one
            previous = self._previous_subject(head)
            if previous is not None:
                return [previous.again(off, "memory.previous_subject")]
            claimant = self._relative_claimant(head)
            if claimant is not None:
                return [claimant.again(off, "memory.claimant")]
            speaker = self._quoted_we(head)
            if speaker is not None:
                return [speaker.again(off, "quote.speaker")]
            r = self.memory.pronoun(head.lower_, off)
            return [r.again(off, "memory.pronoun")] if r else []
        if head.ent_type_ in NOT_ACTORS:
            return []  # "on Monday" is no one
        ent = entity_span(head)
        if ent is not None and ent.label_ in ENTITY_LABELS:
            return entity_actor(self, head, ent, off)
        return common_actor(self, head, off)

    def _quoted_we(self, pron: Token) -> Resolved | None:
        """'"We have not supplied weapons to anyone," said X's spokesman': "we" in what a speaker of a state says is
        that state (the speaker's country, never the nearest state named); "quoted him as saying": him."""
        if pron.lower_ not in FIRST_PERSON_PLURAL:
            return None
        report = self.cues.cue("report_verbs")
        verb = next((v for v in pron.ancestors if v.pos_ in ("VERB", "AUX") and v.lemma_.lower() in report), None)
        if verb is None:
            return None
        if verb.lemma_.lower() == "say" and verb.head.lemma_.lower() == "quote":
            verb = verb.head
        role = "dobj" if verb.lemma_.lower() == "quote" else "nsubj"
        for subj in (c for c in verb.children if c.dep_ == role):
            found = [r for r in self.resolve(subj, remember=False) if r.actor.country and r.kind != "media"]
            if found:
                code = found[0].actor.country
                return Resolved(Actor(name=country_name(code), country=code), "state", found[0].offset, found[0].rule)
        return None

    def _relative_claimant(self, pron: Token) -> Resolved | None:
        """ "The Treasury sanctioned four Iranian firms that it says sent drones", "entities it accused of ...": "it"
        saying or accusing inside a relative clause is the state-like subject of a clause above it, not the
        nearest state (the firms' Iran)."""
        verb = pron.head
        said = self.cues.cue("report_verbs") | self.cues.cue("alleging") | self.cues.cue("labelling_verbs")
        free = any(c.lower_ == "what" and c.dep_ in ("dobj", "nsubj") for c in verb.children)  # "what it called"
        if (
            pron.lower_ not in self.cues.cue("pronoun_states")
            or pron.dep_ != "nsubj"
            or not (verb.dep_ == "relcl" or free)
        ):
            return None
        if verb.lemma_.lower() not in said:
            return None
        for v in verb.ancestors:
            for subj in (c for c in v.children if c.dep_ in ("nsubj", "nsubjpass") and c.i < verb.i):
                found = [r for r in self.resolve(subj, remember=False) if r.kind not in ("person", "media")]
                if len(found) == 1 and found[0].actor.country:
                    return found[0]
        return None

    def _previous_subject(self, pron: Token) -> Resolved | None:
        """ "Japan's defence ministry said North Korea fired a missile. It said ...": a subject "it" continues the
        subject of the sentence before (a state or a body), not the last state that sentence named; a subject
        "he" or "she" continues the person who spoke or acted there ("X said in greetings to Y ... . He said"),
        not the last person that sentence named."""
        person = pron.lower_ in self.cues.cue("pronoun_people")
        if not (person or pron.lower_ in self.cues.cue("pronoun_states")) or pron.dep_ not in ("nsubj", "nsubjpass"):
            return None
        if pron.head.i != pron.sent.root.i:
            return None  # "X said that it had ...": inside a clause, "it" is the speaker, left to the memory
        start = pron.sent.start
        if start == 0:
            return None
        before = pron.doc[start - 1].sent.root
        if not person:
            for subj in (c for c in before.children if c.dep_ in ("nsubj", "nsubjpass")):
                found = [r for r in self.resolve(subj, remember=False) if r.kind != "person" and r.kind != "media"]
                if len(found) == 1 and found[0].actor.country:
                    return found[0]
            return None
        report = self.cues.cue("report_verbs")
        verbs = [
            before,
            *(t for t in before.subtree if t.dep_ in ("ccomp", "parataxis") and t.lemma_.lower() in report),
        ]
        people = {
            (r.actor.name, r.actor.country): r
            for v in verbs
            for subj in v.children
            if subj.dep_ == "nsubj"
            for r in self.resolve(subj, remember=False)
            if r.kind == "person"
        }
        return next(iter(people.values())) if len(people) == 1 else None

    def _antecedent(self, pron: Token) -> Token:
        """What a relative pronoun stands for: the head its clause hangs on, or the phrase right before it when
        the parser hung the clause on the event noun ("firms in Iran and China that X accused")."""
        antecedent = pron.head.head
        if antecedent.lower_ in self.cues.anaphora or antecedent.pos_ not in ("NOUN", "PROPN"):
            antecedent = left_phrase(pron) or antecedent
        return antecedent
