"""HTML pages to article text with trafilatura (boilerplate, navigation and scripts removed)."""

from __future__ import annotations

from dataclasses import dataclass

import trafilatura


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
