"""Byline, dateline, publication date, title and furniture, on formats real outlets print."""

from datetime import datetime

import pytest

from extractors.article.parser import (
    analysis_text,
    article_id,
    date_stamps,
    find_furniture,
    match_dateline,
    parse_article,
)
from schemas import RawInput


def parse(text: str, **meta):
    return parse_article(RawInput(source_uri="mem", source_key="mem", text=text, format="text", **meta))


HEADED = [
    # (text, title, byline, outlet, place, published_at)
    (
        "World News\n\nNorth Korea's Kim sends greetings to Putin\n\nBy Thomas Maresca   |   May 9, 2023 at 5:36 AM\n"
        "SEOUL, May 9 (UPI) -- North Korean leader Kim Jong Un sent a message.",
        "North Korea's Kim sends greetings to Putin",
        "Thomas Maresca",
        "UPI",
        "Seoul",
        datetime(2023, 5, 9, 5, 36),
    ),
    (
        "Iran rejects drone claims\nPublished March 18, 2024\n\nTEHRAN (Reuters) - Iran on Monday denied the reports.",
        "Iran rejects drone claims",
        None,
        "Reuters",
        "Tehran",
        datetime(2024, 3, 18),
    ),
    (
        "Taiwan reports Chinese aircraft\nBy Jane Doe and Li Wei, Associated Press\n"
        "Updated: November 02, 2022, 3:53 PM\n\nTAIPEI, Taiwan (AP) — Taiwan said Wednesday that 17 aircraft crossed.",
        "Taiwan reports Chinese aircraft",
        "Jane Doe and Li Wei",
        "AP",
        "Taipei",
        datetime(2022, 11, 2, 15, 53),
    ),
    (
        "Summit ends without statement\n\nPublished: 10 September 2024, 16:14\n\n"
        "UNITED NATIONS, Sept. 10 (AFP) - Talks ended without agreement.",
        "Summit ends without statement",
        None,
        "AFP",
        "United Nations",
        datetime(2024, 9, 10, 16, 14),
    ),
    (
        "Allies hold drills\n\nWashington/Seoul (dpa), Jun 1 2018 - The allies began exercises on Friday.",
        "Allies hold drills",
        None,
        "dpa",
        "Washington/Seoul",
        datetime(2018, 6, 1),
    ),
]


@pytest.mark.parametrize(("text", "title", "byline", "outlet", "place", "published"), HEADED)
def test_head_of_story(text, title, byline, outlet, place, published) -> None:
    article = parse(text)
    assert article.title == title
    assert article.byline == byline
    assert article.outlet == outlet
    assert article.dateline_place == place
    assert article.published_at == published


@pytest.mark.parametrize(
    ("text", "title", "place", "outlet", "published"),
    [
        (
            "EUROPE\n03 MAR 2022, 09:15\n\nKremlin rejects new EU measures\n\n"
            "MOSCOW, March 3. /TASS/. The Kremlin on Thursday rejected the measures.",
            "Kremlin rejects new EU measures",
            "Moscow",
            "TASS",
            datetime(2022, 3, 3, 9, 15),
        ),
        (
            "Politics | Defense\n\nTaiwan reports 30 aircraft near the island\n\n05/17/2021 10:02 AM\n\n"
            "Taipei, May 17 (CNA) Taiwan's Defense Ministry said on Monday that 30 aircraft entered its zone.",
            "Taiwan reports 30 aircraft near the island",
            "Taipei",
            "CNA",
            datetime(2021, 5, 17, 10, 2),
        ),
        (
            "Asia / Korea\n\nSeoul and Washington begin spring drills\n\nPublished : Mar. 4, 2024 - 08:30\n\n"
            "The allies began their annual drills on Monday.",
            "Seoul and Washington begin spring drills",
            None,
            None,
            datetime(2024, 3, 4, 8, 30),
        ),
    ],
)
def test_more_outlet_layouts(text, title, place, outlet, published) -> None:
    article = parse(text)
    assert (article.title, article.dateline_place, article.outlet, article.published_at) == (
        title,
        place,
        outlet,
        published,
    )
    label = text.split("\n", 1)[0]
    assert (0, len(label)) in article.furniture  # the section label above the headline


