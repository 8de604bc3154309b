"""Long and failing texts: cut into pieces spaCy can parse, rejected past the cap, never stopping a batch."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from spacy.language import Language
from spacy.tokens import Doc

from extractors import pipeline
from extractors.article.parser import parse_article
from extractors.chunking import MAX_TEXT_CHARS, pieces, split_points
from extractors.pipeline import analyse_articles
from schemas import ParsedArticle, RawInput

POISON = "XQPOISONQX"  # a text with this word makes the test component raise inside nlp.pipe
POISON_COMPONENT = "dateline_test_poison"


class _Poison:
    """A pipeline component that raises on any text holding ``POISON``; ``refused`` lists those texts."""

    def __init__(self) -> None:
        self.refused: list[str] = []

    def __call__(self, doc: Doc) -> Doc:
        if POISON in doc.text:
            self.refused.append(doc.text)
            raise ValueError("poisoned text")
        return doc


@Language.factory(POISON_COMPONENT)
def _make_poison(nlp: Language, name: str) -> _Poison:
    return _Poison()


@contextmanager
def poisoned(nlp: Language) -> Iterator[list[str]]:
    """The shared pipeline with the poison component last; yields the list of texts it refused."""
    component = nlp.add_pipe(POISON_COMPONENT, last=True)
    try:
        yield component.refused
    finally:
        nlp.remove_pipe(POISON_COMPONENT)


PARAGRAPHS = (
    "North Korea fired two ballistic missiles into the sea on May {day}, the South Korean military said.",
    "The United States condemned the launch on Tuesday and urged Pyongyang to return to talks.",
    "Japan and South Korea held a joint naval exercise last week, officials in Tokyo said.",
    "Russia vetoed a draft resolution at the Security Council on March {day}, diplomats said.",
    "China denied on Friday that it had supplied drones to Iran, the foreign ministry said.",
)


def article(text: str, uri: str = "test.txt") -> ParsedArticle:
    raw = RawInput(source_uri=uri, source_key=uri, text=text, format="text", published="2023-05-30")
    return parse_article(raw)


def news_text(paragraphs: int, marker: str = "") -> str:
    body = [PARAGRAPHS[i % len(PARAGRAPHS)].format(day=i % 27 + 1) for i in range(paragraphs)]
    if marker:
        body[len(body) // 2] += f" {marker}"
    return "Missile launches and a veto\n\n" + "\n\n".join(body) + "\n"


def outputs(result) -> tuple[list[dict], list[dict]]:  # noqa: ANN001 - an ArticleResult
    return [t.model_dump() for t in result.timexes], [e.model_dump() for e in result.events]


# -- where texts are cut


def test_cuts_fall_after_blank_lines_when_paragraphs_allow() -> None:
    text = news_text(40)
    cuts = split_points(text, 400)
    assert len(cuts) >= 8
    assert all(text[c - 2 : c] == "\n\n" and not text[c].isspace() for c in cuts)
    assert "".join(pieces(text, 400)) == text
    assert max(len(p) for p in pieces(text, 400)) <= 400


def test_one_line_is_cut_after_sentences_then_between_words_never_inside_one() -> None:
    line = " ".join(PARAGRAPHS[i % len(PARAGRAPHS)].format(day=3) for i in range(30))
    cuts = split_points(line, 500)
    assert len(cuts) >= 5
    assert all(line[c - 2 : c] == ". " for c in cuts)
    words = "strait " * 300  # no sentence end anywhere
    word_cuts = split_points(words, 500)
    assert len(word_cuts) >= 3
    assert all(words[c - 1] == " " and words[c] == "s" for c in word_cuts)
    assert "".join(pieces(words, 500)) == words


def test_a_run_without_whitespace_is_cut_at_the_limit() -> None:
    blob = "x" * 1_050
    assert split_points(blob, 500) == [500, 1000]
    assert split_points("short text", 500) == []


# -- analysis of long texts


def test_a_text_longer_than_spacy_accepts_is_analysed_in_pieces_with_the_others(
    nlp: Language, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The reported failure at a small scale: spaCy's E088 on one text used to fail the whole batch."""
    monkeypatch.setattr(nlp, "max_length", 2_000)
    long_one = article(news_text(120), "long.txt")
    assert len(long_one.text) > 5 * nlp.max_length
    batch = [article(news_text(3), "a.txt"), long_one, article(news_text(4), "b.txt")]
    results, failed = analyse_articles(batch, nlp)
    assert failed == []
    assert [r.article.source_uri for r in results] == ["a.txt", "long.txt", "b.txt"]
    long_result = results[1]
    assert len(long_result.timexes) >= 100
    text = long_one.text
    assert all(text[t.start : t.end] == t.text for t in long_result.timexes)
    mentions = [m for e in long_result.events for m in e.mentions]
    assert mentions
    assert all(m.trigger_text in text[m.start : m.end + 20] and m.sentence in text for m in mentions)


def test_chunked_analysis_equals_the_whole_text_when_cuts_fall_between_paragraphs(
    nlp: Language, monkeypatch: pytest.MonkeyPatch
) -> None:
    one = article(news_text(40))
    [whole], failed = analyse_articles([one], nlp)
    assert failed == []
    monkeypatch.setattr(pipeline, "PIECE_CHARS", 400)
    assert len(pieces(one.text, 400)) >= 8
    [chunked], failed = analyse_articles([one], nlp)
    assert failed == []
    timexes, events = outputs(chunked)
    assert len(timexes) >= 40 and len(events) >= 3
    assert (timexes, events) == outputs(whole)


def test_a_text_over_the_cap_is_rejected_with_its_length_and_the_batch_goes_on(nlp: Language) -> None:
    huge = article("word " * (MAX_TEXT_CHARS // 5 + 1), "huge.txt")
    results, failed = analyse_articles([huge, article(news_text(3), "ok.txt")], nlp)
    assert [r.article.source_uri for r in results] == ["ok.txt"]
    assert [(f.source_uri, f.reason) for f in failed] == [
        ("huge.txt", f"text of {len(huge.text):,} characters exceeds the cap of {MAX_TEXT_CHARS:,}")
    ]


# -- a failure inside nlp.pipe


@pytest.mark.parametrize("batch_size", [64, 2])
def test_a_text_spacy_fails_on_is_quarantined_and_the_others_analysed(nlp: Language, batch_size: int) -> None:
    """64: the first pipe fails at once and is bisected; 2: the Docs of earlier minibatches are kept."""
    batch = [article(news_text(2 + i), f"{i}.txt") for i in range(6)]
    batch[3] = article(news_text(5, marker=POISON), "3.txt")
    clean, _ = analyse_articles([a for a in batch if a.source_uri != "3.txt"], nlp)
    with poisoned(nlp) as refused:
        results, failed = analyse_articles(batch, nlp, batch_size=batch_size)
    assert refused  # the component did raise inside nlp.pipe
    assert [(f.source_uri, f.reason) for f in failed] == [("3.txt", "analysis failed: ValueError: poisoned text")]
    assert [r.article.source_uri for r in results] == ["0.txt", "1.txt", "2.txt", "4.txt", "5.txt"]
    assert [outputs(r) for r in results] == [outputs(r) for r in clean]
