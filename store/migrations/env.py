"""Alembic environment. Store.open passes its own connection (config.attributes["connection"]), already
inside a locked transaction; `alembic upgrade head` from the shell uses the same URL rules as the app."""

from __future__ import annotations

from logging.config import fileConfig

from alembic import context

config = context.config


def run_on(connection) -> None:
    context.configure(connection=connection, target_metadata=None, transaction_per_migration=False)
    with context.begin_transaction():
        context.run_migrations()


def run_from_shell() -> None:
    # Imported here: Store.open never takes this path, and the shell adds the project root (prepend_sys_path).
    from store import database as store

    if config.config_file_name:
        fileConfig(config.config_file_name, disable_existing_loggers=False)
    url = config.get_main_option("sqlalchemy.url") or store.default_url()
    if context.is_offline_mode():  # `alembic upgrade head --sql`: print the DDL for a DBA
        context.configure(url=url, literal_binds=True, dialect_opts={"paramstyle": "named"})
        with context.begin_transaction():
            context.run_migrations()
        return
    engine = store.make_engine(url)
    try:
        with engine.connect() as connection, store.migration_transaction(connection):
            run_on(connection)
    finally:
        engine.dispose()


connection = config.attributes.get("connection")
if connection is not None:
    run_on(connection)
else:
    run_from_shell()