def test_dateline_beats_an_updated_stamp_of_another_day() -> None:
    text = (
        "Navy exercise begins\nUpdated: March 3, 2024, 8:00 AM\n\n"
        "MOSCOW, March 1, 2024 (Reuters) - Russia's navy began drills in the Baltic."
    )
    assert parse(text).published_at == datetime(2024, 3, 1)


def test_dateline_without_year_takes_the_year_of_the_nearest_stamp() -> None:
    text = "Markets close the year\nPublished January 1, 2025\n\nLONDON, Dec. 31 (Reuters) - Stocks rose."
    assert parse(text).published_at == datetime(2024, 12, 31)


def test_no_date_anywhere_is_unknown_not_today() -> None:
    article = parse("SEOUL, May 9 (UPI) -- North Korea fired a missile on Tuesday.")
    assert article.dateline_place == "Seoul"
    assert article.published_at is None
    assert article.anchor is None


def test_metadata_and_override() -> None:
    text = "Iran says talks will resume next week, officials said."
    assert parse(text, published="2024-02-05T08:30:00Z").published_at == datetime(2024, 2, 5, 8, 30)
    override = parse_article(
        RawInput(source_uri="m", source_key="m", text=text, format="text", published="2024-02-05"),
        published_override=datetime(2020, 1, 1),
    )
    assert override.published_at == datetime(2020, 1, 1)


def test_furniture_is_found_and_blanked_without_moving_offsets() -> None:
    text = (
        "Business News\n\nSanctions hit exporters\n\nKim said it was a message. File Photo by KCNA/UPI\n\n"
        "Advertising\n\nThe ministry denied the report.\nADVERTISEMENT\nStory continues below advertisement\n"
    )
    article = parse(text)
    spans = [text[s:e] for s, e in article.furniture]
    assert spans == [
        "Business News",
        "File Photo by KCNA/UPI",
        "Advertising",
        "ADVERTISEMENT",
        "Story continues below advertisement",
    ]
    blanked = analysis_text(article)
    assert len(blanked) == len(text)
    assert "Advertising" not in blanked and "KCNA/UPI" not in blanked
    assert blanked.index("Kim said it was a message.") == text.index("Kim said it was a message.")
    assert "The ministry denied the report." in blanked


def test_prose_is_not_furniture() -> None:
    text = "The photo by a local journalist showed the launch.\nAdvertising revenue fell at state media."
    assert find_furniture(text) == []
    credited = "File Photo by KCNA/UPI\n" + text  # the same prose under a real credit line: only the credit
    assert find_furniture(credited) == [(0, len("File Photo by KCNA/UPI"))]


def test_article_id_ignores_whitespace_but_not_words_or_url() -> None:
    assert article_id("Kim sent  a message.\n") == article_id("Kim sent a message.")
    assert article_id("Kim sent a message.") != article_id("Kim sent a letter.")
    assert article_id("Kim sent a message.", "https://a.example/1") != article_id("Kim sent a message.")


def test_dev_article(dev_article) -> None:
    text = dev_article.read_text(encoding="utf-8")
    article = parse(text)
    assert article.published_at == datetime(2023, 5, 9, 5, 36)
    assert article.dateline_place == "Seoul"
    assert article.outlet == "UPI"
    assert article.byline == "Thomas Maresca"
    assert article.title == "North Korea's Kim Jong Un says Russia will 'smash all challenges'"
    assert [text[s:e] for s, e in article.furniture] == [
        "World News",
        "File Photo by KCNA/UPI",
        "Advertising",
        "Advertising",
    ]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Published on 23/11/2021 at 09:05 GMT", [("published", datetime(2021, 11, 23, 9, 5))]),
        ("Updated 6:40 AM GMT+9, April 2, 2024", [("updated", datetime(2024, 4, 2, 6, 40))]),
        ("Feb. 14, 2022 / 11:03 PM / Updated an hour ago", [("published", datetime(2022, 2, 14, 23, 3))]),
        ("Top Stories 08:45 March 3, 2021", [("published", datetime(2021, 3, 3, 8, 45))]),
        (
            "Posted: 2020-06-30 | Last updated: July 1, 2020, 7:15 p.m. ET",
            [("published", datetime(2020, 6, 30)), ("updated", datetime(2020, 7, 1, 19, 15))],
        ),
    ],
)
def test_date_stamp_lines(line: str, expected) -> None:
    assert date_stamps(line) == expected


