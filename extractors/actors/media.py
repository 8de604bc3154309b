"""Media detection: is a phrase an outlet or a part of one ("Xinhua", "state media", "RFE/RL's Russian Service")?"""

from __future__ import annotations

from spacy.tokens import Token

from extractors.actors.lexicon import lookup, normalise
from extractors.events.lexicon import lexicon


def is_media(head: Token, text: str) -> bool:
    """ "Xinhua", "state media"; an "agency" only when it is a news agency (not a defence agency)."""
    cues = lexicon()
    lemma = head.lemma_.lower()
    if lemma in cues.cue("media_heads"):
        return True
    for c in head.children:  # "RFE/RL's Russian Service", "the BBC's correspondent": a part of an outlet
        if c.dep_ == "poss" and c.pos_ == "PROPN":
            known = lookup(normalise(" ".join(t.text for t in c.subtree)).replace(" / ", "/"))
            if known and known.kind == "media":
                return True
    if lemma in cues.cue("media_heads_qualified"):
        return any(w in cues.cue("media_qualifiers") for w in text.lower().replace("-", " ").split())
    return False
