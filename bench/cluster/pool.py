"""Real news sentences for the generated scale corpora, read at run time from /work/shared.

The pool must be wide: at a million articles the generator draws about 2.6 million event
sentences, and every reuse of one sentence by two events makes them look alike. Each source
is a news text collection (see each dataset's SOURCE.md); sentences are split on end
punctuation, whitespace-normalised and deduplicated, and only 40-400 characters are kept.
"""
from __future__ import annotations

import csv
import glob
import json
import re
from collections.abc import Iterator
from pathlib import Path

from common import SHARED

DATASETS = SHARED / "datasets"
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"“])")
_TAG = re.compile(r"<[^>]+>")
# Tokenised text (CoNLL): no space before closing punctuation, after opening brackets.
_SPACE_BEFORE = re.compile(r" ([.,;:!?%)\]}]|'s\b|n't\b)")
_SPACE_AFTER = re.compile(r"([(\[{$]) ")


def _json_texts(pattern: str, fields: tuple[str, ...]) -> Iterator[str]:
    for path in sorted(glob.glob(str(DATASETS / pattern))):
        record = json.loads(Path(path).read_text(encoding="utf-8"))
        for name in fields:
            value = record.get(name) or ""
            yield from (" ".join(p) if isinstance(p, list) else str(p) for p in value) \
                if isinstance(value, list) else [str(value)]


def ecbplus() -> Iterator[str]:
    yield from _json_texts("ecbplus/doc_text/*/*.json", ("text",))


def basil() -> Iterator[str]:
    yield from _json_texts("basil/articles/*/*.json", ("body-paragraphs",))


def polnear() -> Iterator[str]:
    for path in sorted(glob.glob(str(DATASETS / "polnear/data/*/text/*.txt"))):
        yield Path(path).read_text(encoding="utf-8")


def tempeval() -> Iterator[str]:
    for path in sorted(glob.glob(str(DATASETS / "tempeval3/Training/TBAQ-cleaned/*/*.tml"))):
        text = Path(path).read_text(encoding="utf-8")
        start, end = text.find("<TEXT>"), text.find("</TEXT>")
        if start >= 0 and end > start:
            yield _TAG.sub("", text[start + 6 : end])


def allsides() -> Iterator[str]:
    for path in sorted(glob.glob(str(DATASETS / "allsides_neus/data/raw_crawled/*.jsonl"))):
        with open(path, encoding="utf-8") as lines:
            for line in lines:
                story = json.loads(line)
                yield " ".join(story.get("roundup") or [])
                for side in ("left", "center", "right"):
                    body = (story.get(side) or {}).get("newBody") or []
                    yield " ".join(body) if isinstance(body, list) else str(body)


def uci_headlines() -> Iterator[str]:
    for path in sorted(glob.glob(str(DATASETS / "uci_news_aggregator_sample/*.csv"))):
        with open(path, encoding="utf-8", newline="") as rows:
            for row in csv.DictReader(rows):
                title = (row.get("TITLE") or "").strip()
                if title:
                    yield title if title[-1] in ".!?" else title + "."


def conll2003() -> Iterator[str]:
    """Reuters sentences of CoNLL-2003, tokens joined back with ordinary spacing."""
    for path in sorted(glob.glob(str(DATASETS / "conll2003/eng.*"))):
        tokens: list[str] = []
        with open(path, encoding="utf-8") as lines:
            for line in lines:
                parts = line.split()
                if parts and parts[0] != "-DOCSTART-":
                    tokens.append(parts[0])
                    continue
                if tokens:
                    yield _SPACE_AFTER.sub(r"\1", _SPACE_BEFORE.sub(r"\1", " ".join(tokens)))
                    tokens = []


SOURCES = {"ecbplus": ecbplus, "basil": basil, "polnear": polnear, "tempeval3": tempeval,
           "allsides": allsides, "uci": uci_headlines, "conll2003": conll2003}


def sentence_pool(sources: tuple[str, ...] = tuple(SOURCES)) -> list[str]:
    pool: set[str] = set()
    for name in sources:
        for text in SOURCES[name]():
            pool.update(s.strip() for s in _SENTENCE.split(" ".join(text.split())))
    return sorted(s for s in pool if 40 <= len(s) <= 400)
