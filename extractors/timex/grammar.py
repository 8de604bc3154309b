"""Detection: the pattern table (data/timex_patterns.tsv) compiled into regexes, run over
the text, and the overlapping matches reduced to one reading per stretch of text.

The patterns are not each run over every character: one search finds the places where any of them can
start (its first characters, extractors.timex.prefixes), and there each pattern that can start with those
characters is matched. The matches are exactly those of ``regex.finditer`` per pattern."""

from __future__ import annotations

import re
from bisect import bisect_left, insort
from dataclasses import dataclass, field
from functools import lru_cache

from extractors.data import read_rule_text
from extractors.rules import require_valid
from extractors.rules.timex import PATTERNS_FILE, pattern_errors
from extractors.timex.lexicon import classes
from extractors.timex.prefixes import alternation, match_prefixes

# A match may not start inside a word, a number ("$1990", "1,990") or a hyphenated word,
# nor end inside a word ("Mayor", "1990th") or before a hyphen-joined word.
_LEFT = r"(?<![\w$£€'’-])(?<!\d[.,])"
_RIGHT = r"(?!\w)(?!-\w)(?![.,]\d)"
_CAPITALISED_GROUPS = ("month", "weekday", "holiday", "qcode", "hcode")
PREFIX_CHARS = 5  # characters of a match's beginning the start search tests


@dataclass(frozen=True)
class Pattern:
    name: str
    kind: str
    type: str
    regex: re.Pattern[str]
    rank: int


@dataclass
class Candidate:
    start: int
    end: int
    pattern: Pattern
    groups: dict[str, str] = field(default_factory=dict)
    group_spans: dict[str, tuple[int, int]] = field(default_factory=dict)

    @property
    def kind(self) -> str:
        return self.pattern.kind


def expand(template: str) -> str:
    out = template
    for name, regex in classes().items():
        out = out.replace("{" + name + "}", regex)
    return out


def compile_template(template: str) -> re.Pattern[str]:
    """A pattern row's regex, placeholders expanded, held to word boundaries."""
    return re.compile(_LEFT + "(?:" + expand(template) + ")" + _RIGHT, re.IGNORECASE)


@lru_cache(maxsize=1)
def patterns() -> tuple[Pattern, ...]:
    """The pattern table, validated once (a bad row raises RulesInvalid naming it)."""
    text = read_rule_text(PATTERNS_FILE)
    require_valid(pattern_errors(text))
    rows: list[Pattern] = []
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        name, kind, ttype, template = line.split("\t", 3)
        rows.append(Pattern(name, kind, ttype, compile_template(template), len(rows)))
    return tuple(rows)


def _capitalised(text: str, cand: Candidate) -> bool:
    for group in _CAPITALISED_GROUPS:
        span = cand.group_spans.get(group)
        if span and not text[span[0]].isupper():
            return False
    return True


@dataclass(frozen=True)
class _Starts:
    """Where the patterns of one table can start: ``search`` finds every such place (zero-width matches);
    ``prefixes[i]`` tells whether pattern i can start with the characters there (None: searched in full)."""

    search: re.Pattern[str]
    prefixes: tuple[re.Pattern[str] | None, ...]
    seen: dict[str, tuple[int, ...]] = field(default_factory=dict, compare=False)  # chars -> patterns

    def starting(self, chars: str) -> tuple[int, ...]:
        """The patterns (by index) whose matches can begin with ``chars`` (the text's next PREFIX_CHARS)."""
        found = self.seen.get(chars)
        if found is None:
            if len(self.seen) > 100_000:
                self.seen.clear()  # a bound on memory over a long run; the entries are cheap to make again
            found = tuple(i for i, prefix in enumerate(self.prefixes) if prefix is not None and prefix.match(chars))
            self.seen[chars] = found
        return found


@lru_cache(maxsize=1)
def _starts(table: tuple[Pattern, ...]) -> _Starts:
    prefixes: list[re.Pattern[str] | None] = []
    every: set[tuple[str, ...]] = set()
    for pat in table:
        found = match_prefixes(pat.regex.pattern, pat.regex.flags, PREFIX_CHARS)
        prefixes.append(None if found is None else re.compile(alternation(found), pat.regex.flags))
        every |= found or set()
    # every pattern begins with _LEFT (compile_template), so a start is also held to it here
    return _Starts(re.compile(f"{_LEFT}(?={alternation(every)})", re.IGNORECASE), tuple(prefixes))


def matches(text: str, table: tuple[Pattern, ...]) -> list[list[re.Match[str]]]:
    """Per pattern of ``table``, its matches in ``text``: those of ``regex.finditer``, found from the places
    where it can start."""
    starts = _starts(table)
    found: list[list[re.Match[str]]] = [[] for _ in table]
    resume = [0] * len(table)  # where each pattern's own left-to-right search has got to
    for i, prefix in enumerate(starts.prefixes):
        if prefix is None:
            found[i] = list(table[i].regex.finditer(text))
    for start in starts.search.finditer(text):
        at = start.start()
        for i in starts.starting(text[at : at + PREFIX_CHARS]):
            if at >= resume[i] and (m := table[i].regex.match(text, at)):
                found[i].append(m)
                resume[i] = m.end()
    return found


def find_candidates(text: str) -> list[Candidate]:
    found: list[Candidate] = []
    table = patterns()
    for pat, pattern_matches in zip(table, matches(text, table), strict=True):
        for m in pattern_matches:
            groups = {k: v for k, v in m.groupdict().items() if v is not None}
            spans = {k: m.span(k) for k in groups}
            cand = Candidate(m.start(), m.end(), pat, groups, spans)
            if _capitalised(text, cand):
                found.append(cand)
    return found


def select(cands: list[Candidate]) -> list[Candidate]:
    """Longest match first (then table order); drop anything overlapping a chosen one."""
    chosen: list[Candidate] = []
    taken: list[tuple[int, int]] = []  # the chosen spans, sorted: they do not overlap, so their ends rise too
    for c in sorted(cands, key=lambda c: (-(c.end - c.start), c.pattern.rank, c.start)):
        if _overlaps(taken, c.start, c.end):
            continue
        chosen.append(c)
        insort(taken, (c.start, c.end))
    return sorted(chosen, key=lambda c: c.start)


def _overlaps(taken: list[tuple[int, int]], start: int, end: int) -> bool:
    """Whether [start, end) overlaps a span of ``taken``: of the spans starting before ``end``, the last
    one reaches furthest."""
    i = bisect_left(taken, (end,))
    return i > 0 and taken[i - 1][1] > start
