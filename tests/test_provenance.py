"""Provenance: the trigger entry behind each event (rule_id), the rule that dated it (date_rule) and the rule that
found each actor (actor_rule), in the rule data, the extractor, the extract JSON and the warehouse."""

from __future__ import annotations

import copy
import json
from datetime import datetime
from pathlib import Path

import pytest

from extractors.article.parser import parse_article
from extractors.data import read_rule_text
from extractors.events.lexicon import lexicon, trigger_id
from extractors.pipeline import analyse_articles
from extractors.rules.events import check_trigger_data
from flows.etl import etl_flow
from schemas import Event, RawInput
from warehouse.query import run_query

PUBLISHED = datetime(2024, 3, 14)  # a Thursday


def events_of(nlp, text: str) -> list[Event]:
    article = parse_article(
        RawInput(source_uri="t.txt", source_key="t.txt", text=text, format="text"), published_override=PUBLISHED
    )
    (result,), failed = analyse_articles([article], nlp)
    assert not failed
    return result.events


def only(events: list[Event], kind: str) -> Event:
    found = [e for e in events if e.type == kind]
    assert len(found) == 1, [(e.type, e.rule_id) for e in events]
    return found[0]


# --- the rule data ------------------------------------------------------------------------------------------------


def test_every_trigger_entry_has_a_distinct_id_named_after_its_type_and_words() -> None:
    ids = [r.rule_id for r in lexicon().rules.values()]
    assert len(ids) == len(set(ids))
    assert "statement:verb:say" in ids and "sanction:noun:sanction" in ids
    assert "missile_test:verb:test-fire" in ids  # a pattern: its tokens' first words
    assert "message:noun:message-in-medium" in ids  # an explicit id where the derived one would repeat


def test_an_id_does_not_depend_on_the_entry_s_place_in_the_list() -> None:
    data = json.loads(read_rule_text("event_triggers.json"))
    before = [trigger_id(t) for t in data["types"]["veto"]["triggers"]]
    moved = copy.deepcopy(data["types"]["veto"]["triggers"])
    moved.insert(0, {"lemma": ["obstruct"], "pos": "VERB", "roles": {"subject": "source"}})
    moved.reverse()
    assert set(before) <= {trigger_id(t) for t in moved}


def test_two_entries_with_one_id_are_an_error_naming_the_second() -> None:
    data = json.loads(read_rule_text("event_triggers.json"))
    data["types"]["denial"]["triggers"].append({"lemma": ["deny", "disown"], "pos": "VERB"})
    errors = check_trigger_data(data)
    assert [(e.key, e.where) for e in errors] == [("id", "types.denial.triggers[3]")]
    assert "verb:deny" in errors[0].message and "explicit 'id'" in errors[0].message
    data["types"]["denial"]["triggers"][-1]["id"] = "verb:disown"
    assert check_trigger_data(data) == []


def test_an_id_with_markup_or_newlines_is_refused() -> None:
    data = json.loads(read_rule_text("event_triggers.json"))
    data["types"]["denial"]["triggers"][0]["id"] = "<script>alert(1)</script>\n"
    assert [e.key for e in check_trigger_data(data)] == ["id"]


# --- the extractor ------------------------------------------------------------------------------------------------

HEADLINE_STORY = (
    "Valdoria Test-Fires Missile Over Sea\n\n"
    "Valdoria fired a ballistic missile into the sea on Tuesday, the defence ministry of Japan said.\n"
)


def test_a_headline_is_dated_by_its_story_and_says_so(nlp) -> None:
    launch = only(events_of(nlp, HEADLINE_STORY), "missile_test")
    assert [m.trigger_text for m in launch.mentions][:2] == ["Test-Fires", "fired"]
    assert launch.rule_id == "missile_test:verb:test-fire"
    assert launch.date is not None and launch.date.text == "Tuesday"
    assert launch.date_rule == "other_mention:own_clause"


def test_a_passive_agent_and_the_report_date_are_named(nlp) -> None:
    events = events_of(nlp, "Sanctions were imposed on Iran by the European Union on Monday.")
    sanction = only(events, "sanction")
    assert sanction.rule_id == "sanction:noun:sanction"
    assert sanction.date_rule == "own_clause"
    assert [a.rule for a in sanction.source] == ["passive_agent / alias=European Union"]
    assert [a.rule for a in sanction.target] == ["on / alias=Iran"]

    text = "The foreign minister of Chile condemned the drills, state media reported Wednesday."
    accusation = only(events_of(nlp, text), "accusation")
    assert accusation.date_rule == "report_verb"
    assert [a.rule for a in accusation.source] == ["subject / title.body_of"]


