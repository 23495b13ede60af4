"""HTML pages: the article body and metadata extracted with trafilatura."""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterator

import trafilatura

from storyline.ingest.decode import decode_bytes, declared_html_charset
from storyline.ingest.meta import parse_published
from storyline.ingest.normalise import has_sentence, html_fragment_to_text, normalise_text
from storyline.ingest.readers.base import ReadContext
from storyline.ingest.readers.deep_html import deep_page_text
from storyline.ingest.readers.text import file_article
from storyline.model import Article

NO_BODY = "no article body found in the page (only navigation, links or boilerplate)"
_DOCUMENT_TAG = re.compile(r"<(?:html|body|head)\b|<!doctype", re.IGNORECASE)
_HTML_LANG = re.compile(r"<html[^>]*\blang\s*=\s*[\"']?([A-Za-z]{2,3})(?:[-_][A-Za-z0-9]+)?", re.IGNORECASE)


@dataclass(frozen=True)
class Page:
    text: str                  # normalised body, "" when the page has no article
    title: str | None = None
    author: str | None = None
    published: str | None = None
    site_name: str | None = None
    url: str | None = None
    language: str | None = None


def extract_page(html: str, url: str | None = None) -> Page:
    """Body text and metadata of a web page; `text` is "" when no prose was found."""
    document = trafilatura.bare_extraction(
        html,
        url=url,
        with_metadata=True,
        include_comments=False,
        include_images=False,
        date_extraction_params={"original_date": True, "extensive_search": False},
    )
    if document is None:
        return Page(text=_fragment_text(html) or deep_page_text(html), language=_page_language(html))
    text = normalise_text(getattr(document, "text", None) or "")
    title = _clean(getattr(document, "title", None))
    if title and text:
        # trafilatura keeps the headline as the first body line; the title field already holds it.
        first, _, rest = text.partition("\n")
        if first.strip() == title:
            text = normalise_text(rest)
    if not has_sentence(text):
        text = _fragment_text(html) or deep_page_text(html)
    return Page(
        text=text,
        title=title,
        author=_clean(getattr(document, "author", None)),
        published=parse_published(getattr(document, "date", None)),
        site_name=_clean(getattr(document, "sitename", None)),
        url=_clean(getattr(document, "url", None)),
        language=_clean(getattr(document, "language", None)) or _page_language(html),
    )


def _fragment_text(html: str) -> str:
    """A snippet without <html>/<body> (a record's or feed's body) is all content: keep its prose."""
    if _DOCUMENT_TAG.search(html[:4096]):
        return ""
    text = html_fragment_to_text(html)
    return text if has_sentence(text) else ""


def _clean(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    return " ".join(value.split()) or None


def _page_language(html: str) -> str | None:
    match = _HTML_LANG.search(html[:4096])
    return match.group(1).lower() if match else None


def read_html(ctx: ReadContext) -> Iterator[Article]:
    data = ctx.read_bytes()
    page = extract_page(decode_bytes(data, declared_html_charset(data)))
    yield file_article(
        ctx,
        page.text,
        title=page.title,
        source=page.site_name,
        url=page.url,
        published=page.published,
        author=page.author,
        language=page.language,
        empty_reason=NO_BODY,
    )
