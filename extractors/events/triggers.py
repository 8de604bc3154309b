"""Trigger candidates: lexicon matches whose grammatical conditions (object, modifier, light verb...) hold."""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Token

from extractors.actors.resolver import RELATIVES, left_phrase
from extractors.events.lexicon import Lexicon, TriggerRule, lexicon, trigger_matcher
from extractors.events.segments import Unit

OBJECT_DEPS = {"dobj", "nsubjpass", "obj", "attr", "oprd"}
NOMINAL_SLOTS = {"pobj", "dobj", "nsubjpass"}
MODIFIER_DEPS = {"compound", "amod", "nmod", "npadvmod"}
QUANTITY_HEADS = {
    "hundred",
    "thousand",
    "dozen",
    "million",
    "batch",
    "shipment",
    "number",
    "lot",
    "series",
    "salvo",
    "barrage",
    "volley",
    "pair",
    "couple",
    "round",
    "type",
    "kind",
    "stock",
    "stockpile",
    "consignment",
    "cargo",
    "package",
    "all",
    "some",
}


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


def is_verb(tok: Token) -> bool:
    return tok.pos_ in ("VERB", "AUX") or tok.tag_.startswith("VB")


def is_noun(tok: Token) -> bool:
    return tok.pos_ in ("NOUN", "PROPN") or tok.tag_.startswith("NN")


@dataclass(frozen=True)
class GerundFrame:
    """ "accused Pyongyang of shipping artillery shells to Russia" with "shipping" tagged as a noun modifier of
    "shells": the gerund is a verb whose object is that noun, whose agent is the accused and whose recipient
    is the "to" phrase right after the object."""

    obj: Token  # "shells"
    governor: Token  # "accused"
    recipients: tuple  # "Russia"


def gerund_frame(tok: Token) -> GerundFrame | None:
    if is_verb(tok) or not tok.lower_.endswith("ing") or tok.dep_ not in ("compound", "amod", "nmod"):
        return None
    obj = tok.head
    if obj.i <= tok.i or not is_noun(obj) or obj.dep_ != "pobj" or obj.head.lower_ != "of" or tok.i != obj.head.i + 1:
        return None
    gov = obj.head.head
    if not is_verb(gov) or gov.lemma_.lower() not in lexicon().cue("accusing_of"):
        return None
    if not any(c.dep_ in ("dobj", "nsubjpass") for c in gov.children):
        return None  # the accused party is the one who acts
    after = with_conjuncts([obj])
    edge = max(t.right_edge.i for t in after)
    recipients = [
        g
        for holder in (tok, obj, gov)
        for c in holder.children
        if c.dep_ in ("prep", "dative") and c.lower_ == "to" and c.i == edge + 1
        for g in c.children
        if g.dep_ == "pobj"
    ]
    if not recipients:
        return None
    return GerundFrame(obj, gov, tuple(with_conjuncts(recipients)))


def joined_in(tok: Token) -> Token | None:
    """ "joining Russia in voting against it": the verb of joining whose "in" clause the word heads."""
    if tok.dep_ in ("pcomp", "pobj") and is_verb(tok) and tok.head.lower_ == "in" and tok.head.dep_ == "prep":
        verb = tok.head.head
        if is_verb(verb) and verb.lemma_.lower() in lexicon().cue("co_agent"):
            return verb
    return None


def not_done(verb: Token) -> bool:
    """The verb's act explicitly did not happen: "did not join", "declined to join", "rather than joining",
    "instead of joining"."""
    cues = lexicon()
    if any(c.dep_ == "neg" and c.lower_ in cues.cue("negators") for c in verb.children):
        return True
    if verb.dep_ == "xcomp" and verb.head.lemma_.lower() in cues.cue("refusal"):
        return True
    prep = verb.head
    return (
        verb.dep_ in ("pcomp", "pobj")
        and prep.lower_ in ("than", "of")
        and prep.i > 0
        and verb.doc[prep.i - 1].lower_ in ("rather", "instead")
    )


