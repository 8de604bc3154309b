"""Event extraction: typed events with actors, modality and dates from a parsed article, pass by pass.

sentences (segments) -> trigger candidates from the rule data (triggers, conditions) -> actors from the
grammatical slots the rule names (roles, participants) -> attribution and denials (attribution) -> modality
(modality) -> governing date (dates) -> one event per real-world event (merge, anaphora) -> records (record).
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from extractors.actors.resolver import ActorMemory, ActorResolver
from extractors.article.parser import analysis_text
from extractors.events.anaphora import (
    anaphoric,
    bare_anaphors,
    coreferent_nouns,
    elaborating,
    resolve_anaphors,
    restating,
)
from extractors.events.attribution import attribution, denials, medium_statements, own_side_denial, participial_speech
from extractors.events.candidate import Candidate
from extractors.events.dates import DateAttacher, TimexIndex, event_date
from extractors.events.lexicon import lexicon
from extractors.events.merge import merge
from extractors.events.modality import modality
from extractors.events.participants import (
    fallback_source,
    fill_actors,
    home_country,
    remember_entities,
    speech_triggers,
    targets_from_event_objects,
    veto_targets,
)
from extractors.events.places import place_of
from extractors.events.record import record
from extractors.events.segments import Unit, sentence_units
from extractors.events.triggers import TriggerFinder
from schemas import Event, ParsedArticle, TimeExpression


def extract_events(doc: Doc, article: ParsedArticle, timexes: list[TimeExpression], nlp: Language) -> list[Event]:
    """Events in ``doc`` (the spaCy parse of ``article.text``), one per real-world event. ``nlp`` (the pipeline
    that made ``doc``) parses headline and caption lines again on their own."""
    units = sentence_units(doc, list(article.furniture), nlp, analysis_text(article))
    cands = [c for c in TriggerFinder().candidates(units) if not _in_furniture(c, article.furniture)]
    if not cands:
        return []
    base = {id(u.sent.doc): u.base for u in units}
    memory = ActorMemory()
    resolver = ActorResolver(memory, lambda tok: base[id(tok.doc)], home=home_country(article))
    remember_entities(units, resolver)
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
        fill_actors(c, resolver)
        own_side_denial(c, resolver)
        attribution(c, resolver)
    cands = [c for c in cands if not c.dropped]
    participial_speech(cands)
    medium_statements(cands)
    cands = [c for c in cands if not c.dropped]
    denied = [c.denied_clause for c in cands if c.denied_clause is not None]
    speech = speech_triggers(cands)
    for c in cands:
        c.modality = modality(c, trigger_tokens)
        if any(c.host == d or d in c.host.ancestors for d in denied):
            c.modality = "alleged"  # the denied content is the alleged event, not a negated one
        fallback_source(c, cands, resolver, speech=speech)
    denials(cands, resolver)
    _attach_dates(cands, units, timexes)
    cands = elaborating(coreferent_nouns(cands))
    anaphors = [c for c in cands if anaphoric(c) or restating(c)]
    groups = merge([c for c in cands if not (anaphoric(c) or restating(c))])
    taken = {(id(c.trigger.doc), c.trigger.i) for c in cands}
    anaphors += bare_anaphors(units, taken, lexicon())
    groups = resolve_anaphors(groups, sorted(anaphors, key=lambda c: c.start), cands, resolver, article.anchor)
    targets_from_event_objects(groups)
    veto_targets(groups, units, resolver)
    for g in groups:
        for m in g.mentions():
            m.location = place_of(m)
    return [record(g, article) for g in groups]


def _in_furniture(c: Candidate, furniture) -> bool:
    return any(fs < c.span[1] and c.span[0] < fe for fs, fe in furniture)


def _attach_dates(cands: list[Candidate], units: list[Unit], timexes: list[TimeExpression]) -> None:
    by_unit: dict[int, list[Candidate]] = {}
    for c in cands:
        by_unit.setdefault(c.unit.index, []).append(c)
    index = TimexIndex(timexes)
    for group in by_unit.values():
        unit = group[0].unit
        stops = {c.trigger.i for c in group} | {c.support.i for c in group if c.support is not None}
        attacher = DateAttacher(unit, index.in_unit(unit), stops)
        for c in group:
            c.date, c.date_rule = event_date(c, attacher)
