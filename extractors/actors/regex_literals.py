"""Literals that every match of a regex must contain, for a prefilter that skips regexes a text cannot match.

Reads just enough of Python's regex syntax for country_converter's patterns, without ``re``'s private parser;
whatever it does not model (escapes such as ``\\x41``, group flags) yields None, which is always safe: the
regex is then tried on every text.
"""

from __future__ import annotations

MIN_LITERAL = 3  # the matcher indexes literals by their first three letters


class Unsupported(ValueError):
    """Regex syntax the literal finder does not model: the row is then tried on every name."""


# A parsed regex is a list of alternatives; an alternative is a list of nodes:
#   ("lit", char) | ("other",) any other atom or assertion | ("group", alternatives) | ("repeat", node, min)
Node = tuple
ZERO_WIDTH_ESCAPES = set("bBAZ")
CLASS_ESCAPES = set("sSwWdD")


class _Parser:
    """Just enough of Python's regex syntax for country_converter's patterns; anything else raises Unsupported."""

    def __init__(self, pattern: str) -> None:
        self.p = pattern
        self.i = 0

    def parse(self) -> list[list[Node]]:
        alternatives = self._alternatives()
        if self.i != len(self.p):
            raise Unsupported(f"unbalanced ')' at {self.i} in {self.p!r}")
        return alternatives

    def _alternatives(self) -> list[list[Node]]:
        alternatives = [self._sequence()]
        while self.p.startswith("|", self.i):
            self.i += 1
            alternatives.append(self._sequence())
        return alternatives

    def _sequence(self) -> list[Node]:
        items: list[Node] = []
        while self.i < len(self.p) and self.p[self.i] not in "|)":
            items.append(self._quantified(self._atom()))
        return items

    def _atom(self) -> Node:
        ch = self.p[self.i]
        self.i += 1
        if ch == "(":
            return self._group()
        if ch == "[":
            self._skip_class()
            return ("other",)
        if ch == "\\":
            return self._escape()
        if ch in ".^$":
            return ("other",)
        if ch in "*+?":
            raise Unsupported(f"quantifier without atom in {self.p!r}")
        return ("lit", ch)  # includes "{" and "}" that are not a quantifier, as Python's re reads them

    def _group(self) -> Node:
        zero_width = False
        if self.p.startswith("?:", self.i):
            self.i += 2
        elif self.p.startswith(("?=", "?!"), self.i):
            self.i, zero_width = self.i + 2, True
        elif self.p.startswith(("?<=", "?<!"), self.i):
            self.i, zero_width = self.i + 3, True
        elif self.p.startswith("?", self.i):
            raise Unsupported(f"group flag at {self.i} in {self.p!r}")
        alternatives = self._alternatives()
        if not self.p.startswith(")", self.i):
            raise Unsupported(f"unclosed group in {self.p!r}")
        self.i += 1
        return ("other",) if zero_width else ("group", alternatives)  # a look-around consumes nothing

    def _skip_class(self) -> None:
        if self.p.startswith("^", self.i):
            self.i += 1
        if self.p.startswith("]", self.i):  # a leading "]" is a member
            self.i += 1
        while self.i < len(self.p) and self.p[self.i] != "]":
            self.i += 2 if self.p[self.i] == "\\" else 1
        if self.i >= len(self.p):
            raise Unsupported(f"unclosed class in {self.p!r}")
        self.i += 1

    def _escape(self) -> Node:
        if self.i >= len(self.p):
            raise Unsupported(f"trailing backslash in {self.p!r}")
        ch = self.p[self.i]
        self.i += 1
        if ch in ZERO_WIDTH_ESCAPES or ch in CLASS_ESCAPES:
            return ("other",)
        if ch.isalnum():
            raise Unsupported(f"escape \\{ch} in {self.p!r}")  # \x41, \1, \N{...}: not worth modelling
        return ("lit", ch)

    def _quantified(self, atom: Node) -> Node:
        rest = self.p[self.i :]
        if rest[:1] in ("*", "+", "?"):
            least = 1 if rest[0] == "+" else 0
            self.i += 1
        elif rest[:1] == "{" and "}" in rest and _is_bounds(rest[1 : rest.index("}")]):
            bounds = rest[1 : rest.index("}")]
            least = int(bounds.split(",")[0] or 0)
            self.i += len(bounds) + 2
        else:
            return atom
        if self.p.startswith(("?", "+"), self.i):  # lazy or possessive: same matches
            self.i += 1
        return ("repeat", atom, least)


def _is_bounds(text: str) -> bool:
    low, comma, high = text.partition(",")
    return (low.isdigit() or (comma and low == "")) and (high == "" or high.isdigit())


def _better(a: frozenset[str] | None, b: frozenset[str] | None) -> frozenset[str] | None:
    """The more selective of two literal sets (the one whose shortest literal is longer)."""
    if b is None or any(len(x) < MIN_LITERAL for x in b):
        return a
    if a is None or min(map(len, b)) > min(map(len, a)):
        return b
    return a


def _required_in(items: list[Node]) -> frozenset[str] | None:
    """Lower-case literals of which every match of the sequence contains one (None: no such set known)."""
    best: frozenset[str] | None = None
    run = ""
    for node in items:
        if node[0] == "lit":
            run += node[1].lower()
            continue
        best, run = _better(best, frozenset([run]) if run else None), ""
        if node[0] == "group":
            best = _better(best, _required_in_any(node[1]))
        elif node[0] == "repeat" and node[2] >= 1:
            best = _better(best, _required_in([node[1]]))
    return _better(best, frozenset([run]) if run else None)


def _required_in_any(alternatives: list[list[Node]]) -> frozenset[str] | None:
    parts = [_required_in(a) for a in alternatives]
    if any(p is None for p in parts):
        return None
    return frozenset().union(*parts)


def required_literals(pattern: str) -> frozenset[str] | None:
    """Literals (lower case, 3+ characters) of which every case-insensitive match of ``pattern`` contains one;
    None when there is no such set or the pattern uses syntax the finder does not model."""
    try:
        return _required_in_any(_Parser(pattern).parse())
    except Unsupported:
        return None
