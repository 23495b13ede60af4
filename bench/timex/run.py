"""Time-expression benchmark: TempEval-3 (platinum test, training subsets) and MEANTIME.

Builds the scorer's JSONL input (make_te3_input.py), runs storyline's own extraction
(`find_times` with the record's `published` date as anchor), writes a minimal
storyline.report/1 file and scores it with the shared score_timex.py (relaxed span match,
TE3 value F1). MEANTIME's token-level CAT XML is first rewritten as TimeML so the same
scorer applies.

    python bench/timex/run.py                 # platinum + MEANTIME
    python bench/timex/run.py --sets training # TimeBank and AQUAINT training documents
    python bench/timex/run.py --floor 0.78    # exit 1 when platinum value F1 is below 0.78 (CI)
    python bench/timex/run.py --sets training --errors /tmp/errs --doc-cache /tmp/docs
        # one file of misses, spurious and wrong values per set; parses kept between runs

Exits 0 with a message when /work/shared (or SHARED_DIR) is absent.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
SHARED = Path(os.environ.get("SHARED_DIR", "/work/shared"))
SCORERS = SHARED / "scorers"
TE3 = SHARED / "datasets" / "tempeval3"
MEANTIME = SHARED / "datasets" / "meantime" / "meantime_newsreader_english_oct15" / "intra-doc_annotation"
GOLD_SETS = {
    "platinum": TE3 / "Evaluation" / "te3-platinum",
    "timebank": TE3 / "Training" / "TBAQ-cleaned" / "TimeBank",
    "aquaint": TE3 / "Training" / "TBAQ-cleaned" / "AQUAINT",
}


def parse_docs(texts: list[str], cache: Path | None) -> list:
    """spaCy docs of `texts`; with `cache`, parses are stored there (DocBin) keyed by the
    texts and the model, so that re-running the scorer after a grammar change is quick."""
    import hashlib

    from spacy.tokens import DocBin

    from storyline.extract.nlp import load_nlp

    nlp = load_nlp()
    if cache is None:
        return list(nlp.pipe(texts))
    key = hashlib.sha256("\0".join([nlp.meta["name"], nlp.meta["version"], *texts]).encode()).hexdigest()[:16]
    path = cache / f"{key}.spacy"
    if path.exists():
        return list(DocBin().from_disk(path).get_docs(nlp.vocab))
    docs = list(nlp.pipe(texts))
    cache.mkdir(parents=True, exist_ok=True)
    DocBin(store_user_data=False, docs=docs).to_disk(path)
    return docs


def extract(records: list[dict], cache: Path | None = None) -> list[dict]:
    from storyline.extract.times import find_times

    articles = []
    for record, doc in zip(records, parse_docs([r["text"] for r in records], cache)):
        try:
            anchor = dt.date.fromisoformat(record["published"]) if record.get("published") else None
        except ValueError:
            anchor = None
        times = find_times(doc, anchor)
        articles.append({
            "id": record["id"], "source": "benchmark", "status": "ok", "text": record["text"],
            "published": record.get("published"), "mentions": [], "quotes": [],
            "times": [t.to_dict() for t in times], "quantities": [],
        })
    return articles


def score(gold_dir: Path, work: Path, name: str, cache: Path | None = None,
          errors: Path | None = None) -> tuple[float, str]:
    """Value F1 and the scorer's printout for the TimeML documents in `gold_dir`."""
    jsonl = work / f"{name}.jsonl"
    subprocess.run([sys.executable, str(SCORERS / "make_te3_input.py"), str(jsonl), str(gold_dir)],
                   check=True, capture_output=True, text=True)
    records = [json.loads(line) for line in jsonl.read_text(encoding="utf-8").splitlines() if line.strip()]
    started = time.perf_counter()
    articles = extract(records, cache)
    elapsed = time.perf_counter() - started
    report = work / f"{name}.report.json"
    report.write_text(json.dumps({"schema": "storyline.report/1", "articles": articles,
                                  "entities": [], "stories": []}), encoding="utf-8")
    out = subprocess.run([sys.executable, str(SCORERS / "score_timex.py"), str(report), str(gold_dir)],
                         check=True, capture_output=True, text=True).stdout
    value_f1 = float(out.strip().splitlines()[-1].split()[-1])
    if errors is not None:
        errors.mkdir(parents=True, exist_ok=True)
        (errors / f"{name}.txt").write_text(error_dump(gold_dir, articles), encoding="utf-8")
    chars = sum(len(r["text"]) for r in records)
    out += f"parse+extract: {len(records)} docs, {chars} chars in {elapsed:.1f}s\n"
    return value_f1, out


