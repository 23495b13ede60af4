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
from collections import Counter
from dataclasses import dataclass, field

from storyline.cluster.features import (
    ClusterConfig,
    DateProfile,
    contrast_factor,
    date_factor,
    prune_core,
    term_counts,
)
from storyline.cluster.index import candidate_pairs, row_dicts, tfidf_matrix
from storyline.model import Article
from storyline.unionfind import UnionFind


# Up to this many neighbours, a merged cluster's edges are all rescored at once (exact average
# linkage); beyond, only the absorbed side's (see `merge_along_edges`).
EAGER_RESCORE = 128


def prune(vector: dict[int, float], keep: int) -> dict[int, float]:
    if len(vector) <= keep:
        return vector
    top = sorted(vector.items(), key=lambda kv: (-kv[1], kv[0]))[:keep]
    return dict(top)


def top_terms(vector: dict, keep: int) -> list:
    return [t for t, _ in sorted(vector.items(), key=lambda kv: (-kv[1], kv[0]))[:keep]]


def dot(a: dict, b: dict) -> float:
    if len(a) > len(b):
        a, b = b, a
    # A list, not a generator: the same left-to-right sum (so the same bits) without a resume per term.
    return sum([v * b[k] for k, v in a.items() if k in b])


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
    # How many members have each term among their heaviest: the story's core vocabulary.
    # None for one article until it merges (then its vector's heaviest terms): the contrast
    # never reads the core of a story that small, and a million small Counters cost a gigabyte.
    core: Counter | None = None

    def core_counts(self, config: ClusterConfig) -> Counter:
        if self.core is None:
            self.core = Counter(top_terms(self.total, config.index_terms))
        return self.core


def linkage(a: Cluster, b: Cluster, config: ClusterConfig, factor: float | None = None) -> float:
    """Mean cosine times the date and contrast factors (`factor`, when the caller has them)."""
    if factor is None:
        factor = date_factor(a.dates, b.dates, config) * contrast_factor(a.weight, a.core, b.weight, b.core, config)
    return dot(a.total, b.total) / (a.weight * b.weight) * factor


def _add(a: dict[int, float], b: dict[int, float]) -> dict[int, float]:
    out = dict(a)
    for k, v in b.items():
        out[k] = out.get(k, 0.0) + v
    return out


def _copy_groups(articles: list[Article]) -> list[int]:
    """Union-find parent per article so wire copies start in their original's cluster."""
    position = {a.id: k for k, a in enumerate(articles)}
    # No order: the original's root stays the root (union's second argument), its text is the evidence.
    groups: UnionFind[int] = UnionFind(range(len(articles)))
    for k, article in enumerate(articles):
        for link in (article.copy_of, article.duplicate_of):
            if link and link in position:
                groups.union(k, position[link])
    return [groups.find(k) for k in range(len(articles))]


def cluster_indices(articles: list[Article], config: ClusterConfig) -> tuple[list[list[int]], list[dict[int, float]]]:
    """Groups of positions into `articles` (which must already be sorted by id), and each row's vector."""
    if not articles:
        return [], []
    vectors = tfidf_matrix(term_counts(a, config) for a in articles)
    rows = row_dicts(vectors)
    if config.dense_weight:
        from storyline.cluster.dense import with_dense  # optional: imports torch

        rows = with_dense(rows, articles, config)
    roots = _copy_groups(articles)

    # A copy is the same report counted once: it follows its original but adds no evidence,
    # so a garbled or truncated copy cannot pull its story towards anything else.
    clusters: dict[int, Cluster] = {}
    for k, root in enumerate(roots):
        if root == k:
            # The row itself, not a copy: merges build new totals and never change a row in place,
            # and a copy per article is the largest memory cost at a million articles.
            clusters[k] = Cluster(k, [], 1, rows[k], DateProfile.of(articles[k]))
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

    return merge_along_edges(clusters, config), rows


