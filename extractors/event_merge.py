"""One event per real-world event: mentions of the same event (headline, caption, body; speech inside a
message) are merged; distinct events in one sentence ("a spate of tests, which include the launch ...")
are not."""
from __future__ import annotations

from dataclasses import dataclass, field

from extractors.event_lexicon import lexicon
from extractors.event_triggers import Candidate
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
        for m in self.members:
            for a in getattr(m, role):
                if a not in out and not any(a.country and a.country == b.country for b in out):
                    out.append(a)
        return out

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
    if c.type == "statement":  # different speakers of one country are different statements
        return bool(_names(g.actors("source")) & _names(c.source)) and _compatible_roles(g.actors("source"), c.source)
    if not _compatible_people(g.actors("source"), c.source):
        return False
    return _compatible_roles(g.actors("source"), c.source) and _compatible_roles(g.actors("target"), c.target)


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
    for g in groups:
        g.members.sort(key=lambda m: m.start)
    return sorted(groups, key=lambda g: g.first.start)
