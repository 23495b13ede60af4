"""Fuzzing every ingest reader: arbitrary and mutated bytes never raise, every file is accounted for.

The seed files are small fictional samples of each format; hypothesis flips bits, truncates,
splices and duplicates them (or hands over raw bytes), and `read_inputs` must answer with at
least one Article per file, each with a path, a known status, and a reason when unusable.
`bench/reliability/fuzz.py` imports `SEEDS`, `mutate` and `check_accounted` for its long run.
"""
from __future__ import annotations

import gzip
import io
import json
import tempfile
from pathlib import Path
from typing import get_args

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from storyline.ingest import read_inputs
from storyline.model import Article, Status
from storyline.pipeline import Options

STATUSES = set(get_args(Status))
UNUSABLE = {"error", "unsupported", "empty"}
FUZZ_MAX_BYTES = 256 * 1024

PROSE = (
    "The Lanmere ferry council voted on Tuesday to repair the north pier for 4.2 million pounds. "
    "Harbourmaster Ivo Brant said the work would take six weeks, starting on 3 March 2026."
)
PAGE = (
    "<!doctype html><html lang=\"en\"><head><title>Pier repairs | Lanmere Post</title>"
    "<meta property=\"og:site_name\" content=\"Lanmere Post\"></head><body><nav><a href=\"/\">Home</a></nav>"
    f"<article><h1>Pier repairs approved</h1><p>{PROSE}</p><p>{PROSE}</p></article></body></html>"
)


def _warc(pages: int = 2, compress: bool = False) -> bytes:
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=compress)
    for number in range(pages):
        url = f"https://lanmere.example/pier-{number}"
        writer.write_record(writer.create_warc_record(url, "request", payload=io.BytesIO(b"GET / HTTP/1.1\r\n\r\n")))
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(PAGE.encode()),
                                                      http_headers=headers))
    return buffer.getvalue()


def _feed() -> bytes:
    items = "".join(
        f"<item><title>Pier {n}</title><link>https://lanmere.example/{n}</link>"
        f"<pubDate>Tue, 03 Mar 2026 10:00:00 GMT</pubDate><description>{PROSE}</description></item>"
        for n in range(3)
    )
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>Lanmere Post</title>{items}</channel></rss>'.encode()


def _records() -> list[dict]:
    return [{"id": f"r{n}", "source": "Lanmere Post", "title": f"Pier {n}", "published": "2026-03-03",
             "text": PROSE} for n in range(3)]


def _csv() -> bytes:
    rows = "".join(f'r{n},Lanmere Post,"{PROSE}"\n' for n in range(3))
    return ("id,source,text\n" + rows).encode()


# One valid sample per file name (the extension picks the reader).
SEEDS: dict[str, bytes] = {
    "story.txt": PROSE.encode(),
    "story.md": f"# Pier repairs\n\n{PROSE}\n\n* council vote\n* **six weeks**\n".encode(),
    "story.html": PAGE.encode(),
    "records.jsonl": "".join(json.dumps(r) + "\n" for r in _records()).encode(),
    "records.json": json.dumps(_records()).encode(),
    "records.csv": _csv(),
    "feed.rss": _feed(),
    "feed.xml": _feed(),
    "crawl.warc": _warc(),
    "crawl.warc.gz": _warc(compress=True),
    "story.txt.gz": gzip.compress(PROSE.encode(), mtime=0),
    "records.jsonl.gz": gzip.compress("".join(json.dumps(r) + "\n" for r in _records()).encode(), mtime=0),
}


@st.composite
def mutate(draw, seed: bytes) -> bytes:
    """A damaged copy of `seed`: bit flips, truncation, splicing, duplication or random insertion."""
    data = bytearray(seed)
    for _ in range(draw(st.integers(1, 4))):
        if not data:
            break
        operation = draw(st.sampled_from(["flip", "truncate", "splice", "insert", "duplicate", "delete"]))
        position = draw(st.integers(0, len(data) - 1))
        if operation == "flip":
            data[position] ^= 1 << draw(st.integers(0, 7))
        elif operation == "truncate":
            del data[position:]
        elif operation == "splice":
            other = draw(st.sampled_from(sorted(SEEDS)))
            donor = SEEDS[other]
            cut = draw(st.integers(0, len(donor)))
            data[position:] = donor[cut:]
        elif operation == "insert":
            data[position:position] = draw(st.binary(min_size=1, max_size=64))
        elif operation == "duplicate":
            end = draw(st.integers(position, len(data)))
            data[position:position] = data[position:end]
        else:
            end = draw(st.integers(position, min(len(data), position + 256)))
            del data[position:end]
    return bytes(data)


