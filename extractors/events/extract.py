"""Event extraction: typed events with actors, modality and dates from a parsed article.

sentences (event_segments) -> trigger candidates from the data lexicon (event_triggers) -> actors from
the grammatical slots the rule names (event_roles, actors) -> attribution / denial / coreferent-noun
rules (here) -> modality (event_modality) -> governing date (event_dates) -> one event per real-world
event (event_merge) -> records.
"""

from __future__ import annotations

import hashlib
import re
from bisect import bisect_left

from spacy.language import Language
from spacy.tokens import Doc, Token

from extractors.actors.lexicon import lookup
from extractors.actors.resolver import RELATIVES, ActorMemory, ActorResolver, Resolved
from extractors.article.parser import analysis_text
from extractors.events.dates import DateAttacher, event_date
from extractors.events.lexicon import lexicon
from extractors.events.merge import Group, merge
from extractors.events.modality import modality
from extractors.events.roles import agents, owner_of, slot_heads
from extractors.events.segments import Unit, sentence_units
from extractors.events.triggers import Candidate, TriggerFinder, is_verb, objects, with_conjuncts
from schemas import Actor, Event, Mention, ParsedArticle, TimeExpression

SPEAKER_KINDS = {"person", "state", "institution", "org"}
NEEDS_SOURCE = {"missile_test", "military_exercise", "arms_transfer", "sanction", "veto"}
JOINT_WORDS = {"joint", "combined", "bilateral", "trilateral", "multilateral", "three-way", "two-way", "multinational"}


def extract_events(doc: Doc, article: ParsedArticle, timexes: list[TimeExpression], nlp: Language) -> list[Event]:
    """Events in ``doc`` (the spaCy parse of ``article.text``), one per real-world event. ``nlp`` (the pipeline
    that made ``doc``) parses headline and caption lines again on their own."""
    units = sentence_units(doc, list(article.furniture), nlp, analysis_text(article))
    cands = [c for c in TriggerFinder().candidates(units) if not _in_furniture(c, article.furniture)]
    if not cands:
        return []
    base = {id(u.sent.doc): u.base for u in units}
    memory = ActorMemory()
    resolver = ActorResolver(memory, lambda tok: base[id(tok.doc)], home=_home_country(article))
    _remember_entities(units, resolver)
    trigger_tokens = {(id(c.trigger.doc), c.trigger.i) for c in cands} | {
        (id(c.support.doc), c.support.i) for c in cands if c.support is not None
    }

    supports = {(id(c.support.doc), c.support.i) for c in cands if c.support is not None}
    refusal = lexicon().cue("refusal")
    for c in cands:
        if c.rule.speech and (
            (id(c.trigger.doc), c.trigger.i) in supports  # "announced sanctions": the sanction's light verb
            or (c.trigger.dep_ == "xcomp" and c.trigger.head.lemma_.lower() in refusal)
        ):  # "declined to say"
            c.dropped = True
            continue
        _fill_actors(c, resolver)
        _own_side_denial(c, resolver)
        _attribution(c, resolver)
    cands = [c for c in cands if not c.dropped]
    _participial_speech(cands)
    _medium_statements(cands)
    cands = [c for c in cands if not c.dropped]
    denied = [c.denied_clause for c in cands if c.denied_clause is not None]
    for c in cands:
        c.modality = modality(c, trigger_tokens)
        if any(c.host == d or d in c.host.ancestors for d in denied):
            c.modality = "alleged"  # the denied content is the alleged event, not a negated one
        _fallback_source(c, cands, resolver)
    _denials(cands, resolver)
    _attach_dates(cands, units, timexes)
    cands = _coreferent_nouns(cands)
    anaphors = [c for c in cands if _anaphoric(c)]
    groups = merge([c for c in cands if not _anaphoric(c)])
    taken = {(id(c.trigger.doc), c.trigger.i) for c in cands}
    anaphors += _bare_anaphors(units, taken, lexicon())
    groups = _resolve_anaphors(groups, sorted(anaphors, key=lambda c: c.start), cands, resolver)
    _targets_from_event_objects(groups)
    _veto_targets(groups, units, resolver)
    return [_record(g, article) for g in groups]


FOLLOW_UNITS = 2


