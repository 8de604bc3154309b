"""Page furniture: lines that are not article prose (ads, section labels, photo credits), from furniture.txt."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from extractors.data import read_rule_text
from extractors.rules import require_valid
from extractors.rules.tables import check_furniture_text


@dataclass(frozen=True)
class FurnitureRules:
    whole_line: tuple[re.Pattern[str], ...]
    line_tail: tuple[re.Pattern[str], ...]


@lru_cache(maxsize=1)
def furniture_rules() -> FurnitureRules:
    whole, tail = [], []
    source = read_rule_text("furniture.txt")
    require_valid(check_furniture_text(source))
    for raw in source.splitlines():
        raw = raw.strip()
        if not raw or raw.startswith("#"):
            continue
        kind, _, pattern = raw.partition(":")
        pattern = pattern.strip()
        if kind == "line":
            whole.append(re.compile(pattern, re.IGNORECASE))
        elif kind == "tail":
            # Case matters here: a credit names someone ("Photo by KCNA/UPI"), prose does not.
            tail.append(re.compile(rf"(?:(?<=[.!?\"”’'] )|^){pattern}\s*$"))
    return FurnitureRules(tuple(whole), tuple(tail))


def find_furniture(text: str) -> list[tuple[int, int]]:
    """Spans of whole furniture lines and of photo credits glued to the end of a caption."""
    rules = furniture_rules()
    spans: list[tuple[int, int]] = []
    for start, end in text_lines(text):
        line = text[start:end]
        if any(rule.fullmatch(line) for rule in rules.whole_line):
            spans.append((start, end))
            continue
        for rule in rules.line_tail:
            if m := rule.search(line):
                spans.append((start + m.start(), end))
                break
    return spans


def text_lines(text: str) -> list[tuple[int, int]]:
    """(start, end) of each non-blank line, without its line break."""
    spans, pos = [], 0
    for line in text.splitlines(keepends=True):
        body = line.rstrip("\r\n")
        if body.strip():
            lead = len(body) - len(body.lstrip())
            spans.append((pos + lead, pos + len(body.rstrip())))
        pos += len(line)
    return spans
