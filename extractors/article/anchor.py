"""The article's date anchor: the publication date and time a page prints (dateline, stamp lines, byline
dates), its metadata, and as a last resort a date in its URL or file name; with where the anchor came from."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Literal

import dateparser

STAMP_MONTH_NAME = r"(?i:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*"
STAMP_MONTH = STAMP_MONTH_NAME + r"\.?"  # "12 AUG 2021, 17:40"


DATE_WITH_YEAR = re.compile(
    rf"{STAMP_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,\s*|\s+)\d{{4}}"  # "June 3, 2021", "June 3,2021"
    rf"|\d{{1,2}}\s+{STAMP_MONTH},?\s+\d{{4}}"  # "3 June 2021"
    r"|(?P<ymd>(?P<y>\d{4})(?P<sep>[-.]\s?)(?P<m>\d{1,2})(?P=sep)(?P<d>\d{1,2}))(?![\d-])"  # 2021-06-14, 2021. 06. 14
    r"|(?P<dmy>(?P<d2>\d{1,2})\.(?P<m2>\d{1,2})\.(?P<y2>\d{4}))(?!\d)"  # 14.06.2021: day first wherever dots are used
    rf"|(?P<dmony>(?P<d3>\d{{1,2}})(?P<sep3>[-.])(?P<mon3>{STAMP_MONTH_NAME})\.?(?P=sep3)?(?P<y3>\d{{2}}|\d{{4}}))(?!\d)"
    r"|(?P<slash>(?P<a>\d{1,2})/(?P<b>\d{1,2})/(?P<y4>\d{4}))"  # 14/06/2021 or 06/14/2021: see slash_day
)
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def _day(year: int, month: int, day: int) -> datetime | None:
    try:
        return datetime(year, month, day)
    except ValueError:
        return None


def slash_day(a: int, b: int, year: int, context: str) -> datetime | None:
    """a/b/YYYY: the only valid reading, else the one whose weekday the context names ("Monday 14/06/2021"),
    else month first (dateparser's English default)."""
    readings = [d for d in (_day(year, a, b), _day(year, b, a)) if d]
    if len(readings) > 1:
        named = {w for w in WEEKDAYS if w in context.lower()}
        agreeing = [d for d in readings if WEEKDAYS[d.weekday()] in named]
        if len(agreeing) == 1:
            return agreeing[0]
    return readings[0] if readings else None


def stamp_day(found: re.Match[str], context: str) -> datetime | None:
    """The day a DATE_WITH_YEAR match names; numeric forms are read here, written-out months by dateparser."""
    if found["ymd"]:
        return _day(int(found["y"]), int(found["m"]), int(found["d"]))
    if found["dmy"]:
        return _day(int(found["y2"]), int(found["m2"]), int(found["d2"]))
    if found["dmony"]:
        year = int(found["y3"]) + (2000 if len(found["y3"]) == 2 else 0)  # "14.Jun.21"
        return parse_datetime(f"{found['d3']} {found['mon3']} {year}")
    if found["slash"]:
        return slash_day(int(found["a"]), int(found["b"]), int(found["y4"]), context)
    return parse_datetime(found.group())


CLOCK = re.compile(r"\b(?P<h>\d{1,2})[:.](?P<m>\d{2})(?:\s*(?P<ampm>[ap])\.?\s?m\b\.?)?", re.IGNORECASE)


UPDATED = re.compile(r"^\W*(?:last\s+)?(?:updated|modified|수정|업데이트)", re.IGNORECASE)


# Words a date stamp may carry besides the date itself ("Published on ... at ... GMT").
STAMP_WORDS = {
    "first",
    "date",
    "published",
    "posted",
    "updated",
    "last",
    "modified",
    "on",
    "at",
    "gmt",
    "utc",
    "et",
    "est",
    "edt",
    "pt",
    "pst",
    "pdt",
    "bst",
    "cet",
    "cest",
    "kst",
    "jst",
    "ist",
    "am",
    "pm",
    "a",
    "p",
    "m",
}


# Parts of a stamp line: "|" and bullets with or without spaces, "/" only between spaces (18/10/2022 is a date).
# A label starts a part of its own too: "입력 2021.06.14 (09:20) 수정 2021.06.14 (11:02)".
STAMP_PARTS = re.compile(r"\s*[|•·]\s*|\s+/\s+|\s+(?=(?:updated|last updated|수정|업데이트)\b)", re.IGNORECASE)


STAMP_OTHER_WORDS = 2  # "All News 10:02 November 17, 2023": a section label may share the stamp's line


DATE_SETTINGS = {
    "RETURN_AS_TIMEZONE_AWARE": False,
    "PREFER_DAY_OF_MONTH": "first",
    "REQUIRE_PARTS": ["day", "month", "year"],
}


def parse_datetime(value: str | None) -> datetime | None:
    if not value or not value.strip():
        return None
    try:
        return datetime.fromisoformat(value.strip().replace("Z", "+00:00")).replace(tzinfo=None)
    except ValueError:
        pass
    return dateparser.parse(value, languages=["en"], settings=DATE_SETTINGS)


FOOT_LINES = 4  # "Updated: May 07, 2021, 4:10 PM" as the last line of a page


def foot_stamps(lines: list[str]) -> list[datetime]:
    """Dates stamped on the last lines of a page, published before updated, for a page whose head has none."""
    found = [stamp for line in lines[-FOOT_LINES:] for stamp in date_stamps(line)]
    return [when for kind, when in sorted(found, key=lambda s: s[0] != "published")]


def date_stamps(line: str) -> list[tuple[str, datetime]]:
    """('published' | 'updated', when) for each part of a line that is a date stamp, e.g.
    "July 25, 2019 / 4:18 PM / Updated 2 hours ago" or "Updated 7:12 PM GMT+8, October 20, 2023"."""
    stamps = []
    for segment in STAMP_PARTS.split(line):
        found = DATE_WITH_YEAR.search(segment)
        if not found:
            continue
        rest = CLOCK.sub(" ", DATE_WITH_YEAR.sub(" ", segment))
        if len([w for w in re.findall(r"[A-Za-z]+", rest) if w.lower() not in STAMP_WORDS]) > STAMP_OTHER_WORDS:
            continue  # a sentence that mentions a date, not a stamp
        day = stamp_day(found, line)
        if day is None:
            continue
        clock = CLOCK.search(DATE_WITH_YEAR.sub(" ", segment)) or next(  # not "06.14" inside the date
            (c for part in STAMP_PARTS.split(line) if (c := CLOCK.search(part)) and not DATE_WITH_YEAR.search(part)),
            None,
        )
        stamps.append(("updated" if UPDATED.match(segment) else "published", _with_clock(day, clock)))
    return stamps


def _with_clock(day: datetime, clock: re.Match[str] | None) -> datetime:
    if clock is None:
        return day
    hour, minute = int(clock["h"]), int(clock["m"])
    if clock["ampm"]:
        hour = hour % 12 + (12 if clock["ampm"].lower() == "p" else 0)
    if hour > 23 or minute > 59:
        return day
    return day.replace(hour=hour, minute=minute)


def dateline_day(raw: str, stamped: list[datetime]) -> date | None:
    full = dateparser.parse(raw, languages=["en"], settings=DATE_SETTINGS)
    if full:
        return full.date()
    if not stamped:
        return None  # a month and day with no year anywhere: better unknown than guessed
    ref = stamped[0]
    partial = dateparser.parse(raw, languages=["en"], settings={"RELATIVE_BASE": ref, "PREFER_DATES_FROM": "past"})
    if partial is None:
        return None
    # Pick the year that puts the dateline nearest the other stamp (a story filed on Dec 31 and stamped Jan 1).
    options = []
    for year in (ref.year - 1, ref.year, ref.year + 1):
        try:
            options.append(partial.date().replace(year=year))
        except ValueError:
            continue
    return min(options, key=lambda d: abs((d - ref.date()).days)) if options else None


# Where an anchor came from, recorded in articles.published_source.
AnchorSource = Literal["cli", "dateline", "stamp", "html_meta", "json", "feed", "url", "file_name"]


@dataclass(frozen=True)
class Anchor:
    when: datetime
    source: AnchorSource


# "/2021/06/14/", "/2021-06-14-", "_20210614_": a day in a URL path or file name (years 1990-2099)
PATH_DATE = re.compile(r"(?<!\d)((?:19|20)\d\d)([-_/.]?)(0[1-9]|1[0-2])\2(0[1-9]|[12]\d|3[01])(?!\d)")


def date_in_path(path: str) -> date | None:
    """The last full date in a URL path or file name; None when there is none or it is not a real day."""
    found = None
    for m in PATH_DATE.finditer(path):
        try:
            found = date(int(m[1]), int(m[3]), int(m[4]))
        except ValueError:
            continue
    return found


def path_anchor(url: str | None, source_uri: str) -> Anchor | None:
    """The last resort: a date in the article's URL, else in its file name (never in a folder name)."""
    if url and (day := date_in_path(url.split("?", 1)[0])):
        return Anchor(datetime.combine(day, datetime.min.time()), "url")
    location = source_uri.split("#", 1)[0]
    if location.startswith(("http://", "https://")):
        day = date_in_path(location.split("?", 1)[0])
        return Anchor(datetime.combine(day, datetime.min.time()), "url") if day else None
    name = re.split(r"[\\/]", location)[-1]
    if day := date_in_path(name):
        return Anchor(datetime.combine(day, datetime.min.time()), "file_name")
    return None


def choose_anchor(
    dateline_date: str | None, metadata: Anchor | None, printed: list[datetime], fallback: Anchor | None
) -> Anchor | None:
    """The guide's order: the story's dateline (its year, when it prints none, from the other dates); then the
    page's metadata and the dates it prints (byline, published, updated); then a date in its URL or file name."""
    stamped = [a for a in (metadata, *(Anchor(d, "stamp") for d in printed)) if a]
    if dateline_date:
        references = [a.when for a in stamped] or ([fallback.when] if fallback else [])
        day = dateline_day(dateline_date, references)
        if day:
            same_day = next((a.when for a in stamped if a.when.date() == day), None)
            return Anchor(same_day or datetime.combine(day, datetime.min.time()), "dateline")
    if stamped:
        return stamped[0]
    return fallback
