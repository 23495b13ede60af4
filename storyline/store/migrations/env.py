"""Alembic environment for the SQLite store.

The store runs migrations in code (`storyline.store.sqlite.migrate`) and hands over its
own connection through `config.attributes["connection"]`, so no alembic.ini is needed and
the migration shares the caller's transaction (and its lock). Without a connection it falls
back to `sqlalchemy.url` from the config, for running `alembic` by hand.
"""
from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine

from storyline.store.schema import metadata

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
    # Batch mode: SQLite cannot ALTER most things in place, so later revisions rebuild tables.
    context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    raise SystemExit("storyline migrations run online only (they create FTS5 triggers)")
run_migrations()
