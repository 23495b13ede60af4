"""The store's one migration tree on SQLite: the first revision still creates exactly the schema
it always did, and a database made by the old tree upgrades in place and keeps its data.
(The PostgreSQL half is in test_postgres_store.py, next to its server.)"""
from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from storyline.model import Article
from storyline.store.migration import head_revision
from storyline.store.schema import search_key
from storyline.store.sqlite import SQLiteStore, make_engine, migrate

OLD_SQLITE_SCHEMA = Path(__file__).parent / "data" / "store_sqlite_0001.sql"


def _schema(path: Path) -> list[tuple]:
    with sqlite3.connect(path) as connection:
        return connection.execute(
            "SELECT type, name, tbl_name, sql FROM sqlite_master WHERE name != 'alembic_version' ORDER BY name"
        ).fetchall()


def _version(path: Path) -> list[str]:
    with sqlite3.connect(path) as connection:
        return [row[0] for row in connection.execute("SELECT version_num FROM alembic_version")]


def _old_database(path: Path) -> None:
    """A database as the old first revision left it, holding one article written the old way."""
    with sqlite3.connect(path) as connection:
        connection.executescript(OLD_SQLITE_SCHEMA.read_text())
        empty = json.dumps([])
        connection.execute(
            "INSERT INTO articles (id, search_key, source, status, title, text, content_hash, mentions, quotes,"
            " times, quantities, extra) VALUES (?, ?, 'Old Paper', 'ok', 'Ferry strike', ?, 'h', ?, ?, ?, ?, '{}')",
            ("old-1", search_key("old-1"), "Ferry crews walked out at dawn.", empty, empty, empty, empty),
        )
        connection.execute("INSERT INTO mentions VALUES ('old-1', 0, 5, 'Ferry', 'ORG', 'e-ferry', NULL)")


def test_first_revision_creates_the_schema_the_old_tree_did(tmp_path):
    old, new = tmp_path / "old.db", tmp_path / "new.db"
    with sqlite3.connect(old) as connection:
        connection.executescript(OLD_SQLITE_SCHEMA.read_text())
    engine = make_engine(new)
    migrate(engine, "0001")
    engine.dispose()
    assert _version(new) == ["0001"]
    assert _schema(new) == _schema(old)


def test_a_database_from_the_old_first_revision_upgrades_and_keeps_its_data(tmp_path):
    path = tmp_path / "store.db"
    _old_database(path)
    with SQLiteStore(path) as store:
        assert _version(path) == [head_revision()]
        old = store.get_article("old-1")
        assert old is not None and old.title == "Ferry strike" and old.source == "Old Paper"
        assert [article_id for article_id, _ in store.iter_mentions("e-ferry")] == ["old-1"]
        assert [hit[0] for hit in store.search("ferry")] == ["old-1"]
        store.put_articles([Article(id="new-1", source="New Paper", title="Ferry talks", text="Talks resume.")])
        assert sorted(hit[0] for hit in store.search("ferry")) == ["new-1", "old-1"]
        assert store.integrity_check() == []
    fresh = tmp_path / "fresh.db"
    SQLiteStore(fresh).close()
    assert _schema(path) == _schema(fresh)


def test_the_head_revision_is_the_last_of_one_line():
    # One tree for both dialects: a second head would mean a branch Alembic cannot pick from.
    from alembic.script import ScriptDirectory

    from storyline.store.migration import alembic_config

    heads = ScriptDirectory.from_config(alembic_config()).get_heads()
    assert heads == [head_revision()]
