"""Who did it to whom: actors from the slots a rule names, the fall-back source when the phrase names none,
the targets of criticised events and vetoed drafts, and the named actors of the article in text order."""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter

from spacy.tokens import Token

from extractors.actors.home import home_country  # noqa: F401 - extract.py takes it from here
from extractors.actors.memory import is_organisation
from extractors.actors.resolver import RELATIVES, ActorResolver, Resolved
from extractors.actors.titles import title_words
from extractors.events.candidate import Candidate
from extractors.events.grammar import definite, is_verb, objects, with_conjuncts
from extractors.events.lexicon import lexicon
from extractors.events.merge import Group
from extractors.events.roles import agents, owner_of, slot_heads
from extractors.events.segments import Unit
from extractors.events.triggers import is_support
from schemas import Actor

FOLLOW_UNITS = 2


def veto_targets(groups: list[Group], units: list[Unit], resolver: ActorResolver) -> None:
    """ "Russia vetoed a resolution ... . The draft, put forward by Britain and France, won 12 votes": whose
    effort was blocked, from the definite proposal noun of the next sentences."""
    lex = lexicon()
    for g in groups:
        if g.type != "veto" or any(a.country for a in g.actors("target")):
            continue
        last = max(m.unit.index for m in g.members)
        for u in units[last + 1 : last + 1 + FOLLOW_UNITS]:
            for tok in u.sent:
                if lex.in_class(tok, "proposal") and tok.pos_ == "NOUN" and definite(tok):
                    found = [
                        tagged(r, "veto.draft_owner") for r in actors_of(owner_of(tok), resolver) if r.actor.country
                    ]
                    if found and not {a.country for a in found} & {a.country for a in g.actors("source")}:
                        g.members[0].target = found
                        break
            else:
                continue
            break


def targets_from_event_objects(groups: list[Group]) -> None:
    """ "The JCS condemned the launch", "Pyongyang blasts trilateral drills": an accusation aimed at an event
    is aimed at whoever carried it out."""
    owner: dict[tuple[int, int], Group] = {}
    for g in groups:
        for m in g.members:
            for x in [m, *m.extra_mentions]:
                owner[(id(x.trigger.doc), x.trigger.i)] = g
    for g in groups:
        if g.type != "accusation" or any(a.country for a in g.actors("target")):
            continue
        for m in g.members:
            objs = (
                objects(m.host)
                if is_verb(m.host)
                else [
                    o
                    for p in m.trigger.children
                    if p.dep_ == "prep" and p.lower_ in ("of", "against")
                    for o in p.children
                    if o.dep_ == "pobj"
                ]
            )
            for o in objs:
                if o.lower_ in RELATIVES and o.head.dep_ == "relcl":
                    o = o.head.head  # "a launch that Britain condemned"
                ev = owner.get((id(o.doc), o.i)) or _latest_of_kind(o, m.start, groups)
                if ev is not None and ev is not g and lexicon().type_of(ev.type).criticism_targets_doer:
                    m.target = (
                        retagged([a for a in ev.actors("source") if a.country], "criticised_event.doer") or m.target
                    )


def _latest_of_kind(noun: Token, before: int, groups: list[Group]) -> Group | None:
    """ "denounced vetoes to the resolution": a bare event noun that is no event of its own names the kind of
    the latest earlier event of that kind; "condemned the action" (generic_event_nouns), the latest earlier event
    that has a doer."""
    kind = lexicon().anaphora.get(noun.lower_) or lexicon().anaphora.get(noun.lemma_.lower())
    generic = kind is None and noun.lower_ in lexicon().cue("generic_event_nouns") and definite(noun)
    if (kind is None and not generic) or any(c.dep_ == "poss" or c.ent_type_ for c in noun.children):
        return None  # "China's vetoes" name their own doer
    earlier = [
        g
        for g in groups
        if (g.type == kind or (generic and lexicon().type_of(g.type).criticism_targets_doer))
        and min(m.start for m in g.members) < before
    ]
    return max(earlier, key=lambda g: min(m.start for m in g.members), default=None)


