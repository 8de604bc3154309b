"""Anaphora: a bare definite event noun ("the launch", "the drills") is another mention of an earlier event,
and an accusation noun with no accuser of its own refers back to the accusation just made."""

from __future__ import annotations

from extractors.actors.resolver import ActorResolver
from extractors.events.candidate import Candidate
from extractors.events.grammar import definite
from extractors.events.lexicon import lexicon
from extractors.events.merge import Group
from extractors.events.participants import fallback_source
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
    groups: list[Group], anaphors: list[Candidate], cands: list[Candidate], resolver: ActorResolver
) -> list[Group]:
    """Each anaphor joins the latest earlier event of its type; a licensed one with no antecedent stays an event."""
    for a in anaphors:
        before = [g for g in groups if g.type == a.type and g.first.start < a.start]
        if before:
            g = max(before, key=lambda g: max(m.start for m in g.members if m.start < a.start))
            g.members[0].extra_mentions.append(a)
        elif any(a is c for c in cands):
            fallback_source(a, cands, resolver, anaphor=False)
            groups.append(Group(a, [a]))
    return sorted(groups, key=lambda g: g.first.start)


def coreferent_nouns(cands: list[Candidate]) -> list[Candidate]:
    """ "allegations" with no accuser of its own refers back to an accusation just made: a mention, not an event."""
    out: list[Candidate] = []
    for c in cands:
        if c.rule.nominal_source_needed and not c.source:
            prev = next((p for p in reversed(out) if p.type == c.type and c.unit.index - p.unit.index <= 2), None)
            if prev is not None:
                prev.extra_mentions.append(c)
            continue
        out.append(c)
    return out
