"""Engines for a SQLAlchemy URL, and schema upgrades through Alembic."""
from __future__ import annotations

import json
from functools import partial
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url

from newscrawl.storage.pg import lock_migrations

MIGRATIONS_DIR = Path(__file__).with_name("migrations")
SQLITE_BUSY_TIMEOUT_MS = 60_000
# JSON columns keep Chinese readable in the database (no \uXXXX escapes).
JSON_SERIALIZER = partial(json.dumps, ensure_ascii=False)


class StorageError(RuntimeError):
    """The database cannot be opened, upgraded or written."""


def create_database_engine(url: str, *, write: bool = True) -> Engine:
    """An engine for `url`; SQLite files get WAL, a busy timeout and foreign keys.

    A SQLite write engine begins every transaction with BEGIN IMMEDIATE: it takes the
    write lock up front, so two crawl processes wait for each other instead of failing
    with SQLITE_BUSY when a read transaction tries to become a write.
    """
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return create_engine(url, json_serializer=JSON_SERIALIZER)
    database = parsed.database
    if database and database != ":memory:":
        parent = Path(database).expanduser().resolve().parent
        if not parent.is_dir():
            raise StorageError(f"cannot open database {url}: folder {parent} does not exist")
    engine = create_engine(url, json_serializer=JSON_SERIALIZER,
                           connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000})

    @event.listens_for(engine, "connect")
    def configure_sqlite(dbapi_connection, _record):
        dbapi_connection.isolation_level = None  # transactions are begun below
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def begin(conn):
        conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")

    return engine


def alembic_config(url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def upgrade_database(engine: Engine) -> None:
    """Bring the schema at `engine` to the newest migration (creating it if empty)."""
    config = alembic_config(engine.url.render_as_string(hide_password=False))
    with engine.begin() as connection:
        if engine.dialect.name == "postgresql":
            lock_migrations(connection)
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
