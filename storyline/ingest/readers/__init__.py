"""One reader per input format, chosen by extension with content sniffing."""
from __future__ import annotations

import os
import re
from pathlib import PurePath
from typing import Callable, Iterator

from storyline.ingest.build import problem, stem_source
from storyline.ingest.decode import looks_binary
from storyline.ingest.discover import InputFile
from storyline.ingest.errors import InputTooLarge
from storyline.ingest.meta import Sidecar
from storyline.ingest.readers.base import CORRUPT_STREAM_ERRORS, ReadContext
from storyline.ingest.readers.feeds import read_feed
from storyline.ingest.readers.html import read_html
from storyline.ingest.readers.records import read_csv, read_json, read_jsonl
from storyline.ingest.readers.text import read_text
from storyline.ingest.readers.warc import read_warc
from storyline.model import Article
from storyline.pipeline import Options

Reader = Callable[[ReadContext], Iterator[Article]]

READERS: dict[str, Reader] = {
    "text": read_text,
    "markdown": read_text,
    "html": read_html,
    "jsonl": read_jsonl,
    "json": read_json,
    "csv": read_csv,
    "feed": read_feed,
    "warc": read_warc,
}
_EXTENSIONS = {
    ".txt": "text", ".text": "text",
    ".md": "markdown", ".markdown": "markdown",
    ".html": "html", ".htm": "html", ".xhtml": "html", ".shtml": "html",
    ".jsonl": "jsonl", ".ndjson": "jsonl",
    ".json": "json",
    ".csv": "csv",
    ".rss": "feed", ".atom": "feed", ".xml": "feed",
    ".warc": "warc",
}
# Formats whose content decides over the extension when it is clearly a feed or a web page.
_SNIFFABLE = {"text", "markdown", "html", "feed", None}
_PROLOGUE = rb"^\s*(?:<\?xml[^>]*\?>\s*)?(?:<!--.*?-->\s*|<!doctype[^>]*>\s*)*"
_FEED_START = re.compile(_PROLOGUE + rb"<(?:rss|feed|rdf:rdf)\b", re.DOTALL)
_HTML_START = re.compile(rb"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b", re.DOTALL)
_SNIFF_BYTES = 64 * 1024
# Formats read record by record from a stream; the others are read whole (bounded by max_bytes).
_STREAMED = frozenset({"jsonl", "warc"})
SUPPORTED = ".txt .md .html .htm .jsonl .json .csv .rss .atom .xml .warc, and any of these .gz"


def detect_format(name: str, head: bytes) -> str | None:
    """The reader for a file: WARC and feeds are recognised by content, the rest by extension."""
    lowered = name.lower()
    for suffix in (".gz", ".gzip"):
        lowered = lowered.removesuffix(suffix)
    by_extension = _EXTENSIONS.get(PurePath(lowered).suffix)
    start = head.lstrip(b"\xef\xbb\xbf")[:4096].lower()
    if start.startswith(b"warc/"):
        return "warc"
    if by_extension not in _SNIFFABLE:
        return by_extension
    if _FEED_START.match(start):
        return "feed"
    if _HTML_START.match(start):
        return "html"
    if by_extension == "feed" and lowered.endswith(".xml"):
        return None  # XML that is not a feed
    return by_extension


