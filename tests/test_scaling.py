"""One long article with thousands of events or time expressions: merging mentions and choosing among
overlapping time expressions must not compare everything with everything (issue 11, failure 7)."""

from __future__ import annotations

import random
import re
import sys
import time
from datetime import date, datetime
from pathlib import Path
from types import SimpleNamespace

import pytest
import spacy

import extractors.events.merge as merge_module
from extractors.article.parser import analysis_text, parse_article
from extractors.events.candidate import Candidate
from extractors.events.extract import extract_events
from extractors.events.lexicon import lexicon
from extractors.events.merge import Group, merge, same_event
from extractors.timex.find import find_time_expressions
from extractors.timex.grammar import Candidate as TimexCandidate
from extractors.timex.grammar import Pattern, select
from schemas import Actor, DateInterval, RawInput

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
from scaling import article_text  # noqa: E402


def _scan_select(cands: list[TimexCandidate]) -> list[TimexCandidate]:
    """The definition ``select`` keeps to: longest first, then table order; drop what overlaps a chosen one."""
    chosen: list[TimexCandidate] = []
    for c in sorted(cands, key=lambda c: (-(c.end - c.start), c.pattern.rank, c.start)):
        if not any(c.start < k.end and k.start < c.end for k in chosen):
            chosen.append(c)
    return sorted(chosen, key=lambda c: c.start)


PATTERNS = [Pattern(f"p{i}", "weekday", "DATE", re.compile("x"), i) for i in range(4)]


def test_select_keeps_to_its_definition_on_random_overlaps() -> None:
    rng = random.Random(4)
    for _ in range(400):
        cands = []
        for _ in range(rng.randint(1, 30)):
            start = rng.randint(0, 50)
            cands.append(TimexCandidate(start, start + rng.choice([0, 1, 2, 3, 7]), rng.choice(PATTERNS)))
        assert [id(c) for c in select(cands)] == [id(c) for c in _scan_select(cands)]


def test_select_over_20000_weekdays_is_fast() -> None:
    """20,000 "Tuesday"s (and a longer reading over every tenth): 8.7 s when every candidate was checked
    against every chosen one."""
    cands = [TimexCandidate(i * 8, i * 8 + 7, PATTERNS[1]) for i in range(20000)]
    cands += [TimexCandidate(i * 8, i * 8 + 15, PATTERNS[2]) for i in range(0, 20000, 10)]
    started = time.perf_counter()
    chosen = select(cands)
    assert time.perf_counter() - started < 1.0
    assert len(chosen) == 20000 - 2 * 2000 + 2000


def test_time_expressions_of_10000_sentences_are_found_in_seconds() -> None:
    """Each weekday looked for its clause's tense in the whole text, rebuilt once per expression: a minute
    and more for these 10,000 sentences."""
    blank = spacy.blank("en")
    blank.add_pipe("sentencizer")
    doc = blank("The envoys met on Tuesday. " * 10000)
    started = time.perf_counter()
    found = find_time_expressions(doc, date(2024, 3, 14))
    assert time.perf_counter() - started < 15.0
    assert len(found) == 10000 and {t.value for t in found} == {"2024-03-12"}


def test_merging_compares_each_mention_with_a_few_groups(nlp, monkeypatch: pytest.MonkeyPatch) -> None:
    """400 sentences of distinct launches, sanctions and statements: every mention was compared with every
    group (some 60,000 comparisons here, 51 s for 4,000 sentences); now with the few that could take it."""
    calls = 0
    compare = merge_module._same_event

    def counted(facts, c):  # noqa: ANN001, ANN202
        nonlocal calls
        calls += 1
        return compare(facts, c)

    monkeypatch.setattr(merge_module, "_same_event", counted)
    text = article_text(400)
    article = parse_article(
        RawInput(source_uri="long", source_key="long", text=text, format="text"),
        published_override=datetime(2024, 3, 14),
    )
    doc = nlp(analysis_text(article))
    events = extract_events(doc, article, find_time_expressions(doc, article.anchor), nlp)
    assert len(events) > 150
    assert calls < 10 * 400


