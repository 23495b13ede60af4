"""Alembic environment for the PostgreSQL store (its own line of revisions: the SQLite ones
create FTS5 virtual tables and triggers, which PostgreSQL has no use for).

`storyline.store.postgres.migrate` hands over its connection through
`config.attributes["connection"]`; without one, `sqlalchemy.url` is used (running `alembic` by hand).
"""
from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine

config = context.config


def run_migrations() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    engine = create_engine(config.get_main_option("sqlalchemy.url"))
    with engine.begin() as connection:
        _run(connection)


def _run(connection) -> None:
    context.configure(connection=connection)
    with context.begin_transaction():
        context.run_migrations()


run_migrations()
