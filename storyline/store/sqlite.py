"""The embedded SQLite store (the default back end).

Every connection runs in WAL mode so readers never block the writer, and waits on a busy
database instead of failing. Transactions are issued by hand (`BEGIN IMMEDIATE` for
writes) rather than by the sqlite3 module, which would leave DDL outside transactions and
start writes as deferred reads that can fail to upgrade under contention.
"""
from __future__ import annotations

import sqlite3
import threading
from contextlib import contextmanager
from itertools import islice
from pathlib import Path
from typing import Any, Iterable, Iterator, TypeVar

from alembic import command
from alembic.config import Config
from sqlalchemy import Connection, Engine, Table, bindparam, create_engine, delete, event, func, select, text
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import URL
from sqlalchemy.exc import DatabaseError, OperationalError

from storyline.model import Article, Entity, Mention, Record, Story
from storyline.store import schema
from storyline.store.base import Store

MIGRATIONS = Path(__file__).with_name("migrations")
BUSY_TIMEOUT_MS = 30_000
# Search snippets mark the matched words with these, and cut the text around them.
SNIPPET_OPEN, SNIPPET_CLOSE, SNIPPET_ELLIPSIS, SNIPPET_TOKENS = "[", "]", "…", 16
# bm25 weights for (title, text): a hit in the headline says more than one in the body.
BM25_WEIGHTS = (2.0, 1.0)

R = TypeVar("R", bound=Record)
# Ids per `IN (...)` query, well under SQLite's limit on bound parameters.
_IN_CHUNK = 500
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


