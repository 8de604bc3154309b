"""The trigger lexicon and cue lists (data/event_triggers.json, data/event_cues.json), loaded once per process."""

from __future__ import annotations

import json
from dataclasses import dataclass, field, fields
from functools import lru_cache

import numpy
from spacy.attrs import LEMMA, LOWER, ORTH
from spacy.strings import get_string_id
from spacy.tokens import Doc, Token

from extractors.data import read_rule_text


@dataclass(frozen=True)
class TriggerRule:
    key: str  # matcher key, unique per rule
    type: str
    cameo: str | None
    cameo_joint: str | None
    pos: str  # VERB | NOUN
    head: int  # index of the trigger token inside a multi-token pattern
    requires: tuple[dict, ...]
    exclude: tuple[dict, ...]
    roles: dict[str, str] = field(hash=False)
    modality: str | None = None
    speech: bool = False  # a reporting verb: attribution unless its subject is an identified actor
    nominal_source_needed: bool = False  # a noun that is only an event when it names who does it
    support: str | None = None  # light verbs that carry the noun without being required ("conducted a missile test")
    rule_id: str = ""  # stable name of the entry in event_triggers.json: "<type>:<id>" (see ``trigger_id``)


@dataclass(frozen=True)
class EventType:
    """What an event type is and how the passes treat it (the flags of its entry in event_triggers.json)."""

    name: str
    cameo: str | None = None
    cameo_joint: str | None = None
    speech_act: bool = False  # about claims: its content is not alleged by it; its speakers tell events apart
    attributable: bool = False  # a document or outlet as its subject speaks for an author, or for nobody
    needs_source: bool = False  # no doer in the phrase: the object of a governing accusation is the doer
    source_from_context: bool = False  # ... else the nearest country earlier in the sentence
    criticism_targets_doer: bool = False  # an accusation aimed at such an event is aimed at whoever did it
    two_sided: bool = False  # a bare state modifier ("Taiwan arms sale") may name either side


def trigger_id(raw: dict) -> str:
    """The id of a trigger entry within its type: its ``id`` key, else "<pos>:<first word>" ("verb:say",
    "noun:sanction") or, for a pattern, its tokens' first words ("verb:test-fire"). It names the entry, not its
    place in the list, so adding or moving other entries never changes it."""
    if raw.get("id"):
        return str(raw["id"])
    if raw.get("lemma"):
        words = str(raw["lemma"][0]).lower()
    else:
        firsts = []
        for spec in raw.get("pattern") or []:
            value = next(iter(spec.values()), "") if isinstance(spec, dict) else ""
            firsts.append(str(value["IN"][0] if isinstance(value, dict) and value.get("IN") else value).lower())
        words = " ".join(firsts).replace(" - ", "-")
    return f"{str(raw.get('pos', 'VERB')).lower()}:{words}"


# the behaviour flags an event type may set in the data: EventType's boolean fields (the rule model reads them here)
TYPE_FLAGS = tuple(f.name for f in fields(EventType) if f.type == "bool")


@dataclass(frozen=True)
class Lexicon:
    types: dict[str, EventType]
    rules: dict[str, TriggerRule]
    patterns: dict[str, list[list[dict]]]
    classes: dict[str, frozenset[str]]
    support_modality: dict[str, str]
    cues: dict[str, frozenset[str]]
    anaphora: dict[str, str] = field(default_factory=dict)  # bare noun -> event type it refers back to ("the launch")
    # rule key -> the words its single-token patterns name (empty for a multi-token pattern), read once
    words: dict[str, frozenset[str]] = field(default_factory=dict)

    def cue(self, name: str) -> frozenset[str]:
        """A word list of event_cues.json; an unknown name is a bug, not an empty list."""
        return self.cues[name]

    def type_of(self, name: str) -> EventType:
        return self.types[name]

    def verb_lemmas(self, type_name: str) -> frozenset[str]:
        """The single-word lemmas of the type's verb rules ("deny", "reject", ... for denial)."""
        return frozenset().union(
            *(self.words[k] for k, r in self.rules.items() if r.type == type_name and r.pos == "VERB")
        )

    def in_class(self, tok: Token, name: str) -> bool:
        """True when the token's lemma or text is in the class; "military aid" entries need the modifier too."""
        words = self.classes[name.lstrip("@")]
        lemma, lower = tok.lemma_.lower(), tok.lower_
        if lemma in words or lower in words:
            return True
        for entry in words:
            if " " in entry:
                mod, _, head = entry.rpartition(" ")
                if head in (lemma, lower) and any(c.lower_ == mod or c.lemma_.lower() == mod for c in tok.children):
                    return True
        return False

    def sentence_has(self, text: str, name: str) -> bool:
        low = f" {text.lower()} "
        for entry in self.classes[name.lstrip("@")]:
            if f" {entry} " in low or f" {entry}," in low or f" {entry}." in low or f" {entry}'" in low:
                return True
        return False


