"""`dateline review` without a browser: span nesting, the timeline's bars, escaping, filters, the output folder.

The browser tests (Chromium, marked slow) are in test_review_browser.py; both use the warehouse built here,
written by the real loader.
"""

from __future__ import annotations

import hashlib
import json
import random
import re
import tomllib
from datetime import date, datetime
from fnmatch import fnmatch
from html.parser import HTMLParser
from pathlib import Path

import pytest
from typer.testing import CliRunner

from flows.cli import app
from schemas import Actor, ArticleResult, DateInterval, Event, Mention, ParsedArticle, Rejection, TimeExpression
from tests.conftest import PROJECT
from warehouse.loader import load_batch
from warehouse.review.data import Filters, read_review_data
from warehouse.review.site import MARKER, OutputRefused, build_review_site, json_for_script
from warehouse.review.spans import Element, Span, covered, flatten, name_spans, nest, sentence_ranges
from warehouse.review.timeline import build_timeline, choose_bucket, shift, slot_count

runner = CliRunner()

# What a hostile page could carry. Each payload would change window.__pwned or the title if it ran.
SCRIPT = "<script>window.__pwned = 1; document.title = 'pwned'</script>"
IMG = '<img src=x onerror="window.__pwned = 2">'
LINK = '<a href="javascript:window.__pwned = 3">click here</a>'
BREAKOUT = "</script><script>window.__pwned = 4</script><!--"
HOSTILE_TITLE = f"Talks collapse {SCRIPT} {IMG}"
HOSTILE_ACTOR = f"Minister {IMG.replace('2', '5')}"
HOSTILE_ACTOR_2 = SCRIPT.replace("1", "6")
HOSTILE_TYPE = 'protest"><script>window.__pwned = 8</script>'
HOSTILE_TEXT = (  # a leading newline and a CR too: the page must show the stored text character for character
    f"\n{HOSTILE_TITLE}\r\n\n"
    f"GENEVA, March 12 (Dateline Wire) -- {HOSTILE_ACTOR} accused {HOSTILE_ACTOR_2} of lying on Tuesday.\n\n"
    f"Readers were told to {LINK} and {BREAKOUT} the talks ended on Wednesday.\n"
)


def _span(text: str, needle: str, after: int = 0) -> tuple[int, int]:
    start = text.index(needle, after)
    return start, start + len(needle)


def _article(text: str, uri: str, **fields: object) -> ParsedArticle:
    digest = hashlib.sha256(text.encode()).hexdigest()
    return ParsedArticle(
        article_id=digest[:32], source_uri=uri, source_key=uri, text=text, content_hash=digest, **fields
    )


def hostile_result() -> ArticleResult:
    """An article whose title, text, names, type, outlet and URL are all markup, as the loader stores it."""
    text = HOSTILE_TEXT
    first = text.index("GENEVA")
    a_start, a_end = _span(text, "accused")
    e_start, e_end = _span(text, "ended")
    sentence_1 = text[first : text.index("\n", first)]
    sentence_2 = text[text.index("Readers") : text.index("\n", text.index("Readers"))]
    tue = _span(text, "Tuesday")
    wed = _span(text, "Wednesday")
    article = _article(
        text,
        f"/inbox/{SCRIPT}.txt",
        title=HOSTILE_TITLE,
        byline=IMG,
        outlet=f'<b onmouseover="window.__pwned = 9">Wire</b> {LINK}',
        dateline_place="GENEVA",
        published_at=datetime(2024, 3, 12, 9, 0),
        published_source="dateline",
        url="javascript:window.__pwned = 7",
    )
    timexes = [
        TimeExpression(start=tue[0], end=tue[1], text="Tuesday", type="DATE", value="2024-03-12",
                       date_start=date(2024, 3, 12), date_end=date(2024, 3, 12), granularity="day"),
        TimeExpression(start=wed[0], end=wed[1], text="Wednesday", type="DATE", value="2024-03-13",
                       date_start=date(2024, 3, 13), date_end=date(2024, 3, 13), granularity="day"),
    ]  # fmt: skip
    events = [
        Event(
            event_id="ev-hostile-1",
            type="accusation",
            mentions=[Mention(start=a_start, end=a_end, trigger_text="accused", sentence=sentence_1)],
            source=[Actor(name=HOSTILE_ACTOR, country="CHE")],
            target=[Actor(name=HOSTILE_ACTOR_2, country="FRA")],
            date=DateInterval(start=date(2024, 3, 12), end=date(2024, 3, 12), granularity="day", text="Tuesday"),
            confidence=0.7,
        ),
        Event(
            event_id="ev-hostile-2",
            type=HOSTILE_TYPE,
            cameo_code=SCRIPT,
            mentions=[Mention(start=e_start, end=e_end, trigger_text="ended", sentence=sentence_2)],
            date=DateInterval(start=date(2024, 3, 13), end=date(2024, 3, 13), granularity="day", text="Wednesday"),
        ),
    ]
    return ArticleResult(article=article, timexes=timexes, events=events)


