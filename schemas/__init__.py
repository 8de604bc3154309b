"""Typed records: the one definition of every record that crosses a module boundary."""

from schemas.records import (
    Actor,
    ArticleResult,
    DateInterval,
    Event,
    Location,
    Mention,
    ParsedArticle,
    RawInput,
    Rejection,
    RunSummary,
    TimeExpression,
)

__all__ = [
    "Actor",
    "ArticleResult",
    "DateInterval",
    "Event",
    "Location",
    "Mention",
    "ParsedArticle",
    "RawInput",
    "Rejection",
    "RunSummary",
    "TimeExpression",
]
