"""SQLAlchemy Core tables of the SQLite store.

The migrations in `storyline/store/migrations/versions` create these; this module is what
the store code queries through. Nested extraction results (quotes, times, quantities,
facts, timelines) are JSON columns because they are always read whole with their parent
row; `extra` holds model fields added after the schema, so they round-trip before a
migration gives them a column of their own. Mentions and story membership are also copied into plain tables so that "every
article of entity X" or "every story holding article Y" is an indexed query.
"""
from __future__ import annotations

import hashlib

from sqlalchemy import JSON, Column, ForeignKey, Index, Integer, MetaData, String, Table, Text

metadata = MetaData()

# The FTS5 index is a virtual table, which SQLAlchemy Core cannot describe; the migration
# creates it (external content over `articles`, kept in sync by triggers).
FTS_TABLE = "articles_fts"

articles = Table(
    "articles",
    metadata,
    Column("id", String, primary_key=True),
    # The FTS5 rowid of this article. SQLite may renumber implicit rowids on VACUUM, which
    # would silently detach an external-content index, so the key is stored explicitly
    # and derived from the id (see `search_key`).
    Column("search_key", Integer, nullable=False, unique=True),
    Column("source", String, nullable=False),
    Column("status", String, nullable=False),
    Column("title", Text),
    Column("url", Text),
    Column("path", Text),
    Column("published", String),
    Column("published_origin", String),
    Column("language", String),
    Column("duplicate_of", String),
    Column("copy_of", String),
    Column("error", Text),
    Column("author", Text),
    Column("format", String),
    Column("text", Text, nullable=False),
    Column("content_hash", String, nullable=False),
    Column("mentions", JSON, nullable=False),
    Column("quotes", JSON, nullable=False),
    Column("times", JSON, nullable=False),
    Column("quantities", JSON, nullable=False),
    Column("extra", JSON, nullable=False),
    Index("ix_articles_status", "status"),
    Index("ix_articles_content_hash", "content_hash"),
)

mentions = Table(
    "mentions",
    metadata,
    Column("article_id", String, ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("text", Text, nullable=False),
    Column("type", String, nullable=False),
    Column("entity_id", String),
    Column("resolved", Text),
    Index("ix_mentions_article", "article_id"),
    Index("ix_mentions_entity", "entity_id"),
)

entities = Table(
    "entities",
    metadata,
    Column("id", String, primary_key=True),
    Column("name", Text, nullable=False),
    Column("type", String, nullable=False),
    Column("aliases", JSON, nullable=False),
    Column("roles", JSON, nullable=False),
    Column("articles", JSON, nullable=False),
    Column("extra", JSON, nullable=False),
)

stories = Table(
    "stories",
    metadata,
    Column("id", String, primary_key=True),
    Column("title", Text, nullable=False),
    Column("start", String),
    Column("end", String),
    Column("articles", JSON, nullable=False),
    Column("sources", JSON, nullable=False),
    Column("facts", JSON, nullable=False),
    Column("timeline", JSON, nullable=False),
    Column("extra", JSON, nullable=False),
)

# No foreign key to `articles`: stories may be stored before (or without) their articles.
story_articles = Table(
    "story_articles",
    metadata,
    Column("story_id", String, ForeignKey("stories.id", ondelete="CASCADE"), primary_key=True),
    Column("article_id", String, primary_key=True),
    Index("ix_story_articles_article", "article_id"),
)


def search_key(article_id: str) -> int:
    """A stable 60-bit integer for an article id, used as its FTS5 rowid.

    Collisions are astronomically unlikely (birthday bound ~2^30 articles); if one ever
    happens the UNIQUE constraint rejects the write instead of mixing two articles up.
    """
    return int(hashlib.sha1(article_id.encode("utf-8")).hexdigest()[:15], 16)