def remember_entities(units: list[Unit], resolver: ActorResolver) -> None:
    """Every named actor, in text order, so pronouns and short names can find their antecedent. Names that
    depend on the story ("the North") are read last, once the states the story names otherwise are known.

    Each doc's entities are read once and dealt to the units (``Span.ents`` rescans the whole doc)."""
    by_doc: dict[int, list] = {}
    for u in units:
        key = id(u.sent.doc)
        if key not in by_doc:
            by_doc[key] = [e for e in u.sent.doc.ents if e.label_ in ACTOR_ENTITY_LABELS]
    later = []
    for u in units:
        ents = by_doc[id(u.sent.doc)]
        lo, hi = u.sent.start, u.sent.end
        k = bisect_left(ents, lo, key=lambda e: e.start)
        while k < len(ents) and ents[k].start < hi:
            ent = ents[k]
            k += 1
            if ent.end > hi or _names_a_thing(ent):
                continue
            if resolver.contextual(ent.root):
                later.append(ent)
                continue
            _remember(ent, resolver)
    for ent in later:
        _remember(ent, resolver)


def _remember(ent, resolver: ActorResolver) -> None:
    found = resolver.resolve_head(ent.root)
    if ent.root.dep_ == "appos" and not any(r.actor.country for r in found):
        # "Nigerian President Muhammadu Buhari": the name hangs on the title, whose phrase gives the state
        whole = [r for r in resolver.resolve_head(ent.root.head) if r.kind == "person" and r.actor.country]
        if whole and all(r.actor.name in {w.actor.name for w in whole} for r in found):
            found = whole
    for r in found:
        resolver.memory.add(r)
        if r.actor.country and not resolver.contextual(ent.root):
            resolver.memory.named_states.add(r.actor.country)
        if r.kind == "person":  # "spokesman Luis Paz": "the spokesman" may name him later
            titles = lexicon().cue("official_titles")
            for t in title_words(ent.root, ent):
                if t.lemma_.lower() in titles:
                    resolver.memory.add_title(t.lemma_.lower(), r)
            # "Luis Paz, the foreign ministry spokesman,"; "spokesman Luis Paz" parsed as an apposition
            for c in [*ent.root.children, ent.root.head]:
                if (c.dep_ == "appos" or ent.root.dep_ == "appos") and c.lemma_.lower() in titles:
                    resolver.memory.add_title(c.lemma_.lower(), r)
    first = ent.root
    while first.dep_ == "conj" and first.head.i != first.i:
        first = first.head
    if ent.root.conjuncts and (first.i == ent.root.i or first.ent_type_ not in ACTOR_ENTITY_LABELS):
        # "Egypt and Ethiopia", "the South and the US": a group "they" can name
        group = resolver.resolve(first, remember=False)
        if len({(r.actor.name, r.actor.country) for r in group}) > 1:
            resolver.memory.add_group(resolver.offset(first), group)
    acronym = acronym_after(ent)
    if acronym and len(found) == 1 and found[0].kind in ("institution", "org"):
        resolver.memory.acronyms.setdefault(acronym.lower(), found[0])


ACTOR_ENTITY_LABELS = ("PERSON", "ORG", "GPE", "NORP", "FAC")


def _names_a_thing(ent) -> bool:
    """ "the Vostok exercises": a name the recogniser calls a person but that only modifies a common noun is the
    name of a thing; remembered, it would become the antecedent of the next "he"."""
    root = ent.root
    return ent.label_ == "PERSON" and root.dep_ == "compound" and root.head.pos_ == "NOUN" and root.head.i == ent.end


def acronym_after(ent) -> str | None:
    """ "South Korea's Joint Chiefs of Staff (JCS)": the parenthesised short form names the same body."""
    doc, i = ent.doc, ent.end
    if i + 2 < len(doc) and doc[i].text == "(" and doc[i + 2].text == ")":
        word = doc[i + 1].text
        if 2 <= len(word) <= 8 and word.isupper() and word.isalpha():
            return word
    return None


def actors_of(heads: list[Token], resolver: ActorResolver) -> list[Resolved]:
    return [r for r, _ in actors_by_head(heads, resolver)]


