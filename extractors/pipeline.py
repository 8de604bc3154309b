"""Analysis of parsed articles: one spaCy pass per batch, then time expressions and events.

A bad article never costs the others their analysis: one over the length cap is rejected before
parsing, a long one is parsed in pieces (extractors.chunking), a batch that spaCy fails on is split in
halves until the failing article is alone, and an error in any step quarantines only its article.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from spacy.language import Language
from spacy.tokens import Doc

from extractors.article.parser import analysis_text, parse_article
from extractors.chunking import PIECE_CHARS, join_docs, pieces, too_long
from extractors.events.extract import extract_events
from extractors.nlp import BATCH_SIZE, load_model
from extractors.timex.find import find_time_expressions
from schemas import ArticleResult, ParsedArticle, RawInput, Rejection

# Characters spaCy parses at once: its parser's memory grows with the characters in one minibatch
# (21 pieces of 100,000 in one minibatch: 5 GB), so long texts go through in smaller minibatches.
PIPE_CHARS = 300_000


def analyse_articles(
    articles: Sequence[ParsedArticle], nlp: Language | None = None, batch_size: int = BATCH_SIZE
) -> tuple[list[ArticleResult], list[Rejection]]:
    """Results for the articles that could be analysed, a rejection for any that could not."""
    nlp = nlp or load_model()
    results: list[ArticleResult] = []
    failed: list[Rejection] = []
    admitted: list[ParsedArticle] = []
    texts: list[list[str]] = []
    limit = min(PIECE_CHARS, nlp.max_length)
    for article in articles:
        reason = too_long(article.text)
        if reason:
            failed.append(Rejection(source_uri=article.source_uri, reason=reason))
            continue
        try:
            texts.append(pieces(analysis_text(article), limit))
        except Exception as err:
            failed.append(_failure(article, err))
            continue
        admitted.append(article)
    for article, doc in zip(admitted, _parsed(nlp, texts, batch_size), strict=True):
        if isinstance(doc, Exception):
            failed.append(_failure(article, doc))
            continue
        try:
            timexes = find_time_expressions(doc, article.anchor, exclude=article.furniture)
            events = extract_events(doc, article, timexes, nlp)
        except Exception as err:  # an extractor bug on one article must not stop the batch
            failed.append(_failure(article, err))
            continue
        results.append(ArticleResult(article=article, timexes=timexes, events=events))
    return results, failed


# A short article written for the warm-up: a dateline, a date, states, an official and an event.
_WARM_UP_TEXT = "SEOUL, May 9 (Dateline) -- North Korea fired a missile on Tuesday, an official in Busan said.\n"


def warm_up() -> None:
    """Load the model and every table the analysis reads once per process (patterns, lexicons, countries,
    cities), by analysing a short article: the flow does it while Prefect's server starts. Any problem is
    left for the analysis itself to report."""
    try:
        article = parse_article(RawInput(source_uri="warm-up", source_key="warm-up", text=_WARM_UP_TEXT, format="text"))
        analyse_articles([article])
    except Exception:
        return


def _parsed(nlp: Language, texts: Sequence[Sequence[str]], batch_size: int) -> Iterator[Doc | Exception]:
    """``parse_pieces`` a batch at a time: only one batch of Docs is held at once."""
    for start in range(0, len(texts), batch_size):
        yield from parse_pieces(nlp, texts[start : start + batch_size], batch_size)


def _failure(article: ParsedArticle, err: Exception) -> Rejection:
    return Rejection(source_uri=article.source_uri, reason=f"analysis failed: {type(err).__name__}: {err}")


def parse_pieces(nlp: Language, texts: Sequence[Sequence[str]], batch_size: int) -> list[Doc | Exception]:
    """Per text (given as its pieces), the Doc of the joined pieces, or the error spaCy raised on it.

    One ``nlp.pipe`` over every piece; when it fails, the Docs it made before the failing minibatch are
    kept and the rest is parsed again in halves, so only the text that fails is given up on.
    """
    if not texts:
        return []
    flat = [piece for text in texts for piece in text]
    longest = max((len(p) for p in flat), default=1)
    docs: list[Doc] = []
    try:
        docs.extend(nlp.pipe(flat, batch_size=max(1, min(batch_size, PIPE_CHARS // max(longest, 1)))))
    except Exception as err:
        done = _complete(texts, len(docs))
        parsed: list[Doc | Exception] = _joined(texts[:done], docs)
        rest = texts[done:]
        if len(rest) == 1:
            return [*parsed, err]
        half = len(rest) // 2
        return [*parsed, *parse_pieces(nlp, rest[:half], batch_size), *parse_pieces(nlp, rest[half:], batch_size)]
    return list(_joined(texts, docs))


def _complete(texts: Sequence[Sequence[str]], parsed: int) -> int:
    """How many texts from the start have all their pieces among the first ``parsed`` Docs."""
    done = 0
    for text in texts:
        parsed -= len(text)
        if parsed < 0:
            break
        done += 1
    return done


def _joined(texts: Sequence[Sequence[str]], docs: Sequence[Doc]) -> list[Doc | Exception]:
    out: list[Doc | Exception] = []
    start = 0
    for text in texts:
        out.append(join_docs(docs[start : start + len(text)]))
        start += len(text)
    return out
