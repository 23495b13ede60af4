"""The SQLite store: round trips, idempotent upserts, batching, replacement, search, migrations."""
from __future__ import annotations

import sqlite3
import threading
import time
from pathlib import Path

import pytest
from alembic import command
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from storyline.model import (
    Article, Claim, Conflict, ConflictValue, Entity, Fact, Mention, Quantity, Quote, Story,
    TimelineEntry, TimeRef,
)
from storyline.store import open_store
from storyline.store.migration import alembic_config, head_revision
from storyline.store.sqlite import SQLiteStore, make_engine


def full_article(article_id: str = "a1", text: str = "The mayor said 40 people left on Monday.") -> Article:
    return Article(
        id=article_id, source="Daily Example", status="ok", text=text, title="Mayor counts departures",
        url="https://example.org/a", path="in/a.html", published="2024-03-04T10:00:00+00:00",
        published_origin="metadata", language="en", duplicate_of=None, error=None, author="A. Writer",
        copy_of="a0", format="html",
        mentions=[
            Mention(4, 9, "mayor", "PERSON", entity="e-mayor", resolved="Jane Mayor"),
            Mention(33, 39, "Monday", "DATE"),
        ],
        quotes=[Quote(0, 25, "The mayor said 40 people", "indirect", speaker="e-mayor", speaker_text="mayor",
                      cue="said", speaker_start=4, speaker_end=9)],
        times=[TimeRef(33, 39, "Monday", "DATE", "2024-03-04", anchor="2024-03-04")],
        quantities=[Quantity(15, 24, "40 people", 40.0, "people", approximate=True, modifier="about")],
    )


def full_story() -> Story:
    claim_a = Claim("a1", 0, 20, "40 people left", source="Daily Example", speaker="e-mayor", kind="quote")
    claim_b = Claim("a2", 5, 30, "45 people left", source="Other Paper")
    return Story(
        id="s1", title="Departures", articles=["a1", "a2"], sources=["Daily Example", "Other Paper"],
        start="2024-03-04", end="2024-03-05",
        facts=[
            Fact("f1", "conflicting", "people left", [claim_a, claim_b], ["Daily Example", "Other Paper"],
                 conflicts=[Conflict("number", [ConflictValue(40, claim_a), ConflictValue(45.5, claim_b)],
                                     note="counts differ")]),
            Fact("f2", "single-source", "mayor spoke", [claim_a], ["Daily Example"]),
        ],
        timeline=[TimelineEntry("2024-03-04", "people left", [claim_a], fact="f1")],
    )


@pytest.fixture
def store(tmp_path: Path):
    with SQLiteStore(tmp_path / "store.db") as opened:
        yield opened


def test_article_round_trip_keeps_every_nested_object(store):
    article = full_article()
    assert store.put_articles([article]) == 1
    assert store.get_article("a1") == article
    assert store.get_article("missing") is None


def test_entity_and_story_round_trip(store):
    entity = Entity("e-mayor", "Jane Mayor", "PERSON", aliases=["Mayor"], roles=["mayor"], articles=["a1", "a2"])
    store.put_entities([entity])
    store.put_stories([full_story()])
    assert store.get_entity("e-mayor") == entity
    assert list(store.iter_entities()) == [entity]
    assert store.get_story("s1") == full_story()
    assert list(store.iter_stories()) == [full_story()]
    assert store.stories_of_article("a2") == ["s1"]
    assert store.get_story("nope") is None and store.get_entity("nope") is None


def test_putting_the_same_article_twice_keeps_one_row_and_one_search_hit(store):
    article = full_article()
    store.put_articles([article, article])
    store.put_articles([article])
    assert store.count_articles() == 1
    assert store.search("mayor") == [("a1", store.search("mayor")[0][1])]
    assert len(list(store.iter_mentions("e-mayor"))) == 1


def test_upsert_replaces_text_index_and_mentions(store):
    store.put_articles([full_article()])
    changed = full_article(text="Storm closes the harbour.")
    changed.mentions = [Mention(11, 18, "harbour", "LOC", entity="e-harbour")]
    store.put_articles([changed])
    assert store.get_article("a1") == changed
    assert [hit[0] for hit in store.search("harbour")] == ["a1"]
    # "mayor" is still in the title, but the body's words are gone from the index.
    assert store.search("departures") and not store.search("Monday")
    assert list(store.iter_mentions("e-mayor")) == []
    assert list(store.iter_mentions("e-harbour")) == [("a1", changed.mentions[0])]


def test_iter_and_count_filter_by_status_in_id_order(store):
    store.put_articles([
        Article(id="c", source="s", text="three"),
        Article(id="a", source="s", text="one"),
        Article(id="b", source="s", status="duplicate", text="two", duplicate_of="a"),
    ])
    assert [a.id for a in store.iter_articles()] == ["a", "b", "c"]
    assert [a.id for a in store.iter_articles("ok")] == ["a", "c"]
    assert store.count_articles() == 3 and store.count_articles("duplicate") == 1


