"""The spaCy components dateline_timex and dateline_events, found through the spacy_factories entry point."""

from __future__ import annotations

from datetime import date, datetime
from importlib.metadata import entry_points

import pytest
import spacy
from spacy.language import Language

from extractors import components
from extractors.article.parser import parse_article
from extractors.components import with_dct
from extractors.pipeline import analyse_articles
from extractors.timex.find import find_time_expressions as find
from schemas import RawInput

# dated Thursday 2024-03-14: "Tuesday" is 2024-03-12
STORY = (
    "Tensions rose on the peninsula this week.\n"
    "North Korea test-fired a short-range ballistic missile on Tuesday, South Korea's military said."
)
DCT = date(2024, 3, 14)


@pytest.fixture(scope="module")
def dated_nlp(nlp: Language) -> Language:
    """A second instance of the shared model with both components: the shared one is never changed."""
    fresh = spacy.load(nlp.path)
    fresh.add_pipe("dateline_timex")
    fresh.add_pipe("dateline_events")
    return fresh


def test_entry_point_registers_both_factories() -> None:
    names = {ep.name for ep in entry_points(group="spacy_factories")}
    assert {"dateline_timex", "dateline_events"} <= names
    assert "dateline_timex" in spacy.registry.factories
    assert "dateline_events" in spacy.registry.factories


def test_timex_span_carries_the_resolved_value(dated_nlp: Language) -> None:
    doc = dated_nlp(with_dct(dated_nlp, STORY, DCT))
    spans = list(doc.spans["timex"])
    assert [(s.text, s.label_) for s in spans] == [("this week", "DATE"), ("Tuesday", "DATE")]
    tuesday = spans[1]._.timex
    assert (tuesday.value, tuesday.date_start, tuesday.date_end) == ("2024-03-12", date(2024, 3, 12), date(2024, 3, 12))
    assert doc._.timexes == [s._.timex for s in spans]


def test_events_component_finds_the_dated_missile_test(dated_nlp: Language) -> None:
    doc = dated_nlp(with_dct(dated_nlp, STORY, DCT))
    tests = [e for e in doc._.events if e.type == "missile_test"]
    assert len(tests) == 1
    assert [(a.name, a.country) for a in tests[0].source] == [("North Korea", "PRK")]
    assert tests[0].date is not None
    assert (tests[0].date.start, tests[0].date.end, tests[0].date.text) == (
        date(2024, 3, 12),
        date(2024, 3, 12),
        "Tuesday",
    )


def test_without_dct_the_weekday_stays_underspecified(dated_nlp: Language) -> None:
    doc = dated_nlp(dated_nlp.make_doc(STORY))  # doc._.dct left at None
    tuesday = next(s._.timex for s in doc.spans["timex"] if s.text == "Tuesday")
    assert tuesday.value == "XXXX-WXX-2"
    assert tuesday.date_start is None
    assert [e.date for e in doc._.events if e.type == "missile_test"] == [None]


def test_components_give_what_the_cli_analysis_gives(dated_nlp: Language, nlp: Language) -> None:
    raw = RawInput(source_uri="story.txt", source_key="story.txt", text=STORY, format="text")
    article = parse_article(raw, published_override=datetime(2024, 3, 14))
    [expected], failed = analyse_articles([article], nlp)
    assert failed == []
    [doc] = dated_nlp.pipe([with_dct(dated_nlp, STORY, DCT)])
    assert doc._.timexes == expected.timexes
    assert [e.model_dump() for e in doc._.events] == [e.model_dump() for e in expected.events]


def test_head_lines_parsed_again_without_our_components(dated_nlp: Language, monkeypatch: pytest.MonkeyPatch) -> None:
    # a headline glued to the dateline makes extraction parse those lines again with the pipeline:
    # our components must sit that out (once per doc), and be back on afterwards
    calls = []
    monkeypatch.setattr(
        components, "find_time_expressions", lambda doc, *args, **kw: calls.append(doc.text) or find(doc, *args, **kw)
    )
    before = list(dated_nlp.disabled)
    text = (
        "Pyongyang launches a missile\nSEOUL (Dateline) -- North Korea test-fired a missile on Tuesday, officials said."
    )
    doc = dated_nlp(with_dct(dated_nlp, text, DCT))
    assert calls == [text]
    assert [e.type for e in doc._.events] == ["missile_test"]
    assert dated_nlp.disabled == before


def test_events_without_timex_component_is_an_error(nlp: Language) -> None:
    bare = spacy.load(nlp.path)
    bare.add_pipe("dateline_events")
    with pytest.raises(ValueError, match="add_pipe\\('dateline_timex'\\)"):
        bare(with_dct(bare, STORY, DCT))
