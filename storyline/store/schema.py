"""SQLAlchemy Core tables of the store, one description for SQLite and PostgreSQL.

The migrations in `storyline/store/migrations/versions` create these; this module is what
the store code queries through. Types are dialect-neutral with PostgreSQL variants (TEXT
for strings, JSONB for documents), matching what each dialect's migration declares. Nested extraction results (quotes, times, quantities,
facts, timelines) are JSON columns because they are always read whole with their parent
row; `extra` holds model fields added after the schema, so they round-trip before a
migration gives them a column of their own. Mentions and story membership are also copied into plain tables so that "every
article of entity X" or "every story holding article Y" is an indexed query.
"""
from __future__ import annotations

import hashlib

from sqlalchemy import JSON, BigInteger, Column, ForeignKey, Index, Integer, MetaData, String, Table, Text
from sqlalchemy.dialects.postgresql import JSONB

metadata = MetaData()

# PostgreSQL's unbounded VARCHAR is TEXT under another name; TEXT is what its migrations declare.
STRING = String().with_variant(Text(), "postgresql")
# JSONB: stored parsed, so PostgreSQL can index and query inside it.
DOCUMENT = JSON().with_variant(JSONB(), "postgresql")
# 60-bit values: SQLite's INTEGER holds 64 bits, PostgreSQL's only 32.
SEARCH_KEY = BigInteger().with_variant(Integer(), "sqlite")

# SQLite's FTS5 index is a virtual table, which SQLAlchemy Core cannot describe; the migration
# creates it (external content over `articles`, kept in sync by triggers). PostgreSQL instead
# has a generated tsvector column `search` on `articles`, left out here because the store
# never reads or writes it except through its search query.
FTS_TABLE = "articles_fts"

articles = Table(
    "articles",
    metadata,
    Column("id", STRING, primary_key=True),
    # The FTS5 rowid of this article. SQLite may renumber implicit rowids on VACUUM, which
    # would silently detach an external-content index, so the key is stored explicitly
    # and derived from the id (see `search_key`).
    Column("search_key", SEARCH_KEY, nullable=False, unique=True),
    Column("source", STRING, nullable=False),
    Column("status", STRING, nullable=False),
    Column("title", Text),
    Column("url", Text),
    Column("path", Text),
    Column("published", STRING),
    Column("published_origin", STRING),
    Column("language", STRING),
    Column("duplicate_of", STRING),
    Column("copy_of", STRING),
    Column("error", Text),
    Column("author", Text),
    Column("format", STRING),
    Column("text", Text, nullable=False),
    Column("content_hash", STRING, nullable=False),
    Column("mentions", DOCUMENT, nullable=False),
    Column("quotes", DOCUMENT, nullable=False),
    Column("times", DOCUMENT, nullable=False),
    Column("quantities", DOCUMENT, nullable=False),
    Column("extra", DOCUMENT, nullable=False),
    Index("ix_articles_status", "status"),
    Index("ix_articles_content_hash", "content_hash"),
)

mentions = Table(
    "mentions",
    metadata,
    Column("article_id", STRING, ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("text", Text, nullable=False),
    Column("type", STRING, nullable=False),
    Column("entity_id", STRING),
    Column("resolved", Text),
    Index("ix_mentions_article", "article_id"),
    Index("ix_mentions_entity", "entity_id"),
)

entities = Table(
    "entities",
    metadata,
    Column("id", STRING, primary_key=True),
    Column("name", Text, nullable=False),
    Column("type", STRING, nullable=False),
    Column("aliases", DOCUMENT, nullable=False),
    Column("roles", DOCUMENT, nullable=False),
    Column("articles", DOCUMENT, nullable=False),
    Column("extra", DOCUMENT, nullable=False),
)

stories = Table(
    "stories",
    metadata,
    Column("id", STRING, primary_key=True),
    Column("title", Text, nullable=False),
    Column("start", STRING),
    Column("end", STRING),
    Column("articles", DOCUMENT, nullable=False),
    Column("sources", DOCUMENT, nullable=False),
    Column("facts", DOCUMENT, nullable=False),
    Column("timeline", DOCUMENT, nullable=False),
    Column("extra", DOCUMENT, nullable=False),
)

# No foreign key to `articles`: stories may be stored before (or without) their articles.
story_articles = Table(
    "story_articles",
    metadata,
    Column("story_id", STRING, ForeignKey("stories.id", ondelete="CASCADE"), primary_key=True),
    Column("article_id", STRING, primary_key=True),
    Index("ix_story_articles_article", "article_id"),
)


def search_key(article_id: str) -> int:
    """A stable 60-bit integer for an article id, used as its FTS5 rowid (SQLite).

    Collisions are astronomically unlikely (birthday bound ~2^30 articles); if one ever
    happens the UNIQUE constraint rejects the write instead of mixing two articles up.
    """
    return int(hashlib.sha1(article_id.encode("utf-8")).hexdigest()[:15], 16)
