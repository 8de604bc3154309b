"""Codes users of event data expect: actor codes (CAMEO IGO codes for international organisations, country + sector
for a state's actors), actor sectors from title and role words, and the Goldstein score and QuadClass per event."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from extractors.actors.codes import organisation_codes, sector_words
from extractors.data import PACKAGE_RULES
from extractors.events.lexicon import lexicon
from extractors.events.scale import cameo_scale, goldstein_and_quad
from extractors.rules.check import check_rules
from tests.test_provenance import events_of, only

# --- the rule data ------------------------------------------------------------------------------------------------


def test_every_event_type_code_has_a_goldstein_score_and_quad_class() -> None:
    scale = cameo_scale()
    for spec in lexicon().types.values():
        for code in filter(None, (spec.cameo, spec.cameo_joint)):
            assert code in scale, code
    assert goldstein_and_quad("163") == (-8.0, 4)  # sanctions: material conflict
    assert goldstein_and_quad("062") == (7.4, 2)  # joint exercises: material cooperation
    assert goldstein_and_quad("010") == (0.0, 1)
    assert goldstein_and_quad("999") == (None, None)


def test_organisations_carry_cameo_codes_and_no_country() -> None:
    codes = organisation_codes()
    assert codes["nato"].actor_code == "IGOWSTNAT"
    assert codes["european union"].actor_code == codes["european commission"].actor_code == "IGOEUREEC"
    assert codes["united nations"].actor_code == codes["u.n. security council"].actor_code == "IGOUNO"
    assert codes["ecowas"].actor_code == "IGOWAFWAS" and codes["african union"].actor_code == "IGOAFRAFU"
    assert {c.sector for c in codes.values()} <= {"IGO", "LEG"}
    assert ("opposition",) in dict(sector_words())  # the table is read in order


@pytest.fixture
def rules_copy(tmp_path: Path) -> Path:
    folder = tmp_path / "rules"
    shutil.copytree(PACKAGE_RULES, folder, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    return folder


def append(path: Path, line: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + line + "\n", encoding="utf-8")


def test_a_missing_scale_row_is_named_with_its_event_type(rules_copy: Path) -> None:
    scale = rules_copy / "cameo_scale.csv"
    scale.write_text("\n".join(ln for ln in scale.read_text().splitlines() if not ln.startswith("163,")) + "\n")
    errors = check_rules(rules_copy)
    assert [(e.file, e.key) for e in errors] == [("cameo_scale.csv", "163")]
    assert "'sanction'" in errors[0].message


@pytest.mark.parametrize(
    ("file", "line", "key"),
    [
        ("cameo_scale.csv", "112,-2.0,4,accuse", "quad_class"),  # root 11 is verbal conflict, and a repeated code
        ("cameo_scale.csv", "020,11.0,1,appeal", "goldstein"),  # off the -10..10 scale
        ("actor_codes.csv", "Mercosur,IGOMER,IGO,Dateline", "Mercosur"),  # no such display name in the aliases
        ("actor_codes.csv", "NATO,IGOWSTNAT,ARMY,CAMEO", "sector"),  # not a sector code
        ("actor_codes.csv", "OPEC,<b>OPEC</b>,IGO,CAMEO", "actor_code"),  # markup is no code
        ("actor_sectors.csv", "General,MIL", "words"),  # words are lower case
        ("actor_sectors.csv", "army,MIL", "words"),  # already there: the first row would always win
    ],
)
def test_a_bad_row_is_an_error_naming_file_and_key(rules_copy: Path, file: str, line: str, key: str) -> None:
    append(rules_copy / file, line)
    errors = check_rules(rules_copy)
    assert errors and all(e.file == file for e in errors), errors
    assert key in {e.key for e in errors} or any(key in e.message for e in errors), errors


def test_an_analyst_adds_an_organisation_by_two_lines(rules_copy: Path) -> None:
    append(rules_copy / "actor_aliases.csv", "Mercosur,Mercosur,,org")
    append(rules_copy / "actor_codes.csv", "Mercosur,IGOMERCOSUR,IGO,Dateline")
    assert check_rules(rules_copy) == []


# --- the extractor ------------------------------------------------------------------------------------------------


def test_a_spokesperson_of_nato_speaks_for_nato_with_no_country(nlp) -> None:
    statement = only(events_of(nlp, "A NATO spokesperson said the alliance had no plans to send troops."), "statement")
    (speaker,) = statement.source
    assert (speaker.name, speaker.country, speaker.code, speaker.sector) == (
        "NATO spokesperson",
        None,
        "IGOWSTNAT",
        "IGO",
    )
    assert statement.goldstein == 0.0 and statement.quad_class == 1


def test_forces_and_officials_of_an_organisation_take_its_code(nlp) -> None:
    drills = only(events_of(nlp, "NATO forces held drills in Estonia on Tuesday."), "military_exercise")
    assert [(a.country, a.code) for a in drills.source] == [(None, "IGOWSTNAT")]
    text = "The EU's foreign policy chief condemned Valdoria's missile launch."
    assert [(a.country, a.code) for a in only(events_of(nlp, text), "accusation").source] == [(None, "IGOEUREEC")]
    text = "NATO Secretary General Mark Rutte arrived in Kyiv. He condemned the launch on Monday."
    (rutte,) = only(events_of(nlp, text), "accusation").source
    assert (rutte.country, rutte.code) == (None, "IGOWSTNAT")  # not Ukraine's, though the sentence puts him there


def test_sanctions_by_the_eu_and_ecowas_are_coded(nlp) -> None:
    sanction = only(events_of(nlp, "Sanctions were imposed on Iran by the European Union on Monday."), "sanction")
    assert [(a.code, a.sector) for a in sanction.source] == [("IGOEUREEC", "IGO")]
    assert [(a.country, a.code) for a in sanction.target] == [("IRN", "IRN")]
    assert (sanction.goldstein, sanction.quad_class) == (-8.0, 4)
    text = "The Economic Community of West African States imposed sanctions on Niger."
    west_africa = only(events_of(nlp, text), "sanction")
    assert [(a.name, a.code) for a in west_africa.source] == [("ECOWAS", "IGOWAFWAS")]
    assert west_africa.source[0].rule == "subject / alias=Economic Community of West African States"


@pytest.mark.parametrize(
    ("text", "kind", "code", "sector"),
    [
        ("The Russian army fired a cruise missile into the Black Sea.", "missile_test", "RUSMIL", "MIL"),
        ("Japanese Defense Minister Gen Nakatani said the launch was a provocation.", "statement", "JPNGOV", "GOV"),
        ("The Iranian opposition leader condemned the sanctions on Iran.", "accusation", "IRNOPP", "OPP"),
        ("The European Parliament condemned Russia's missile launch.", "accusation", "IGOEUREEC", "LEG"),
        ("Chile condemned Peru's missile test.", "accusation", "CHL", None),  # a state as such: no sector
    ],
)
def test_the_sector_comes_from_the_title_and_role_words(nlp, text: str, kind: str, code: str, sector: str) -> None:
    (source, *_) = only(events_of(nlp, text), kind).source
    assert (source.code, source.sector) == (code, sector)


def test_joint_drills_are_material_cooperation(nlp) -> None:
    drills = only(events_of(nlp, "Chile and Peru held joint naval drills on Monday."), "military_exercise")
    assert (drills.cameo_code, drills.goldstein, drills.quad_class) == ("062", 7.4, 2)
