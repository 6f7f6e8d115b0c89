"""ArticleStore: upserts of Article items and crawl-run rows, with batched commits."""
from __future__ import annotations

import dataclasses
import logging
import os
import socket
import time
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import bindparam, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from newscrawl.items import Article
from newscrawl.storage.db import StorageError, create_database_engine, upgrade_database
from newscrawl.storage.models import ArticleRow, CrawlRun
from newscrawl.storage.pg import lock_story, story_lock_keys

logger = logging.getLogger(__name__)

# The item holds the original's canonical URL; the column holds its id.
NOT_STORED = {"duplicate_of"}


@dataclass(frozen=True)
class SavedArticle:
    id: int
    created: bool  # False when the canonical URL was already stored (an update)


def utcnow() -> datetime:
    return datetime.now(UTC)


def article_columns(article: Article) -> dict:
    """The column values of `article`, as plain JSON-able data."""
    values = {
        field.name: getattr(article, field.name)
        for field in dataclasses.fields(article)
        if field.name not in NOT_STORED
    }
    values["images"] = [dataclasses.asdict(image) for image in article.images]
    values["dateline"] = dataclasses.asdict(article.dateline) if article.dateline else None
    values["canonical_url"] = article.canonical_url or article.url
    return values


# Built once with a bound parameter, so SQLAlchemy reuses its compiled form.
ARTICLE_ID = select(ArticleRow.id).where(ArticleRow.canonical_url == bindparam("canonical_url"))

# Kept from the first time a canonical URL is stored; every other column is updated.
FIRST_SEEN_COLUMNS = {"id", "first_seen", "first_run_id"}


def upsert_statement(dialect_name: str):
    """INSERT ... ON CONFLICT (canonical_url) DO UPDATE, built once per store so its compiled
    form is cached; None for dialects without it. Returns the id and first_seen (equal to
    the new last_seen only when the row was just inserted)."""
    dialect = {"sqlite": sqlite, "postgresql": postgresql}.get(dialect_name)
    if dialect is None:
        return None
    table = ArticleRow.__table__
    stmt = dialect.insert(table)
    update = {column.name: stmt.excluded[column.name] for column in table.columns
              if column.name not in FIRST_SEEN_COLUMNS}
    return stmt.on_conflict_do_update(index_elements=["canonical_url"], set_=update).returning(
        table.c.id, table.c.first_seen)


