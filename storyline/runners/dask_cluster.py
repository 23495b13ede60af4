"""Batch clustering on Dask: the same stories as `storyline.cluster.cluster_articles`, with
every corpus-wide step done by aggregation or shuffle on the workers.

  1. document frequencies: a fold over the partitions' distinct terms; the table goes back
     to the workers, which weight their own articles (TF-IDF rows equal to `tfidf_matrix`'s);
  2. candidates: one shuffle by term brings each term's capped postings together with the
     articles that query it; a second, by article, sums the partial scores and keeps each
     article's best neighbours (`index.candidate_pairs`, same caps and tie-breaks);
  3. pair cosines: a shuffle by neighbour brings the two vectors of each pair together;
  4. the client receives only the strong edges and copy links, and finds their connected
     components (union-find): average linkage only merges along edges, so each component
     is then merged on its own on a worker (`batch.merge_along_edges`), after a shuffle by
     component; an article alone in its component becomes a story where it lies.
Floating-point sums are taken in the order scipy takes them (by term), so scores and
their ties are bit-for-bit those of the in-process run.
"""
from __future__ import annotations

import heapq
from collections import defaultdict
from typing import Any

import numpy as np

from storyline.cluster.batch import Cluster, merge_along_edges
from storyline.cluster.features import DEFAULT_CONFIG, ClusterConfig, DateProfile, term_counts
from storyline.cluster.stories import fresh_id, make_story
from storyline.model import Article, Story

Vector = dict[str, float]


def _ok(parts: list) -> list[Article]:
    return [a for part in parts for a in part.articles if a.ok]


# ---------------------------------------------------------------- 1. TF-IDF


def term_rows(parts: list, config: ClusterConfig) -> list[tuple[str, int]]:
    return [(term, 1) for a in _ok(parts) for term in term_counts(a, config)]


def vectorize(parts: list, df: dict[str, int], n_docs: int, config: ClusterConfig) -> list[tuple[str, Vector]]:
    """(id, TF-IDF row) per ok article: sklearn's own transform with the corpus-wide idf.

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
    terms = vectorizer.get_feature_names_out()
    # The idf `TfidfTransformer.fit` computes (smoothed, float64, in place), from global counts.
    frequencies = np.array([df[t] for t in terms], dtype=np.float64) + 1.0
    idf = np.full_like(frequencies, fill_value=n_docs + 1, dtype=np.float64)
    idf /= frequencies
    np.log(idf, out=idf)
    idf += 1.0
    transformer = TfidfTransformer(sublinear_tf=True, smooth_idf=True, norm="l2")
    transformer.idf_, transformer.n_features_in_ = idf, raw.shape[1]
    matrix = transformer.transform(raw).tocsr()
    out = []
    for k, article in enumerate(articles):
        s, e = matrix.indptr[k], matrix.indptr[k + 1]
        out.append((article.id, {str(terms[c]): float(v) for c, v in zip(matrix.indices[s:e], matrix.data[s:e])}))
    return out


# ---------------------------------------------------------------- 2. candidates


def _top(vector: Vector, keep: int) -> list[tuple[str, float]]:
    return sorted(vector.items(), key=lambda kv: (-kv[1], kv[0]))[:keep]


def index_rows(vectors: list[tuple[str, Vector]], config: ClusterConfig) -> list[tuple[str, tuple]]:
    """(term, posting) for every weight and (term, query) for each article's top terms."""
    rows: list[tuple[str, tuple]] = []
    for article_id, vector in vectors:
        rows += [(term, ("p", -weight, article_id)) for term, weight in vector.items()]
        rows += [(term, ("q", article_id, weight)) for term, weight in _top(vector, config.index_terms)]
    return rows


def term_products(group: tuple[str, list[tuple]], cap: int) -> list[tuple[str, tuple]]:
    """Partial scores q_i[t] * v_j[t] of one term, for its `cap` heaviest postings."""
    term, items = group
    queries = [(i, w) for kind, i, w in items if kind == "q"]
    if not queries:
        return []
    postings = heapq.nsmallest(cap, ((weight, j) for kind, weight, j in items if kind == "p"))
    return [(i, ("s", term, j, q * -weight)) for i, q in queries for weight, j in postings]


def vector_rows(vectors: list[tuple[str, Vector]]) -> list[tuple[str, tuple]]:
    return [(article_id, ("v", vector)) for article_id, vector in vectors]


