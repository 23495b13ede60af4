"""Each reader: what it takes from its format and how it names articles."""
from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from storyline.ingest import read_inputs
from storyline.model import stable_id
from storyline.pipeline import Options


def prose(topic: str) -> str:
    return (
        f"The {topic} committee of Velmora met on Tuesday to review the {topic} repair budget for next year.\n"
        f"Members said the {topic} had drawn twice as many visitors as the year before, according to the minutes.\n"
        f"A final vote on the {topic} plan is expected after the summer recess, the committee chair said."
    )


def page(topic: str, *, site: str = "The Velmora Gazette", date: str | None = "2024-05-03T10:00:00Z") -> str:
    paragraphs = "".join(f"<p>{line}</p>" for line in prose(topic).split("\n"))
    date_meta = f'<meta property="article:published_time" content="{date}">' if date else ""
    return (
        f'<html lang="en"><head><title>{topic.title()} plan | {site}</title>'
        f'<meta property="og:site_name" content="{site}"><meta name="author" content="Ada Quill">{date_meta}</head>'
        f'<body><nav><a href="/">Home</a> <a href="/local">Local</a></nav>'
        f"<article><h1>{topic.title()} plan goes to a vote</h1>{paragraphs}</article>"
        f"<footer>Contact us</footer></body></html>"
    )


def read_one(path: Path, **options) -> list:
    return read_inputs([str(path)], Options(**options))


def test_plain_text_has_no_title_and_cleaned_text(tmp_path):
    path = tmp_path / "note.txt"
    path.write_bytes(("Orchard plan\r\n\r\n\r\n\r\n" + prose("orchard") + "   \r\n").encode())
    [article] = read_one(path)
    assert article.title is None
    assert article.text.startswith("Orchard plan\n\nThe orchard committee")
    assert "\r" not in article.text and not article.text.endswith(" ")
    assert article.source == "note" and article.format == "text"
    assert article.id == stable_id("a", "note", " ".join(article.text.split()))


def test_markdown_heading_is_title_and_syntax_is_removed(tmp_path):
    path = tmp_path / "story.md"
    path.write_text(
        "# Ferry returns to Velmora\n\n"
        "The **ferry** resumed service on *Monday* after a [six-week](https://example.test/x) refit, the operator said.\n\n"
        "## Timetable\n\n- Morning sailings start at seven o'clock again this week.\n- Evening sailings stay suspended until the autumn.\n",
        encoding="utf-8",
    )
    [article] = read_one(path)
    assert article.title == "Ferry returns to Velmora"
    assert article.text.startswith("The ferry resumed service on Monday after a six-week refit, the operator said.")
    assert "Timetable" in article.text
    for syntax in ("**", "](", "# ", "https://"):
        assert syntax not in article.text


def test_cp1252_text_is_decoded(tmp_path):
    path = tmp_path / "latin.txt"
    text = "The caf\u00e9 owner said \u201cwe will reopen\u201d on Friday \u2014 after the works on Quay Street end."
    path.write_bytes(text.encode("cp1252"))
    [article] = read_one(path)
    assert article.text == text


def test_html_page_gives_body_and_metadata(tmp_path):
    path = tmp_path / "page.html"
    path.write_text(page("granary"), encoding="utf-8")
    [article] = read_one(path)
    assert article.status == "ok" and article.format == "html"
    assert article.text.startswith("The granary committee")
    assert "Home" not in article.text
    assert article.title == "Granary plan goes to a vote"
    assert article.source == "The Velmora Gazette"
    assert article.author == "Ada Quill"
    assert (article.published, article.published_origin) == ("2024-05-03", "extracted")


def test_sidecar_wins_over_page_metadata(tmp_path):
    (tmp_path / "page.html").write_text(page("granary"), encoding="utf-8")
    meta = tmp_path / "meta.jsonl"
    meta.write_text(json.dumps({"file": "page.html", "source": "Granary Weekly", "published": "2024-06-01"}) + "\n")
    [article] = read_inputs([str(tmp_path)], Options(meta=meta))
    assert article.source == "Granary Weekly"
    assert (article.published, article.published_origin) == ("2024-06-01", "metadata")