@pytest.mark.parametrize(
    ("line", "stamp"),
    [
        ("Tensions rose after talks collapsed on May 2, 2023 in Geneva over the inspections", "Posted May 2, 2023"),
        ("Updated 2 hours ago", "Updated 2 hours ago | May 2, 2023"),
    ],
)
def test_a_date_in_prose_or_an_age_is_no_stamp(line: str, stamp: str) -> None:
    assert date_stamps(stamp) == [("published", datetime(2023, 5, 2))]  # a stamp of that date is read
    assert date_stamps(line) == []


def test_a_stamp_line_and_an_agency_tagged_headline() -> None:
    text = (
        "(URGENT) Iran launches satellite carrier rocket\n\nBreaking 06:30 January 28, 2024\n\n"
        "TEHRAN, Jan. 28 (Yonhap) -- Iran launched a rocket carrying three satellites on Sunday."
    )
    article = parse(text)
    assert article.title == "(URGENT) Iran launches satellite carrier rocket"
    assert article.published_at == datetime(2024, 1, 28, 6, 30)
    assert (article.dateline_place, article.outlet) == ("Tehran", "Yonhap")


def test_a_stamp_below_a_standfirst_and_a_caption() -> None:
    text = (
        "News|Middle East\n\nIran says it will enrich uranium to 60 percent\n\n"
        "Tehran says the move answers sabotage at its Natanz site.\n\nPublished On 13 Apr 2021\n\n"
        "Centrifuges at a plant in Iran [File: Someone/AP Photo]\n\nIran will begin enriching uranium on Wednesday."
    )
    article = parse(text)
    assert article.title == "Iran says it will enrich uranium to 60 percent"
    assert article.published_at == datetime(2021, 4, 13)


def test_a_pipe_separated_stamp_line_without_spaces() -> None:
    assert date_stamps("Source: Wire| 2019-03-04 08:15:09|Editor: Li Ming") == [
        ("published", datetime(2019, 3, 4, 8, 15))
    ]


@pytest.mark.parametrize(
    ("line", "dateline"),
    [
        ("SEOUL, May 9 (UPI) -- North Korea fired a missile.", "SEOUL, May 9 (UPI) -- "),
        ("Taipei, Oct. 22 (CNA) Taiwan's cabinet met on Thursday.", "Taipei, Oct. 22 (CNA) "),
        ("RAWALPINDI: The army said on Monday it had tested a missile.", "RAWALPINDI: "),
        ("MOSCOW, August 12. /TASS/. The ministry said drills began.", "MOSCOW, August 12. /TASS/. "),
        ("Kim Jong Un (center) Watches A Launch", None),  # a photo position is no agency
        ("Lahore: The province said on Monday schools would close.", "Lahore: "),  # mixed case, a known city
        ("Lahore [Pakistan], Mar 3 (ANI): The army said it had tested a missile.", "Lahore [Pakistan], Mar 3 (ANI): "),
        ("New Delhi, Aug 3: India said talks would resume.", "New Delhi, Aug 3: "),
        ("Analysis: The talks are unlikely to resume.", None),  # a label, no place
        ("Chile: The long road to a new constitution", None),  # a country heading a title, no dateline
        ("Officials said the talks would resume.", None),
    ],
)
def test_one_dateline_pattern_for_page_heads_and_glued_lines(line: str, dateline: str | None) -> None:
    found = match_dateline(line)
    assert (found.group(0) if found else None) == dateline
    shifted = "Headline here\n" + line  # the same line further into a text, as the event segmenter sees it
    again = match_dateline(shifted, len("Headline here\n"))
    assert (again.group(0) if again else None) == dateline
