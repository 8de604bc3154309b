"""The rule folder: the shipped one validates, a broken copy fails with one line per error naming file and key,
and DATELINE_RULES points the pipeline at an analyst's copy."""

from __future__ import annotations

import json
import shutil
from datetime import datetime
from pathlib import Path

import pytest
from typer.testing import CliRunner

from extractors.data import PACKAGE_RULES, RULES_ENV
from extractors.events.conditions import CONDITIONS
from extractors.events.lexicon import TYPE_FLAGS, lexicon, trigger_matcher
from extractors.events.roles import SLOTS
from extractors.rules import RuleError, RulesInvalid
from extractors.rules.check import RULE_FILES, check_rules
from extractors.rules.events import CUE_KEYS
from flows.cli import app

runner = CliRunner()


@pytest.fixture
def rules_copy(tmp_path: Path) -> Path:
    folder = tmp_path / "rules"
    shutil.copytree(PACKAGE_RULES, folder, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    return folder


def edit_json(path: Path, change) -> None:  # noqa: ANN001 - a small test helper
    data = json.loads(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


def first_rule_with(data: dict, key: str) -> tuple[str, int, dict]:
    for type_name, spec in data["types"].items():
        for n, rule in enumerate(spec["triggers"]):
            if key in rule:
                return type_name, n, rule
    raise AssertionError(f"no rule with {key!r}")


def test_the_shipped_rules_validate() -> None:
    assert check_rules(PACKAGE_RULES) == []
    result = runner.invoke(app, ["rules", "check", str(PACKAGE_RULES)])
    assert result.exit_code == 0, result.output
    assert f"{len(RULE_FILES)} rule files, no errors" in result.output


def test_each_kind_of_typo_is_one_error_naming_file_entry_and_key(rules_copy: Path) -> None:
    triggers = rules_copy / "event_triggers.json"
    data = json.loads(triggers.read_text(encoding="utf-8"))
    req_type, req_n, _ = first_rule_with(data, "requires")
    role_type, role_n, _ = first_rule_with(data, "roles")

    def break_it(d: dict) -> None:
        d["types"][req_type]["triggers"][req_n]["requires"][0]["objcet"] = "@missile"  # misspelt condition
        d["types"][role_type]["triggers"][role_n]["roles"]["subjcet"] = "source"  # unknown slot
        d["types"]["veto"]["needs_sorce"] = True  # unknown event-type flag

    edit_json(triggers, break_it)
    aliases = rules_copy / "actor_aliases.csv"
    aliases.write_text(aliases.read_text(encoding="utf-8") + "Ruritania,Ruritania,RUR,country\n", encoding="utf-8")
    last_line = len(aliases.read_text(encoding="utf-8").splitlines())

    errors = check_rules(rules_copy)
    assert {(e.file, e.where, e.key) for e in errors} == {
        ("event_triggers.json", f"types.{req_type}.triggers[{req_n}].requires[0]", "objcet"),
        ("event_triggers.json", f"types.{role_type}.triggers[{role_n}].roles", "subjcet"),
        ("event_triggers.json", "types.veto", "needs_sorce"),
        ("actor_aliases.csv", f"line {last_line}", "country"),
    }
    result = runner.invoke(app, ["rules", "check", str(rules_copy)])
    assert result.exit_code == 1
    lines = [line for line in result.output.splitlines() if line.startswith(("event_triggers.json", "actor_aliases"))]
    assert len(lines) == 4
    assert any("objcet: unknown key" in line for line in lines)
    assert any("'RUR' is not an ISO 3166-1 alpha-3 code" in line for line in lines)


def test_unknown_class_duplicate_alias_bad_furniture_and_missing_cue_are_reported(rules_copy: Path) -> None:
    edit_json(
        rules_copy / "event_triggers.json",
        lambda d: d["types"]["missile_test"]["triggers"][0].update(support="@no_such_verbs"),
    )
    edit_json(rules_copy / "event_cues.json", lambda d: d.pop("negators"))
    aliases = rules_copy / "actor_aliases.csv"
    aliases.write_text(aliases.read_text(encoding="utf-8") + "PENTAGON,Pentagon,USA,institution\n", encoding="utf-8")
    furniture = rules_copy / "furniture.txt"
    furniture.write_text(
        furniture.read_text(encoding="utf-8") + "lines: advertising\ntail: (unclosed\n", encoding="utf-8"
    )
    (rules_copy / "timex_patterns.tsv").unlink()

    found = {(e.file, e.key) for e in check_rules(rules_copy)}
    assert ("event_triggers.json", "support") in found
    assert ("event_cues.json", "negators") in found
    assert ("furniture.txt", "lines") in found
    assert ("furniture.txt", "regex") in found
    assert ("timex_patterns.tsv", "") in found
    duplicate = [e for e in check_rules(rules_copy) if e.file == "actor_aliases.csv"]
    assert (
        len(duplicate) == 1 and duplicate[0].key == "alias" and "'PENTAGON' is already on line" in duplicate[0].message
    )


def test_a_broken_copy_stops_the_pipeline_loudly(rules_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    edit_json(rules_copy / "event_cues.json", lambda d: d.update(negatorz=["not"]))
    monkeypatch.setenv(RULES_ENV, str(rules_copy))
    lexicon.cache_clear()
    try:
        with pytest.raises(RulesInvalid) as raised:
            lexicon()
        assert raised.value.errors == [RuleError("event_cues.json", "", "negatorz", "unknown key")]
        result = runner.invoke(app, ["extract", str(rules_copy / "furniture.txt"), "--out", str(rules_copy / "out")])
        assert result.exit_code == 2
        assert "negatorz: unknown key" in result.output
    finally:
        lexicon.cache_clear()


def test_dateline_rules_points_the_extractor_at_an_analysts_copy(
    rules_copy: Path, monkeypatch: pytest.MonkeyPatch, nlp
) -> None:  # noqa: ANN001
    from extractors.article.parser import parse_article
    from extractors.events.extract import extract_events
    from schemas import RawInput

    text = "PARIS, March 3 (Wire) -- Freedonia airdropped leaflets over Sylvania on Monday, officials said.\n"
    raw = RawInput(source_uri="mem://leaflets", source_key="mem://leaflets", text=text, format="text")
    article = parse_article(raw, datetime(2024, 3, 6))

    def types_found() -> set[str]:
        lexicon.cache_clear()
        trigger_matcher.cache_clear()
        return {e.type for e in extract_events(nlp(text), article, [], nlp)}

    try:
        assert "message" not in types_found()
        edit_json(
            rules_copy / "event_triggers.json",
            lambda d: d["types"]["message"]["triggers"].append(
                {"lemma": ["airdrop"], "pos": "VERB", "roles": {"subject": "source"}}
            ),
        )
        monkeypatch.setenv(RULES_ENV, str(rules_copy))
        assert "message" in types_found()
    finally:
        monkeypatch.delenv(RULES_ENV)
        lexicon.cache_clear()
        trigger_matcher.cache_clear()


def test_the_analyst_readme_documents_every_key() -> None:
    readme = (PACKAGE_RULES / "README.md").read_text(encoding="utf-8")
    keys = [*CONDITIONS, *SLOTS, *TYPE_FLAGS, *CUE_KEYS, *RULE_FILES]
    missing = [k for k in keys if f"`{k}`" not in readme]
    assert missing == []