def verb_forms(word: str) -> set[str]:
    """Possible verb lemmas of an -ing form: "shipping" -> ship, "providing" -> provide, "selling" -> sell."""
    stem = word.lower()[:-3]
    out = {stem, stem + "e"}
    if len(stem) > 2 and stem[-1] == stem[-2]:
        out.add(stem[:-1])
    return out


def with_conjuncts(toks: list[Token]) -> list[Token]:
    out: list[Token] = []
    for t in toks:
        for x in [t, *t.conjuncts]:
            if x not in out:
                out.append(x)
    return out


def coordinated_with(verb: Token) -> Token | None:
    """The verb this one is coordinated with. The parser often hangs "X said that Y was seeking ... and
    sanctioned Z" on the inner verb; a past-tense conjunct of a non-past complement verb belongs to the
    past-tense reporting verb above it."""
    if verb.dep_ != "conj" or not is_verb(verb.head):
        return None
    head = verb.head
    if (
        head.dep_ == "ccomp"
        and verb.tag_ == "VBD"
        and head.tag_ != "VBD"
        and is_verb(head.head)
        and head.head.tag_ == "VBD"
        and not any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children)
    ):
        return head.head
    return head


def objects(verb: Token) -> list[Token]:
    """Direct objects, passive subjects, "supply Russia with drones", and the noun a participle modifies."""
    found = [c for c in verb.children if c.dep_ in OBJECT_DEPS or (c.dep_ == "dative" and c.pos_ != "ADP")]
    frame = gerund_frame(verb)
    if frame is not None:
        found.append(frame.obj)  # "of shipping shells" with "shipping" tagged as a noun
    for c in verb.children:
        if c.dep_ == "prep" and c.lower_ == "with":
            found.extend(g for g in c.children if g.dep_ == "pobj")
    if verb.dep_ == "acl" and verb.tag_ == "VBN":
        found.append(verb.head)  # "weapons supplied by Iran"
    if verb.dep_ in ("nmod", "amod", "compound") and verb.tag_ == "VBZ" and verb.head.i > verb.i:
        found.append(verb.head)  # headline misparse: "North Korea fires ballistic missile" hangs the verb on its object
    for c in verb.children:  # "fired what appeared to be an ICBM": the thing the free relative names
        if (
            c.dep_ in ("ccomp", "dobj")
            and is_verb(c)
            and any(g.dep_ == "nsubj" and g.lower_ == "what" for g in c.children)
        ):
            clause = next((g for g in c.children if g.dep_ == "xcomp" and g.lemma_ == "be"), c)
            found.extend(g for g in clause.children if g.dep_ in ("attr", "oprd"))
    for obj in list(found):  # "hundreds of drones", "a shipment of shells"
        if obj.like_num or obj.pos_ in ("NUM", "PRON") or obj.lemma_.lower() in QUANTITY_HEADS:
            found.extend(
                g for c in obj.children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children if g.dep_ == "pobj"
            )
    if verb.dep_ == "relcl" and not any(c.dep_ in ("dobj", "nsubjpass") for c in verb.children):
        if any(c.dep_ == "nsubj" and c.tag_ not in ("WDT", "WP") for c in verb.children):
            antecedent = verb.head  # "allegations the North denies"
            rel = next((c for c in verb.children if c.lower_ in RELATIVES and c.i < verb.i), None)
            if rel is not None and antecedent.lower_ in lexicon().anaphora:
                antecedent = left_phrase(rel) or antecedent  # "sanctions on firms in Iran that X accused": the firms
            found.append(antecedent)
    return with_conjuncts(found)


