"""Typed records to Arrow tables, one per warehouse table (bulk loading, never row by row)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

import pyarrow as pa

from schemas import ArticleResult, Rejection

ARTICLES = pa.schema(
    [
        ("article_id", pa.string()),
        ("source_uri", pa.string()),
        ("source_key", pa.string()),
        ("url", pa.string()),
        ("outlet", pa.string()),
        ("title", pa.string()),
        ("byline", pa.string()),
        ("dateline_place", pa.string()),
        ("published_at", pa.timestamp("us")),
        ("language", pa.string()),
        ("text", pa.string()),
        ("content_hash", pa.string()),
        ("ingested_at", pa.timestamp("us")),
        ("pipeline_version", pa.string()),
        ("flow_run_id", pa.string()),
        ("origin", pa.string()),
        ("published_source", pa.string()),
    ]
)
TIME_EXPRESSIONS = pa.schema(
    [
        ("article_id", pa.string()),
        ("start_char", pa.int32()),
        ("end_char", pa.int32()),
        ("text", pa.string()),
        ("timex_type", pa.string()),
        ("timex_value", pa.string()),
        ("timex_mod", pa.string()),
        ("date_start", pa.date32()),
        ("date_end", pa.date32()),
        ("granularity", pa.string()),
        ("approximate", pa.bool_()),
    ]
)
EVENTS = pa.schema(
    [
        ("event_id", pa.string()),
        ("article_id", pa.string()),
        ("event_type", pa.string()),
        ("cameo_code", pa.string()),
        ("trigger_text", pa.string()),
        ("trigger_start", pa.int32()),
        ("trigger_end", pa.int32()),
        ("sentence", pa.string()),
        ("modality", pa.string()),
        ("date_start", pa.date32()),
        ("date_end", pa.date32()),
        ("date_granularity", pa.string()),
        ("date_text", pa.string()),
        ("confidence", pa.float64()),
        ("extractor_version", pa.string()),
        ("rule_id", pa.string()),
        ("date_rule", pa.string()),
        ("goldstein", pa.float64()),
        ("quad_class", pa.int32()),
        ("location_name", pa.string()),
        ("location_country", pa.string()),
        ("location_lat", pa.float64()),
        ("location_lon", pa.float64()),
    ]
)
EVENT_ACTORS = pa.schema(
    [
        ("event_id", pa.string()),
        ("role", pa.string()),
        ("ordinal", pa.int32()),
        ("name", pa.string()),
        ("country_code", pa.string()),
        ("actor_rule", pa.string()),
        ("actor_code", pa.string()),
        ("sector", pa.string()),
    ]
)
EVENT_MENTIONS = pa.schema(
    [
        ("event_id", pa.string()),
        ("start_char", pa.int32()),
        ("end_char", pa.int32()),
        ("trigger_text", pa.string()),
        ("sentence", pa.string()),
    ]
)
REJECTIONS = pa.schema([("source_uri", pa.string()), ("reason", pa.string())])


def batch_tables(
    results: Sequence[ArticleResult], version: str, run_id: str | None, now: datetime
) -> dict[str, pa.Table]:
    """Arrow tables for one batch; duplicate keys inside the batch are dropped first (DuckDB would reject them)."""
    articles, timexes, events, actors, mentions = [], [], [], [], []
    seen_articles: set[str] = set()
    seen_events: set[str] = set()
    for result in results:
        a = result.article
        if a.article_id in seen_articles:
            continue
        seen_articles.add(a.article_id)
        articles.append(
            {
                "article_id": a.article_id,
                "source_uri": a.source_uri,
                "source_key": a.source_key,
                "url": a.url,
                "outlet": a.outlet,
                "title": a.title,
                "byline": a.byline,
                "dateline_place": a.dateline_place,
                "published_at": a.published_at,
                "language": a.language,
                "text": a.text,
                "content_hash": a.content_hash,
                "ingested_at": now,
                "pipeline_version": version,
                "flow_run_id": run_id,
                "origin": a.origin,
                "published_source": a.published_source,
            }
        )
        spans: set[tuple[int, int]] = set()
        for t in result.timexes:
            if (t.start, t.end) in spans:
                continue
            spans.add((t.start, t.end))
            timexes.append(
                {
                    "article_id": a.article_id,
                    "start_char": t.start,
                    "end_char": t.end,
                    "text": t.text,
                    "timex_type": t.type,
                    "timex_value": t.value,
                    "timex_mod": t.mod,
                    "date_start": t.date_start,
                    "date_end": t.date_end,
                    "granularity": t.granularity,
                    "approximate": t.approximate,
                }
            )
        for e in result.events:
            if e.event_id in seen_events or not e.mentions:
                continue
            seen_events.add(e.event_id)
            first = e.mentions[0]
            events.append(
                {
                    "event_id": e.event_id,
                    "article_id": a.article_id,
                    "event_type": e.type,
                    "cameo_code": e.cameo_code,
                    "trigger_text": first.trigger_text,
                    "trigger_start": first.start,
                    "trigger_end": first.end,
                    "sentence": first.sentence,
                    "modality": e.modality,
                    **_prefixed("date_", e.date, ("start", "end", "granularity", "text")),
                    "confidence": e.confidence,
                    "extractor_version": version,
                    "rule_id": e.rule_id,
                    "date_rule": e.date_rule,
                    "goldstein": e.goldstein,
                    "quad_class": e.quad_class,
                    **_prefixed("location_", e.location, ("name", "country", "lat", "lon")),
                }
            )
            for role, group in (("source", e.source), ("target", e.target)):
                for ordinal, actor in enumerate(group):
                    actors.append(
                        {
                            "event_id": e.event_id,
                            "role": role,
                            "ordinal": ordinal,
                            "name": actor.name,
                            "country_code": actor.country,
                            "actor_rule": actor.rule,
                            "actor_code": actor.code,
                            "sector": actor.sector,
                        }
                    )
            mention_spans: set[tuple[int, int]] = set()
            for m in e.mentions:
                if (m.start, m.end) not in mention_spans:
                    mention_spans.add((m.start, m.end))
                    mentions.append(
                        {
                            "event_id": e.event_id,
                            "start_char": m.start,
                            "end_char": m.end,
                            "trigger_text": m.trigger_text,
                            "sentence": m.sentence,
                        }
                    )
    return {
        "articles": pa.Table.from_pylist(articles, schema=ARTICLES),
        "time_expressions": pa.Table.from_pylist(timexes, schema=TIME_EXPRESSIONS),
        "events": pa.Table.from_pylist(events, schema=EVENTS),
        "event_actors": pa.Table.from_pylist(actors, schema=EVENT_ACTORS),
        "event_mentions": pa.Table.from_pylist(mentions, schema=EVENT_MENTIONS),
    }


def rejection_table(rejections: Sequence[Rejection]) -> pa.Table:
    latest = {r.source_uri: r.reason for r in rejections}  # one row per source
    return pa.Table.from_pylist([{"source_uri": k, "reason": v} for k, v in latest.items()], schema=REJECTIONS)


def _prefixed(prefix: str, value: object | None, names: tuple[str, ...]) -> dict[str, object]:
    """Columns ``prefix + name`` from the fields of an optional value ("date_start", "location_lat"); None when absent."""
    return {prefix + n: getattr(value, n) if value is not None else None for n in names}
