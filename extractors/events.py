"""Event extraction: typed events with actors, modality and dates from a parsed article.

Placeholder first version; issue 4 replaces the body, keeping this signature.
"""
from __future__ import annotations

from spacy.tokens import Doc

from schemas import Event, ParsedArticle, TimeExpression


def extract_events(doc: Doc, article: ParsedArticle, timexes: list[TimeExpression]) -> list[Event]:
    """Events in ``doc`` (the spaCy parse of ``article.text``), one per real-world event."""
    return []
