"""Ingest on Dask workers: files are read where they are processed, and the corpus-global
cleaning steps run as aggregations over partitions, never by pulling every text to one process.

The three global steps of `storyline.ingest.post_process`, in its order:
  1. exact duplicates: every ok article emits its identity keys; a fold keeps only keys that
     two articles share, and the client replays the sequential rule on just those articles;
  2. page furniture: every short line emits (outlet, line, context before, context after);
     a fold counts distinct contexts per line; the client gets the recurring lines per outlet;
  3. near copies: MinHash band keys are grouped (a shuffle); each band bucket two or more
     articles share is judged whole on a worker on the exact shingle sets; the client joins
     the confirmed pairs (union-find, earliest publication is the original). See dask_copies.
Each step ends with a small table the workers apply to their own partition. The result is
the same as `read_inputs` on the whole corpus (tests/test_dask_global.py).
"""
from __future__ import annotations

import dataclasses
import hashlib
import math
from collections import defaultdict
from typing import Any

from storyline.ingest import clean, dedup
from storyline.ingest.build import problem
from storyline.ingest.discover import Found, Unreadable, discover
from storyline.model import Article, stable_id
from storyline.pipeline import Options
from storyline.runners.dask_copies import near_copies

Order = tuple  # a sortable key (input order or publication order) naming one article


def portable_options(options: Options) -> Options:
    """Options without the progress callback, which lives in the client and need not pickle."""
    return dataclasses.replace(options, progress=None)


def file_partitions(inputs: list[str], options: Options, files_per_partition: int) -> list[list[Found]]:
    """The files to read (names only, no contents), in discovery order, in chunks."""
    found = discover([i for i in inputs if i != "-"], options.meta)
    return [found[i:i + files_per_partition] for i in range(0, len(found), files_per_partition)]


def broadcast(table: Any):
    """A table every task of a step reads, put into the graph once (not once per task)."""
    from dask import delayed

    return delayed(table, traverse=False)


def _digest(text: str) -> bytes:
    # Keys and contexts travel through shuffles as short digests instead of whole lines.
    return hashlib.blake2b(text.encode("utf-8"), digest_size=12).digest()


# ---------------------------------------------------------------- worker side


def read_partition(files: list[Found], options: Options) -> list[Article]:
    from storyline.ingest.meta import Sidecar
    from storyline.ingest.readers import read_file

    sidecar = Sidecar.load(options.meta) if options.meta is not None else Sidecar.empty()
    articles: list[Article] = []
    for item in files:
        if isinstance(item, Unreadable):
            articles.append(problem(item.display, item.status, item.reason))  # type: ignore[arg-type]
        else:
            articles.extend(read_file(item, options, sidecar))
    return articles


def identity_rows(articles: list[Article]) -> list[tuple[bytes, tuple[Order, int]]]:
    """(identity key, (input order, rank of the key in the article's list)) per ok article."""
    return [(_digest(repr(key)), (dedup.input_order(a), rank))
            for a in articles if a.ok for rank, key in enumerate(dedup.identity_keys(a))]


def existing_ids(articles: list[Article], wanted: frozenset[str]) -> list[str]:
    return [a.id for a in articles if a.id in wanted]


def apply_duplicates(articles: list[Article], decisions: dict[Order, tuple[str, str]]) -> list[Article]:
    """Mark the articles the client found to be duplicates: order -> (new id, original id)."""
    for article in articles:
        if not article.ok or not decisions:
            continue
        decision = decisions.get(dedup.input_order(article))
        if decision is not None:
            article.id, article.duplicate_of = decision
            article.status, article.text, article.error = "duplicate", "", None
    return articles


def source_sizes(articles: list[Article]) -> list[tuple[str, int]]:
    return [(clean.source_key(a), 1) for a in articles if a.ok]


def furniture_rows(articles: list[Article], sources: frozenset[str]) -> list[tuple[tuple[str, str], tuple[bytes, bytes]]]:
    """((outlet, short line), (context before, context after)) for outlets big enough to judge."""
    rows = []
    for article in articles:
        source = clean.source_key(article)
        if article.ok and source in sources:
            # Any marker unique to the article makes a missing neighbour unshared; ids of ok
            # articles are unique once duplicates are marked.
            for key, before, after in clean.short_lines_in_context(article.text, article.id):  # type: ignore[arg-type]
                rows.append(((source, key), (_digest(before), _digest(after))))
    return rows


def apply_furniture(articles: list[Article], recurring: dict[str, frozenset[str]]) -> list[Article]:
    """`remove_boilerplate` on one partition with the corpus-wide recurring lines."""
    for article in articles:
        if not article.ok:
            continue
        furniture = recurring.get(clean.source_key(article), frozenset())
        kept = [line for line in article.text.splitlines() if not clean.is_furniture(line, furniture)]
        article.text = clean.join_kept_lines(kept)
        if not article.text:
            article.status = "empty"
            article.error = (
                f"{article.path or article.id}: only page furniture (boilerplate) was found, no article text"
            )
    return articles


# ---------------------------------------------------------------- folds


def shuffled(rows, npartitions: int):
    """(key, [values]) per key, spread over `npartitions` by a task shuffle: no single task
    ever holds every key (a fold would end in one)."""
    return rows.groupby(_first, shuffle="tasks", npartitions=npartitions).map(_values)


