"""Resource limits: huge, numerous, nested, compressed and cut-short inputs stay bounded and clear.

Each case checks that the run finishes in bounded time and memory, reports the problem input
with a message a user can act on, and still reads everything else. The sizes are chosen to be
quick on two busy cores; the bounds asserted are generous on purpose (they catch blow-ups,
not small regressions).
"""
from __future__ import annotations

import gzip
import io
import json
import subprocess
import sys
import textwrap
import time
import tracemalloc
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from storyline.ingest import read_articles, read_inputs
from storyline.pipeline import Options

PROSE = "The Orford pier reopened on Monday after six weeks of repairs, the harbour council said in a statement."
MiB = 1024 * 1024


def by_path(articles) -> dict[str, object]:
    return {a.path: a for a in articles}


def test_a_file_over_max_bytes_is_reported_and_the_rest_read(tmp_path):
    (tmp_path / "huge.txt").write_text((PROSE + "\n") * 3000, encoding="utf-8")  # ~300 KiB
    (tmp_path / "small.txt").write_text(PROSE, encoding="utf-8")
    read_inputs([str(tmp_path / "small.txt")], Options())  # imports happen here, not under the tracer
    tracemalloc.start()
    try:
        articles = read_inputs([str(tmp_path)], Options(max_bytes=64 * 1024))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    found = by_path(articles)
    huge = found[str(tmp_path / "huge.txt")]
    assert huge.status == "error" and "limit" in huge.error and "max_bytes" in huge.error
    assert found[str(tmp_path / "small.txt")].status == "ok"
    assert peak < 16 * MiB  # the big file is refused by its size, never read into memory


def test_a_gzip_bomb_stops_at_the_limit(tmp_path):
    bomb = tmp_path / "bomb.txt.gz"
    bomb.write_bytes(gzip.compress(b"A" * (64 * MiB), compresslevel=9))  # ~64 KiB on disk
    (tmp_path / "fine.txt.gz").write_bytes(gzip.compress(PROSE.encode()))
    assert bomb.stat().st_size < MiB
    read_inputs([str(tmp_path / "fine.txt.gz")], Options())  # imports happen here, not under the tracer
    tracemalloc.start()
    started = time.monotonic()
    try:
        articles = read_inputs([str(tmp_path)], Options(max_bytes=2 * MiB))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    elapsed = time.monotonic() - started
    found = by_path(articles)
    problem = found[str(bomb)]
    assert problem.status == "error" and "decompresses to more than" in problem.error
    assert found[str(tmp_path / "fine.txt.gz")].status == "ok"
    assert peak < 16 * MiB, peak  # inflating all 64 MiB would show here
    assert elapsed < 20


def test_a_gzip_bomb_inside_jsonl_stops_at_the_limit(tmp_path):
    line = json.dumps({"text": PROSE}) + "\n"
    (tmp_path / "records.jsonl.gz").write_bytes(gzip.compress(line.encode() * 200_000, compresslevel=9))
    articles = read_inputs([str(tmp_path)], Options(max_bytes=MiB))
    assert len(articles) == 1 and articles[0].status == "error"
    assert "decompresses to more than" in articles[0].error


def test_many_thousands_of_tiny_files(tmp_path):
    count = 3000
    for number in range(count):
        (tmp_path / f"note-{number:04d}.txt").write_text(f"Bulletin {number}: ferry {number} left port {number % 17} at dawn.")
    started = time.monotonic()
    articles = read_inputs([str(tmp_path)], Options())
    elapsed = time.monotonic() - started
    assert len(articles) == count
    assert len({a.path for a in articles}) == count
    assert all(a.status == "ok" for a in articles)
    assert elapsed < 60, elapsed


MAXRSS_CHILD = textwrap.dedent(
    """
    import json, resource, sys
    from storyline.ingest import read_articles
    from storyline.pipeline import Options
    articles = read_articles([sys.argv[1]], Options())
    bad = sorted(int(a.path.rsplit(":", 1)[1]) for a in articles if a.status == "error" and "is not valid JSON" in a.error)
    print(json.dumps({"ok": sum(a.status == "ok" for a in articles), "total": len(articles), "bad": bad,
                      "maxrss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
    """
)


