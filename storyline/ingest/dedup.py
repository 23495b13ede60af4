"""Find exact duplicates and near copies (wire copies, light rewrites) among ingested articles.

Exact duplicates (same outlet and same text, same url, or same id) are the same input seen
twice: the later one becomes status "duplicate". Near copies are separate publications of one
report: they stay "ok" in their own outlet and point at the original through `copy_of`, so
later stages count the report once. Rules and thresholds: docs/INGEST-CLEANING.md.
"""
from __future__ import annotations

import datetime as dt
import re
import zlib
from collections.abc import Iterable
from itertools import count
from urllib.parse import urlsplit, urlunsplit

import numpy as np
from datasketch import MinHash, MinHashLSH

from storyline.model import Article, stable_id
from storyline.unionfind import UnionFind

SHINGLE_WORDS = 5
NUM_PERM = 128
# LSH only proposes candidates, so it is set below the verification thresholds to keep recall;
# every candidate pair is then checked on the exact shingle sets.
LSH_THRESHOLD = 0.3
# A pair is a near copy when the shingle sets' Jaccard similarity reaches this ...
MIN_JACCARD = 0.4
# ... or when this share of the shorter article's shingles occur in the longer one (a trimmed
# wire copy, or a copy with a rewritten intro).
MIN_CONTAINMENT = 0.8
# Below this many words a text gives too little evidence to call it a copy of anything.
MIN_WORDS = 20

_WORD = re.compile(r"\w+")
_LOW_32 = (1 << 32) - 1
# Odd constants, one per position in a shingle, so "a b" and "b a" hash differently.
_POSITION_MULTIPLIERS = tuple(
    np.uint64(c)
    for c in (0x9E3779B97F4A7C15, 0xBF58476D1CE4E5B9, 0x94D049BB133111EB, 0xD6E8FEB86659FD93, 0xA0761D6478BD642F)
)
assert len(_POSITION_MULTIPLIERS) == SHINGLE_WORDS
_WORD_HASHES: dict[str, int] = {}


def mark_copies(articles: list[Article]) -> None:
    """Mark exact duplicates (status "duplicate") and near copies (`copy_of`), in place.

    The result does not depend on input order: exact duplicates keep the first by (path, id),
    near-copy groups point at their earliest member by (published, path, id).
    """
    mark_exact_duplicates(articles)
    mark_near_copies(articles)


def mark_exact_duplicates(articles: list[Article]) -> None:
    """Same outlet and whitespace-folded text, same url, or same id: the later one is a duplicate."""
    ordered = sorted((a for a in articles if a.ok), key=input_order)
    taken_ids = {a.id for a in articles}
    first_by_key: dict[tuple[str, str], Article] = {}
    for article in ordered:
        keys = identity_keys(article)
        original = next((first_by_key[k] for k in keys if k in first_by_key), None)
        if original is None:
            for key in keys:
                first_by_key[key] = article
            continue
        for key in keys:  # its other keys lead to the same original
            first_by_key.setdefault(key, original)
        if article.id == original.id:
            article.id = _fresh_id(article, taken_ids)
        article.status = "duplicate"
        article.duplicate_of = original.id
        article.text = ""
        article.error = None


def mark_near_copies(articles: list[Article]) -> None:
    """Link near copies among ok articles to the earliest member of their group via `copy_of`."""
    ordered = sorted((a for a in articles if a.ok), key=publication_order)
    shingle_sets = [shingles(a.text) for a in ordered]
    indexed = [i for i, s in enumerate(shingle_sets) if s]
    if len(indexed) < 2:
        return

    lsh = MinHashLSH(threshold=LSH_THRESHOLD, num_perm=NUM_PERM)
    signatures = _signatures(shingle_sets, indexed)
    # The earlier publication (smaller index) stays the root, so chains end at the original.
    groups = UnionFind(range(len(ordered)), order=int)
    for index, signature in zip(indexed, signatures):
        for other in lsh.query(signature):
            if is_near_copy(shingle_sets[index], shingle_sets[other]):
                groups.union(index, other)
        lsh.insert(index, signature, check_duplication=False)

    for index, article in enumerate(ordered):
        root = groups.find(index)
        if root != index:
            article.copy_of = ordered[root].id


def _signatures(shingle_sets: list[set[int]], indexed: list[int]):
    """MinHash signatures of the indexed sets, in order (one definition for the index and the bands)."""
    # Shingles are already well-mixed integers, so MinHash takes their low 32 bits as they are
    # instead of re-hashing every shingle with SHA-1 (the slow default).
    return MinHash.generator(
        ([h & _LOW_32 for h in shingle_sets[i]] for i in indexed), num_perm=NUM_PERM, hashfunc=int
    )


def is_near_copy(first: set[int], second: set[int]) -> bool:
    """Whether two shingle sets are close enough to be one report (documented thresholds)."""
    if not first or not second:
        return False
    shared = len(first & second)
    jaccard = shared / (len(first) + len(second) - shared)
    containment = shared / min(len(first), len(second))
    return jaccard >= MIN_JACCARD or containment >= MIN_CONTAINMENT


