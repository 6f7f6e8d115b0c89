"""ArticleStore: upserts of Article items and crawl-run rows, with batched commits."""
from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from contextlib import contextmanager
import logging
import os
import socket
import time
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import (Connection, CursorResult, bindparam, delete, insert, literal_column, select,
                        update)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import SQLAlchemyError

from newscrawl.backoff import retry_delay
from newscrawl.items import Article
from newscrawl.storage.db import (
    StorageError,
    check_integrity,
    create_database_engine,
    error_line,
    is_in_memory,
    shown_url,
    upgrade_database,
)
from newscrawl.storage.models import ARTICLES, CRAWL_RUNS, PAGE_OUTCOMES as OUTCOMES
from newscrawl.storage.pg import lock_story, story_lock_keys
from newscrawl.urls import canonical_url

logger = logging.getLogger(__name__)

# The item holds the original's canonical URL; the column holds its id. A redirect's
# source goes to page_outcomes.
NOT_STORED = {"duplicate_of", "redirected_from"}
# page_outcomes reasons of a URL whose article is stored under another one (target_url).
ALIAS_REASONS = ("redirect", "canonical_link")


class CommitFailed(StorageError):
    """A write of the open batch failed: the batch was rolled back, its `lost` articles
    (the one being written included) are not stored."""

    def __init__(self, message: str, lost: int):
        super().__init__(message)
        self.lost = lost


@dataclass(frozen=True)
class SavedArticle:
    id: int
    created: bool  # False when the canonical URL was already stored (an update)


@dataclass(frozen=True)
class RecordedOutcome:
    """A page outcome as record_outcome wrote it."""
    attempts: int
    last_seen: datetime
    retry_after: datetime  # not fetched again before


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
ARTICLE_ID = select(ARTICLES.c.id).where(ARTICLES.c.canonical_url == bindparam("canonical_url"))
# Whether a canonical URL is stored and its page outcome, in one statement (one row; its
# outcome columns are NULL when it has none): the stored check runs before every request.
URL_STATE = select(
    ARTICLE_ID.scalar_subquery().label("article_id"), OUTCOMES.c.reason, OUTCOMES.c.target_url,
    OUTCOMES.c.retry_after, OUTCOMES.c.last_seen, OUTCOMES.c.attempts,
).select_from(select(literal_column("1").label("one")).subquery()).outerjoin(
    OUTCOMES, OUTCOMES.c.canonical_url == bindparam("canonical_url"))
OUTCOME_ATTEMPTS = select(OUTCOMES.c.id, OUTCOMES.c.attempts).where(
    OUTCOMES.c.canonical_url == bindparam("canonical_url"))
INSERT_OUTCOME = insert(OUTCOMES)
UPDATE_OUTCOME = update(OUTCOMES).where(OUTCOMES.c.id == bindparam("outcome_id"))
CLEAR_OUTCOME = delete(OUTCOMES).where(OUTCOMES.c.canonical_url == bindparam("canonical_url"))

# Kept from the first time a canonical URL is stored; every other column is updated.
FIRST_SEEN_COLUMNS = {"id", "first_seen", "first_run_id"}


def upsert_statement(dialect_name: str):
    """INSERT ... ON CONFLICT (canonical_url) DO UPDATE, built once per store so its compiled
    form is cached; None for dialects without it. Returns the id and first_seen (equal to
    the new last_seen only when the row was just inserted)."""
    dialect = {"sqlite": sqlite, "postgresql": postgresql}.get(dialect_name)
    if dialect is None:
        return None
    stmt = dialect.insert(ARTICLES)
    changed = {column.name: stmt.excluded[column.name] for column in ARTICLES.columns
               if column.name not in FIRST_SEEN_COLUMNS}
    return stmt.on_conflict_do_update(index_elements=["canonical_url"], set_=changed).returning(
        ARTICLES.c.id, ARTICLES.c.first_seen)


