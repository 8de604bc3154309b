"""HTML pages to article text with trafilatura (boilerplate, navigation and scripts removed)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from html.parser import HTMLParser

import trafilatura

NO_ARTICLE_TEXT = "HTML page with no article text (only markup, scripts or navigation)"
# libxml2, under trafilatura, keeps elements nested at most this deep and drops everything below
PARSER_MAX_DEPTH = 255
# elements that never hold content, and ones a new sibling of the same name closes ("<p>a<p>b")
_VOID = frozenset("area base br col embed hr img input link meta param source track wbr".split())
_SELF_CLOSING_SIBLINGS = frozenset("p li dt dd tr td th option".split())


@dataclass(frozen=True)
class HtmlArticle:
    text: str
    title: str | None
    author: str | None
    published: str | None
    site_name: str | None


def html_to_article(html: str, url: str | None = None) -> HtmlArticle | None:
    """The main text and metadata of a page, or None when the page holds no article text."""
    doc = trafilatura.bare_extraction(html, url=url, with_metadata=True, include_comments=False, include_tables=False)
    if doc is None or not (doc.text or "").strip():
        return None
    return HtmlArticle(
        text=doc.text,
        title=doc.title or None,
        author=doc.author or None,
        published=doc.date or None,
        site_name=doc.sitename or None,
    )


def looks_like_html(text: str) -> bool:
    head = text.lstrip()[:512].lower()
    return head.startswith(("<!doctype html", "<html")) or ("<body" in head or "<head" in head)


def no_text_reason(html: str) -> str:
    """Why ``html_to_article`` found no text in a page, in words a person understands."""
    depth = nesting_depth(html)
    if depth > PARSER_MAX_DEPTH:
        return (
            f"HTML nested {depth:,} levels deep: the HTML parser reads {PARSER_MAX_DEPTH} levels "
            "and drops the text below them"
        )
    return NO_ARTICLE_TEXT


def nesting_depth(html: str) -> int:
    """How deep the page's elements nest, counted from its tags (no tree is built, so no depth limit)."""
    counter = _DepthCounter()
    counter.feed(html)
    counter.close()
    return counter.deepest


class _DepthCounter(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.open: list[str] = []
        self.open_by_name: Counter[str] = Counter()
        self.deepest = 0

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag in _VOID:
            return
        if tag in _SELF_CLOSING_SIBLINGS and self.open and self.open[-1] == tag:
            self._pop()
        self.open.append(tag)
        self.open_by_name[tag] += 1
        self.deepest = max(self.deepest, len(self.open))

    def handle_endtag(self, tag: str) -> None:
        if self.open_by_name[tag]:  # an end tag closes whatever was left open inside its element
            while self._pop() != tag:
                pass

    def _pop(self) -> str:
        tag = self.open.pop()
        self.open_by_name[tag] -= 1
        return tag
