"""Running the analysis on a Dask cluster (a local one, or a scheduler given by address).

Plan of one run; the client never holds the article texts (unless asked to collect them):
  1. ingest on the workers: the client lists the input files (names only); workers read
     them in partitions; exact duplicates, page furniture and near copies are found by
     shuffles and folds over the partitions (`dask_ingest`);
  2. extraction on the workers, one task per partition; each worker loads the spaCy model
     once (cached loader, warmed when the cluster starts); Docs stay on the workers;
  3. entity linking: per-name counts folded on the workers, the decision table decided in
     the client from one row per distinct name, broadcast back and applied (`dask_link`);
  4. clustering: document frequencies folded, candidate pairs by shuffling postings, pair
     cosines on the workers; the client gets only the strong edges, finds connected
     components, and each component is merged on a worker (`dask_cluster`);
  5. the fact ledger: articles and their Docs shuffled to one task per group of stories;
  6. outputs: workers write the article partitions of the Parquet dataset; a store receives
     one partition at a time.
The same input gives the same report as `LocalRunner` (tests/test_runners.py).
"""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from storyline.model import Article, Story
from storyline.pipeline import Corpus, Options
from storyline.runners import RunnerUnavailable, tasks
from storyline.runners.parquet import Partition, clear_dataset, ensure_every_table

if TYPE_CHECKING:
    from storyline.store import Store


