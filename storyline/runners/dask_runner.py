"""Running the analysis on a Dask cluster (a local one, or a scheduler given by address).

Plan of one run:
  1. ingest in the client (copy detection compares every article with every other);
  2. extraction in parallel, one task per partition of articles; each worker loads the
     spaCy model once (cached loader, warmed when the cluster starts) and keeps the Docs;
  3. entity linking and batch clustering in the client: both are corpus-global (type
     votes and surname groups over all mentions; IDF over all articles), and splitting
     them would change the answer. The client pulls only extraction results (spans, no
     texts) and per-mention role lists, never Docs; it already holds the texts it read;
  4. the fact ledger in parallel by story: each task gets its stories and what linking
     decided for their articles (entity ids, speakers: no texts); the articles and Docs
     come from the partitions already on the cluster (moved worker to worker by Dask);
  5. optionally each partition's rows written straight to a Parquet dataset by workers.
The same input gives the same report as `LocalRunner`.
"""
from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import TYPE_CHECKING, Any

from storyline.model import Article, Entity, Story
from storyline.pipeline import Corpus, Options
from storyline.runners import tasks
from storyline.runners.parquet import Partition, clear_dataset, ensure_every_table

if TYPE_CHECKING:
    from storyline.store import Store


class DaskRunner:
    """`DaskRunner(n_workers=4)` starts a LocalCluster of worker processes (one thread each);
    `DaskRunner(scheduler="tcp://host:8786")` uses a running cluster (its workers need
    storyline and the spaCy model installed, and `parquet_dir` on a shared file system)."""

    def __init__(self, n_workers: int | None = 2, scheduler: str | None = None, partition_size: int = 64,
                 memory_limit: str | None = None, parquet_dir: Path | str | None = None):
        if scheduler is None and (n_workers is None or n_workers < 1):
            raise ValueError("n_workers must be at least 1 when no scheduler address is given")
        self.n_workers, self.scheduler = n_workers, scheduler
        self.partition_size, self.memory_limit = partition_size, memory_limit
        self.parquet_dir = Path(parquet_dir) if parquet_dir is not None else None
        self._cluster: Any = None
        self._client: Any = None

    @property
    def client(self):
        if self._client is None:
            from distributed import Client, LocalCluster

            if self.scheduler:
                self._client = Client(self.scheduler)
            else:
                kwargs = {"memory_limit": self.memory_limit} if self.memory_limit else {}
                self._cluster = LocalCluster(n_workers=self.n_workers, threads_per_worker=1, processes=True,
                                             dashboard_address=None, **kwargs)
                self._client = Client(self._cluster)
            self._client.run(tasks.preload_model)
        return self._client

    def close(self) -> None:
        if self._client is not None:
            self._client.close()
        if self._cluster is not None:
            self._cluster.close()
        self._client = self._cluster = None

    def __enter__(self) -> "DaskRunner":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- the run -----------------------------------------------------------------------------

    def run(self, inputs: list[str], options: Options | None = None, store: "Store | None" = None) -> Corpus:
        from storyline.cluster import cluster_stage
        from storyline.ingest import ingest_stage

        corpus = Corpus(inputs=list(inputs), options=options or Options())
        options = corpus.options
        ingest_stage(corpus)
        if store is not None:
            store.put_articles(corpus.articles, batch_size=options.batch_size)
        parts, roles = self._extract(corpus)
        corpus.entities = link_entities_with_roles(corpus.ok_articles(), roles)
        cluster_stage(corpus)
        self._ledgers(corpus, parts)
        corpus.done |= {"inputs", "articles", "copies", "mentions", "quotes", "times", "quantities",
                        "entities", "stories", "facts", "timeline"}
        if store is not None:
            store.put_articles(corpus.ok_articles(), batch_size=options.batch_size)
            store.put_entities(corpus.entities)
            store.put_stories(corpus.stories)
        if self.parquet_dir is not None:
            self.write_parquet(corpus)
        return corpus

    def _extract(self, corpus: Corpus) -> tuple[list[Any], tasks.RoleTable]:
        from distributed import as_completed

        client, options = self.client, corpus.options
        positions = [i for i, a in enumerate(corpus.articles) if a.ok]
        chunks = [positions[i:i + self.partition_size] for i in range(0, len(positions), self.partition_size)]
        parts = [
            client.submit(tasks.extract_partition, [corpus.articles[i] for i in chunk], options.assume_date,
                          options.batch_size, pure=False)
            for chunk in chunks
        ]
        compacts = {client.submit(tasks.compact, part, pure=False): chunk for part, chunk in zip(parts, chunks)}
        roles: tasks.RoleTable = {}
        done = 0
        for future in as_completed(list(compacts)):
            extracted, part_roles = future.result()
            for position, fields in zip(compacts[future], extracted):
                tasks.apply_extraction(corpus.articles[position], fields)
            roles.update(part_roles)
            done += len(extracted)
            options.report_progress("extract", done, len(positions))
            future.release()
        return parts, roles

    def _ledgers(self, corpus: Corpus, parts: list[Any]) -> None:
        from distributed import as_completed

        client, options = self.client, corpus.options
        # The same chunks `_extract` made: ok articles in corpus order.
        ok = corpus.ok_articles()
        part_of = {article.id: position // self.partition_size for position, article in enumerate(ok)}
        by_id = {a.id: a for a in ok}
        futures = {}
        for group in story_groups(corpus.stories, self.partition_size):
            ids = {a for story in group for a in story.articles}
            needed = sorted({part_of[a] for a in ids if a in part_of})
            links = {a: tasks.links_of(by_id[a]) for a in ids if a in part_of}
            future = client.submit(tasks.ledger_chunk, group, links, [parts[i] for i in needed], pure=False)
            futures[future] = [story.id for story in group]
        by_story = {story.id: story for story in corpus.stories}
        done = 0
        for future in as_completed(list(futures)):
            for filled in future.result():
                target = by_story[filled.id]
                target.facts, target.timeline = filled.facts, filled.timeline
            done += len(futures[future])
            options.report_progress("compare", done, len(corpus.stories))
            future.release()
        for part in parts:
            part.release()

    def write_parquet(self, corpus: Corpus) -> None:
        """Workers write the partitions of the finished corpus straight into `parquet_dir`."""
        assert self.parquet_dir is not None
        self.parquet_dir.mkdir(parents=True, exist_ok=True)
        clear_dataset(self.parquet_dir)
        size = self.partition_size
        partitions = [Partition(f"a{i // size:05d}", articles=corpus.articles[i:i + size])
                      for i in range(0, len(corpus.articles), size)]
        partitions += [Partition(f"s{i // size:05d}", stories=corpus.stories[i:i + size])
                       for i in range(0, len(corpus.stories), size)]
        partitions.append(Partition("e00000", entities=corpus.entities))
        futures = [self.client.submit(tasks.write_parquet_part, p, str(self.parquet_dir), pure=False)
                   for p in partitions]
        self.client.gather(futures)
        ensure_every_table(self.parquet_dir)


def story_groups(stories: list[Story], articles_per_group: int) -> list[list[Story]]:
    """Consecutive stories packed into groups of about `articles_per_group` articles (one task each)."""
    groups: list[list[Story]] = []
    current: list[Story] = []
    size = 0
    for story in stories:
        if current and size + len(story.articles) > articles_per_group:
            groups.append(current)
            current, size = [], 0
        current.append(story)
        size += len(story.articles)
    if current:
        groups.append(current)
    return groups


def link_entities_with_roles(articles: list[Article], roles: tasks.RoleTable) -> list[Entity]:
    """`link_entities` without Docs, then each person's roles from the roles the workers
    found next to its mentions: the same entities as linking with the Docs in hand."""
    from storyline.extract.entities import _dedupe_roles, link_entities

    entities = link_entities(articles, {})
    found: dict[str, list[str]] = defaultdict(list)
    for article in articles:
        for mention in article.mentions:
            if mention.entity:
                found[mention.entity] += roles.get((article.id, mention.start, mention.end), [])
    for entity in entities:
        if entity.type == "PERSON":
            entity.roles = _dedupe_roles(found[entity.id])
    return entities