def plain_result(n: int, day: date, event_type: str, country: str) -> ArticleResult:
    """A short ordinary article with one event of ``event_type`` by ``country`` on ``day``."""
    text = f"Story {n}\n\nOfficials of {country} met on {day:%B %d}. They signed an accord.\n"
    start, end = _span(text, "met")
    sentence = text[text.index("Officials") : text.index(".", text.index("Officials")) + 1]
    article = _article(
        text,
        f"/corpus/story-{n}.txt",
        title=f"Story {n}",
        outlet="Dateline Wire",
        published_at=datetime.combine(day, datetime.min.time()),
        published_source="cli",
    )
    event = Event(
        event_id=f"ev-plain-{n}",
        type=event_type,
        mentions=[Mention(start=start, end=end, trigger_text="met", sentence=sentence)],
        source=[Actor(name=f"Officials of {country}", country=country)],
        date=DateInterval(start=day, end=day, granularity="day", text=f"{day:%B %d}"),
    )
    return ArticleResult(article=article, events=[event])


@pytest.fixture
def review_db(db_path: Path) -> Path:
    """A warehouse written by the real loader: the hostile article, three plain ones, a hostile rejection."""
    results = [
        hostile_result(),
        plain_result(1, date(2024, 3, 1), "meeting", "DEU"),
        plain_result(2, date(2024, 3, 1), "meeting", "FRA"),
        plain_result(3, date(2024, 3, 5), "agreement", "DEU"),
    ]
    rejections = [Rejection(source_uri=f"/inbox/{IMG}.html", reason=f"HTML with no article text {SCRIPT}")]
    load_batch(db_path, results, rejections, version="test", run_id="run-1")
    return db_path


# --- span nesting ---------------------------------------------------------------------------------------------


def test_spans_nest_inside_each_other_and_every_character_appears_once() -> None:
    text = "Russia vetoed the resolution on Tuesday in New York."
    mention = Span(7, 13, "mention", "m-0")
    sentence_wide = Span(0, 52, "mention", "m-1")  # a long trigger holding the others
    timex = Span(32, 39, "timex", "t-0")
    actor = Span(0, 6, "actor", "a-0")
    nodes = nest(text, [timex, actor, mention, sentence_wide])
    assert flatten(nodes) == text
    assert len(nodes) == 1 and isinstance(nodes[0], Element) and nodes[0].span is sentence_wide
    inner = [n.span.anchor for n in nodes[0].children if isinstance(n, Element)]
    assert inner == ["a-0", "m-0", "t-0"]
    for span in (mention, sentence_wide, timex, actor):
        assert covered(nodes, span.anchor) == text[span.start : span.end]


def test_crossing_spans_are_split_and_only_the_first_piece_has_the_anchor() -> None:
    text = "abcdefghij"
    nodes = nest(text, [Span(2, 6, "mention", "m-0"), Span(4, 8, "timex", "t-0")])
    assert flatten(nodes) == text
    assert covered(nodes, "m-0") == "cdef" and covered(nodes, "t-0") == "efgh"
    pieces = []

    def walk(items: list) -> None:
        for node in items:
            if isinstance(node, Element):
                pieces.append((node.span.anchor, node.first, flatten(node.children)))
                walk(node.children)

    walk(nodes)
    assert pieces == [("m-0", True, "cdef"), ("t-0", True, "ef"), ("t-0", False, "gh")]


