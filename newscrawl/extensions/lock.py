"""RunLock: one run at a time of a spider on a database.

On a SQLite file the lock is an flock(2) on a file beside the database
(`.news.db.<spider>.lock`, or LOCK_DIR/<spider>-<database>.lock when LOCK_DIR is set); on
PostgreSQL it is a session-level advisory lock keyed on the spider
(newscrawl.storage.pg), so it holds for every host writing that database. It is taken
when the crawler is built (before the database is written or a crawl_runs row added) and
released by the kernel or the server when the process ends, however it ends, so a killed
run never leaves a stale lock behind. Different spiders, or the same spider on different
databases, run side by side. The workers of one shared-frontier run (REDIS_URL set,
newscrawl.distributed) take the lock shared: they run together, while a single-process
run of the same spider waits for all of them, and they for it.
"""
from __future__ import annotations

import fcntl
import hashlib
import os
import re
import tempfile
from pathlib import Path

from scrapy import signals
from scrapy.exceptions import NotConfigured
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, SQLAlchemyError

from newscrawl.outcome import AlreadyRunning
from newscrawl.storage import StorageError
from newscrawl.storage.db import create_database_engine, is_in_memory
from newscrawl.storage.pg import run_lock_holders, try_run_lock


def parse_database_url(database_url: str):
    try:
        return make_url(database_url)
    except ArgumentError as exc:
        raise StorageError(f"cannot open database {database_url!r}: {exc}") from None


def database_key(database_url: str) -> str:
    """A file-name-safe name for a database: a SQLite file by its absolute path, any
    other database by its URL, so two spellings of one file share one lock."""
    url = parse_database_url(database_url)
    if url.get_backend_name() == "sqlite" and url.database not in (None, "", ":memory:"):
        identity = str(Path(url.database).expanduser().resolve())
        readable = Path(identity).stem
    else:
        identity = url.render_as_string(hide_password=True)
        readable = url.get_backend_name()
    digest = hashlib.sha1(identity.encode("utf-8")).hexdigest()[:10]
    return f"{re.sub(r'[^A-Za-z0-9_.-]+', '_', readable)}-{digest}"


def lock_path(lock_dir: str | Path | None, spider: str, database_url: str) -> Path | None:
    """The lock file of `spider` on a database: in `lock_dir` when one is set, else beside a
    SQLite file (`.news.db.people.lock`), so every process writing that file meets the same
    lock whatever its $TMPDIR; for another database without an advisory lock of its own, in
    the system's temporary folder. None for an in-memory database, which no other process
    can share."""
    if is_in_memory(database_url):
        return None
    url = parse_database_url(database_url)
    if lock_dir:
        return Path(lock_dir) / f"{spider}-{database_key(database_url)}.lock"
    if url.get_backend_name() == "sqlite":
        database = Path(url.database).expanduser().resolve()
        return database.with_name(f".{database.name}.{spider}.lock")
    return Path(tempfile.gettempdir()) / "newscrawl-locks" / f"{spider}-{database_key(database_url)}.lock"


def acquire(path: Path, *, shared: bool = False) -> int:
    """Open and flock `path` (exclusively, or `shared`) without waiting; return the
    descriptor that holds the lock.

    Raises AlreadyRunning, naming the holder's pid, when another process holds it."""
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, (fcntl.LOCK_SH if shared else fcntl.LOCK_EX) | fcntl.LOCK_NB)
    except BlockingIOError:
        holder = os.read(fd, 32).decode("ascii", "replace").strip() or "unknown"
        os.close(fd)
        raise AlreadyRunning(f"lock {path} is held by pid {holder}") from None
    os.ftruncate(fd, 0)
    os.write(fd, f"{os.getpid()}\n".encode("ascii"))
    return fd


class RunLock:
    """Extension (EXTENSIONS, ordered before CrawlRunRecorder): holds the run lock of
    the crawler's spider from the crawler's start until its engine stops."""

    def __init__(self, crawler):
        if not crawler.settings.getbool("CRAWL_COMMAND"):
            raise NotConfigured("the run lock is taken by `scrapy crawl` only")
        spider = crawler.spidercls.name
        database_url = crawler.settings.get("DATABASE_URL")
        shared = bool(crawler.settings.get("REDIS_URL"))
        try:
            if parse_database_url(database_url).get_backend_name() == "postgresql":
                self.release = self.lock_postgresql(database_url, spider, shared)
            else:
                path = lock_path(crawler.settings.get("LOCK_DIR"), spider, database_url)
                if path is None:
                    raise NotConfigured("an in-memory database is this process's alone")
                if not path.name.startswith("."):  # not beside a SQLite file: a lock folder
                    path.parent.mkdir(parents=True, exist_ok=True)
                try:
                    fd = acquire(path, shared=shared)
                except OSError as exc:  # the database's folder is missing or not a folder
                    raise StorageError(f"cannot open database {database_url}: {exc}") from None
                self.release = lambda: os.close(fd)  # closing the descriptor drops the flock
        except AlreadyRunning as exc:
            raise AlreadyRunning(
                f"spider {spider} is already running on this database "
                f"({exc}); this run exits without crawling"
            ) from None
        crawler.signals.connect(self.release, signal=signals.engine_stopped, weak=False)

    @staticmethod
    def lock_postgresql(database_url: str, spider: str, shared: bool):
        """Take the advisory run lock; return what releases it."""
        engine = create_database_engine(database_url)
        try:
            connection = try_run_lock(engine, spider, shared=shared)
            if connection is None:
                raise AlreadyRunning(f"PostgreSQL advisory lock held by "
                                     f"{run_lock_holders(engine, spider)}")
        except SQLAlchemyError as exc:
            engine.dispose()
            raise StorageError(f"cannot open database {make_url(database_url).render_as_string()}"
                               f": {str(exc).splitlines()[0]}") from None
        except AlreadyRunning:
            engine.dispose()
            raise

        def release():
            connection.close()  # the server drops a session-level lock with its session
            engine.dispose()
        return release

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)
