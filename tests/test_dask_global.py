"""The corpus-global steps on Dask (copy detection, furniture, linking votes, clustering
candidates) give exactly what the in-process functions give on the whole corpus."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

pytest.importorskip("distributed")

from storyline.ingest import read_inputs  # noqa: E402
from storyline.model import Article  # noqa: E402
from storyline.pipeline import Options  # noqa: E402

LEAD = "The harbour board of Quellport met on Tuesday to discuss the dredging of the northern channel"
WIRE = ("Engineers from the Orvane consultancy told the Varnholm council that the Tessel Bridge needs new "
        "supports before the winter storms arrive, and that the repairs will take about nine weeks in all")


def _body(number: int) -> str:
    # Each body its own: counting words keeps texts from looking alike by accident.
    words = " ".join(f"w{number}x{k}" for k in range(30))
    return f"Report {number} begins here with plenty of distinct words {words} and it ends."


def write_corpus(folder: Path) -> list[str]:
    """Three outlets over four files: a recurring furniture line, an exact duplicate across
    files, a same-id duplicate, a wire copy across files and a rewritten copy."""
    records = {
        "north.jsonl": [
            {"id": "n1", "source": "North", "text": f"{_body(1)}\nShare this story\n{LEAD} and more."},
            {"id": "n2", "source": "North", "text": f"{_body(2)}\nShare this story\n{_body(20)}"},
            {"id": "n3", "source": "North", "text": f"{_body(3)}\nShare this story\n{_body(30)}",
             "published": "2031-01-02"},
            {"id": "w1", "source": "North", "text": WIRE, "published": "2031-01-03"},
        ],
        "south.jsonl": [
            {"id": "s1", "source": "South", "text": f"{_body(1)}\nShare this story\n{LEAD} and more."},
            {"id": "s2", "source": "South", "text": WIRE + " Reporting by the South desk.", "published": "2031-01-02"},
            {"id": "n2", "source": "North", "text": f"{_body(2)}\nShare this story\n{_body(20)}"},
        ],
        "west.jsonl": [
            {"id": "x1", "source": "West", "text": "Too short to judge."},
            {"id": "x2", "source": "West", "text": WIRE.replace("nine", "ten"), "published": "2031-01-04"},
            {"id": "x3", "source": "West", "text": _body(5)},
        ],
        "zz.jsonl": [{"id": "n1", "source": "North", "text": f"{_body(1)}\nShare this story\n{LEAD} and more."}],
    }
    folder.mkdir(parents=True, exist_ok=True)
    for name, rows in records.items():
        (folder / name).write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return [str(folder)]


def summary(articles: list[Article]) -> list[tuple]:
    return sorted((a.path, a.id, a.status, a.text, a.copy_of, a.duplicate_of, a.error) for a in articles)


@pytest.fixture(scope="module")
def client():
    from distributed import Client, LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster, \
            Client(cluster) as connected:
        yield connected


@pytest.fixture(scope="module")
def inputs(tmp_path_factory) -> list[str]:
    return write_corpus(tmp_path_factory.mktemp("global"))


def test_ingest_on_workers_matches_read_inputs(client, inputs):
    from storyline.runners.dask_ingest import file_partitions, ingest_bag

    expected = read_inputs(inputs, Options())
    # The fixture really exercises every global step.
    assert any(a.status == "duplicate" for a in expected)
    assert any(a.copy_of for a in expected)
    assert not any("Share this story" in a.text for a in expected if a.ok)
    found = client.compute(ingest_bag(client, inputs, Options(), file_partitions(inputs, Options(), 1))).result()
    assert summary(found) == summary(expected)


def test_band_keys_do_not_depend_on_the_batch():
    from storyline.ingest.dedup import band_hashes, shingles

    first, second = shingles(WIRE), shingles(_body(1))
    rows, keys = band_hashes([first, set(), second])
    assert rows.tolist() == [0, 2]
    assert (band_hashes([first])[1][0] == keys[0]).all()
    # A rewritten copy shares bands with its original, an unrelated text shares none.
    copy = band_hashes([shingles(WIRE.replace("nine", "ten"))])[1][0]
    assert (copy == keys[0]).any() and not (keys[1] == keys[0]).any()
    assert band_hashes([set()])[1].shape[0] == 0


# ---------------------------------------------------------------- entity linking from folded rows

# (article id, [(surface text, resolved name, NER type)]): spellings, initials, a surname that
# the model sometimes tags ORG, an ambiguous surname, acronyms and aliases.
MENTIONS = [
    ("a1", [("Ilsa Brandvik", None, "PERSON"), ("Brandvik", "Ilsa Brandvik", "PERSON"), ("MoD", None, "ORG"),
            ("Ministry of Defence", None, "ORG"), ("Varnholm", None, "GPE")]),
    ("a2", [("Brandvik", None, "ORG"), ("I. Brandvik", None, "PERSON"), ("U.S.", None, "GPE"),
            ("John Smith", None, "PERSON"), ("Smith", None, "PERSON")]),
    ("a3", [("Jane Smith", None, "PERSON"), ("Smith", None, "PERSON"), ("Zelenskyy", None, "PERSON"),
            ("Volodymyr Zelensky", None, "PERSON"), ("Volodymyr Zelenskiy", None, "PERSON"), ("MoD", None, "GPE")]),
    ("a4", [("Varnholm", None, "ORG"), ("Varnholm", None, "GPE"), ("United States", None, "GPE"),
            ("Tessel Bridge", None, "FAC"), ("Brandvik", None, "PERSON")]),
]


def _mention_articles() -> list[Article]:
    from storyline.model import Mention, Quote

    articles = []
    for article_id, found in MENTIONS:
        mentions = [Mention(k, k + 1, text, kind, resolved=resolved) for k, (text, resolved, kind) in enumerate(found)]
        quotes = [Quote(0, 1, "x", "direct", speaker_text="Brandvik"), Quote(0, 1, "y", "direct", speaker_start=0, speaker_end=1)]
        articles.append(Article(id=article_id, source="S", path=f"p/{article_id}", mentions=mentions, quotes=quotes))
    return articles


def test_linking_from_a_folded_name_table_matches_link_entities():
    from storyline.extract.entities import link_entities
    from storyline.runners.dask_link import _merge, apply_links, name_rows
    from storyline.runners.tasks import ExtractedPartition

    expected_articles = _mention_articles()
    expected = link_entities(expected_articles, {})
    # Two partitions, folded as the workers fold them.
    parts = [ExtractedPartition(_mention_articles()[:2], {}, [], b""), ExtractedPartition(_mention_articles()[2:], {}, [], b"")]
    table: dict = {}
    for key, row in name_rows([parts[1]]) + name_rows([parts[0]]):
        table[key] = _merge(table.get(key), row)
    from storyline.extract.entities import link_name_table

    entities, decisions = link_name_table(list(table.values()))
    assert [e.to_dict() for e in entities] == [e.to_dict() for e in expected]
    assert len({e.id for e in expected if e.type == "PERSON"}) >= 4  # the rules really ran
    linked = [a for part in parts for a in apply_links(part, decisions, entities).articles]
    assert [a.to_dict() for a in linked] == [a.to_dict() for a in expected_articles]
    assert any(q.speaker for a in linked for q in a.quotes)


# ---------------------------------------------------------------- clustering


def _cluster_articles() -> list[Article]:
    """Six events, several outlets each, two events of one kind on different days, and a copy."""
    from storyline.model import Mention, TimeRef

    events = [("Varnholm", "bridge", "closed the Tessel Bridge after engineers found cracks", "2031-05-05"),
              ("Quellport", "harbour", "began a strike over pay at the harbour", "2031-05-06"),
              ("Brisk", "festival", "opened the lantern festival by the river", "2031-05-07"),
              ("Varnholm", "bridge", "closed the Tessel Bridge again after new cracks appeared", "2031-06-20"),
              ("Kelmouth", "flood", "reported flooding near the market square", "2031-05-08"),
              ("Ostervale", "clinic", "opened a new clinic for residents", "2031-05-09")]
    outlets = ["North Ledger", "Harbour Times", "Valley Post", "Meadow Gazette"]
    articles = []
    for number, (place, thing, action, day) in enumerate(events):
        for k, outlet in enumerate(outlets[: 2 + number % 3]):
            text = (f"The council of {place} {action} on {day}. Officials in {place} said the {thing} "
                    f"would be discussed at length. Report {k} from {outlet} about {place}.")
            start = text.index(day)
            articles.append(Article(
                id=f"e{number}o{k}", source=outlet, title=f"{place} {thing} news", text=text, published=day,
                mentions=[Mention(0, 1, place, "GPE", entity=f"e-{place}")],
                times=[TimeRef(start, start + 10, day, "DATE", day)]))
    articles.append(Article(id="e0copy", source="Wire", title="Varnholm bridge news", text=articles[0].text,
                            published="2031-05-05", copy_of=articles[0].id, times=articles[0].times))
    return articles


@pytest.mark.parametrize("caps", [{}, {"postings_cap": 2, "neighbours": 2, "index_terms": 3}])
def test_clustering_on_workers_gives_the_batch_stories(client, caps):
    import dask.bag as db

    from storyline.cluster import cluster_with_events
    from storyline.cluster.features import ClusterConfig
    from storyline.runners.dask_cluster import distributed_stories
    from storyline.runners.tasks import ExtractedPartition

    config = ClusterConfig(**caps)
    articles = _cluster_articles()
    expected = cluster_with_events(articles, config=config).stories
    assert 1 < len(expected) < len(articles)
    chunks = [articles[i:i + 4] for i in range(0, len(articles), 4)]
    parts = client.persist(db.from_sequence([ExtractedPartition(c, {}, [], b"") for c in chunks], npartitions=len(chunks)))
    found = distributed_stories(parts, client, config)
    assert [s.to_dict() for s in found] == [s.to_dict() for s in expected]


# ---------------------------------------------------------------- near copies in crowded band buckets


def _templated(k: int) -> str:
    # Short texts built from shared phrases: whole bands fill with the common shingles, so
    # buckets hold many articles, only some of which are copies of each other.
    event = k // 3  # three outlets per event, with small rewordings
    lead = ["The harbour board met on Tuesday and", "On Tuesday the harbour board met and", "Officials said the board"][k % 3]
    return (f"{lead} agreed on plan {event} for the quay at site {event * 7}. "
            "We will keep everyone informed, a spokesperson said. The board said more details would follow "
            f"after the meeting, and that plan {event} was the first of its kind in the district this year.")


def test_bucket_copies_judges_every_pair_of_a_bucket(monkeypatch):
    import itertools

    import numpy as np

    from storyline.ingest.dedup import is_near_copy, shingles
    from storyline.runners import dask_copies

    # Small limits, so both ways are taken: listed pairs in several chunks, and a crowded
    # bucket multiplied out in several blocks of rows.
    monkeypatch.setattr(dask_copies, "_LISTED_BUCKET", 5)
    monkeypatch.setattr(dask_copies, "_PAIR_CHUNK", 4)
    monkeypatch.setattr(dask_copies, "_BLOCK_ROWS", 7)
    sets = [shingles(_templated(k)) for k in range(40)]
    arrays = [np.sort(np.fromiter(s, dtype=np.uint64)) for s in sets]
    numbers = np.arange(40, dtype=np.int64) * 5 + (3 << 32)
    buckets = {19: list(range(40)), 13: [0, 1, 2, 9], 17: [3, 4, 5, 6, 7], 12: [0]}  # crowded one sorts last

    def block(members: list[tuple[int, int]]) -> tuple:
        return (np.array([key for key, _ in members], dtype=np.uint64), numbers[[k for _, k in members]],
                np.array([len(arrays[k]) for _, k in members]), np.concatenate([arrays[k] for _, k in members]))

    members = [(key, k) for key, ks in buckets.items() for k in ks]
    # Each bucket split over two blocks, as rows arrive from two partitions.
    found = {tuple(p) for p in dask_copies.bucket_copies((0, [block(members[::2]), block(members[1::2])])).tolist()}
    expected = {(int(numbers[i]), int(numbers[j])) for ks in buckets.values() for i, j in itertools.combinations(ks, 2)
                if is_near_copy(sets[i], sets[j])}
    assert expected and len(expected) < 40 * 39 // 2  # some pairs are copies, most are not
    assert found == expected


def test_near_copies_in_crowded_buckets_match_read_inputs(client, tmp_path):
    import numpy as np

    from storyline.ingest.dedup import band_hashes, shingles
    from storyline.runners.dask_ingest import file_partitions, ingest_bag

    rows = [{"id": f"t{k}", "source": f"Outlet {k % 3}", "text": _templated(k), "published": f"2031-01-{1 + k % 9:02d}"}
            for k in range(60)]
    _, keys = band_hashes([shingles(r["text"]) for r in rows])
    _, counts = np.unique(keys, return_counts=True)
    assert counts.max() > 10  # the fixture really crowds a bucket
    for part in range(4):
        (tmp_path / f"p{part}.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows[part::4]), encoding="utf-8")
    inputs = [str(tmp_path)]
    expected = read_inputs(inputs, Options())
    assert sum(bool(a.copy_of) for a in expected) >= 20
    found = client.compute(ingest_bag(client, inputs, Options(), file_partitions(inputs, Options(), 1))).result()
    assert summary(found) == summary(expected)
