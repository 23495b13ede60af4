"""The embedded SQLite store (the default back end).

Every connection runs in WAL mode so readers never block the writer, and waits on a busy
database instead of failing. Transactions are issued by hand (`BEGIN IMMEDIATE` for
writes) rather than by the sqlite3 module, which would leave DDL outside transactions and
start writes as deferred reads that can fail to upgrade under contention.
"""
from __future__ import annotations

import sqlite3
import threading
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import Any, Iterator

from sqlalchemy import Connection, Engine, create_engine, event, text
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import URL
from sqlalchemy.exc import DatabaseError, OperationalError

from storyline.store import schema
from storyline.store.migration import alembic_config, upgrade
from storyline.store.sql import SQLStore

BUSY_TIMEOUT_MS = 30_000
# Search snippets mark the matched words with these, and cut the text around them.
SNIPPET_OPEN, SNIPPET_CLOSE, SNIPPET_ELLIPSIS, SNIPPET_TOKENS = "[", "]", "…", 16
# bm25 weights for (title, text): a hit in the headline says more than one in the body.
BM25_WEIGHTS = (2.0, 1.0)

_VERSION_LOCK = threading.Lock()


def _configure_connection(dbapi_connection: Any, _record: Any) -> None:
    # Take transaction control away from the sqlite3 module; `_begin` issues BEGIN itself.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA journal_mode = WAL")
    cursor.execute("PRAGMA synchronous = NORMAL")
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.close()


def _begin(connection: Connection) -> None:
    # IMMEDIATE takes the write lock up front (waiting up to busy_timeout); reads stay DEFERRED
    # so they never wait for a writer.
    mode = connection.get_execution_options().get("storyline_begin", "DEFERRED")
    connection.exec_driver_sql(f"BEGIN {mode}")


def make_engine(path: Path) -> Engine:
    """An engine for the database file at `path` with the store's connection settings."""
    engine = create_engine(URL.create("sqlite", database=str(path)))
    event.listen(engine, "connect", _configure_connection)
    event.listen(engine, "begin", _begin)
    return engine


def migrate(engine: Engine, revision: str = "head") -> None:
    """Upgrade the database to `revision` under the write lock, so two processes opening a
    new file at once do not both create the schema; a database already there is untouched."""
    with _write_connection(engine) as connection:
        upgrade(connection, revision)


@contextmanager
def _write_connection(engine: Engine) -> Iterator[Connection]:
    with engine.connect() as connection:
        connection.execution_options(storyline_begin="IMMEDIATE")
        with connection.begin():
            yield connection


def _quote_terms(query: str) -> str:
    """`query` as plain words: each becomes an FTS5 string, so punctuation is not syntax."""
    return " ".join('"' + term.replace('"', '""') + '"' for term in query.split())


class SQLiteStore(SQLStore):
    """Articles, entities and stories in one SQLite file (WAL), migrated to head on open."""

    _dialect_insert = staticmethod(sqlite_insert)

    def __init__(self, path: Path):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._engine = make_engine(self.path)
        migrate(self._engine)

    def _write(self) -> AbstractContextManager[Connection]:
        # BEGIN IMMEDIATE serialises every writer, whole-table replacements included.
        return _write_connection(self._engine)

    # -- search ----------------------------------------------------------------------------

    _SEARCH = text(
        f"""
        SELECT articles.id AS id,
               snippet({schema.FTS_TABLE}, -1, :open, :close, :ellipsis, :tokens) AS snippet
        FROM {schema.FTS_TABLE}
        JOIN articles ON articles.search_key = {schema.FTS_TABLE}.rowid
        WHERE {schema.FTS_TABLE} MATCH :query
        ORDER BY bm25({schema.FTS_TABLE}, {BM25_WEIGHTS[0]}, {BM25_WEIGHTS[1]}), articles.id
        LIMIT :limit
        """
    )

    def search(self, query: str, limit: int = 20) -> list[tuple[str, str]]:
        """Full-text search, best first. `query` may use FTS5 syntax (phrases, OR, NEAR,
        prefix*); text that is not valid syntax is searched as plain words instead."""
        if not query.strip() or limit < 1:
            return []
        try:
            return self._run_search(query, limit)
        except OperationalError:
            return self._run_search(_quote_terms(query), limit)

    def _run_search(self, fts_query: str, limit: int) -> list[tuple[str, str]]:
        params = {
            "query": fts_query, "limit": limit, "open": SNIPPET_OPEN, "close": SNIPPET_CLOSE,
            "ellipsis": SNIPPET_ELLIPSIS, "tokens": SNIPPET_TOKENS,
        }
        with self._engine.connect() as connection:
            return [(row.id, row.snippet) for row in connection.execute(self._SEARCH, params)]

    # -- upkeep ----------------------------------------------------------------------------

    def integrity_check(self) -> list[str]:
        """Problems SQLite and the FTS5 index report; empty when the database is sound."""
        with self._engine.connect() as connection:
            problems = [r[0] for r in connection.exec_driver_sql("PRAGMA integrity_check") if r[0] != "ok"]
            try:
                connection.exec_driver_sql(
                    f"INSERT INTO {schema.FTS_TABLE}({schema.FTS_TABLE}, rank) VALUES ('integrity-check', 1)"
                )
            except DatabaseError as error:  # FTS5 reports a stale index as "malformed"
                problems.append(f"{schema.FTS_TABLE}: {error.orig}")
            connection.rollback()
        return problems

    def rebuild_search_index(self) -> None:
        """Re-index every article from the `articles` table (repair after manual edits)."""
        with _write_connection(self._engine) as connection:
            connection.exec_driver_sql(
                f"INSERT INTO {schema.FTS_TABLE}({schema.FTS_TABLE}) VALUES ('rebuild')"
            )

    def data_version(self) -> object | None:
        """SQLite's data_version as seen by one connection kept for this purpose: it changes
        whenever any other connection, in this process or another, commits."""
        with _VERSION_LOCK:
            if getattr(self, "_version_connection", None) is None:
                self._version_connection = sqlite3.connect(self.path, check_same_thread=False,
                                                           isolation_level=None)
            return self._version_connection.execute("PRAGMA data_version").fetchone()[0]

    def close(self) -> None:
        with _VERSION_LOCK:
            if getattr(self, "_version_connection", None) is not None:
                self._version_connection.close()
                self._version_connection = None
        self._engine.dispose()


__all__ = ["SQLiteStore", "alembic_config", "make_engine", "migrate"]