class ArticleStore:
    """One crawl's view of the database: a session whose writes are committed in batches.

    `save` and the dedup index share the session, so the pending batch is visible to
    lookups in this process; `is_stored` reads committed rows through a separate read
    engine plus the URLs saved in the pending batch.
    """

    def __init__(self, database_url: str, *, batch_size: int = 50,
                 batch_seconds: float = 5.0, keep_duplicate_bodies: bool = False):
        self.database_url = database_url
        try:
            self.engine = create_database_engine(database_url)
            self.read_engine = create_database_engine(database_url, write=False)
            upgrade_database(self.engine)
        except (SQLAlchemyError, OSError) as exc:
            raise StorageError(f"cannot open database {database_url}: {exc}") from exc
        self.session = Session(self.engine, autoflush=True, expire_on_commit=False)
        self.upsert = upsert_statement(self.engine.dialect.name)
        # SQLite serialises writers by BEGIN IMMEDIATE; PostgreSQL needs advisory locks.
        self.locks_stories = self.engine.dialect.name == "postgresql"
        self.batch_size = batch_size
        self.batch_seconds = batch_seconds
        self.keep_duplicate_bodies = keep_duplicate_bodies
        self.pending_urls: set[str] = set()
        self.batch_started: float | None = None
        self.run_id: int | None = None

    # -- articles -------------------------------------------------------------------

    def is_stored(self, canonical_url: str) -> bool:
        if canonical_url in self.pending_urls:
            return True
        with self.read_engine.connect() as conn:
            found = conn.execute(ARTICLE_ID, {"canonical_url": canonical_url}).first()
        return found is not None

    def article_id(self, canonical_url: str) -> int | None:
        return self.session.scalar(ARTICLE_ID, {"canonical_url": canonical_url})

    def lock_story(self, canonical_url: str, content_hash: str, band_keys: list[int]) -> None:
        """Before dedup's lookups for an item: on PostgreSQL, wait until no other writer
        holds the item's story in an uncommitted batch (newscrawl.storage.pg), so the
        lookups see every committed copy. Nothing to do on SQLite, whose write
        transaction already excludes every other writer."""
        if self.locks_stories:
            lock_story(self.session.connection, story_lock_keys(canonical_url, content_hash,
                                                                 band_keys), self.commit)

    def save(self, article: Article) -> SavedArticle:
        """Insert `article`, or update the stored row with the same canonical URL."""
        values = article_columns(article)
        now = utcnow()
        if article.duplicate_of:
            values["duplicate_of"] = self.article_id(article.duplicate_of)
            if values["duplicate_of"] is None:
                logger.warning("%s: original %s is not stored; stored as an original",
                               article.url, article.duplicate_of)
            elif not self.keep_duplicate_bodies:
                values["body"] = values["body_simplified"] = None
        else:
            values["duplicate_of"] = None
        values.update(first_seen=now, last_seen=now, first_run_id=self.run_id,
                      last_run_id=self.run_id)
        if self.upsert is not None:
            article_id, first_seen = self.session.connection().execute(self.upsert, values).one()
            created = first_seen == now
        else:
            article_id, created = self.insert_or_update(values)
        self.pending_urls.add(values["canonical_url"])
        if self.batch_started is None:
            self.batch_started = time.monotonic()
        return SavedArticle(id=article_id, created=created)

    def insert_or_update(self, values: dict) -> tuple[int, bool]:
        """The upsert for dialects without ON CONFLICT (the unique index still guards)."""
        existing_id = self.article_id(values["canonical_url"])
        if existing_id is None:
            row = ArticleRow(**values)
            self.session.add(row)
            self.session.flush()
            return row.id, True
        row = self.session.get(ArticleRow, existing_id)
        for key, value in values.items():
            if key not in FIRST_SEEN_COLUMNS:
                setattr(row, key, value)
        return existing_id, False

    # -- batches --------------------------------------------------------------------

    def commit_if_due(self) -> None:
        if self.batch_started is None:
            return
        if (len(self.pending_urls) >= self.batch_size
                or time.monotonic() - self.batch_started >= self.batch_seconds):
            self.commit()

    def commit(self) -> None:
        try:
            self.session.commit()
        except SQLAlchemyError as exc:
            self.session.rollback()
            lost, self.pending_urls = len(self.pending_urls), set()
            self.batch_started = None
            raise StorageError(
                f"commit to {self.database_url} failed, {lost} articles not stored: {exc}"
            ) from exc
        self.pending_urls.clear()
        self.batch_started = None

    # -- crawl runs -----------------------------------------------------------------

    def start_run(self, spider: str) -> int:
        """Record the start of a crawl; committed at once so even a killed run shows."""
        self.commit()
        run = CrawlRun(spider=spider, started_at=utcnow(), drops={},
                       host=socket.gethostname(), pid=os.getpid())
        self.session.add(run)
        self.commit()
        self.run_id = run.id
        return run.id

    def finish_run(self, finish_reason: str, counts: dict) -> None:
        """Commit the last batch, then close the run row with its counts."""
        self.commit()
        run = self.session.get(CrawlRun, self.run_id)
        run.finished_at = utcnow()
        run.finish_reason = finish_reason
        for key, value in counts.items():
            setattr(run, key, value)
        self.commit()

    def close(self) -> None:
        try:
            self.commit()
        finally:
            self.session.close()
            self.engine.dispose()
            self.read_engine.dispose()
