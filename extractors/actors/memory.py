"""Within-article coreference: the actors seen so far, for pronouns ("its"), short names ("Kim") and short forms
of bodies ("the JCS", "the Joint Chiefs")."""

from __future__ import annotations

from bisect import bisect_left, insort
from dataclasses import dataclass, field

from extractors.events.lexicon import lexicon
from schemas import Actor

GROUP_REACH = 600  # characters: "they" and "both governments" refer to a group named in the last few sentences


@dataclass(frozen=True)
class Resolved:
    actor: Actor
    kind: str  # person | state | institution | media | org | anonymous | document | other
    offset: int  # absolute char offset of the phrase head


@dataclass
class ActorMemory:
    """Actors seen so far in the article, by offset, for pronouns and short names."""

    seen: list[tuple[int, Resolved]] = field(default_factory=list)
    acronyms: dict[str, Resolved] = field(default_factory=dict)  # "(JCS)" after "South Korea's Joint Chiefs of Staff"
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
            if entry not in self.seen:
                insort(self.seen, entry, key=lambda e: e[0])

    def before(self, offset: int) -> list[Resolved]:
        return [r for _, r in reversed(self.seen[: bisect_left(self.seen, offset, key=lambda e: e[0])])]

    def pronoun(self, word: str, offset: int) -> Resolved | None:
        cues = lexicon()
        for r in self.before(offset):
            if word in cues.cue("pronoun_people"):
                if r.kind == "person":
                    return r
            elif word in cues.cue("pronoun_states"):
                if r.kind != "person" and r.kind != "media" and r.actor.country:
                    return r
            elif r.kind != "media" and r.actor.country:
                return r
        return None

    def short_form(self, text: str, offset: int) -> Resolved | None:
        """An earlier body with a state that this name shortens: "the Joint Chiefs" or "the JCS" after "South
        Korea's Joint Chiefs of Staff". One-word names other than acronyms are left to ``named``."""
        low = text.lower()
        if low in self.acronyms:
            return self.acronyms[low]
        for r in self.before(offset):
            if r.kind in ("institution", "org") and r.actor.country and shortens(text, r.actor.name):
                return r
        return None

    def named(self, word: str, offset: int) -> Resolved | None:
        """An earlier actor whose name contains this word: "Kim" -> Kim Jong Un, "the ministry" -> Iran's Foreign Ministry."""
        low = word.lower()
        for r in self.before(offset):
            if low in r.actor.name.lower().replace("-", " ").split():
                return r
        return None


FUNCTION_WORDS = {"of", "and", "the", "for", "on", "in"}  # left out of a name's acronym ("JCS")


def shortens(short: str, full: str) -> bool:
    """ "JCS" or "Joint Chiefs" for "Joint Chiefs of Staff": an acronym of the full name's words, or a run of
    at least two of its words (not the whole name)."""
    words = full.replace("-", " ").split()
    if short.isalpha() and short.isupper() and 2 <= len(short) <= 8:
        content = "".join(w[0] for w in words if w.lower() not in FUNCTION_WORDS).upper()
        every = "".join(w[0] for w in words).upper()
        return len(words) > 1 and short in (content, every)
    mine = [w.lower() for w in short.replace("-", " ").split()]
    theirs = [w.lower() for w in words]
    if len(mine) < 2 or len(mine) >= len(theirs):
        return False
    return any(theirs[i : i + len(mine)] == mine for i in range(len(theirs) - len(mine) + 1))