def test_put_articles_commits_each_batch_while_consuming_lazily(tmp_path):
    path = tmp_path / "store.db"
    store = SQLiteStore(path)
    observer = SQLiteStore(path)
    seen_committed: list[int] = []

    def articles():
        for number in range(7):
            # What another connection sees when the writer asks for the next article.
            seen_committed.append(observer.count_articles())
            yield Article(id=f"a{number}", source="s", text=f"text {number}")
        raise RuntimeError("input broke")

    with pytest.raises(RuntimeError):
        store.put_articles(articles(), batch_size=3)
    assert seen_committed == [0, 0, 0, 3, 3, 3, 6]
    # The batch in flight (a6) is lost; the two complete batches survive.
    assert observer.count_articles() == 6
    store.close()
    observer.close()


def test_put_entities_replaces_the_set_atomically(store):
    store.put_entities([Entity("e1", "One", "ORG"), Entity("e2", "Two", "ORG")])
    store.put_entities([Entity("e3", "Three", "ORG")])
    assert [e.id for e in store.iter_entities()] == ["e3"]
    with pytest.raises(Exception):
        # Not JSON-serialisable: fails inside the transaction, after the delete.
        store.put_entities([Entity("e4", "Four", "ORG"), Entity("e5", "Five", "ORG", aliases=[object()])])
    assert [e.id for e in store.iter_entities()] == ["e3"]


def test_put_stories_replaces_stories_and_their_links(store):
    store.put_stories([full_story()])
    store.put_stories([Story("s2", "Other", ["a9"], ["X"])])
    assert [s.id for s in store.iter_stories()] == ["s2"]
    assert store.stories_of_article("a1") == [] and store.stories_of_article("a9") == ["s2"]


def test_search_ranks_title_hits_first_and_survives_bad_syntax(store):
    store.put_articles([
        Article(id="body", source="s", title="Weather", text="Floods hit the valley after rain."),
        Article(id="head", source="s", title="Floods", text="Water rose in the valley."),
        Article(id="other", source="s", title="Markets", text="Shares fell in the U.S. on Friday."),
    ])
    assert [hit[0] for hit in store.search("floods")] == ["head", "body"]
    assert store.search("floods", limit=1)[0][0] == "head"
    assert "[Floods]" in dict(store.search("floods"))["body"]
    assert [hit[0] for hit in store.search("U.S. shares")] == ["other"]
    assert [hit[0] for hit in store.search('"unbalanced friday')] == []
    assert [hit[0] for hit in store.search("valley NOT rain")] == ["head"]
    assert store.search("   ") == []


def test_every_connection_uses_wal_foreign_keys_and_a_busy_timeout(store):
    with store._engine.connect() as connection:
        pragma = lambda name: connection.exec_driver_sql(f"PRAGMA {name}").scalar()  # noqa: E731
        assert pragma("journal_mode") == "wal"
        assert pragma("foreign_keys") == 1
        assert pragma("busy_timeout") >= 1000
        assert pragma("synchronous") == 1  # NORMAL


def test_reopening_is_a_no_op_and_keeps_data(tmp_path):
    path = tmp_path / "store.db"
    with open_store(f"sqlite:///{path}") as store:
        store.put_articles([full_article()])
    with open_store(path) as store:
        assert store.get_article("a1") == full_article()
    assert sqlite3.connect(path).execute("SELECT version_num FROM alembic_version").fetchall() == [(head_revision(),)]


def test_an_older_database_is_upgraded_on_open(tmp_path):
    path = tmp_path / "store.db"
    SQLiteStore(path).close()
    engine = make_engine(path)
    config = alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "base")
    engine.dispose()
    tables = {r[0] for r in sqlite3.connect(path).execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert "articles" not in tables
    with SQLiteStore(path) as store:
        store.put_articles([full_article()])
        assert store.search("mayor")[0][0] == "a1"


def test_a_reader_reads_while_a_writer_writes(tmp_path):
    path = tmp_path / "store.db"
    writer_store, reader_store = SQLiteStore(path), SQLiteStore(path)
    errors: list[BaseException] = []
    stop = time.monotonic() + 1.0
    reads = 0

    def write():
        number = 0
        try:
            while time.monotonic() < stop:
                batch = [Article(id=f"w{number + k}", source="s", text=f"flood report {number + k}") for k in range(20)]
                writer_store.put_articles(batch, batch_size=10)
                number += 20
        except BaseException as error:  # noqa: BLE001 - surfaced by the assertion below
            errors.append(error)

    def read():
        nonlocal reads
        try:
            while time.monotonic() < stop:
                total = reader_store.count_articles()
                assert total % 10 == 0  # never a half-written batch
                reader_store.search("flood", limit=5)
                sum(1 for _ in reader_store.iter_articles())
                reads += 1
        except BaseException as error:  # noqa: BLE001
            errors.append(error)

    threads = [threading.Thread(target=write), threading.Thread(target=read)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert errors == []
    assert reads > 0 and reader_store.count_articles() > 0
    assert reader_store.integrity_check() == []
    writer_store.close()
    reader_store.close()


_text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=80)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=_text, title=st.none() | _text, value=st.none() | st.floats(allow_nan=False), number=st.integers(0, 5))
def test_round_trip_holds_for_arbitrary_text_and_numbers(store, text, title, value, number):
    article = Article(
        id=f"p{number}", source="s", text=text, title=title,
        quantities=[Quantity(0, len(text), text, value, None)],
        mentions=[Mention(0, len(text), text, "ORG", entity="e")],
    )
    store.put_articles([article])
    assert store.get_article(article.id) == article
