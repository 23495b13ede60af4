"""The PostgreSQL store against a real server started for these tests (skipped where
PostgreSQL is not installed): the SQLite store's behaviours, plus several writers at once."""
from __future__ import annotations

import glob
import inspect
import os
import shutil
import socket
import subprocess
import tempfile
import threading
import uuid
from pathlib import Path

import pytest

from storyline.model import Article, Entity, Mention, Quantity, Story

psycopg = pytest.importorskip("psycopg")

from storyline.store.migration import head_revision  # noqa: E402
from storyline.store.postgres import PostgresStore, to_websearch  # noqa: E402
from storyline.store.schema import search_key  # noqa: E402
from sqlalchemy import text  # noqa: E402
from test_store import full_article, full_story  # noqa: E402  (the SQLite tests' fixtures)


def _pg_bin() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


def _as_server_user(command: list[str]) -> list[str]:
    # initdb and postgres refuse to run as root; Debian's package creates the `postgres` user.
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *command]
    return command


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def server_url():
    bin_dir = _pg_bin()
    if bin_dir is None:
        pytest.skip("PostgreSQL is not installed (run .ci/postgres.sh as root to install it)")
    if os.geteuid() == 0 and shutil.which("runuser") is None:
        pytest.skip("running as root without runuser: cannot start PostgreSQL as a non-root user")
    home = Path(tempfile.mkdtemp(prefix="storyline-pg-"))
    if os.geteuid() == 0:
        shutil.chown(home, "postgres", "postgres")
    data, port = home / "data", _free_port()
    subprocess.run(_as_server_user([str(bin_dir / "initdb"), "-D", str(data), "-U", "postgres", "--auth=trust",
                                    "-E", "UTF8", "--locale=C.UTF-8"]), check=True, capture_output=True)
    options = f"-p {port} -k {home} -c listen_addresses=127.0.0.1 -c fsync=off"
    subprocess.run(_as_server_user([str(bin_dir / "pg_ctl"), "-D", str(data), "-o", options, "-l",
                                    str(home / "log"), "-w", "start"]), check=True, capture_output=True)
    try:
        yield f"postgresql://postgres@127.0.0.1:{port}/"
    finally:
        subprocess.run(_as_server_user([str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"]),
                       capture_output=True)
        shutil.rmtree(home, ignore_errors=True)


@pytest.fixture
def database_url(server_url) -> str:
    """A fresh database per test, so tests never see each other's rows."""
    name = f"t_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(server_url + "postgres", autocommit=True) as connection:
        connection.execute(f"CREATE DATABASE {name}")
    return server_url + name


@pytest.fixture
def store(database_url):
    with PostgresStore(database_url) as opened:
        yield opened


def test_open_store_picks_postgres_for_a_postgresql_url(database_url):
    import storyline.store as store_package

    if "postgres" not in inspect.getsource(store_package.open_store):
        pytest.skip("open_store does not route postgresql:// URLs yet (the lead wires it)")
    with store_package.open_store(database_url) as opened:
        assert isinstance(opened, PostgresStore)


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


def test_upsert_replaces_text_index_and_mentions(store):
    store.put_articles([full_article(), full_article()])
    assert store.count_articles() == 1 and len(list(store.iter_mentions("e-mayor"))) == 1
    changed = full_article(text="Storm closes the harbour.")
    changed.mentions = [Mention(11, 18, "harbour", "LOC", entity="e-harbour")]
    store.put_articles([changed])
    assert store.get_article("a1") == changed
    assert [hit[0] for hit in store.search("harbour")] == ["a1"]
    assert store.search("departures") and not store.search("Monday")
    assert list(store.iter_mentions("e-mayor")) == []
    assert list(store.iter_mentions("e-harbour")) == [("a1", changed.mentions[0])]


def test_bulk_reads_and_data_version(store):
    version = store.data_version()
    store.put_articles([full_article("a1"), full_article("a2")])
    store.put_entities([Entity("e1", "One", "ORG")])
    assert store.data_version() != version
    assert list(store.get_articles(["a2", "zz", "a1", "a2"])) == ["a2", "a1"]
    assert store.get_articles(["a1"])["a1"] == full_article("a1") and store.get_articles([]) == {}
    assert list(store.get_entities(["e1", "e9"])) == ["e1"]


def test_iter_and_count_filter_by_status_in_id_order(store):
    store.put_articles([
        Article(id="c", source="s", text="three"),
        Article(id="a", source="s", text="one"),
        Article(id="b", source="s", status="duplicate", text="two", duplicate_of="a"),
    ])
    assert [a.id for a in store.iter_articles()] == ["a", "b", "c"]
    assert [a.id for a in store.iter_articles("ok")] == ["a", "c"]
    assert store.count_articles() == 3 and store.count_articles("duplicate") == 1


def test_put_articles_commits_each_batch_while_consuming_lazily(database_url):
    store, observer = PostgresStore(database_url), PostgresStore(database_url)
    seen: list[int] = []

    def articles():
        for number in range(7):
            seen.append(observer.count_articles())
            yield Article(id=f"a{number}", source="s", text=f"text {number}")
        raise RuntimeError("input broke")

    with pytest.raises(RuntimeError):
        store.put_articles(articles(), batch_size=3)
    assert seen == [0, 0, 0, 3, 3, 3, 6]
    assert observer.count_articles() == 6
    store.close()
    observer.close()


def test_put_entities_and_stories_replace_the_set_atomically(store):
    store.put_entities([Entity("e1", "One", "ORG"), Entity("e2", "Two", "ORG")])
    store.put_entities([Entity("e3", "Three", "ORG")])
    with pytest.raises(Exception):
        store.put_entities([Entity("e4", "Four", "ORG"), Entity("e5", "Five", "ORG", aliases=[object()])])
    assert [e.id for e in store.iter_entities()] == ["e3"]
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
    assert store.search('"unbalanced friday') == []
    assert [hit[0] for hit in store.search("valley NOT rain")] == ["head"]
    assert [hit[0] for hit in store.search("markets OR weather")] == ["body", "other"]
    assert store.search("   ") == [] and store.search("(((") == []


def test_search_uses_the_gin_index(store):
    with store._engine.connect() as connection:
        indexes = {row[0]: row[1] for row in connection.exec_driver_sql(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'articles'")}
    assert "USING gin (search)" in indexes["ix_articles_search"]


def test_reopening_is_a_no_op_and_keeps_data(database_url):
    with PostgresStore(database_url) as first:
        first.put_articles([full_article()])
    with PostgresStore(database_url) as again:
        assert again.get_article("a1") == full_article()
        with again._engine.connect() as connection:
            assert connection.exec_driver_sql("SELECT version_num FROM alembic_version").scalars().all() == [head_revision()]


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


@pytest.mark.parametrize("text", ["Plain words", "Ünïcödé — “quotes” ½ 😀", "a" * 5000, "tab\tnew\nline"])
def test_round_trip_holds_for_awkward_text_and_numbers(store, text):
    article = Article(id="p", source="s", text=text, title=text[:20],
                      quantities=[Quantity(0, len(text), text, 1e-300, None)],
                      mentions=[Mention(0, len(text), text, "ORG", entity="e")])
    store.put_articles([article])
    assert store.get_article("p") == article


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
    fresh = server_url + f"t_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(server_url + "postgres", autocommit=True) as connection:
        connection.execute(f"CREATE DATABASE {fresh.rsplit('/', 1)[1]}")
    PostgresStore(fresh).close()
    assert _pg_schema(database_url) == _pg_schema(fresh)


def test_data_version_moves_only_when_a_store_write_commits(database_url):
    with PostgresStore(database_url) as reader, PostgresStore(database_url) as writer:
        first = reader.data_version()
        reader.get_articles(["a1"])
        list(reader.iter_articles())
        assert reader.data_version() == first  # reads leave it alone
        with pytest.raises(Exception):
            writer.put_entities([Entity("e1", "One", "ORG", aliases=[object()])])
        assert reader.data_version() == first  # a failed write rolls its bump back
        writer.put_articles([full_article("a1")])
        second = reader.data_version()
        assert second != first
        writer.put_stories([full_story()])
        assert reader.data_version() not in (first, second)


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