@pytest.mark.parametrize(
    ("first", "rule"),
    [
        ("Peruvian President Ana Soto arrived in Lima on Monday.", "subject / memory.previous_subject<"),
        ("Crowds greeted Peruvian President Ana Soto in Lima on Monday.", "subject / memory.pronoun<"),
    ],
)
def test_a_pronoun_names_the_rule_that_found_its_antecedent(nlp, first, rule) -> None:
    text = first + " She condemned Chile's missile test on Tuesday."
    accusation = only(events_of(nlp, text), "accusation")
    (speaker,) = accusation.source
    assert speaker.country == "PER"
    assert speaker.rule is not None and speaker.rule.startswith(rule)


def test_an_own_side_claim_read_as_a_denial_keeps_the_statement_rule_that_fired(nlp) -> None:
    text = "Iranian officials said on Wednesday that Tehran had not supplied drones to Russia."
    denial = only(events_of(nlp, text), "denial")
    assert denial.rule_id == "statement:verb:say>own_side_denial"
    assert denial.date_rule == "own_clause"


def test_an_undated_event_has_no_date_rule(nlp) -> None:
    text = "Chile imposed sanctions on Peru."
    sanction = only(events_of(nlp, text), "sanction")
    assert sanction.date is None and sanction.date_rule is None
    assert sanction.rule_id == "sanction:noun:sanction"


# --- the warehouse, through a real flow run -------------------------------------------------------------------------

STORY = (
    "BRUSSELS (Dateline) -- Sanctions were imposed on Iran by the European Union on Monday.\n\n"
    "Peruvian President Ana Soto arrived in Lima on Monday. She condemned Chile's missile test on Tuesday.\n\n"
    "A NATO spokesperson said on Wednesday that the alliance was watching closely.\n"
)


@pytest.fixture(scope="module")
def loaded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("in")
    (folder / "story.txt").write_text(STORY, encoding="utf-8")
    db = tmp_path_factory.mktemp("db") / "w.duckdb"
    summary = etl_flow([str(folder)], str(db), published="2024-03-14")
    assert summary.loaded == 1
    return db


@pytest.mark.slow  # a Prefect flow run
def test_the_warehouse_keeps_provenance_and_event_view_shows_it(loaded: Path) -> None:
    rows = run_query(
        loaded,
        "select event_type, rule_id, date_rule, source_rules, target_rules from event_view"
        " where event_type in ('sanction', 'accusation') order by event_type",
    ).rows
    assert rows == [  # the NATO statement too, but only these two are looked at here
        ("accusation", "accusation:verb:accuse", "own_clause", [rows[0][3][0]], rows[0][4]),
        (
            "sanction",
            "sanction:noun:sanction",
            "own_clause",
            ["passive_agent / alias=European Union"],
            ["on / alias=Iran"],
        ),
    ]
    assert rows[0][3][0].startswith("subject / memory.previous_subject<")
    actors = run_query(
        loaded,
        "select a.role, a.actor_rule from event_actors a join events e using (event_id)"
        " where e.rule_id = 'sanction:noun:sanction' order by a.role",
    ).rows
    assert actors == [("source", "passive_agent / alias=European Union"), ("target", "on / alias=Iran")]


@pytest.mark.slow  # the same flow run as above (module fixture)
def test_the_warehouse_answers_what_the_eu_did_and_filters_by_quad_class(loaded: Path) -> None:
    """Codes: tests/test_codes.py; here, that they reach the warehouse and its views."""
    eu = run_query(
        loaded,
        "select event_type, role, name, country_code, sector, goldstein, quad_class from event_actor_view"
        " where actor_code = 'IGOEUREEC'",
    ).rows
    assert eu == [("sanction", "source", "European Union", None, "IGO", -8.0, 4)]
    material_conflict = run_query(
        loaded,
        "select event_type, source_codes, target_codes from event_view where quad_class = 4 order by event_type",
    ).rows
    assert material_conflict == [("missile_test", ["CHL"], None), ("sanction", ["IGOEUREEC"], ["IRN"])]
    nato = run_query(
        loaded,
        "select event_type, quad_class, name, country_code from event_actor_view where actor_code = 'IGOWSTNAT'",
    ).rows
    assert nato == [("statement", 1, "NATO spokesperson", None)]
    peru = run_query(loaded, "select actor_code, sector from event_actors where country_code = 'PER'").rows
    assert peru == [("PERGOV", "GOV")]  # "Peruvian President Ana Soto", named again as "she"
