"""Re-processing loaded articles in place: after a rule change (the pipeline version moves), and to give
articles the publication date they lacked. Event ids of unchanged events stay; nothing is lost or doubled."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from typer.testing import CliRunner

from extractors.article.parser import parse_article
from extractors.data import PACKAGE_RULES, RULES_ENV
from extractors.events.lexicon import lexicon, trigger_matcher
from extractors.version import pipeline_version
from flows.cli import app
from flows.reprocess import stored_article
from schemas import ArticleResult, Event, Mention, RawInput
from tests.test_rules import edit_json
from warehouse.loader import load_batch
from warehouse.query import run_query
from warehouse.selection import select_articles, source_glob, stored_texts

runner = CliRunner()
TABLES = ("articles", "time_expressions", "events", "event_actors", "event_mentions")
LEAFLETS = (
    "PARIS, March 3 (Wire) -- Freedonia airdropped leaflets over Sylvania on Monday, officials said.\n\n"
    "Sylvania condemned the flights on Tuesday and summoned the Freedonian ambassador.\n"
)
UNDATED = (
    "Freedonia test-fired a ballistic missile on Tuesday, the defence ministry said.\n\n"
    "Sylvania condemned the launch on Wednesday and said it would ask for sanctions.\n"
)


def rows(db: Path, sql: str) -> list[tuple]:
    return run_query(db, sql).rows


def snapshot(db: Path) -> dict[str, list[tuple]]:
    """Every row of every extraction table, but for the version columns: what a reprocess may not change."""
    return {
        "articles": rows(db, "select * exclude (pipeline_version, flow_run_id) from articles order by all"),
        "time_expressions": rows(db, "select * from time_expressions order by all"),
        "events": rows(db, "select * exclude (extractor_version) from events order by all"),
        "event_actors": rows(db, "select * from event_actors order by all"),
        "event_mentions": rows(db, "select * from event_mentions order by all"),
    }


@pytest.fixture
def rules_with_airdrop(tmp_path: Path) -> Iterator[Path]:
    """A copy of the rules folder where "airdrop" is a trigger of `message`; caches cleared before and after."""
    folder = tmp_path / "rules"
    shutil.copytree(PACKAGE_RULES, folder, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    edit_json(
        folder / "event_triggers.json",
        lambda d: d["types"]["message"]["triggers"].append(
            {"lemma": ["airdrop"], "pos": "VERB", "roles": {"subject": "source"}}
        ),
    )
    yield folder
    lexicon.cache_clear()
    trigger_matcher.cache_clear()


def use_rules(monkeypatch: pytest.MonkeyPatch, folder: Path) -> None:
    monkeypatch.setenv(RULES_ENV, str(folder))
    lexicon.cache_clear()
    trigger_matcher.cache_clear()


def test_the_pipeline_version_is_the_extractor_and_a_digest_of_the_rule_files(rules_with_airdrop: Path) -> None:
    shipped = pipeline_version(PACKAGE_RULES)
    assert shipped.startswith("0.1.0+rules.") and shipped == pipeline_version(PACKAGE_RULES)
    assert pipeline_version(rules_with_airdrop) != shipped
    (rules_with_airdrop / "README.md").write_text("notes are not rules\n", encoding="utf-8")
    copy = rules_with_airdrop.parent / "same"
    shutil.copytree(PACKAGE_RULES, copy, ignore=shutil.ignore_patterns("*.py", "__pycache__", "README.md"))
    assert pipeline_version(copy) == shipped  # only the rule files count, wherever the folder is


def _result(text: str, key: str, events: list[Event], published: datetime | None = None) -> ArticleResult:
    article = parse_article(RawInput(source_uri=key, source_key=key, text=text, format="text"), published)
    return ArticleResult(article=article, events=events)


def _event(article_id: str, text: str, word: str, kind: str) -> Event:
    start = text.index(word)
    mention = Mention(start=start, end=start + len(word), trigger_text=word, sentence=text.split("\n")[0])
    return Event(event_id=f"{article_id[:8]}-{kind}", type=kind, mentions=[mention])


def test_loading_a_known_article_again_rewrites_only_what_changed(db_path: Path) -> None:
    plain = _result(UNDATED, "a.txt", [])
    aid = plain.article.article_id
    fired = _event(aid, UNDATED, "test-fired", "missile_test")
    condemned = _event(aid, UNDATED, "condemned", "accusation")
    load_batch(db_path, [_result(UNDATED, "a.txt", [fired])], [], "v1")
    before = snapshot(db_path)

    same = load_batch(db_path, [_result(UNDATED, "a.txt", [fired])], [], "v2")
    assert (same.loaded, same.updated, same.unchanged) == ([], [], [aid])
    assert snapshot(db_path) == before
    assert rows(db_path, "select pipeline_version from articles") == [("v2",)]  # found again by v2
    assert rows(db_path, "select extractor_version from events") == [("v2",)]

    more = load_batch(db_path, [_result(UNDATED, "a.txt", [fired, condemned], datetime(2024, 3, 6))], [], "v3")
    assert (more.loaded, more.updated, more.unchanged) == ([], [aid], [])
    assert rows(db_path, "select event_id from events order by 1") == sorted([(fired.event_id,), (condemned.event_id,)])
    assert rows(db_path, "select published_at, published_source, pipeline_version from articles") == [
        (datetime(2024, 3, 6), "cli", "v3")
    ]
    assert rows(db_path, "select count(*) from event_mentions") == [(2,)]  # the old mention not doubled


def test_selection_by_version_source_and_anchor(db_path: Path) -> None:
    load_batch(db_path, [_result(UNDATED, "/in/a.txt", [])], [], "old")
    load_batch(db_path, [_result(LEAFLETS, "https://example.org/b", [], datetime(2024, 3, 3))], [], "new")
    a, b = (
        rows(db_path, f"select article_id from articles where source_uri = '{u}'")[0][0]
        for u in ("/in/a.txt", "https://example.org/b")
    )
    assert select_articles(db_path, "new") == [a]
    assert select_articles(db_path, "new", everything=True) == [a, b]
    assert select_articles(db_path, "new", everything=True, source="example.org") == [b]
    assert select_articles(db_path, "new", everything=True, source="/in/*") == [a]
    assert select_articles(db_path, "new", source="'; drop table articles; --") == []
    assert select_articles(db_path, "new", published=datetime(2024, 3, 3), source="example") == []  # its anchor
    assert select_articles(db_path, "new", published=datetime(2024, 3, 4), source="example") == [b]  # another
    assert source_glob("tehran") == "*tehran*" and source_glob("*/x/*") == "*/x/*"
    stored = stored_texts(db_path, [b, "missing", a])
    assert [s.article_id for s in stored] == [b, a]
    again = stored_article(stored[0])  # the anchor came from an earlier --published: it is kept
    assert (again.article_id, again.published_at, again.published_source) == (b, datetime(2024, 3, 3), "cli")
    assert stored_article(stored[1], datetime(2024, 3, 6)).published_source == "cli"


def test_published_needs_a_selection_and_dates_are_checked(db_path: Path) -> None:
    refused = runner.invoke(app, ["reprocess", "--db", str(db_path), "--published", "2024-03-06"])
    assert refused.exit_code == 2 and "--source" in refused.output
    bad = runner.invoke(app, ["reprocess", "--db", str(db_path), "--since", "yesterday-ish"])
    assert bad.exit_code == 2 and "not a date" in bad.output


@pytest.mark.slow  # Prefect flow runs through the CLI
def test_a_rule_change_re_extracts_old_articles_in_place(
    tmp_path: Path, db_path: Path, rules_with_airdrop: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "leaflets.txt").write_text(LEAFLETS, encoding="utf-8")
    (folder / "launch.txt").write_text(UNDATED, encoding="utf-8")
    assert runner.invoke(app, ["run", str(folder), "--db", str(db_path)]).exit_code == 0
    before = snapshot(db_path)
    assert ("message",) not in rows(db_path, "select event_type from events")

    use_rules(monkeypatch, rules_with_airdrop)
    done = runner.invoke(app, ["reprocess", "--db", str(db_path)])
    assert done.exit_code == 0, done.output
    assert "re-extracted, changed │ 1" in done.output and "unchanged             │ 1" in done.output
    after = snapshot(db_path)
    new_events = set(after["events"]) - set(before["events"])
    assert [e[2] for e in new_events] == ["message"]  # event_type of the one new event
    assert set(before["events"]) <= set(after["events"])  # every old event kept, with its id
    assert after["time_expressions"] == before["time_expressions"]
    assert rows(db_path, "select distinct pipeline_version from articles") == [(pipeline_version(),)]
    assert rows(db_path, "select count(*), count(distinct event_id) from events")[0] == (len(after["events"]),) * 2

    again = runner.invoke(app, ["reprocess", "--db", str(db_path)])
    assert again.exit_code == 0 and "articles seen │ 0" in again.output
    forced = runner.invoke(app, ["reprocess", "--db", str(db_path), "--all"])
    assert forced.exit_code == 0 and "unchanged     │ 2" in forced.output
    assert snapshot(db_path) == after  # nothing changed: nothing written

    # back to the shipped rules: a plain run skips the loaded files, `run --reprocess` extracts them again
    monkeypatch.delenv(RULES_ENV)
    lexicon.cache_clear()
    trigger_matcher.cache_clear()
    plain = runner.invoke(app, ["run", str(folder), "--db", str(db_path)])
    assert "unchanged     │ 2" in plain.output and snapshot(db_path) == after
    rerun = runner.invoke(app, ["run", str(folder), "--db", str(db_path), "--reprocess"])
    assert rerun.exit_code == 0 and "re-extracted, changed │ 1" in rerun.output
    assert snapshot(db_path) == before  # the airdrop event is gone again, every other row as it was


@pytest.mark.slow  # Prefect flow runs through the CLI
def test_published_gives_a_loaded_article_its_anchor_and_resolves_its_dates(tmp_path: Path, db_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "launch.txt").write_text(UNDATED, encoding="utf-8")
    first = runner.invoke(app, ["run", str(folder), "--db", str(db_path)])
    assert "no date anchor" in first.output
    ids = rows(db_path, "select event_id from events order by 1")
    assert rows(db_path, "select count(date_start) from events") == [(0,)]

    fixed = runner.invoke(app, ["reprocess", "--db", str(db_path), "--source", "launch", "--published", "2024-03-06"])
    assert fixed.exit_code == 0, fixed.output
    assert "re-extracted, changed │ 1" in fixed.output and "no date anchor" not in fixed.output
    assert rows(db_path, "select published_at, published_source from articles") == [(datetime(2024, 3, 6), "cli")]
    dated = dict(rows(db_path, "select event_type, date_start::VARCHAR from events where date_start is not null"))
    assert dated["missile_test"] == "2024-03-05"  # "on Tuesday" before a Wednesday dateline
    assert rows(db_path, "select event_id from events order by 1") == ids  # the same events, now dated

    # `dateline run --published` on the loaded file re-anchors it too (it used to say "1 unchanged")
    moved = runner.invoke(app, ["run", str(folder), "--db", str(db_path), "--published", "2024-03-13"])
    assert moved.exit_code == 0 and "re-extracted, changed │ 1" in moved.output
    assert dict(rows(db_path, "select event_type, date_start::VARCHAR from events"))["missile_test"] == "2024-03-12"
    same = runner.invoke(app, ["run", str(folder), "--db", str(db_path), "--published", "2024-03-13"])
    assert "unchanged     │ 1" in same.output
