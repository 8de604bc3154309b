"""Headline case: "North Korea Test-Fires Cruise Missiles Off East Coast" is parsed as one long proper name by
the small English model, so no trigger rule sees a verb or an object. A title-case (or all-caps) line is given
to the parser in sentence case: function words, the event vocabulary and verbs are lower-cased; names the actor
tables know ("North Korea", "Moon Jae-in"), acronyms and unknown capitalised words keep their case. The text
keeps its length, so every offset still points into the article.
"""

from __future__ import annotations

import re
from functools import lru_cache

from spacy.lang.en.stop_words import STOP_WORDS
from spacy.language import Language
from spacy.tokens import Doc

from extractors.actors.lexicon import aliases, lookup
from extractors.events.lexicon import lexicon

WORD = re.compile(r"[A-Za-z][A-Za-z'’]*")
MAX_NAME_WORDS = 4  # "Kim Jong Un", "United Nations Security Council"
MIN_TITLE_WORDS = 2  # capitalised lower-case-able words after the first one
MIN_CAPS_WORDS = 3


def _bases(word: str) -> set[str]:
    """The word and its possible uninflected forms: "fires" -> fire, "blocks" -> block, "carried" -> carry."""
    w = word.lower().replace("’", "'")
    out = {w}
    if w.endswith("ies"):
        out.add(w[:-3] + "y")
    if w.endswith("es"):
        out.add(w[:-2])
    if w.endswith("s") and not w.endswith("ss"):
        out.add(w[:-1])
    if w.endswith("ied"):
        out.add(w[:-3] + "y")
    if w.endswith("ed"):
        out |= {w[:-2], w[:-1]}
        if len(w) > 4 and w[-3] == w[-4]:
            out.add(w[:-3])  # "vetted"
    if w.endswith("ing"):
        out |= {w[:-3], w[:-3] + "e"}
    return out


@lru_cache(maxsize=1)
def _event_words() -> frozenset[str]:
    """Every word the trigger rules, classes and cue lists name: these must reach the parser in lower case."""
    lex = lexicon()
    words: set[str] = set()
    for pats in lex.patterns.values():
        for pat in pats:
            for spec in pat:
                value = next(iter(spec.values()))
                words.update(value["IN"] if isinstance(value, dict) else [value])
    for group in (*lex.classes.values(), *lex.cues.values(), lex.anaphora):
        for entry in group:
            words.update(entry.split())
    return frozenset(w.lower() for w in words)


_VERBS: dict[int, frozenset[str]] = {}


def _verbs(nlp: Language) -> frozenset[str]:
    """Base forms of English verbs (the lemmatizer's own index) and their irregular forms ("held", "met")."""
    key = id(nlp)
    if key not in _VERBS:
        found: set[str] = set()
        try:
            lookups = nlp.get_pipe("lemmatizer").lookups
            index, exc = lookups.get_table("lemma_index"), lookups.get_table("lemma_exc")
            found.update(index.get("verb", ()))
            found.update(exc.get("verb", {}).keys())
        except (KeyError, AttributeError):
            pass  # a pipeline without a rule lemmatizer: only the event vocabulary is lower-cased
        _VERBS[key] = frozenset(found)
    return _VERBS[key]


def _lowerable(word: str, nlp: Language) -> bool:
    bases = _bases(word)
    return bool(bases & STOP_WORDS or bases & _event_words() or bases & _verbs(nlp))


def _is_name(text: str) -> bool:
    """A name the actor tables know as it stands: "North Korea", "Kim Jong Un", "Chinese"; not the country
    inside "North Korea Test" or the code "IN" inside "In"."""
    if text.lower() in aliases():
        return True
    known = lookup(text)
    return known is not None and (known.kind == "demonym" or known.name.lower() == text.lower())


def is_headline(line: str, nlp: Language) -> bool:
    """An all-caps line of several words, or a title-case line: its function words, verbs and event words are
    capitalised ("Leader Says Talks Will Resume"), which a sentence never does."""
    words = WORD.findall(line)
    if line.upper() == line:  # "PUTIN DEFENDS WAR GAMES"; not a two-word place line ("NEW YORK —")
        return sum(1 for w in words if len(w) > 1) >= MIN_CAPS_WORDS
    rest = [w for w in words[1:] if _lowerable(w, nlp)]
    capital = sum(1 for w in rest if w[0].isupper())
    return capital >= MIN_TITLE_WORDS and capital >= 0.75 * len(rest)