def check_accounted(articles: list[Article], displays: list[str]) -> None:
    """Every file has one or more Articles naming it; statuses are known; unusable ones say why."""
    for display in displays:
        assert any(a.path == display or (a.path or "").startswith(display + ":") for a in articles), \
            f"{display} has no article"
    for article in articles:
        assert article.path, article
        assert article.id, article
        assert article.status in STATUSES, article.status
        if article.status in UNUSABLE:
            assert article.error and article.error.strip(), article
        if article.status == "ok":
            assert article.text.strip(), article


def read_bytes_as(name: str, data: bytes, max_bytes: int = FUZZ_MAX_BYTES) -> list[Article]:
    """Write `data` as file `name` in a fresh folder and read it like the CLI would."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_bytes(data)
        articles = read_inputs([str(path)], Options(max_bytes=max_bytes))
        check_accounted(articles, [str(path)])
        return articles


FUZZ = settings(max_examples=12, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@pytest.mark.parametrize("name", sorted(SEEDS))
def test_seed_files_are_read_ok(name):
    # The mutations only mean something if the unmutated seeds are valid inputs.
    articles = read_bytes_as(name, SEEDS[name])
    assert any(a.status == "ok" for a in articles), [(a.status, a.error) for a in articles]


@pytest.mark.parametrize("name", sorted(SEEDS))
@FUZZ
@given(data=st.data())
def test_mutated_files_never_raise_and_are_accounted_for(name, data):
    read_bytes_as(name, data.draw(mutate(SEEDS[name])))


@pytest.mark.parametrize("name", sorted(SEEDS))
@FUZZ
@given(raw=st.binary(max_size=2048))
def test_arbitrary_bytes_never_raise(name, raw):
    read_bytes_as(name, raw)


@settings(max_examples=10, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(picks=st.lists(st.sampled_from(sorted(SEEDS)), min_size=2, max_size=5, unique=True), data=st.data())
def test_a_folder_of_damaged_files_accounts_for_each(picks, data):
    with tempfile.TemporaryDirectory() as folder:
        for name in picks:
            (Path(folder) / name).write_bytes(data.draw(mutate(SEEDS[name])))
        articles = read_inputs([folder], Options(max_bytes=FUZZ_MAX_BYTES))
        check_accounted(articles, [str(Path(folder) / name) for name in picks])


@settings(max_examples=15, deadline=None, derandomize=True)
@given(lines=st.lists(st.one_of(st.text(max_size=80), st.builds(json.dumps, st.dictionaries(
    st.sampled_from(["id", "text", "html", "source", "title", "published", "url"]),
    st.one_of(st.none(), st.integers(), st.text(max_size=60), st.lists(st.integers(), max_size=2))))),
    min_size=1, max_size=12))
def test_jsonl_with_any_field_types_never_raises(lines):
    # Records come from other programs: ids that are numbers, dates that are lists, null text.
    payload = "\n".join(line.replace("\n", " ").replace("\r", " ") for line in lines).encode("utf-8", "surrogatepass")
    articles = read_bytes_as("records.jsonl", payload) if payload.strip() else []
    ids_by_path: dict[str, int] = {}
    for article in articles:
        ids_by_path[article.path] = ids_by_path.get(article.path, 0) + 1
    assert all(count == 1 for count in ids_by_path.values()), ids_by_path


def _request_only_warc() -> bytes:
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=False)
    writer.write_record(writer.create_warc_record("https://lanmere.example/", "request",
                                                  payload=io.BytesIO(b"GET / HTTP/1.1\r\n\r\n")))
    return buffer.getvalue()


@pytest.mark.parametrize("data", [b"W", b"\x00", _request_only_warc()], ids=["one-byte", "nul", "request-only"])
def test_bug_warc_without_html_responses_is_accounted_for(data):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "crawl.warc"
        path.write_bytes(data)
        articles = read_inputs([str(path)], Options())
        assert articles and all(a.error for a in articles)


def test_bug_warc_record_cut_inside_its_header_does_not_raise():
    read_bytes_as("crawl.warc", b"WARC/1.0\r\nWARC-Type: request")


@pytest.mark.parametrize("data", ["\u00a0\n".encode(), b"\x1f", "\u2028\n\u3000".encode()], ids=["nbsp", "us", "ls-ideographic"])
def test_bug_jsonl_of_unicode_blank_lines_is_accounted_for(data):
    read_bytes_as("records.jsonl", data)
