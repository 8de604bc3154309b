"""Keeping `stories` and `story_events` current inside the load transaction.

A batch touches a few events (the new articles', and those that shared a story or a link with a replaced
article's). Their connected part of the link graph is found by walking links outwards (candidates by SQL, links by
``stories.link``), its old stories are deleted and it is clustered again from scratch. Every story lies inside one
connected part, so this gives what clustering the whole warehouse would: the same stories whatever the load order
and the batch size. A change of the rules file (its fingerprint in `story_rules`) re-clusters everything.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import asdict
from datetime import datetime

import duckdb
import pyarrow as pa

from warehouse.stories import StoryEvent, cluster, joinable, links, summarise
from warehouse.story_rules import StoryRules, load_story_rules

STORIES = pa.schema(
    [
        ("story_id", pa.string()),
        ("event_type", pa.string()),
        ("date_start", pa.date32()),
        ("date_end", pa.date32()),
        ("date_granularity", pa.string()),
        ("first_seen", pa.timestamp("us")),
        ("last_seen", pa.timestamp("us")),
        ("articles", pa.int32()),
        ("outlets", pa.int32()),
        ("events", pa.int32()),
    ]
)
STORY_EVENTS = pa.schema([("event_id", pa.string()), ("story_id", pa.string()), ("names", pa.list_(pa.string()))])
IDS = pa.schema([("event_id", pa.string())])

# The events that may join a story, with the window in which a partner must fall: the event's date, else its
# article's publication day give or take the name window.
_CANDIDATE_EVENTS = """
    SELECT e.event_id, e.article_id, e.event_type,
           coalesce(e.date_start, a.published_at::DATE - $window) AS lo,
           coalesce(e.date_end, e.date_start, a.published_at::DATE + $window) AS hi
    FROM events e JOIN articles a USING (article_id)
    WHERE NOT list_contains($alone_types, e.event_type) AND NOT list_contains($alone_modalities, e.modality)
"""
# Pairs of one frontier event and any event close enough in time to be linked to it.
CANDIDATE_PAIRS = f"""
    WITH c AS ({_CANDIDATE_EVENTS})
    SELECT f.event_id, o.event_id FROM c f
    JOIN c o ON o.event_type = f.event_type AND o.article_id <> f.article_id
        AND o.lo <= f.hi + $slack AND f.lo <= o.hi + $slack
    WHERE f.event_id IN (SELECT event_id FROM story_frontier)
"""
FEATURES = """
    SELECT e.event_id, e.article_id, e.event_type, e.modality, e.date_start, e.date_end, e.date_granularity,
           a.published_at, a.outlet,
           (SELECT list(DISTINCT coalesce(x.country_code, x.actor_code)) FROM event_actors x
             WHERE x.event_id = e.event_id AND x.role = 'source') AS sources,
           (SELECT list(DISTINCT coalesce(x.country_code, x.actor_code)) FROM event_actors x
             WHERE x.event_id = e.event_id AND x.role = 'target') AS targets,
           (SELECT list(m.sentence) FROM event_mentions m WHERE m.event_id = e.event_id) AS sentences,
           e.sentence
    FROM events e JOIN articles a USING (article_id)
    WHERE e.event_id IN (SELECT event_id FROM story_frontier)