def _read_json(name: str) -> dict:
    return json.loads(read_rule_text(name))


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    from extractors.rules import require_valid  # here, not at the top: the rule models import this module's users
    from extractors.rules.events import check_cue_data, check_trigger_data

    data = _read_json("event_triggers.json")
    cues_raw = _read_json("event_cues.json")
    require_valid(check_trigger_data(data) + check_cue_data(cues_raw))
    classes = {k: frozenset(w.lower() for w in v) for k, v in data["classes"].items()}
    types: dict[str, EventType] = {}
    rules: dict[str, TriggerRule] = {}
    patterns: dict[str, list[list[dict]]] = {}
    for type_name, spec in data["types"].items():
        flags = {f: bool(spec.get(f)) for f in TYPE_FLAGS}
        types[type_name] = EventType(type_name, spec.get("cameo"), spec.get("cameo_joint"), **flags)
        for n, raw in enumerate(spec["triggers"]):
            key = f"{type_name}#{n}"
            rules[key] = TriggerRule(
                key=key,
                type=type_name,
                cameo=spec.get("cameo"),
                cameo_joint=spec.get("cameo_joint"),
                pos=raw.get("pos", "VERB"),
                head=int(raw.get("head", 0)),
                requires=tuple(raw.get("requires", ())),
                exclude=tuple(raw.get("exclude", ())),
                roles=dict(raw.get("roles", {})),
                modality=raw.get("modality"),
                speech=bool(raw.get("speech")),
                nominal_source_needed=bool(raw.get("nominal_source_needed")),
                support=raw.get("support"),
                rule_id=f"{type_name}:{trigger_id(raw)}",
            )
            if "pattern" in raw:
                patterns[key] = [raw["pattern"]]
            else:
                lemmas = [w.lower() for w in raw["lemma"]]
                # lemma or surface form: the small model mis-lemmatises some plurals and hyphenated words
                patterns[key] = [[{"LEMMA": {"IN": lemmas}}], [{"LOWER": {"IN": lemmas}}]]
    cues = {k: frozenset(w.lower() for w in v) for k, v in cues_raw.items() if not k.startswith("_")}
    anaphora = {w.lower(): t for t, words in data.get("anaphora", {}).items() for w in words}
    words = {key: _pattern_words(pats) for key, pats in patterns.items()}
    return Lexicon(types, rules, patterns, classes, dict(data.get("support_modality", {})), cues, anaphora, words)


def _pattern_words(patterns: list[list[dict]]) -> frozenset[str]:
    """The words single-token patterns name ("LEMMA"/"LOWER" IN [...], or one string), lower case."""
    out: set[str] = set()
    for pat in patterns:
        if len(pat) == 1:
            value = next(iter(pat[0].values()))
            out.update(value["IN"] if isinstance(value, dict) else [value])
    return frozenset(w.lower() for w in out)


# token attributes a trigger pattern may test, in the column order of Doc.to_array
ATTRS = {"LEMMA": 0, "LOWER": 1, "ORTH": 2}


class TriggerMatcher:
    """Finds the lexicon's token patterns (LEMMA / LOWER / ORTH, a string or {"IN": [...]}) in a doc.

    spaCy's Matcher evaluates every "IN" set as a Python predicate on every token, which dominated the
    cost of event extraction; here the first token of each pattern is looked up by hash over one
    ``Doc.to_array`` call and only those few positions are checked further.
    """

    def __init__(self, patterns: dict[str, list[list[dict]]]) -> None:
        self.compiled: list[tuple[str, list[tuple[int, frozenset[int]]]]] = []
        for key, pats in patterns.items():
            for pat in pats:
                self.compiled.append((key, [_compile_token(spec) for spec in pat]))
        self.first: list[dict[int, list[int]]] = [{}, {}, {}]  # column -> hash -> pattern ids
        for n, (_, toks) in enumerate(self.compiled):
            col, values = toks[0]
            for v in values:
                self.first[col].setdefault(v, []).append(n)
        self.first_arrays = [numpy.fromiter(d.keys(), dtype=numpy.uint64, count=len(d)) for d in self.first]

    def __call__(self, doc: Doc) -> list[tuple[str, int, int]]:
        """(rule key, start, end) of every match, by start then lexicon order."""
        if not len(doc):
            return []
        arr = doc.to_array([LEMMA, LOWER, ORTH]).reshape(len(doc), 3)
        starts: dict[int, set[int]] = {}
        for col in range(3):
            if not len(self.first_arrays[col]):
                continue
            column = arr[:, col]
            for i in numpy.flatnonzero(numpy.isin(column, self.first_arrays[col])).tolist():
                starts.setdefault(i, set()).update(self.first[col][int(column[i])])
        out: list[tuple[str, int, int]] = []
        n_tok = len(doc)
        for i in sorted(starts):
            for n in sorted(starts[i]):
                key, toks = self.compiled[n]
                end = i + len(toks)
                if end <= n_tok and all(int(arr[i + k, col]) in values for k, (col, values) in enumerate(toks[1:], 1)):
                    out.append((key, i, end))
        return out


def _compile_token(spec: dict) -> tuple[int, frozenset[int]]:
    if len(spec) != 1:
        raise ValueError(f"trigger pattern token must test one attribute: {spec}")
    attr, value = next(iter(spec.items()))
    if attr not in ATTRS:
        raise ValueError(f"unsupported trigger pattern attribute {attr}")
    values = value["IN"] if isinstance(value, dict) else [value]
    return ATTRS[attr], frozenset(get_string_id(v) for v in values)


@lru_cache(maxsize=1)
def trigger_matcher() -> TriggerMatcher:
    """One compiled matcher per process (string hashes do not depend on the vocabulary)."""
    return TriggerMatcher(lexicon().patterns)
