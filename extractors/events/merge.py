"""One event per real-world event: mentions of the same event (headline, caption, body; speech inside a
message) are merged; distinct events in one sentence ("a spate of tests, which include the launch ...")
are not.

A mention is compared only with the groups that could take it (same type, modality and habit; a shared
speaker or a nearby sentence for statements; compatible source and target states otherwise), found in
indexes kept up to date as groups grow, so a text of thousands of events merges in n log n, not n²; what
``same_event`` reads of a group is kept as the group grows rather than recomputed on every comparison.
"""

from __future__ import annotations

import heapq
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from extractors.events.candidate import Candidate
from extractors.events.gazetteer import Place
from extractors.events.lexicon import lexicon
from extractors.events.places import most_specific
from schemas import Actor, DateInterval


@dataclass
class Group:
    """Candidates judged to be one event, first mention first."""

    primary: Candidate  # the candidate that founded the group: its type is the event's type
    members: list[Candidate] = field(default_factory=list)

    @property
    def first(self) -> Candidate:
        return self.members[0]

    @property
    def type(self) -> str:
        return self.primary.type

    def date(self) -> DateInterval | None:
        return next((m.date for m in self.members if m.date is not None), None)

    def date_rule(self) -> str | None:
        """The rule that dated the mention ``date`` comes from; "other_mention:" when that is not the first one (a
        headline dated by its story)."""
        for k, m in enumerate(self.members):
            if m.date is not None:
                return m.date_rule if k == 0 else f"other_mention:{m.date_rule}"
        return None

    def mentions(self) -> list[Candidate]:
        """Every mention, those folded into a member (anaphors, attributions) included, in text order."""
        out = list(self.members)
        for m in self.members:
            out.extend(m.extra_mentions)
        return sorted(out, key=lambda m: m.start)

    def location(self) -> Place | None:
        """The most specific place any mention gives, the first mention's of equal rank; else None."""
        return most_specific(m.location for m in self.mentions())

    def actors(self, role: str) -> list[Actor]:
        out: list[Actor] = []
        strong = [m for m in self.members if not m.weak_source]
        for m in self.members:
            if role == "source" and m.weak_source and any(x.source for x in strong):
                continue  # "Taiwan arms sale" beside "the US arms sale to Taiwan": the seller is the US
            for a in getattr(m, role):
                if a in out or any(a.country and a.country == b.country for b in out):
                    continue
                if not a.country and any(b.name == a.name for b in out):
                    continue  # "Sirisena" with no state beside "Sirisena" of Sri Lanka: the same actor
                stateless = next((k for k, b in enumerate(out) if b.name == a.name and not b.country), None)
                if a.country and stateless is not None:
                    out[stateless] = a  # the same actor, now with its state
                else:
                    out.append(a)
        return out

    def people(self) -> set[str]:
        return set().union(*(m.source_people for m in self.members))

    def units(self) -> set[int]:
        return {m.unit.index for m in self.members}


def _countries(actors: Iterable[Actor]) -> frozenset[str]:
    return frozenset(a.country for a in actors if a.country)


def _names(actors: Iterable[Actor]) -> frozenset[str]:
    return frozenset(a.name.lower() for a in actors)


def _compatible(ca: frozenset[str], cb: frozenset[str]) -> bool:
    """Two sides (their states) can be one side: either names no state, or both name the same ones."""
    return not ca or not cb or ca == cb


def _compatible_dates(a: DateInterval | None, b: DateInterval | None) -> bool:
    return a is None or b is None or (a.start == b.start and a.end == b.end)


_SOFT = frozenset({"asserted", "alleged"})


def _modality_class(modality: str) -> str:
    """Modalities that may merge share a class: asserted and alleged are one, every other its own."""
    return "soft" if modality in _SOFT else modality


