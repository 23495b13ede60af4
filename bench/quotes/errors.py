"""Speaker and content errors of storyline's quotes on a PolNeAR tuning split, for reading.

    .venv/bin/python bench/quotes/errors.py --split dev [--limit N] [--out FILE] [--cache DIR]

Parses the split once (cached as a spaCy DocBin under --cache, so reruns after a rule change take
seconds), runs find_quotes, matches predictions to gold exactly as score_quotes.py does and prints
the figures run.py reports for storyline (content P/R/F1, speaker accuracy over all gold sources
and over direct-quote gold sources, speakers as written). --out writes every speaker miss with its
sentence, plus the missed direct gold quotes and the unmatched predictions, for classifying errors.
Meant for train / dev only: looking at test errors would be tuning on test.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import run as bench  # noqa: E402  (bench/quotes/run.py: data paths, mentions, scorer import)


def parsed_docs(split: str, docs: list[str], cache: Path | None):
    from spacy.tokens import DocBin

    from storyline.extract.nlp import load_nlp

    nlp = load_nlp()
    texts = [(bench.DATA / split / "text" / f"{d}.txt").read_text(encoding="utf-8") for d in docs]
    path = cache / f"polnear-{split}-{len(docs)}.spacy" if cache else None
    if path is not None and path.exists():
        parsed = list(DocBin().from_disk(path).get_docs(nlp.vocab))
        if [d.text for d in parsed] == texts:
            return parsed
    parsed = list(nlp.pipe(texts, batch_size=16))
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        DocBin(docs=parsed, store_user_data=False).to_disk(path)
    return parsed


def _match(sq, gold: list[dict], quotes: list[dict]) -> dict[int, int]:
    """{gold index: prediction index}, the scorer's one-to-one matching."""
    cands = []
    for gi, g in enumerate(gold):
        gl = sq.frag_len(g["content"])
        for pi, q in enumerate(quotes):
            ov = sq.overlap(g["content"], [(q["start"], q["end"])])
            shorter = min(gl, q["end"] - q["start"])
            if ov > 0 and shorter > 0 and ov >= 0.5 * shorter:
                cands.append((-ov / max(gl, q["end"] - q["start"]), -ov, gi, pi))
    used_p, out = set(), {}
    for _, _, gi, pi in sorted(cands):
        if gi not in out and pi not in used_p:
            out[gi] = pi
            used_p.add(pi)
    return out


def _context(text: str, start: int, end: int, pad: int = 160) -> str:
    s, e = max(0, start - pad), min(len(text), end + pad)
    return text[s:e].replace("\n", " / ")


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--split", default="dev", choices=("train", "dev"))
    ap.add_argument("--limit", type=int, default=None)
    ap.add_argument("--out", type=Path, default=None)
    ap.add_argument("--cache", type=Path, default=Path("/tmp/storyline-polnear-cache"))
    args = ap.parse_args(argv)
    sys.path.insert(0, str(bench.SCORER.parent))
    import score_quotes as sq

    from storyline.extract.quotes import find_quotes

    docs = bench.split_docs(args.split)[: args.limit] if args.limit else bench.split_docs(args.split)
    unreadable = set(bench.unreadable_gold(args.split, docs))
    docs = [d for d in docs if d not in unreadable]
    annotators = sq.first_annotators(str(bench.DATA), args.split)
    n_gold = n_pred = matched = 0
    sp_n = sp_ok = d_n = d_ok = 0
    lines: list[str] = []
    for doc_id, doc in zip(docs, parsed_docs(args.split, docs, args.cache)):
        text = doc.text
        ann = bench.DATA / args.split / "attributions" / f"{doc_id}_{annotators.get(doc_id, '')}.ann"
        if not ann.exists():
            continue
        gold = sq.parse_ann(str(ann), text)
        quotes = [bench.as_written(q.to_dict()) for q in find_quotes(doc, bench.mentions_for(doc))]
        pairs = _match(sq, gold, quotes)
        n_gold += len(gold)
        n_pred += len(quotes)
        matched += len(pairs)
        for gi, pi in pairs.items():
            g, q = gold[gi], quotes[pi]
            if not g["source"]:
                continue
            ok = sq.speaker_ok(q["speaker_text"], g["source_text"])
            sp_n += 1
            sp_ok += ok
            if g["direct"]:
                d_n += 1
                d_ok += ok
            if not ok:
                gold_cue = " ".join(text[s:e] for s, e in g["cue"])
                lines.append(f"SPEAKER {'D' if g['direct'] else 'I'} {doc_id} {g['id']}: gold={g['source_text']!r} "
                             f"pred={q['speaker_text']!r} resolved={q.get('speaker')!r} kind={q['kind']} "
                             f"cue={q.get('cue')!r} gold_cue={gold_cue!r}\n"
                             f"    {_context(text, min(q['start'], g['content'][0][0]), max(q['end'], g['content'][-1][1]))}")
        for gi, g in enumerate(gold):
            if gi not in pairs:
                gold_cue = " ".join(text[s:e] for s, e in g["cue"])
                lines.append(f"MISSED-{'D' if g['direct'] else 'I'} {doc_id} {g['id']}: source={g['source_text']!r} "
                             f"cue={gold_cue!r} content={g['content_text'][:200]!r}")
        taken = set(pairs.values())
        for pi, q in enumerate(quotes):
            if pi not in taken:
                lines.append(f"EXTRA {q['kind']} {doc_id}: speaker={q['speaker_text']!r} cue={q.get('cue')!r} "
                             f"text={q['text'][:200]!r}")
    p = matched / n_pred if n_pred else 0.0
    r = matched / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    print(f"PolNeAR {args.split}: {len(docs)} documents")
    print(f"content P {p:.4f} R {r:.4f} F1 {f:.4f}")
    print(f"speaker accuracy {sp_ok / max(sp_n, 1):.4f} ({sp_ok}/{sp_n}); "
          f"direct-quote gold sources {d_ok / max(d_n, 1):.4f} ({d_ok}/{d_n})")
    if args.out:
        args.out.write_text("\n".join(lines) + "\n", encoding="utf-8")
        print(f"{len(lines)} error lines written to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