class ArticleStore:
    """One crawl's view of the database: a connection whose writes are committed in batches.

    `save` and the dedup index share the connection, so the pending batch is visible to
    lookups in this process; `skip_reason` reads committed rows through a separate read
    engine plus the URLs saved in the pending batch. `commit` says how many articles it
    stored and updated: only committed articles count.
    """

    def __init__(self, database_url: str, *, batch_size: int = 50,
                 batch_seconds: float = 5.0, keep_duplicate_bodies: bool = False,
                 retry_base: float = 3600.0, retry_max: float = 7 * 86400.0):
        self.database_url = database_url
        try:
            self.engine = create_database_engine(database_url)
            # An in-memory database is one connection: lookups go through the batch's.
            self.read_engine = (None if is_in_memory(database_url)
                                else create_database_engine(database_url, write=False))
            if self.read_engine is not None:
                check_integrity(self.read_engine)
            upgrade_database(self.engine)
            self.connection = self.engine.connect()  # the batches' (dedup's lookups too)
        except (SQLAlchemyError, OSError) as exc:
            raise StorageError(
                f"cannot open database {shown_url(database_url)}: {error_line(exc)}") from exc
        self.upsert = upsert_statement(self.engine.dialect.name)
        # SQLite serialises writers by BEGIN IMMEDIATE; PostgreSQL needs advisory locks.
        self.locks_stories = self.engine.dialect.name == "postgresql"
        self.batch_size = batch_size
        self.batch_seconds = batch_seconds
        self.keep_duplicate_bodies = keep_duplicate_bodies
        self.retry_base, self.retry_max = retry_base, retry_max
        self.pending_urls: set[str] = set()
        self.pending = Counter()  # "stored" (new rows) and "updated" in the open batch
        # ...and in this run's committed batches, whichever path committed them (the
        # pipeline's batches, or a batch committed before waiting for another writer)
        self.committed = Counter()
        self.batch_started: float | None = None
        self.run_id: int | None = None
        self.read_connection: Connection | None = None  # opened by the first read (reading())

    # -- articles -------------------------------------------------------------------

    @contextmanager
    def reading(self) -> Iterator[Connection]:
        """A connection that reads committed rows, outside the open batch's transaction (the
        batch's own for an in-memory database, which has no other). One connection for the
        crawl; each read ends its transaction, so the next sees the rows committed since."""
        if self.read_engine is None:
            yield self.connection
            return
        if self.read_connection is None:
            self.read_connection = self.read_engine.connect()
        try:
            yield self.read_connection
        finally:
            self.read_connection.rollback()

    def stored_in(self, conn: Connection, canonical_url: str) -> bool:
        """Whether `canonical_url` is stored, as `conn` reads it, or in the open batch."""
        return (canonical_url in self.pending_urls
                or conn.execute(ARTICLE_ID, {"canonical_url": canonical_url}).first() is not None)

    def skip_reason(self, canonical_url: str, now: datetime | None = None) -> str:
        """Why an article URL need not be fetched: "stored" (it holds a stored article, or
        redirected to one, or declared a stored one its URL), "retry_later" (it held no article and its back-off has not
        run out), "" when it is to be fetched. One read transaction."""
        if canonical_url in self.pending_urls:
            return "stored"
        with self.reading() as conn:
            outcome = conn.execute(URL_STATE, {"canonical_url": canonical_url}).one()
            if outcome.article_id is not None:
                return "stored"
            if outcome.reason is None:
                return ""
            if (outcome.reason in ALIAS_REASONS and outcome.target_url
                    and self.stored_in(conn, outcome.target_url)):
                return "stored"
        # The back-off of the current settings, when shorter than the one recorded: an
        # operator who lowers NOT_ARTICLE_RETRY_BASE sees it apply at once.
        due = outcome.last_seen + timedelta(seconds=self.retry_seconds(outcome.attempts))
        if outcome.retry_after is not None:
            due = min(due, outcome.retry_after)
        return "retry_later" if due > (now or utcnow()) else ""

    def retry_seconds(self, attempts: int) -> float:
        """The wait before the next fetch of a URL that held no article `attempts` times."""
        return retry_delay(attempts, self.retry_base, self.retry_max)

    def record_outcome(self, canonical_url: str, *, url: str, site: str, reason: str,
                       detail: str = "", target_url: str | None = None) -> RecordedOutcome:
        """Record that `canonical_url` held no article (or redirected to `target_url`); its
        next fetch waits retry_base * 2**(attempts-1) seconds, at most retry_max.

        Raises CommitFailed, as `save` does, when the write fails."""
        now = utcnow()
        try:
            earlier = self.connection.execute(
                OUTCOME_ATTEMPTS, {"canonical_url": canonical_url}).first()
            attempts = 1 if earlier is None else earlier.attempts + 1
            outcome = RecordedOutcome(
                attempts, now, now + timedelta(seconds=self.retry_seconds(attempts)))
            values = {"url": url, "site": site, "reason": reason, "detail": detail,
                      "target_url": target_url, "attempts": attempts, "last_seen": now,
                      "retry_after": outcome.retry_after, "last_run_id": self.run_id}
            if earlier is None:
                self.connection.execute(INSERT_OUTCOME, {"canonical_url": canonical_url,
                                                         "first_seen": now, **values})
            else:
                self.connection.execute(UPDATE_OUTCOME, {"outcome_id": earlier.id, **values})
        except SQLAlchemyError as exc:
            raise self.batch_lost(exc, f"recording {url}") from exc
        self.batch_written()
        return outcome

    def demote_articles(self, urls: list[str], *, site: str, reason: str,
                        detail: str) -> int:
        """Record `urls` in page_outcomes with `reason`, and take the rows this run wrote for
        them out of `articles` (pending or committed): pages found to be no article only
        once the run had seen them on several URLs; they leave the run's counts. Returns the
        number of rows taken out."""
        canonical = {canonical_url(url): url for url in urls}
        rows = self.connection.execute(
            select(ARTICLES.c.id, ARTICLES.c.canonical_url, ARTICLES.c.first_run_id)
            .where(ARTICLES.c.canonical_url.in_(list(canonical)),
                   ARTICLES.c.last_run_id == self.run_id)).all()
        for row in rows:
            self.connection.execute(delete(ARTICLES).where(ARTICLES.c.id == row.id))
            kind = "stored" if row.first_run_id == self.run_id else "updated"
            if row.canonical_url in self.pending_urls:  # never counted: the batch is open
                self.pending_urls.discard(row.canonical_url)
                self.pending[kind] -= 1
            else:
                self.committed[kind] -= 1
        for key, url in canonical.items():
            self.record_outcome(key, url=url, site=site, reason=reason, detail=detail)
        return len(rows)

    def article_id(self, canonical_url: str) -> int | None:
        return self.connection.scalar(ARTICLE_ID, {"canonical_url": canonical_url})

    def lock_story(self, canonical_url: str, content_hash: str, band_keys: list[int]) -> None:
        """Before dedup's lookups for an item: on PostgreSQL, wait until no other writer
        holds the item's story in an uncommitted batch (newscrawl.storage.pg), so the
        lookups see every committed copy. Nothing to do on SQLite, whose write
        transaction already excludes every other writer."""
        if self.locks_stories:
            lock_story(self.connection, story_lock_keys(canonical_url, content_hash, band_keys),
                       self.commit)

    def save(self, article: Article) -> SavedArticle:
        """Insert `article`, or update the stored row with the same canonical URL.

        Raises CommitFailed when the write fails: the database has dropped the batch's
        transaction (SQLite on a full disk, PostgreSQL on any error), so it is rolled back."""
        try:
            return self.write(article)
        except SQLAlchemyError as exc:
            raise self.batch_lost(exc, f"writing {article.url}", also_lost=1) from exc

    def write(self, article: Article) -> SavedArticle:
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
            article_id, first_seen = self.connection.execute(self.upsert, values).one()
            created = first_seen == now
        else:
            article_id, created = self.insert_or_update(values)
        # the URL is done: it holds its article
        self.connection.execute(CLEAR_OUTCOME, {"canonical_url": values["canonical_url"]})
        self.pending_urls.add(values["canonical_url"])
        self.pending["stored" if created else "updated"] += 1
        self.batch_written()
        return SavedArticle(id=article_id, created=created)

    def batch_written(self) -> None:
        if self.batch_started is None:
            self.batch_started = time.monotonic()

    def insert_or_update(self, values: dict) -> tuple[int, bool]:
        """The upsert for dialects without ON CONFLICT (the unique index still guards)."""
        existing_id = self.article_id(values["canonical_url"])
        if existing_id is None:
            return self.connection.execute(insert(ARTICLES), values).inserted_primary_key[0], True
        self.connection.execute(update(ARTICLES).where(ARTICLES.c.id == existing_id), {
            key: value for key, value in values.items() if key not in FIRST_SEEN_COLUMNS})
        return existing_id, False

    # -- batches --------------------------------------------------------------------

    def commit_if_due(self) -> Counter:
        """Commit the open batch when it is full or old enough; what `commit` returns."""
        if self.batch_started is None:
            return Counter()
        if (len(self.pending_urls) >= self.batch_size
                or time.monotonic() - self.batch_started >= self.batch_seconds):
            return self.commit()
        return Counter()

    def commit(self) -> Counter:
        """Commit the open batch; the articles it stored and updated ("stored", "updated").

        Raises CommitFailed (the batch rolled back) when the commit fails."""
        try:
            self.connection.commit()
        except SQLAlchemyError as exc:
            raise self.batch_lost(exc, "commit") from exc
        committed, self.pending = self.pending, Counter()
        self.committed.update(committed)
        self.pending_urls.clear()
        self.batch_started = None
        return committed

    def batch_lost(self, error: SQLAlchemyError, what: str, also_lost: int = 0) -> CommitFailed:
        """Roll the open batch back after `error`; the CommitFailed that reports it."""
        self.roll_back()
        lost = sum(self.pending.values()) + also_lost
        self.pending, self.pending_urls, self.batch_started = Counter(), set(), None
        return CommitFailed(f"{what} to {shown_url(self.database_url)} failed, {lost} articles "
                            f"not stored: {error_line(error)}", lost)

    def roll_back(self) -> None:
        """End the open transaction, whatever state a failed statement left it in: after a
        failed COMMIT SQLAlchemy holds no transaction while SQLite's is still open, which
        Connection.rollback() leaves so (and so does the pool, told it was reset)."""
        self.connection.rollback()
        if not self.connection.invalidated:  # an invalidated one reconnects at its next use
            self.connection.connection.dbapi_connection.rollback()

    # -- crawl runs -----------------------------------------------------------------

    def start_run(self, spider: str) -> int:
        """Record the start of a crawl; committed at once so even a killed run shows.

        Raises StorageError when the row cannot be written (a crawl must not run unrecorded)."""
        self.commit()
        started = insert(CRAWL_RUNS).values(spider=spider, started_at=utcnow(), drops={},
                                            host=socket.gethostname(), pid=os.getpid())
        written = self.write_run_row(started, "recording the start of the run")
        self.run_id = written.inserted_primary_key[0]
        return self.run_id

    def finish_run(self, finish_reason: str, counts: dict) -> None:
        """Commit the last batch, then close the run row with its counts (crawl_runs columns)."""
        self.commit()
        finished = update(CRAWL_RUNS).where(CRAWL_RUNS.c.id == self.run_id).values(
            finished_at=utcnow(), finish_reason=finish_reason, **counts)
        self.write_run_row(finished, f"recording the end of run {self.run_id}")

    def write_run_row(self, statement, what: str) -> CursorResult:
        """Run and commit `statement`, a write of the run's row."""
        try:
            result = self.connection.execute(statement)
            self.connection.commit()
        except SQLAlchemyError as exc:
            self.roll_back()
            raise StorageError(f"{what} in {shown_url(self.database_url)} failed: "
                               f"{error_line(exc)}") from exc
        return result

    def close(self) -> None:
        try:
            self.commit()
        finally:
            self.connection.close()
            self.engine.dispose()
            if self.read_connection is not None:
                self.read_connection.close()
            if self.read_engine is not None:
                self.read_engine.dispose()
