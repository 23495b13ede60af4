"""PostgreSQL initial schema: the SQLite store's tables, JSONB columns, and a weighted
tsvector (title A, text B) kept by a generated column and searched through a GIN index.

Revision ID: pg0001
Revises:
Create Date: 2026-11-22

"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB, TSVECTOR

revision: str = "pg0001"
down_revision: Union[str, Sequence[str], None] = None
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

# 'simple': no stemming and no stop words, like the SQLite index (unicode61).
SEARCH_VECTOR = (
    "setweight(to_tsvector('simple'::regconfig, coalesce(title, '')), 'A') || "
    "setweight(to_tsvector('simple'::regconfig, text), 'B')"
)


def upgrade() -> None:
    op.create_table(
        "articles",
        sa.Column("id", sa.Text, primary_key=True),
        sa.Column("source", sa.Text, nullable=False),
        sa.Column("status", sa.Text, nullable=False),
        sa.Column("title", sa.Text),
        sa.Column("url", sa.Text),
        sa.Column("path", sa.Text),
        sa.Column("published", sa.Text),
        sa.Column("published_origin", sa.Text),
        sa.Column("language", sa.Text),
        sa.Column("duplicate_of", sa.Text),
        sa.Column("copy_of", sa.Text),
        sa.Column("error", sa.Text),
        sa.Column("author", sa.Text),
        sa.Column("format", sa.Text),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("content_hash", sa.Text, nullable=False),
        sa.Column("mentions", JSONB, nullable=False),
        sa.Column("quotes", JSONB, nullable=False),
        sa.Column("times", JSONB, nullable=False),
        sa.Column("quantities", JSONB, nullable=False),
        sa.Column("extra", JSONB, nullable=False),
        sa.Column("search", TSVECTOR, sa.Computed(SEARCH_VECTOR, persisted=True)),
    )
    op.create_index("ix_articles_status", "articles", ["status"])
    op.create_index("ix_articles_content_hash", "articles", ["content_hash"])
    op.create_index("ix_articles_search", "articles", ["search"], postgresql_using="gin")

    op.create_table(
        "mentions",
        sa.Column("article_id", sa.Text, sa.ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
        sa.Column("start", sa.Integer, nullable=False),
        sa.Column("end", sa.Integer, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("type", sa.Text, nullable=False),
        sa.Column("entity_id", sa.Text),
        sa.Column("resolved", sa.Text),
    )
    op.create_index("ix_mentions_article", "mentions", ["article_id"])
    op.create_index("ix_mentions_entity", "mentions", ["entity_id"])

    op.create_table(
        "entities",
        sa.Column("id", sa.Text, primary_key=True),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("type", sa.Text, nullable=False),
        sa.Column("aliases", JSONB, nullable=False),
        sa.Column("roles", JSONB, nullable=False),
        sa.Column("articles", JSONB, nullable=False),
        sa.Column("extra", JSONB, nullable=False),
    )
    op.create_table(
        "stories",
        sa.Column("id", sa.Text, primary_key=True),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("start", sa.Text),
        sa.Column("end", sa.Text),
        sa.Column("articles", JSONB, nullable=False),
        sa.Column("sources", JSONB, nullable=False),
        sa.Column("facts", JSONB, nullable=False),
        sa.Column("timeline", JSONB, nullable=False),
        sa.Column("extra", JSONB, nullable=False),
    )
    op.create_table(
        "story_articles",
        sa.Column("story_id", sa.Text, sa.ForeignKey("stories.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("article_id", sa.Text, primary_key=True),
    )
    op.create_index("ix_story_articles_article", "story_articles", ["article_id"])


def downgrade() -> None:
    for table in ("story_articles", "stories", "entities", "mentions", "articles"):
        op.drop_table(table)