def read_file(file: InputFile, options: Options, sidecar: Sidecar) -> list[Article]:
    """Every article in one input file; problems become Articles with a status, never exceptions."""
    meta = sidecar.lookup(file.relative, file.name, file.given) if file.path is not None else None
    ctx = ReadContext(file=file, options=options, meta=meta)
    source = (meta.source if meta else None) or stem_source(file.name)
    if file.path is None:
        ctx.format = "jsonl"  # "-" is JSONL on standard input
        return _run(read_jsonl, ctx, source)
    try:
        size = os.stat(file.path).st_size
        if size == 0:
            return [problem(file.display, "empty", "the file is empty", source=source)]
        with ctx.open() as stream:
            compressed = getattr(stream.raw, "compressed", False)
            if not compressed and size > options.max_bytes:
                return [_too_large(file.display, options.max_bytes, source, compressed=False)]
            head = stream.read(_SNIFF_BYTES)
            damage = ctx.stream_damage()
            if damage is not None and not head.strip():
                return [problem(file.display, "error", damage.describe(), source=source)]
            if len(head) < _SNIFF_BYTES and not head.strip():
                after = " after decompression" if compressed else ""
                return [problem(file.display, "empty", f"the file is empty{after}", source=source)]
            ctx.format = detect_format(file.name, head)
            if ctx.format is None or (ctx.format != "warc" and looks_binary(head)):
                return [problem(file.display, "unsupported", _unsupported_reason(file.name, head), source=source)]
            if ctx.format not in _STREAMED:
                ctx.data = head + stream.read()  # one pass over the file instead of reopening it
                damage = ctx.stream_damage()
                if damage is not None:
                    # A whole-file format cut short is a fragment, not the document.
                    return [problem(file.display, "error", damage.describe(), source=source, format=ctx.format)]
    except InputTooLarge:
        return [_too_large(file.display, options.max_bytes, source, compressed=True)]
    except CORRUPT_STREAM_ERRORS as exc:
        return [problem(file.display, "error", f"the compressed file is truncated or corrupt ({exc})", source=source)]
    except PermissionError:
        return [problem(file.display, "error", "permission denied: cannot read the file", source=source)]
    except OSError as exc:
        return [problem(file.display, "error", f"cannot read the file ({exc.strerror or exc})", source=source)]
    return _run(READERS[ctx.format], ctx, source)


def _run(reader: Reader, ctx: ReadContext, source: str) -> list[Article]:
    """The reader's articles; whatever goes wrong, the file appears at least once with a reason."""
    articles: list[Article] = []
    display = ctx.display
    try:
        for article in reader(ctx):
            articles.append(article)
        damage = ctx.stream_damage()
        if damage is not None:
            # Readers stop at the damage and keep what came before; the cut tail is reported once.
            records = [article for article in articles if article.path != display]
            articles = [*records, problem(display, "error", damage.describe(len(records)), source=source, format=ctx.format)]
    except InputTooLarge:
        # Reading stopped at the limit, so what was read is a fragment: report the file as a whole.
        return [_too_large(display, ctx.options.max_bytes, source, compressed=True, fmt=ctx.format)]
    except CORRUPT_STREAM_ERRORS as exc:
        where = "; the records before the damage were read" if articles else ""
        articles.append(problem(display, "error", f"the compressed file is truncated or corrupt ({exc}){where}", source=source, format=ctx.format))
    except PermissionError:
        return [problem(display, "error", "permission denied: cannot read the file", source=source, format=ctx.format)]
    except OSError as exc:
        articles.append(problem(display, "error", f"cannot read the file ({exc.strerror or exc})", source=source, format=ctx.format))
    except Exception as exc:  # a parser library failing on odd input must not stop the run
        kept = f"; the {len(articles)} records before it were kept" if articles else ""
        reason = f"the {ctx.format or 'input'} reader failed ({type(exc).__name__}: {exc}){kept}"
        articles.append(problem(display, "error", reason, source=source, format=ctx.format))
    if not articles:
        what = f"no {ctx.format.upper()} records" if ctx.format else "nothing readable"
        articles.append(problem(display, "empty", f"{what} in the file", source=source, format=ctx.format))
    return articles


def _too_large(display: str, limit: int, source: str, *, compressed: bool, fmt: str | None = None) -> Article:
    what = "decompresses to more than" if compressed else "is larger than"
    reason = f"the file {what} the {_human(limit)} limit (max_bytes); split it or raise the limit"
    return problem(display, "error", reason, source=source, format=fmt)


def _human(size: int) -> str:
    for unit in ("bytes", "KiB", "MiB", "GiB"):
        if size < 1024 or unit == "GiB":
            return f"{size:g} {unit}" if unit == "bytes" else f"{size:.4g} {unit}"
        size /= 1024  # type: ignore[assignment]
    return str(size)


def _unsupported_reason(name: str, head: bytes) -> str:
    if looks_binary(head):
        return f"binary file, not a format storyline reads (supported: {SUPPORTED})"
    suffix = PurePath(name).suffix or "(no extension)"
    return f"unrecognised file type {suffix} (supported: {SUPPORTED})"
