"""Bad inputs: each becomes one Article with a status and an actionable error; the run goes on."""
from __future__ import annotations

import gzip
import tracemalloc

import pytest

from storyline.ingest import read_inputs
from storyline.ingest.decode import open_limited
from storyline.ingest.errors import InputTooLarge
from storyline.pipeline import Options

SENTENCE = "The tramway depot in Velmora will close for repairs on Monday, the transport office said.\n"


def read_dir(tmp_path, **options):
    return {a.path: a for a in read_inputs([str(tmp_path)], Options(**options))}


def test_binary_empty_and_truncated_files(tmp_path):
    (tmp_path / "photo.jpg").write_bytes(b"\xff\xd8\xff\xe0" + bytes(range(256)) * 8)
    (tmp_path / "mislabelled.txt").write_bytes(b"\x00\x01\x02binary\x00" * 50)
    (tmp_path / "blank.txt").write_text("  \n\n ")
    (tmp_path / "zero.md").write_bytes(b"")
    whole = gzip.compress((SENTENCE * 200).encode())
    (tmp_path / "cut.txt.gz").write_bytes(whole[: len(whole) // 2])
    (tmp_path / "good.txt").write_text(SENTENCE)
    articles = read_dir(tmp_path)
    assert articles[f"{tmp_path}/photo.jpg"].status == "unsupported"
    assert articles[f"{tmp_path}/mislabelled.txt"].status == "unsupported"
    assert "binary" in articles[f"{tmp_path}/mislabelled.txt"].error
    assert articles[f"{tmp_path}/blank.txt"].status == "empty"
    assert articles[f"{tmp_path}/zero.md"].status == "empty"
    cut = articles[f"{tmp_path}/cut.txt.gz"]
    assert cut.status == "error" and "truncated" in cut.error and str(tmp_path / "cut.txt.gz") in cut.error
    assert articles[f"{tmp_path}/good.txt"].status == "ok"
    for article in articles.values():
        if article.status != "ok":
            assert article.text == "" and article.error.startswith(article.path)


def test_html_without_article_body_is_empty(tmp_path):
    (tmp_path / "menu.html").write_text(
        "<html><head><title>Gazette</title></head><body><nav><ul><li><a href='/'>Home</a></li>"
        "<li><a href='/w'>World</a></li></ul></nav><div>Menu Search Login</div></body></html>"
    )
    [article] = read_inputs([str(tmp_path / "menu.html")], Options())
    assert article.status == "empty" and "no article body" in article.error


def test_feed_with_broken_entry_keeps_the_good_ones(tmp_path):
    body = SENTENCE.strip()
    (tmp_path / "wire.rss").write_text(
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>'
        f"<item><title>One</title><link>https://wire.test/1</link><description>{body}</description></item>"
        "<item><title>Two<link>https://wire.test/2</link><description>broken & unescaped</item>"
        f"<item><title>Three</title><link>https://wire.test/3</link><description>Ferries on the north route were cancelled on Sunday because of high winds, the operator said.</description></item>"
        "</channel></rss>"
    )
    articles = read_inputs([str(tmp_path / "wire.rss")], Options())
    ok = [a for a in articles if a.status == "ok"]
    bad = [a for a in articles if a.status != "ok"]
    assert {a.url for a in ok} == {"https://wire.test/1", "https://wire.test/3"}
    assert bad and all(a.error and "wire.rss" in a.error for a in bad)


def test_file_over_max_bytes_is_an_error(tmp_path):
    (tmp_path / "big.txt").write_text(SENTENCE * 100)
    (tmp_path / "small.txt").write_text(SENTENCE)
    articles = read_dir(tmp_path, max_bytes=2000)
    big = articles[f"{tmp_path}/big.txt"]
    assert big.status == "error" and "limit" in big.error
    assert articles[f"{tmp_path}/small.txt"].status == "ok"


def test_gzip_bomb_stops_at_max_bytes_with_bounded_memory(tmp_path):
    bomb = tmp_path / "bomb.jsonl.gz"
    with gzip.open(bomb, "wb", compresslevel=9) as handle:
        chunk = b"0" * (1 << 20)
        for _ in range(64):  # 64 MiB once decompressed, about 64 KiB on disk
            handle.write(chunk)
    tracemalloc.start()
    try:
        articles = read_inputs([str(bomb)], Options(max_bytes=1 << 20))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert [a.status for a in articles] == ["error"]
    assert "decompresses to more than" in articles[0].error
    assert peak < 16 << 20


def test_limited_reader_never_yields_more_than_the_limit(tmp_path):
    path = tmp_path / "data.txt.gz"
    path.write_bytes(gzip.compress(b"x" * 10_000))
    with open_limited(path, 10_000) as stream:
        assert len(stream.read()) == 10_000
    with pytest.raises(InputTooLarge):
        with open_limited(path, 9_999) as stream:
            stream.read()


def test_json_and_csv_problems_are_reported(tmp_path):
    (tmp_path / "bad.json").write_text('[{"text": "unterminated')
    (tmp_path / "odd.json").write_text('"just a string"')
    (tmp_path / "nocol.csv").write_text("headline,body\nA,B\n")
    articles = read_dir(tmp_path)
    assert articles[f"{tmp_path}/bad.json"].status == "error" and "not valid JSON" in articles[f"{tmp_path}/bad.json"].error
    assert articles[f"{tmp_path}/odd.json"].status == "unsupported"
    assert articles[f"{tmp_path}/nocol.csv"].status == "unsupported" and '"text"' in articles[f"{tmp_path}/nocol.csv"].error