def shingles(text: str) -> set[int]:
    """64-bit hashes of the word 5-grams of the case-folded text; empty when too short to judge.

    Hashing keeps the sets small and the comparisons fast; at 64 bits a collision between
    two different shingles is too unlikely to move a Jaccard score.
    """
    words = _WORD.findall(text.casefold())
    if len(words) < MIN_WORDS:
        return set()
    cache = _WORD_HASHES
    ids = np.array([cache[w] if w in cache else _word_hash(w) for w in words], dtype=np.uint64)
    count_ = len(words) - SHINGLE_WORDS + 1
    combined = np.zeros(count_, dtype=np.uint64)
    for offset, multiplier in enumerate(_POSITION_MULTIPLIERS):
        combined += ids[offset : offset + count_] * multiplier
    return set(_mix64(combined).tolist())


def _word_hash(word: str) -> int:
    # crc32 is stable across runs (unlike hash()), so results never depend on PYTHONHASHSEED.
    cached = _WORD_HASHES.get(word)
    if cached is None:
        encoded = word.encode("utf-8")
        cached = (zlib.crc32(encoded) << 32) | zlib.adler32(encoded)
        if len(_WORD_HASHES) < 1_000_000:
            _WORD_HASHES[word] = cached
    return cached


def _mix64(values: np.ndarray) -> np.ndarray:
    """The MurmurHash3 finaliser: spreads every input bit over the whole 64-bit word."""
    values = values ^ (values >> np.uint64(33))
    values = values * np.uint64(0xFF51AFD7ED558CCD)
    values = values ^ (values >> np.uint64(33))
    values = values * np.uint64(0xC4CEB9FE1A85EC53)
    return values ^ (values >> np.uint64(33))


def identity_keys(article: Article) -> list[tuple[str, str]]:
    keys = [("id", article.id)]
    text = " ".join(article.text.split())
    if text:
        keys.append(("text", " ".join(article.source.split()).casefold() + "\x1f" + text))
    url = _normalise_url(article.url)
    if url:
        keys.append(("url", url))
    return keys


def _normalise_url(url: str | None) -> str | None:
    """Scheme and host case, fragment and a trailing slash do not make a different page."""
    if not url or not url.strip():
        return None
    parts = urlsplit(url.strip())
    path = parts.path.rstrip("/")
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), path, parts.query, ""))


def _fresh_id(article: Article, taken: set[str]) -> str:
    """A new id for a duplicate that arrived under its original's id, derived from its path."""
    basis = article.path or article.content_hash
    for attempt in count():
        candidate = stable_id("a", basis) if attempt == 0 else stable_id("a", basis, str(attempt))
        if candidate not in taken:
            taken.add(candidate)
            return candidate
    raise AssertionError("unreachable")


def input_order(article: Article) -> tuple[str, str, str]:
    return (article.path or "", article.id, article.content_hash)


def publication_order(article: Article) -> tuple[int, dt.datetime, str, str, str]:
    published = _parse_published(article.published)
    if published is None:  # undated articles cannot be shown to be first
        return (1, dt.datetime.min.replace(tzinfo=dt.timezone.utc), *input_order(article))
    return (0, published, *input_order(article))


def _parse_published(value: str | None) -> dt.datetime | None:
    if not value:
        return None
    try:
        parsed = dt.datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    if parsed.tzinfo is None:  # a bare date or local time: read as UTC so it still sorts
        parsed = parsed.replace(tzinfo=dt.timezone.utc)
    return parsed


def copy_groups(articles: Iterable[Article]) -> dict[str, list[str]]:
    """Original id -> ids of its near copies, for stages that count a report once."""
    groups: dict[str, list[str]] = {}
    for article in articles:
        if article.ok and article.copy_of:
            groups.setdefault(article.copy_of, []).append(article.id)
    return {original: sorted(ids) for original, ids in sorted(groups.items())}


def band_hashes(shingle_sets: list[set[int]]) -> tuple[np.ndarray, np.ndarray]:
    """The LSH bands `mark_near_copies` files each non-empty set under, as 64-bit keys.

    Returns (positions of the non-empty sets, one row of band keys per such set). Two sets are
    candidate copies exactly when a column holds the same key in both rows, so a partitioned
    run finds the candidates of the single index by grouping on keys. A key mixes the band's
    number with its MinHash values; a 64-bit collision between different bands is too rare
    to matter, and would only add a candidate that verification then judges on the shingles.
    """
    bands = MinHashLSH(threshold=LSH_THRESHOLD, num_perm=NUM_PERM).hashranges
    indexed = [i for i, s in enumerate(shingle_sets) if s]
    keys = np.zeros((len(indexed), len(bands)), dtype=np.uint64)
    if not indexed:
        return np.zeros(0, dtype=np.int64), keys
    values = np.stack([signature.hashvalues for signature in _signatures(shingle_sets, indexed)]).astype(np.uint64)
    for band, (start, end) in enumerate(bands):
        key = np.full(len(indexed), band + 1, dtype=np.uint64)
        for column in range(start, end):
            key = _mix64(key * _POSITION_MULTIPLIERS[0] + values[:, column])
        keys[:, band] = key
    return np.array(indexed, dtype=np.int64), keys