def _veto_targets(groups: list[Group], units: list[Unit], resolver: ActorResolver) -> None:
    """ "Russia vetoed a resolution ... . The draft, put forward by Britain and France, won 12 votes": whose
    effort was blocked, from the definite proposal noun of the next sentences."""
    lex = lexicon()
    for g in groups:
        if g.type != "veto" or any(a.country for a in g.actors("target")):
            continue
        last = max(m.unit.index for m in g.members)
        for u in units[last + 1 : last + 1 + FOLLOW_UNITS]:
            for tok in u.sent:
                if lex.in_class(tok, "proposal") and tok.pos_ == "NOUN" and _definite(tok):
                    found = [r.actor for r in _actors(owner_of(tok), resolver) if r.actor.country]
                    if found and not {a.country for a in found} & {a.country for a in g.actors("source")}:
                        g.members[0].target = found
                        break
            else:
                continue
            break


DEFINITE = {"the", "this", "that", "these", "those"}
TARGETED_EVENTS = {"missile_test", "military_exercise", "sanction", "arms_transfer", "veto", "invasion", "parade"}


def _definite(tok: Token) -> bool:
    """ "the launch", "these drills", "Friday's launch": a noun that refers back."""
    return tok.pos_ == "NOUN" and any(
        (c.dep_ == "det" and c.lower_ in DEFINITE) or (c.dep_ == "poss" and c.ent_type_ in ("DATE", "TIME"))
        for c in tok.children
    )


def _anaphoric(c: Candidate) -> bool:
    return (
        c.type in lexicon().anaphora.values()
        and c.rule.pos == "NOUN"
        and _definite(c.trigger)
        and c.required is None
        and not c.source
        and not c.target
        and c.date is None
        and c.modality in ("asserted", "alleged")
    )


def _bare_anaphors(units: list[Unit], taken: set, lex) -> list[Candidate]:
    """Definite event nouns the trigger rules do not license ("condemned the launch")."""
    if not lex.anaphora:
        return []
    first_rule = {}
    for r in lex.rules.values():
        first_rule.setdefault(r.type, r)
    out = []
    for u in units:
        for tok in u.sent:
            kind = lex.anaphora.get(tok.lower_)
            renames = (
                tok.dep_ in ("appos", "npadvmod")
                and tok.pos_ == "NOUN"
                and tok.i > 0
                and tok.doc[tok.left_edge.i - 1].text == ","
            )  # "launched a satellite ..., a launch that ..."
            if (
                kind is None
                or kind not in first_rule
                or (id(tok.doc), tok.i) in taken
                or not (_definite(tok) or renames)
            ):
                continue
            if any(
                c.dep_ in ("compound", "amod", "nmod", "poss")
                and c.ent_type_ not in ("DATE", "TIME")
                and c.lower_ not in ("latest", "new", "recent")
                for c in tok.children
            ):
                continue  # "the satellite launch", "the nuclear test": a description of its own, not a bare reference
            out.append(Candidate(rule=first_rule[kind], trigger=tok, unit=u, span=(u.start(tok), u.end(tok))))
    return out


def _resolve_anaphors(
    groups: list[Group], anaphors: list[Candidate], cands: list[Candidate], resolver: ActorResolver
) -> list[Group]:
    """Each anaphor joins the latest earlier event of its type; a licensed one with no antecedent stays an event."""
    for a in anaphors:
        before = [g for g in groups if g.type == a.type and g.first.start < a.start]
        if before:
            g = max(before, key=lambda g: max(m.start for m in g.members if m.start < a.start))
            g.members[0].extra_mentions.append(a)
        elif any(a is c for c in cands):
            _fallback_source(a, cands, resolver, anaphor=False)
            groups.append(Group(a, [a]))
    return sorted(groups, key=lambda g: g.first.start)


def _targets_from_event_objects(groups: list[Group]) -> None:
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
                ev = owner.get((id(o.doc), o.i))
                if ev is not None and ev is not g and ev.type in TARGETED_EVENTS:
                    m.target = [a for a in ev.actors("source") if a.country] or m.target


def _home_country(article: ParsedArticle) -> str | None:
    """The state a story is filed from: its dateline place, else its outlet's (or a credited agency's) home."""
    for name in (article.dateline_place, article.outlet):
        known = lookup(name) if name else None
        if known and known.country and known.kind in ("place", "country", "media"):
            return known.country
    for word in re.split(r"[\s,;/|]+", article.byline or ""):  # "Staff writer, with CNA"
        known = lookup(word) if word[:1].isupper() else None
        if known and known.country and known.kind == "media":
            return known.country
    return None