def merge_along_edges(clusters: dict[int, Cluster], config: ClusterConfig) -> list[list[int]]:
    """Average-linkage merges along the clusters' `neighbours` edges; sorted member groups.

    Merges never leave a connected component of the edge graph, so each component can be
    merged on its own (the Dask runner does) with the same result as all of them at once.
    """
    if config.contrast_min_size <= 1:
        for cluster in clusters.values():
            cluster.core_counts(config)  # the contrast reads even one article's core
    heap: list[tuple[float, int, int, int, int]] = []
    # Versions in each pair's newest heap entry: only that entry is rescored when it is stale.
    newest: dict[tuple[int, int], tuple[int, int]] = {}

    # The mean cosine of unit-length rows is at most 1 (pruning only shortens a total), so the
    # date and contrast factors alone bound the linkage: most rescored edges join events weeks
    # apart, and their dot product (the costly part) need not be computed to know they stay
    # below the threshold. The margin covers rounding; a skipped edge would not have been pushed.
    bound_floor = config.threshold * (1.0 - 1e-9)

    def push(a: Cluster, b: Cluster) -> None:
        factor = date_factor(a.dates, b.dates, config)
        if factor < bound_floor:
            return
        factor *= contrast_factor(a.weight, a.core, b.weight, b.core, config)
        if factor < bound_floor:
            return
        score = linkage(a, b, config, factor)
        if score >= config.threshold:
            x, y = (a, b) if a.key < b.key else (b, a)
            newest[x.key, y.key] = (x.version, y.version)
            heapq.heappush(heap, (-score, x.key, y.key, x.version, y.version))

    for key in sorted(clusters):
        for other in sorted(clusters[key].neighbours):
            if other > key:
                push(clusters[key], clusters[other])

    while heap:
        _, ka, kb, va, vb = heapq.heappop(heap)
        a, b = clusters.get(ka), clusters.get(kb)
        if a is None or b is None:
            newest.pop((ka, kb), None)
            continue  # one side was absorbed: the absorbing cluster's edges were rescored then
        if a.version != va or b.version != vb:
            if newest.get((ka, kb)) == (va, vb):
                push(a, b)  # a lazily rescored edge (see below) has come up: rescore it now
            continue
        del newest[ka, kb]
        # The cluster with more neighbours absorbs the other, so the edge bookkeeping costs the
        # smaller neighbourhood. Rescoring every edge of a growing story at each merge is
        # quadratic in its size; a large story's own edges are rescored lazily, when their old
        # entry comes up. That entry is (close to) an upper bound: average linkage to the merged
        # cluster is the weighted mean of the linkages to its two parts.
        if (len(a.neighbours), -a.key) < (len(b.neighbours), -b.key):
            a, b = b, a
        moved = _absorb(clusters, a, b, config)
        for other_key in a.neighbours if len(a.neighbours) <= EAGER_RESCORE else moved:
            push(a, clusters[other_key])
    if config.attach_threshold < config.threshold:
        _attach_small(clusters, config)
    groups = [sorted(c.members) for c in clusters.values()]
    return sorted(groups)


def _absorb(clusters: dict[int, Cluster], a: Cluster, b: Cluster, config: ClusterConfig) -> set[int]:
    """Merge `b` into `a`; the neighbours `a` gained from `b`."""
    a.core = prune_core(a.core_counts(config) + b.core_counts(config), config.centroid_terms)
    a.members.extend(b.members)
    a.weight += b.weight
    a.total = prune(_add(a.total, b.total), config.centroid_terms)
    a.dates = a.dates.merged(b.dates)
    moved = b.neighbours - {a.key, b.key}
    a.neighbours |= moved
    a.neighbours.discard(b.key)
    a.version += 1
    del clusters[b.key]
    for other_key in moved:
        other = clusters[other_key]
        other.neighbours.discard(b.key)
        other.neighbours.add(a.key)
    return moved


def _attach_small(clusters: dict[int, Cluster], config: ClusterConfig) -> None:
    """Small leftovers join the larger neighbour they link to best, at a lower bar."""
    for key in sorted(clusters):
        small = clusters.get(key)
        if small is None or small.weight > config.attach_max_size:
            continue
        best, best_score = None, config.attach_threshold
        for other_key in sorted(small.neighbours):
            other = clusters[other_key]
            if other.weight < config.attach_min_target:
                continue
            score = linkage(small, other, config)
            if score >= best_score and (best is None or score > best_score):
                best, best_score = other, score
        if best is not None:
            _absorb(clusters, best, small, config)