def actors_by_head(heads: list[Token], resolver: ActorResolver) -> list[tuple[Resolved, Token]]:
    """The actors the heads name, each once, with the head that named it first."""
    out: list[tuple[Resolved, Token]] = []
    for h in heads:
        for r in resolver.resolve(h, remember=False):
            if all(r.actor != o.actor for o, _ in out):
                out.append((r, h))
    return out


def tagged(r: Resolved, origin: str) -> Actor:
    """The actor with its provenance (``actor_rule``): the slot or pass that chose the phrase, then how the phrase
    was named ("passive_agent / alias=European Union")."""
    return r.actor.with_rule(f"{origin} / {r.rule}" if r.rule else origin)


def retagged(actors: list[Actor], origin: str) -> list[Actor]:
    """Actors taken over from another event ("the denial answers that accusation"): the pass, then their own rule."""
    return [a.with_rule(f"{origin} < {a.rule}" if a.rule else origin) for a in actors]


def slot_origin(slot: str, head: Token, c: Candidate) -> str:
    """The slot name, and for the subject which kind of subject: the clause's own, a passive's "by" phrase, the owner
    of a deciding noun, or the controller of a subjectless clause."""
    if slot != "subject":
        return slot
    first = head
    while first.dep_ == "conj" and first.head.i != first.i:
        first = first.head
    if first.dep_ == "pobj" and first.head.lower_ == "by":
        return "passive_agent"
    if first.head.i == c.host.i and first.dep_ in ("nsubj", "csubj", "expl"):
        return "subject"
    if first.dep_ == "poss":
        return "subject.owner"
    return "subject.controller"


OBJECT_SIDE_SLOTS = ("object_modifier", "object_owner")
NOT_DOERS = (
    "media",
    "anonymous",
    "document",
)  # kinds of source that only report, unless they act for their state  # a fall-back for the doer when the clause names none


def fill_actors(c: Candidate, resolver: ActorResolver) -> None:
    roles: dict[str, list[Resolved]] = {"source": [], "target": []}
    origins: dict[int, str] = {}  # id of a Resolved -> the slot that found it
    filled: set[str] = set()
    by_subject: set[str] = set()
    for slot, role in sorted(c.rule.roles.items(), key=lambda sr: sr[0] != "subject"):
        if slot in OBJECT_SIDE_SLOTS and role in by_subject:
            continue  # "Ukraine fired U.K.-supplied missiles": the maker of the weapon is not who fired it
        for r, head in actors_by_head(slot_heads(c, slot), resolver):
            if slot == "subject" and r.actor.country:
                by_subject.add(role)
            filled.add(slot)
            if all(r.actor != o.actor for o in roles[role]):
                roles[role].append(r)
                origins[id(r)] = slot_origin(slot, head, c)
    # "Taiwan arms sale", "Iran sanctions": a bare state modifier may name either side; other mentions decide
    c.weak_source = c.rule.pos == "NOUN" and lexicon().type_of(c.type).two_sided and filled == {"modifier"}
    c.source_kinds = [r.kind for r in roles["source"]]
    src = [tagged(r, origins[id(r)]) for r in roles["source"]]
    c.source = [a for a, r in zip(src, roles["source"], strict=True) if r.kind not in NOT_DOERS or _acts_for(c, r)]
    c.target = [
        tagged(r, origins[id(r)]) for r in roles["target"] if r.kind not in ("anonymous", "document") or r.actor.country
    ]
    c.source_all = src
    c.source_heads = slot_heads(c, "subject") if "subject" in c.rule.roles else []
    c.source_people = {r.actor.name for r in roles["source"] if r.kind == "person"}
    c.source_states = {r.actor.country for r in roles["source"] if r.kind == "state" and r.actor.country}


def _acts_for(c: Candidate, r: Resolved) -> bool:
    """ "Iranian officials accused Israel", "Russian officials denied supplying": unnamed officials (or state
    media) whose phrase names their state act for it in any event but a report ("Iranian officials said" stays
    attribution)."""
    return not c.rule.speech and r.kind in ("anonymous", "media") and r.actor.country is not None


