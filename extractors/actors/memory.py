"""Within-article coreference: the actors seen so far, for pronouns ("its"), short names ("Kim") and short forms
of bodies ("the JCS", "the Joint Chiefs")."""

from __future__ import annotations

from bisect import bisect_left, bisect_right, insort
from collections.abc import Iterator
from dataclasses import dataclass, field

from extractors.events.lexicon import lexicon
from schemas import Actor

GROUP_REACH = 600  # characters: "they" and "both governments" refer to a group named in the last few sentences


@dataclass(frozen=True)
class Resolved:
    actor: Actor
    kind: str  # person | state | institution | media | org | anonymous | document | other
    offset: int  # absolute char offset of the phrase head
    rule: str = field(default="", compare=False)  # how the phrase was named: "alias=Kremlin", "memory.pronoun", ...

    def again(self, offset: int, rule: str) -> Resolved:
        """This actor named once more at ``offset`` (a pronoun, a short form): ``rule`` says how, after the rule that
        named it first ("memory.pronoun<alias=Kim Jong Un")."""
        first = self.rule.split("<")[-1] if self.rule else ""
        return Resolved(self.actor, self.kind, offset, f"{rule}<{first}" if first else rule)


def _offset(entry: tuple[int, Resolved]) -> int:
    return entry[0]


def _name_words(name: str) -> list[str]:
    return name.lower().replace("-", " ").split()


@dataclass
class ActorMemory:
    """Actors seen so far in the article, by offset, for pronouns and short names.

    Besides the list of everything seen, sub-lists (same order) hold the actors each lookup can return,
    so a lookup in a long article reads the few that could match, not everything before it."""

    seen: list[tuple[int, Resolved]] = field(default_factory=list)
    acronyms: dict[str, Resolved] = field(default_factory=dict)  # "(JCS)" after "South Korea's Joint Chiefs of Staff"
    _lists: dict[tuple, list[tuple[int, Resolved]]] = field(default_factory=dict, repr=False)
    groups: list[tuple[int, tuple[Resolved, ...]]] = field(default_factory=list)  # "Egypt and Ethiopia", by offset
    named_states: set[str] = field(default_factory=set)  # states the story names by a name of their own
    titles: list[tuple[int, str, Resolved]] = field(default_factory=list)  # (offset, title word, person)

    def add_title(self, word: str, person: Resolved) -> None:
        entry = (person.offset, word, person)
        if entry not in self.titles:
            insort(self.titles, entry, key=lambda e: e[0])

    def titled(self, word: str, offset: int) -> Resolved | None:
        """The last person named with this title before ``offset``: "the spokesman" after "spokesman Luis Paz"."""
        k = bisect_left(self.titles, offset, key=lambda e: e[0])
        return next((r for _, w, r in reversed(self.titles[:k]) if w == word), None)

    def add_group(self, offset: int, members: list[Resolved]) -> None:
        """Actors named together ("X and Y"): what "they" or "both governments" refers back to."""
        entry = (offset, tuple(members))
        if entry not in self.groups:
            insort(self.groups, entry, key=lambda e: e[0])

    def group(self, offset: int, reach: int = GROUP_REACH) -> tuple[Resolved, ...] | None:
        """The last group named before ``offset``, at most ``reach`` characters before it."""
        k = bisect_left(self.groups, offset, key=lambda e: e[0])
        if k and offset - self.groups[k - 1][0] <= reach:
            return self.groups[k - 1][1]
        return None

    def add(self, item: Resolved) -> None:
        if item.actor.country or item.kind in ("person", "institution", "org", "media"):
            entry = (item.offset, item)
            same_place = self.seen[
                bisect_left(self.seen, item.offset, key=_offset) : bisect_right(self.seen, item.offset, key=_offset)
            ]
            if entry not in same_place:
                insort(self.seen, entry, key=_offset)
                for key in _lookup_keys(item):
                    insort(self._lists.setdefault(key, []), entry, key=_offset)

    def before(self, offset: int) -> Iterator[Resolved]:
        """The actors seen before ``offset``, nearest first."""
        return _backwards(self.seen, offset)

    def in_text_order(self, offset: int) -> Iterator[Resolved]:
        """The actors seen before ``offset``, first named first."""
        end = bisect_left(self.seen, offset, key=_offset)
        return (self.seen[i][1] for i in range(end))

    def pronoun(self, word: str, offset: int) -> Resolved | None:
        cues = lexicon()
        if word in cues.cue("pronoun_people"):
            key: tuple = ("person",)
        elif word in cues.cue("pronoun_states"):
            key = ("state-like",)
        else:
            key = ("with-country",)
        return next(_backwards(self._lists.get(key, []), offset), None)

    def short_form(self, text: str, offset: int) -> Resolved | None:
        """An earlier body with a state that this name shortens: "the Joint Chiefs" or "the JCS" after "South
        Korea's Joint Chiefs of Staff". One-word names other than acronyms are left to ``named``."""
        low = text.lower()
        if low in self.acronyms:
            return self.acronyms[low]
        if _acronym_shaped(text):
            key: tuple = ("acronym", text)
        else:
            words = _name_words(text)
            if len(words) < 2:
                return None  # ``shortens`` wants two words at least
            key = ("pair", words[0], words[1])
        return next((r for r in _backwards(self._lists.get(key, []), offset) if shortens(text, r.actor.name)), None)

    def named(self, word: str, offset: int) -> Resolved | None:
        """An earlier actor whose name contains this word: "Kim" -> Kim Jong Un, "the ministry" -> Iran's Foreign Ministry."""
        return next(_backwards(self._lists.get(("word", word.lower()), []), offset), None)


