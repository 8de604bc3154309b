"""What the matches of a regex can begin with: its first few characters, as one regex per character.

The time-expression grammar is some seventy large patterns; running each over every character of an
article cost more than the rest of the tagger. The first characters of every match, read off the parsed
regex, give a cheap test of where a pattern can start at all, so each pattern is tried only there and the
matches are the same as a search over the whole text. Anything this reading does not follow (a back
reference, an unusual class) ends the prefix early, which makes the test weaker, never wrong: a prefix only
ever admits more than the pattern does. A pattern whose matches can begin with any character (an empty
prefix) is searched in full.
"""

from __future__ import annotations

import re
from re import _constants as sre  # the parse tree's opcodes (CPython's own regex parser)
from re import _parser as sre_parse

# Prefixes: (regexes of the first characters, complete): complete means the match may end right there,
# so what follows in the pattern continues the prefix; an incomplete prefix is as long as it gets.
Prefix = tuple[tuple[str, ...], bool]
_UNKNOWN: frozenset[Prefix] = frozenset({((), False)})
_EMPTY: frozenset[Prefix] = frozenset({((), True)})
_CATEGORIES = {
    sre.CATEGORY_DIGIT: r"\d",
    sre.CATEGORY_NOT_DIGIT: r"\D",
    sre.CATEGORY_SPACE: r"\s",
    sre.CATEGORY_NOT_SPACE: r"\S",
    sre.CATEGORY_WORD: r"\w",
    sre.CATEGORY_NOT_WORD: r"\W",
}
_SAFE_FLAGS = re.IGNORECASE | re.DOTALL | re.MULTILINE | re.VERBOSE  # inline flags whose groups we still read
_REPEATS = (sre.MAX_REPEAT, sre.MIN_REPEAT, getattr(sre, "POSSESSIVE_REPEAT", sre.MAX_REPEAT))
_ZERO_WIDTH = (sre.AT, sre.ASSERT, sre.ASSERT_NOT)  # their conditions are left out: the prefix admits more


def match_prefixes(pattern: str, flags: int, k: int) -> frozenset[tuple[str, ...]] | None:
    """The first (up to ``k``) characters of every match of ``pattern``, each a tuple of one-character regexes
    to be compiled with the same ``flags``; None when a match may begin with anything."""
    found = {chars for chars, _ in _sequence(list(sre_parse.parse(pattern, flags)), k)}
    return None if () in found else frozenset(found)


def _sequence(nodes: list, k: int) -> frozenset[Prefix]:
    out = _EMPTY
    for op, av in nodes:
        out = _concat(out, _node(op, av, k), k)
        if not any(complete for _, complete in out):
            break  # every prefix is as long as it gets: what follows cannot change them
    return out


def _concat(first: frozenset[Prefix], then: frozenset[Prefix], k: int) -> frozenset[Prefix]:
    out: set[Prefix] = set()
    for chars, complete in first:
        if not complete:
            out.add((chars, False))
            continue
        for more, more_complete in then:
            joined = chars + more
            out.add((joined[:k], False) if len(joined) >= k else (joined, more_complete))
    return frozenset(out)


def _node(op, av, k: int) -> frozenset[Prefix]:  # noqa: ANN001 - the parser's (opcode, argument) pairs
    if op is sre.LITERAL:
        return frozenset({((re.escape(chr(av)),), True)})
    if op is sre.NOT_LITERAL:
        return frozenset({((f"[^{re.escape(chr(av))}]",), True)})
    if op is sre.ANY:
        return frozenset({((r"[\s\S]",), True)})
    if op is sre.IN:
        chars = _class(av)
        return _UNKNOWN if chars is None else frozenset({((chars,), True)})
    if op is sre.BRANCH:
        return frozenset().union(*(_sequence(list(branch), k) for branch in av[1]))
    if op is sre.SUBPATTERN:
        _, add_flags, _, body = av
        return _UNKNOWN if add_flags & ~_SAFE_FLAGS else _sequence(list(body), k)
    if op is getattr(sre, "ATOMIC_GROUP", None):
        return _sequence(list(av), k)
    if op in _REPEATS:
        return _repeat(av[0], av[1], _sequence(list(av[2]), k), k)
    if op in _ZERO_WIDTH:
        return _EMPTY
    return _UNKNOWN


def _repeat(low: int, high: int, item: frozenset[Prefix], k: int) -> frozenset[Prefix]:
    """Prefixes of ``low`` to ``high`` copies of ``item``: more copies stop changing the prefixes within a few
    steps (each copy lengthens them or changes nothing), so the loop ends at that fixed point."""
    out: set[Prefix] = set()
    copies = _EMPTY
    for n in range(2 * k + 3):
        if n >= low:
            out |= copies
        if n >= high:
            return frozenset(out)
        more = _concat(copies, item, k)
        if more == copies:
            return frozenset(out | copies)
        copies = more
    return _UNKNOWN


def _class(items: list) -> str | None:
    parts = []
    for op, av in items:
        if op is sre.NEGATE:
            parts.insert(0, "^")
        elif op is sre.LITERAL:
            parts.append(re.escape(chr(av)))
        elif op is sre.RANGE:
            parts.append(f"{re.escape(chr(av[0]))}-{re.escape(chr(av[1]))}")
        elif op is sre.CATEGORY and av in _CATEGORIES:
            parts.append(_CATEGORIES[av])
        else:
            return None
    return f"[{''.join(parts)}]"


def alternation(prefixes: set[tuple[str, ...]] | frozenset[tuple[str, ...]]) -> str:
    """One regex matching the start of any of ``prefixes``, shared beginnings factored out (a trie), so that a
    search tries a few characters at each position rather than every prefix in turn."""
    trie: dict = {}
    for chars in prefixes:
        node = trie
        for char in chars:
            node = node.setdefault(char, {})
        node[None] = {}
    return _render(trie)


def _render(node: dict) -> str:
    if None in node:
        return ""  # a prefix ends here: whatever follows, a shorter one already matched
    return "(?:" + "|".join(char + _render(child) for char, child in sorted(node.items())) + ")"
