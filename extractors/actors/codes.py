"""Actor codes and sectors (data/actor_codes.csv, data/actor_sectors.csv): an international organisation gets its
CAMEO code and no country ("NATO forces" is IGOWSTNAT); a state's actor gets the ISO 3166 alpha-3 code of its
state followed by its sector, CAMEO-style ("the Russian army" is RUSMIL); the sector comes from the title and role
words of the actor's phrase ("Defense Minister X" is GOV)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from spacy.tokens import Token

from extractors.actors.lexicon import Known, lookup, normalise
from extractors.actors.memory import Resolved
from extractors.actors.phrase import in_clause
from extractors.actors.titles import organisation_in
from extractors.data import read_rule_text
from extractors.rules import require_valid
from extractors.rules.tables import code_rows, sector_rows

BODY_PREPOSITIONS = ("for", "of", "at")  # "a spokesman for the eastern command": the body's words are the role's


@dataclass(frozen=True)
class Code:
    actor_code: str
    sector: str


@lru_cache(maxsize=1)
def organisation_codes() -> dict[str, Code]:
    """Display name (lower case) -> code, for the actors of actor_codes.csv."""
    rows, errors = code_rows(read_rule_text("actor_codes.csv"))
    require_valid(errors)
    return {r.name.lower(): Code(r.actor_code, r.sector) for r in rows}


@lru_cache(maxsize=1)
def sector_words() -> tuple[tuple[tuple[str, ...], str], ...]:
    """(words, sector) in the file's order: the first that matches wins."""
    rows, errors = sector_rows(read_rule_text("actor_sectors.csv"))
    require_valid(errors)
    return tuple((tuple(r.words.split()), r.sector) for r in rows)


def organisation_code(known: Known | None) -> Code | None:
    return organisation_codes().get(known.name.lower()) if known is not None else None


def organisation_of(words: list[str]) -> tuple[Known, Code] | None:
    """The coded organisation a phrase names in its capitalised words ("a NATO spokesperson", "EU's")."""
    known = organisation_in([normalise(w) or w for w in words], lambda k: organisation_code(k) is not None)
    code = organisation_code(known)
    return (known, code) if known is not None and code is not None else None


def role_tokens(head: Token) -> list[Token]:
    """The words that say what an actor is: its phrase (modifiers, possessor, the head), an apposition ("X, the
    army's spokesman,"), the body of an official ("a spokesman for the eastern command") and the title noun a name
    stands in apposition to ("the Irish envoy, X,")."""
    out = [t for t in head.subtree if not in_clause(t, head)]
    for c in head.children:
        if c.dep_ == "appos" or (c.dep_ == "prep" and c.lower_ in BODY_PREPOSITIONS):
            out += [t for t in c.subtree if not in_clause(t, c) or t.head.i == c.i]
    if head.dep_ == "appos" and head.head.i != head.i:
        title = head.head
        out += [t for t in title.subtree if t.i < title.i and not in_clause(t, title)] + [title]
    return out


def sector_of(tokens: list[Token]) -> str | None:
    """The sector of the first row of actor_sectors.csv whose words the tokens contain."""
    if not tokens:
        return None
    words = {t.lower_ for t in tokens} | {t.lemma_.lower() for t in tokens}
    text = f" {' '.join(t.lower_ for t in tokens)} "
    for row, sector in sector_words():
        if (len(row) == 1 and row[0] in words) or (len(row) > 1 and f" {' '.join(row)} " in text):
            return sector
    return None


def coded(r: Resolved, head: Token) -> Resolved:
    """``r`` with the actor's code and sector, read once, when it is first named (a pronoun or short name that
    refers back keeps those of its antecedent)."""
    actor = r.actor
    if actor.code or actor.sector:
        return r
    code = sector = None
    tokens = role_tokens(head)
    if actor.country is None:
        org = organisation_code(lookup(actor.name))  # "NATO", "the Security Council"
        if org is None and (found := organisation_of([t.text for t in tokens])) is not None:
            org = found[1]  # "a NATO spokesperson", "the EU's foreign policy chief"
        if org is not None:
            code, sector = org.actor_code, org.sector
    if code is None:
        sector = "MED" if r.kind == "media" else sector_of(tokens)
        if actor.country:
            code = actor.country + (sector or "")
    if code is None and sector is None:
        return r
    return Resolved(actor.model_copy(update={"code": code, "sector": sector}), r.kind, r.offset, r.rule)