def _in_furniture(c: Candidate, furniture) -> bool:
    return any(fs < c.span[1] and c.span[0] < fe for fs, fe in furniture)


def _remember_entities(units: list[Unit], resolver: ActorResolver) -> None:
    """Every named actor, in text order, so pronouns and short names can find their antecedent.

    Each doc's entities are read once and dealt to the units (``Span.ents`` rescans the whole doc)."""
    by_doc: dict[int, list] = {}
    for u in units:
        key = id(u.sent.doc)
        if key not in by_doc:
            by_doc[key] = [e for e in u.sent.doc.ents if e.label_ in ACTOR_ENTITY_LABELS]
    for u in units:
        ents = by_doc[id(u.sent.doc)]
        lo, hi = u.sent.start, u.sent.end
        k = bisect_left(ents, lo, key=lambda e: e.start)
        while k < len(ents) and ents[k].start < hi:
            ent = ents[k]
            k += 1
            if ent.end > hi:
                continue
            found = resolver.resolve_head(ent.root)
            for r in found:
                resolver.memory.add(r)
            acronym = _acronym_after(ent)
            if acronym and len(found) == 1 and found[0].kind in ("institution", "org"):
                resolver.memory.acronyms.setdefault(acronym.lower(), found[0])


ACTOR_ENTITY_LABELS = ("PERSON", "ORG", "GPE", "NORP", "FAC")


def _acronym_after(ent) -> str | None:
    """ "South Korea's Joint Chiefs of Staff (JCS)": the parenthesised short form names the same body."""
    doc, i = ent.doc, ent.end
    if i + 2 < len(doc) and doc[i].text == "(" and doc[i + 2].text == ")":
        word = doc[i + 1].text
        if 2 <= len(word) <= 8 and word.isupper() and word.isalpha():
            return word
    return None


def _actors(heads: list[Token], resolver: ActorResolver) -> list[Resolved]:
    out: list[Resolved] = []
    for h in heads:
        for r in resolver.resolve(h, remember=False):
            if all(r.actor != o.actor for o in out):
                out.append(r)
    return out


def _fill_actors(c: Candidate, resolver: ActorResolver) -> None:
    roles: dict[str, list[Resolved]] = {"source": [], "target": []}
    filled: set[str] = set()
    for slot, role in c.rule.roles.items():
        for r in _actors(slot_heads(c, slot), resolver):
            filled.add(slot)
            if all(r.actor != o.actor for o in roles[role]):
                roles[role].append(r)
    # "Taiwan arms sale", "Iran sanctions": a bare state modifier may name either side; other mentions decide
    c.weak_source = c.rule.pos == "NOUN" and c.type in TWO_SIDED and filled == {"modifier"}
    c.source_kinds = [r.kind for r in roles["source"]]
    c.source = [r.actor for r in roles["source"] if r.kind not in ("media", "anonymous", "document")]
    c.target = [r.actor for r in roles["target"] if r.kind not in ("anonymous", "document") or r.actor.country]
    c.source_all = [r.actor for r in roles["source"]]
    c.source_heads = slot_heads(c, "subject") if "subject" in c.rule.roles else []
    c.source_people = {r.actor.name for r in roles["source"] if r.kind == "person"}
    c.source_states = {r.actor.country for r in roles["source"] if r.kind == "state" and r.actor.country}


def _attribution(c: Candidate, resolver: ActorResolver) -> None:
    """Reporting verbs of outlets and unnamed sources are attribution; a document speaks for its author."""
    if not (c.rule.speech or c.type in ("message", "statement")):
        return
    kinds = set(c.source_kinds)
    if "document" in kinds and not c.source:
        for head in c.source_heads:
            owners = owner_of(head)
            found = _actors(owners, resolver)
            if found:
                c.source = [r.actor for r in found if r.kind in SPEAKER_KINDS]
            else:
                by = next((ch for ch in head.children if ch.dep_ == "prep" and ch.lower_ == "by"), None)
                if by is None:
                    continue
                name = " ".join(
                    t.text for t in list(by.subtree)[1:] if t.ent_type_ not in ("DATE", "TIME")
                )  # an author the parse cannot resolve
                c.source = [Actor(name=name or head.text, country=None)]
    if c.rule.speech and (not c.source or kinds & {"media", "anonymous"} and not c.source):
        c.dropped = True
    if c.rule.speech and kinds and kinds <= {"media", "anonymous"}:
        c.dropped = True