class _Actors:
    """``Group.actors(role)`` kept as members join: the same actors in the same order."""

    def __init__(self) -> None:
        self.out: list[Actor] = []
        self._seen: set[tuple[type, str, str | None]] = set()  # Actor equality: class and fields
        self.countries: set[str] = set()
        self._names: set[str] = set()
        self._stateless: dict[str, Actor] = {}  # name -> the actor kept without a state

    def extend(self, actors: Iterable[Actor]) -> None:
        for a in actors:
            key = (type(a), a.name, a.country)
            if key in self._seen or (a.country and a.country in self.countries):
                continue
            if not a.country and a.name in self._names:
                continue  # the same actor seen with or without its state (see Group.actors)
            stateless = self._stateless.pop(a.name, None) if a.country else None
            if stateless is not None:
                self.out[self.out.index(stateless)] = a
            else:
                self.out.append(a)
            self._seen.add(key)
            self._names.add(a.name)
            if a.country:
                self.countries.add(a.country)
            else:
                self._stateless[a.name] = a


class _Facts:
    """What ``same_event`` reads of a group, brought up to date member by member."""

    def __init__(self, group: Group, serial: int, memo: _CandidateFacts) -> None:
        self.group, self.serial, self.memo = group, serial, memo
        self.modality = group.primary.modality
        self.rebuild()

    def rebuild(self) -> None:
        members = self.group.members
        self.units: set[int] = set()
        self.date: DateInterval | None = None
        self.habitual = False
        self.said_by: set[str] = set()  # every speaker's name, lower case, not one per state
        self.designations: set[str] = set()
        self.people: set[str] = set()
        self.states: set[str] = set()
        self.weak = 0
        self.weak_countries: set[str] = set()
        # a member not only a state modifier has a source: the modifiers' states are then not the group's sources
        self.strong_speaks = any(not m.weak_source and m.source for m in members)
        self.source, self.target = _Actors(), _Actors()
        self.count = 0
        self.rekey = True  # the index files it afresh
        self.new_units: list[int] = []  # taken since the index last filed it
        self.new_speakers: list[str] = []
        for m in members:
            self._take(m)

    def add(self, m: Candidate) -> None:
        """``m`` has just been appended to the group's members."""
        if not m.weak_source and m.source and not self.strong_speaks and self.weak:
            self.rebuild()  # the weak members' sources no longer count as the group's
        else:
            self._take(m)

    def _take(self, m: Candidate) -> None:
        self.count += 1
        if m.unit.index not in self.units:
            self.units.add(m.unit.index)
            self.new_units.append(m.unit.index)
        if self.date is None:
            self.date = m.date
        self.habitual = self.habitual or self.memo.habitual(m)
        speakers = self.memo.speakers(m)
        if not speakers <= self.said_by:
            self.new_speakers += speakers - self.said_by
            self.said_by |= speakers
        self.designations |= self.memo.designations(m)
        self.people |= m.source_people
        self.states |= m.source_states
        if m.weak_source:
            self.weak += 1
            self.weak_countries |= _countries(m.source)
        elif m.source:
            self.strong_speaks = True
        if not (m.weak_source and self.strong_speaks):
            self.source.extend(m.source)
        self.target.extend(m.target)

    @property
    def type(self) -> str:
        return self.group.type

    @property
    def all_weak(self) -> bool:
        return bool(self.weak) and self.weak == self.count

    @property
    def source_countries(self) -> frozenset[str]:
        return frozenset(self.source.countries)

    @property
    def target_countries(self) -> frozenset[str]:
        return frozenset(self.target.countries)


class _CandidateFacts:
    """Per-candidate readings of the parse, computed once per merge."""

    def __init__(self) -> None:
        self._habitual: dict[int, bool] = {}
        self._designations: dict[int, frozenset[str]] = {}
        self._speakers: dict[int, frozenset[str]] = {}
        self._other: dict[int, bool] = {}

    def habitual(self, c: Candidate) -> bool:
        if id(c) not in self._habitual:
            self._habitual[id(c)] = _habitual(c)
        return self._habitual[id(c)]

    def other_occasion(self, c: Candidate) -> bool:
        if id(c) not in self._other:
            words = lexicon().cue("other_occasion")
            self._other[id(c)] = any(
                ch.dep_ in ("amod", "det") and ch.lower_ in words and ch.i < c.trigger.i for ch in c.trigger.children
            )
        return self._other[id(c)]

    def designations(self, c: Candidate) -> frozenset[str]:
        if id(c) not in self._designations:
            self._designations[id(c)] = frozenset(_designations(c))
        return self._designations[id(c)]

    def speakers(self, c: Candidate) -> frozenset[str]:
        if id(c) not in self._speakers:
            self._speakers[id(c)] = _names(c.source)
        return self._speakers[id(c)]


