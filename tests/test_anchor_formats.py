"""How real news pages print their publication date, and a test for each format seen on two or more pages.

Survey (2026-12-02): 221 news-article pages from 203 domains, 2000-2026, about 70 not in English, sampled
through the library's stored-pages corpus (extracted page text, as Dateline receives it). Formats and counts
only; every example line below was written for these tests.

| format (normalised)                                                      | pages |
| ------------------------------------------------------------------------ | ----: |
| no date in the text or the URL                                           |   100 |
| no date in the text; date only in the URL path (/YYYY/MM/DD/, /YYYYMMDD/)|    38 |
| bare `date YYYY-MM-DD` line before the headline (a page store's stamp)    |    26 |
| site header with today's date only (not the publication date)            |     4 |
| dateline `CITY, Mon[.] D (Agency) --`, no year                            |     3 |
| article undated; only sidebar items carry times                          |     3 |
| dateline `City[ [Country]], Month D (Agency):`, no year                   |     2 |
| Korean `입력 YYYY-MM-DD HH:MM` / `입력 YYYY. MM. DD HH:MM 업데이트 ...`       |     2 |
| `DD Month YYYY HH:MM TZ` on the line after a CITY line                    |     2 |
| update time only, no date                                                |     2 |
| 39 more patterns, one page each (labelled `Published`/`Posted`/`Updated`/ |    41 |
| `Last Updated`/`First Published`, `(Agency) HH:MM, Month DD, YYYY`,       |       |
| `DD/MM/YYYY à HH:MM`, `CITY (Outlet - DDth Month, YYYY)`, `/TASS/.`, ...) |       |
| total                                                                    |   221 |

Of the 44 pages that print a date of their own, 12 print more than one (published and updated; in either
order, once with the published date only at the foot). Time zones printed: IST 6, GMT 2, EST, EDT, AEDT 1 each.
Not handled, on purpose: a site header's "today" date looks like any stamp; an update time with no date, relative
times ("3 hours ago") and sidebar times are not the article's date.
"""

from __future__ import annotations

from datetime import datetime

import pytest

from extractors.article.parser import parse_article
from schemas import RawInput

BODY = "The council voted on Tuesday to fund a second ferry route, officials said.\n"


def anchor_of(text: str, uri: str = "mem://page.txt", url: str | None = None) -> tuple[datetime | None, str | None]:
    article = parse_article(RawInput(source_uri=uri, source_key=uri, text=text, format="text", url=url))
    return article.published_at, article.published_source


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the page store's bare stamp line before the headline (26 pages)
        (f"date 2021-04-09\nFlood barriers raised along the river\n{BODY}", (datetime(2021, 4, 9), "stamp")),
        # wire dateline without a year: the year comes from the other dates (3 + 2 pages)
        (
            "date 2019-03-05\nVELDAHAVEN, Mar 4 (Northwire) - The central bank left rates unchanged.\n",
            (datetime(2019, 3, 4), "dateline"),
        ),
        (
            "date 2022-04-08\nRavenport, April 7 (Coastline News): The minister said on Monday talks resume.\n",
            (datetime(2022, 4, 7), "dateline"),
        ),
        # Korean entered / updated stamps (2 pages); the form with the time in brackets
        (f"Ferry route approved\n입력 2022-08-15 07:42\n{BODY}", (datetime(2022, 8, 15, 7, 42), "stamp")),
        (f"Ferry route approved\n입력 2020. 03. 02   16:05\n{BODY}", (datetime(2020, 3, 2, 16, 5), "stamp")),
        (
            f"Ferry route approved\n입력 2021.06.14 (09:20) 수정 2021.06.14 (11:02)\n{BODY}",
            (datetime(2021, 6, 14, 9, 20), "stamp"),
        ),
        # a date and a 24-hour time with a zone under a CITY line (2 pages)
        (f"Ferry route approved\nPORTVALE\n07 March 2019 21:14 IST\n{BODY}", (datetime(2019, 3, 7, 21, 14), "stamp")),
        # the formats: no space after the comma, a byline glued to the date, a bare ISO line,
        # and a date printed only at the very end of the page
        (f"Ferry route approved\nNorthwire\nPublished June 3,2021\n{BODY}", (datetime(2021, 6, 3), "stamp")),
        (
            f"Ferry route approved\nJane DoeFriday, 3 May 2024, 11:05\n{BODY}",
            (datetime(2024, 5, 3, 11, 5), "stamp"),
        ),
        (
            f"Ferry route approved\n{BODY}\nMore council news.\nUpdated: May 07, 2021, 4:10 PM\n",
            (datetime(2021, 5, 7, 16, 10), "stamp"),
        ),
        # numeric forms
        (f"Ferry route approved\nPosted 14.Jun.21\n{BODY}", (datetime(2021, 6, 14), "stamp")),
        (f"Ferry route approved\nLe 14.06.2021 à 10:05\n{BODY}", (datetime(2021, 6, 14, 10, 5), "stamp")),
        (f"Ferry route approved\nMonday 07/06/2021\n{BODY}", (datetime(2021, 6, 7), "stamp")),  # day first: a Monday
        (f"Ferry route approved\nWednesday 07/06/2021\n{BODY}", (datetime(2021, 7, 6), "stamp")),  # month first
    ],
)
def test_a_printed_date_format(text: str, expected: tuple[datetime, str]) -> None:
    assert anchor_of(text) == expected


def test_a_date_only_in_the_url_path_38_pages() -> None:
    for url in ("https://example.org/2019/03/07/ferry-route/", "https://example.org/news/20210614/ferry-44817.html"):
        when, source = anchor_of(f"Ferry route approved\n{BODY}", url=url)
        assert source == "url" and when is not None and when.year in (2019, 2021)


def test_no_date_anywhere_stays_unknown_100_pages() -> None:
    assert anchor_of(f"Ferry route approved\nPORTVALE — {BODY}") == (None, None)


def test_a_dated_sentence_at_the_foot_is_no_stamp() -> None:
    text = f"Ferry route approved\n{BODY}The first ferry ran on June 3, 2021, after years of delays and protests.\n"
    assert anchor_of(text) == (None, None)