def alembic_config() -> Config:
    """The Alembic configuration, built in code so no alembic.ini is needed at run time."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def migrate(engine: Engine, revision: str = "head") -> None:
    """Upgrade the database to `revision` under the write lock, so two processes opening a
    new file at once do not both create the schema; a database already there is untouched."""
    config = alembic_config()
    with _write_connection(engine) as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)


@contextmanager
def _write_connection(engine: Engine) -> Iterator[Connection]:
    with engine.connect() as connection:
        connection.execution_options(storyline_begin="IMMEDIATE")
        with connection.begin():
            yield connection


def _to_row(table: Table, record: Record, **computed: Any) -> dict[str, Any]:
    data = record.to_dict()
    row = {name: data.pop(name) for name in list(data) if name in table.c and name != "extra"}
    row["extra"] = data
    row.update(computed)
    return row


def _from_row(cls: type[R], row: Any) -> R:
    data = dict(row._mapping)
    data.update(data.pop("extra", None) or {})
    return cls.from_dict(data)


def _upsert(table: Table, key: str = "id"):
    statement = sqlite_insert(table)
    updates = {column.name: statement.excluded[column.name] for column in table.c if column.name != key}
    return statement.on_conflict_do_update(index_elements=[table.c[key]], set_=updates)


def _last_per_id(records: Iterable[R]) -> list[R]:
    """Drop all but the last record of each id, keeping first-seen order."""
    latest: dict[str, R] = {}
    for record in records:
        latest[record.id] = record  # type: ignore[attr-defined]
    return list(latest.values())


def _quote_terms(query: str) -> str:
    """`query` as plain words: each becomes an FTS5 string, so punctuation is not syntax."""
    return " ".join('"' + term.replace('"', '""') + '"' for term in query.split())


class SQLiteStore(Store):
    """Articles, entities and stories in one SQLite file (WAL), migrated to head on open."""

    def __init__(self, path: Path):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._engine = make_engine(self.path)
        migrate(self._engine)

    # -- articles --------------------------------------------------------------------------

    def put_articles(self, articles: Iterable[Article], batch_size: int = 200) -> int:
        if batch_size < 1:
            raise ValueError("batch_size must be at least 1")
        iterator = iter(articles)
        written = 0
        # Each batch is drawn from the (possibly slow) iterable before the write lock is
        # taken, and committed on its own: a killed run loses only the batch in flight.
        while batch := list(islice(iterator, batch_size)):
            with _write_connection(self._engine) as connection:
                self._write_articles(connection, _last_per_id(batch))
            written += len(batch)
        return written

    def put_article(self, article: Article) -> None:
        self.put_articles([article], batch_size=1)

    @staticmethod
    def _write_articles(connection: Connection, batch: list[Article]) -> None:
        rows = [
            _to_row(
                schema.articles, article,
                search_key=schema.search_key(article.id), content_hash=article.content_hash,
            )
            for article in batch
        ]
        connection.execute(_upsert(schema.articles), rows)
        connection.execute(
            delete(schema.mentions).where(schema.mentions.c.article_id == bindparam("article")),
            [{"article": article.id} for article in batch],
        )
        mention_rows = [
            {
                "article_id": article.id, "start": mention.start, "end": mention.end,
                "text": mention.text, "type": mention.type,
                "entity_id": mention.entity, "resolved": mention.resolved,
            }
            for article in batch
            for mention in article.mentions
        ]
        if mention_rows:
            connection.execute(schema.mentions.insert(), mention_rows)

    def get_article(self, article_id: str) -> Article | None:
        with self._engine.connect() as connection:
            row = connection.execute(
                select(schema.articles).where(schema.articles.c.id == article_id)
            ).first()
        return None if row is None else _from_row(Article, row)

    def get_articles(self, article_ids: Iterable[str]) -> dict[str, Article]:
        """The stored articles among `article_ids`, by id, read in a few queries rather than one each."""
        wanted = list(dict.fromkeys(article_ids))
        found: dict[str, Article] = {}
        with self._engine.connect() as connection:
            for start in range(0, len(wanted), _IN_CHUNK):
                query = select(schema.articles).where(schema.articles.c.id.in_(wanted[start:start + _IN_CHUNK]))
                for row in connection.execute(query):
                    found[row.id] = _from_row(Article, row)
        return {article_id: found[article_id] for article_id in wanted if article_id in found}

    def iter_articles(self, status: str | None = None) -> Iterator[Article]:
        query = select(schema.articles).order_by(schema.articles.c.id)
        if status is not None:
            query = query.where(schema.articles.c.status == status)
        with self._engine.connect() as connection:
            # One read transaction: a consistent snapshot even while a writer commits.
            for row in connection.execution_options(yield_per=256).execute(query):
                yield _from_row(Article, row)

    def count_articles(self, status: str | None = None) -> int:
        query = select(func.count()).select_from(schema.articles)
        if status is not None:
            query = query.where(schema.articles.c.status == status)
        with self._engine.connect() as connection:
            return int(connection.execute(query).scalar_one())

    def iter_mentions(self, entity_id: str) -> Iterator[tuple[str, Mention]]:
        table = schema.mentions
        query = (
            select(table)
            .where(table.c.entity_id == entity_id)
            .order_by(table.c.article_id, table.c.start, table.c.end)
        )
        with self._engine.connect() as connection:
            for row in connection.execute(query):
                yield row.article_id, Mention(
                    start=row.start, end=row.end, text=row.text, type=row.type,
                    entity=row.entity_id, resolved=row.resolved,
                )

    # -- entities --------------------------------------------------------------------------

    def put_entities(self, entities: Iterable[Entity]) -> None:
        rows = [_to_row(schema.entities, entity) for entity in _last_per_id(entities)]
        with _write_connection(self._engine) as connection:
            connection.execute(delete(schema.entities))
            if rows:
                connection.execute(schema.entities.insert(), rows)

    def iter_entities(self) -> Iterator[Entity]:
        with self._engine.connect() as connection:
            query = select(schema.entities).order_by(schema.entities.c.id)
            for row in connection.execute(query):
                yield _from_row(Entity, row)

    def get_entities(self, entity_ids: Iterable[str]) -> dict[str, Entity]:
        wanted = list(dict.fromkeys(entity_ids))
        found: dict[str, Entity] = {}
        with self._engine.connect() as connection:
            for start in range(0, len(wanted), _IN_CHUNK):
                query = select(schema.entities).where(schema.entities.c.id.in_(wanted[start:start + _IN_CHUNK]))
                for row in connection.execute(query):
                    found[row.id] = _from_row(Entity, row)
        return {entity_id: found[entity_id] for entity_id in wanted if entity_id in found}

    def get_entity(self, entity_id: str) -> Entity | None:
        with self._engine.connect() as connection:
            row = connection.execute(
                select(schema.entities).where(schema.entities.c.id == entity_id)
            ).first()
        return None if row is None else _from_row(Entity, row)

    # -- stories ---------------------------------------------------------------------------

    def put_stories(self, stories: Iterable[Story]) -> None:
        unique = _last_per_id(stories)
        rows = [_to_row(schema.stories, story) for story in unique]
        links = [
            {"story_id": story.id, "article_id": article_id}
            for story in unique
            for article_id in dict.fromkeys(story.articles)
        ]
        with _write_connection(self._engine) as connection:
            connection.execute(delete(schema.story_articles))
            connection.execute(delete(schema.stories))
            if rows:
                connection.execute(schema.stories.insert(), rows)
            if links:
                connection.execute(schema.story_articles.insert(), links)

    def iter_stories(self) -> Iterator[Story]:
        with self._engine.connect() as connection:
            query = select(schema.stories).order_by(schema.stories.c.id)
            for row in connection.execute(query):
                yield _from_row(Story, row)

    def get_story(self, story_id: str) -> Story | None:
        with self._engine.connect() as connection:
            row = connection.execute(
                select(schema.stories).where(schema.stories.c.id == story_id)
            ).first()
        return None if row is None else _from_row(Story, row)

    def stories_of_article(self, article_id: str) -> list[str]:
        """Ids of the stories that hold `article_id`."""
        table = schema.story_articles
        query = select(table.c.story_id).where(table.c.article_id == article_id).order_by(table.c.story_id)
        with self._engine.connect() as connection:
            return list(connection.execute(query).scalars())

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
