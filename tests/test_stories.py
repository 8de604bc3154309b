"""Stories: the clustering rules on their own, and the stories the real loader keeps as batches come, go and change.

The end-to-end measure (the real `dateline run` on tests/corpus/stories, in two orders and two batch sizes) is
test_story_corpus.py.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import random
import re
from dataclasses import replace
from datetime import date, datetime, timedelta
from pathlib import Path

import duckdb
import pytest

from schemas import Actor, ArticleResult, DateInterval, Event, Mention, ParsedArticle
from warehouse.loader import load_batch
from warehouse.migrations import ensure_schema
from warehouse.stories import BY_DATE, BY_NAME, StoryEvent, cluster, link, links, summarise
from warehouse.story_rules import StoryRulesError, load_story_rules, normalise_name
from warehouse.story_store import refresh

RULES = load_story_rules()
DAY = date(2025, 3, 14)


def ev(
    event_id: str,
    article: str,
    *,
    kind: str = "missile_test",
    day: date | None = DAY,
    end: date | None = None,
    published: datetime | None = datetime(2025, 3, 14, 9),
    sources: tuple[str, ...] = ("PRK",),
    targets: tuple[str, ...] = (),
    names: tuple[str, ...] = (),
    modality: str = "asserted",
) -> StoryEvent:
    return StoryEvent(
        event_id=event_id,
        article_id=article,
        event_type=kind,
        modality=modality,
        date_start=day,
        date_end=end or day,
        granularity=None if day is None else "day" if (end or day) == day else "range",
        published_at=published,
        outlet=f"outlet of {article}",
        sources=frozenset(sources),
        targets=frozenset(targets),
        names=frozenset(names),
    )


def stories_of(events: list[StoryEvent]) -> list[list[str]]:
    pairs = itertools.combinations([e.event_id for e in events], 2)
    return cluster(events, links(events, pairs, RULES), RULES)


def test_the_same_launch_in_three_articles_is_one_story_and_a_launch_two_days_later_another() -> None:
    events = [
        ev("a", "yonhap"),
        ev("b", "kyodo", day=DAY - timedelta(days=1)),  # dated in another time zone: within a day's slack
        ev("c", "afp"),
        ev("d", "upi", day=DAY + timedelta(days=2)),  # the next launch
    ]
    assert stories_of(events) == [["a", "b", "c"], ["d"]]


def test_a_week_of_daily_reports_does_not_chain_launch_to_launch() -> None:
    """Each day is within a day's slack of the next, but a story holds only events that all agree."""
    events = [ev(f"e{n}", f"art{n}", day=DAY + timedelta(days=n)) for n in range(5)]
    found = stories_of(events)
    assert all(len(story) <= 2 for story in found), found
    assert sorted(itertools.chain.from_iterable(found)) == [e.event_id for e in events]


def test_sources_must_overlap_and_targets_must_not_contradict() -> None:
    assert link(ev("a", "x"), ev("b", "y", sources=("KOR",)), RULES) is None
    us_iran = ev("a", "x", kind="sanction", sources=("USA",), targets=("IRN",))
    assert link(us_iran, ev("b", "y", kind="sanction", sources=("USA",), targets=("RUS",)), RULES) is None
    assert link(us_iran, ev("b", "y", kind="sanction", sources=("USA",)), RULES) is not None  # no target: no clash
    assert link(us_iran, ev("b", "y", kind="sanction", sources=("USA", "GBR"), targets=("IRN", "CHN")), RULES)
    assert link(ev("a", "x"), ev("b", "x"), RULES) is None  # one article's two launches are two launches


def test_an_undated_event_joins_only_through_a_shared_distinctive_name_near_its_publication() -> None:
    dated = ev("a", "yonhap", names=("hwasong-18",))
    undated = ev("b", "kcna", day=None, names=("hwasong-18",), published=datetime(2025, 3, 15, 6))
    assert link(dated, undated, RULES).rank == BY_NAME
    assert link(dated, replace(undated, names=frozenset()), RULES) is None
    late = replace(undated, published_at=datetime(2025, 3, 14 + RULES.name_window_days + 2))
    assert link(dated, late, RULES) is None
    assert link(dated, replace(dated, event_id="c", article_id="z"), RULES).rank == BY_DATE - 1  # date and name


def test_a_month_wide_date_places_nothing_but_a_name_still_links() -> None:
    march = ev("b", "monthly", day=date(2025, 3, 1), end=date(2025, 3, 31))
    assert link(ev("a", "x"), march, RULES) is None
    assert link(ev("a", "x", names=("zapad-2025",)), replace(march, names=frozenset({"zapad-2025"})), RULES)