def error_dump(gold_dir: Path, articles: list[dict]) -> str:
    """One line per miss (gold only), spurious time (ours only) and wrong value, matched as
    the scorer matches (relaxed overlap, one to one), with the sentence around each."""
    sys.path.insert(0, str(SCORERS))
    from score_timex import match, parse_tml

    by_id = {a["id"]: a for a in articles}
    lines = []
    for path in sorted(gold_dir.glob("*.tml")):
        doc_id, text, dct, gold = parse_tml(str(path))
        pred = by_id[doc_id]["times"]
        pairs = match(gold, pred)
        matched_gold, matched_pred = {g for g, _ in pairs}, {p for _, p in pairs}

        def around(start: int, end: int) -> str:
            return " ".join((text[max(0, start - 60):start] + "[" + text[start:end] + "]" + text[end:end + 40]).split())

        for gi, pi in pairs:
            g, p = gold[gi], pred[pi]
            if p["value"] != g["value"]:
                lines.append(f"WRONG\t{doc_id}\t{dct}\t{g['text']!r} {g['type']} {g['value']}\t"
                             f"ours {p['text']!r} {p['type']} {p['value']}\t{around(g['start'], g['end'])}")
        for gi, g in enumerate(gold):
            if gi not in matched_gold:
                lines.append(f"MISSED\t{doc_id}\t{dct}\t{g['text']!r} {g['type']} {g['value']}\t\t{around(g['start'], g['end'])}")
        for pi, p in enumerate(pred):
            if pi not in matched_pred:
                lines.append(f"SPURIOUS\t{doc_id}\t{dct}\t\tours {p['text']!r} {p['type']} {p['value']}\t{around(p['start'], p['end'])}")
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------- MEANTIME adapter
def meantime_to_timeml(src: Path, dst: Path) -> int:
    """Rewrite MEANTIME CAT files as TimeML: tokens joined by spaces, one sentence a line,
    TIMEX3 tags around their anchored tokens. Only the title and first sentences of each
    article are annotated, so the text stops after the last sentence holding any annotation.
    Returns the number of documents written."""
    dst.mkdir(parents=True, exist_ok=True)
    written = 0
    for path in sorted(src.glob("*/*.xml")):
        root = ET.parse(path).getroot()
        tokens = [(int(t.get("t_id")), int(t.get("sentence")), t.text or "") for t in root.iter("token")]
        words = {t_id: word for t_id, _, word in tokens}
        sentence_of = {t_id: sentence for t_id, sentence, _ in tokens}
        annotated = [sentence_of.get(int(a.get("t_id")), 0) for a in root.iter("token_anchor")]
        last_sentence = max(annotated, default=5)
        tokens = [t for t in tokens if t[1] <= last_sentence]
        spans: list[tuple[int, int, str]] = []  # first token, last token, opening tag
        dct = None
        dropped: set[int] = set()
        for timex in root.iter("TIMEX3"):
            anchors = [int(a.get("t_id")) for a in timex.iter("token_anchor")]
            attrs = f'tid="t{timex.get("m_id")}" type={quoteattr(timex.get("type") or "")} value={quoteattr(timex.get("value") or "")}'
            if timex.get("functionInDocument") == "CREATION_TIME":
                # As in TE3, the creation time sits outside the text: its dateline is dropped.
                dct = _iso_dct(timex.get("value"), " ".join(words.get(a, "") for a in anchors))
                dropped.update(anchors)
                continue
            if not anchors:
                continue  # a time the text never writes (e.g. an implied end point)
            first, last = min(anchors), max(anchors)
            if any(first <= other_last and other_first <= last for other_first, other_last, _ in spans):
                continue  # TimeML cannot nest TIMEX3: keep the first of overlapping tags
            spans.append((first, last, f"<TIMEX3 {attrs}>"))
        opens = {first: tag for first, _, tag in spans}
        ends = {last for _, last, _ in spans}
        body, previous_sentence = [], None
        for t_id, sentence, word in tokens:
            if t_id in dropped:
                continue
            if previous_sentence is not None:
                body.append("\n" if sentence != previous_sentence else " ")
            previous_sentence = sentence
            body.append(opens.get(t_id, ""))
            body.append(escape(word))
            body.append("</TIMEX3>" if t_id in ends else "")
        dct_tag = f'<DCT><TIMEX3 tid="t0" type="DATE" value="{dct}" functionInDocument="CREATION_TIME"/></DCT>' if dct else ""
        xml = f"<TimeML><DOCID>{path.stem}</DOCID>{dct_tag}<TEXT>\n\n{''.join(body)}\n\n</TEXT></TimeML>"
        (dst / f"{path.stem}.tml").write_text(xml, encoding="utf-8")
        written += 1
    return written


