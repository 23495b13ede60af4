"""Files holding many articles as records: JSONL (one per line), JSON (an array) and CSV (one per row).

Record fields: `text` or `html`, and optionally `id`, `source`, `title`, `url`, `published`,
`language`, `author`. A bad record is reported on its own; the others are still read.
"""
from __future__ import annotations

import csv
import io
import json
from typing import Any, Iterable, Iterator

from storyline.ingest.build import problem
from storyline.ingest.decode import decode_bytes
from storyline.ingest.ids import article_id
from storyline.ingest.meta import parse_published
from storyline.ingest.normalise import normalise_text
from storyline.ingest.readers.base import ReadContext
from storyline.ingest.readers.html import NO_BODY, extract_page
from storyline.model import Article

# Keys under which a JSON object commonly wraps its list of records.
_WRAPPER_KEYS = ("articles", "records", "items", "data", "documents", "docs")


def record_article(record: dict[str, Any], path: str, ctx: ReadContext) -> Article:
    """One record as an Article; its own fields are explicit metadata and win over anything extracted."""
    source = _field(record, "source")
    title = _field(record, "title")
    url = _field(record, "url")
    published = parse_published(record.get("published"))
    origin = "metadata" if published else None
    author = _field(record, "author")
    language = _field(record, "language")
    explicit_id = record.get("id")
    text_value, html_value = record.get("text"), record.get("html")
    if isinstance(text_value, str) and text_value.strip():
        body = normalise_text(text_value)
        empty_reason = "the record's text is empty"
    elif isinstance(html_value, str) and html_value.strip():
        page = extract_page(html_value, url=url)
        body = page.text
        source = source or page.site_name
        title = title or page.title
        url = url or page.url
        author = author or page.author
        language = language or page.language
        if not published and page.published:
            published, origin = page.published, "extracted"
        empty_reason = NO_BODY
    else:
        body = ""
        empty_reason = 'the record has no "text" or "html" field with content'
    source = source or ctx.fallback_source
    if not body:
        return problem(path, "empty", empty_reason, source=source, format=ctx.format, title=title, url=url, explicit_id=explicit_id)
    return Article(
        id=article_id(explicit=explicit_id, url=url, source=source, text=body, path=path),
        source=source,
        text=body,
        title=title,
        url=url,
        path=path,
        published=published,
        published_origin=origin,  # type: ignore[arg-type]
        language=language,
        author=author,
        format=ctx.format,
    )


def _field(record: dict[str, Any], name: str) -> str | None:
    value = record.get(name)
    if value is None or isinstance(value, (dict, list)):
        return None
    text = " ".join(str(value).split())
    return text or None


def read_jsonl(ctx: ReadContext) -> Iterator[Article]:
    if ctx.data is not None:
        yield from _jsonl_lines(ctx.data.splitlines(keepends=True), ctx)
        return
    with ctx.open() as stream:
        yield from _jsonl_lines(_complete_lines(stream, ctx), ctx)


def _complete_lines(stream: Iterable[bytes], ctx: ReadContext) -> Iterator[bytes]:
    """The stream's lines, without the unterminated last one of a cut gzip stream: that is the
    cut tail, reported once for the file by the dispatcher, not a malformed record."""
    for line in stream:
        if not line.endswith(b"\n") and ctx.stream_damage() is not None:
            return
        yield line


def _jsonl_lines(lines: Iterable[bytes], ctx: ReadContext) -> Iterator[Article]:
    found_any = False
    for number, raw_line in enumerate(lines, 1):
        path = f"{ctx.display}:{number}"
        line = _decode_line(raw_line)
        if not line.strip():
            continue
        found_any = True
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            yield problem(
                path, "error", f"line {number} is not valid JSON ({_json_reason(exc)} column {exc.colno}); the other lines were read",
                source=ctx.fallback_source, format=ctx.format,
            )
            continue
        if not isinstance(record, dict):
            yield problem(path, "error", f"line {number} is not a JSON object", source=ctx.fallback_source, format=ctx.format)
            continue
        yield record_article(record, path, ctx)
    if not found_any and ctx.stream_damage() is None:
        yield problem(ctx.display, "empty", "the file holds only blank lines", source=ctx.fallback_source, format=ctx.format)


def _json_reason(exc: json.JSONDecodeError) -> str:
    """json's message followed by "at": some messages ("Invalid control character at") already end in it."""
    return exc.msg.removesuffix(" at") + " at"


def _decode_line(raw: bytes) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return decode_bytes(raw)


def read_json(ctx: ReadContext) -> Iterator[Article]:
    raw = ctx.read_bytes()
    text = decode_bytes(raw)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        if exc.msg == "Extra data" and text.lstrip().startswith("{"):
            # One object per line in a .json file: it is JSON Lines under another name.
            yield from _jsonl_lines(raw.splitlines(keepends=True), ctx)
            return
        yield problem(
            ctx.display, "error", f"not valid JSON ({_json_reason(exc)} line {exc.lineno}, column {exc.colno})",
            source=ctx.fallback_source, format=ctx.format,
        )
        return
    records = _records_of(data)
    if records is None:
        yield problem(
            ctx.display, "unsupported",
            'JSON must be an array of article objects, or an object with "text"/"html" or an "articles" array',
            source=ctx.fallback_source, format=ctx.format,
        )
        return
    if not records:
        yield problem(ctx.display, "empty", "the JSON array holds no records", source=ctx.fallback_source, format=ctx.format)
        return
    for number, record in enumerate(records, 1):
        path = f"{ctx.display}:#{number}"
        if isinstance(record, dict):
            yield record_article(record, path, ctx)
        else:
            yield problem(path, "error", f"record {number} is not a JSON object", source=ctx.fallback_source, format=ctx.format)


def _records_of(data: Any) -> list[Any] | None:
    if isinstance(data, list):
        return data
    if isinstance(data, dict):
        for key in _WRAPPER_KEYS:
            if isinstance(data.get(key), list):
                return data[key]
        if "text" in data or "html" in data:
            return [data]
    return None


def read_csv(ctx: ReadContext) -> Iterator[Article]:
    text = decode_bytes(ctx.read_bytes())
    # Article bodies easily exceed csv's default 128 KiB field limit.
    csv.field_size_limit(max(csv.field_size_limit(), ctx.options.max_bytes))
    reader = csv.DictReader(io.StringIO(text, newline=""))
    fields = [name.strip().lower() for name in reader.fieldnames or []]
    if "text" not in fields and "html" not in fields:
        yield problem(
            ctx.display, "unsupported", 'CSV needs a header row with a "text" or "html" column',
            source=ctx.fallback_source, format=ctx.format,
        )
        return
    reader.fieldnames = fields
    number = 0
    try:
        for number, row in enumerate(reader, 1):
            record = {key: value for key, value in row.items() if key is not None}
            yield record_article(record, f"{ctx.display}:#{number}", ctx)
    except csv.Error as exc:
        yield problem(
            f"{ctx.display}:#{number + 1}", "error", f"malformed CSV after row {number} ({exc}); earlier rows were read",
            source=ctx.fallback_source, format=ctx.format,
        )