def test_identical_and_adjacent_spans_and_bad_offsets() -> None:
    text = "fired a missile"
    spans = [
        Span(0, 5, "mention", "m-0"),
        Span(0, 5, "mention", "m-1"),  # two events on one trigger: two marks, one inside the other
        Span(5, 5, "timex", "empty"),  # empty
        Span(10, 99, "actor", "past-end"),  # past the text
        Span(-1, 3, "actor", "negative"),
        Span(5, 15, "timex", "t-0"),  # adjacent to the first
    ]
    nodes = nest(text, spans)
    assert flatten(nodes) == text
    assert covered(nodes, "m-0") == covered(nodes, "m-1") == "fired"
    assert covered(nodes, "t-0") == " a missile"
    assert all(covered(nodes, a) == "" for a in ("empty", "past-end", "negative"))


def test_random_spans_keep_the_text_and_each_span_text() -> None:
    rng = random.Random(13)
    for _ in range(300):
        text = "".join(rng.choice("ab \n<>&é") for _ in range(rng.randint(0, 40)))
        spans = []
        for n in range(rng.randint(0, 8)):
            start = rng.randint(0, len(text))
            spans.append(Span(start, rng.randint(start, len(text)), rng.choice(["mention", "timex", "actor"]), f"s{n}"))
        nodes = nest(text, spans)
        assert flatten(nodes) == text
        for span in spans:
            assert covered(nodes, span.anchor) == text[span.start : span.end]


def test_nest_scales_to_a_long_article() -> None:
    text = "word " * 200_000
    spans = [Span(i, i + 4, "mention", f"m{i}") for i in range(0, len(text), 50)]
    nodes = nest(text, spans)
    assert flatten(nodes) == text and len([n for n in nodes if isinstance(n, Element)]) == len(spans)


def test_actor_names_are_found_in_their_event_sentences_only() -> None:
    text = "China warned. Later, China and Chinatown officials met China's envoy."
    sentence = "Later, China and Chinatown officials met China's envoy."
    mention = _span(text, "met")
    ranges = sentence_ranges(text, [(*mention, sentence)])
    assert ranges == [(text.index("Later"), len(text))]
    found = name_spans(text, "China", ranges)
    assert [text[a:b] for a, b in found] == ["China", "China"]
    assert found[0][0] == text.index("China", 10)  # not the first sentence, not "Chinatown"
    assert name_spans(text, "  ", ranges) == [] and sentence_ranges(text, [(0, 5, "not in the text")]) == []


# --- timeline -------------------------------------------------------------------------------------------------


def test_timeline_has_one_bar_per_day_stacked_by_type() -> None:
    days = [(date(2024, 3, 1), "meeting")] * 3 + [(date(2024, 3, 1), "veto"), (date(2024, 3, 5), "veto")]
    timeline = build_timeline(days, ["meeting", "veto"])
    assert timeline is not None and timeline.bucket == "day" and timeline.tallest == 4
    assert [(b.start, b.total) for b in timeline.bars] == [(date(2024, 3, 1), 4), (date(2024, 3, 5), 1)]
    first, second = timeline.bars
    assert [(s.event_type, s.count, s.type_index) for s in first.segments] == [("meeting", 3, 0), ("veto", 1, 1)]
    assert sum(s.height for s in first.segments) == pytest.approx(timeline.height)  # the tallest bar
    assert second.segments[0].height == pytest.approx(timeline.height / 4)
    assert first.segments[1].y + first.segments[1].height == pytest.approx(first.segments[0].y)  # stacked
    assert second.x - first.x == pytest.approx(4 * timeline.width / 5)  # five day slots: the gap shows
    assert build_timeline([], ["veto"]) is None