def modifiers(noun: Token) -> list[Token]:
    """Compound/adjective modifiers and "of" objects: "missile test", "the launch of its ICBM"."""
    found = [c for c in noun.children if c.dep_ in MODIFIER_DEPS and c.i < noun.i]
    for c in noun.children:
        if c.dep_ == "prep" and c.lower_ == "of":
            found.extend(g for g in c.children if g.dep_ == "pobj")
    deep = list(found)
    for m in found:  # "solid-fuel ICBM", "ballistic missile"
        deep.extend(g for g in m.children if g.dep_ in MODIFIER_DEPS)
    return with_conjuncts(deep)


def governing_verb(noun: Token) -> Token | None:
    """The verb a nominal trigger is the object of: "imposed sanctions", "hit Russia with sanctions", "take part in drills"."""
    t = noun
    while t.dep_ == "conj" and t.head.i != t.i:
        t = t.head
    if t.dep_ == "pobj" and t.head.lower_ == "of" and is_noun(t.head.head):
        t = t.head.head  # "sent a message of congratulations", "imposed a package of sanctions"
        while t.dep_ == "conj" and t.head.i != t.i:
            t = t.head
    if t.dep_ in OBJECT_DEPS and is_verb(t.head):
        return t.head
    if t.dep_ == "pobj" and t.head.lower_ in ("with", "in", "to") and is_verb(t.head.head):
        return t.head.head
    if t.dep_ == "dobj" and t.head.dep_ == "xcomp":
        return t.head
    return None


def preps(tok: Token, names: set[str]) -> list[Token]:
    return [c for c in tok.children if c.dep_ in ("prep", "agent", "dative") and c.lower_ in names]


