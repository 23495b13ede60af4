"""Re-grouping one growing story's members as batch would, so streaming can undo early mistakes.

Streaming places each article against the stories that exist when it arrives: the first
reports of a second event of the same kind (the other boxer's fight, a later quake on the
same island) join the first event's story before their own siblings exist. Batch would
have merged those siblings with each other first, and the contrast between the two cores
would have kept the two events apart. `regroup` runs batch's average-linkage merge
(`batch.merge_along_edges`, same threshold, date and contrast factors) over one story's
members; `StoryIndex` splits a story whose members fall into several groups and records it.
"""
from __future__ import annotations

from collections import Counter

import numpy as np
import scipy.sparse as sp

from storyline.cluster.batch import Cluster, merge_along_edges
from storyline.cluster.features import ClusterConfig, DateProfile


def _similarities(vectors: list[dict[str, float]]) -> np.ndarray:
    """Cosine of every pair of (unit-length) member vectors, as a dense square array."""
    columns: dict[str, int] = {}
    rows, cols, vals = [], [], []
    for k, vector in enumerate(vectors):
        for term, weight in vector.items():
            rows.append(k)
            cols.append(columns.setdefault(term, len(columns)))
            vals.append(weight)
    matrix = sp.csr_matrix((vals, (rows, cols)), shape=(len(vectors), max(1, len(columns))))
    return (matrix @ matrix.T).toarray()


def regroup(vectors: list[dict[str, float]], dates: list[DateProfile], original: list[int | None],
            config: ClusterConfig) -> list[list[int]]:
    """Groups of member positions that batch's average linkage forms among these members.

    `original[k]` is the position of the member that member k copies (None for evidence):
    a copy follows its original and adds nothing, as in `batch.cluster_indices`.
    """
    evidence = [k for k, source in enumerate(original) if source is None]
    clusters = {k: Cluster(k, [k], 1, vectors[k], dates[k]) for k in evidence}
    for k, source in enumerate(original):
        if source is not None:
            clusters[source].members.append(k)
    cosines = _similarities([vectors[k] for k in evidence])
    np.fill_diagonal(cosines, -1.0)
    floor = config.threshold * config.edge_fraction
    # Each member's `neighbours` most similar others, as batch's candidate search keeps them.
    keep = min(config.neighbours, len(evidence) - 1)
    if keep > 0:
        nearest = np.argpartition(-cosines, keep - 1, axis=1)[:, :keep]
        for i, row in enumerate(nearest.tolist()):
            for j in row:
                if cosines[i, j] >= floor:
                    clusters[evidence[i]].neighbours.add(evidence[j])
                    clusters[evidence[j]].neighbours.add(evidence[i])
    return merge_along_edges(clusters, config)


def heirs(groups: list[list[int]], owner: list[str], evidence: list[bool],
          age: dict[str, int]) -> tuple[list[str | None], list[list[str]]]:
    """Which earlier story each new group continues, and the earlier stories it absorbs.

    `owner[k]` is the story member k was in; `age` orders stories by creation. Each earlier
    story goes to the group holding most of its evidence (ties: the earlier group); a group
    that receives several keeps the id of the one it holds most of (ties: the older story),
    so ids stay stable, and absorbs the others. A group that receives none is new (None).
    """
    held = [Counter(owner[k] for k in group if evidence[k]) for group in groups]
    heir: dict[str, int] = {}
    for story in sorted(set(owner), key=age.__getitem__):
        heir[story] = max(range(len(groups)), key=lambda g: (held[g][story], -g))
    ids: list[str | None] = []
    absorbed: list[list[str]] = []
    for g in range(len(groups)):
        received = sorted((s for s in heir if heir[s] == g), key=lambda s: (-held[g][s], age[s]))
        ids.append(received[0] if received else None)
        absorbed.append(received[1:])
    return ids, absorbed
