"""Batch clustering: sparse average-linkage agglomeration over the candidate graph.

With L2-normalised vectors the average pairwise cosine between two clusters equals the
dot product of their mean vectors, so average linkage needs only one summed vector per
cluster, not all pairwise similarities. Only clusters joined by a candidate edge are ever
compared, which keeps the work close to linear. The date evidence multiplies the linkage
(`features.date_factor`), so two look-alike events on different days stay apart.

Articles are sorted by id first and ties are broken by the smallest member index, so the
result never depends on input order.
"""
from __future__ import annotations

import heapq
from dataclasses import dataclass, field

from storyline.cluster.features import ClusterConfig, DateProfile, date_factor, term_counts
from storyline.cluster.index import candidate_pairs, row_dicts, tfidf_matrix
from storyline.model import Article


def prune(vector: dict[int, float], keep: int) -> dict[int, float]:
    if len(vector) <= keep:
        return vector
    top = sorted(vector.items(), key=lambda kv: (-kv[1], kv[0]))[:keep]
    return dict(top)


def dot(a: dict, b: dict) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(v * b[k] for k, v in a.items() if k in b)


@dataclass
class Cluster:
    key: int
    members: list[int]
    # How many members' vectors are summed in `total` (copies are not).
    weight: int
    total: dict[int, float]
    dates: DateProfile
    neighbours: set[int] = field(default_factory=set)
    version: int = 0


def linkage(a: Cluster, b: Cluster, config: ClusterConfig) -> float:
    mean_cosine = dot(a.total, b.total) / (a.weight * b.weight)
    return mean_cosine * date_factor(a.dates, b.dates, config)


def _add(a: dict[int, float], b: dict[int, float]) -> dict[int, float]:
    out = dict(a)
    for k, v in b.items():
        out[k] = out.get(k, 0.0) + v
    return out


def _copy_groups(articles: list[Article]) -> list[int]:
    """Union-find parent per article so wire copies start in their original's cluster."""
    position = {a.id: k for k, a in enumerate(articles)}
    parent = list(range(len(articles)))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for k, article in enumerate(articles):
        for link in (article.copy_of, article.duplicate_of):
            if link and link in position:
                ra, rb = find(k), find(position[link])
                if ra != rb:
                    parent[ra] = rb  # the original's root stays the root: its text is the evidence
    return [find(k) for k in range(len(articles))]


def cluster_indices(articles: list[Article], config: ClusterConfig) -> tuple[list[list[int]], list[dict[int, float]]]:
    """Groups of positions into `articles` (which must already be sorted by id), and each row's vector."""
    if not articles:
        return [], []
    vectors = tfidf_matrix([term_counts(a, config) for a in articles])
    rows = row_dicts(vectors)
    roots = _copy_groups(articles)

    # A copy is the same report counted once: it follows its original but adds no evidence,
    # so a garbled or truncated copy cannot pull its story towards anything else.
    clusters: dict[int, Cluster] = {}
    for k, root in enumerate(roots):
        if root == k:
            clusters[k] = Cluster(k, [], 1, dict(rows[k]), DateProfile.of(articles[k]))
    for k, root in enumerate(roots):
        clusters[root].members.append(k)

    left, right, cosines = candidate_pairs(vectors, config)
    # Pairs far below the threshold never decide a merge; dropping them keeps the graph sparse.
    strong = cosines >= config.threshold * config.edge_fraction
    for i, j in zip(left[strong].tolist(), right[strong].tolist()):
        if roots[i] != i or roots[j] != j:
            continue
        clusters[i].neighbours.add(j)
        clusters[j].neighbours.add(i)

    heap: list[tuple[float, int, int, int, int]] = []

    def push(a: Cluster, b: Cluster) -> None:
        score = linkage(a, b, config)
        if score >= config.threshold:
            x, y = (a, b) if a.key < b.key else (b, a)
            heapq.heappush(heap, (-score, x.key, y.key, x.version, y.version))

    for key in sorted(clusters):
        for other in sorted(clusters[key].neighbours):
            if other > key:
                push(clusters[key], clusters[other])

    while heap:
        _, ka, kb, va, vb = heapq.heappop(heap)
        a, b = clusters.get(ka), clusters.get(kb)
        if a is None or b is None or a.version != va or b.version != vb:
            continue  # stale entry: one side has merged since it was pushed
        a.members.extend(b.members)
        a.weight += b.weight
        a.total = prune(_add(a.total, b.total), config.centroid_terms)
        a.dates = a.dates.merged(b.dates)
        a.neighbours = (a.neighbours | b.neighbours) - {ka, kb}
        a.version += 1
        del clusters[kb]
        for other_key in sorted(a.neighbours):
            other = clusters[other_key]
            other.neighbours.discard(kb)
            other.neighbours.add(ka)
            push(a, other)
    groups = [sorted(c.members) for c in clusters.values()]
    return sorted(groups), rows
