"""Ingest throughput and peak memory per input format.

Generates N fictional articles (sentences built from templates and a vocabulary, seeded, so
every run builds the same corpus) in each format: a folder of .txt files, one .jsonl, one
.csv, one RSS feed, one .warc.gz and a folder of .html pages. Then, in a fresh subprocess per
format, times `read_inputs` (which includes boilerplate removal and copy detection) and reads
the peak resident memory of that process.

    .venv/bin/python bench/ingest/run.py --n 20000
    .venv/bin/python bench/ingest/run.py --n 2000 --formats html,warc

Needs nothing from /work/shared. Single-file formats hold all N articles in one file, so the
run raises `max_bytes` well above the default 50 MiB to measure reading rather than refusal.
"""
from __future__ import annotations

import argparse
import csv
import io
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from html import escape
from pathlib import Path

FORMATS = ("txt", "jsonl", "csv", "rss", "warc", "html")
MAX_BYTES = 16 << 30

PLACES = ["Velmora", "Ostrand", "Kessel Bay", "Marrow Hill", "Duneport", "Harwick", "Lindgate", "Sorrel Cove"]
GROUPS = ["the city council", "the port authority", "the rail operator", "the health board", "the teachers' union",
          "the chamber of commerce", "the water company", "the regional assembly", "the fire service"]
PEOPLE = ["Mara Holt", "Ivo Brand", "Lena Osk", "Tomas Reyl", "Ada Quill", "Jon Vesk", "Rhea Marlow", "Pavel Dunn"]
THINGS = ["bridge", "tram line", "harbour wall", "school", "hospital wing", "reservoir", "ferry terminal", "library"]
VERBS = ["approved", "delayed", "criticised", "announced", "rejected", "postponed", "funded", "reviewed"]
DAYS = ["on Monday", "on Tuesday", "on Wednesday", "last week", "in March", "on Friday", "earlier this month"]
TEMPLATES = [
    "{group} {verb} the {thing} project in {place} {day}, officials said.",
    "{person}, who speaks for {group}, said the {thing} would cost about {n} million crowns.",
    "\"We cannot wait another year for the {thing},\" {person} told reporters in {place}.",
    "Around {n} residents attended a meeting about the {thing} {day}, according to {group}.",
    "The {thing} in {place} has been closed since {year}, when inspectors found {n} faults.",
    "{group} said {day} that work on the {thing} would resume within {n} weeks.",
    "Critics in {place} argue the {thing} plan favours the centre over outlying districts.",
    "{person} said the decision on the {thing} was expected before the end of {year}.",
]


def make_articles(count: int, seed: int = 7) -> list[dict]:
    rng = random.Random(seed)
    articles = []
    for number in range(count):
        sentences = []
        for _ in range(rng.randint(6, 14)):
            template = rng.choice(TEMPLATES)
            sentence = template.format(
                group=rng.choice(GROUPS), verb=rng.choice(VERBS), thing=rng.choice(THINGS), place=rng.choice(PLACES),
                day=rng.choice(DAYS), person=rng.choice(PEOPLE), n=rng.randint(2, 900), year=rng.randint(1990, 2024),
            )
            sentences.append(sentence[0].upper() + sentence[1:])
        paragraphs = [" ".join(sentences[i : i + 3]) for i in range(0, len(sentences), 3)]
        place, thing = rng.choice(PLACES), rng.choice(THINGS)
        articles.append({
            "id": f"bench-{number}",
            "source": f"Outlet {number % 40}",
            "title": f"{place} {thing} decision ({number})",
            "url": f"https://outlet{number % 40}.test/news/{number}",
            "published": f"2024-{1 + number % 12:02d}-{1 + number % 28:02d}",
            "text": "\n\n".join(paragraphs),
        })
    return articles


def html_page(article: dict) -> str:
    body = "".join(f"<p>{escape(p)}</p>" for p in article["text"].split("\n\n"))
    return (
        f"<html lang='en'><head><title>{escape(article['title'])}</title>"
        f"<meta property='og:site_name' content='{article['source']}'>"
        f"<meta property='article:published_time' content='{article['published']}'></head>"
        f"<body><nav><a href='/'>Home</a> <a href='/news'>News</a></nav><article><h1>{escape(article['title'])}</h1>"
        f"{body}</article><footer>Contact</footer></body></html>"
    )