def test_long_spans_use_weeks_then_months() -> None:
    assert choose_bucket(date(2024, 1, 1), date(2024, 6, 1)) == "day"
    assert choose_bucket(date(2024, 1, 1), date(2024, 12, 31)) == "week"
    assert choose_bucket(date(2000, 1, 1), date(2024, 12, 31)) == "month"
    timeline = build_timeline([(date(2024, 1, 3), "a"), (date(2024, 1, 5), "a"), (date(2024, 12, 30), "b")], ["a", "b"])
    assert timeline is not None and timeline.bucket == "week"
    assert [(b.start, b.end, b.total) for b in timeline.bars] == [
        (date(2024, 1, 1), date(2024, 1, 7), 2),  # Wednesday and Friday: the week from Monday
        (date(2024, 12, 30), date(2025, 1, 5), 1),
    ]
    assert shift(date(2024, 12, 1), 1, "month") == date(2025, 1, 1)
    assert slot_count(date(2024, 11, 30), date(2025, 2, 1), "month") == 4
    assert timeline.ticks[0].label == "2024-01-01" and timeline.ticks[-1].label == "2024-12-30"
    edge = build_timeline([(date(1, 1, 1), "a"), (date(9999, 12, 31), "a")], ["a"])  # the calendar's ends
    assert edge is not None and edge.bucket == "month" and edge.bars[-1].end == date.max


# --- escaping -------------------------------------------------------------------------------------------------


def test_json_for_script_cannot_close_its_script_block() -> None:
    value = {"title": BREAKOUT, "amp": "a & b", "line": "\u2028", "accent": "Zürich"}
    text = json_for_script(value)
    assert "<" not in text and ">" not in text and "&" not in text
    assert json.loads(text) == value


