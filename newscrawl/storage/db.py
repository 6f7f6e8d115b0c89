"""Engines for a SQLAlchemy URL, and schema upgrades through Alembic.

Alembic is imported only for a database at an older revision: its import and the migrations
cost a crawl's start 9 MB and a tenth of a second. A cron run finds its database at head, and
an empty database gets the newest schema from the models at once (create_schema; a test
checks that it is the schema the migrations build).
"""
from __future__ import annotations

import json
import os
import sqlite3
from functools import partial
from pathlib import Path
from urllib.parse import quote

from sqlalchemy import Connection, Engine, create_engine, event, inspect, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DBAPIError
from sqlalchemy.pool import StaticPool

from newscrawl.storage.models import METADATA, STORY_APPEARANCES_VIEW
from newscrawl.storage.pg import lock_migrations

MIGRATIONS_DIR = Path(__file__).with_name("migrations")
# The newest migration's revision (a test checks it against the migration scripts).
HEAD_REVISION = "0004"
SQLITE_BUSY_TIMEOUT_MS = 60_000
# JSON columns keep Chinese readable in the database (no \uXXXX escapes).
JSON_SERIALIZER = partial(json.dumps, ensure_ascii=False)
# Problems PRAGMA quick_check lists at most (the first is usually enough to name the damage).
QUICK_CHECK_PROBLEMS = 3


class StorageError(RuntimeError):
    """The database cannot be opened, upgraded or written."""


def error_line(error: BaseException) -> str:
    """The one-line reason of a database error: the driver's own message for a DBAPI
    error (without SQLAlchemy's statement, parameters and help link), lines joined."""
    cause = error.orig if isinstance(error, DBAPIError) and error.orig is not None else error
    return " ".join(line.strip() for line in str(cause).splitlines() if line.strip())


def shown_url(url: str) -> str:
    """`url` for messages: its password hidden (the text as given when it does not parse)."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return url


def is_in_memory(url: str) -> bool:
    """True for an in-memory SQLite database (`sqlite://`, `sqlite:///:memory:`)."""
    parsed = make_url(url)
    return parsed.get_backend_name() == "sqlite" and parsed.database in (None, "", ":memory:")


def create_database_engine(url: str, *, write: bool = True) -> Engine:
    """An engine for `url`; SQLite files get WAL, a busy timeout and foreign keys.

    A SQLite write engine begins every transaction with BEGIN IMMEDIATE: it takes the
    write lock up front, so two crawl processes wait for each other instead of failing
    with SQLITE_BUSY when a read transaction tries to become a write.
    """
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        try:
            return create_engine(url, json_serializer=JSON_SERIALIZER)
        except ImportError as exc:
            raise StorageError(
                f"cannot open database {shown_url(url)}: its driver {parsed.get_driver_name()} "
                f"is not installed ({exc}); install it, or name another driver in DATABASE_URL"
            ) from None
    if is_in_memory(url):
        # One connection for the whole crawl: each new one would be another, empty database.
        engine = create_engine(url, json_serializer=JSON_SERIALIZER, poolclass=StaticPool,
                               connect_args={"check_same_thread": False})
    else:
        parent = Path(parsed.database).expanduser().resolve().parent
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


def read_only_engine(url: str) -> Engine:
    """An engine that only reads `url` (`scrapy report`): a SQLite file is opened read-only,
    and as immutable when its folder cannot be written (read-only media, where SQLite could
    not create the WAL index beside it); other databases as they are."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or is_in_memory(url):
        return create_database_engine(url, write=False)
    path = Path(parsed.database).expanduser().resolve()
    if not path.is_file():
        raise StorageError(f"no database at {shown_url(url)}")
    mode = "mode=ro" if os.access(path.parent, os.W_OK) else "mode=ro&immutable=1"
    uri = f"file:{quote(str(path))}?{mode}"
    return create_engine("sqlite://", json_serializer=JSON_SERIALIZER,
                         creator=lambda: sqlite3.connect(uri, uri=True, check_same_thread=False))


def alembic_config(url: str):
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def check_integrity(engine: Engine) -> None:
    """Raise StorageError when a SQLite file is damaged (PRAGMA quick_check: every page
    read, indexes not compared with their tables), before anything is written to it.
    Other databases check themselves."""
    if engine.dialect.name != "sqlite":
        return
    with engine.connect() as connection:
        answer = connection.exec_driver_sql(
            f"PRAGMA quick_check({QUICK_CHECK_PROBLEMS})").scalars().all()
    if answer == ["ok"]:
        return
    problems = [line.strip() for row in answer for line in row.splitlines()
                if line.strip() and not line.startswith("***")]
    raise StorageError(f"database {engine.url.database} is corrupted, nothing was written "
                       f"(PRAGMA quick_check: {'; '.join(problems)}); restore it from a "
                       "backup or recover it with sqlite3's .recover")


def check_revision_known(connection: Connection, config) -> None:
    """Raise StorageError when the database is at a schema revision none of our
    migrations has: written by a newer newscrawl, which this one must not touch."""
    from alembic.migration import MigrationContext
    from alembic.script import ScriptDirectory

    scripts = ScriptDirectory.from_config(config)
    known = {script.revision for script in scripts.walk_revisions()}
    unknown = sorted(set(MigrationContext.configure(connection).get_current_heads()) - known)
    if unknown:
        raise StorageError(
            f"database {connection.engine.url.render_as_string(hide_password=True)} is at "
            f"schema revision {', '.join(unknown)}, which this newscrawl does "
            f"not know (its newest is {scripts.get_current_head()}): it was written by a newer "
            "newscrawl; upgrade newscrawl, nothing was changed")


def upgrade_database(engine: Engine) -> None:
    """Bring the schema at `engine` to the newest migration (creating it if empty);
    StorageError, with nothing changed, for a revision none of the migrations knows."""
    with engine.begin() as connection:
        if engine.dialect.name == "postgresql":
            lock_migrations(connection)
        revision = schema_revision(connection)
        if revision == HEAD_REVISION:
            return
        if revision is None and not inspect(connection).get_table_names():
            create_schema(connection)
            return
        from alembic import command

        config = alembic_config(engine.url.render_as_string(hide_password=False))
        check_revision_known(connection, config)
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


def create_schema(connection: Connection) -> None:
    """The schema of HEAD_REVISION on an empty database, stamped as at that revision."""
    METADATA.create_all(connection)
    connection.exec_driver_sql(STORY_APPEARANCES_VIEW)
    # as Alembic creates its table
    connection.exec_driver_sql("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL, "
                               "CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num))")
    connection.execute(text("INSERT INTO alembic_version (version_num) VALUES (:revision)"),
                       {"revision": HEAD_REVISION})


def schema_revision(connection: Connection) -> str | None:
    """The Alembic revision the database is at; None for a database without a schema."""
    if not inspect(connection).has_table("alembic_version"):
        return None
    return connection.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()