def same_event(g: Group, c: Candidate) -> bool:
    return _same_event(_Facts(g, 0, _CandidateFacts()), c)


def _same_event(f: _Facts, c: Candidate) -> bool:
    if f.type != c.type or c.unit.index in f.units:
        return False
    if not _compatible_dates(f.date, c.date) or _modality_class(f.modality) != _modality_class(c.modality):
        return False
    if f.memo.habitual(c) != f.habitual:
        return False  # "has repeatedly rejected claims" is not the denial made on Tuesday
    if f.memo.other_occasion(c):
        return False  # "a similar test" is not the test named before it
    if c.type == "statement":  # different speakers of one country are different statements
        if f.said_by & f.memo.speakers(c) and _compatible(f.source_countries, _countries(c.source)):
            return True
        return _state_and_its_speaker(f, c)
    named, named_g = f.memo.designations(c), f.designations
    if named and named_g and not named & named_g:
        return False  # "the sale of Javelin missiles" is not "the sale of Stinger missiles"
    if _weak_fits(f, c):
        return _compatible(f.target_countries, _countries(c.target)) or bool(f.weak)
    if not _compatible_people(f.source.out, c.source):
        return False
    if (
        lexicon().type_of(c.type).speech_act
    ):  # "Peskov dismissed ..." is not "Nebenzya denied ...", though both speak for Russia
        if f.people and c.source_people and not f.people & c.source_people:
            return False
    return _compatible(f.source_countries, _countries(c.source)) and _compatible(
        f.target_countries, _countries(c.target)
    )


def _habitual(c: Candidate) -> bool:
    """A repeated act ("has repeatedly denied", "routinely sanctions"), not one occasion."""
    return any(ch.dep_ == "advmod" and ch.lower_ in lexicon().cue("habitual_adverbs") for ch in c.host.children)


def _designations(c: Candidate) -> set[str]:
    """Model names of the thing the event is about ("Stinger", "S-400", "Hwasong-18"), lower case."""
    thing = c.required
    if thing is None:
        return set()
    found = {
        t.lower_
        for t in thing.children
        if t.dep_ in ("compound", "nmod", "amod")
        and t.i < thing.i
        and t.ent_type_ not in ("GPE", "NORP")
        and (t.pos_ == "PROPN" or any(ch.isdigit() for ch in t.text))
    }
    if any(ch.isdigit() for ch in thing.text):
        found.add(thing.lower_)
    return found


def _weak_fits(f: _Facts, c: Candidate) -> bool:
    """A mention whose only actor is a state modifier ("Taiwan arms sale") fits an event that has that state
    on either side ("the US arms sale to Taiwan")."""
    mine = _countries(c.source)
    if c.weak_source and mine:
        return mine <= f.source_countries | f.target_countries
    if f.all_weak:
        return f.weak_countries <= mine | _countries(c.target)
    return False


NEAR_UNITS = 2


def _state_and_its_speaker(f: _Facts, c: Candidate) -> bool:
    """ "China said it would ... . Foreign Ministry spokesman Zhao announced the move ...": a state's statement
    and the statement of its own spokesperson right next to it are one statement (not those of its other bodies)."""
    here = c.unit.index
    if not any(u in f.units for u in range(here - NEAR_UNITS, here + NEAR_UNITS + 1)):
        return False
    mine, theirs = _countries(c.source), f.source_countries
    if not mine or mine != theirs:
        return False
    if _state_only(c.source_states, c.source):
        return bool(f.people)  # the state's statement joins its spokesman's
    return bool(_state_only(f.states, f.source.out) and c.source_people)


