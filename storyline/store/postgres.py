"""The PostgreSQL store: the `Store` interface on a shared server, for several writers at once.

psycopg 3 through SQLAlchemy Core, on the same tables (`schema`), queries (`sql.SQLStore`) and
Alembic tree as the SQLite store. Articles are upserted with INSERT ... ON CONFLICT, each batch
sorted by id and committed on its own, so two writers with overlapping batches wait for each
other's row locks instead of deadlocking, and a killed run keeps every finished batch.
Replacing all entities or stories takes a transaction-scoped advisory lock, so concurrent
replacements serialise. Search is a weighted tsvector (title above text) behind a GIN index.

The data version is a one-row counter every write transaction bumps just before it commits.
Server-wide alternatives were rejected: the next transaction id (`pg_snapshot_xmax`) does not
move when a transaction that started earlier commits after a later one, so a reader could
keep a stale page for good, and it also moves for writes to other databases; the statistics
views (`pg_stat_*`) lag behind commits. Bumping last keeps the counter's row lock to the
moment of commit, so concurrent writers barely wait on it; a writer that fails rolls its bump
back with its data. Writes made outside the store (by hand, in SQL) do not move the version.

PostgreSQL text cannot hold NUL characters; the ingest layer never produces them.
"""
from __future__ import annotations

import math
import re
import zlib
from contextlib import contextmanager
from typing import Iterator

from sqlalchemy import Connection, Engine, create_engine, text
from sqlalchemy.dialects.postgresql import insert as pg_insert

from storyline.model import Article, Entity, Story
from storyline.store.migration import upgrade
from storyline.store.sql import SQLStore

SNIPPET_OPTIONS = "StartSel=[, StopSel=], MaxWords=16, MinWords=6, MaxFragments=1, FragmentDelimiter=…"
VERSION_TABLE = "storyline_version"


def _advisory_key(name: str) -> int:
    # A fixed 32-bit key per purpose, the same in every process.
    return zlib.crc32(f"storyline:{name}".encode())


def _advisory_lock(connection: Connection, name: str) -> None:
    connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _advisory_key(name)})


def engine_url(url: str) -> str:
    """`postgresql://...` (or `postgres://`) as the psycopg 3 SQLAlchemy URL."""
    return re.sub(r"^postgres(?:ql)?(?:\+\w+)?://", "postgresql+psycopg://", url)


def migrate(engine: Engine, revision: str = "head") -> None:
    """Upgrade to `revision`; an advisory lock makes concurrent first opens create the schema once."""
    with engine.begin() as connection:
        _advisory_lock(connection, "migrate")
        upgrade(connection, revision)


def to_websearch(query: str) -> str:
    """FTS5-style operators (`NOT x`, `AND`) in websearch syntax (`-x`); `OR` and quotes carry over."""
    words, negate = [], False
    for word in query.split():
        if word == "NOT":
            negate = True
            continue
        if word == "AND":
            continue
        words.append(("-" if negate else "") + word.rstrip("*"))
        negate = False
    return " ".join(words)


class PostgresStore(SQLStore):
    """Articles, entities and stories in a PostgreSQL database, migrated to head on open."""

    _dialect_insert = staticmethod(pg_insert)

    def __init__(self, url: str, pool_size: int = 5):
        self.url = url
        self._engine = create_engine(engine_url(url), pool_size=pool_size, pool_pre_ping=True)
        migrate(self._engine)

    @contextmanager
    def _write(self) -> Iterator[Connection]:
        with self._engine.begin() as connection:
            yield connection
            connection.execute(text(f"UPDATE {VERSION_TABLE} SET version = version + 1 WHERE id = 1"))

    def _lock_for_replacement(self, connection: Connection, table: str) -> None:
        _advisory_lock(connection, table)

    def _refuse(self, record: Article | Entity | Story) -> None:
        # Ingest removes control characters and reads only finite numbers, so only a record
        # built by hand gets here; PostgreSQL's own error would name no record.
        if problem := _unstorable(record.to_dict()):
            kind = type(record).__name__.lower()
            raise ValueError(f"{kind} {record.id!r}: PostgreSQL cannot store {problem}")

    # -- search ----------------------------------------------------------------------------

    _SEARCH = text(
        """
        SELECT id, ts_headline('simple', coalesce(title, '') || E'\\n' || text, q, :options) AS snippet
        FROM articles, websearch_to_tsquery('simple', :query) AS q
        WHERE search @@ q
        ORDER BY ts_rank(search, q) DESC, id
        LIMIT :limit
        """
    )

    def search(self, query: str, limit: int = 20) -> list[tuple[str, str]]:
        """Full-text search, best first: words, "phrases", `OR`, `-word` / `NOT word`; never a syntax error."""
        if not query.strip() or limit < 1:
            return []
        params = {"query": to_websearch(query), "limit": limit, "options": SNIPPET_OPTIONS}
        with self._engine.connect() as connection:
            return [(row.id, row.snippet) for row in connection.execute(self._SEARCH, params)]

    def data_version(self) -> object | None:
        """The write counter (see the module docstring): it moves with every committed store write."""
        with self._engine.connect() as connection:
            return int(connection.execute(text(f"SELECT version FROM {VERSION_TABLE} WHERE id = 1")).scalar_one())

    def close(self) -> None:
        self._engine.dispose()


def _unstorable(value: object) -> str | None:
    """What in `value` text and jsonb columns cannot hold, if anything."""
    if isinstance(value, str):
        return "the NUL character (U+0000)" if "\x00" in value else None
    if isinstance(value, float):
        return None if math.isfinite(value) else f"the number {value} (jsonb has no infinity or NaN)"
    if isinstance(value, dict):
        value = [*value.keys(), *value.values()]
    if isinstance(value, list):
        return next((problem for item in value if (problem := _unstorable(item))), None)
    return None


__all__ = ["PostgresStore", "engine_url", "migrate", "to_websearch"]