def speech_triggers(cands: list[Candidate]) -> Counter[tuple[int, int]]:
    """How many speech-act candidates each word triggers, counted once for every ``fallback_source``."""
    return Counter((id(p.trigger.doc), p.trigger.i) for p in cands if lexicon().type_of(p.type).speech_act)


def fallback_source(
    c: Candidate,
    cands: list[Candidate],
    resolver: ActorResolver,
    anaphor: bool = True,
    speech: Counter[tuple[int, int]] | None = None,
) -> None:
    """Who launched/drilled/supplied when the phrase does not say: the object of a governing
    accusation ("condemn X over a spate of tests"), else the nearest country before it in the sentence.
    ``speech``: ``speech_triggers(cands)``, when the caller has it."""
    kind = lexicon().type_of(c.type)
    if c.source or not kind.needs_source:
        return
    control = lexicon().cue("object_control")
    t = c.host
    for _ in range(8):
        if t.head.i == t.i:
            break
        t = t.head
        if is_verb(t) and t.lemma_.lower() in control:
            objs = [ch for ch in t.children if ch.dep_ in ("dobj", "nsubjpass") and ch.i != c.trigger.i]
            found = actors_of(objs, resolver)
            if found:
                c.source = [tagged(r, "fallback.object_control") for r in found if r.actor.country]
                return
    if kind.source_from_context:
        earlier = any(p.type == c.type and p.start < c.start for p in cands)
        if anaphor and c.rule.pos == "NOUN" and definite(c.trigger) and (c.required is None or earlier):
            return  # "condemned the drills": refers back to an earlier event (see resolve_anaphors)
        if any(w.lower_ in lexicon().cue("joint_words") for w in c.trigger.children):
            return  # "trilateral drills": several participants, never just the nearest country
        offset = c.unit.start(c.trigger)
        sent_start = c.unit.start(c.unit.sent[0])
        speech = speech_triggers(cands) if speech is None else speech
        own = (id(c.trigger.doc), c.trigger.i) if lexicon().type_of(c.type).speech_act else None

        def spoken(v: Token) -> bool:  # a speech act other than ``c`` is triggered by v
            key = (id(v.doc), v.i)
            return speech[key] > (1 if key == own else 0)

        governing = {  # the whole phrase of the speaker: "Minister X of Norway said the drills ..." is no driller
            c.unit.start(t)
            for v in [*(v for v in c.host.ancestors if spoken(v)), *_acting_on(c)]
            for a in with_conjuncts(agents(v))
            for t in a.subtree
        }
        for r in resolver.memory.before(offset):
            if r.offset < sent_start:
                break
            if r.offset in governing:
                continue  # "Pyongyang blasts trilateral drills": the critic is not the one drilling
            if (r.actor.country or is_organisation(r.actor)) and r.kind != "media":
                c.source = [tagged(r, "fallback.nearest_country")]
                return
    if c.required is not None and _refers_back(c.required):
        # "The missile was first tested in 2019": the weapon named before, so its doer named before
        earlier = [p for p in cands if p.type == c.type and p.start < c.start and p.source]
        if earlier:
            c.source = retagged(max(earlier, key=lambda p: p.start).source, "fallback.earlier_event")


def _acting_on(c: Candidate) -> list[Token]:
    """ "Putin defends war games", "Seoul condemned the drills": a reaction verb (cue ``reaction_verbs``) whose
    object is the event noun acts on the event; its subject did not hold it."""
    noun, verb = c.trigger, c.trigger.head
    if c.support is not None or noun.dep_ != "dobj" or not is_verb(verb) or is_support(verb, c.rule):
        return []
    return [verb] if verb.lemma_.lower() in lexicon().cue("reaction_verbs") else []


def _refers_back(word: Token) -> bool:
    """ "the missile", "it": a definite phrase or a pronoun as the object names a thing already mentioned."""
    if word.pos_ == "PRON":
        return word.lower_ in lexicon().cue("pronoun_states")
    return any(c.dep_ == "det" and c.lower_ in lexicon().cue("definite_determiners") for c in word.children)
