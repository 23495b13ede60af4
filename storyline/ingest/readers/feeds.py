"""RSS and Atom feeds: each entry is an article and the feed's title is its outlet."""
from __future__ import annotations

import io
import re
import xml.sax
from typing import Any, Iterator

import feedparser

from storyline.ingest.build import problem
from storyline.ingest.ids import article_id
from storyline.ingest.meta import parse_feed_date
from storyline.ingest.normalise import html_fragment_to_text, normalise_text
from storyline.ingest.readers.base import ReadContext
from storyline.model import Article


_ENTRY_START = re.compile(rb"<(?:item|entry)[\s>]", re.IGNORECASE)
_CLOSERS = {b"rss": b"</channel></rss>", b"rdf": b"</rdf:RDF>", b"feed": b"</feed>"}


def read_feed(ctx: ReadContext) -> Iterator[Article]:
    data = ctx.read_bytes()
    parsed = _parse(data)
    entries = parsed.get("entries") or []
    if isinstance(parsed.get("bozo_exception"), xml.sax.SAXException):
        # One malformed entry can make the parser drop or swallow the ones after it, so a
        # broken feed is re-read entry by entry: the good entries survive the bad one.
        entries = _entries_one_by_one(data) or entries
    if not entries:
        if isinstance(parsed.get("bozo_exception"), xml.sax.SAXException):
            reason = f"not a readable RSS/Atom feed ({parsed.get('bozo_exception')})"
            yield problem(ctx.display, "error", reason, source=ctx.fallback_source, format=ctx.format)
        else:
            yield problem(ctx.display, "empty", "the feed has no entries", source=ctx.fallback_source, format=ctx.format)
        return
    feed = parsed.get("feed") or {}
    source = (ctx.meta.source if ctx.meta else None) or _one_line(feed.get("title")) or ctx.fallback_source
    language = _one_line(feed.get("language"))
    for number, entry in enumerate(entries, 1):
        yield _entry_article(entry, number, ctx, source, language)


def _parse(data: bytes):
    # No sanitising: entry HTML is only turned into plain text (scripts and styles dropped), and
    # feedparser's sanitiser is most of its parsing time.
    return feedparser.parse(io.BytesIO(data), sanitize_html=False, resolve_relative_uris=False)


def _entries_one_by_one(data: bytes) -> list[Any]:
    starts = [match.start() for match in _ENTRY_START.finditer(data)]
    if not starts:
        return []
    head = data[: starts[0]]
    lowered = head.lower()
    closer = next((end for key, end in _CLOSERS.items() if b"<" + key in lowered), b"")
    entries: list[Any] = []
    for position, start in enumerate(starts):
        end = starts[position + 1] if position + 1 < len(starts) else len(data)
        chunk = data[start:end]
        tag = b"</entry>" if chunk[:6].lower() == b"<entry" else b"</item>"
        cut = chunk.lower().find(tag)
        chunk = chunk[: cut + len(tag)] if cut >= 0 else chunk + tag
        found = _parse(head + chunk + closer).get("entries") or []
        entries.append(found[0] if found else {})
    return entries


def _entry_article(entry: Any, number: int, ctx: ReadContext, source: str, language: str | None) -> Article:
    path = f"{ctx.display}:#{number}"
    title = _one_line(entry.get("title"))
    url = _one_line(entry.get("link"))
    body = _entry_text(entry)
    if not body:
        described = f' "{title}"' if title else ""
        reason = f"feed entry {number}{described} has no text (no content or summary, or it could not be parsed)"
        return problem(path, "empty", reason, source=source, format=ctx.format, title=title, url=url)
    published = parse_feed_date(entry.get("published") or entry.get("updated") or entry.get("created"))
    return Article(
        id=article_id(url=url, source=source, text=body, path=path),
        source=source,
        text=body,
        title=title,
        url=url,
        path=path,
        published=published,
        published_origin="metadata" if published else None,
        language=_one_line(entry.get("language")) or language,
        author=_one_line(entry.get("author")),
        format=ctx.format,
    )


def _entry_text(entry: Any) -> str:
    """The fullest text an entry offers: its content, else its summary."""
    candidates = [part for part in entry.get("content") or [] if part.get("value")]
    if entry.get("summary"):
        candidates.append(entry.get("summary_detail") or {"value": entry["summary"], "type": "text/html"})
    for part in candidates:
        value = part.get("value") or ""
        kind = (part.get("type") or "text/html").lower()
        text = normalise_text(value) if kind == "text/plain" else html_fragment_to_text(value)
        if text:
            return text
    return ""


def _one_line(value: Any) -> str | None:
    if not isinstance(value, str):
        return None
    return " ".join(value.split()) or None
