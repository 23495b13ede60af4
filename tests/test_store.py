"""The SQLite store's own behaviours: connection pragmas, upgrades on open, a reader beside a
writer. What every store must do is in test_store_contract.py."""
from __future__ import annotations

import sqlite3
import threading
import time
from pathlib import Path

import pytest
from alembic import command

from storyline.model import Article
from storyline.store.migration import alembic_config, head_revision
from storyline.store.sqlite import SQLiteStore, make_engine
from store_records import full_article


@pytest.fixture
def store(tmp_path: Path):
    with SQLiteStore(tmp_path / "store.db") as opened:
        yield opened


def test_every_connection_uses_wal_foreign_keys_and_a_busy_timeout(store):
    with store._engine.connect() as connection:
        pragma = lambda name: connection.exec_driver_sql(f"PRAGMA {name}").scalar()  # noqa: E731
        assert pragma("journal_mode") == "wal"
        assert pragma("foreign_keys") == 1
        assert pragma("busy_timeout") >= 1000
        assert pragma("synchronous") == 1  # NORMAL


def test_a_path_and_a_sqlite_url_open_the_same_file(tmp_path):
    from storyline.store import open_store

    path = tmp_path / "store.db"
    with open_store(f"sqlite:///{path}") as opened:
        opened.put_articles([full_article()])
    with open_store(path) as opened:
        assert opened.get_article("a1") == full_article()
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
    with SQLiteStore(path) as opened:
        opened.put_articles([full_article()])
        assert opened.search("mayor")[0][0] == "a1"


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
