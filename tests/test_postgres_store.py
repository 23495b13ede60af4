"""The PostgreSQL store's own behaviours, against a real server started for these tests (skipped
where PostgreSQL is not installed): URL routing, the GIN index, several writers at once, old trees
upgraded, commit-order-proof data versions. What every store must do is in test_store_contract.py."""
from __future__ import annotations

import threading
from pathlib import Path

import pytest

from storyline.model import Article, Entity, Mention, Quantity, Story

psycopg = pytest.importorskip("psycopg")

from storyline.store.migration import head_revision  # noqa: E402
from storyline.store.postgres import PostgresStore, to_websearch  # noqa: E402
from storyline.store.schema import search_key  # noqa: E402
from sqlalchemy import text  # noqa: E402
from postgres_server import new_database  # noqa: E402
from store_records import full_article  # noqa: E402


@pytest.fixture
def store(database_url):
    with PostgresStore(database_url) as opened:
        yield opened


def test_open_store_picks_postgres_for_a_postgresql_url(database_url):
    from storyline.store import open_store

    with open_store(database_url) as opened:
        assert isinstance(opened, PostgresStore)


def test_search_uses_the_gin_index(store):
    with store._engine.connect() as connection:
        indexes = {row[0]: row[1] for row in connection.exec_driver_sql(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'articles'")}
    assert "USING gin (search)" in indexes["ix_articles_search"]


def test_several_writers_at_once_lose_nothing_and_duplicate_nothing(database_url):
    # Four stores (four pools) open the new database at the same moment, then write
    # overlapping batches in opposite orders: no deadlock, no duplicate mention rows.
    errors: list[BaseException] = []
    stores: list[PostgresStore] = []
    lock = threading.Lock()

    def writer(number: int) -> None:
        try:
            opened = PostgresStore(database_url)
            with lock:
                stores.append(opened)
            ids = list(range(60)) if number % 2 else list(reversed(range(60)))
            batch = [Article(id=f"w{k}", source=f"writer{number}", text=f"flood report {k}",
                             mentions=[Mention(0, 5, "flood", "EVENT", entity="e-flood")]) for k in ids]
            opened.put_articles(batch, batch_size=7)
            opened.put_entities([Entity(f"e{number}", "Flood", "EVENT")])
        except BaseException as error:  # noqa: BLE001 - surfaced below
            errors.append(error)

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    reader = stores[0]
    assert reader.count_articles() == 60
    assert len(list(reader.iter_mentions("e-flood"))) == 60
    assert len(list(reader.iter_entities())) == 1
    assert len(reader.search("flood", limit=100)) == 60
    for opened in stores:
        opened.close()


def test_fts5_style_operators_become_websearch_syntax():
    assert to_websearch("valley NOT rain AND hills") == "valley -rain hills"
    assert to_websearch('"a phrase" OR flood*') == '"a phrase" OR flood'


OLD_PG_SCHEMA = Path(__file__).parent / "data" / "store_postgres_pg0001.sql"


def _pg_schema(url: str) -> dict[str, list[tuple]]:
    """Columns, indexes and constraints of the store's tables, as the catalogue describes them."""
    with psycopg.connect(url) as connection:
        columns = connection.execute(
            "SELECT table_name, column_name, data_type, is_nullable, generation_expression FROM"
            " information_schema.columns WHERE table_schema = 'public' ORDER BY table_name, column_name").fetchall()
        indexes = connection.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' ORDER BY indexname").fetchall()
        constraints = connection.execute(
            "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint"
            " WHERE connamespace = 'public'::regnamespace ORDER BY conname").fetchall()
    return {"columns": columns, "indexes": indexes, "constraints": constraints}


def test_a_database_from_the_retired_postgres_tree_upgrades_and_keeps_its_data(database_url, server_url):
    with psycopg.connect(database_url, autocommit=True) as connection:
        connection.execute(OLD_PG_SCHEMA.read_text())
        connection.execute(
            "INSERT INTO articles (id, source, status, title, text, content_hash, mentions, quotes, times,"
            " quantities, extra) VALUES ('old-1', 'Old Paper', 'ok', 'Ferry strike', 'Crews walked out.', 'h',"
            " '[]', '[]', '[]', '[]', '{}')")
    with PostgresStore(database_url) as store:
        with store._engine.connect() as connection:
            assert connection.exec_driver_sql("SELECT version_num FROM alembic_version").scalars().all() == \
                [head_revision()]
            keys = dict(connection.exec_driver_sql("SELECT id, search_key FROM articles").all())
        assert keys == {"old-1": search_key("old-1")}
        assert store.get_article("old-1").title == "Ferry strike"
        assert [hit[0] for hit in store.search("ferry")] == ["old-1"]
        store.put_articles([Article(id="new-1", source="New Paper", title="Ferry talks", text="Talks resume.")])
        assert sorted(hit[0] for hit in store.search("ferry")) == ["new-1", "old-1"]
    fresh = new_database(server_url)
    PostgresStore(fresh).close()
    assert _pg_schema(database_url) == _pg_schema(fresh)


def test_data_version_moves_for_a_transaction_that_commits_after_a_later_one(database_url):
    # The server's next-transaction-id approach misses this: the earlier transaction commits last.
    with PostgresStore(database_url) as reader, PostgresStore(database_url) as writer:
        with writer._write() as slow:
            slow.execute(text("SELECT pg_current_xact_id()"))  # an open transaction with the earlier id
            writer.put_articles([full_article("a2")])  # a later transaction commits first
            seen = reader.data_version()
            slow.execute(text("INSERT INTO entities (id, name, type, aliases, roles, articles, extra)"
                              " VALUES ('e1', 'One', 'ORG', '[]', '[]', '[]', '{}')"))
        assert reader.data_version() != seen


def test_a_nul_character_or_an_infinity_is_refused_by_name_and_the_batch_is_not_written(store):
    ok = Article(id="fine", source="s", text="Harbour reopens.")
    bad = Article(id="bad-one", source="s", text="Harbour", mentions=[Mention(0, 7, "Harb\x00our", "ORG")])
    with pytest.raises(ValueError, match="'bad-one'.*NUL"):
        store.put_articles([ok, bad])
    endless = Article(id="endless", source="s", text="x", quantities=[Quantity(0, 1, "x", float("inf"), None)])
    with pytest.raises(ValueError, match="'endless'.*inf"):
        store.put_articles([endless])
    store.put_entities([Entity("e1", "One", "ORG")])
    with pytest.raises(ValueError, match="entity 'e2'.*NUL"):
        store.put_entities([Entity("e2", "T\x00wo", "ORG")])
    assert [e.id for e in store.iter_entities()] == ["e1"]  # the set is not replaced
    with pytest.raises(ValueError, match="story 's1'.*NUL"):
        store.put_stories([Story("s1", "Ti\x00tle", ["fine"], ["s"])])
    assert store.count_articles() == 0
    store.put_articles([ok])
    assert store.get_article("fine") == ok
