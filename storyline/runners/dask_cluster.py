"""Batch clustering on Dask: the same stories as `storyline.cluster.cluster_articles`, with
every corpus-wide step done by aggregation or shuffle on the workers.

  1. document frequencies: a fold over the partitions' distinct terms; the table goes back
     to the workers, which weight their own articles (TF-IDF rows equal to `tfidf_matrix`'s);
  2. candidates (`dask_candidates`, numpy blocks): one shuffle by term brings each term's
     capped postings together with the articles that query it; a second, by article, sums
     the partial scores and keeps each article's best neighbours (`index.candidate_pairs`,
     same caps and tie-breaks: articles are numbered by the rank of their id);
  3. pair cosines: a shuffle by neighbour brings the two vectors of each pair together;
  4. the client receives only the strong edges and copy links, and finds their connected
     components (union-find): average linkage only merges along edges, so each component
     is then merged on its own on a worker (`batch.merge_along_edges`), after a shuffle by
     component; an article alone in its component becomes a story where it lies.
Floating-point sums are taken in the order scipy takes them (by term), so scores and
their ties are bit-for-bit those of the in-process run.
"""
from __future__ import annotations

from collections import defaultdict
from typing import Any

import numpy as np

from storyline.cluster.batch import Cluster, merge_along_edges
from storyline.cluster.features import DEFAULT_CONFIG, ClusterConfig, DateProfile, term_counts
from storyline.cluster.stories import fresh_id, make_story
from storyline.model import Article, Story
from storyline.runners.dask_candidates import VectorBlock, candidate_edges
from storyline.unionfind import UnionFind

Vector = dict[int, float]


def _ok(parts: list) -> list[Article]:
    return [a for part in parts for a in part.articles if a.ok]


# ---------------------------------------------------------------- 1. TF-IDF


def term_rows(parts: list, config: ClusterConfig) -> list[tuple[str, int]]:
    return [(term, 1) for a in _ok(parts) for term in term_counts(a, config)]


def term_table(counts: list[tuple[str, int]]) -> dict[str, tuple[int, int]]:
    """term -> (its column: rank in the sorted vocabulary, document frequency)."""
    return {term: (rank, count) for rank, (term, count) in enumerate(sorted(counts))}


def ok_ids(parts: list) -> list[list[str]]:
    return [[a.id for a in _ok(parts)]]


def vectorize(parts: list, ranks: list[np.ndarray], table: dict[str, tuple[int, int]], n_docs: int,
              config: ClusterConfig) -> list[VectorBlock]:
    """The TF-IDF rows of the ok articles: sklearn's own transform with the corpus-wide idf.

    Columns here are this partition's terms in sorted order, a sub-order of the corpus
    vocabulary's, so every row's values and its norm are computed exactly as in one matrix.
    """
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.feature_extraction.text import TfidfTransformer

    articles = _ok(parts)
    if not articles:
        return []
    vectorizer = DictVectorizer(sort=True)
    raw = vectorizer.fit_transform([term_counts(a, config) for a in articles])
    found = [table[t] for t in vectorizer.get_feature_names_out()]
    # The idf `TfidfTransformer.fit` computes (smoothed, float64, in place), from global counts.
    frequencies = np.array([count for _, count in found], dtype=np.float64) + 1.0
    idf = np.full_like(frequencies, fill_value=n_docs + 1, dtype=np.float64)
    idf /= frequencies
    np.log(idf, out=idf)
    idf += 1.0
    transformer = TfidfTransformer(sublinear_tf=True, smooth_idf=True, norm="l2")
    transformer.idf_, transformer.n_features_in_ = idf, raw.shape[1]
    matrix = transformer.transform(raw).tocsr()
    matrix.sort_indices()
    columns = np.array([rank for rank, _ in found], dtype=np.int64)
    return [VectorBlock(np.asarray(ranks[0], dtype=np.int64), [a.id for a in articles],
                        matrix.indptr.astype(np.int64), columns[matrix.indices], matrix.data.astype(np.float64))]


# ---------------------------------------------------------------- 4. stories


def copy_links(parts: list) -> list[tuple[str, str]]:
    """(copy, original) for ok copies; originals that are not ok articles are dropped later."""
    return [(a.id, link) for a in _ok(parts) for link in (a.copy_of, a.duplicate_of) if link]


def _vector_dicts(blocks: list[VectorBlock]) -> dict[str, Vector]:
    return {article_id: row for block in blocks for article_id, row in block.dicts().items()}


def component_rows(parts: list, vectors: list[VectorBlock], component_of: dict[str, str]) -> list[tuple[str, tuple]]:
    vector_of = _vector_dicts(vectors)
    return [(component_of[a.id], ("m", slim(a), vector_of[a.id])) for a in _ok(parts) if a.id in component_of]


def single_stories(parts: list, vectors: list[VectorBlock], component_of: dict[str, str]) -> list[Story]:
    vector_of = _vector_dicts(vectors)
    return [make_story(fresh_id([a]), [a], [vector_of[a.id]]) for a in _ok(parts) if a.id not in component_of]