class TriggerFinder:
    def __init__(self, lex: Lexicon | None = None) -> None:
        self.lex = lex or lexicon()

    def candidates(self, units: list[Unit]) -> list[Candidate]:
        by_doc: dict[int, list[Unit]] = {}
        for u in units:
            by_doc.setdefault(id(u.sent.doc), []).append(u)
        found: list[Candidate] = []
        seen: set[tuple[str, int, int]] = set()
        for group in by_doc.values():
            doc = group[0].sent.doc
            for key, start, end in trigger_matcher()(doc):
                rule = self.lex.rules[key]
                tok = doc[start + rule.head]
                unit = next((u for u in group if u.sent.start <= tok.i < u.sent.end), None)
                if unit is None or (rule.key, id(doc), tok.i) in seen:
                    continue
                seen.add((rule.key, id(doc), tok.i))
                cand = self.check(rule, tok, unit, doc[start:end])
                if cand is not None:
                    found.append(cand)
            for (
                unit
            ) in group:  # verbs the tagger read as nouns, in a clear verbal frame: "accused X of shipping shells to Y"
                for tok in unit.sent:
                    if gerund_frame(tok) is None:
                        continue
                    forms = verb_forms(tok.text)
                    for key, rule in self.lex.rules.items():
                        if (
                            rule.pos != "VERB"
                            or (key, id(doc), tok.i) in seen
                            or not forms & _rule_lemmas(self.lex, key)
                        ):
                            continue
                        seen.add((key, id(doc), tok.i))
                        cand = self.check(rule, tok, unit, doc[tok.i : tok.i + 1])
                        if cand is not None:
                            found.append(cand)
        found.sort(key=lambda c: c.start)
        heads = {(id(c.trigger.doc), c.trigger.i, c.type) for c in found}
        # "a message of greetings", "a series of drills": the "of" noun is the same event as its head
        found = [
            c
            for c in found
            if not (
                c.trigger.dep_ == "pobj"
                and c.trigger.head.lower_ == "of"
                and (id(c.trigger.doc), c.trigger.head.head.i, c.type) in heads
            )
        ]
        # "lodged a protest": the light verb of a nominal trigger is no second event of the same type
        carried = {(id(c.trigger.doc), c.support.i, c.type) for c in found if c.support is not None}
        found = [c for c in found if (id(c.trigger.doc), c.trigger.i, c.type) not in carried]
        # "imposed asset freezes and travel bans on ...": coordinated nouns under one light verb are one event
        by_token = {(id(c.trigger.doc), c.trigger.i, c.type): c for c in found}
        found = [
            c
            for c in found
            if not (
                c.trigger.dep_ == "conj"
                and c.support is not None
                and (first := by_token.get((id(c.trigger.doc), c.trigger.head.i, c.type))) is not None
                and first.support is not None
                and first.support.i == c.support.i
            )
        ]
        return _one_per_trigger(found)

    def check(self, rule: TriggerRule, tok: Token, unit: Unit, matched) -> Candidate | None:
        if (
            rule.pos == "VERB"
            and (not is_verb(tok) or any(c.dep_ == "det" and c.i < tok.i for c in tok.children))
            and gerund_frame(tok) is None
        ):
            return None  # "the Baltic states": a noun the tagger took for a verb
        if rule.pos == "NOUN" and not (is_noun(tok) or tok.dep_ in NOMINAL_SLOTS):
            return None  # "with asset freezes": a noun the tagger took for a verb is still a noun in a noun's slot
        support = governing_verb(tok) if rule.pos == "NOUN" else None
        if rule.pos == "NOUN" and (support is None or not self.is_support(support, rule)):
            # "the exercise staged by the United States and Japan", "drills held last week"
            support = next(
                (
                    c
                    for c in tok.children
                    if c.dep_ == "acl"
                    and c.i > tok.i
                    and (c.tag_ == "VBN" or any(g.dep_ == "agent" for g in c.children))
                    and self.is_support(c, rule)
                ),
                support,
            )
            if support is None or not self.is_support(support, rule):  # "the vetoes Moscow has cast"
                support = _contact_clause(tok, lambda v: self.is_support(v, rule)) or support
        required: Token | None = None
        if rule.requires:
            for alt in rule.requires:
                ok, req = self.holds(alt, tok, unit, support)
                if ok:
                    required = req
                    break
            else:
                return None
        for alt in rule.exclude:
            if self.holds(alt, tok, unit, support)[0]:
                return None
        if support is not None and not self.is_support(support, rule):
            support = None
        s, e = unit.start(matched[0]), unit.end(matched[-1])
        if support is not None and support.i < tok.i and tok.i - support.i <= 4:
            s = unit.start(support)  # "sent a message", "imposed sanctions"
        for c in tok.children:  # "shut down"
            if c.dep_ == "prt" and c.i == tok.i + 1:
                e = unit.end(c)
        return Candidate(rule=rule, trigger=tok, unit=unit, span=(s, e), support=support, required=required)

    def is_support(self, verb: Token, rule: TriggerRule) -> bool:
        """Any light-verb class named by the rule's alternatives."""
        classes = [alt["support"] for alt in rule.requires if "support" in alt] + (
            [rule.support] if rule.support else []
        )
        return any(self.lex.in_class(verb, c) for c in classes)

    def holds(self, alt: dict, tok: Token, unit: Unit, support: Token | None) -> tuple[bool, Token | None]:
        lex = self.lex
        req: Token | None = None
        for cond, value in alt.items():
            if cond == "object":
                hits = [o for o in objects(tok) if lex.in_class(o, value)]
                if not hits:
                    return False, None
                req = hits[0]
            elif cond == "modifier":
                hits = [m for m in modifiers(tok) if lex.in_class(m, value)]
                if not hits:
                    return False, None
                req = hits[0]
            elif cond == "support":
                if support is None or not lex.in_class(support, value):
                    return False, None
            elif cond == "prep":
                names = set(value)
                if not preps(tok, names) and not (support is not None and preps(support, names)):
                    return False, None
            elif cond == "plural":
                if (tok.tag_ in ("NNS", "NNPS")) != bool(value):
                    return False, None
            elif cond == "lemma_in":
                if tok.lemma_.lower() not in value and tok.lower_ not in value:
                    return False, None
            elif cond == "sentence":
                if not lex.sentence_has(unit.sent.text, value):
                    return False, None
            elif cond == "tag":
                if tok.tag_ != value:
                    return False, None
            elif cond == "governor":  # "has sanctioned US firms, most recently targeting X in July"
                if tok.dep_ not in ("advcl", "conj", "xcomp") or not lex.in_class(tok.head, value):
                    return False, None
            elif cond == "dep":
                if tok.dep_ not in value:
                    return False, None
            elif cond == "medium":  # "said in a text message sent to reporters": the channel of a statement
                is_medium = (
                    tok.dep_ == "pobj" and tok.head.lower_ in ("in", "via", "through", "by") and is_verb(tok.head.head)
                )
                if is_medium != bool(value):
                    return False, None
            elif cond == "refused_join":  # "abstained rather than joining Russia in voting against it"
                join = joined_in(tok)
                if (join is not None and not_done(join)) != bool(value):
                    return False, None
            elif cond == "object_noun":  # "maintaining a posture", "added firms to": not the speech sense
                if not any(c.dep_ in ("dobj", "obj") and c.pos_ in ("NOUN", "PROPN", "NUM") for c in tok.children):
                    return False, None
            elif cond in ("to_object", "on_object"):  # "added X to its sanctions list"
                hits = [o for o in _prep_objects(tok, cond.split("_")[0]) if lex.in_class(o, value)]
                if not hits:
                    return False, None
                req = hits[0]
            elif cond == "recipient":  # "sent drones to Russia", "sent Ukraine tanks"; not "sent jets around Taiwan"
                has = (
                    bool(_prep_objects(tok, "to"))
                    or gerund_frame(tok) is not None
                    or any(c.dep_ in ("dative", "iobj") and c.pos_ != "ADP" for c in tok.children)
                )
                if has != bool(value):
                    return False, None
        return True, req


