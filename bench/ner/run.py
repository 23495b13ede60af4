"""Named-entity F1 of storyline's mentions on CoNLL-2003 English test B (eng.testb).

    .venv/bin/python bench/ner/run.py [--data PATH] [--limit N] [--raw] [--floor F1]

Each sentence is fed to spaCy as its tokens joined by single spaces; predicted character
spans are mapped back to token spans (a span covers every token it overlaps) and scored
by exact token-span match per type, plus micro-averaged.

OntoNotes -> CoNLL type mapping (what the model predicts vs what CoNLL labels):
  PERSON -> PER;  ORG -> ORG;  GPE, LOC, FAC -> LOC;
  NORP, EVENT, LAW, PRODUCT, WORK_OF_ART, LANGUAGE -> MISC;
  DATE, TIME, MONEY, PERCENT, QUANTITY, ORDINAL, CARDINAL -> dropped (CoNLL does not label them).
FAC goes to LOC because CoNLL labels buildings, airports and stadiums as locations.

By default the predictions are storyline's own mentions (`find_mentions`: titles,
determiners and possessives trimmed, a few model errors fixed); `--raw` scores the bare
model entities instead, to show what the clean-up adds or costs.
The data is read from ../shared (never copied into the project); without it this prints a
message and exits 0.
"""
from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
DEFAULT_DATA = REPO.parent / "shared" / "datasets" / "conll2003" / "eng.testb"
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

TYPE_MAP = {
    "PERSON": "PER", "ORG": "ORG", "GPE": "LOC", "LOC": "LOC", "FAC": "LOC",
    "NORP": "MISC", "EVENT": "MISC", "LAW": "MISC", "PRODUCT": "MISC", "WORK_OF_ART": "MISC", "LANGUAGE": "MISC",
}
CONLL_TYPES = ("PER", "ORG", "LOC", "MISC")


def read_conll(path: Path) -> list[tuple[list[str], list[str]]]:
    """Sentences as (tokens, IOB tags), skipping document separators."""
    sentences, tokens, tags = [], [], []
    for line in path.read_text(encoding="utf-8").splitlines() + [""]:
        parts = line.split()
        if not parts or parts[0] == "-DOCSTART-":
            if tokens:
                sentences.append((tokens, tags))
            tokens, tags = [], []
            continue
        tokens.append(parts[0])
        tags.append(parts[-1])
    return sentences


def gold_spans(tags: list[str]) -> set[tuple[int, int, str]]:
    """IOB1 (and IOB2) tags -> (start, end, type) token spans."""
    spans, start, current = set(), None, None
    for i, tag in enumerate(tags + ["O"]):
        prefix, _, kind = tag.partition("-")
        begins = prefix == "B" or (prefix == "I" and kind != current)
        if current is not None and (tag == "O" or begins):
            spans.add((start, i, current))
            current = None
        if tag != "O" and (begins or current is None):
            start, current = i, kind
    return spans


def predicted_spans(tokens: list[str], char_spans: list[tuple[int, int, str]]) -> set[tuple[int, int, str]]:
    starts, position = [], 0
    for token in tokens:
        starts.append(position)
        position += len(token) + 1
    spans = set()
    for begin, end, label in char_spans:
        kind = TYPE_MAP.get(label)
        if kind is None:
            continue
        covered = [i for i, s in enumerate(starts) if s < end and s + len(tokens[i]) > begin]
        if covered:
            spans.add((covered[0], covered[-1] + 1, kind))
    return spans


def score(gold: Counter, predicted: Counter, correct: Counter) -> dict[str, tuple[float, float, float]]:
    table = {}
    for kind in (*CONLL_TYPES, "micro"):
        if kind == "micro":
            g, p, c = sum(gold.values()), sum(predicted.values()), sum(correct.values())
        else:
            g, p, c = gold[kind], predicted[kind], correct[kind]
        precision = c / p if p else 0.0
        recall = c / g if g else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        table[kind] = (precision, recall, f1)
    return table


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--limit", type=int, default=0, help="score only the first N sentences")
    parser.add_argument("--raw", action="store_true", help="score the bare model entities")
    parser.add_argument("--floor", type=float, default=None, help="exit 1 when micro F1 is below this")
    args = parser.parse_args()
    if not args.data.exists():
        print(f"CoNLL-2003 data not found at {args.data}; nothing to measure (see ../shared/README.md).")
        return 0

    from storyline.extract.mentions import find_mentions
    from storyline.extract.nlp import load_nlp

    sentences = read_conll(args.data)
    if args.limit:
        sentences = sentences[: args.limit]
    nlp = load_nlp()
    started = time.perf_counter()
    gold, predicted, correct = Counter(), Counter(), Counter()
    texts = (" ".join(tokens) for tokens, _ in sentences)
    for (tokens, tags), doc in zip(sentences, nlp.pipe(texts, batch_size=256)):
        if args.raw:
            char_spans = [(e.start_char, e.end_char, e.label_) for e in doc.ents]
        else:
            char_spans = [(m.start, m.end, m.type) for m in find_mentions(doc, types=frozenset(TYPE_MAP))]
        truth, guess = gold_spans(tags), predicted_spans(tokens, char_spans)
        gold.update(kind for *_, kind in truth)
        predicted.update(kind for *_, kind in guess)
        correct.update(kind for *_, kind in truth & guess)
    elapsed = time.perf_counter() - started

    mode = "raw model entities" if args.raw else "storyline mentions"
    print(f"CoNLL-2003 {args.data.name}: {len(sentences)} sentences, {mode}, {elapsed:.1f}s")
    print(f"{'type':<6} {'gold':>6} {'pred':>6} {'P':>7} {'R':>7} {'F1':>7}")
    table = score(gold, predicted, correct)
    for kind, (precision, recall, f1) in table.items():
        g = sum(gold.values()) if kind == "micro" else gold[kind]
        p = sum(predicted.values()) if kind == "micro" else predicted[kind]
        print(f"{kind:<6} {g:>6} {p:>6} {precision:>7.4f} {recall:>7.4f} {f1:>7.4f}")
    micro_f1 = table["micro"][2]
    if args.floor is not None and micro_f1 < args.floor:
        print(f"FAIL: micro F1 {micro_f1:.4f} is below the floor {args.floor:.4f}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
