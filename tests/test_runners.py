"""Runners: the Dask runner gives the same report as the in-process one; Parquet datasets read back."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from storyline.model import Article, Entity, Fact, Mention, Story
from storyline.pipeline import Corpus, Options
from storyline.runners import LocalRunner, make_runner
from storyline.runners.dask_runner import story_groups
from storyline.runners.parquet import Partition, write_parquet_dataset

# A small fictional corpus: two events (a bridge closure in Varnholm, a harbour strike in
# Quellport), each told by three outlets that disagree on one number.
RECORDS = [
    ("North Ledger", "Varnholm closes Tessel Bridge", "2031-05-06",
     "The city of Varnholm closed the Tessel Bridge on Monday after engineers found cracks. "
     "Mayor Ilsa Brandvik said 40 inspectors would examine the bridge. \"We will not take risks,\" Brandvik said."),
    ("Harbour Times", "Tessel Bridge shut in Varnholm", "2031-05-06",
     "Varnholm shut the Tessel Bridge on Monday. Mayor Ilsa Brandvik said 45 inspectors would examine it. "
     "Engineers from Orvane Consulting found cracks in two supports."),
    ("Valley Post", "Cracks close Varnholm bridge", "2031-05-07",
     "Engineers found cracks in the Tessel Bridge, and Varnholm closed it on Monday. "
     "Brandvik, the mayor of Varnholm, said 40 inspectors would examine the structure."),
    ("North Ledger", "Quellport dock workers strike", "2031-06-02",
     "Dock workers in Quellport began a strike on Tuesday over pay. The Quellport Dockers Union said "
     "1,200 members joined the strike. Union leader Teo Marvane said talks had failed."),
    ("Valley Post", "Strike halts Quellport harbour", "2031-06-02",
     "A strike by dock workers halted the Quellport harbour on Tuesday. The Quellport Dockers Union said "
     "1,500 members joined. Teo Marvane, the union leader, said talks with the port authority had failed."),
    ("Harbour Times", "Quellport harbour at standstill", "2031-06-03",
     "The Quellport harbour stood still on Tuesday as dock workers walked out over pay. "
     "Teo Marvane said 1,200 members of the Quellport Dockers Union had joined the strike."),
    ("Meadow Gazette", "Festival of lanterns returns to Brisk", "2031-07-10",
     "The town of Brisk will hold its lantern festival on Saturday. Organiser Pell Amsel said "
     "3,000 visitors were expected at the riverside."),
]


def write_corpus(folder: Path) -> list[str]:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "records.jsonl"
    with open(path, "w", encoding="utf-8") as handle:
        for number, (source, title, published, text) in enumerate(RECORDS):
            handle.write(json.dumps({"id": f"r{number}", "source": source, "title": title,
                                     "published": published, "text": text}) + "\n")
    return [str(path)]


def report_json(corpus: Corpus) -> str:
    from storyline.report import build_report
    from storyline.report.json_report import dumps

    return dumps(build_report(corpus))


@pytest.fixture(scope="module")
def inputs(tmp_path_factory) -> list[str]:
    return write_corpus(tmp_path_factory.mktemp("corpus"))


@pytest.fixture(scope="module")
def local_corpus(inputs) -> Corpus:
    return LocalRunner().run(inputs, Options())


def test_dask_runner_gives_the_same_report_as_the_local_runner(inputs, local_corpus, tmp_path):
    pytest.importorskip("distributed")
    from storyline.runners.dask_runner import DaskRunner

    # Partitions of 2 articles: extraction and ledgers really are spread over tasks and workers.
    with DaskRunner(n_workers=2, partition_size=2, parquet_dir=tmp_path / "pq") as runner:
        dask_corpus = runner.run(inputs, Options())
        assert len(runner.client.scheduler_info()["workers"]) == 2
        # Without collecting, the articles and facts reach only the dataset, never the client.
        runner.parquet_dir = tmp_path / "streamed"
        streamed = runner.run(inputs, Options(), collect=False)
    assert streamed.articles == [] and not any(story.facts for story in streamed.stories)
    assert [s.id for s in streamed.stories] == [s.id for s in local_corpus.stories]
    assert _dataset_counts(tmp_path / "streamed") == _dataset_counts(tmp_path / "pq")
    assert len(local_corpus.stories) >= 2
    assert any(fact.status == "corroborated" for story in local_corpus.stories for fact in story.facts)
    assert report_json(dask_corpus) == report_json(local_corpus)
    counts = _dataset_counts(tmp_path / "pq")
    assert counts["articles"] == len(RECORDS)
    assert counts["facts"] == sum(len(s.facts) for s in local_corpus.stories)


def test_dask_runner_writes_the_same_store_rows(inputs, local_corpus, tmp_path):
    pytest.importorskip("distributed")
    from storyline.runners.dask_runner import DaskRunner
    from storyline.store import open_store

    with DaskRunner(n_workers=1, partition_size=3) as runner, open_store(tmp_path / "s.db") as store:
        runner.run(inputs, Options(), store=store)
        assert store.count_articles() == len(RECORDS)
        assert sorted(s.id for s in store.iter_stories()) == sorted(s.id for s in local_corpus.stories)
        assert sorted(e.id for e in store.iter_entities()) == sorted(e.id for e in local_corpus.entities)


def _dataset_counts(folder: Path) -> dict[str, int]:
    import pyarrow.dataset as ds

    return {name: ds.dataset(folder / name, format="parquet").count_rows()
            for name in ("articles", "mentions", "quotes", "times", "entities", "stories", "facts")}


def test_parquet_dataset_reads_back_with_the_right_counts(local_corpus, tmp_path):
    totals = write_parquet_dataset(local_corpus, tmp_path / "out")
    counts = _dataset_counts(tmp_path / "out")
    assert counts["articles"] == len(local_corpus.articles) == totals["articles"]
    assert counts["mentions"] == sum(len(a.mentions) for a in local_corpus.articles) > 0
    assert counts["quotes"] == sum(len(a.quotes) for a in local_corpus.articles)
    assert counts["times"] == sum(len(a.times) for a in local_corpus.articles)
    assert counts["entities"] == len(local_corpus.entities)
    assert counts["stories"] == len(local_corpus.stories)
    assert counts["facts"] == sum(len(s.facts) for s in local_corpus.stories)


def test_parquet_partitions_with_empty_optional_columns_form_one_dataset(tmp_path):
    import pyarrow.dataset as ds

    bare = Article(id="b", source="S", text="Plain.")
    rich = Article(id="r", source="S", text="Ann Vell spoke.", title="T", published="2030-01-01",
                   mentions=[Mention(0, 8, "Ann Vell", "PERSON", entity="e1")])
    story = Story(id="s1", title="T", articles=["r", "r", "b"], sources=["S"],
                  facts=[Fact(id="f1", status="single-source", text="Ann Vell spoke.", claims=[], sources=["S"])])
    parts = [Partition("0", articles=[bare]), Partition("1", articles=[rich], stories=[story]),
             Partition("2", entities=[Entity(id="e1", name="Ann Vell", type="PERSON")])]
    write_parquet_dataset(parts, tmp_path)
    articles = ds.dataset(tmp_path / "articles").to_table().to_pylist()
    assert sorted(row["id"] for row in articles) == ["b", "r"]
    assert ds.dataset(tmp_path / "story_articles").count_rows() == 2  # the repeated link counted once
    assert ds.dataset(tmp_path / "quotes").count_rows() == 0           # present, empty, readable
    # A second, smaller write replaces the first instead of adding to it.
    write_parquet_dataset([Partition("9", articles=[bare])], tmp_path)
    assert ds.dataset(tmp_path / "articles").count_rows() == 1


def test_a_store_streams_into_the_same_dataset(local_corpus, tmp_path):
    from storyline.runners.parquet import store_partitions
    from storyline.store import open_store

    with open_store(tmp_path / "s.db") as store:
        store.put_articles(local_corpus.articles)
        store.put_entities(local_corpus.entities)
        store.put_stories(local_corpus.stories)
        parts = list(store_partitions(store, size=3))
        totals = write_parquet_dataset(iter(parts), tmp_path / "out")
    assert [p.label for p in parts][:3] == ["a00000", "a00001", "a00002"]
    assert max(len(p.articles) for p in parts) == 3
    assert _dataset_counts(tmp_path / "out") == {k: totals[k] for k in _dataset_counts(tmp_path / "out")}
    assert totals["articles"] == len(local_corpus.articles) and totals["facts"] == sum(
        len(s.facts) for s in local_corpus.stories)


def test_parquet_dataset_is_queryable_with_duckdb(local_corpus, tmp_path):
    duckdb = pytest.importorskip("duckdb")
    write_parquet_dataset(local_corpus, tmp_path)
    count = duckdb.sql(f"SELECT count(*) FROM read_parquet('{tmp_path}/articles/*.parquet')").fetchall()[0][0]
    assert count == len(local_corpus.articles)


def test_story_groups_keep_order_and_bound_size():
    stories = [Story(id=f"s{i}", title="", articles=[f"a{i}{k}" for k in range(n)], sources=[])
               for i, n in enumerate([3, 1, 4, 1, 5])]
    groups = story_groups(stories, 4)
    assert [s.id for g in groups for s in g] == [s.id for s in stories]
    assert [[s.id for s in g] for g in groups] == [["s0", "s1"], ["s2"], ["s3"], ["s4"]]


def test_roles_found_by_workers_go_to_the_linked_person():
    from storyline.extract.entities import link_name_table
    from storyline.runners.dask_link import apply_links, name_rows
    from storyline.runners.tasks import ExtractedPartition

    articles = [Article(id="a", source="S", text="Mayor Ilsa Brandvik spoke.",
                        mentions=[Mention(6, 19, "Ilsa Brandvik", "PERSON")])]
    part = ExtractedPartition(articles, {("a", 6, 19): ["Mayor", "mayor"]}, [], b"")
    entities, decisions = link_name_table([row for _, row in name_rows([part])])
    person = next(e for e in entities if e.type == "PERSON")
    assert person.roles == ["Mayor"]
    assert apply_links(part, decisions, entities).articles[0].mentions[0].entity == person.id


def test_make_runner_picks_local_for_one_worker():
    assert isinstance(make_runner(workers=1), LocalRunner)


def test_worker_memory_reaches_the_local_workers():
    pytest.importorskip("distributed")
    from dask.utils import parse_bytes

    with make_runner(workers=2, worker_memory="3GB") as runner:
        limits = runner.client.run(lambda dask_worker: dask_worker.memory_manager.memory_limit)
        # The limit holds only if the workers know how big our records are (runners/sizes.py).
        sizes = runner.client.run(_article_size_here)
    assert sorted(limits.values()) == [parse_bytes("3GB")] * 2
    assert min(sizes.values()) > 10_000


def _article_size_here() -> int:
    from dask.sizeof import sizeof

    return sizeof(Article(id="a", source="North Ledger", text="x" * 10_000))