class DaskRunner:
    """`DaskRunner(n_workers=4)` starts a LocalCluster of worker processes (one thread each);
    `DaskRunner(scheduler="tcp://host:8786")` uses a running cluster (its workers need
    storyline and the spaCy model installed, and `parquet_dir` on a shared file system)."""

    def __init__(self, n_workers: int | None = 2, scheduler: str | None = None, partition_size: int = 64,
                 memory_limit: str | None = None, parquet_dir: Path | str | None = None,
                 files_per_partition: int = 16):
        if scheduler is None and (n_workers is None or n_workers < 1):
            raise ValueError("n_workers must be at least 1 when no scheduler address is given")
        self.n_workers, self.scheduler = n_workers, scheduler
        self.partition_size, self.memory_limit = partition_size, memory_limit
        # Files read by one ingest task; partitions are then re-cut to `partition_size` articles.
        self.files_per_partition = files_per_partition
        self.parquet_dir = Path(parquet_dir) if parquet_dir is not None else None
        self._cluster: Any = None
        self._client: Any = None

    @property
    def client(self):
        if self._client is None:
            from distributed import Client, LocalCluster

            if self.scheduler:
                try:
                    self._client = Client(self.scheduler)
                except (OSError, TimeoutError) as problem:
                    raise RunnerUnavailable(f"cannot reach the Dask scheduler at {self.scheduler}: {problem}") from None
            else:
                kwargs = {"memory_limit": self.memory_limit} if self.memory_limit else {}
                self._cluster = LocalCluster(n_workers=self.n_workers, threads_per_worker=1, processes=True,
                                             dashboard_address=":0", **kwargs)
                self._client = Client(self._cluster)
            from storyline.runners.worker_setup import WorkerSetup

            self._client.register_plugin(WorkerSetup())
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

    def run(self, inputs: list[str], options: Options | None = None, store: "Store | None" = None,
            collect: bool = True) -> Corpus:
        """Analyse `inputs`. With `collect=False` the returned corpus has its stories and
        entities but no articles: they stay on the workers and go only to `parquet_dir` and
        `store`, so the client's memory does not grow with the texts."""
        from storyline.runners.dask_cluster import distributed_stories
        from storyline.runners.dask_ingest import file_partitions, ingest_bag
        from storyline.runners.dask_link import distributed_link

        corpus = Corpus(inputs=list(inputs), options=options or Options())
        options = corpus.options
        # A missing INPUT is a usage error before any cluster is started or reached.
        chunks = file_partitions(corpus.inputs, options, self.files_per_partition)
        client = self.client
        articles = self._balanced(ingest_bag(client, corpus.inputs, options, chunks))
        options.report_progress("ingest", 1, 1)
        extracted = client.persist(articles.map_partitions(tasks.extract_all, options.assume_date, options.batch_size))
        del articles
        options.report_progress("extract", 1, 1)
        corpus.entities, parts = distributed_link(extracted, client)
        del extracted
        stories = distributed_stories(parts, client)
        options.report_progress("cluster", 1, 1)
        if self.parquet_dir is not None:
            self.parquet_dir.mkdir(parents=True, exist_ok=True)
            clear_dataset(self.parquet_dir)
        # Facts come back to the client only when something here needs them.
        corpus.stories = self._ledgers(parts, stories, keep_facts=collect or store is not None)
        options.report_progress("compare", 1, 1)
        corpus.done |= {"inputs", "articles", "copies", "mentions", "quotes", "times", "quantities",
                        "entities", "stories", "facts", "timeline"}
        if store is not None:
            self._store(parts, corpus, store)
        if self.parquet_dir is not None:
            self.write_parquet(corpus, parts, stories_written=True)
        if collect:
            from storyline.ingest import reading_order

            found = client.compute(parts.map_partitions(_articles_of), sync=True)
            corpus.articles = sorted(found, key=reading_order)
        return corpus

    def _balanced(self, articles):
        """Partitions of about `partition_size` articles, however the files were sized."""
        count = self.client.compute(articles.count(), sync=True)
        wanted = max(1, -(-count // self.partition_size))
        if wanted <= articles.npartitions:
            return articles
        return self.client.persist(articles.repartition(npartitions=wanted))

    def _ledgers(self, parts, stories: list[Story], keep_facts: bool = True) -> list[Story]:
        import dask.bag as db

        from storyline.runners.dask_ingest import broadcast, shuffled

        groups = story_groups(stories, self.partition_size)
        if not groups:
            return stories
        group_of = {a: number for number, group in enumerate(groups) for story in group for a in story.articles}
        rows = parts.map_partitions(tasks.ledger_rows, broadcast(group_of))
        story_rows = db.from_sequence([(number, ("s", story)) for number, group in enumerate(groups) for story in group],
                                      npartitions=min(len(groups), parts.npartitions))
        grouped = shuffled(db.concat([rows, story_rows]), parts.npartitions)
        folder = str(self.parquet_dir) if self.parquet_dir is not None else None
        done = grouped.map(tasks.ledger_group, folder, keep_facts).flatten()
        filled = {story.id: story for story in self.client.compute(done, sync=True)}
        return [filled[story.id] for story in stories]

    def _store(self, parts, corpus: Corpus, store: "Store") -> None:
        """Every article, one partition at a time (the client never holds them all), then results."""
        for delayed_part in parts.to_delayed():
            for part in self.client.compute(delayed_part, sync=True):
                store.put_articles(part.articles, batch_size=corpus.options.batch_size)
        store.put_entities(corpus.entities)
        store.put_stories(corpus.stories)

    def write_parquet(self, corpus: Corpus, parts=None, stories_written: bool = False) -> None:
        """Workers write the article partitions straight into `parquet_dir`; the stories too
        unless the ledger tasks already have; the entities (which the client holds) last."""
        assert self.parquet_dir is not None
        self.parquet_dir.mkdir(parents=True, exist_ok=True)
        if not stories_written:
            clear_dataset(self.parquet_dir)
        folder, size = str(self.parquet_dir), self.partition_size
        futures = []
        if parts is not None:
            futures.append(self.client.compute(parts.map(tasks.write_articles_part, folder)))
        else:
            futures += [self.client.submit(tasks.write_parquet_part, Partition(f"a{i // size:05d}", articles=corpus.articles[i:i + size]), folder, pure=False)
                        for i in range(0, len(corpus.articles), size)]
        partitions = [] if stories_written else [Partition(f"s{i // size:05d}", stories=corpus.stories[i:i + size])
                                                  for i in range(0, len(corpus.stories), size)]
        partitions.append(Partition("e00000", entities=corpus.entities))
        futures += [self.client.submit(tasks.write_parquet_part, p, folder, pure=False) for p in partitions]
        self.client.gather(futures)
        ensure_every_table(self.parquet_dir)


def _articles_of(parts: list[tasks.ExtractedPartition]) -> list[Article]:
    return [a for part in parts for a in part.articles]


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
