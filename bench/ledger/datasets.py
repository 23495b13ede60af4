"""Rebuilding article text from the public gold sets under /work/shared at run time.

The ledger gold set stores only pointers (document, character offsets, a short hash);
this module turns the datasets back into the exact texts those offsets index.
"""
from __future__ import annotations

import hashlib
import json
import re
from collections import defaultdict
from pathlib import Path

SHARED = Path(__file__).resolve().parents[2].parent / "shared"
DATASETS = SHARED / "datasets"


def short_hash(text: str) -> str:
    return hashlib.sha1(" ".join(text.split()).encode("utf-8")).hexdigest()[:10]


def basil_event(event: str) -> dict[str, tuple[str, str]]:
    """Article id -> (outlet, text) for one BASIL triplet; paragraphs joined by newlines."""
    out = {}
    for path in sorted((DATASETS / "basil" / "articles").glob(f"*/{event}_*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        paragraphs = [" ".join(p) if isinstance(p, list) else str(p) for p in data.get("body-paragraphs", [])]
        out[f"basil/{path.parent.name}/{path.stem}"] = (data.get("source", path.stem), "\n".join(paragraphs))
    return out


_NO_SPACE_BEFORE = re.compile(r" ([,.;:!?%)\]”’]|'s|n't|'re|'ve|'ll|'d|'m)")
_NO_SPACE_AFTER = re.compile(r"([(\[“$]) ")


def _detokenize(tokens: list[str]) -> str:
    # The CoNLL file keeps paragraph breaks as literal "\\n" tokens and splits hyphenated words.
    text = " ".join("\n" if token == "\\n" else token for token in tokens)
    text = re.sub(r"(?<=\w) - (?=\w)", "-", text)
    text = re.sub(r" *\n *", "\n", text)
    text = _NO_SPACE_BEFORE.sub(r"\1", text)
    return _NO_SPACE_AFTER.sub(r"\1", text)


def newswcl_event(event: str) -> dict[str, tuple[str, str]]:
    """Article id -> (outlet slot LL/L/M/R/RR, text) for one NewsWCL50 event; one sentence a line."""
    conll = DATASETS / "newswcl50" / "diverse_cdcr" / "output_data" / "NewsWCL50.conll"
    sentences: dict[str, dict[int, list[str]]] = defaultdict(lambda: defaultdict(list))
    for line in conll.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if len(parts) < 4 or line.startswith("#"):
            continue
        doc, sent, token = parts[0], int(parts[1]), parts[3]
        if doc.split("/")[0] == event:
            sentences[doc][sent].append(token)
    out = {}
    for doc in sorted(sentences):
        text = "\n".join(_detokenize(sentences[doc][i]) for i in sorted(sentences[doc]))
        out[f"newswcl50/{doc}"] = (doc.rsplit("_", 1)[-1], text)
    return out


def load_event(event: str) -> dict[str, tuple[str, str]]:
    dataset, _, name = event.partition(":")
    return basil_event(name) if dataset == "basil" else newswcl_event(name)


def available() -> bool:
    return (DATASETS / "basil" / "articles").is_dir() and (DATASETS / "newswcl50").is_dir()
