"""Web pages: trafilatura finds the article body, htmldate the publication date.

We do not re-create page-level extraction (trafilatura's XPath rules and fallbacks do that well);
what trafilatura keeps inside the article (captions, credits, "READ MORE" lines) goes through the
same ``clean`` stage as scraped text.
"""

from __future__ import annotations

import re

import htmldate
import trafilatura

from chronicle import errors

_AUTHOR_SPLIT = re.compile(r"\s*(?:;|\band\b|&)\s*")


def from_html(html: str, source: str) -> dict:
    """Body text and metadata of an article page; raises when the page holds no article."""
    extracted = trafilatura.bare_extraction(
        html, with_metadata=True, include_comments=False, include_tables=True, deduplicate=False
    )
    body = extracted.text if extracted is not None else None
    if not body or not body.strip():
        raise errors.InputError(source, errors.NO_ARTICLE_TEXT)
    title = (extracted.title or "").strip() or None
    lines = body.split("\n")
    if title and lines and lines[0].strip() == title:
        lines = lines[1:]  # trafilatura keeps the <h1>; it is the title, not body
    # Paragraph breaks as blank lines, the shape the clean stage and scraped text share.
    body = "\n\n".join(line for line in lines if line.strip())
    if not body:
        raise errors.InputError(source, errors.NO_ARTICLE_TEXT)
    return {
        "body": body,
        "title": title,
        "outlet": (extracted.sitename or "").strip() or None,
        "authors": split_authors(extracted.author),
        "published": page_date(html),
    }


def page_date(html: str) -> str | None:
    """The original publication date from the page's markup only (no guessing from body text)."""
    try:
        return htmldate.find_date(html, original_date=True, extensive_search=False, outputformat="%Y-%m-%d")
    except (ValueError, TypeError):
        return None


def split_authors(author: str | None) -> list[str]:
    if not author:
        return []
    return [a.strip() for a in _AUTHOR_SPLIT.split(author) if a.strip()]