def neighbour_rows(group: tuple[str, list[tuple]], keep: int) -> list[tuple[str, tuple]]:
    """An article's `keep` best-scoring others; its vector is sent to each of them."""
    article_id, items = group
    vector = next((item[1] for item in items if item[0] == "v"), None)
    scores: dict[str, float] = {}
    # scipy's sparse product adds a row's terms in column (= term) order.
    for _, _, j, product in sorted((item for item in items if item[0] == "s"), key=lambda item: item[1]):
        scores[j] = scores.get(j, 0.0) + product
    scores.pop(article_id, None)
    best = sorted(scores, key=lambda j: (-scores[j], j))[:keep]
    return [(j, ("w", article_id, vector)) for j in best]


def strong_pairs(group: tuple[str, list[tuple]], floor: float) -> list[tuple[str, str]]:
    """The pairs of this article with the articles that chose it, whose cosine reaches `floor`."""
    article_id, items = group
    vector = next((item[1] for item in items if item[0] == "v"), None)
    if vector is None:
        return []
    out = []
    for item in items:
        if item[0] == "w" and cosine(item[2], vector) >= floor:
            out.append((min(article_id, item[1]), max(article_id, item[1])))
    return out


def cosine(a: Vector, b: Vector) -> float:
    total = 0.0
    for term in sorted(a.keys() & b.keys()):
        total += a[term] * b[term]
    return total


# ---------------------------------------------------------------- 4. stories


def copy_links(parts: list) -> list[tuple[str, str]]:
    """(copy, original) for ok copies; originals that are not ok articles are dropped later."""
    return [(a.id, link) for a in _ok(parts) for link in (a.copy_of, a.duplicate_of) if link]


def component_rows(parts: list, vectors: list[tuple[str, Vector]], component_of: dict[str, str]) -> list[tuple[str, tuple]]:
    vector_of = dict(vectors)
    return [(component_of[a.id], ("m", slim(a), vector_of[a.id])) for a in _ok(parts) if a.id in component_of]


def single_stories(parts: list, vectors: list[tuple[str, Vector]], component_of: dict[str, str]) -> list[Story]:
    vector_of = dict(vectors)
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
    df_bag = parts.map_partitions(term_rows, config).foldby(_first, _count, 0, _add, 0)
    n_docs = parts.map_partitions(_ok).count()
    df = delayed(dict)(df_bag.to_delayed()[0])
    vectors = client.persist(parts.map_partitions(vectorize, df, n_docs, config))

    by_term = shuffled(vectors.map_partitions(index_rows, config), n)
    products = by_term.map(term_products, config.postings_cap).flatten()
    by_article = shuffled(db.concat([products, vectors.map_partitions(vector_rows)]), n)
    chosen = by_article.map(neighbour_rows, config.neighbours).flatten()
    by_neighbour = shuffled(db.concat([chosen, vectors.map_partitions(vector_rows)]), n)
    floor = config.threshold * config.edge_fraction
    edges_bag = by_neighbour.map(strong_pairs, floor).flatten().distinct()
    edges, links = client.compute([edges_bag, parts.map_partitions(copy_links)], sync=True)

    component_of, component_edges = _components(edges, links)
    table = broadcast(component_of)
    stories = client.compute(db.map_partitions(single_stories, parts, vectors, table), sync=True)
    if component_of:
        rows = db.map_partitions(component_rows, parts, vectors, table)
        edge_rows = db.from_sequence([(c, ("e", a, b)) for c, pairs in component_edges.items() for a, b in pairs],
                                     npartitions=max(1, min(n, len(component_edges))))
        grouped = shuffled(db.concat([rows, edge_rows]), n)
        stories += client.compute(grouped.map(component_stories, config).flatten(), sync=True)
    del vectors
    stories.sort(key=lambda s: (s.start or "\uffff", s.id))
    return stories


def _components(edges: list[tuple[str, str]], links: list[tuple[str, str]]) -> tuple[dict[str, str], dict[str, list]]:
    """Article -> component for every article not alone, and the edges inside each component.

    Edges touching a copy carry no evidence (the copy follows its original), as in batch.
    """
    copy_of = dict(links)
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        while parent.get(x, x) != x:
            parent[x] = parent.get(parent[x], parent[x])
            x = parent[x]
        return x

    def union(a: str, b: str) -> None:
        parent.setdefault(a, a)
        parent.setdefault(b, b)
        ra, rb = find(a), find(b)
        if ra != rb:
            low, high = sorted((ra, rb))
            parent[high] = low

    kept = [(a, b) for a, b in edges if a not in copy_of and b not in copy_of]
    for a, b in kept:
        union(a, b)
    for copy, original in links:
        union(copy, original)
    component_of = {x: find(x) for x in parent}
    by_component: dict[str, list] = defaultdict(list)
    for a, b in kept:
        by_component[component_of[a]].append((a, b))
    return component_of, by_component