def test_statements_and_negated_events_stay_alone() -> None:
    said = [ev("a", "x", kind="statement"), ev("b", "y", kind="statement")]
    assert stories_of(said) == [["a"], ["b"]]
    assert link(ev("a", "x"), ev("b", "y", modality="negated"), RULES) is None


def test_accusations_link_only_with_the_same_known_target() -> None:
    a = ev("a", "x", kind="accusation", sources=("JPN",), targets=("PRK",))
    assert link(a, ev("b", "y", kind="accusation", sources=("JPN",), targets=("PRK",)), RULES)
    assert link(a, ev("b", "y", kind="accusation", sources=("JPN",)), RULES) is None


def test_clustering_ignores_the_order_of_events_and_links() -> None:
    events = [
        ev("a", "p1"),
        ev("b", "p2", day=DAY - timedelta(days=1)),
        ev("c", "p3", day=DAY + timedelta(days=1)),
        ev("d", "p4", day=None, names=("hwasong-11",)),
        ev("e", "p5", names=("hwasong-11",), day=DAY + timedelta(days=1)),
        ev("f", "p1", day=DAY + timedelta(days=1)),
    ]
    expected = stories_of(events)
    rng = random.Random(7)
    for _ in range(20):
        shuffled = events[:]
        rng.shuffle(shuffled)
        pairs = list(itertools.permutations([e.event_id for e in shuffled], 2))
        rng.shuffle(pairs)
        assert cluster(shuffled, links(shuffled, pairs, RULES), RULES) == expected


def test_a_story_is_dated_by_what_its_most_precise_reports_say_most_often() -> None:
    story = summarise(
        [
            ev("b", "x"),
            ev("a", "y", day=DAY - timedelta(days=1)),
            ev("c", "z"),
            ev("d", "w", day=date(2025, 3, 1), end=date(2025, 3, 31)),
        ]
    )
    assert (story.story_id, story.date_start, story.date_end, story.date_granularity) == ("a", DAY, DAY, "day")
    assert (story.articles, story.outlets, story.events) == (4, 4, 4)


def test_names_are_found_normalised_and_ignored_when_not_distinctive() -> None:
    text = (
        'North Korea fired a HWASONG-18 and a KN-23 during "Freedom Shield" as the G-7 met; '
        "Russia's drills code-named Ocean Shield began in Mid-2025 with Zapad-2025 planned."
    )
    assert RULES.names_in([text]) == {"hwasong-18", "kn-23", "freedom-shield", "ocean-shield", "zapad-2025", "zapad"}
    assert normalise_name(" Joint  Sword–2024A ") == "joint-sword-2024a"
    assert RULES.names_in(["x" * 10_000 + " Hwasong-18"]) == frozenset()  # only the first 5,000 characters


def test_a_bad_rules_file_is_refused_with_its_key(tmp_path: Path) -> None:
    bad = tmp_path / "rules.toml"
    bad.write_text('slack_days = -1\nmax_span_days = 7\nname_window_days = 3\n[names]\npatterns = ["(?P<x>a)"]\n')
    with pytest.raises(StoryRulesError, match="slack_days") as err:
        load_story_rules(bad)
    assert "names.patterns" in str(err.value)
    bad.write_text("slack_days = [")
    with pytest.raises(StoryRulesError, match="not TOML"):
        load_story_rules(bad)
    with pytest.raises(StoryRulesError, match="cannot read"):
        load_story_rules(tmp_path / "missing.toml")


# --- the warehouse: the loader keeps stories in its transaction ----------------------------------------------------


def article(name: str, text: str, published: datetime, outlet: str) -> ParsedArticle:
    digest = hashlib.sha256(text.encode()).hexdigest()
    return ParsedArticle(
        article_id=digest[:32],
        source_uri=f"/in/{name}.txt",
        source_key=f"/in/{name}.txt",
        text=text,
        content_hash=digest,
        title=text.split(".")[0],
        outlet=outlet,
        published_at=published,
    )


def launch(name: str, text: str, day: date | None, published: datetime, outlet: str, **kw: object) -> ArticleResult:
    """An article with one missile launch by North Korea (what the extractor would give)."""
    a = article(name, text, published, outlet)
    start = text.index("fired")
    event = Event(
        event_id=f"{a.article_id[:16]}-launch",
        type=kw.get("kind", "missile_test"),
        mentions=[Mention(start=start, end=start + 5, trigger_text="fired", sentence=text)],
        source=[Actor(name="North Korea", country=kw.get("country", "PRK"))],
        date=DateInterval(start=day, end=day, granularity="day", text="Friday") if day else None,
    )
    return ArticleResult(article=a, events=[event])


