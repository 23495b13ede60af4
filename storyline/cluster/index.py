"""Vectors and sub-quadratic candidate search for batch clustering.

Every article becomes an L2-normalised TF-IDF row (sublinear tf, smoothed idf, the
formula scikit-learn uses). Candidates come from a pruned inverted index: each article
posts only its `index_terms` heaviest terms and each term keeps at most `postings_cap`
articles, so the sparse self-product costs at most n * index_terms * postings_cap
multiply-adds: linear in the corpus. The product is taken in row blocks so memory stays
bounded too. Exact cosines are then computed only for the surviving pairs.
"""
from __future__ import annotations

from array import array
from collections.abc import Iterable

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import TfidfTransformer

from storyline.cluster.features import ClusterConfig

_BLOCK = 4096


def tfidf_matrix(counts: Iterable[dict[str, float]]) -> sp.csr_matrix:
    """Rows in input order; columns sorted by feature name, so input order never matters.

    The same matrix as `DictVectorizer(sort=True)` then `TfidfTransformer`, built from an
    iterable so a million articles' term dicts never sit in memory at once (they would take
    several times the matrix).
    """
    vocabulary: dict[str, int] = {}
    indices, values, indptr = array("i"), array("d"), array("q", [0])
    for row in counts:
        for term, value in row.items():
            indices.append(vocabulary.setdefault(term, len(vocabulary)))
            values.append(value)
        indptr.append(len(indices))
    if len(indptr) == 1:
        raise ValueError("no rows")
    # Columns renumbered in sorted term order, each row's columns sorted: DictVectorizer's layout.
    names = sorted(vocabulary)
    renumber = np.empty(len(names), dtype=np.intc)
    renumber[[vocabulary[name] for name in names]] = np.arange(len(names), dtype=np.intc)
    del vocabulary, names
    columns = renumber[np.frombuffer(indices, dtype=np.intc)]
    del indices
    raw = sp.csr_matrix((np.frombuffer(values, dtype=np.float64), columns, np.frombuffer(indptr, dtype=np.int64)),
                        shape=(len(indptr) - 1, len(renumber)))
    raw.sort_indices()
    return TfidfTransformer(sublinear_tf=True, smooth_idf=True, norm="l2").fit_transform(raw).tocsr()


def _top_per_row(matrix: sp.csr_matrix, keep: int) -> sp.csr_matrix:
    rows, cols, vals = [], [], []
    for i in range(matrix.shape[0]):
        start, end = matrix.indptr[i], matrix.indptr[i + 1]
        idx, data = matrix.indices[start:end], matrix.data[start:end]
        if len(data) > keep:
            # lexsort: heaviest first, ties by column so the choice is deterministic
            order = np.lexsort((idx, -data))[:keep]
            idx, data = idx[order], data[order]
        rows.extend([i] * len(idx))
        cols.extend(idx.tolist())
        vals.extend(data.tolist())
    return sp.csr_matrix((vals, (rows, cols)), shape=matrix.shape)


def _cap_postings(matrix: sp.csr_matrix, cap: int) -> sp.csr_matrix:
    """Keep, for each term, the `cap` articles where it weighs most."""
    csc = matrix.tocsc()
    csc.sort_indices()
    lengths = np.diff(csc.indptr)
    if lengths.max(initial=0) <= cap:
        return matrix
    keep = np.ones(csc.nnz, dtype=bool)
    for col in np.flatnonzero(lengths > cap):
        start, end = csc.indptr[col], csc.indptr[col + 1]
        order = np.lexsort((csc.indices[start:end], -csc.data[start:end]))
        keep[start + order[cap:]] = False
    csc.data = np.where(keep, csc.data, 0.0)
    csc.eliminate_zeros()
    return csc.tocsr()


def _best(idx: np.ndarray, data: np.ndarray, keep: int) -> np.ndarray:
    """The `keep` columns of highest score, ties to the lower column (a full sort's choice).

    A partition finds the cut-off score in linear time; only the entries at the cut-off are
    sorted by column. A full sort of every row's scores grows with the postings per term.
    """
    cut = np.partition(data, len(data) - keep)[len(data) - keep]
    above = idx[data > cut]
    tied = np.sort(idx[data == cut])[: keep - len(above)]
    return np.concatenate([above, tied])


def candidate_pairs(vectors: sp.csr_matrix, config: ClusterConfig) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(i, j, cosine) with i < j for each article's likeliest neighbours."""
    n = vectors.shape[0]
    if n < 2:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty, np.zeros(0)
    # Each article looks up its own top terms in the full (capped) inverted index. Requiring the
    # term to be in the top list of BOTH articles misses a long report whose rarest words are
    # its own, however much it shares with the rest of its story.
    queries = _top_per_row(vectors, config.index_terms)
    transposed = _cap_postings(vectors, config.postings_cap).T.tocsr()
    # Pairs as arrays per block, not Python lists: at a million articles the lists alone
    # would take gigabytes.
    lefts, rights = [], []
    for start in range(0, n, _BLOCK):
        block = (queries[start : start + _BLOCK] @ transposed).tocsr()
        left, right = [], []
        for offset in range(block.shape[0]):
            i = start + offset
            s, e = block.indptr[offset], block.indptr[offset + 1]
            idx, data = block.indices[s:e], block.data[s:e]
            mask = idx != i
            idx, data = idx[mask], data[mask]
            if len(idx) > config.neighbours:
                idx = _best(idx, data, config.neighbours)
            left.append(np.full(len(idx), i, dtype=np.int64))
            right.append(idx.astype(np.int64))
        if left:
            lefts.append(np.concatenate(left))
            rights.append(np.concatenate(right))
    a = np.concatenate(lefts) if lefts else np.zeros(0, dtype=np.int64)
    b = np.concatenate(rights) if rights else np.zeros(0, dtype=np.int64)
    if not len(a):
        return a, b, np.zeros(0)
    # One int64 key per pair sorts like the (i, j) rows would, and a 1-D unique is several
    # times cheaper than a row-wise one over millions of pairs.
    keys = np.unique(np.minimum(a, b) * n + np.maximum(a, b))
    i, j = keys // n, keys % n
    cosines = np.empty(len(i))
    for start in range(0, len(i), 65536):
        sl = slice(start, start + 65536)
        cosines[sl] = np.asarray(vectors[i[sl]].multiply(vectors[j[sl]]).sum(axis=1)).ravel()
    return i, j, cosines


def row_dicts(vectors: sp.csr_matrix) -> list[dict[int, float]]:
    # One int object per column, shared by every row's dict: a million rows would otherwise
    # each hold their own copies of the same column numbers.
    column = list(range(vectors.shape[1]))
    out = []
    for k in range(vectors.shape[0]):
        s, e = vectors.indptr[k], vectors.indptr[k + 1]
        out.append(dict(zip(map(column.__getitem__, vectors.indices[s:e].tolist()), vectors.data[s:e].tolist())))
    return out
