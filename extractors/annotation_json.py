"""The evaluation JSON of eval/annotation-guide.md for one analysed article."""

from __future__ import annotations

from typing import Any

from schemas import Actor, ArticleResult


def to_annotation_json(result: ArticleResult) -> dict[str, Any]:
    article = result.article
    return {
        "article": {
            "published": article.anchor.isoformat() if article.anchor else None,
            "published_at": article.published_at.isoformat(timespec="minutes") if article.published_at else None,
            "published_source": article.published_source,
            "title": article.title,
            "byline": article.byline,
            "outlet": article.outlet,
            "dateline_place": article.dateline_place,
            "source_uri": article.source_uri,
            "article_id": article.article_id,
        },
        "events": [
            {
                "id": event.event_id,
                "type": event.type,
                "cameo_code": event.cameo_code,
                "mentions": [
                    {"start": m.start, "end": m.end, "text": article.text[m.start : m.end], "sentence": m.sentence}
                    for m in event.mentions
                ],
                "source": [actor_json(a) for a in event.source],
                "target": [actor_json(a) for a in event.target],
                "date": (
                    {
                        "start": event.date.start.isoformat(),
                        "end": event.date.end.isoformat(),
                        "granularity": event.date.granularity,
                        "text": event.date.text,
                    }
                    if event.date
                    else None
                ),
                "modality": event.modality,
                "confidence": event.confidence,
                # provenance (README: rule_id, date_rule, actor_rule); the scorer ignores fields it does not know
                "rule_id": event.rule_id,
                "date_rule": event.date_rule,
                "goldstein": event.goldstein,
                "quad_class": event.quad_class,
                "location": event.location.model_dump() if event.location else None,
            }
            for event in result.events
        ],
        "timexes": [
            {
                "start": t.start,
                "end": t.end,
                "text": t.text,
                "type": t.type,
                "value": t.value,
                "mod": t.mod,
                "date_start": t.date_start.isoformat() if t.date_start else None,
                "date_end": t.date_end.isoformat() if t.date_end else None,
                "granularity": t.granularity,
            }
            for t in result.timexes
        ],
    }


def actor_json(actor: Actor) -> dict[str, Any]:
    return {
        "name": actor.name,
        "country": actor.country,
        "actor_code": actor.code,
        "sector": actor.sector,
        "actor_rule": actor.rule,
    }