def test_text_file_that_is_html_is_sniffed(tmp_path):
    path = tmp_path / "saved.txt"
    path.write_text("<!DOCTYPE html>\n" + page("tramway"), encoding="utf-8")
    [article] = read_one(path)
    assert article.format == "html" and "tramway committee" in article.text


def test_jsonl_records_fields_and_bad_line(tmp_path):
    lines = [
        json.dumps({"id": "own-1", "text": prose("lighthouse"), "source": "Coast Radio", "title": "Lighthouse",
                    "url": "https://coast.test/1", "published": "2024-02-29T08:30:00+01:00", "language": "en"}),
        json.dumps({"text": prose("orchard"), "url": "https://coast.test/2", "published": "31/31/2024"}),
        '{"text": "broken',
        json.dumps({"text": prose("aqueduct"), "source": "Hill Times"}),
        json.dumps({"html": f"<p>{prose('ferry')}</p>", "source": "Harbour FM"}),
    ]
    path = tmp_path / "feed.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    articles = {a.path: a for a in read_one(path)}
    first = articles[f"{path}:1"]
    assert (first.id, first.source, first.title, first.language) == ("own-1", "Coast Radio", "Lighthouse", "en")
    assert (first.published, first.published_origin) == ("2024-02-29T08:30:00+01:00", "metadata")
    second = articles[f"{path}:2"]
    assert second.id == stable_id("a", "https://coast.test/2")
    assert second.published is None and second.status == "ok"
    bad = articles[f"{path}:3"]
    assert bad.status == "error"
    assert str(path) in bad.error and "line 3" in bad.error and "not valid JSON" in bad.error
    fourth = articles[f"{path}:4"]
    assert fourth.id == stable_id("a", "Hill Times", " ".join(fourth.text.split()))
    assert articles[f"{path}:5"].text.startswith("The ferry committee")
    assert len(articles) == 5


def test_ids_do_not_depend_on_record_position(tmp_path):
    records = [{"text": prose(t), "source": "Desk"} for t in ("orchard", "ferry")]
    one, two = tmp_path / "one.jsonl", tmp_path / "two.jsonl"
    one.write_text("\n".join(json.dumps(r) for r in records))
    two.write_text("\n".join(json.dumps(r) for r in reversed(records)))
    assert sorted(a.id for a in read_one(one)) == sorted(a.id for a in read_one(two))


def test_json_array_and_csv_rows(tmp_path):
    array = tmp_path / "batch.json"
    array.write_text(json.dumps([{"text": prose("observatory"), "source": "Sky"}, {"title": "no body"}]))
    table = tmp_path / "batch.csv"
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=["id", "source", "text", "published"])
    writer.writeheader()
    writer.writerow({"id": "c1", "source": "Quay", "text": prose("tramway"), "published": "2024-07-01"})
    writer.writerow({"id": "c2", "source": "Quay", "text": prose("glasshouse"), "published": ""})
    table.write_text(buffer.getvalue())
    articles = {a.path: a for a in read_inputs([str(array), str(table)], Options())}
    assert articles[f"{array}:#1"].status == "ok"
    assert articles[f"{array}:#2"].status == "empty" and '"text"' in articles[f"{array}:#2"].error
    assert articles[f"{table}:#1"].id == "c1" and articles[f"{table}:#1"].published == "2024-07-01"
    assert articles[f"{table}:#2"].id == "c2" and articles[f"{table}:#2"].published is None