class _Elements(HTMLParser):
    """Every start tag of a page, with its attributes."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.script_text: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self._in_script = tag == "script"

    def handle_endtag(self, tag: str) -> None:
        self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self.script_text.append(data)


def _elements(page: Path) -> _Elements:
    parser = _Elements()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser


def test_every_page_escapes_hostile_text(review_db: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    summary = build_review_site(review_db, site)
    assert (summary.events, summary.articles) == (5, 4)
    pages = [site / "index.html", site / "articles.html", site / "runs.html", *sorted((site / "articles").iterdir())]
    for page in pages:
        parsed = _elements(page)
        scripts = [attrs for tag, attrs in parsed.tags if tag == "script"]
        assert all(a.get("src") == "static/index.js" or a.get("type") == "application/json" for a in scripts), page
        assert not [tag for tag, _ in parsed.tags if tag in ("img", "iframe", "object", "embed")], page
        assert not [(t, k) for t, attrs in parsed.tags for k in attrs if k.startswith("on")], page
        links = [a.get("href") or "" for t, a in parsed.tags if t == "a"]
        assert not [h for h in links if not re.fullmatch(r"(\.\./)?[\w/.-]*(#[\w-]+)?", h)], page
        csp = [a["content"] for t, a in parsed.tags if t == "meta" and a.get("http-equiv") == "Content-Security-Policy"]
        assert csp and "script-src 'self'" in csp[0] and "default-src 'none'" in csp[0]
    hostile_page = next(p for p in pages[3:] if "Talks collapse" in p.read_text(encoding="utf-8"))
    html = hostile_page.read_text(encoding="utf-8")
    assert "&lt;script&gt;window.__pwned = 1" in html and "&lt;img src=x onerror=" in html
    assert "&#13;\n" in html and '<pre class="article-text">\n\n' in html  # CR kept; the leading newline too
    assert "javascript:window.__pwned = 7" in html and 'href="javascript' not in html
    index = _elements(site / "index.html")
    payload = json.loads("".join(index.script_text))
    assert {row["ty"] for row in payload["events"]} >= {HOSTILE_TYPE}
    assert HOSTILE_TITLE in {a["t"] for a in payload["articles"]}
    assert "&lt;img src=x onerror=" in (site / "runs.html").read_text(encoding="utf-8")


def test_the_article_page_marks_every_mention_time_expression_and_actor(review_db: Path, tmp_path: Path) -> None:
    build_review_site(review_db, tmp_path / "site")
    page = next(p for p in (tmp_path / "site" / "articles").iterdir() if "Talks collapse" in p.read_text("utf-8"))
    tags = _elements(page).tags
    marks = [a for t, a in tags if t == "mark"]
    assert [a["id"] for a in marks] == ["m-0", "m-1"]
    assert "mention ty-" in marks[0]["class"]
    timexes = [a for t, a in tags if t == "span" and a.get("class") == "timex" and "title" in a]  # not the legend
    assert [a["title"] for a in timexes] == ["2024-03-12 (DATE, 2024-03-12)", "2024-03-13 (DATE, 2024-03-13)"]
    actors = [a["title"] for t, a in tags if t == "span" and a.get("class") == "actor" and "title" in a]
    assert actors == [f"source of accusation: {HOSTILE_ACTOR} (CHE)", f"target of accusation: {HOSTILE_ACTOR_2} (FRA)"]
    assert [a["href"] for t, a in tags if t == "a" and a.get("href", "").startswith("#t-")][:1] == ["#t-0"]


# --- filters, output folder, command --------------------------------------------------------------------------


def test_filters_choose_events_and_their_articles(review_db: Path) -> None:
    def chosen(filters: Filters) -> tuple[list[str], int]:
        data = read_review_data(review_db, filters)
        return sorted(e.event_id for e in data.events), len(data.articles)

    assert chosen(Filters(types=("meeting",))) == (["ev-plain-1", "ev-plain-2"], 2)
    assert chosen(Filters(countries=("DEU",))) == (["ev-plain-1", "ev-plain-3"], 2)
    assert chosen(Filters(countries=("FRA",), types=("accusation",))) == (["ev-hostile-1"], 1)
    assert chosen(Filters(since=date(2024, 3, 5))) == (["ev-hostile-1", "ev-hostile-2", "ev-plain-3"], 2)
    assert chosen(Filters(types=("none",))) == ([], 0)
    data = read_review_data(review_db, Filters(types=("accusation",)))
    assert [len(a.events) for a in data.articles] == [2]  # the article page shows all its events


def test_the_output_folder_is_replaced_only_when_a_review_wrote_it(review_db: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    build_review_site(review_db, site)
    assert len(list((site / "articles").iterdir())) == 4
    build_review_site(review_db, site, Filters(types=("agreement",)))
    assert len(list((site / "articles").iterdir())) == 1 and (site / MARKER).is_file()  # no stale pages
    other = tmp_path / "mine"
    other.mkdir()
    (other / "notes.txt").write_text("keep")
    with pytest.raises(OutputRefused, match="other files"):
        build_review_site(review_db, other)
    assert [p.name for p in other.iterdir()] == ["notes.txt"]
    with pytest.raises(OutputRefused, match="is a file"):
        build_review_site(review_db, other / "notes.txt")
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no build folder left behind


def test_review_command(review_db: Path, tmp_path: Path) -> None:
    site = tmp_path / "review"
    done = runner.invoke(app, ["review", "--db", str(review_db), "--out", str(site), "--type", "meeting"])
    assert done.exit_code == 0, done.output
    assert "2 events, 2 article pages" in done.output and (site / "index.html").resolve().as_uri() in done.output
    for argv, code, message in (
        (["--since", "last week"], 2, "is not a date"),
        (["--country", "Germany"], 2, "alpha-3"),
        (["--db", str(tmp_path / "none.duckdb")], 1, "no warehouse"),
    ):
        failed = runner.invoke(app, ["review", "--db", str(review_db), "--out", str(site), *argv])
        assert failed.exit_code == code and message in failed.output, failed.output
    refused = runner.invoke(app, ["review", "--db", str(review_db), "--out", str(PROJECT / "tests")])
    assert refused.exit_code == 1 and "other files" in refused.output


def test_templates_and_static_files_are_package_data() -> None:
    """An installed package has them: each file under the review package matches a package-data pattern."""
    config = tomllib.loads((PROJECT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    patterns = config["package-data"].get("warehouse.review", []) + config["package-data"].get("*", [])
    package = PROJECT / "warehouse" / "review"
    files = [p.relative_to(package).as_posix() for p in package.rglob("*") if p.is_file() and p.suffix != ".pyc"]
    needed = [f for f in files if not f.endswith(".py") and f != "screenshot.png" and not f.startswith("screenshot")]
    assert {"templates/index.html", "templates/article.html", "static/index.js", "static/review.css"} <= set(needed)
    assert [f for f in needed if not any(fnmatch(f, p) for p in patterns)] == []