# Mentions made up for the merge rules alone: what ``same_event`` reads of a candidate, nothing of a parse.
TYPES = ["message", "statement", "sanction", "arms_transfer", "denial", "missile_test"]
STATES = ["USA", "CHN", "TWN", "RUS", None]
NAMES = ["Kim", "Lee", "Park", "the ministry", "Zhao"]
DAYS = [None, None, date(2024, 3, 1), date(2024, 3, 2)]


def _word(lemma: str, habitual: bool) -> SimpleNamespace:
    children = [SimpleNamespace(dep_="advmod", lower_="often")] if habitual else []
    return SimpleNamespace(lemma_=lemma, children=children)


def _mention(rng: random.Random, i: int) -> Candidate:
    def actors() -> list[Actor]:
        return [Actor(name=rng.choice(NAMES), country=rng.choice(STATES)) for _ in range(rng.choice([0, 1, 1, 2]))]

    c = Candidate(
        rule=SimpleNamespace(type=rng.choice(TYPES)),  # type: ignore[arg-type]
        trigger=_word(rng.choice(["say", "add", "sanction"]), rng.random() < 0.15),  # type: ignore[arg-type]
        unit=SimpleNamespace(index=rng.randint(0, 12)),  # type: ignore[arg-type]
        span=(i * 10, i * 10 + 5),
    )
    c.source, c.target = actors(), actors()
    day = rng.choice(DAYS)
    c.date = DateInterval(start=day, end=day, granularity="day", text="x") if day else None
    c.modality = rng.choice(["asserted", "asserted", "alleged", "planned"])
    c.weak_source = rng.random() < 0.25
    c.source_people = {a.name for a in c.source if a.country is None}
    c.source_states = {a.country for a in c.source if a.country and rng.random() < 0.5}
    return c


def _reference_merge(cands: list[Candidate], late: list[int]) -> list[Group]:
    """merge() by its definition: each mention against every group, then late partners joined until none is
    left (counted in ``late``)."""
    groups: list[Group] = []
    for c in sorted(cands, key=lambda c: (c.type != "message", c.start)):
        target = _reference_message(groups, c) or next((g for g in groups if same_event(g, c)), None)
        if target is None:
            groups.append(Group(c, [c]))
        else:
            target.members.append(c)
    changed = True
    while changed:
        changed = False
        for a in groups:
            b = next(
                (
                    b
                    for b in groups
                    if b is not a
                    and b.type == a.type
                    and b.first.start > a.first.start
                    and all(same_event(a, m) for m in b.members)
                ),
                None,
            )
            if b is not None:
                a.members.extend(b.members)
                groups.remove(b)
                late.append(1)
                changed = True
                break
    for g in groups:
        g.members.sort(key=lambda m: m.start)
    return sorted(groups, key=lambda g: g.first.start)


def _reference_message(groups: list[Group], c: Candidate) -> Group | None:
    if c.type != "statement" or c.trigger.lemma_ not in lexicon().cue("message_speech"):
        return None
    names = {a.name.lower() for a in c.source}
    for g in groups:
        dated = g.date()
        same_day = dated is None or c.date is None or (dated.start, dated.end) == (c.date.start, c.date.end)
        if g.type == "message" and names & {a.name.lower() for a in g.actors("source")} and same_day:
            return g
    return None


@pytest.mark.parametrize("seed", range(4))
def test_merge_keeps_to_its_definition(seed: int) -> None:
    """The indexes and the kept group facts give the groups comparing everything with everything gives."""
    rng = random.Random(seed)
    late: list[int] = []
    for _ in range(100):
        cands = [_mention(rng, i) for i in range(rng.randint(1, 60))]
        rng.shuffle(cands)
        expected = _reference_merge(list(cands), late)
        got = merge(list(cands))
        assert [[id(m) for m in g.members] for g in got] == [[id(m) for m in g.members] for g in expected]
        assert [id(g.primary) for g in got] == [id(g.primary) for g in expected]
    assert late  # the late-partner pass had work to do
