"""Candidate pairs on Dask, as numpy blocks: the same pairs as `index.candidate_pairs`.

Articles are numbered by the rank of their id (so every tie-break "lowest id first" is a
comparison of integers) and terms by their rank in the sorted vocabulary (the column of
`tfidf_matrix`). Shuffles move one block of arrays per (source partition, destination)
instead of one Python tuple per posting or product: at a few thousand articles the tuples
alone took minutes to pickle and regroup, the arrays take seconds.

  postings and queries --(term)--> capped postings x queries = partial products
  products + vectors --(article)--> summed scores, each article's best neighbours
  neighbours' vectors + vectors --(neighbour)--> exact cosines, strong edges

Sums are taken in term order, one addition at a time, as scipy's sparse product takes
them, so scores and their ties are bit-for-bit those of the in-process run.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

_EMPTY_INT = np.zeros(0, dtype=np.int64)
_EMPTY_FLOAT = np.zeros(0, dtype=np.float64)


@dataclass
class VectorBlock:
    """TF-IDF rows of some articles in CSR layout: row k is article `ranks[k]` (`ids[k]`)."""

    ranks: np.ndarray
    ids: list[str]
    indptr: np.ndarray
    cols: np.ndarray
    vals: np.ndarray

    def row(self, k: int) -> tuple[np.ndarray, np.ndarray]:
        s, e = self.indptr[k], self.indptr[k + 1]
        return self.cols[s:e], self.vals[s:e]

    def dicts(self) -> dict[str, dict[int, float]]:
        """id -> {term rank: weight}: the row dicts clustering merges (`index.row_dicts`)."""
        out = {}
        for k, article_id in enumerate(self.ids):
            cols, vals = self.row(k)
            out[article_id] = dict(zip(cols.tolist(), vals.tolist()))
        return out

    def row_of(self) -> dict[int, int]:
        """article rank -> its row here."""
        return {rank: k for k, rank in enumerate(self.ranks.tolist())}

    def take(self, rows: np.ndarray) -> "VectorBlock":
        starts = self.indptr[rows]
        lengths = self.indptr[rows + 1] - starts
        picked = _ranges(starts, lengths)
        return VectorBlock(self.ranks[rows], [self.ids[k] for k in rows.tolist()], _indptr(lengths),
                           self.cols[picked], self.vals[picked])


def _indptr(lengths: np.ndarray) -> np.ndarray:
    return np.concatenate([[0], np.cumsum(lengths)]).astype(np.int64)


def _ranges(starts: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """Concatenated aranges [starts[k], starts[k] + lengths[k]) without a Python loop."""
    total = int(lengths.sum())
    if not total:
        return _EMPTY_INT
    offsets = np.cumsum(lengths) - lengths
    return np.arange(total, dtype=np.int64) - np.repeat(offsets - starts, lengths)


def _concat(blocks: list[VectorBlock]) -> VectorBlock:
    if not blocks:
        return VectorBlock(_EMPTY_INT, [], np.zeros(1, dtype=np.int64), _EMPTY_INT, _EMPTY_FLOAT)
    lengths = np.concatenate([np.diff(b.indptr) for b in blocks])
    return VectorBlock(np.concatenate([b.ranks for b in blocks]), [i for b in blocks for i in b.ids],
                       _indptr(lengths), np.concatenate([b.cols for b in blocks]), np.concatenate([b.vals for b in blocks]))


def _by_destination(keys: np.ndarray, n: int) -> list[tuple[int, np.ndarray]]:
    """(destination `key % n`, positions of its keys) for each destination that gets rows."""
    destination = keys % n
    return [(dest, np.flatnonzero(destination == dest)) for dest in np.unique(destination).tolist()]


def _first_per_group(sorted_keys: np.ndarray, keep: int) -> np.ndarray:
    """Mask of the first `keep` entries of each run of equal keys (keys sorted)."""
    first = np.searchsorted(sorted_keys, sorted_keys, side="left")
    return np.arange(len(sorted_keys)) - first < keep


def _split(keys: np.ndarray, n: int, kind: str, *columns: np.ndarray) -> list[tuple[int, tuple]]:
    """(destination, (kind, columns...)) for each destination `key % n` that gets rows."""
    return [(dest, (kind, *(column[rows] for column in columns))) for dest, rows in _by_destination(keys, n)]


def vector_rows(blocks: list[VectorBlock], n: int) -> list[tuple[int, tuple]]:
    """Each article's row, sent to the destination of its rank."""
    return [(dest, ("v", block.take(rows))) for block in blocks for dest, rows in _by_destination(block.ranks, n)]


# ---------------------------------------------------------------- by term


def index_rows(blocks: list[VectorBlock], n: int, index_terms: int) -> list[tuple[int, tuple]]:
    """Postings (every weight) and queries (each article's `index_terms` heaviest terms), by term."""
    out = []
    for block in blocks:
        owner = np.repeat(block.ranks, np.diff(block.indptr))
        out += _split(block.cols, n, "p", block.cols, block.vals, owner)
        # Heaviest first, ties to the lower term: `_top_per_row`'s choice.
        order = np.lexsort((block.cols, -block.vals, owner))
        kept = order[_first_per_group(owner[order], index_terms)]
        out += _split(block.cols[kept], n, "q", block.cols[kept], owner[kept], block.vals[kept])
    return out