def sentence_case(line: str, nlp: Language) -> str:
    """The line as a sentence would write it (same length): see the module docstring."""
    spans = [(m.start(), m.end()) for m in WORD.finditer(line)]
    keep: set[int] = set()
    i = 0
    while i < len(spans):  # names the actor tables know, longest first
        for n in range(min(MAX_NAME_WORDS, len(spans) - i), 0, -1):
            a, b = spans[i][0], spans[i + n - 1][1]
            if n > 1 and not re.fullmatch(r"[\w'’]+(?:[\s-]+[\w'’]+)*", line[a:b]):
                continue  # no punctuation inside a name
            if _is_name(line[a:b]):
                keep.update(range(i, i + n))
                i += n
                break
        else:
            i += 1
    caps = line.upper() == line
    out = list(line)
    for k, (a, b) in enumerate(spans):
        word = line[a:b]
        if k in keep or (not caps and word.isupper() and len(word) > 1) or not _lowerable(word, nlp):
            continue  # a known name, an acronym ("UN"), an unknown capitalised word ("Shaheen")
        if k == 0:
            out[a + 1 : b] = word[1:].lower()  # the first word keeps its capital, as in a sentence
        else:
            out[a:b] = word.lower()
    text = "".join(out)
    return text if len(text) == len(line) else line


@lru_cache(maxsize=1)
def _trigger_verbs() -> frozenset[str]:
    """The words of the verb trigger rules ("fire", "launch", "sanction", "veto")."""
    lex = lexicon()
    words: set[str] = set()
    for key, rule in lex.rules.items():
        if rule.pos != "VERB":
            continue
        for pat in lex.patterns[key]:
            value = next(iter(pat[rule.head if len(pat) > rule.head else 0].values()))
            words.update(value["IN"] if isinstance(value, dict) else [value])
    return frozenset(w.lower() for w in words)


def repair_verbs(doc: Doc) -> Doc:
    """ "Navy test-fires missile": in a headline the tagger reads the present-tense verb of a trigger rule as
    a plural noun modifying its object. Such a word (a noun-modifier ending in -s whose stem is a trigger verb,
    right before more of the noun phrase) is the headline's verb: it is re-tagged VBZ with its verb lemma, the
    name before it becomes its subject, and the rules read the noun it modifies as its object (grammar.objects)."""
    verbs = _trigger_verbs()
    for tok in doc:
        low = tok.lower_
        if tok.tag_ != "NNS" or tok.dep_ not in ("compound", "nmod", "amod") or tok.head.i <= tok.i or tok.i == 0:
            continue
        base = next((b for b in sorted(_bases(low) - {low}) if b in verbs), None)
        if base is None:
            continue
        obj = tok.head
        tok.tag_, tok.pos_, tok.lemma_ = "VBZ", "VERB", base
        for c in list(tok.children):  # "US sanctions ...", "North Korea test-fires ...": the name before it
            if c.dep_ == "compound" and c.i < tok.i and c.pos_ == "PROPN" and doc[c.i + 1].text != "-":
                c.dep_ = "nsubj"
        if obj.head.i == obj.i:  # the noun phrase was the whole line: the verb heads it, the noun is its object
            tok.head, tok.dep_ = tok, "ROOT"
            obj.head, obj.dep_ = tok, "dobj"
    for tok in doc:  # "Treasury sanctions Iranian firms ...": a plural noun heading the line, its object in apposition
        if tok.tag_ != "NNS" or tok.dep_ != "ROOT" or tok.i == 0:
            continue
        base = next((b for b in sorted(_bases(tok.lower_) - {tok.lower_}) if b in verbs), None)
        names = [c for c in tok.children if c.dep_ == "compound" and c.i < tok.i and c.pos_ == "PROPN"]
        objs = [c for c in tok.children if c.dep_ == "appos" and c.i > tok.i and c.pos_ in ("NOUN", "PROPN")]
        if base is None or not names or not objs:
            continue
        tok.tag_, tok.pos_, tok.lemma_ = "VBZ", "VERB", base
        for c in names:
            c.dep_ = "nsubj"
        objs[0].dep_ = "dobj"
    return doc