def _contact_clause(noun: Token, fits) -> Token | None:
    """The verb of a relative clause right after the noun whose object the noun is ("a string of vetoes Moscow
    has cast"), also when the parser hung the clause on a noun further up."""
    doc = noun.doc
    own = next((v for v in noun.children if v.dep_ == "relcl" and v.i > noun.i), None)
    if own is not None:
        return own if fits(own) and not any(g.dep_ in ("dobj", "nsubjpass") for g in own.children) else None
    nxt = noun.right_edge.i + 1
    if nxt >= len(doc):
        return None
    ancestors = {noun.i, *(a.i for a in noun.ancestors)}
    for v in [doc[nxt], *doc[nxt].ancestors]:
        if v.dep_ == "relcl" and v.head.i in ancestors and v.left_edge.i == nxt:
            if fits(v) and not any(g.dep_ in ("dobj", "nsubjpass") for g in v.children):
                return v
            return None
    return None


def _rule_lemmas(lex: Lexicon, key: str) -> set[str]:
    """The words a lemma rule's patterns name (empty for a multi-token pattern)."""
    out: set[str] = set()
    for pat in lex.patterns.get(key, ()):
        if len(pat) == 1:
            value = next(iter(pat[0].values()))
            out.update(value["IN"] if isinstance(value, dict) else [value])
    return out


def _prep_objects(tok: Token, name: str) -> list[Token]:
    return [
        g
        for c in tok.children
        if c.dep_ in ("prep", "dative") and c.lower_ == name
        for g in c.children
        if g.dep_ == "pobj"
    ]


def _one_per_trigger(cands: list[Candidate]) -> list[Candidate]:
    """A word triggers one event type; the most specific rule (one with conditions) wins."""
    best: dict[tuple[int, int], Candidate] = {}
    for c in cands:
        key = (id(c.trigger.doc), c.trigger.i)
        old = best.get(key)
        if old is None or (c.required is not None and old.required is None and old.rule.speech):
            best[key] = c
    return sorted(best.values(), key=lambda c: c.start)
