"""The article's date anchor: where a page prints its publication date, and where the anchor came from."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest

from extractors.article.anchor import Anchor, choose_anchor, date_in_path, path_anchor
from extractors.article.parser import parse_article
from schemas import RawInput


def parsed(text: str, uri: str = "mem://story.txt", url: str | None = None, **raw: object):
    return parse_article(RawInput(source_uri=uri, source_key=uri, text=text, format="text", url=url, **raw))


@pytest.mark.parametrize(
    ("path", "day"),
    [
        ("https://news.example.org/world/2021/06/14/talks-resume/", date(2021, 6, 14)),
        ("https://example.com/story/2019-11-03/vote-count", date(2019, 11, 3)),
        ("/data/inbox/wire-2024-02-29-summit.txt", date(2024, 2, 29)),
        ("/data/inbox/wire_20230105_talks.html", date(2023, 1, 5)),
        ("/data/inbox/wire-2023-02-30-bad-day.txt", None),  # not a day
        ("/data/inbox/story-123456789.txt", None),
        ("https://example.com/2021/06/index.html", None),  # a month is not a day
    ],
)
def test_a_day_in_a_url_or_file_name(path: str, day: date | None) -> None:
    assert date_in_path(path) == day


def test_a_file_name_date_is_a_last_resort_and_a_folder_name_is_none() -> None:
    assert path_anchor(None, "/archive/2020-01-01/story-2021-03-04.txt") == Anchor(datetime(2021, 3, 4), "file_name")
    assert path_anchor(None, "/archive/2020-01-01/story.txt") is None
    assert path_anchor("https://x.org/2022/05/06/a", "/tmp/story-2021-03-04.txt").source == "url"
    assert path_anchor(None, "https://x.org/news/2022/05/06/a#id=3") == Anchor(datetime(2022, 5, 6), "url")


def test_the_guides_order_dateline_then_metadata_and_printed_dates_then_path() -> None:
    meta = Anchor(datetime(2024, 5, 3, 11, 5), "html_meta")
    fallback = Anchor(datetime(2024, 5, 1), "file_name")
    assert choose_anchor("May 3", meta, [], fallback) == Anchor(datetime(2024, 5, 3, 11, 5), "dateline")
    assert choose_anchor(None, meta, [datetime(2024, 5, 2)], fallback) == meta
    assert choose_anchor(None, None, [datetime(2024, 5, 2)], fallback) == Anchor(datetime(2024, 5, 2), "stamp")
    assert choose_anchor(None, None, [], fallback) == fallback
    assert choose_anchor(None, None, [], None) is None


def test_a_dateline_without_a_year_takes_it_from_the_file_name() -> None:
    text = "MOSCOW, December 30. /TASS/. The ministry said the talks would resume in January.\n"
    article = parsed(text, uri="/inbox/tass-2022-12-30-talks.txt")
    assert (article.published_at, article.published_source) == (datetime(2022, 12, 30), "dateline")
    assert parsed(text).published_at is None  # no year anywhere: unknown rather than guessed


def test_a_date_inside_the_agency_brackets_is_the_dateline() -> None:
    text = "LAGOS (Daily Wire / Agency - 12th June, 2019) The government said on Tuesday it would reopen borders.\n"
    article = parsed(text)
    assert (article.published_at, article.published_source) == (datetime(2019, 6, 12), "dateline")
    assert (article.dateline_place, article.outlet) == ("Lagos", "Daily Wire / Agency")


def test_json_and_cli_anchors_say_where_they_came_from() -> None:
    text = "Officials said on Tuesday that the talks would resume.\n"
    assert parsed(text, published="2024-03-14", published_from="json").published_source == "json"
    overridden = parse_article(
        RawInput(source_uri="x", source_key="x", text=text, format="text"), published_override=datetime(2024, 1, 2)
    )
    assert (overridden.published_at, overridden.published_source) == (datetime(2024, 1, 2), "cli")
    assert parsed(text).published_source is None


def test_a_sample_file_records_its_anchor_source(tmp_path: Path) -> None:
    from schemas import ArticleResult
    from warehouse.loader import load_batch
    from warehouse.query import run_query

    article = parsed("Officials met on Tuesday.\n", uri=str(tmp_path / "brief-2024-03-14.txt"))
    db = tmp_path / "w.duckdb"
    load_batch(db, [ArticleResult(article=article, timexes=[], events=[])], [], "test")
    rows = run_query(db, "select published_at, published_source from articles").rows
    assert rows == [(datetime(2024, 3, 14), "file_name")]


def test_every_real_page_gets_its_publication_date(shared_dir: Path) -> None:
    import json

    from extractors.ingest.sources import read_file

    pages = sorted((shared_dir / "corpus" / "real").glob("*.txt"))
    assert len(pages) >= 20
    wrong = []
    for page in pages:
        gold = json.loads(page.with_name(page.stem + ".gold.json").read_text(encoding="utf-8"))["article"]["published"]
        raws, _ = read_file(page)
        article = parse_article(raws[0])
        found = article.published_at.date().isoformat() if article.published_at else None
        if found != gold[:10]:
            wrong.append((page.name, gold, found))
    assert wrong == []
