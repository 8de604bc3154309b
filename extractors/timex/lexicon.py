"""The tagger's vocabulary, read from extractors/data/timex_lexicon.json, and the regex
alternations built from it (longest phrase first, so "this coming" wins over "this")."""

from __future__ import annotations

import json
import re
from functools import cache, lru_cache
from typing import Any

from extractors.data import read_rule_text
from extractors.rules import require_valid
from extractors.rules.timex import LEXICON_FILE, lexicon_errors

# Abbreviated month/weekday names only count with a period or a following day number:
# "Mar" or "Sun" alone are ordinary words far more often than dates.
_ABBREV_TAIL = r"(?:\.|(?=\s+\d))"


@lru_cache(maxsize=1)
def lexicon() -> dict[str, Any]:
    """The lexicon without its "_" notes, validated once (a misspelt key raises RulesInvalid naming it)."""
    data = json.loads(read_rule_text(LEXICON_FILE))
    require_valid(lexicon_errors(data))
    return {k: v for k, v in data.items() if not k.startswith("_")}


def alternation(words: Any) -> str:
    """A non-capturing regex alternation of phrases; spaces match any run of whitespace."""
    phrases = sorted({w.lower() for w in words}, key=len, reverse=True)
    return "(?:" + "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in phrases) + ")"


@cache
def word_set(key: str) -> frozenset[str]:
    """A lexicon word list as a set, for membership tests on every token."""
    return frozenset(lexicon()[key])


@cache
def cue_before(key: str, gap: int = 0) -> re.Pattern[str]:
    """Matches text ending in one of the lexicon's ``key`` phrases followed by up to ``gap`` words:
    searched on the text just before a time ("since", "until 9 a.m." before "Tuesday")."""
    between = rf"(?:[\w.:'-]+\s+){{0,{gap}}}" if gap else ""
    return re.compile(rf"\b{alternation(lexicon()[key])}\s+{between}$", re.IGNORECASE)


@lru_cache(maxsize=1)
def classes() -> dict[str, str]:
    """Placeholder -> regex, used to expand {NAME} in the pattern table."""
    lex = lexicon()
    number_words = [w for w in lex["numbers"]]
    tens = "(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)"
    ones = "(?:one|two|three|four|five|six|seven|eight|nine)"
    units = list(lex["units"])
    plural_units = [u + "s" for u in units] + list(lex["unit_plurals"])
    abbreviations = set(lex["month_abbreviations"])
    return {
        # full names never take the period (it ends the sentence); abbreviations need one
        "MONTH": "(?:"
        + alternation([m for m in lex["months"] if m not in abbreviations])
        + "|"
        + alternation([m for m in lex["months"] if m in abbreviations])
        + _ABBREV_TAIL
        + ")",
        "WEEKDAY": "(?:"
        + alternation([d for d in lex["weekdays"] if d.endswith("day")])
        + "|"
        + alternation([d for d in lex["weekdays"] if not d.endswith("day")])
        + r"\.)",
        "NUMWORD": f"(?:{tens}[-\\s]{ones}|" + alternation(number_words) + ")",
        "NUM": rf"(?:(?:\d{{1,3}}(?:\.\d+)?(?:\s+1/2)?|{tens}[-\s]{ones}|"
        + alternation(number_words)
        + r")(?:\s+and\s+a\s+half)?)",
        "UNIT": alternation(units),
        "UNITS": alternation(plural_units),
        "ANYUNIT": alternation(units + plural_units),
        "REL": alternation(lex["relative"]),
        "ANAREL": alternation(lex["anaphoric"]),
        "PMOD": alternation(lex["point_mods"]),
        "PREFIX": alternation(lex["hyphen_prefixes"]),
        "QMOD": alternation(lex["quantity_mods"]),
        "SEASON": alternation(lex["seasons"]),
        "QORD": alternation(lex["quarters"]),
        "HALF": alternation(lex["halves"]),
        "ORD": alternation(lex["ordinals"]) + r"|\d{1,2}(?:st|nd|rd|th)",
        "POD": alternation(lex["parts_of_day"]),
        "CLOCKWORD": alternation(lex["clock_words"]),
        "DAYWORD": alternation(lex["day_words"]),
        "DECADEWORD": alternation(lex["decade_words"]),
        "REF": alternation(lex["references"]),
        "SOMEDAY": alternation(lex["indefinite_days"]),
        "SETWORD": alternation(lex["sets"]),
        "VAGUE": alternation(lex["vague_durations"]),
        "RECURRING": alternation(lex["recurring_adjectives"]),
        "EVENTNOUN": alternation(lex["recurring_events"]),
        "EVERY": alternation(lex["set_quantifiers"]),
        "HOLIDAY": alternation(lex["holidays"]),
        "YEAR": r"(?:1[5-9]\d\d|20\d\d)",
        # "nineteen ninety-six", "two thousand and one"
        "YEARWORD": rf"(?:(?:nineteen|eighteen)[\s-]+(?:{tens}(?:[\s-]+{ones})?|hundred)|two\s+thousand(?:\s+and)?(?:[\s-]+{ones})?)",
        "ORDDAY": alternation([o for o, n in lex["ordinals"].items() if o not in ("last", "final")]),
        "AMPM": r"(?:[ap]\.\s?m\.?|[ap]m\b)",
        "TZ": r"(?:[ECMP][SD]T|GMT|UTC|KST|JST|CET|BST)",
    }


def number_value(text: str) -> float | str | None:
    """'twenty-four' -> 24, '2 1/2' -> 2.5, 'two and a half' -> 2.5, 'several' -> 'X'."""
    t = re.sub(r"\s+", " ", text.lower().strip())
    nums = lexicon()["numbers"]
    if t.endswith(" and a half"):  # "two and a half", "a minute and a half" (unit in between, stripped)
        whole = number_value(t[: -len(" and a half")])
        return whole + 0.5 if isinstance(whole, (int, float)) else None
    if t in nums:
        return nums[t]
    m = re.fullmatch(r"(\d+(?:\.\d+)?)(?: 1/2)?", t)
    if m:
        return float(m.group(1)) + (0.5 if t.endswith("1/2") else 0)
    parts = re.split(r"[- ]", t)
    if len(parts) == 2 and parts[0] in nums and parts[1] in nums:
        a, b = nums[parts[0]], nums[parts[1]]
        if isinstance(a, int) and isinstance(b, int):
            return a + b
    return None


def unit_info(word: str) -> tuple[str, dict[str, Any]] | None:
    """'years' -> ('year', {...}); None for a non-unit."""
    lex = lexicon()
    w = word.lower()
    w = lex["unit_plurals"].get(w, w)
    if w not in lex["units"] and w.endswith("s"):
        w = w[:-1]
    return (w, lex["units"][w]) if w in lex["units"] else None
