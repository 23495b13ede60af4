"""Near copies on Dask: the pairs `dedup.mark_near_copies` confirms, found by band buckets.

Two articles are candidates when they share an LSH band (`dedup.band_hashes`), and a candidate
pair is a copy when its exact shingle sets pass `dedup.is_near_copy`. Candidate pairs are never
listed: on short or templated texts a band can hold thousands of articles (common phrases fill
whole bands), and listing its pairs as rows grows with the square of the corpus. Instead:

  band keys --(key)--> the keys two or more articles share           (client: one array)
  members of shared bands, with shingles --(key)--> each bucket judged whole on workers:
      one sparse product gives every pair's shared-shingle count      (client: copy pairs)

Each article travels once per shared band it sits in (at most one per band), so the volume
moved is linear in the corpus; the square is only arithmetic inside a bucket, done in blocks.
Articles are numbered (partition << 32 | position among its partition's ok articles), so
every shuffle carries integer arrays, never Python tuples per pair.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from scipy import sparse

from storyline.ingest import dedup
from storyline.model import Article
from storyline.runners.dask_candidates import _by_destination, _indptr, _ranges
from storyline.unionfind import UnionFind

# Buckets up to this size have their pairs listed; larger ones are multiplied out in blocks
# of rows (either way a product's size stays bounded).
_LISTED_BUCKET = 64
_PAIR_CHUNK = 1 << 18
_BLOCK_ROWS = 1024
_SHIFT = 32
_EMPTY_PAIRS = np.zeros((0, 2), dtype=np.int64)


# ---------------------------------------------------------------- worker side


@dataclass
class Sketch:
    """One partition's ok articles that have shingles: their numbers, band keys (a row each) and
    sorted shingle hashes in CSR layout (article k's are `shingles[indptr[k]:indptr[k + 1]]`)."""

    numbers: np.ndarray
    keys: np.ndarray
    indptr: np.ndarray
    shingles: np.ndarray


def sketch(articles: list[Article], partition: list[int]) -> list[Sketch]:
    """The partition's sketch, computed once: both shuffles below read it."""
    ok = [a for a in articles if a.ok]
    sets = [dedup.shingles(a.text) for a in ok]
    rows, keys = dedup.band_hashes(sets)
    arrays = [np.sort(np.fromiter(sets[r], dtype=np.uint64, count=len(sets[r]))) for r in rows.tolist()]
    lengths = np.array([len(array) for array in arrays], dtype=np.int64)
    return [Sketch((np.int64(partition[0]) << _SHIFT) | rows, keys, _indptr(lengths),
                   np.concatenate([np.zeros(0, dtype=np.uint64), *arrays]))]


def key_rows(sketches: list[Sketch], n: int) -> list[tuple[int, np.ndarray]]:
    """Every band key of the partition, sent to the destination of the key."""
    flat = sketches[0].keys.ravel()
    return [(dest, flat[rows]) for dest, rows in _by_destination(flat, n)]


def shared_keys(group: tuple[int, list[np.ndarray]]) -> np.ndarray:
    """The keys of one destination that two or more articles hold (an article holds a key once)."""
    unique, counts = np.unique(np.concatenate(group[1]), return_counts=True)
    return unique[counts > 1]


def member_rows(sketches: list[Sketch], shared: np.ndarray, n: int) -> list[tuple[int, tuple]]:
    """For each (article, shared band it sits in): the key, its number and its sorted shingles."""
    part = sketches[0]
    row, column = np.nonzero(np.isin(part.keys, shared))
    member_keys = part.keys[row, column]
    out = []
    for dest, picked in _by_destination(member_keys, n):
        rows = row[picked]
        starts = part.indptr[rows]
        lengths = part.indptr[rows + 1] - starts
        out.append((dest, (member_keys[picked], part.numbers[rows], lengths, part.shingles[_ranges(starts, lengths)])))
    return out


def bucket_copies(group: tuple[int, list[tuple]]) -> np.ndarray:
    """(lower number, higher number) of every pair inside a bucket that is a near copy."""
    keys, numbers, lengths, flat = (np.concatenate(column) for column in zip(*group[1]))
    starts = _indptr(lengths)[:-1]
    order = np.argsort(keys, kind="stable")
    keys, numbers, lengths = keys[order], numbers[order], lengths[order]
    # One member x shingle matrix for the whole group, rows in bucket order.
    _, columns = np.unique(flat[_ranges(starts[order], lengths)], return_inverse=True)
    matrix = sparse.csr_matrix((np.ones(len(columns), dtype=np.int32), columns, _indptr(lengths)),
                               shape=(len(keys), int(columns.max(initial=-1)) + 1))
    begins = np.flatnonzero(np.concatenate([[True], keys[1:] != keys[:-1]]))
    sizes = np.diff(np.concatenate([begins, [len(keys)]]))
    found = [_EMPTY_PAIRS]
    # Most buckets hold two or three articles: their pairs are listed for all buckets of one
    # size at once and judged in chunks, so the cost is per pair, not per bucket.
    for size in np.unique(sizes[(sizes > 1) & (sizes <= _LISTED_BUCKET)]).tolist():
        first, second = np.triu_indices(size, 1)
        bucket_begins = begins[sizes == size][:, None]
        left, right = (bucket_begins + first).ravel(), (bucket_begins + second).ravel()
        for k in range(0, len(left), _PAIR_CHUNK):
            chunk_left, chunk_right = left[k:k + _PAIR_CHUNK], right[k:k + _PAIR_CHUNK]
            shared = np.asarray(matrix[chunk_left].multiply(matrix[chunk_right]).sum(axis=1)).ravel()
            found.append(_judged(numbers, lengths, chunk_left, chunk_right, shared))
    # A crowded bucket: blocks of its rows against all of it, one sparse product each.
    for begin, size in zip(begins[sizes > _LISTED_BUCKET].tolist(), sizes[sizes > _LISTED_BUCKET].tolist()):
        bucket = matrix[begin:begin + size]
        for row in range(0, size, _BLOCK_ROWS):
            product = (bucket[row:row + _BLOCK_ROWS] @ bucket.T).tocoo()
            left, right = product.row + row, product.col
            upper = left < right
            found.append(_judged(numbers, lengths, begin + left[upper], begin + right[upper], product.data[upper]))
    return np.unique(np.concatenate(found), axis=0)


def _judged(numbers: np.ndarray, lengths: np.ndarray, left: np.ndarray, right: np.ndarray,
            shared: np.ndarray) -> np.ndarray:
    """The (lower, higher) numbers of the row pairs that `dedup.is_near_copy` accepts."""
    shared = shared.astype(np.int64)
    size_a, size_b = lengths[left], lengths[right]
    jaccard = shared / (size_a + size_b - shared)
    containment = shared / np.minimum(size_a, size_b)
    copy = (jaccard >= dedup.MIN_JACCARD) | (containment >= dedup.MIN_CONTAINMENT)
    a, b = numbers[left[copy]], numbers[right[copy]]
    return np.stack([np.minimum(a, b), np.maximum(a, b)], axis=1)


def identities(articles: list[Article], partition: list[int], wanted: np.ndarray) -> list[tuple[int, tuple, str]]:
    """(number, publication order, id) of this partition's wanted articles."""
    # Numbers are positions among ok articles, so naming an article needs no shingles.
    ok = [a for a in articles if a.ok]
    mine = wanted[(wanted >> _SHIFT) == partition[0]]
    positions = (mine & ((1 << _SHIFT) - 1)).tolist()
    return [(int(number), dedup.publication_order(ok[p]), ok[p].id) for number, p in zip(mine.tolist(), positions)]


def apply_copies(articles: list[Article], copy_of: dict[str, str]) -> list[Article]:
    for article in articles:
        if article.ok and article.id in copy_of:
            article.copy_of = copy_of[article.id]
    return articles


# ---------------------------------------------------------------- client side


def near_copies(bag, client) -> Any:
    """`dedup.mark_near_copies` over a persisted bag of articles; returns the new bag."""
    import dask.bag as db

    from storyline.runners.dask_ingest import broadcast, shuffled

    n = bag.npartitions
    partitions = db.from_sequence(range(n), npartitions=n)
    sketches = client.persist(db.map_partitions(sketch, bag, partitions))
    by_key = shuffled(sketches.map_partitions(key_rows, n), n)
    shared = np.sort(np.concatenate([np.zeros(0, dtype=np.uint64), *client.compute(by_key.map(shared_keys), sync=True)]))
    if not len(shared):
        return bag
    members = shuffled(sketches.map_partitions(member_rows, broadcast(shared), n), n)
    pairs = np.concatenate([_EMPTY_PAIRS, *client.compute(members.map(bucket_copies), sync=True)])
    pairs = np.unique(pairs, axis=0)
    if not len(pairs):
        return bag
    wanted = np.unique(pairs)
    named = client.compute(db.map_partitions(identities, bag, partitions, broadcast(wanted)), sync=True)
    order_of = {number: order for number, order, _ in named}
    id_of = {number: article_id for number, _, article_id in named}
    copy_of = {id_of[number]: id_of[root] for number, root in _roots(pairs, order_of).items()}
    return client.persist(bag.map_partitions(apply_copies, broadcast(copy_of)))


def _roots(pairs: np.ndarray, order_of: dict[int, tuple]) -> dict[int, int]:
    """Number -> the earliest publication of its group, for every member that is not the root."""
    groups: UnionFind[int] = UnionFind(order=order_of.__getitem__)
    for a, b in pairs.tolist():
        groups.union(a, b)
    return {number: root for number, root in groups.roots().items() if root != number}
