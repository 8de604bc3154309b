"""An event group -> its record: mentions with offsets, actors, date, CAMEO code, modality, confidence."""

from __future__ import annotations

import hashlib

from extractors.events.lexicon import lexicon
from extractors.events.merge import Group
from extractors.events.scale import goldstein_and_quad
from schemas import Actor, Event, Location, Mention, ParsedArticle


def record(g: Group, article: ParsedArticle) -> Event:
    members = g.mentions()
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
        or any(w.lower_ in lexicon().cue("joint_words") for w in g.primary.trigger.children)
    ):
        cameo = rule.cameo_joint
    goldstein, quad_class = goldstein_and_quad(cameo)
    place = g.location()
    return Event(
        event_id=digest,
        type=g.type,
        cameo_code=cameo,
        mentions=mentions,
        source=source,
        target=target,
        date=g.date(),
        modality=g.primary.modality,
        confidence=confidence(g, source, target),
        rule_id=g.primary.rule_id,
        date_rule=g.date_rule(),
        goldstein=goldstein,
        quad_class=quad_class,
        location=Location(name=place.name, country=place.country, lat=place.lat, lon=place.lon) if place else None,
    )


def confidence(g: Group, source: list[Actor], target: list[Actor]) -> float:
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
