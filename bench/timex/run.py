"""Time-expression benchmark: TempEval-3 (platinum test, training subsets) and MEANTIME.

Builds the scorer's JSONL input (make_te3_input.py), runs storyline's own extraction
(`find_times` with the record's `published` date as anchor), writes a minimal
storyline.report/1 file and scores it with the shared score_timex.py (relaxed span match,
TE3 value F1). MEANTIME's token-level CAT XML is first rewritten as TimeML so the same
scorer applies.

    python bench/timex/run.py                 # platinum + MEANTIME
    python bench/timex/run.py --sets training # TimeBank and AQUAINT training documents
    python bench/timex/run.py --floor 0.78    # exit 1 when platinum value F1 is below 0.78 (CI)

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


def extract(records: list[dict]) -> list[dict]:
    from storyline.extract.nlp import load_nlp
    from storyline.extract.times import find_times

    nlp = load_nlp()
    articles = []
    for record, doc in zip(records, nlp.pipe(r["text"] for r in records)):
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


def score(gold_dir: Path, work: Path, name: str) -> tuple[float, str]:
    """Value F1 and the scorer's printout for the TimeML documents in `gold_dir`."""
    jsonl = work / f"{name}.jsonl"
    subprocess.run([sys.executable, str(SCORERS / "make_te3_input.py"), str(jsonl), str(gold_dir)],
                   check=True, capture_output=True, text=True)
    records = [json.loads(line) for line in jsonl.read_text(encoding="utf-8").splitlines() if line.strip()]
    started = time.perf_counter()
    articles = extract(records)
    elapsed = time.perf_counter() - started
    report = work / f"{name}.report.json"
    report.write_text(json.dumps({"schema": "storyline.report/1", "articles": articles,
                                  "entities": [], "stories": []}), encoding="utf-8")
    out = subprocess.run([sys.executable, str(SCORERS / "score_timex.py"), str(report), str(gold_dir)],
                         check=True, capture_output=True, text=True).stdout
    value_f1 = float(out.strip().splitlines()[-1].split()[-1])
    chars = sum(len(r["text"]) for r in records)
    out += f"parse+extract: {len(records)} docs, {chars} chars in {elapsed:.1f}s\n"
    return value_f1, out


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
            value_f1, printout = score(gold_dir, work, name)
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
