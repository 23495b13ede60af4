"""Text-level helpers: normalisation, Markdown, HTML fragments, dates, decoding, format detection."""
from __future__ import annotations

import unicodedata

import pytest

from storyline.ingest.decode import decode_bytes, looks_binary
from storyline.ingest.meta import parse_feed_date, parse_published
from storyline.ingest.normalise import has_sentence, html_fragment_to_text, markdown_to_text, normalise_text
from storyline.ingest.readers import detect_format


def test_normalise_text():
    raw = "  Title line  \r\n\r\n\r\n\r\nBody\u00a0 \rmore\x00 text\u2028end\n\n\n"
    assert normalise_text(raw) == "Title line\n\nBody\nmore text\nend"
    decomposed = "Cafe\u0301"
    assert normalise_text(decomposed) == unicodedata.normalize("NFC", decomposed) == "Caf\u00e9"


def test_markdown_without_heading_has_no_title():
    title, body = markdown_to_text("Intro with _emphasis_ and `code`.\n\n1. one\n2. two\n")
    assert title is None
    assert body == "Intro with emphasis and code.\n\n1. one\n2. two"


def test_html_fragment_keeps_paragraphs_and_drops_scripts():
    text = html_fragment_to_text("<p>First   line.</p><p>Second <b>bold</b><br>third</p><script>alert(1)</script>")
    assert text == "First line.\n\nSecond bold\nthird"


def test_has_sentence():
    assert has_sentence("Menu\nThe council approved the new budget on Monday.")
    assert not has_sentence("Home\nWorld\nSport\nSign in")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2024-05-03", "2024-05-03"),
        ("2024-05-03T10:00:00Z", "2024-05-03T10:00:00+00:00"),
        ("2024-05", "2024-05"),
        ("2024-13-40", None),
        ("yesterday", None),
        ("", None),
        (None, None),
        (20240503, "2024-05-03T00:00:00"),
    ],
)
def test_parse_published(value, expected):
    assert parse_published(value) == expected


def test_parse_feed_date_keeps_the_offset():
    assert parse_feed_date("Fri, 03 May 2024 10:00:00 +0200") == "2024-05-03T10:00:00+02:00"
    assert parse_feed_date("2024-05-03T10:00:00Z") == "2024-05-03T10:00:00+00:00"
    assert parse_feed_date("garbage") is None


def test_decode_prefers_utf8_then_windows_1252():
    text = "Na\u00efve r\u00e9sum\u00e9 of the \u2018caf\u00e9\u2019 \u2013 d\u00e9j\u00e0 vu."
    assert decode_bytes(text.encode("utf-8")) == text
    assert decode_bytes(text.encode("cp1252")) == text
    cyrillic = "Министр обороны заявил в среду, что переговоры продолжатся на следующей неделе."
    assert decode_bytes(cyrillic.encode("cp1251")) == cyrillic
    assert decode_bytes("caf\u00e9".encode("utf-16")) == "caf\u00e9"


def test_looks_binary():
    assert looks_binary(b"abc\x00def")
    assert not looks_binary("text".encode("utf-16"))
    assert not looks_binary(b"plain text")


@pytest.mark.parametrize(
    ("name", "head", "expected"),
    [
        ("a.txt", b"Plain words", "text"),
        ("a.md", b"# Title", "markdown"),
        ("a.html.gz", b"<html>", "html"),
        ("a.txt", b"\n<!DOCTYPE html><html>", "html"),
        ("a.xml", b'<?xml version="1.0"?>\n<rss version="2.0">', "feed"),
        ("a.dat", b"<feed xmlns='http://www.w3.org/2005/Atom'>", "feed"),
        ("a.xml", b"<?xml version='1.0'?><catalog/>", None),
        ("a.warc.gz", b"WARC/1.1\r\n", "warc"),
        ("a.jsonl.gz", b'{"text": "<html>"}', "jsonl"),
        ("a.csv", b"text\n", "csv"),
        ("a.pdf", b"%PDF-1.7", None),
    ],
)
def test_detect_format(name, head, expected):
    assert detect_format(name, head) == expected


def test_fallback_source_is_the_file_stem():
    from storyline.ingest.build import stem_source

    assert stem_source("corpus/Harbour Weekly.jsonl.gz") == "Harbour Weekly"
    assert stem_source("Outlet.v2.txt") == "Outlet.v2"
    assert stem_source("README") == "README"