"""


def _register(con: duckdb.DuckDBPyConnection, ids: Iterable[str]) -> None:
    con.register("story_frontier", pa.Table.from_pylist([{"event_id": i} for i in ids], schema=IDS))


def _features(con: duckdb.DuckDBPyConnection, ids: Iterable[str], rules: StoryRules) -> dict[str, StoryEvent]:
    _register(con, ids)
    events = {}
    for row in con.execute(FEATURES).fetchall():
        *fields, sources, targets, sentences, sentence = row
        events[row[0]] = StoryEvent(
            *fields,
            sources=frozenset(s for s in sources or [] if s),
            targets=frozenset(t for t in targets or [] if t),
            names=rules.names_in([sentence, *(sentences or [])]),
        )
    return events


def _candidate_pairs(con: duckdb.DuckDBPyConnection, ids: Iterable[str], rules: StoryRules) -> list[tuple[str, str]]:
    _register(con, ids)
    return con.execute(
        CANDIDATE_PAIRS,
        {
            "window": rules.name_window_days,
            "slack": rules.slack_days,
            "alone_types": [t for t, r in rules.types.items() if not r.joins],
            "alone_modalities": list(rules.alone_modalities),
        },
    ).fetchall()


def _connected(
    con: duckdb.DuckDBPyConnection, seeds: Iterable[str], rules: StoryRules
) -> tuple[dict[str, StoryEvent], set[tuple[str, str]]]:
    """The events linked to ``seeds`` directly or through others, and the candidate pairs among them."""
    events = _features(con, set(seeds), rules)
    pairs: set[tuple[str, str]] = set()
    frontier = [e.event_id for e in events.values() if joinable(e, rules)]
    while frontier:
        found = _candidate_pairs(con, frontier, rules)
        new = {b for _, b in found if b not in events}
        events.update(_features(con, new, rules))
        reached = set()
        for k in links(list(events.values()), found, rules):
            pairs.add((k.a, k.b))
            reached |= {k.a, k.b}
        # events a candidate query found but no link reached are not part of it
        for orphan in new - reached:
            events.pop(orphan, None)
        frontier = sorted(reached & new)
    return events, pairs


def neighbours(con: duckdb.DuckDBPyConnection, event_ids: Sequence[str], rules: StoryRules) -> set[str]:
    """Events that share a story or a link with ``event_ids`` (before those are deleted)."""
    if not event_ids:
        return set()
    _register(con, event_ids)
    mates = {
        r[0]
        for r in con.execute(
            "SELECT event_id FROM story_events WHERE story_id IN "
            "(SELECT story_id FROM story_events WHERE event_id IN (SELECT event_id FROM story_frontier))"
        ).fetchall()
    }
    events = _features(con, event_ids, rules)
    found = _candidate_pairs(con, event_ids, rules)
    events.update(_features(con, {b for _, b in found}, rules))
    linked = {x for k in links(list(events.values()), found, rules) for x in (k.a, k.b)}
    return (mates | linked) - set(event_ids)


def detach(con: duckdb.DuckDBPyConnection, event_ids: Sequence[str], rules: StoryRules | None = None) -> set[str]:
    """Before events are deleted: drop their stories; returns the events whose stories must be made again."""
    rules = rules or load_story_rules()
    seeds = neighbours(con, event_ids, rules)
    _register(con, event_ids)
    con.execute(
        "DELETE FROM stories WHERE story_id IN "
        "(SELECT story_id FROM story_events WHERE event_id IN (SELECT event_id FROM story_frontier))"
    )
    con.execute("DELETE FROM story_events WHERE story_id NOT IN (SELECT story_id FROM stories)")
    return seeds


def refresh(con: duckdb.DuckDBPyConnection, seeds: Iterable[str], rules: StoryRules | None = None) -> int:
    """Make again the stories of ``seeds`` and of every event linked to them; returns the stories written.

    When the rules changed since the stories were made, every story is made again."""
    rules = rules or load_story_rules()
    stored = con.execute("SELECT fingerprint FROM story_rules").fetchall()
    if stored != [(rules.fingerprint,)]:
        seeds = [r[0] for r in con.execute("SELECT event_id FROM events").fetchall()]
        con.execute("DELETE FROM stories")
        con.execute("DELETE FROM story_events")
        con.execute("DELETE FROM story_rules")
        con.execute("INSERT INTO story_rules VALUES (?, ?)", [rules.fingerprint, datetime.now()])
    seeds = set(seeds)
    if not seeds:
        return 0
    events, pairs = _connected(con, seeds, rules)
    found = links(list(events.values()), pairs, rules)
    groups = cluster(list(events.values()), found, rules)
    _register(con, events)
    con.execute(
        "DELETE FROM stories WHERE story_id IN "
        "(SELECT story_id FROM story_events WHERE event_id IN (SELECT event_id FROM story_frontier))"
    )
    con.execute("DELETE FROM story_events WHERE event_id IN (SELECT event_id FROM story_frontier)")
    stories, members = [], []
    for group in groups:
        story = summarise([events[i] for i in group])
        stories.append(asdict(story))
        members += [{"event_id": i, "story_id": story.story_id, "names": sorted(events[i].names)} for i in group]
    con.register("stage_stories", pa.Table.from_pylist(stories, schema=STORIES))
    con.register("stage_story_events", pa.Table.from_pylist(members, schema=STORY_EVENTS))
    con.execute("INSERT INTO stories BY NAME SELECT * FROM stage_stories")
    con.execute("INSERT INTO story_events BY NAME SELECT * FROM stage_story_events")
    for name in ("story_frontier", "stage_stories", "stage_story_events"):
        con.unregister(name)
    return len(stories)