def write_corpus(fmt: str, articles: list[dict], root: Path) -> Path:
    if fmt == "txt":
        folder = root / "txt"
        for index, article in enumerate(articles):
            sub = folder / f"{index // 1000:04d}"
            sub.mkdir(parents=True, exist_ok=True)
            (sub / f"{index:07d}.txt").write_text(article["text"], encoding="utf-8")
        return folder
    if fmt == "html":
        folder = root / "html"
        for index, article in enumerate(articles):
            sub = folder / f"{index // 1000:04d}"
            sub.mkdir(parents=True, exist_ok=True)
            (sub / f"{index:07d}.html").write_text(html_page(article), encoding="utf-8")
        return folder
    if fmt == "jsonl":
        path = root / "articles.jsonl"
        with open(path, "w", encoding="utf-8") as handle:
            for article in articles:
                handle.write(json.dumps(article) + "\n")
        return path
    if fmt == "csv":
        path = root / "articles.csv"
        with open(path, "w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=list(articles[0]))
            writer.writeheader()
            writer.writerows(articles)
        return path
    if fmt == "rss":
        path = root / "feed.rss"
        with open(path, "w", encoding="utf-8") as handle:
            handle.write('<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Bench Wire</title>\n')
            for article in articles:
                content = escape("".join(f"<p>{p}</p>" for p in article["text"].split("\n\n")))
                handle.write(
                    f"<item><title>{escape(article['title'])}</title><link>{article['url']}</link>"
                    f"<pubDate>Mon, 01 Jan 2024 10:00:00 +0000</pubDate><description>{content}</description></item>\n"
                )
            handle.write("</channel></rss>\n")
        return path
    if fmt == "warc":
        from warcio.statusandheaders import StatusAndHeaders
        from warcio.warcwriter import WARCWriter

        path = root / "crawl.warc.gz"
        with open(path, "wb") as handle:
            writer = WARCWriter(handle, gzip=True)
            for article in articles:
                headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
                payload = io.BytesIO(html_page(article).encode("utf-8"))
                writer.write_record(writer.create_warc_record(article["url"], "response", payload=payload, http_headers=headers))
        return path
    raise ValueError(fmt)


def measure(path: str, readers_only: bool) -> None:
    """Runs in the subprocess: read once (readers, then clean + dedup), print one JSON line."""
    from storyline.ingest import post_process, read_articles
    from storyline.pipeline import Options

    baseline_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    articles = read_articles([path], Options(max_bytes=MAX_BYTES))
    read_seconds = time.perf_counter() - started
    read_peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    post_seconds = None
    if not readers_only:
        started = time.perf_counter()
        post_process(articles)
        post_seconds = time.perf_counter() - started
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    ok = sum(1 for a in articles if a.status == "ok")
    print(json.dumps({"articles": len(articles), "ok": ok, "read_seconds": read_seconds, "post_seconds": post_seconds,
                      "read_peak_mib": read_peak_kib / 1024, "peak_mib": peak_kib / 1024, "baseline_mib": baseline_kib / 1024}))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=100_000, help="articles per format (default 100000)")
    parser.add_argument("--formats", default=",".join(FORMATS), help=f"comma-separated subset of {','.join(FORMATS)}")
    parser.add_argument("--readers-only", action="store_true", help="skip boilerplate removal and copy detection")
    parser.add_argument("--measure", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        measure(args.measure, args.readers_only)
        return 0
    formats = [f for f in args.formats.split(",") if f]
    unknown = set(formats) - set(FORMATS)
    if unknown:
        parser.error(f"unknown formats: {sorted(unknown)}")
    articles = make_articles(args.n)
    rows = []
    with tempfile.TemporaryDirectory(prefix="storyline-ingest-bench-") as tmp:
        for fmt in formats:
            target = write_corpus(fmt, articles, Path(tmp))
            size = sum(p.stat().st_size for p in target.rglob("*") if p.is_file()) if target.is_dir() else target.stat().st_size
            result = subprocess.run(
                [sys.executable, __file__, "--measure", str(target), *(["--readers-only"] if args.readers_only else [])],
                capture_output=True, text=True, check=False
            )
            if result.returncode != 0:
                print(f"{fmt}: measurement failed\n{result.stderr[-2000:]}", file=sys.stderr)
                continue
            data = json.loads(result.stdout.strip().splitlines()[-1])
            rows.append((fmt, size, data))
    print(f"{args.n} generated articles per format; 'read' = readers only, 'total' = read_inputs (+ clean + dedup)")
    print(f"{'format':<7}{'in MiB':>8}{'articles':>9}{'ok':>7}{'read s':>8}{'read/s':>8}{'total s':>9}{'total/s':>9}"
          f"{'read MiB':>9}{'peak MiB':>9}{'base MiB':>9}")
    for fmt, size, data in rows:
        count, read_s, post_s = data["articles"], data["read_seconds"], data["post_seconds"]
        total = f"{read_s + post_s:>9.2f}{count / (read_s + post_s):>9.0f}" if post_s is not None else f"{'-':>9}{'-':>9}"
        print(f"{fmt:<7}{size / 2**20:>8.1f}{count:>9}{data['ok']:>7}{read_s:>8.2f}{count / read_s:>8.0f}{total}"
              f"{data['read_peak_mib']:>9.0f}{data['peak_mib']:>9.0f}{data['baseline_mib']:>9.0f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
