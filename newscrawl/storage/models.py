"""The database schema (documented in docs/schema.md; changed only through migrations)."""
from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import (JSON, BigInteger, DateTime, Float, ForeignKey, Integer, LargeBinary,
                        SmallInteger, String, Text)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeDecorator


class UTCDateTime(TypeDecorator):
    """An aware datetime stored as UTC; SQLite keeps no offset, so it is added back on read."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError(f"naive datetime {value!r}: every stored time must be aware")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value, dialect):
        return None if value is None else value.replace(tzinfo=UTC)


class Base(DeclarativeBase):
    pass


class ArticleRow(Base):
    __tablename__ = "articles"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    canonical_url: Mapped[str] = mapped_column(String(2048), unique=True)
    url: Mapped[str] = mapped_column(String(2048))
    site: Mapped[str] = mapped_column(String(64), index=True)
    title: Mapped[str] = mapped_column(Text, default="")
    subtitle: Mapped[str] = mapped_column(Text, default="")
    body: Mapped[str | None] = mapped_column(Text)
    title_simplified: Mapped[str] = mapped_column(Text, default="")
    body_simplified: Mapped[str | None] = mapped_column(Text)
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    source: Mapped[str] = mapped_column(String(256), default="")
    authors: Mapped[list] = mapped_column(JSON, default=list)
    editors: Mapped[list] = mapped_column(JSON, default=list)
    dateline: Mapped[dict | None] = mapped_column(JSON)
    images: Mapped[list] = mapped_column(JSON, default=list)
    channel: Mapped[str] = mapped_column(String(256), default="")
    language: Mapped[str] = mapped_column(String(16), default="")
    script: Mapped[str] = mapped_column(String(8), default="")
    encoding: Mapped[str] = mapped_column(String(32), default="")
    encoding_reason: Mapped[str] = mapped_column(String(32), default="")
    repairs: Mapped[list] = mapped_column(JSON, default=list)
    defects: Mapped[list] = mapped_column(JSON, default=list)
    extractor: Mapped[str] = mapped_column(String(16), default="layout")
    pages: Mapped[int] = mapped_column(Integer, default=1)
    content_hash: Mapped[str] = mapped_column(String(64), default="", index=True)
    duplicate_of: Mapped[int | None] = mapped_column(
        ForeignKey("articles.id", ondelete="SET NULL"), index=True
    )
    duplicate_kind: Mapped[str] = mapped_column(String(8), default="")
    similarity: Mapped[float | None] = mapped_column(Float)
    first_seen: Mapped[datetime] = mapped_column(UTCDateTime)
    last_seen: Mapped[datetime] = mapped_column(UTCDateTime)
    first_run_id: Mapped[int | None] = mapped_column(ForeignKey("crawl_runs.id"))
    last_run_id: Mapped[int | None] = mapped_column(ForeignKey("crawl_runs.id"))


class CrawlRun(Base):
    __tablename__ = "crawl_runs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    spider: Mapped[str] = mapped_column(String(64), index=True)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    finish_reason: Mapped[str] = mapped_column(String(64), default="")
    pages: Mapped[int] = mapped_column(Integer, default=0)
    bytes: Mapped[int] = mapped_column(Integer, default=0)
    items_scraped: Mapped[int] = mapped_column(Integer, default=0)
    items_stored: Mapped[int] = mapped_column(Integer, default=0)
    items_updated: Mapped[int] = mapped_column(Integer, default=0)
    duplicates_exact: Mapped[int] = mapped_column(Integer, default=0)
    duplicates_near: Mapped[int] = mapped_column(Integer, default=0)
    generic_fallbacks: Mapped[int] = mapped_column(Integer, default=0)
    errors: Mapped[int] = mapped_column(Integer, default=0)
    drops: Mapped[dict] = mapped_column(JSON, default=dict)  # drop reason -> count
    requests_failed: Mapped[int] = mapped_column(Integer, default=0)
    # The columns below in the order the migrations added them (a new database gets the same).
    exit_status: Mapped[int | None] = mapped_column(Integer)  # NULL until the run ends
    # Article links not fetched because the article is stored: an incremental run's yield.
    articles_already_stored: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    # Fetched article URLs that held no article: reason (http_404, blocked, undecodable,
    # content_type, ...) -> count. Their URLs are in page_outcomes, to be tried again.
    not_articles: Mapped[dict] = mapped_column(JSON, default=dict, server_default="{}")
    # Requests that never reached the spider: reason (redirect_loop, offsite, size_limit,
    # bad_url, ...) -> count.
    lost_requests: Mapped[dict] = mapped_column(JSON, default=dict, server_default="{}")
    # Re-crawls whose story was far from the story stored under the same canonical URL.
    identity_conflicts: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    # The worker that ran the crawl (several hosts may share one database).
    host: Mapped[str] = mapped_column(String(255), default="", server_default="")
    pid: Mapped[int | None] = mapped_column(Integer)


class PageOutcome(Base):
    """A fetched article URL that did not yield an article (or was redirected), so that
    a later run knows when to try it again instead of taking it for done."""

    __tablename__ = "page_outcomes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    canonical_url: Mapped[str] = mapped_column(String(2048), unique=True)
    url: Mapped[str] = mapped_column(String(2048))
    site: Mapped[str] = mapped_column(String(64), index=True)
    reason: Mapped[str] = mapped_column(String(64))  # blocked, http_404, redirect, ...
    detail: Mapped[str] = mapped_column(Text, default="")
    # A redirect's target (its canonical URL), so a stored target skips the source.
    target_url: Mapped[str | None] = mapped_column(String(2048))
    attempts: Mapped[int] = mapped_column(Integer, default=1)
    first_seen: Mapped[datetime] = mapped_column(UTCDateTime)
    last_seen: Mapped[datetime] = mapped_column(UTCDateTime)
    # Not fetched again before this time (back-off grows with attempts).
    retry_after: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    last_run_id: Mapped[int | None] = mapped_column(ForeignKey("crawl_runs.id"))


# Every stored article beside the original of its story (docs/schema.md), as the newest
# migration leaves it: a new database gets it from here (newscrawl.storage.db.create_schema),
# and each migration that changes it keeps its own copy of the view as it was then.
STORY_APPEARANCES_VIEW = """
CREATE VIEW story_appearances AS
SELECT original.id            AS story_id,
       original.canonical_url AS original_url,
       original.title         AS original_title,
       appearance.id          AS article_id,
       appearance.canonical_url AS url,
       appearance.site        AS site,
       appearance.source      AS source,
       appearance.published_at AS published_at,
       appearance.first_seen  AS first_seen,
       appearance.duplicate_kind AS duplicate_kind,
       appearance.similarity  AS similarity
FROM articles AS appearance
JOIN articles AS original ON original.id = COALESCE(appearance.duplicate_of, appearance.id)
"""


# The near-duplicate index (newscrawl.dedup.index holds its queries; docs/dedup.md).
class ArticleBand(Base):
    __tablename__ = "article_bands"
    __table_args__ = {"sqlite_with_rowid": False}

    band: Mapped[int] = mapped_column(SmallInteger, primary_key=True)
    key: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    article_id: Mapped[int] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True, index=True
    )


class ArticleSignature(Base):
    __tablename__ = "article_signatures"

    article_id: Mapped[int] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True
    )
    shingle_count: Mapped[int] = mapped_column(Integer)
    signature: Mapped[bytes] = mapped_column(LargeBinary)
