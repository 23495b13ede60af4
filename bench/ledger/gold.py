"""Ledger quality on our own gold pairs (tests/data/ledger_gold), text read from /work/shared.

    python bench/ledger/gold.py [--split test|tune|all] [--nlp] [--embeddings] [--threshold T]
                                [--gold-dir tests/data/ledger_gold_v2] [--check-pointers]

Each event's articles go through the whole ledger (all sentences, not only the labelled
ones); a labelled pair counts as aligned when both sentences land in one fact. Reports
alignment precision/recall, conflict precision/recall over labelled pairs, and false
conflicts per story (reported conflicts not labelled as real ones).

Conflicts are scored per sentence pair: a reported conflict is correct when two of its values
come from claims covering the two sentences of a gold conflict; a reported conflict pairing the
two sentences of a pair labelled anything else (a tempting non-conflict, a different fact, or a
plain same fact) is a false one. False conflicts per story counts every reported conflict that
pairs no gold conflict (an upper bound: the gold pairs do not cover every sentence). With
`--split all` a table gives each half and both together. Every pointer's hash is checked first.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path
from typing import get_args

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

import datasets as D  # noqa: E402

from storyline.model import Article, ConflictKind, Story  # noqa: E402

GOLD = Path(__file__).resolve().parents[2] / "tests" / "data" / "ledger_gold_v2" / "pairs.jsonl"
# Gold labels a real conflict with one of the model's kinds; "none" marks a tempting non-conflict.
REAL_CONFLICTS = set(get_args(ConflictKind))


def _prepare(articles: dict[str, Article], use_nlp: bool) -> dict | None:
    if not use_nlp:
        return None
    from storyline.extract.nlp import load_nlp

    nlp = load_nlp()
    docs = {aid: nlp(a.text) for aid, a in articles.items()}
    try:
        from storyline.extract import extract_article

        for aid, article in articles.items():
            extract_article(article, docs[aid], None)
    except Exception as error:  # extractors still being written: run with what exists
        print(f"  (extraction unavailable: {error!r})")
    return docs


def _in_sentence(claim, doc: str, start: int, end: int) -> bool:
    """The claim covers the sentence's middle, or is a clause of it (mostly inside it): a long
    sentence cut at a semicolon states its facts in its clauses, each a claim of its own."""
    if claim.article != doc:
        return False
    middle = (start + end) // 2
    inside = min(end, claim.end) - max(start, claim.start)
    return claim.start <= middle < claim.end or inside * 2 > claim.end - claim.start


def _facts_of(story: Story, doc: str, start: int, end: int) -> dict[str, object]:
    """Every fact holding a claim of this sentence (a claim may support two)."""
    return {fact.id: fact for fact in story.facts
            if any(_in_sentence(c, doc, start, end) for c in fact.claims)}


def read_rows(gold: Path = GOLD) -> list[dict]:
    return [json.loads(line) for line in gold.read_text().splitlines() if line.strip()]


def check_pointers(rows: list[dict]) -> list[str]:
    """Pointers whose offsets no longer cut out the hashed sentence (dataset or rebuild drift)."""
    problems, texts = [], {}
    for number, row in enumerate(rows, 1):
        event_texts = texts.setdefault(row["event"], D.load_event(row["event"]))
        for side in ("a", "b"):
            pointer = row[side]
            text = event_texts.get(pointer["doc"], (None, None))[1]
            if text is None:
                problems.append(f"line {number} {side}: document {pointer['doc']} not found")
            elif D.short_hash(text[pointer["start"]:pointer["end"]]) != pointer["sha"]:
                problems.append(f"line {number} {side}: hash mismatch in {pointer['doc']}")
    return problems


def load(split: str, use_nlp: bool, gold: Path = GOLD) -> tuple[list[dict], list[tuple]]:
    """Gold rows of the split and, per event, its texts, articles and docs (parsed once)."""
    rows = read_rows(gold)
    rows = [r for r in rows if split == "all" or r["split"] == split]
    prepared = []
    for event in sorted({r["event"] for r in rows}):
        texts = D.load_event(event)
        articles = {aid: Article(id=aid, source=src, text=text) for aid, (src, text) in texts.items()}
        prepared.append((event, texts, articles, _prepare(articles, use_nlp)))
    return rows, prepared


def _covers(claim, pointer: dict) -> bool:
    return _in_sentence(claim, pointer["doc"], pointer["start"], pointer["end"])


def pairs_sentences(conflict, a: dict, b: dict) -> bool:
    """True when two different values of the conflict come from the two gold sentences."""
    claims = [value.claim for value in conflict.values]
    return any(_covers(x, a) and _covers(y, b)
               for i, x in enumerate(claims) for j, y in enumerate(claims) if i != j)


def conflict_counts(story: Story, event_rows: list[dict]) -> dict[str, int]:
    """Sentence-level conflict counts of one story against the gold rows of its event."""
    reported = [c for fact in story.facts for c in fact.conflicts]
    gold_real = [r for r in event_rows if r["conflict"] in REAL_CONFLICTS]
    others = [r for r in event_rows if r["conflict"] not in REAL_CONFLICTS]
    found = sum(any(pairs_sentences(c, r["a"], r["b"]) for c in reported) for r in gold_real)
    on_labelled = sum(pairs_sentences(c, r["a"], r["b"]) for c in reported for r in others)
    on_tempting = sum(pairs_sentences(c, r["a"], r["b"]) for c in reported
                      for r in others if r["conflict"] == "none")
    unbacked = sum(not any(pairs_sentences(c, r["a"], r["b"]) for r in gold_real) for c in reported)
    return {"ctp": found, "cfn": len(gold_real) - found, "cfp": on_labelled,
            "cfp_tempting": on_tempting, "reported": len(reported), "unbacked": unbacked}


def _ratio(part: int, whole: int) -> float | None:
    return round(part / whole, 3) if whole else None


def summarise(counts: dict[str, int]) -> dict:
    """Precision/recall figures from summed raw counts (so halves can be added up)."""
    c = counts
    return {
        "pairs": c["pairs"], "events": c["events"], "drifted": c["drifted"],
        "align_precision": _ratio(c["tp"], c["tp"] + c["fp"]),
        "align_recall": _ratio(c["tp"], c["tp"] + c["fn"]),
        "tp": c["tp"], "fp": c["fp"], "fn": c["fn"], "tn": c["tn"],
        "gold_conflicts": c["ctp"] + c["cfn"], "conflicts_found": c["ctp"],
        "conflicts_on_non_conflict_pairs": c["cfp"], "of_which_tempting": c["cfp_tempting"],
        "conflict_precision": _ratio(c["ctp"], c["ctp"] + c["cfp"]),
        "conflict_recall": _ratio(c["ctp"], c["ctp"] + c["cfn"]),
        "reported_conflicts": c["reported"],
        "false_conflicts_per_story": _ratio(c["unbacked"], c["events"]),
    }


def score_counts(rows: list[dict], prepared: list[tuple], threshold: float | None) -> dict[str, int]:
    """Raw alignment and conflict counts over the given events (ledger built once per event)."""
    from storyline import compare
    from storyline.compare import align

    if threshold is not None:
        align.THRESHOLD = threshold
    counts = dict.fromkeys(("tp", "fp", "fn", "tn", "ctp", "cfn", "cfp", "cfp_tempting",
                            "reported", "unbacked", "drifted"), 0)
    counts.update(pairs=len(rows), events=len(prepared))
    for event, texts, articles, docs in prepared:
        story = Story(id=event, title=event, articles=sorted(articles), sources=[])
        compare.build_ledger(story, articles, docs)
        event_rows = []
        for r in (r for r in rows if r["event"] == event):
            a, b = r["a"], r["b"]
            if D.short_hash(texts[a["doc"]][1][a["start"]:a["end"]]) != a["sha"] or \
               D.short_hash(texts[b["doc"]][1][b["start"]:b["end"]]) != b["sha"]:
                counts["drifted"] += 1
                continue
            event_rows.append(r)
            if r["same"] is None:
                continue
            joined = bool(set(_facts_of(story, a["doc"], a["start"], a["end"]))
                          & set(_facts_of(story, b["doc"], b["start"], b["end"])))
            key = ("t" if joined == r["same"] else "f") + ("p" if joined else "n")
            counts[key] += 1
        for key, value in conflict_counts(story, event_rows).items():
            counts[key] += value
    return counts


def score_halves(rows: list[dict], prepared: list[tuple], threshold: float | None) -> dict[str, dict]:
    """Figures per half present in the rows, plus both together when there are two."""
    per_half = {}
    for half in ("tune", "test"):
        half_rows = [r for r in rows if r["split"] == half]
        if half_rows:
            events = {r["event"] for r in half_rows}
            per_half[half] = score_counts(half_rows, [p for p in prepared if p[0] in events], threshold)
    if len(per_half) > 1:
        per_half["all"] = {k: sum(c[k] for c in per_half.values()) for k in next(iter(per_half.values()))}
    return {half: summarise(counts) for half, counts in per_half.items()}


# Result key and short column heading of the per-half table.
TABLE_COLUMNS = [("events", "events"), ("pairs", "pairs"), ("align_precision", "al.P"),
                 ("align_recall", "al.R"), ("gold_conflicts", "gold C"), ("conflicts_found", "found"),
                 ("conflict_precision", "conf.P"), ("conflict_recall", "conf.R"),
                 ("false_conflicts_per_story", "false/st")]


def table(results: dict[str, dict]) -> str:
    heads = ["half"] + [head for _, head in TABLE_COLUMNS]
    lines = ["| " + " | ".join(heads) + " |", "|" + "---|" * len(heads)]
    for half, result in results.items():
        cells = [half] + ["-" if result[k] is None else str(result[k]) for k, _ in TABLE_COLUMNS]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def score(rows: list[dict], prepared: list[tuple], threshold: float | None) -> dict:
    """All rows together as one result (the shape --floor and earlier runs use)."""
    from storyline.compare import align

    result = summarise(score_counts(rows, prepared, threshold))
    return {"threshold": align.THRESHOLD, **result}


# Just under the figures measured on the v2 test half without the spaCy pass
# (alignment 0.921 / 0.774, conflicts 0.857 / 0.545; recall floor 0.76 -> 0.77 in recall round 3).
# The precision floor was 0.95 (for 0.974 before the counts, clause-parts and shared-words
# signals of recall round 2): it was lowered on purpose, recall for precision, and stays above
# the goal of 0.9.
FLOORS = {"align_precision": 0.91, "align_recall": 0.77, "conflict_precision": 0.80, "conflict_recall": 0.50}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", default="test", choices=["test", "tune", "all"])
    parser.add_argument("--nlp", action="store_true", help="parse with spaCy and run the extractors first")
    parser.add_argument("--embeddings", action="store_true", help="add MiniLM similarity (needs torch)")
    parser.add_argument("--threshold", type=float, nargs="*", default=None,
                        help="one or more alignment thresholds to sweep (default: the shipped one)")
    parser.add_argument("--gold-dir", type=Path, default=GOLD.parent,
                        help="folder holding pairs.jsonl (default: %(default)s)")
    parser.add_argument("--check-pointers", action="store_true",
                        help="only check that every pointer still resolves, then stop")
    parser.add_argument("--floor", action="store_true",
                        help=f"CI: exit 1 when test-half alignment precision/recall fall below {FLOORS}")
    args = parser.parse_args()
    if args.floor:
        args.split, args.threshold = "test", None
    if not D.available():
        print(f"ledger gold: datasets not found under {D.DATASETS}; nothing to measure")
        return 0
    if args.embeddings:
        os.environ["STORYLINE_EMBEDDINGS"] = "1"
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
    gold = args.gold_dir / "pairs.jsonl"
    problems = check_pointers(read_rows(gold))
    print(f"pointers: {gold} " + (f"{len(problems)} BROKEN" if problems else "all resolve"))
    for problem in problems[:20]:
        print(f"  {problem}")
    if problems or args.check_pointers:
        return 1 if problems else 0
    started = time.perf_counter()
    rows, prepared = load(args.split, args.nlp, gold)
    print(f"split={args.split} nlp={args.nlp} embeddings={args.embeddings} "
          f"(prepared in {time.perf_counter() - started:.1f} s)")
    for threshold in args.threshold or [None]:
        started = time.perf_counter()
        if args.floor:
            result = score(rows, prepared, threshold)
        else:
            halves = score_halves(rows, prepared, threshold)
            print(f"threshold {threshold if threshold is not None else 'shipped'}:")
            print(table(halves))
            result = dict(halves.get("all") or next(iter(halves.values())))
            from storyline.compare import align
            result["threshold"] = align.THRESHOLD
        result["seconds"] = round(time.perf_counter() - started, 1)
        print(json.dumps(result))
        if args.floor:
            low = {k: result[k] for k, floor in FLOORS.items() if (result[k] or 0) < floor}
            if low:
                print(f"BELOW FLOOR: {low} (floors {FLOORS})")
                return 1
            print(f"floors held: {FLOORS}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