RSS = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Northbank Courier</title><language>en</language>
<item><title>Orchard vote</title><link>https://northbank.test/orchard</link>
<description>&lt;p&gt;{orchard}&lt;/p&gt;</description><pubDate>Fri, 03 May 2024 10:00:00 +0200</pubDate></item>
<item><title>Headline only</title><link>https://northbank.test/empty</link></item>
<item><title>Ferry news</title><link>https://northbank.test/ferry</link><description>{ferry}</description></item>
</channel></rss>"""


def test_rss_entries_are_articles_with_feed_title_as_source(tmp_path):
    path = tmp_path / "courier.xml"
    path.write_text(RSS.format(orchard=prose("orchard").replace("\n", " "), ferry=prose("ferry")), encoding="utf-8")
    articles = read_one(path)
    assert [a.path for a in articles] == [f"{path}:#1", f"{path}:#2", f"{path}:#3"]
    first, empty, third = articles
    assert first.source == "Northbank Courier" and first.format == "feed"
    assert first.title == "Orchard vote" and first.url == "https://northbank.test/orchard"
    assert (first.published, first.published_origin) == ("2024-05-03T10:00:00+02:00", "metadata")
    assert first.text.startswith("The orchard committee") and "<p>" not in first.text
    assert empty.status == "empty" and "entry 2" in empty.error and str(path) in empty.error
    assert third.status == "ok"


def test_atom_feed_is_sniffed_whatever_the_extension(tmp_path):
    path = tmp_path / "updates.txt"
    path.write_text(
        '<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Hill Times</title>'
        f'<entry><title>Aqueduct</title><link href="https://hill.test/a"/><updated>2024-04-02T09:00:00Z</updated>'
        f'<content type="html">&lt;p&gt;{prose("aqueduct")}&lt;/p&gt;</content></entry></feed>',
        encoding="utf-8",
    )
    [article] = read_one(path)
    assert article.source == "Hill Times" and article.format == "feed"
    assert article.published == "2024-04-02T09:00:00+00:00"


def warc_bytes(pages: list[tuple[str, str, str]], gzip: bool) -> bytes:
    """(url, content type, body) per response, with a request record between them."""
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=gzip)
    for url, content_type, body in pages:
        writer.write_record(writer.create_warc_record(url, "request", payload=io.BytesIO(b"GET / HTTP/1.1\r\n\r\n")))
        headers = StatusAndHeaders("200 OK", [("Content-Type", content_type)], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(body.encode()), http_headers=headers))
    return buffer.getvalue()


def test_warc_html_responses_only(tmp_path):
    pages = [
        ("https://gazette.test/granary", "text/html; charset=utf-8", page("granary")),
        ("https://gazette.test/logo.css", "text/css", "body { color: red }"),
        ("https://gazette.test/ferry", "text/html", page("ferry", date=None)),
    ]
    for name, compressed in (("crawl.warc", False), ("crawl.warc.gz", True)):
        path = tmp_path / name
        path.write_bytes(warc_bytes(pages, gzip=compressed))
        articles = read_one(path)
        assert [a.url for a in articles] == ["https://gazette.test/granary", "https://gazette.test/ferry"]
        assert all(a.status == "ok" and a.format == "warc" for a in articles)
        assert articles[0].id == stable_id("a", "https://gazette.test/granary")
        assert articles[0].published == "2024-05-03" and articles[1].published is None


def test_truncated_warc_keeps_complete_records(tmp_path):
    pages = [(f"https://gazette.test/{t}", "text/html", page(t)) for t in ("granary", "ferry", "orchard")]
    data = warc_bytes(pages, gzip=False)
    path = tmp_path / "cut.warc"
    path.write_bytes(data[: len(data) - 200])
    articles = read_one(path)
    assert [a.status for a in articles] == ["ok", "ok", "error"]
    assert "truncated" in articles[2].error and str(path) in articles[2].error


def test_json_file_holding_json_lines_is_read_as_jsonl(tmp_path):
    path = tmp_path / "export.json"
    path.write_text("\n".join(json.dumps({"text": prose(t), "source": "Desk"}) for t in ("ferry", "orchard")) + "\n")
    articles = read_one(path)
    assert [a.path for a in articles] == [f"{path}:1", f"{path}:2"]
    assert all(a.status == "ok" for a in articles)
