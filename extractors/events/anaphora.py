"""Anaphora: a bare definite event noun ("the launch", "the drills") is another mention of an earlier event,
and an accusation noun with no accuser of its own refers back to the accusation just made."""

from __future__ import annotations

from bisect import bisect_left, insort
from datetime import date, timedelta

from extractors.actors.resolver import ActorResolver
from extractors.events.candidate import Candidate
from extractors.events.grammar import definite, is_verb
from extractors.events.lexicon import lexicon
from extractors.events.merge import Group
from extractors.events.participants import fallback_source, speech_triggers
from extractors.events.segments import Unit


def anaphoric(c: Candidate) -> bool:
    return (
        c.type in lexicon().anaphora.values()
        and c.rule.pos == "NOUN"
        and definite(c.trigger)
        and c.required is None
        and not c.source
        and not c.target
        and c.date is None
        and c.modality in ("asserted", "alleged")
    )


def restating(c: Candidate) -> bool:
    """ "The measures freeze any U.S. assets", "The sanctions bar the firms from ...": a verb whose subject is a bare
    noun of the event's own kind says what that earlier event does; it is a mention of it, not another event."""
    if c.rule.pos != "VERB":
        return False
    kinds = lexicon().anaphora
    return any(
        s.dep_ in ("nsubj", "nsubjpass") and (kinds.get(s.lower_) or kinds.get(s.lemma_.lower())) == c.type
        for s in c.host.children
    )


def elaborating(cands: list[Candidate]) -> list[Candidate]:
    """ "added the firms to its list, freezing any assets they hold": a participle of the event's own kind hanging on
    its trigger tells more of the same event; it becomes a mention of it."""
    by_trigger = {(id(c.trigger.doc), c.trigger.i): c for c in cands}
    out = []
    for c in cands:
        head = _participle_host(c, by_trigger)
        if head is not None and (c.date is None or c.date == head.date):  # "most recently targeting X in July": its own
            head.extra_mentions.append(c)
            continue
        out.append(c)
    return out


def _participle_host(c: Candidate, by_trigger: dict) -> Candidate | None:
    """The candidate of the same type whose trigger the participle hangs on, through other participles ("added X to
    its list, barring them from trade and freezing their assets")."""
    t = c.trigger
    if t.tag_ != "VBG":
        return None
    for _ in range(3):
        if t.dep_ not in ("advcl", "conj", "xcomp") or t.head.i == t.i:
            return None
        t = t.head
        host = by_trigger.get((id(t.doc), t.i))
        if host is not None:
            return host if host is not c and host.type == c.type else None
        if t.tag_ != "VBG":
            return None
    return None


def bare_anaphors(units: list[Unit], taken: set, lex) -> list[Candidate]:
    """Definite event nouns the trigger rules do not license ("condemned the launch")."""
    if not lex.anaphora:
        return []
    first_rule = {}
    for r in lex.rules.values():
        first_rule.setdefault(r.type, r)
    out = []
    for u in units:
        for tok in u.sent:
            kind = lex.anaphora.get(tok.lower_)
            renames = (
                tok.dep_ in ("appos", "npadvmod")
                and tok.pos_ == "NOUN"
                and tok.i > 0
                and tok.doc[tok.left_edge.i - 1].text == ","
            )  # "launched a satellite ..., a launch that ..."
            if (
                kind is None
                or kind not in first_rule
                or (id(tok.doc), tok.i) in taken
                or not (definite(tok) or renames)
            ):
                continue
            if any(
                c.dep_ in ("compound", "amod", "nmod", "poss")
                and c.ent_type_ not in ("DATE", "TIME")
                and c.lower_ not in lex.cue("fresh_modifiers")
                for c in tok.children
            ):
                continue  # "the satellite launch", "the nuclear test": a description of its own, not a bare reference
            out.append(Candidate(rule=first_rule[kind], trigger=tok, unit=u, span=(u.start(tok), u.end(tok))))
    return out


def resolve_anaphors(
    groups: list[Group],
    anaphors: list[Candidate],
    cands: list[Candidate],
    resolver: ActorResolver,
    anchor: date | None = None,
) -> list[Group]:
    """Each anaphor joins the latest earlier event of its type (the group with the latest mention before it),
    in the present tense the latest that is not history ("This test comes as ...": not the first test of
    2015 named just before); a licensed one with no antecedent stays an event. ``groups``' members are in
    text order."""
    mentions: dict[str, list[tuple[int, int]]] = {}  # type -> (start, group position) of every member, sorted
    for pos, g in enumerate(groups):
        for m in g.members:
            mentions.setdefault(g.type, []).append((m.start, pos))
    for entries in mentions.values():
        entries.sort()
    licensed = {id(c) for c in cands}
    speech = None
    for a in anaphors:
        entries = mentions.get(a.type, [])
        before = bisect_left(entries, (a.start, -1))
        if before:
            latest = entries[before - 1][0]
            _, pos = entries[bisect_left(entries, (latest, -1))]  # on a tie, the first such group
            if anchor is not None and _present(a):
                current = [p for _, p in entries[:before] if not _history(groups[p], anchor)]
                pos = current[-1] if current else pos
            groups[pos].members[0].extra_mentions.append(a)
        elif id(a) in licensed:
            speech = speech_triggers(cands) if speech is None else speech
            fallback_source(a, cands, resolver, anaphor=False, speech=speech)
            groups.append(Group(a, [a]))
            insort(mentions.setdefault(a.type, []), (a.start, len(groups) - 1))
    return sorted(groups, key=lambda g: g.first.start)


HISTORY = timedelta(days=7)


def _history(g: Group, anchor: date) -> bool:
    """An event dated to well before the dateline ("first tested in March 2015")."""
    when = g.date()
    return when is not None and when.end < anchor - HISTORY


def _present(c: Candidate) -> bool:
    """The anaphor is the subject or object of a present-tense verb ("This test comes as ...")."""
    verb = c.trigger.head
    if c.trigger.dep_ not in ("nsubj", "nsubjpass", "dobj") or not is_verb(verb):
        return False
    return verb.tag_ in ("VBZ", "VBP") or any(
        ch.dep_ in ("aux", "auxpass") and ch.tag_ in ("VBZ", "VBP") for ch in verb.children
    )


def coreferent_nouns(cands: list[Candidate]) -> list[Candidate]:
    """ "allegations" with no accuser of its own refers back to an accusation just made: a mention, not an event."""
    out: list[Candidate] = []
    kept: dict[str, list[Candidate]] = {}  # ``out`` by type
    in_order: dict[str, bool] = {}  # whether that list's sentences only go forward
    for c in cands:
        if c.rule.nominal_source_needed and not c.source:
            prev = None
            for p in reversed(kept.get(c.type, [])):
                if c.unit.index - p.unit.index <= 2:
                    prev = p
                    break
                if in_order[c.type]:
                    break  # every earlier one is further back still
            if prev is not None:
                prev.extra_mentions.append(c)
            continue
        out.append(c)
        same = kept.setdefault(c.type, [])
        in_order[c.type] = in_order.get(c.type, True) and (not same or same[-1].unit.index <= c.unit.index)
        same.append(c)
    return out
