"""One event per real-world event: mentions of the same event (headline, caption, body; speech inside a
message) are merged; distinct events in one sentence ("a spate of tests, which include the launch ...")
are not."""

from __future__ import annotations

from dataclasses import dataclass, field

from extractors.events.candidate import Candidate
from extractors.events.lexicon import lexicon
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

    def actors(self, role: str) -> list[Actor]:
        out: list[Actor] = []
        strong = [m for m in self.members if not m.weak_source]
        for m in self.members:
            if role == "source" and m.weak_source and any(x.source for x in strong):
                continue  # "Taiwan arms sale" beside "the US arms sale to Taiwan": the seller is the US
            for a in getattr(m, role):
                if a not in out and not any(a.country and a.country == b.country for b in out):
                    out.append(a)
        return out

    def people(self) -> set[str]:
        return set().union(*(m.source_people for m in self.members))

    def units(self) -> set[int]:
        return {m.unit.index for m in self.members}


def _countries(actors: list[Actor]) -> frozenset[str]:
    return frozenset(a.country for a in actors if a.country)


def _names(actors: list[Actor]) -> frozenset[str]:
    return frozenset(a.name.lower() for a in actors)


def _compatible_roles(a: list[Actor], b: list[Actor]) -> bool:
    ca, cb = _countries(a), _countries(b)
    return not ca or not cb or ca == cb


def _compatible_dates(a: DateInterval | None, b: DateInterval | None) -> bool:
    return a is None or b is None or (a.start == b.start and a.end == b.end)


def _compatible_modality(a: str, b: str) -> bool:
    soft = {"asserted", "alleged"}
    return a == b or (a in soft and b in soft)


def same_event(g: Group, c: Candidate) -> bool:
    if g.type != c.type or c.unit.index in g.units():
        return False
    if not _compatible_dates(g.date(), c.date) or not _compatible_modality(g.primary.modality, c.modality):
        return False
    if _habitual(c) != any(_habitual(m) for m in g.members):
        return False  # "has repeatedly rejected claims" is not the denial made on Tuesday
    if c.type == "statement":  # different speakers of one country are different statements
        said_by = _names([a for m in g.members for a in m.source])  # every speaker, not one per state
        if bool(said_by & _names(c.source)) and _compatible_roles(g.actors("source"), c.source):
            return True
        return _state_and_its_speaker(g, c)
    named, named_g = _designations(c), set().union(*(_designations(m) for m in g.members))
    if named and named_g and not named & named_g:
        return False  # "the sale of Javelin missiles" is not "the sale of Stinger missiles"
    if _weak_fits(g, c):
        return _compatible_roles(g.actors("target"), c.target) or any(m.weak_source for m in g.members)
    if not _compatible_people(g.actors("source"), c.source):
        return False
    if (
        lexicon().type_of(c.type).speech_act
    ):  # "Peskov dismissed ..." is not "Nebenzya denied ...", though both speak for Russia
        people = g.people()
        if people and c.source_people and not people & c.source_people:
            return False
    return _compatible_roles(g.actors("source"), c.source) and _compatible_roles(g.actors("target"), c.target)


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


def _weak_fits(g: Group, c: Candidate) -> bool:
    """A mention whose only actor is a state modifier ("Taiwan arms sale") fits an event that has that state
    on either side ("the US arms sale to Taiwan")."""

    def sides(actors_s, actors_t):
        return _countries(actors_s) | _countries(actors_t)

    if c.weak_source and _countries(c.source):
        return _countries(c.source) <= sides(g.actors("source"), g.actors("target"))
    weak = [m for m in g.members if m.weak_source]
    if weak and len(weak) == len(g.members):
        return _countries([a for m in weak for a in m.source]) <= sides(c.source, c.target)
    return False


NEAR_UNITS = 2


def _state_and_its_speaker(g: Group, c: Candidate) -> bool:
    """ "China said it would ... . Foreign Ministry spokesman Zhao announced the move ...": a state's statement
    and the statement of its own spokesperson right next to it are one statement (not those of its other bodies)."""
    if not any(abs(m.unit.index - c.unit.index) <= NEAR_UNITS for m in g.members):
        return False
    mine, theirs = _countries(c.source), _countries(g.actors("source"))
    if not mine or mine != theirs:
        return False
    group_states = set().union(*(m.source_states for m in g.members))
    if _state_only(c.source_states, c.source):
        return bool(g.people())  # the state's statement joins its spokesman's
    return bool(_state_only(group_states, g.actors("source")) and c.source_people)


def _state_only(states: set[str], actors: list[Actor]) -> bool:
    """The sources are states named as such and nothing else ("China said")."""
    return bool(states) and states == _countries(actors) and len(actors) == len(states)


def _compatible_people(a: list[Actor], b: list[Actor]) -> bool:
    """Two sources of which one has no state are the same actor only by name ("Karimi" is not "the Treasury")."""
    if not a or not b or (_countries(a) and _countries(b)):
        return True
    return bool(_names(a) & _names(b))


def absorbed_by_message(groups: list[Group], c: Candidate) -> Group | None:
    """Reported speech of a message's sender ("Kim added that ...") is a mention of that message."""
    if c.type != "statement" or c.trigger.lemma_.lower() not in lexicon().cue("message_speech"):
        return None
    names = _names(c.source)
    for g in groups:
        if g.type == "message" and names & _names(g.actors("source")) and _compatible_dates(g.date(), c.date):
            return g
    return None


def merge(cands: list[Candidate]) -> list[Group]:
    groups: list[Group] = []
    # messages first, so speech before the message in the text (a headline) can still join it
    for c in sorted(cands, key=lambda c: (c.type != "message", c.start)):
        target = absorbed_by_message(groups, c) or next((g for g in groups if same_event(g, c)), None)
        if target is None:
            groups.append(Group(c, [c]))
        else:
            target.members.append(c)
    # a group kept apart only because its partner was not yet known when it was founded
    # ("Taiwan arms sale" before "the US arms sale to Taiwan") joins it once every member fits
    changed = True
    while changed:
        changed = False
        for a in groups:
            b = next(
                (
                    b
                    for b in groups
                    if b is not a
                    and b.type == a.type
                    and b.first.start > a.first.start
                    and all(same_event(a, m) for m in b.members)
                ),
                None,
            )
            if b is not None:
                a.members.extend(b.members)
                groups.remove(b)
                changed = True
                break
    for g in groups:
        g.members.sort(key=lambda m: m.start)
    return sorted(groups, key=lambda g: g.first.start)