def _iso_dct(value: str | None, written: str) -> str | None:
    """The creation date as YYYY-MM-DD; a few MEANTIME values are not ISO, so fall back on
    the date as written in the text's dateline."""
    from dateutil import parser as date_parser

    try:
        return dt.date.fromisoformat((value or "")[:10]).isoformat()
    except ValueError:
        pass
    try:
        return date_parser.parse(written).date().isoformat()
    except (ValueError, OverflowError):
        return None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sets", default="platinum,meantime",
                        help="comma-separated: platinum, timebank, aquaint, training (both), meantime")
    parser.add_argument("--floor", type=float, default=None,
                        help="exit 1 when TempEval-3 platinum value F1 falls below this")
    parser.add_argument("--workdir", type=Path, default=None,
                        help="keep the inputs and reports here instead of a temporary folder")
    parser.add_argument("--errors", type=Path, default=None,
                        help="write <set>.txt here: every miss, spurious time and wrong value")
    parser.add_argument("--doc-cache", type=Path, default=None,
                        help="keep spaCy parses here between runs (the texts and model are the key)")
    args = parser.parse_args(argv)
    if not (SCORERS / "score_timex.py").exists() or not TE3.exists():
        print(f"timex benchmark skipped: shared data not found under {SHARED}")
        return 0
    names = [n.strip() for n in args.sets.split(",") if n.strip()]
    if "training" in names:
        names[names.index("training"):names.index("training") + 1] = ["timebank", "aquaint"]
    if args.floor is not None and "platinum" not in names:
        names.insert(0, "platinum")
    results: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as tmp:
        work = args.workdir or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        for name in names:
            if name == "meantime":
                if not MEANTIME.exists():
                    print("MEANTIME not found; skipped")
                    continue
                gold_dir = work / "meantime_tml"
                meantime_to_timeml(MEANTIME, gold_dir)
            else:
                gold_dir = GOLD_SETS[name]
            value_f1, printout = score(gold_dir, work, name, args.doc_cache, args.errors)
            results[name] = value_f1
            print(f"== {name} ({gold_dir})")
            print(printout)
    print("summary: " + "  ".join(f"{k} value F1 {v:.4f}" for k, v in results.items()))
    if args.floor is not None and results.get("platinum", 0.0) < args.floor:
        print(f"FAIL: platinum value F1 {results.get('platinum', 0.0):.4f} < floor {args.floor}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
