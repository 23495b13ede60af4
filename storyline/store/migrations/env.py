"""Alembic environment of the store, one tree for SQLite and PostgreSQL.

The stores run migrations in code (`storyline.store.migration.upgrade`) and hand over their
own connection through `config.attributes["connection"]`, so no alembic.ini is needed and
the migration shares the caller's transaction (and its lock). Without a connection it falls
back to `sqlalchemy.url` from the config, for running `alembic` by hand. Revisions branch on
`op.get_bind().dialect.name` where the dialects differ.
"""
from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine

from storyline.store.schema import metadata

config = context.config
DIALECTS = ("sqlite", "postgresql")


def run_migrations() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    engine = create_engine(config.get_main_option("sqlalchemy.url"))
    with engine.begin() as connection:
        _run(connection)


def _run(connection) -> None:
    if connection.dialect.name not in DIALECTS:
        raise RuntimeError(f"storyline stores live in {' or '.join(DIALECTS)}, not {connection.dialect.name}")
    # Batch mode: SQLite cannot ALTER most things in place, so later revisions rebuild tables
    # there; on PostgreSQL batch operations are plain ALTERs.
    context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    raise SystemExit("storyline migrations run online only (they inspect the dialect and fill columns)")
run_migrations()