def _fallback_source(c: Candidate, cands: list[Candidate], resolver: ActorResolver, anaphor: bool = True) -> None:
    """Who launched/drilled/supplied when the phrase does not say: the object of a governing
    accusation ("condemn X over a spate of tests"), else the nearest country before it in the sentence."""
    if c.source or c.type not in NEEDS_SOURCE:
        return
    control = lexicon().cue("object_control")
    t = c.host
    for _ in range(8):
        if t.head.i == t.i:
            break
        t = t.head
        if is_verb(t) and t.lemma_.lower() in control:
            objs = [ch for ch in t.children if ch.dep_ in ("dobj", "nsubjpass") and ch.i != c.trigger.i]
            found = _actors(objs, resolver)
            if found:
                c.source = [r.actor for r in found if r.actor.country]
                return
    if c.type in ("missile_test", "military_exercise"):
        if anaphor and c.rule.pos == "NOUN" and _definite(c.trigger):
            return  # "condemned the drills": refers back to an earlier event (see _resolve_anaphors)
        if any(w.lower_ in JOINT_WORDS for w in c.trigger.children):
            return  # "trilateral drills": several participants, never just the nearest country
        offset = c.unit.start(c.trigger)
        sent_start = c.unit.start(c.unit.sent[0])
        speech = {(id(p.trigger.doc), p.trigger.i) for p in cands if p.type in SPEECH_EVENTS and p is not c}
        governing = {
            c.unit.start(a) for v in c.host.ancestors if (id(v.doc), v.i) in speech for a in with_conjuncts(agents(v))
        }
        for r in resolver.memory.before(offset):
            if r.offset < sent_start:
                break
            if r.offset in governing:
                continue  # "Pyongyang blasts trilateral drills": the critic is not the one drilling
            if r.actor.country and r.kind != "media":
                c.source = [r.actor]
                return


SPEECH_EVENTS = {"statement", "denial", "accusation", "message"}
TWO_SIDED = {"arms_transfer", "sanction"}


def _participial_speech(cands: list[Candidate]) -> None:
    """ "X denied the claims, telling reporters that ...", "X said ..., adding that ...": the participle of a
    reporting verb hanging on the speaker's own speech act is another mention of that act, not a new statement."""
    by_host = {(id(c.host.doc), c.host.i): c for c in cands if c.type in SPEECH_EVENTS}
    for c in cands:
        t = c.trigger
        participle = t.tag_ == "VBG" and t.dep_ in ("advcl", "conj", "xcomp")
        coordinated = t.dep_ == "conj" and not any(
            ch.dep_ in ("nsubj", "nsubjpass") for ch in t.children
        )  # "said ... and urged"
        speech = (c.rule.speech and c.type == "statement") or c.denied_clause is not None  # or a claim turned denial
        if not (speech and (participle or coordinated)):
            continue
        owner = by_host.get((id(t.doc), t.head.i))
        if owner is None and t.head.dep_ == "ccomp":  # "said it regretted ..., adding that"
            owner = by_host.get((id(t.doc), t.head.head.i))
        if owner is None or owner is c or owner.dropped:
            continue
        if owner.type == "accusation" and any(ch.dep_ == "ccomp" for ch in t.children):
            continue  # "condemned the launch and said / telling reporters that ...": new content, a statement of its own
        if c.source and owner.source and not ({a.name for a in c.source} & {a.name for a in owner.source}):
            continue
        owner.extra_mentions.append(c)
        c.dropped = True


def _medium_statements(cands: list[Candidate]) -> None:
    """ "In a statement, X condemned ... and said ...": the coordinated "said" is the statement the noun names."""
    for c in cands:
        if c.type != "statement" or c.rule.pos != "NOUN" or c.support is None or c.dropped or c.trigger.dep_ != "pobj":
            continue
        for d in cands:
            t = d.trigger
            if (
                d is not c
                and not d.dropped
                and d.type == "statement"
                and d.rule.speech
                and t.doc is c.trigger.doc
                and t.dep_ == "conj"
                and t.head.i == c.support.i
            ):
                c.extra_mentions.append(d)
                d.dropped = True


