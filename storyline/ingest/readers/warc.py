"""WARC web archives (.warc, .warc.gz): every HTML `response` record is an article.

Other records (requests, metadata, images, scripts) are not articles and are skipped. A
record cut short (the archive ends early, or the crawler marked it truncated) is reported
and the complete records around it are kept.
"""
from __future__ import annotations

from typing import Iterator
from urllib.parse import urlsplit

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from storyline.ingest.build import problem
from storyline.ingest.decode import decode_bytes, declared_html_charset
from storyline.ingest.ids import article_id
from storyline.ingest.readers.base import CORRUPT_STREAM_ERRORS, ReadContext
from storyline.ingest.readers.html import NO_BODY, extract_page
from storyline.model import Article

_HTML_TYPES = ("text/html", "application/xhtml+xml")


def read_warc(ctx: ReadContext) -> Iterator[Article]:
    number = pages = 0
    with ctx.open() as stream:
        try:
            for number, record in enumerate(ArchiveIterator(stream), 1):
                if record.rec_type != "response" or not _is_html(record):
                    continue
                article = _record_article(record, number, ctx)
                if _cut_short(record) and ctx.stream_damage() is not None:
                    return  # the cut tail of a damaged .gz: the dispatcher reports it once for the file
                pages += 1
                yield article
        except CORRUPT_STREAM_ERRORS as exc:
            yield problem(
                f"{ctx.display}:#{number + 1}", "error",
                f"the archive is truncated or corrupt after record {number} ({exc}); earlier records were read",
                source=ctx.fallback_source, format=ctx.format,
            )
            return
        except Exception as exc:  # warcio raises assorted errors (AttributeError, ValueError...) on malformed headers
            why = str(exc) if isinstance(exc, ArchiveLoadFailed) else f"malformed record header; {type(exc).__name__}: {exc}"
            where = f"after record {number} ({why}); earlier records were read" if number else f"at the start of the file ({why})"
            yield problem(
                f"{ctx.display}:#{number + 1}", "error", f"unreadable WARC record {where}", source=ctx.fallback_source, format=ctx.format,
            )
            return
    if pages == 0 and ctx.stream_damage() is None:
        # Every input is accounted for: an archive without a single page still gets its line.
        if number == 0:
            status, reason = "error", "no WARC record found: not a WARC archive, or an empty one"
        else:
            status, reason = "empty", f"the archive holds {number} WARC record{'s' if number != 1 else ''} but no HTML response"
        yield problem(ctx.display, status, reason, source=ctx.fallback_source, format=ctx.format)  # type: ignore[arg-type]


def _cut_short(record) -> bool:
    """After reading its payload: the archive ended before the record's declared length did."""
    return getattr(record.raw_stream, "limit", 0) > 0


def _is_html(record) -> bool:
    headers = record.http_headers
    if headers is None:
        return False
    content_type = (headers.get_header("Content-Type") or "").lower()
    return any(kind in content_type for kind in _HTML_TYPES)


def _record_article(record, number: int, ctx: ReadContext) -> Article:
    path = f"{ctx.display}:#{number}"
    url = record.rec_headers.get_header("WARC-Target-URI")
    limit = ctx.options.max_bytes
    payload = record.content_stream().read(limit + 1)
    if len(payload) > limit:
        record.raw_stream.read()  # skip the rest so the next record can be found
        return problem(path, "error", f"WARC record larger than the {limit}-byte limit", source=ctx.fallback_source, format=ctx.format, url=url)
    cut_short = _cut_short(record)
    marked = record.rec_headers.get_header("WARC-Truncated")
    if cut_short or marked:
        why = f"the crawler marked it truncated ({marked})" if marked else "the archive ends before the record does"
        return problem(path, "error", f"WARC record for {url} is truncated: {why}", source=ctx.fallback_source, format=ctx.format, url=url)
    status = record.http_headers.get_statuscode() or ""
    if status and not status.startswith("2"):
        return problem(path, "error", f"the server answered HTTP {status} for {url}, not an article page", source=ctx.fallback_source, format=ctx.format, url=url)
    content_type = record.http_headers.get_header("Content-Type") or ""
    declared = _charset_param(content_type) or declared_html_charset(payload)
    page = extract_page(decode_bytes(payload, declared), url=url)
    source = page.site_name or _host(url) or ctx.fallback_source
    if not page.text:
        return problem(path, "empty", f"{NO_BODY}: {url}", source=source, format=ctx.format, title=page.title, url=url)
    return Article(
        id=article_id(url=url, source=source, text=page.text, path=path),
        source=source,
        text=page.text,
        title=page.title,
        url=url,
        path=path,
        published=page.published,
        published_origin="extracted" if page.published else None,
        language=page.language,
        author=page.author,
        format=ctx.format,
    )


def _charset_param(content_type: str) -> str | None:
    for part in content_type.split(";")[1:]:
        key, _, value = part.partition("=")
        if key.strip().lower() == "charset" and value.strip():
            return value.strip().strip("\"'")
    return None


def _host(url: str | None) -> str | None:
    """A crawl holds many outlets; without a site name the host names the outlet better than the file."""
    if not url:
        return None
    host = (urlsplit(url).hostname or "").lower()
    return host.removeprefix("www.") or None