def slim(article: Article) -> Article:
    """What clustering reads of an article (no text unless the title is missing: the story
    title then comes from the text)."""
    return Article(id=article.id, source=article.source, title=article.title, published=article.published,
                   text="" if (article.title or "").strip() else article.text, copy_of=article.copy_of,
                   duplicate_of=article.duplicate_of, times=article.times)


def component_stories(group: tuple[str, list[tuple]], config: ClusterConfig) -> list[Story]:
    """`cluster_indices` + `make_story` for one connected component of the edge graph."""
    _, items = group
    members = sorted((item[1:] for item in items if item[0] == "m"), key=lambda member: member[0].id)
    edges = [item[1:] for item in items if item[0] == "e"]
    articles = [article for article, _ in members]
    vectors = [vector for _, vector in members]
    position = {a.id: k for k, a in enumerate(articles)}
    roots = _roots(articles, position)
    clusters: dict[int, Cluster] = {}
    for k, root in enumerate(roots):
        if root == k:
            clusters[k] = Cluster(k, [], 1, dict(vectors[k]), DateProfile.of(articles[k]))
    for k, root in enumerate(roots):
        clusters[root].members.append(k)
    for a, b in edges:
        i, j = position[a], position[b]
        clusters[i].neighbours.add(j)
        clusters[j].neighbours.add(i)
    stories = []
    for group_positions in merge_along_edges(clusters, config):
        group_articles = [articles[k] for k in group_positions]
        stories.append(make_story(fresh_id(group_articles), group_articles, [vectors[k] for k in group_positions]))
    return stories


def _roots(articles: list[Article], position: dict[str, int]) -> list[int]:
    # A copy follows its original (which is never itself a copy): `batch._copy_groups`.
    out = []
    for k, article in enumerate(articles):
        root = k
        for link in (article.copy_of, article.duplicate_of):
            if link and link in position:
                root = position[link]
        out.append(root)
    return out


# ---------------------------------------------------------------- client side


def _first(item: tuple) -> Any:
    return item[0]


def _count(acc: int, item) -> int:
    return acc + item[1]


def _add(a: int, b: int) -> int:
    return a + b


def distributed_stories(parts, client, config: ClusterConfig = DEFAULT_CONFIG) -> list[Story]:
    """Stories of the ok articles of `parts` (a persisted bag, one ExtractedPartition each)."""
    import dask.bag as db
    from dask import delayed

    from storyline.runners.dask_ingest import broadcast, shuffled

    n = parts.npartitions
    counts = parts.map_partitions(term_rows, config).foldby(_first, _count, 0, _add, 0)
    table = delayed(term_table)(counts.to_delayed()[0])
    # Articles are numbered by the rank of their id, so ties go to the lowest id as in batch.
    per_partition = client.compute(parts.map_partitions(ok_ids), sync=True)
    ids = sorted(i for part in per_partition for i in part)
    rank_of = {article_id: rank for rank, article_id in enumerate(ids)}
    ranks = db.from_delayed([delayed(_one)(np.array([rank_of[i] for i in part], dtype=np.int64))
                             for part in per_partition])
    del rank_of
    vectors = client.persist(db.map_partitions(vectorize, parts, ranks, table, len(ids), config))

    pairs, links = client.compute([candidate_edges(vectors, n, config), parts.map_partitions(copy_links)], sync=True)
    edges = [(ids[a], ids[b]) for a, b in sorted(set(pairs))]
    component_of, component_edges = _components(edges, links)
    components = broadcast(component_of)
    stories = client.compute(db.map_partitions(single_stories, parts, vectors, components), sync=True)
    if component_of:
        rows = db.map_partitions(component_rows, parts, vectors, components)
        edge_rows = db.from_sequence([(c, ("e", a, b)) for c, inside in component_edges.items() for a, b in inside],
                                     npartitions=max(1, min(n, len(component_edges))))
        grouped = shuffled(db.concat([rows, edge_rows]), n)
        stories += client.compute(grouped.map(component_stories, config).flatten(), sync=True)
    del vectors
    stories.sort(key=lambda s: (s.start or "\uffff", s.id))
    return stories


def _one(value: Any) -> list:
    return [value]


def _components(edges: list[tuple[str, str]], links: list[tuple[str, str]]) -> tuple[dict[str, str], dict[str, list]]:
    """Article -> component for every article not alone, and the edges inside each component.

    Edges touching a copy carry no evidence (the copy follows its original), as in batch.
    """
    copy_of = dict(links)
    # The smallest id names the component, whatever order the edges came in.
    groups: UnionFind[str] = UnionFind(order=str)
    kept = [(a, b) for a, b in edges if a not in copy_of and b not in copy_of]
    for a, b in kept:
        groups.union(a, b)
    for copy, original in links:
        groups.union(copy, original)
    component_of = groups.roots()
    by_component: dict[str, list] = defaultdict(list)
    for a, b in kept:
        by_component[component_of[a]].append((a, b))
    return component_of, by_component
