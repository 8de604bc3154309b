"""A trigger candidate: one mention of a possible event, filled in pass by pass (actors, modality, date)."""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Token

from extractors.events.gazetteer import Place
from extractors.events.lexicon import TriggerRule
from extractors.events.segments import Unit


@dataclass
class Candidate:
    rule: TriggerRule
    trigger: Token  # the word that names the event
    unit: Unit
    span: tuple[int, int]  # absolute char span of the mention
    support: Token | None = None  # light verb carrying a nominal trigger ("imposed sanctions")
    required: Token | None = None  # the object/modifier that licensed the rule ("missiles", "arms")
    source: list = field(default_factory=list)
    target: list = field(default_factory=list)
    modality: str = "asserted"
    date: object = None
    confidence: float = 0.6
    dropped: bool = False
    source_kinds: list = field(default_factory=list)  # kinds of the source phrases (media/anonymous = attribution)
    source_heads: list = field(default_factory=list)
    extra_mentions: list = field(default_factory=list)
    source_all: list = field(default_factory=list)  # every source actor, attribution included
    weak_source: bool = (
        False  # the source is only a state modifier of the noun ("Taiwan arms sale"): it may be the other side
    )
    source_people: set = field(default_factory=set)  # names of the persons among the sources
    source_states: set = field(
        default_factory=set
    )  # countries named as states ("China said"), not through a person or body
    denied_clause: Token | None = (
        None  # for an own-side denial: the clause it denies  # coreferent nouns ("allegations") folded into this one
    )
    retyped_from: str = ""  # the rule_id of the trigger that fired, when a pass gave the candidate another rule
    date_rule: str | None = None  # which rule of ``dates`` tied ``date``
    location: Place | None = None  # the place its own phrases give (``places``)

    @property
    def rule_id(self) -> str:
        """The trigger entry that fired, and the pass that re-typed the candidate if one did."""
        return self.retyped_from or self.rule.rule_id

    @property
    def type(self) -> str:
        return self.rule.type

    @property
    def host(self) -> Token:
        """The word whose clause the event lives in: the light verb, or the trigger itself."""
        return self.support if self.support is not None else self.trigger

    @property
    def start(self) -> int:
        return self.span[0]
