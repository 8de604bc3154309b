"""Analysis of parsed articles: one spaCy pass per batch, then time expressions and events."""

from __future__ import annotations

from collections.abc import Sequence

from spacy.language import Language

from extractors.article.parser import analysis_text
from extractors.events.extract import extract_events
from extractors.nlp import BATCH_SIZE, load_model
from extractors.timex.find import find_time_expressions
from schemas import ArticleResult, ParsedArticle, Rejection


def analyse_articles(
    articles: Sequence[ParsedArticle], nlp: Language | None = None, batch_size: int = BATCH_SIZE
) -> tuple[list[ArticleResult], list[Rejection]]:
    """Results for the articles that could be analysed, a rejection for any that could not."""
    nlp = nlp or load_model()
    results: list[ArticleResult] = []
    failed: list[Rejection] = []
    docs = nlp.pipe((analysis_text(a) for a in articles), batch_size=batch_size)
    for article, doc in zip(articles, docs, strict=True):
        try:
            timexes = find_time_expressions(doc, article.anchor, exclude=article.furniture)
            events = extract_events(doc, article, timexes, nlp)
        except Exception as err:  # an extractor bug on one article must not stop the batch
            failed.append(
                Rejection(source_uri=article.source_uri, reason=f"analysis failed: {type(err).__name__}: {err}")
            )
            continue
        results.append(ArticleResult(article=article, timexes=timexes, events=events))
    return results, failed
