"""Models of event_triggers.json and event_cues.json.

The condition keys and role slots allowed here are the keys of the code's own dispatch tables
(``extractors.events.conditions.CONDITIONS``, ``extractors.events.roles.SLOTS``), so data and code cannot
drift apart: a key the code does not know is an error naming its file, entry and key.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import Field, StringConstraints, ValidationError, create_model, model_validator

from extractors.events.conditions import CONDITIONS
from extractors.events.lexicon import TYPE_FLAGS, trigger_id
from extractors.events.roles import SLOTS
from extractors.rules import RuleError, Strict, from_validation_error

TRIGGERS_FILE = "event_triggers.json"
CUES_FILE = "event_cues.json"

ClassRef = Annotated[str, StringConstraints(pattern=r"^@\w+$")]  # "@missile": a list under "classes"
Word = Annotated[str, StringConstraints(min_length=1)]
Modality = Literal["asserted", "alleged", "planned", "negated"]
Cameo = Annotated[str, StringConstraints(pattern=r"^\d{2,4}$")]
Slot = Literal[tuple(SLOTS)]  # type: ignore[valid-type]
Role = Literal["source", "target"]

_VALUE_TYPES: dict[str, Any] = {"class": ClassRef, "words": list[Word], "bool": bool, "text": Word}

# one optional field per condition key, typed by the kind of value its function takes
Condition = create_model(  # type: ignore[call-overload]
    "Condition",
    __base__=Strict,
    **{key: (_VALUE_TYPES[kind] | None, None) for key, (_, kind) in CONDITIONS.items()},
)


class PatternToken(Strict):
    """One token of a multi-word pattern: exactly one of LEMMA / LOWER / ORTH, a word or {"IN": [words]}."""

    LEMMA: Word | dict[Literal["IN"], list[Word]] | None = None
    LOWER: Word | dict[Literal["IN"], list[Word]] | None = None
    ORTH: Word | dict[Literal["IN"], list[Word]] | None = None

    @model_validator(mode="after")
    def one_attribute(self) -> PatternToken:
        if len(self.model_fields_set) != 1:
            raise ValueError("a pattern token tests exactly one of LEMMA, LOWER, ORTH")
        return self


class Trigger(Strict):
    id: Annotated[str, StringConstraints(pattern=r"^[\w][\w .:-]*$", max_length=80)] | None = None
    lemma: list[Word] | None = None
    pattern: list[PatternToken] | None = None
    pos: Literal["VERB", "NOUN"] = "VERB"
    head: int = Field(0, ge=0)
    requires: list[Condition] = []  # type: ignore[valid-type]
    exclude: list[Condition] = []  # type: ignore[valid-type]
    roles: dict[Slot, Role] = {}
    modality: Modality | None = None
    speech: bool = False
    nominal_source_needed: bool = False
    support: ClassRef | None = None

    @model_validator(mode="after")
    def one_way_to_match(self) -> Trigger:
        if (self.lemma is None) == (self.pattern is None):
            raise ValueError("a trigger names its words by exactly one of 'lemma' or 'pattern'")
        if self.pattern is not None and self.head >= len(self.pattern):
            raise ValueError(f"'head' {self.head} is outside the {len(self.pattern)}-token pattern")
        if any(not alt.model_fields_set for alt in [*self.requires, *self.exclude]):
            raise ValueError("an empty alternative in 'requires' or 'exclude' would always hold")
        return self


EventTypeSpec = create_model(  # type: ignore[call-overload]
    "EventTypeSpec",
    __base__=Strict,
    cameo=(Cameo, ...),
    cameo_joint=(Cameo | None, None),
    triggers=(list[Trigger], Field(min_length=1)),
    **{flag: (bool, False) for flag in TYPE_FLAGS},  # the flags the code reads, and no others
)


class TriggerFile(Strict):
    about: list[str] = Field(default=[], alias="_about")
    classes: dict[str, list[Word]]
    anaphora: dict[str, list[Word]] = {}
    support_modality: dict[str, Modality] = {}
    types: dict[str, EventTypeSpec] = Field(min_length=1)  # type: ignore[valid-type]


# every word list the code asks for, with what it is for (the README in extractors/data says more)
CUE_KEYS = (
    "media_heads",
    "media_heads_qualified",
    "media_qualifiers",
    "located_heads",
    "official_titles",
    "anonymous_heads",
    "document_heads",
    "planning",
    "future_aux",
    "modal_planned",
    "alleging",
    "alleged_adverbs",
    "report_verbs",
    "message_speech",
    "object_control",
    "accusing_of",
    "co_agent",
    "relational_heads",
    "pronoun_states",
    "pronoun_people",
    "refusal",
    "habitual_adverbs",
    "raising_verbs",
    "phase_verbs",
    "falsity",
    "national_bodies",
    "negators",
    "quantity_heads",
    "joint_words",
    "subordinators",
    "definite_determiners",
    "fresh_modifiers",
    "deciding_heads",
    "pronoun_groups",
    "pair_words",
    "listing_words",
    "contextual_aliases",
    "governing_heads",
    "reaction_verbs",
    "platform_words",
    "purpose_verbs",
    "other_occasion",
    "involvement",
    "generic_event_nouns",
    "labelling_verbs",
)

CueFile = create_model(  # type: ignore[call-overload]
    "CueFile",
    __base__=Strict,
    about=(list[str], Field(default=[], alias="_about")),
    **{key: (list[Word], ...) for key in CUE_KEYS},
)


def _class_refs(raw: dict) -> list[tuple[str, str, str]]:
    """(where, key, '@class') of every class a rule refers to, read from the raw data so that these errors are
    reported together with the model's own."""
    refs = []
    for type_name, spec in (raw.get("types") or {}).items():
        for n, trig in enumerate(spec.get("triggers") or [] if isinstance(spec, dict) else []):
            if not isinstance(trig, dict):
                continue
            base = f"types.{type_name}.triggers[{n}]"
            if isinstance(trig.get("support"), str):
                refs.append((base, "support", trig["support"]))
            for part in ("requires", "exclude"):
                for k, alt in enumerate(trig.get(part) or []):
                    for key, value in alt.items() if isinstance(alt, dict) else []:
                        if key in CONDITIONS and CONDITIONS[key][1] == "class" and isinstance(value, str):
                            refs.append((f"{base}.{part}[{k}]", key, value))
    return refs