def _state_only(states: set[str], actors: list[Actor]) -> bool:
    """The sources are states named as such and nothing else ("China said")."""
    return bool(states) and states == _countries(actors) and len(actors) == len(states)


def _compatible_people(a: list[Actor], b: list[Actor]) -> bool:
    """Two sources of which one has no state are the same actor only by name ("Karimi" is not "the Treasury")."""
    if not a or not b or (_countries(a) and _countries(b)):
        return True
    return bool(_names(a) & _names(b))


def _message_speech(c: Candidate) -> bool:
    return c.type == "statement" and c.trigger.lemma_.lower() in lexicon().cue("message_speech")


def _absorbed(c: Candidate, messages: Iterable[_Facts]) -> _Facts | None:
    """Reported speech of a message's sender ("Kim added that ...") is a mention of that message."""
    if not _message_speech(c):
        return None
    names = _names(c.source)
    for f in messages:
        if names & _names(f.source.out) and _compatible_dates(f.date, c.date):
            return f
    return None


class _Index:
    """The groups that could take a mention, by what ``same_event`` requires of a group: lists of group
    serials (creation order) under keys, moved as the groups grow."""

    def __init__(self) -> None:
        self.lists: dict[tuple, list[int]] = {}
        self.facts: dict[int, _Facts] = {}
        self._fixed: dict[int, set[tuple]] = {}  # keys a group may lose as it grows
        self._growing: dict[int, set[tuple]] = {}  # keys it only gains: its speakers and sentences

    @staticmethod
    def _fixed_keys(f: _Facts) -> set[tuple]:
        bucket = (f.type, _modality_class(f.modality), f.habitual)
        keys: set[tuple] = {(bucket, "all")}
        if f.type == "statement":
            return keys
        k, kt = f.source_countries, f.target_countries
        keys |= {(bucket, "source", k), (bucket, "target", kt), (bucket, "sides", k, kt)}
        keys |= {(bucket, "side", x) for x in k | kt}
        if f.all_weak:
            keys.add((bucket, "all_weak"))
        return keys

    def put(self, f: _Facts) -> None:
        """File ``f`` (new) or move it to the keys it has now."""
        self.facts[f.serial] = f
        bucket = (f.type, _modality_class(f.modality), f.habitual)
        growing = self._growing.setdefault(f.serial, set())
        if f.rekey or (growing and next(iter(growing))[0] != bucket):
            self._file(f.serial, growing, set())
            growing.clear()
            units, speakers = f.units, f.said_by
        else:
            units, speakers = f.new_units, f.new_speakers
        f.rekey, f.new_units, f.new_speakers = False, [], []
        if f.type == "statement":
            self._file(
                f.serial, set(), {(bucket, "speaker", n) for n in speakers} | {(bucket, "unit", u) for u in units}
            )
            growing |= {(bucket, "speaker", n) for n in speakers} | {(bucket, "unit", u) for u in units}
        self._file(f.serial, self._fixed.get(f.serial, set()), new := self._fixed_keys(f))
        self._fixed[f.serial] = new

    def _file(self, serial: int, old: set[tuple], new: set[tuple]) -> None:
        for key in old - new:
            entries = self.lists[key]
            del entries[bisect_left(entries, serial)]
        for key in new - old:
            entries = self.lists.setdefault(key, [])
            if not entries or entries[-1] < serial:
                entries.append(serial)
            else:
                i = bisect_left(entries, serial)
                if i == len(entries) or entries[i] != serial:
                    entries.insert(i, serial)

    def candidates(self, c: Candidate, memo: _CandidateFacts) -> Iterator[_Facts]:
        """A superset of the groups ``same_event`` accepts ``c`` into, in creation order."""
        bucket = (c.type, _modality_class(c.modality), memo.habitual(c))
        keys: list[tuple] = []
        if c.type == "statement":  # a shared speaker, or a state and its spokesperson side by side
            keys += [(bucket, "speaker", n) for n in memo.speakers(c)]
            here = c.unit.index
            keys += [(bucket, "unit", u) for u in range(here - NEAR_UNITS, here + NEAR_UNITS + 1)]
        else:
            mine, theirs = _countries(c.source), _countries(c.target)
            if c.weak_source and mine:  # the modifier's state on either side of the group
                keys.append((bucket, "side", min(mine)))
            else:
                keys.append((bucket, "all_weak"))
            if mine and theirs:  # else: compatible sources and targets
                keys += [(bucket, "sides", k, kt) for k in (frozenset(), mine) for kt in (frozenset(), theirs)]
            elif mine:
                keys += [(bucket, "source", frozenset()), (bucket, "source", mine)]
            elif theirs:
                keys += [(bucket, "target", frozenset()), (bucket, "target", theirs)]
            else:
                keys.append((bucket, "all"))
        last = -1
        for serial in heapq.merge(*(self.lists.get(k, []) for k in keys)):
            if serial != last:
                last = serial
                yield self.facts[serial]


