"""RunLock: one run at a time of a spider on a database.

The lock is an flock(2) on LOCK_DIR/<spider>-<database>.lock, taken when the crawler
is built (before the database is opened or a crawl_runs row written). The kernel
releases it when the process ends, however it ends, so a killed run never leaves a
stale lock behind. Different spiders, or the same spider on different databases,
have different lock files and run side by side.
"""
from __future__ import annotations

import fcntl
import hashlib
import logging
import os
import re
from pathlib import Path

from scrapy import signals
from scrapy.exceptions import NotConfigured
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from newscrawl.outcome import AlreadyRunning
from newscrawl.storage import StorageError

logger = logging.getLogger(__name__)


def database_key(database_url: str) -> str:
    """A file-name-safe name for a database: a SQLite file by its absolute path, any
    other database by its URL, so two spellings of one file share one lock."""
    try:
        url = make_url(database_url)
    except ArgumentError as exc:
        raise StorageError(f"cannot open database {database_url!r}: {exc}") from None
    if url.get_backend_name() == "sqlite" and url.database not in (None, "", ":memory:"):
        identity = str(Path(url.database).expanduser().resolve())
        readable = Path(identity).stem
    else:
        identity = url.render_as_string(hide_password=True)
        readable = url.get_backend_name()
    digest = hashlib.sha1(identity.encode("utf-8")).hexdigest()[:10]
    return f"{re.sub(r'[^A-Za-z0-9_.-]+', '_', readable)}-{digest}"


def lock_path(lock_dir: str | Path, spider: str, database_url: str) -> Path:
    return Path(lock_dir) / f"{spider}-{database_key(database_url)}.lock"


def acquire(path: Path) -> int:
    """Open and flock `path` without waiting; return the descriptor that holds the lock.

    Raises AlreadyRunning, naming the holder's pid, when another process holds it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
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
        self.path = lock_path(crawler.settings.get("LOCK_DIR"), crawler.spidercls.name,
                              crawler.settings.get("DATABASE_URL"))
        try:
            self.fd = acquire(self.path)
        except AlreadyRunning as exc:
            raise AlreadyRunning(
                f"spider {crawler.spidercls.name} is already running on this database "
                f"({exc}); this run exits without crawling"
            ) from None
        logger.debug("run lock %s taken", self.path)
        crawler.signals.connect(self.release, signal=signals.engine_stopped)

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def release(self):
        os.close(self.fd)  # closing the descriptor drops the flock