FRIDAY = date(2025, 3, 14)
YONHAP = launch(
    "yonhap", "North Korea fired a Hwasong-11 on Friday, Seoul said.", FRIDAY, datetime(2025, 3, 14, 10), "Yonhap"
)
KYODO = launch(
    "kyodo", "North Korea fired a ballistic missile on Friday, Tokyo said.", FRIDAY, datetime(2025, 3, 14, 12), "Kyodo"
)
KCNA = launch(
    "kcna", "The DPRK fired a new Hwasong-11 tactical missile, KCNA said.", None, datetime(2025, 3, 15, 6), "KCNA"
)
SUNDAY = launch(
    "sunday",
    "North Korea fired two missiles on Sunday, Seoul said.",
    FRIDAY + timedelta(days=2),
    datetime(2025, 3, 16, 9),
    "Yonhap",
)
ALL = [YONHAP, KYODO, KCNA, SUNDAY]


def stories_in(db: Path) -> set[tuple[str, frozenset[str]]]:
    """(story_id, the source files of its events) for every story, from the warehouse."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        rows = con.execute(
            """SELECT s.story_id, list(a.source_uri ORDER BY a.source_uri) FROM stories s
               JOIN story_events m USING (story_id) JOIN events e USING (event_id) JOIN articles a USING (article_id)
               GROUP BY s.story_id"""
        ).fetchall()
        assert (
            con.execute("SELECT count(*) FROM events").fetchall()
            == con.execute("SELECT count(*) FROM story_events").fetchall()
        ), "every event is in one story"
        assert con.execute(
            "SELECT count(*) FROM stories s WHERE s.events <> (SELECT count(*) FROM story_events m"
            " WHERE m.story_id = s.story_id) OR s.story_id <> (SELECT min(event_id) FROM story_events m"
            " WHERE m.story_id = s.story_id)"
        ).fetchall() == [(0,)]
    finally:
        con.close()
    return {(story_id, frozenset(Path(u).stem for u in uris)) for story_id, uris in rows}


def files(stories: set[tuple[str, frozenset[str]]]) -> set[frozenset[str]]:
    return {members for _, members in stories}


def test_a_second_article_grows_the_story_and_a_later_launch_starts_another(db_path: Path) -> None:
    load_batch(db_path, [YONHAP], [], "test")
    assert files(stories_in(db_path)) == {frozenset({"yonhap"})}
    load_batch(db_path, [KYODO], [], "test")
    assert files(stories_in(db_path)) == {frozenset({"yonhap", "kyodo"})}
    load_batch(db_path, [KCNA, SUNDAY], [], "test")
    assert files(stories_in(db_path)) == {frozenset({"yonhap", "kyodo", "kcna"}), frozenset({"sunday"})}
    before = stories_in(db_path)
    load_batch(db_path, ALL, [], "test")  # a re-run changes nothing
    assert stories_in(db_path) == before
    con = duckdb.connect(str(db_path), read_only=True)
    row = con.execute(
        "SELECT articles, outlets, events, outlet_names, names, date_start, first_seen, last_seen FROM story_view"
        " ORDER BY articles DESC LIMIT 1"
    ).fetchall()[0]
    con.close()
    assert row == (3, 3, 3, ["KCNA", "Kyodo", "Yonhap"], ["hwasong-11"], FRIDAY, datetime(2025, 3, 14, 10),
                   datetime(2025, 3, 15, 6))  # fmt: skip


@pytest.mark.parametrize("order", [0, 1, 2])
def test_stories_do_not_depend_on_load_order_or_batch_size(tmp_path: Path, order: int) -> None:
    reference = tmp_path / "all.duckdb"
    load_batch(reference, ALL, [], "test")
    shuffled = ALL[:]
    random.Random(order).shuffle(shuffled)
    one_by_one = tmp_path / "one.duckdb"
    for item in shuffled:
        load_batch(one_by_one, [item], [], "test")
    assert stories_in(one_by_one) == stories_in(reference)


def test_a_replaced_article_leaves_its_story_and_a_bridging_article_merges_two(db_path: Path) -> None:
    load_batch(db_path, [YONHAP, KCNA], [], "test")
    assert files(stories_in(db_path)) == {frozenset({"yonhap", "kcna"})}
    # the same source now says something else: the launch it reported was not North Korea's
    changed = launch(
        "yonhap",
        "South Korea fired a Hyunmoo on Friday, Seoul said.",
        FRIDAY,
        datetime(2025, 3, 14, 11),
        "Yonhap",
        country="KOR",
    )
    load_batch(db_path, [changed], [], "test")
    assert files(stories_in(db_path)) == {frozenset({"yonhap"}), frozenset({"kcna"})}
    fresh = db_path.with_name("fresh.duckdb")
    load_batch(fresh, [changed, KCNA], [], "test")
    assert stories_in(db_path) == stories_in(fresh)  # as if loaded in this state from the start
    # two stories merge when an article links them: a dated report with the name the undated one gave
    load_batch(db_path, [KYODO], [], "test")
    assert files(stories_in(db_path)) == {frozenset({"yonhap"}), frozenset({"kcna"}), frozenset({"kyodo"})}
    bridge = launch(
        "bridge", "North Korea fired a Hwasong-11 on Friday, officials said.", FRIDAY, datetime(2025, 3, 14, 20), "AP"
    )
    load_batch(db_path, [bridge], [], "test")
    assert files(stories_in(db_path)) == {frozenset({"yonhap"}), frozenset({"kcna", "kyodo", "bridge"})}


def test_changed_rules_recluster_every_story_at_the_next_load(db_path: Path) -> None:
    load_batch(db_path, [YONHAP, KYODO], [], "test")
    assert len(stories_in(db_path)) == 1
    con = duckdb.connect(str(db_path))
    ensure_schema(con)
    con.execute("BEGIN TRANSACTION")
    apart = RULES.model_copy(update={"types": {"missile_test": RULES.of_type("x").model_copy(update={"joins": False})}})
    refresh(con, [], apart)
    con.execute("COMMIT")
    assert con.execute("SELECT fingerprint FROM story_rules").fetchall() == [(apart.fingerprint,)]
    con.close()
    assert len(stories_in(db_path)) == 2


# --- counting stories: the review page and the daily view -----------------------------------------------------------


def test_the_review_page_by_story_has_one_row_per_story_with_its_reach(db_path: Path, tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from flows.cli import app
    from warehouse.review.data import Filters
    from warehouse.review.site import build_review_site

    load_batch(db_path, [YONHAP, KYODO, SUNDAY], [], "test")
    site = build_review_site(db_path, tmp_path / "site", Filters(by="story"))
    page = (site.out / "index.html").read_text()
    payload = json.loads(re.search(r'id="review-data">(.*?)</script>', page, re.S).group(1))
    assert payload["unit"] == "stories"
    reach = sorted((row["ds"], row["n"], row["os"]) for row in payload["events"])
    assert reach == [("2025-03-14", 2, ["Kyodo", "Yonhap"]), ("2025-03-16", 1, ["Yonhap"])]
    assert re.search(r"<h1>2 stories", page) and "1 story (missile_test 1)" in page  # the timeline counts stories
    assert site.articles == 3
    by_event = build_review_site(db_path, tmp_path / "site-events")
    assert by_event.events == 3 and '"unit":"events"' in (by_event.out / "index.html").read_text()

    refused = CliRunner().invoke(app, ["review", "--db", str(db_path), "--out", str(tmp_path / "x"), "--by", "article"])
    assert refused.exit_code == 2 and "--by must be event or story" in refused.output
    done = CliRunner().invoke(app, ["review", "--db", str(db_path), "--out", str(tmp_path / "y"), "--by", "story"])
    assert done.exit_code == 0 and "review site: 2 stories" in done.output


def test_the_daily_story_timeline_counts_a_story_once_however_many_report_it(db_path: Path) -> None:
    load_batch(db_path, [YONHAP, KYODO, SUNDAY], [], "test")
    con = duckdb.connect(str(db_path), read_only=True)
    stories = con.execute("SELECT day, event_type, stories, reports FROM daily_story_timeline ORDER BY day").fetchall()
    events = con.execute("SELECT day, events FROM daily_timeline ORDER BY day").fetchall()
    con.close()
    assert stories == [(FRIDAY, "missile_test", 1, 2), (FRIDAY + timedelta(days=2), "missile_test", 1, 1)]
    assert events == [(FRIDAY, 2), (FRIDAY + timedelta(days=2), 1)]


def test_run_refuses_to_start_on_a_bad_story_rules_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from typer.testing import CliRunner

    from flows.cli import app

    bad = tmp_path / "story_rules.toml"
    bad.write_text("slack_days = 1\nmax_span_days = 7\nname_window_days = 3\nslack = 2\n")
    monkeypatch.setenv("DATELINE_STORY_RULES", str(bad))
    done = CliRunner().invoke(app, ["run", str(tmp_path), "--db", str(tmp_path / "w.duckdb")], env={"COLUMNS": "300"})
    assert done.exit_code == 2 and "slack: Extra inputs are not permitted" in done.output
    assert not (tmp_path / "w.duckdb").exists()