def merge(cands: list[Candidate]) -> list[Group]:
    groups: list[Group] = []
    memo = _CandidateFacts()
    index = _Index()
    messages: list[_Facts] = []
    founded: dict[int, int] = {}  # group serial -> step its first mention was taken at
    changed: dict[int, int] = {}  # group serial -> step it last took a mention at
    # messages first, so speech before the message in the text (a headline) can still join it
    ordered = sorted(cands, key=lambda c: (c.type != "message", c.start))
    for step, c in enumerate(ordered):
        target = _absorbed(c, messages) or next((f for f in index.candidates(c, memo) if _same_event(f, c)), None)
        if target is None:
            g = Group(c, [c])
            groups.append(g)
            target = _Facts(g, len(groups) - 1, memo)
            founded[target.serial] = step
            if g.type == "message":
                messages.append(target)
        else:
            target.group.members.append(c)
            target.add(c)
        changed[target.serial] = step
        index.put(target)
    _join_late_partners(groups, index, memo, founded, changed)
    for g in groups:
        g.members.sort(key=lambda m: m.start)
    return sorted(groups, key=lambda g: g.first.start)


def _join_late_partners(
    groups: list[Group], index: _Index, memo: _CandidateFacts, founded: dict[int, int], changed: dict[int, int]
) -> None:
    """A group kept apart only because its partner was not yet known when it was founded ("Taiwan arms
    sale" before "the US arms sale to Taiwan") joins it once every member fits.

    Group a takes the first later group b of its type all of whose members fit it. b's first mention
    found no group to join when it was taken, a included; so unless a took a mention after that, it still
    does not fit: only the groups founded while a was still growing, and among them only those whose
    first mention the index offers to a, are tried. Once a has taken a group, the groups before it still
    take none (a group that grew fits fewer others), so the scan goes on from a, which is now tried
    against every later group of its type."""
    serial_of = {id(f.group): s for s, f in index.facts.items()}
    by_type: dict[str, list[int]] = {}
    for s in sorted(index.facts):
        by_type.setdefault(index.facts[s].type, []).append(s)
    offered: dict[int, list[int]] = {}  # a -> the later groups b whose first mention a may take, a as it is now
    for s in sorted(index.facts):
        for a in index.candidates(index.facts[s].group.primary, memo):
            if a.serial >= s:
                break
            if changed[a.serial] > founded[s]:
                offered.setdefault(a.serial, []).append(s)
    removed: set[int] = set()
    regrown: set[int] = set()  # took a group here: tried against every later group
    i = 0
    while i < len(groups):
        a = index.facts[serial_of[id(groups[i])]]
        if a.serial in regrown:
            same = by_type[a.type]
            tried: list[int] = same[bisect_right(same, a.serial) :]
        else:
            tried = offered.get(a.serial, [])
        partner = None
        for s in tried:
            b = index.facts[s]
            if s in removed or not b.group.first.start > a.group.first.start:
                continue
            if all(_same_event(a, m) for m in b.group.members):
                partner = b
                break
        if partner is None:
            i += 1
            continue
        a.group.members.extend(partner.group.members)
        a.rebuild()
        groups.remove(partner.group)
        removed.add(partner.serial)
        regrown.add(a.serial)