def term_products(group: tuple[int, list[tuple]], n: int, cap: int) -> list[tuple[int, tuple]]:
    """q_i[t] * v_j[t] for every query of a term and the term's `cap` heaviest postings."""
    _, items = group
    postings = [item[1:] for item in items if item[0] == "p"]
    queries = [item[1:] for item in items if item[0] == "q"]
    if not postings or not queries:
        return []
    p_term, p_weight, p_owner = (np.concatenate(column) for column in zip(*postings))
    q_term, q_owner, q_weight = (np.concatenate(column) for column in zip(*queries))
    # Per term: heaviest first, ties to the lower id (`_cap_postings`), then the first `cap`.
    order = np.lexsort((p_owner, -p_weight, p_term))
    p_term, p_weight, p_owner = p_term[order], p_weight[order], p_owner[order]
    kept = _first_per_group(p_term, cap)
    p_term, p_weight, p_owner = p_term[kept], p_weight[kept], p_owner[kept]
    starts = np.searchsorted(p_term, q_term, side="left")
    lengths = np.searchsorted(p_term, q_term, side="right") - starts
    picked = _ranges(starts, lengths)
    left = np.repeat(q_owner, lengths)
    products = np.repeat(q_weight, lengths) * p_weight[picked]
    return _split(left, n, "s", left, p_term[picked], p_owner[picked], products)


# ---------------------------------------------------------------- by article


def neighbour_rows(group: tuple[int, list[tuple]], n: int, keep: int) -> list[tuple[int, tuple]]:
    """Each article's `keep` best-scoring others; its row is sent to each of them."""
    _, items = group
    scored = [item[1:] for item in items if item[0] == "s"]
    vectors = _concat([item[1] for item in items if item[0] == "v"])
    if not scored:
        return []
    left, term, right, product = (np.concatenate(column) for column in zip(*scored))
    # One sum per (i, j) in term order: bincount adds its weights one by one, in array order.
    order = np.lexsort((term, right, left))
    left, right, product = left[order], right[order], product[order]
    new_pair = np.ones(len(left), dtype=bool)
    new_pair[1:] = (left[1:] != left[:-1]) | (right[1:] != right[:-1])
    code = np.cumsum(new_pair) - 1
    scores = np.bincount(code, weights=product)
    left, right = left[new_pair], right[new_pair]
    others = left != right
    left, right, scores = left[others], right[others], scores[others]
    order = np.lexsort((right, -scores, left))
    left, right = left[order], right[order]
    best = _first_per_group(left, keep)
    left, right = left[best], right[best]
    row_of = vectors.row_of()
    sent = vectors.take(np.array([row_of[i] for i in left.tolist()], dtype=np.int64))
    return [(dest, ("w", right[rows], sent.take(rows))) for dest, rows in _by_destination(right, n)]


def strong_pairs(group: tuple[int, list[tuple]], floor: float) -> list[tuple[int, int]]:
    """(lower rank, higher rank) of each chosen pair whose cosine reaches `floor`."""
    _, items = group
    vectors = _concat([item[1] for item in items if item[0] == "v"])
    row_of = vectors.row_of()
    out = []
    for item in items:
        if item[0] != "w":
            continue
        targets, senders = item[1], item[2]
        for k, j in enumerate(targets.tolist()):
            i = int(senders.ranks[k])
            if cosine(senders.row(k), vectors.row(row_of[j])) >= floor:
                out.append((min(i, j), max(i, j)))
    return out


def cosine(a: tuple[np.ndarray, np.ndarray], b: tuple[np.ndarray, np.ndarray]) -> float:
    """Dot product over shared terms, added in term order one at a time."""
    _, ia, ib = np.intersect1d(a[0], b[0], assume_unique=True, return_indices=True)
    if not len(ia):
        return 0.0
    return float(np.cumsum(a[1][ia] * b[1][ib])[-1])


def candidate_edges(vectors, n: int, config) -> object:
    """A bag of (lower rank, higher rank) pairs: the strong candidate edges."""
    import dask.bag as db

    from storyline.runners.dask_ingest import shuffled

    # Each article's own row meets, at its destination, first its scores and then its neighbours'.
    own_rows = vectors.map_partitions(vector_rows, n)
    by_term = shuffled(vectors.map_partitions(index_rows, n, config.index_terms), n)
    products = by_term.map(term_products, n, config.postings_cap).flatten()
    by_article = shuffled(db.concat([products, own_rows]), n)
    chosen = by_article.map(neighbour_rows, n, config.neighbours).flatten()
    by_neighbour = shuffled(db.concat([chosen, own_rows]), n)
    return by_neighbour.map(strong_pairs, config.threshold * config.edge_fraction).flatten()