def test_a_100k_line_jsonl_with_bad_lines(tmp_path):
    path = tmp_path / "wire.jsonl"
    bad_lines = []
    with open(path, "w", encoding="utf-8") as handle:
        for number in range(1, 100_001):
            if number % 997 == 0:
                bad_lines.append(number)
                handle.write('{"id": "broken", "text": "cut off\n')
            else:
                handle.write(json.dumps({"id": f"r{number}", "source": "Wire", "text": f"Item {number}: {PROSE}"}) + "\n")
    # The readers alone (boilerplate and copy detection over 100k records belong in the bench),
    # in a child process so its peak resident memory is its own.
    done = subprocess.run([sys.executable, "-c", MAXRSS_CHILD, str(path)], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    outcome = json.loads(done.stdout)
    assert outcome["total"] == 100_000
    assert outcome["ok"] == 100_000 - len(bad_lines)
    assert outcome["bad"] == bad_lines  # each bad line reported under its own line number
    assert outcome["maxrss_mib"] < 1500, outcome["maxrss_mib"]


def test_the_bad_line_message_names_its_line(tmp_path):
    path = tmp_path / "wire.jsonl"
    path.write_text(json.dumps({"text": PROSE}) + "\n{oops\n" + json.dumps({"text": PROSE + " Again."}) + "\n")
    articles = by_path(read_articles([str(path)], Options()))
    bad = articles[f"{path}:2"]
    assert bad.status == "error" and "line 2" in bad.error
    assert articles[f"{path}:1"].status == articles[f"{path}:3"].status == "ok"


def _nested(depth: int) -> str:
    return f"<html><body>{'<div>' * depth}<p>{PROSE}</p><p>{PROSE}</p>{'</div>' * depth}</body></html>"


def test_deeply_nested_html_is_bounded_and_accounted_for(tmp_path):
    (tmp_path / "nested.html").write_text(_nested(5000), encoding="utf-8")
    (tmp_path / "plain.txt").write_text(PROSE, encoding="utf-8")
    started = time.monotonic()
    articles = by_path(read_inputs([str(tmp_path)], Options()))
    assert time.monotonic() - started < 30
    nested = articles[str(tmp_path / "nested.html")]
    assert nested.status == "ok" or nested.error
    assert articles[str(tmp_path / "plain.txt")].status == "ok"


def test_bug_deeply_nested_html_keeps_its_prose(tmp_path):
    path = tmp_path / "nested.html"
    path.write_text(_nested(5000), encoding="utf-8")
    article = read_inputs([str(path)], Options())[0]
    assert article.status == "ok" and "Orford pier" in article.text


def _warc_records(count: int, compress: bool) -> bytes:
    # With gzip, warcio writes one gzip member per record, as crawlers do.
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=compress)
    for number in range(count):
        # The comment pads each record, so a few records make an archive larger than the 256 KiB
        # buffer the readers fill at a time, without making the page slower to extract.
        page = (f"<html><head><title>Pier {number}</title><!-- {'x' * 4000} --></head><body><article><p>{PROSE}</p>"
                f"<p>Update {number}: {PROSE}</p></article></body></html>")
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(f"https://orford.example/{number}", "response",
                                                      payload=io.BytesIO(page.encode()), http_headers=headers))
    return buffer.getvalue()


def _check_cut_warc(tmp_path: Path, compress: bool, records: int) -> None:
    path = tmp_path / ("crawl.warc.gz" if compress else "crawl.warc")
    path.write_bytes(_warc_records(records, compress)[:-120])  # inside the last record
    (tmp_path / "plain.txt").write_text(PROSE, encoding="utf-8")
    articles = read_inputs([str(tmp_path)], Options())
    from_warc = [a for a in articles if a.path.startswith(str(path))]
    ok = [a for a in from_warc if a.status == "ok"]
    problems = [a for a in from_warc if a.status != "ok"]
    assert len(ok) == records - 1, [(a.path, a.status, a.error) for a in from_warc]
    assert problems and all(a.error and ("truncated" in a.error or "corrupt" in a.error) for a in problems)
    assert by_path(articles)[str(tmp_path / "plain.txt")].status == "ok"


@pytest.mark.parametrize("records", [3, 70])
def test_a_warc_cut_inside_its_last_record(tmp_path, records):
    _check_cut_warc(tmp_path, False, records)


@pytest.mark.parametrize("records", [3, 70])
def test_bug_a_warc_gz_cut_inside_its_last_record_keeps_the_others(tmp_path, records):
    _check_cut_warc(tmp_path, True, records)


def test_bug_a_small_jsonl_gz_cut_short_keeps_its_complete_lines(tmp_path):
    lines = "".join(json.dumps({"id": f"r{n}", "text": f"{n}: {PROSE}"}) + "\n" for n in range(20)).encode()
    path = tmp_path / "wire.jsonl.gz"
    path.write_bytes(gzip.compress(lines)[:-30])
    articles = read_inputs([str(path)], Options())
    assert sum(a.status == "ok" for a in articles) >= 15, [(a.path, a.status, a.error) for a in articles]


def test_bug_bad_line_message_reads_well(tmp_path):
    path = tmp_path / "wire.jsonl"
    path.write_bytes(b'{"text": "cut\n')
    article = read_articles([str(path)], Options())[0]
    assert " at at " not in article.error
