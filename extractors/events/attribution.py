"""Who speaks: reporting verbs of outlets and unnamed sources are attribution, a document speaks for its
author, a claim that one's own side did not do something is a denial, and the participle of a speaker's own
reporting verb is another mention of the same statement."""

from __future__ import annotations

from bisect import bisect_left

from extractors.actors.resolver import ActorResolver
from extractors.events.candidate import Candidate
from extractors.events.grammar import is_verb, with_conjuncts
from extractors.events.lexicon import lexicon
from extractors.events.participants import actors_of, retagged, tagged
from extractors.events.roles import owner_of
from schemas import Actor

SPEAKER_KINDS = {"person", "state", "institution", "org"}
FIRST_PERSON = {"i", "we"}  # a speaker quoted in the first person ("We urge ...") is inside someone's quotation
DEMONSTRATIVES = {"this", "that", "these", "those"}  # "this will not change anything" names no party


def attribution(c: Candidate, resolver: ActorResolver) -> None:
    """Reporting verbs of outlets and unnamed sources are attribution; a document speaks for its author."""
    if not (c.rule.speech or lexicon().type_of(c.type).attributable):
        return
    kinds = set(c.source_kinds)
    if "document" in kinds and not c.source:
        for head in c.source_heads:
            owners = owner_of(head)
            found = actors_of(owners, resolver)
            if found:
                c.source = [tagged(r, "document.owner") for r in found if r.kind in SPEAKER_KINDS]
            else:
                by = next((ch for ch in head.children if ch.dep_ == "prep" and ch.lower_ == "by"), None)
                if by is None:
                    continue
                name = " ".join(
                    t.text for t in list(by.subtree)[1:] if t.ent_type_ not in ("DATE", "TIME")
                )  # an author the parse cannot resolve
                c.source = [Actor(name=name or head.text, country=None, rule="document.by")]
    anaphora = lexicon().anaphora
    if (
        c.rule.speech
        and c.source_heads
        and all(h.lemma_.lower() in anaphora or h.lower_ in anaphora for h in c.source_heads)
    ):
        c.dropped = True  # "Chinese drills threatened the island with a blockade": an event speaks for nobody
    if c.rule.speech and c.source_heads and all(h.lower_ in FIRST_PERSON for h in c.source_heads):
        c.dropped = True  # '"We urge the United States to ...," Zhao said': part of the statement that quotes it
    if c.rule.speech and (not c.source or kinds & {"media", "anonymous"} and not c.source):
        c.dropped = True
    if c.rule.speech and kinds and kinds <= {"media", "anonymous"}:
        c.dropped = True


def participial_speech(cands: list[Candidate]) -> None:
    """ "X denied the claims, telling reporters that ...", "X said ..., adding that ...": the participle of a
    reporting verb hanging on the speaker's own speech act is another mention of that act, not a new statement."""
    by_host = {(id(c.host.doc), c.host.i): c for c in cands if lexicon().type_of(c.type).speech_act}
    for c in cands:
        t = c.trigger
        participle = t.tag_ == "VBG" and t.dep_ in ("advcl", "conj", "xcomp")
        coordinated = t.dep_ == "conj" and not any(
            ch.dep_ in ("nsubj", "nsubjpass") for ch in t.children
        )  # "said ... and urged"
        speech = (c.rule.speech and c.type == "statement") or c.denied_clause is not None  # or a claim turned denial
        if not (speech and (participle or coordinated)):
            continue
        owner = by_host.get((id(t.doc), t.head.i))
        if owner is None and t.head.dep_ == "ccomp":  # "said it regretted ..., adding that"
            owner = by_host.get((id(t.doc), t.head.head.i))
        if owner is None or owner is c or owner.dropped:
            continue
        if owner.type == "accusation" and any(ch.dep_ == "ccomp" for ch in t.children):
            continue  # "condemned the launch and said / telling reporters that ...": new content, a statement of its own
        if c.source and owner.source and not ({a.name for a in c.source} & {a.name for a in owner.source}):
            continue
        owner.extra_mentions.append(c)
        c.dropped = True


