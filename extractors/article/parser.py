"""Article metadata from what real news pages carry: headline, byline, dateline, dates, furniture.

Pure functions over the text exactly as read; every span returned indexes that text.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime

from extractors.actors.lexicon import lookup
from extractors.article.anchor import Anchor, choose_anchor, date_stamps, foot_stamps, parse_datetime, path_anchor
from extractors.article.furniture import FurnitureRules, find_furniture, furniture_rules, text_lines
from schemas import ParsedArticle, RawInput

__all__ = [
    "analysis_text",
    "article_id",
    "date_stamps",
    "find_furniture",
    "match_dateline",
    "parse_article",
    "parse_datetime",
]

HEAD_LINES = 12  # title, byline and dateline live in the first lines of a story
SECTION_LABEL_WORDS = 3  # "World News", "Asia Pacific": section labels above a headline are this short
MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
MONTH_DAY = rf"{MONTH}\s+\d{{1,2}}(?:,?\s+\d{{4}})?|\d{{1,2}}\s+{MONTH}(?:,?\s+\d{{4}})?"
DATELINE_DASH = r"\s*(?:--|—|–|-|:)\s+"
# "(Agency - 14th July, 2020)": the date inside the agency's brackets
BRACKET_DATE = rf"\d{{1,2}}(?:st|nd|rd|th)?\s+{MONTH},?\s+\d{{4}}|{MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}"
PHOTO_POSITION = r"(?:left|right|center|centre|[LRC])"  # "Kim Jong Un (center) ...": a caption, not an agency
# After the agency: a dash, or the story straight on ("Taipei, Oct. 22 (CNA) Taiwan's ..."); TASS writes
# "MOSCOW, August 12. /TASS/."
AGENCY_TAIL = (
    rf"(?:\((?!{PHOTO_POSITION}\))(?P<outlet>[^()\n]{{1,40}}?)(?:\s*[-–—,]\s*(?P<date3>{BRACKET_DATE}))?\)(?:,?\s*(?P<date2>{MONTH_DAY}))?(?:{DATELINE_DASH}|\s+(?=[A-Z\"“]))"
    r"|\.?\s*/(?P<slash_outlet>[A-Za-z]{2,12})/\.?\s+)"
)
# "SEOUL, May 9 (UPI) --", "WASHINGTON (Reuters) -", "TAIPEI, Taiwan, March 3 (AP) —"
DATELINE_CAPS = re.compile(
    rf"(?P<place>[A-Z][A-Z'.\-]+(?:[ /][A-Z][A-Z'.\-]+){{0,3}})"
    rf"(?:,\s*(?P<region>[A-Z][A-Za-z.]+(?: [A-Z][A-Za-z.]+)?))?"
    rf"(?:,\s*(?P<date>{MONTH_DAY}))?"
    rf"\s*(?:{AGENCY_TAIL}|{DATELINE_DASH})"
)
# "Washington/Seoul (dpa), Jun 1 2018 -": mixed case needs the agency in brackets.
DATELINE_AGENCY = re.compile(
    rf"(?P<place>[A-Z][a-z]+(?:[ /][A-Z][a-z]+){{0,3}})"
    rf"(?:\s*\[[A-Z][A-Za-z .]{{1,30}}\])?"  # "Colombo [Sri Lanka], Nov 18 (ANI):"
    rf"(?:,\s*(?P<date>{MONTH_DAY}))?"
    rf"\s*{AGENCY_TAIL}"
)


# "Seoul: North Korea fired ...", "Islamabad, Aug 3: ...": mixed case with a colon only for a known city, so that
# "Analysis: ..." or "Putin: ..." stay text.
DATELINE_CITY_COLON = re.compile(
    rf"(?P<place>[A-Z][a-z]+(?:[ -][A-Z][a-z]+){{0,2}})(?:,\s*(?P<date>{MONTH_DAY}))?:\s+(?=[A-Z\"“])"
)


def match_dateline(text: str, start: int = 0, end: int | None = None) -> re.Match[str] | None:
    """The dateline opening ``text[start:end]`` ("SEOUL, May 9 (UPI) --", "Tehran (AFP) - ", "Seoul: "), if any:
    the one dateline pattern, used for the page head here and for lines glued into one sentence by
    events.segments."""
    end = len(text) if end is None else end
    found = DATELINE_CAPS.match(text, start, end) or DATELINE_AGENCY.match(text, start, end)
    if found is None and (m := DATELINE_CITY_COLON.match(text, start, end)):
        known = lookup(m["place"])
        found = m if known is not None and known.kind == "place" else None
    return found


BYLINE = re.compile(
    r"^\s*By\s+(?P<author>[A-Z][\w.'’-]*(?:[ ,]+(?:and\s+)?[A-Z][\w.'’-]*){0,7})\s*(?:[|,•·—–-]+\s*(?P<rest>.+?))?\s*$"
)
# "By Jane Doe, Associated Press": a trailing part with one of these words names the outlet, not a co-author.
OUTLET_WORDS = re.compile(
    r"\b(Press|News|Agency|Wire|Times|Post|Herald|Journal|Service|Network|Reuters|AFP|AP|UPI|"
    r"Yonhap|Xinhua|TASS|Kyodo|BBC|CNN|Bloomberg|dpa)\b"
)


@dataclass
class _Found:
    """What the scan of the first lines found; resolved into a ParsedArticle at the end."""

    title: str | None = None
    byline: str | None = None
    outlet: str | None = None
    place: str | None = None
    dateline_date: str | None = None
    byline_date: datetime | None = None
    published_date: datetime | None = None
    updated_date: datetime | None = None
    furniture: list[tuple[int, int]] = field(default_factory=list)


def parse_article(raw: RawInput, published_override: datetime | None = None) -> ParsedArticle:
    text = raw.text
    found = _scan_head(text)
    found.furniture.extend(find_furniture(text))
    anchor = Anchor(published_override, "cli") if published_override else _anchor(raw, found)
    return ParsedArticle(
        article_id=article_id(text, raw.url),
        source_uri=raw.source_uri,
        source_key=raw.source_key,
        text=text,
        content_hash=hashlib.sha256(text.encode("utf-8")).hexdigest(),
        title=raw.title or found.title,
        byline=found.byline or raw.author,
        outlet=found.outlet or raw.outlet,
        dateline_place=found.place,
        published_at=anchor.when if anchor else None,
        published_source=anchor.source if anchor else None,
        url=raw.url,
        furniture=sorted(set(found.furniture)),
    )


def _anchor(raw: RawInput, found: _Found) -> Anchor | None:
    metadata_date = parse_datetime(raw.published) if raw.published else None
    metadata = Anchor(metadata_date, raw.published_from or "html_meta") if metadata_date else None
    printed = [d for d in (found.byline_date, found.published_date, found.updated_date) if d]
    if not printed and not found.dateline_date:
        printed = foot_stamps([raw.text[s:e] for s, e in text_lines(raw.text)])
    return choose_anchor(found.dateline_date, metadata, printed, path_anchor(raw.url, raw.source_uri))


def article_id(text: str, url: str | None = None) -> str:
    """Stable id from the normalised text (plus URL): the same article always gets the same id."""
    normalised = " ".join(unicodedata.normalize("NFC", text).split())
    return hashlib.sha256(f"{normalised}\n{url or ''}".encode()).hexdigest()[:32]


def _scan_head(text: str) -> _Found:
    found = _Found()
    head_candidates: list[tuple[int, int]] = []
    in_prose = False
    furniture = furniture_rules()
    for start, end in text_lines(text)[:HEAD_LINES]:
        line = text[start:end]
        if any(rule.fullmatch(line) for rule in furniture.whole_line):
            continue
        if (m := BYLINE.match(line)) and found.byline is None:
            author, rest = m["author"].strip(), m["rest"]
            head, _, last = author.rpartition(",")
            if head and OUTLET_WORDS.search(last):
                author, rest = head.strip(), last.strip() + (f" | {rest}" if rest else "")
            found.byline = author
            for part in (p.strip() for p in re.split(r"\s*[|•·]\s*", rest or "") if p.strip()):
                if when := parse_datetime(part):
                    found.byline_date = found.byline_date or when
                elif len(part.split()) <= 4:
                    found.outlet = found.outlet or part
            continue
        if stamps := date_stamps(line):
            for kind, when in stamps:
                if kind == "updated":
                    found.updated_date = found.updated_date or when
                else:
                    found.published_date = found.published_date or when
            continue
        if found.place is None and (m := match_dateline(line)):
            parts = m.groupdict()
            found.place = _place_name(parts["place"])
            found.dateline_date = parts["date"] or parts.get("date2") or parts.get("date3")
            if outlet := parts.get("outlet") or parts.get("slash_outlet"):
                found.outlet = outlet.strip()
            break  # the dateline opens the story: the head is over
        if not in_prose and found.byline is None and _headline_like(_without_credit(line, furniture)):
            head_candidates.append((start, end))
            continue
        # A standfirst, caption or the story itself: no more headline candidates, but a stamp,
        # byline or dateline may still follow within the head ("Published On ..." under a standfirst).
        in_prose = True
    if head_candidates:
        # The headline is the first heading-like line of some length; short ones above it are section labels.
        title_span = next(
            (c for c in head_candidates if not _section_label(text[c[0] : c[1]])),
            max(head_candidates, key=lambda c: c[1] - c[0]),
        )
        found.title = text[title_span[0] : title_span[1]]
        found.furniture.extend(
            c for c in head_candidates[: head_candidates.index(title_span)] if _section_label(text[c[0] : c[1]])
        )
    return found


def _section_label(line: str) -> bool:
    """'World News', 'World news | Iran', 'World / China', 'CROSS-STRAIT': a short label or a path of them."""
    parts = [p for p in re.split(r"\s*\|\s*|\s+/\s+|\s+>\s+", line) if p.strip()]
    return 0 < len(parts) <= 3 and all(len(p.split()) <= SECTION_LABEL_WORDS for p in parts)


SENTENCE_BREAK = re.compile(r"[a-z]{2}[.!?][\"”’']? +[A-Z]")


def _headline_like(line: str) -> bool:
    words = line.split()
    first_letter = next((ch for ch in line if ch.isalpha()), "")  # "(LEAD) N. Korea fires ..."
    return (
        1 <= len(words) <= 30
        and first_letter.isupper()
        and not line.rstrip().endswith((".", ":", ";", ","))
        and not SENTENCE_BREAK.search(line)
    )


def _without_credit(line: str, rules: FurnitureRules) -> str:
    for rule in rules.line_tail:
        if m := rule.search(line):
            return line[: m.start()].rstrip()
    return line


def _place_name(raw: str) -> str:
    """'SEOUL' -> 'Seoul', 'UNITED NATIONS' -> 'United Nations'; abbreviations keep their case."""

    def fix(word: str) -> str:
        return word if "." in word else "-".join(part.capitalize() for part in word.split("-"))

    return "/".join(" ".join(fix(w) for w in part.split()) for part in raw.split("/"))


def analysis_text(article: ParsedArticle) -> str:
    """The text spaCy sees: furniture blanked with spaces, so offsets still index the original."""
    text = article.text
    if not article.furniture:
        return text
    chars = list(text)
    for start, end in article.furniture:
        for i in range(start, end):
            if chars[i] not in "\r\n":
                chars[i] = " "
    return "".join(chars)