def check_trigger_data(raw: Any) -> list[RuleError]:
    errors: list[RuleError] = []
    try:
        TriggerFile.model_validate(raw)
    except ValidationError as err:
        errors = from_validation_error(TRIGGERS_FILE, err)
    if not isinstance(raw, dict):
        return errors
    classes = raw.get("classes") if isinstance(raw.get("classes"), dict) else {}
    errors += [
        RuleError(TRIGGERS_FILE, where, key, f"unknown class {ref!r} (not under 'classes')")
        for where, key, ref in _class_refs(raw)
        if ref[1:] not in classes
    ]
    types = raw.get("types") if isinstance(raw.get("types"), dict) else {}
    errors += _duplicate_ids(types)
    for type_name in raw.get("anaphora") or {}:
        if type_name not in types:
            errors.append(RuleError(TRIGGERS_FILE, "anaphora", type_name, "not an event type under 'types'"))
    return errors


def _duplicate_ids(types: dict) -> list[RuleError]:
    """Two triggers of one type with one id (``trigger_id``): events could not be traced to their entry."""
    errors = []
    for type_name, spec in types.items():
        seen: dict[str, int] = {}
        for n, trig in enumerate(spec.get("triggers") or [] if isinstance(spec, dict) else []):
            if not isinstance(trig, dict) or not (trig.get("lemma") or trig.get("pattern") or trig.get("id")):
                continue
            try:
                ident = trigger_id(trig)
            except (AttributeError, IndexError, KeyError, TypeError):
                continue  # a malformed entry, reported by the model
            if ident in seen:
                errors.append(
                    RuleError(
                        TRIGGERS_FILE,
                        f"types.{type_name}.triggers[{n}]",
                        "id",
                        f"{ident!r} is also the id of triggers[{seen[ident]}]: give one an explicit 'id'",
                    )
                )
            seen.setdefault(ident, n)
    return errors


def check_cue_data(raw: Any) -> list[RuleError]:
    try:
        CueFile.model_validate(raw)
    except ValidationError as err:
        return from_validation_error(CUES_FILE, err)
    return []
