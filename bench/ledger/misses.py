"""Error dump of the ledger gold set: every labelled pair the ledger gets wrong, and why.

    python bench/ledger/misses.py [--split tune] [--nlp] [--kind fn|fp|all] [--out FILE]

For each missed pair (same fact, not joined) or false join (different facts, joined) it prints
the two sentences, the claims that cover them, their pairwise score and its parts (lexical,
quote, figures, ...), and the reason the grouping kept them apart: below the threshold, a claim
of one fact under the link floor with a claim of the other, an outlet already in the fact, or
one sentence not a claim at all. The reason is that of the sentence grouping; clause parts of
compound sentences attach to facts after it (align.attach_parts), so a pair the dump shows apart
may still be joined through a part, and is then not listed. Read it on the tune half only:
choices are made there.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

import gold as G  # noqa: E402

from storyline import compare  # noqa: E402
from storyline.compare import align  # noqa: E402
from storyline.model import Story  # noqa: E402


def _claims_covering(feats, pointer: dict) -> list[int]:
    middle = (pointer["start"] + pointer["end"]) // 2
    return [i for i, f in enumerate(feats)
            if f.claim.article == pointer["doc"] and f.claim.start <= middle < f.claim.end]


def _parts(feats, i: int, j: int) -> str:
    """The score's ingredients for one pair, recomputed on just the two claims' story context."""
    lexical = align.lexical_similarity(feats)[i, j]
    quotes = align.quote_similarities([feats[i], feats[j]])[0, 1]
    shared = sorted(set(feats[i].words) & set(feats[j].words))
    return f"lexical {lexical:.2f} quote {quotes:.2f} shared {shared}"


def _reason(i: int, j: int, groups: list[list[int]], scores: np.ndarray, members) -> str:
    gi = next(g for g in groups if i in g)
    gj = next(g for g in groups if j in g)
    s = scores[i, j]
    if s < align.THRESHOLD:
        return f"below threshold ({s:.3f} < {align.THRESHOLD})"
    cross = scores[gi][:, gj]
    notes = [f"score {s:.3f} clears the threshold; groups of {len(gi)} and {len(gj)}",
             f"cross min {cross.min():.3f} mean {cross.mean():.3f}"]
    if align._same_source_pairs(gi, gj, members):
        notes.append("an outlet would hold two claims (repeat rule)")
    return "; ".join(notes)


def _show(feats, index: int, origins) -> str:
    f = feats[index]
    return f"[{index} {origins[index]}] {' '.join(f.claim.text.split())[:400]}"


def dump(split: str, use_nlp: bool, kind: str) -> list[str]:
    rows, prepared = G.load(split, use_nlp)
    lines: list[str] = []
    for event, texts, articles, docs in prepared:
        story = Story(id=event, title=event, articles=sorted(articles), sources=[])
        feats = compare.story_claims(story, articles, docs)
        origins, members = compare.claim_origins(feats, articles)
        scores = align.similarity(feats, None)
        groups = align.group(scores, members)
        compare.build_ledger(story, articles, docs)
        for row in (r for r in rows if r["event"] == event and r["same"] is not None):
            ca, cb = _claims_covering(feats, row["a"]), _claims_covering(feats, row["b"])
            # Joined exactly as gold.py decides it, from the ledger's facts.
            joined = bool(set(G._facts_of(story, row["a"]["doc"], row["a"]["start"], row["a"]["end"]))
                          & set(G._facts_of(story, row["b"]["doc"], row["b"]["start"], row["b"]["end"])))
            if joined == row["same"]:
                continue
            label = "FN" if row["same"] else "FP"
            if kind != "all" and label.lower() != kind:
                continue
            lines.append(f"== {label} {event} conflict={row['conflict']} note: {row.get('note', '')}")
            if not ca or not cb:
                side = "a" if not ca else "b"
                pointer = row[side]
                lines.append(f"  sentence {side} is no claim: {texts[pointer['doc']][1][pointer['start']:pointer['end']][:300]}")
                continue
            i, j = ca[0], cb[0]
            lines.append("  " + _show(feats, i, origins))
            lines.append("  " + _show(feats, j, origins))
            lines.append(f"  {_parts(feats, i, j)}")
            lines.append(f"  {_reason(i, j, groups, scores, members)}")
            for side, index in (("a", i), ("b", j)):
                cluster = next(g for g in groups if index in g)
                if len(cluster) > 1:
                    others = [k for k in cluster if k != index]
                    lines.append(f"  {side}'s fact also holds: " + " | ".join(
                        f"[{k} {origins[k]} {scores[index, k]:.2f}] {' '.join(feats[k].claim.text.split())[:120]}"
                        for k in others))
            lines.append("")
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", default="tune", choices=["tune", "test", "all"])
    parser.add_argument("--nlp", action="store_true")
    parser.add_argument("--kind", default="all", choices=["fn", "fp", "all"])
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    lines = dump(args.split, args.nlp, args.kind)
    text = "\n".join(lines)
    if args.out:
        args.out.write_text(text + "\n")
        print(f"{sum(line.startswith('==') for line in lines)} pairs written to {args.out}")
    else:
        print(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