def medium_statements(cands: list[Candidate]) -> None:
    """ "In a statement, X condemned ... and said ...": the coordinated "said" is the statement the noun names."""
    coordinated: dict[tuple[int, int], list[Candidate]] = {}  # (doc, head word) -> the speech verbs conjoined to it
    for d in cands:
        t = d.trigger
        if d.type == "statement" and d.rule.speech and t.dep_ == "conj":
            coordinated.setdefault((id(t.doc), t.head.i), []).append(d)
    for c in cands:
        if c.type != "statement" or c.rule.pos != "NOUN" or c.support is None or c.dropped or c.trigger.dep_ != "pobj":
            continue
        for d in coordinated.get((id(c.trigger.doc), c.support.i), []):
            if d is not c and not d.dropped:
                c.extra_mentions.append(d)
                d.dropped = True


def own_side_denial(c: Candidate, resolver: ActorResolver) -> None:
    """ "Iranian officials claimed Iran had not supplied drones": a claim that one's own side did NOT do
    something is a denial, even from unnamed officials; the denied content stays an (alleged) event."""
    if c.type != "statement" or not is_verb(c.trigger):
        return
    lex = lexicon()
    own = {a.country for a in c.source_all if a.country}
    for comp in with_conjuncts([ch for ch in c.trigger.children if ch.dep_ == "ccomp"]):
        subjects = [g for g in comp.children if g.dep_ in ("nsubj", "nsubjpass") and g.lower_ not in DEMONSTRATIVES]
        if any(ch.dep_ == "neg" for ch in comp.children) and not _identity(comp) and not _intended(comp):
            said = {r.actor.country for r in actors_of(with_conjuncts(subjects), resolver) if r.actor.country}
            if own and said and said <= own:
                break
        # "told the council that the allegations were baseless": calling the claim false denies it
        if any(lex.in_class(g, "claim_noun") for g in subjects) and (
            comp.lemma_.lower() in lex.cue("falsity")
            or any(
                ch.dep_ in ("acomp", "attr", "oprd") and ch.lemma_.lower() in lex.cue("falsity") for ch in comp.children
            )
        ):
            break
    else:
        return
    c.retyped_from = f"{c.rule_id}>own_side_denial"  # provenance: the statement rule that fired, read as a denial
    c.rule = next(r for r in lex.rules.values() if r.type == "denial")
    c.source = [a for a in c.source_all if a.country] or c.source
    c.source_kinds = ["state"]
    c.denied_clause = comp


def _intended(comp) -> bool:
    """ "we will not give up our principles": a negated future or modal says what one means to do, denies nothing."""
    lex = lexicon()
    return any(
        ch.dep_ in ("aux", "auxpass") and ch.lower_ in lex.cue("future_aux") | lex.cue("modal_planned")
        for ch in comp.children
    )


def _identity(comp) -> bool:
    """ "said it was not the right time", "said it was not a party to the talks": a negated "be" with a noun
    attribute says what something is not, not that anyone did not do something."""
    return comp.lemma_.lower() == "be" and any(
        ch.dep_ == "attr" and ch.pos_ in ("NOUN", "PROPN", "PRON") for ch in comp.children
    )


def denials(cands: list[Candidate], resolver: ActorResolver) -> None:
    """A speaker saying its own side did NOT do something is a denial; a denial's unnamed accuser is the
    source of the accusation it answers."""
    accusations = [p for p in cands if p.type == "accusation"]
    starts = [p.start for p in accusations]
    in_order = all(a <= b for a, b in zip(starts, starts[1:], strict=False))
    accusing: dict[str, list[int]] = {}  # target state -> positions in ``accusations`` of those accusing it
    for i, p in enumerate(accusations):
        for country in {a.country for a in p.target}:
            accusing.setdefault(country, []).append(i)
    for c in cands:
        if c.type != "denial" or c.target:
            continue
        own = {a.country for a in c.source if a.country}
        if in_order:  # the latest accusation before it, of its own side if it names one
            before = bisect_left(starts, c.start)
            if not own:
                latest = before - 1
            else:
                latest = max((_last_below(accusing.get(x, []), before) for x in own), default=-1)
            if latest >= 0:
                c.target = retagged(accusations[latest].source, "denial.accuser")
            continue
        for prev in reversed([p for p in accusations if p.start < c.start]):
            if {a.country for a in prev.target} & own or not own:
                c.target = retagged(prev.source, "denial.accuser")
                break


def _last_below(positions: list[int], limit: int) -> int:
    """The largest of the sorted ``positions`` below ``limit``, or -1."""
    i = bisect_left(positions, limit)
    return positions[i - 1] if i else -1
