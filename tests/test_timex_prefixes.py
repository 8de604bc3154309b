"""The start search of the time-expression grammar: a pattern is tried only where its first characters can
begin, and the matches are exactly those of running every pattern over the whole text."""

from __future__ import annotations

import json
import random
import re

import pytest

from extractors.timex.grammar import Pattern, compile_template, matches, patterns
from extractors.timex.prefixes import alternation, match_prefixes

# Written for this test: dates at the very start and end, expressions back to back, and characters that
# IGNORECASE folds onto ASCII letters (long s, Kelvin sign, dotted I), which a hand-written filter could miss.
TEXTS = [
    "Tuesday",
    "On Monday, March 3, 2024, at 5:30 p.m. EST the talks ended; by 2025-01-02 nothing had changed.",
    "Three years ago, in the 1990s, nineteen ninety-six and the first quarter of fiscal 2023 looked alike.",
    "ſeven days ago the laſt weeK of ſeptember 5, 2001 İn 1990 ſpring of 2020 ﬁve years TODAY",
    "$1990 1,990 Mayor May mid-1990s pre-1990 year-earlier 6-year-old every day each week per year",
    "He said it would happen tomorrow night, or the day after, or next week; the next two or three months.",
    "",
    "a" * 5000 + " Friday",
    "Dec.\u00a025\u2009and 26 — from 9 a.m. to noon, this past weekend (last Christmas) until now",
]


def _reference(text: str, table: tuple[Pattern, ...]) -> list[list[tuple[int, int]]]:
    return [[m.span() for m in pat.regex.finditer(text)] for pat in table]


def _spans(text: str, table: tuple[Pattern, ...]) -> list[list[tuple[int, int]]]:
    return [[m.span() for m in found] for found in matches(text, table)]


@pytest.mark.parametrize("text", TEXTS)
def test_same_matches_as_every_pattern_over_the_whole_text(text: str) -> None:
    assert _spans(text, patterns()) == _reference(text, patterns())


def test_same_matches_on_shuffled_news_words_with_odd_characters(shared_dir) -> None:
    lines = (shared_dir / "data" / "tempeval3" / "train.jsonl").read_text(encoding="utf-8").splitlines()
    words = " ".join(json.loads(line)["text"] for line in lines[:40]).split()
    odd = ["ſ", "\u212a", "İ", "ı", "\u00a0", "’", "-", ".", ",", "$", "1", "\n"]
    rng = random.Random(7)
    for _ in range(300):
        chars = list(" ".join(rng.sample(words, rng.randint(1, 25))))
        for _ in range(rng.randint(0, 5)):
            i = rng.randrange(len(chars))
            chars[i] = rng.choice([*odd, chars[i].upper()])
        text = "".join(chars)
        assert _spans(text, patterns()) == _reference(text, patterns()), text


def test_a_pattern_that_can_start_anywhere_is_searched_in_full() -> None:
    rows = [("maybe", r"(?:x)?"), ("backref", r"(?P<a>\d)(?P=a)"), ("word", r"(?P<w>\w+)day")]
    table = tuple(Pattern(name, "ref", "DATE", compile_template(t), n) for n, (name, t) in enumerate(rows))
    text = "x 11 22 Monday yday x"
    assert match_prefixes(table[0].regex.pattern, table[0].regex.flags, 5) is None  # may match nothing
    assert _spans(text, table) == _reference(text, table)


def test_prefixes_of_a_pattern() -> None:
    assert match_prefixes(r"ab|c\d", re.IGNORECASE, 2) == {("a", "b"), ("c", r"[\d]")}
    assert match_prefixes(r"(?<!\w)(?:last|next)\s+week", 0, 3) == {("l", "a", "s"), ("n", "e", "x")}
    assert match_prefixes(r"x{0,2}y", 0, 2) == {("y",), ("x", "y"), ("x", "x")}
    assert match_prefixes(r"(a)\1", 0, 3) == {("a",)}  # the back reference ends the prefix, which still holds
    assert match_prefixes(r"(a?)\1b", 0, 3) is None  # with "a" left out, the back reference comes first
    assert match_prefixes(r"[a-c]?d*", 0, 3) is None  # may match nothing


def test_alternation_matches_every_prefix_and_nothing_else() -> None:
    search = re.compile(alternation({("a", "b"), ("a",), ("c", r"\d")}))
    assert [bool(search.match(s)) for s in ("ab", "ax", "c5", "cx", "b")] == [True, True, True, False, False]