def _own_side_denial(c: Candidate, resolver: ActorResolver) -> None:
    """ "Iranian officials claimed Iran had not supplied drones": a claim that one's own side did NOT do
    something is a denial, even from unnamed officials; the denied content stays an (alleged) event."""
    if c.type != "statement" or not is_verb(c.trigger):
        return
    lex = lexicon()
    own = {a.country for a in c.source_all if a.country}
    for comp in with_conjuncts([ch for ch in c.trigger.children if ch.dep_ == "ccomp"]):
        subjects = [g for g in comp.children if g.dep_ in ("nsubj", "nsubjpass")]
        if any(ch.dep_ == "neg" for ch in comp.children):
            said = {r.actor.country for r in _actors(with_conjuncts(subjects), resolver) if r.actor.country}
            if own and said and said <= own:
                break
        # "told the council that the allegations were baseless": calling the claim false denies it
        if any(lex.in_class(g, "claim_noun") for g in subjects) and (
            comp.lemma_.lower() in lex.cue("falsity")
            or any(
                ch.dep_ in ("acomp", "attr", "oprd") and ch.lemma_.lower() in lex.cue("falsity") for ch in comp.children
            )
        ):
            break
    else:
        return
    c.rule = next(r for r in lex.rules.values() if r.type == "denial")
    c.source = [a for a in c.source_all if a.country] or c.source
    c.source_kinds = ["state"]
    c.denied_clause = comp


def _denials(cands: list[Candidate], resolver: ActorResolver) -> None:
    """A speaker saying its own side did NOT do something is a denial; a denial's unnamed accuser is the
    source of the accusation it answers."""
    for c in cands:
        if c.type != "denial" or c.target:
            continue
        own = {a.country for a in c.source if a.country}
        for prev in reversed([p for p in cands if p.type == "accusation" and p.start < c.start]):
            if {a.country for a in prev.target} & own or not own:
                c.target = [a for a in prev.source]
                break


def _attach_dates(cands: list[Candidate], units: list[Unit], timexes: list[TimeExpression]) -> None:
    by_unit: dict[int, list[Candidate]] = {}
    for c in cands:
        by_unit.setdefault(c.unit.index, []).append(c)
    for group in by_unit.values():
        unit = group[0].unit
        stops = {c.trigger.i for c in group} | {c.support.i for c in group if c.support is not None}
        attacher = DateAttacher(unit, timexes, stops)
        for c in group:
            c.date = event_date(c, attacher)


def _coreferent_nouns(cands: list[Candidate]) -> list[Candidate]:
    """ "allegations" with no accuser of its own refers back to an accusation just made: a mention, not an event."""
    out: list[Candidate] = []
    for c in cands:
        if c.rule.nominal_source_needed and not c.source:
            prev = next((p for p in reversed(out) if p.type == c.type and c.unit.index - p.unit.index <= 2), None)
            if prev is not None:
                prev.extra_mentions.append(c)
            continue
        out.append(c)
    return out


def _record(g: Group, article: ParsedArticle) -> Event:
    members = list(g.members)
    for m in list(members):
        members.extend(m.extra_mentions)
    members.sort(key=lambda m: m.start)
    text = article.text
    mentions = []
    for m in members:
        s, e = m.span
        sent = m.unit.sent
        ss, se = m.unit.start(sent[0]), m.unit.end(sent[-1])
        mentions.append(Mention(start=s, end=e, trigger_text=text[s:e], sentence=text[ss:se].strip()))
    first = mentions[0]
    digest = hashlib.sha1(f"{article.article_id}|{g.type}|{first.start}|{first.end}".encode()).hexdigest()[:16]
    source, target = g.actors("source"), g.actors("target")
    rule = g.primary.rule
    cameo = rule.cameo
    if rule.cameo_joint and (
        len({a.country for a in source if a.country}) > 1
        or any(w.lower_ in JOINT_WORDS for w in g.primary.trigger.children)
    ):
        cameo = rule.cameo_joint
    return Event(
        event_id=digest,
        type=g.type,
        cameo_code=cameo,
        mentions=mentions,
        source=source,
        target=target,
        date=g.date(),
        modality=g.primary.modality,
        confidence=_confidence(g, source, target),
    )


def _confidence(g: Group, source: list[Actor], target: list[Actor]) -> float:
    """Higher when the rule needed a licensing word, actors were found and the event is mentioned again."""
    score = 0.5
    if g.primary.required is not None or g.primary.support is not None:
        score += 0.1
    if any(a.country for a in source):
        score += 0.15
    if target:
        score += 0.05
    score += min(0.1, 0.05 * (len(g.members) - 1))
    return round(min(score, 0.95), 2)