def _values(kv: tuple) -> tuple:
    return kv[0], [value for _, value in kv[1]]


def _two_sets() -> tuple[set, set]:
    return set(), set()


def _contexts(acc: tuple[set, set], item) -> tuple[set, set]:
    # Mutating is safe: the callable initial gives every key its own pair of sets.
    acc[0].add(item[1][0])
    acc[1].add(item[1][1])
    return acc


def _merge_contexts(a: tuple[set, set], b: tuple[set, set]) -> tuple[set, set]:
    return a[0] | b[0], a[1] | b[1]


def _count(acc: int, item) -> int:
    return acc + item[1]


def _add(a: int, b: int) -> int:
    return a + b


# ---------------------------------------------------------------- client side


def distributed_post_process(bag, client) -> Any:
    """`post_process` over a bag of articles; returns the new (persisted) bag."""
    bag = _exact_duplicates(bag, client)
    bag = _furniture(bag, client)
    return near_copies(bag, client)


def _first(item: tuple) -> Any:
    return item[0]


def _shared(kv: tuple) -> bool:
    return len(kv[1]) > 1


def _exact_duplicates(bag, client):
    shared = shuffled(bag.map_partitions(identity_rows), bag.npartitions).filter(_shared)
    groups = client.compute(shared).result()
    if not groups:
        return bag
    # Only articles sharing a key can be duplicates; replaying the sequential rule on them
    # alone gives what it gives on the whole corpus (a key nobody shares never matches).
    keys_of: dict[Order, list[tuple[int, bytes]]] = defaultdict(list)
    for key, members in groups:
        for order, rank in members:
            keys_of[order].append((rank, key))
    first_by_key: dict[bytes, Order] = {}
    decisions: dict[Order, Order] = {}
    for order in sorted(keys_of):
        keys = [key for _, key in sorted(keys_of[order])]
        original = next((first_by_key[k] for k in keys if k in first_by_key), None)
        if original is None:
            for key in keys:
                first_by_key[key] = order
            continue
        for key in keys:
            first_by_key.setdefault(key, original)
        decisions[order] = original
    new_ids = _fresh_ids(bag, client, decisions)
    table = {order: (new_ids.get(order, order[1]), original[1]) for order, original in decisions.items()}
    return client.persist(bag.map_partitions(apply_duplicates, broadcast(table)))


def _fresh_ids(bag, client, decisions: dict[Order, Order], attempts: int = 8) -> dict[Order, str]:
    """`dedup._fresh_id` for duplicates that arrived under their original's id; the ids already
    taken are asked of the workers, only for the few candidates."""
    same = sorted(order for order, original in decisions.items() if order[1] == original[1])
    if not same:
        return {}
    # A duplicate's basis is its path, or the hash of its text (the third part of its order).
    candidates = {order: [stable_id("a", order[0] or order[2], *([str(k)] if k else [])) for k in range(attempts)]
                  for order in same}
    wanted = frozenset(c for options in candidates.values() for c in options)
    taken = set(client.compute(bag.map_partitions(existing_ids, wanted)).result())
    out = {}
    for order in same:
        choice = next(c for c in candidates[order] if c not in taken)
        taken.add(choice)
        out[order] = choice
    return out


def _furniture(bag, client):
    sizes = dict(client.compute(bag.map_partitions(source_sizes).foldby(_first, _count, 0, _add, 0)).result())
    needed = {source: max(clean.MIN_RECURRENCE, math.ceil(clean.MIN_SOURCE_SHARE * n)) for source, n in sizes.items()}
    judged = frozenset(source for source, n in sizes.items() if n >= needed[source])
    if not judged:
        return bag
    contexts = (bag.map_partitions(furniture_rows, judged)
                .foldby(_first, _contexts, _two_sets, _merge_contexts))
    # Only the lines that pass come back to the client: a small table per outlet.
    passing = contexts.filter(lambda kv: min(len(kv[1][0]), len(kv[1][1])) >= needed[kv[0][0]]).map(_first)
    recurring: dict[str, set[str]] = defaultdict(set)
    for source, key in client.compute(passing).result():
        recurring[source].add(key)
    table = {source: frozenset(keys) for source, keys in recurring.items()}
    return client.persist(bag.map_partitions(apply_furniture, broadcast(table)))


def _read_chunks(chunks: list[list[Found]], options: Options) -> list[Article]:
    return [article for files in chunks for article in read_partition(files, options)]


def ingest_bag(client, inputs: list[str], options: Options, chunks: list[list[Found]]):
    """A persisted bag of every input's article, read and cleaned on the workers; `chunks`
    are the `file_partitions` of the inputs, listed before any worker is asked for."""
    import dask.bag as db

    from storyline.ingest import read_articles

    chunks = chunks or [[]]
    bag = db.from_sequence(chunks, npartitions=len(chunks)).map_partitions(_read_chunks, portable_options(options))
    if "-" in inputs:  # standard input exists only in this process
        bag = db.concat([bag, db.from_sequence(read_articles(["-"], options), npartitions=1)])
    return distributed_post_process(client.persist(bag), client)
