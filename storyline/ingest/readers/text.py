"""Plain text (.txt) and Markdown (.md) files: one article each."""
from __future__ import annotations

from typing import Iterator

from storyline.ingest.build import problem
from storyline.ingest.decode import decode_bytes
from storyline.ingest.ids import article_id
from storyline.ingest.normalise import markdown_to_text, normalise_text
from storyline.ingest.readers.base import ReadContext
from storyline.model import Article


def read_text(ctx: ReadContext) -> Iterator[Article]:
    raw = decode_bytes(ctx.read_bytes())
    title: str | None = None
    if ctx.format == "markdown":
        title, body = markdown_to_text(raw)
    else:
        # A first line is not reliably a headline in plain text, so only metadata gives a title.
        body = normalise_text(raw)
    yield file_article(ctx, body, title=title)


def file_article(
    ctx: ReadContext,
    body: str,
    *,
    title: str | None = None,
    source: str | None = None,
    url: str | None = None,
    published: str | None = None,
    author: str | None = None,
    language: str | None = None,
    empty_reason: str = "no text in the file",
) -> Article:
    """A single-article file: sidecar metadata wins over what the file itself says."""
    meta = ctx.meta
    source = (meta.source if meta else None) or source or ctx.fallback_source
    title = (meta.title if meta else None) or title
    url = (meta.url if meta else None) or url
    origin = None
    if meta is not None and meta.published:
        published, origin = meta.published, "metadata"
    elif published:
        origin = "extracted"
    if not body:
        return problem(ctx.display, "empty", empty_reason, source=source, format=ctx.format, title=title, url=url)
    return Article(
        id=article_id(url=url, source=source, text=body, path=ctx.display),
        source=source,
        text=body,
        title=title,
        url=url,
        path=ctx.display,
        published=published,
        published_origin=origin,  # type: ignore[arg-type]
        language=(meta.language if meta else None) or language,
        author=(meta.author if meta else None) or author,
        format=ctx.format,
    )