def _backwards(entries: list[tuple[int, Resolved]], offset: int) -> Iterator[Resolved]:
    for i in range(bisect_left(entries, offset, key=_offset) - 1, -1, -1):
        yield entries[i][1]


def is_organisation(actor: Actor) -> bool:
    """An international organisation (a CAMEO IGO code): it acts as a state does, with no state of its own."""
    return bool(actor.code) and actor.code.startswith("IGO")


def _lookup_keys(item: Resolved) -> set[tuple]:
    """The sub-lists an actor belongs to: what each lookup may return."""
    kind, actor = item.kind, item.actor
    keys: set[tuple] = {("word", w) for w in _name_words(actor.name)}
    if kind == "person":
        keys.add(("person",))
    if kind not in ("person", "media") and (actor.country or is_organisation(actor)):
        keys.add(("state-like",))  # "ECOWAS said it would ...": an international organisation is an "it" too
    if kind != "media" and actor.country:
        keys.add(("with-country",))
    if kind in ("institution", "org") and actor.country:
        words = actor.name.replace("-", " ").split()
        if len(words) > 1:
            keys |= {("acronym", a) for a in _acronyms(words)}
        lower = [w.lower() for w in words]
        keys |= {("pair", a, b) for a, b in zip(lower, lower[1:], strict=False)}
    return keys


def _acronym_shaped(short: str) -> bool:
    return short.isalpha() and short.isupper() and 2 <= len(short) <= 8


def _acronyms(words: list[str]) -> set[str]:
    """ "JCS" and "JCOS" for "Joint Chiefs of Staff": initials of the content words, and of every word."""
    content = "".join(w[0] for w in words if w.lower() not in FUNCTION_WORDS).upper()
    every = "".join(w[0] for w in words).upper()
    return {content, every}


FUNCTION_WORDS = {"of", "and", "the", "for", "on", "in"}  # left out of a name's acronym ("JCS")


def shortens(short: str, full: str) -> bool:
    """ "JCS" or "Joint Chiefs" for "Joint Chiefs of Staff": an acronym of the full name's words, or a run of
    at least two of its words (not the whole name)."""
    words = full.replace("-", " ").split()
    if _acronym_shaped(short):
        return len(words) > 1 and short in _acronyms(words)
    mine = [w.lower() for w in short.replace("-", " ").split()]
    theirs = [w.lower() for w in words]
    if len(mine) < 2 or len(mine) >= len(theirs):
        return False
    return any(theirs[i : i + len(mine)] == mine for i in range(len(theirs) - len(mine) + 1))
