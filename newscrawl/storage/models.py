"""The database schema (documented in docs/schema.md; changed only through migrations).

SQLAlchemy Core tables, not ORM classes: the crawl reads and writes rows through statements
only, and the ORM's import alone would cost every crawl process about 6 MB."""
from __future__ import annotations

from datetime import UTC

from sqlalchemy import (JSON, BigInteger, Column, DateTime, Float, ForeignKey, Integer,
                        LargeBinary, MetaData, SmallInteger, String, Table, Text)
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


METADATA = MetaData()

ARTICLES = Table(
    "articles", METADATA,
    Column("id", Integer, primary_key=True),
    Column("canonical_url", String(2048), nullable=False, unique=True),
    Column("url", String(2048), nullable=False),
    Column("site", String(64), nullable=False, index=True),
    Column("title", Text, nullable=False, default=""),
    Column("subtitle", Text, nullable=False, default=""),
    Column("body", Text),
    Column("title_simplified", Text, nullable=False, default=""),
    Column("body_simplified", Text),
    Column("published_at", UTCDateTime, index=True),
    Column("source", String(256), nullable=False, default=""),
    Column("authors", JSON, nullable=False, default=list),
    Column("editors", JSON, nullable=False, default=list),
    Column("dateline", JSON),
    Column("images", JSON, nullable=False, default=list),
    Column("channel", String(256), nullable=False, default=""),
    Column("language", String(16), nullable=False, default=""),
    Column("script", String(8), nullable=False, default=""),
    Column("encoding", String(32), nullable=False, default=""),
    Column("encoding_reason", String(32), nullable=False, default=""),
    Column("repairs", JSON, nullable=False, default=list),
    Column("defects", JSON, nullable=False, default=list),
    Column("extractor", String(16), nullable=False, default="layout"),
    Column("pages", Integer, nullable=False, default=1),
    Column("content_hash", String(64), nullable=False, default="", index=True),
    Column("duplicate_of", ForeignKey("articles.id", ondelete="SET NULL"), index=True),
    Column("duplicate_kind", String(8), nullable=False, default=""),
    Column("similarity", Float),
    Column("first_seen", UTCDateTime, nullable=False),
    Column("last_seen", UTCDateTime, nullable=False),
    Column("first_run_id", ForeignKey("crawl_runs.id")),
    Column("last_run_id", ForeignKey("crawl_runs.id")),
)

CRAWL_RUNS = Table(
    "crawl_runs", METADATA,
    Column("id", Integer, primary_key=True),
    Column("spider", String(64), nullable=False, index=True),
    Column("started_at", UTCDateTime, nullable=False),
    Column("finished_at", UTCDateTime),
    Column("finish_reason", String(64), nullable=False, default=""),
    Column("pages", Integer, nullable=False, default=0),
    Column("bytes", Integer, nullable=False, default=0),
    Column("items_scraped", Integer, nullable=False, default=0),
    Column("items_stored", Integer, nullable=False, default=0),
    Column("items_updated", Integer, nullable=False, default=0),
    Column("duplicates_exact", Integer, nullable=False, default=0),
    Column("duplicates_near", Integer, nullable=False, default=0),
    Column("generic_fallbacks", Integer, nullable=False, default=0),
    Column("errors", Integer, nullable=False, default=0),
    Column("drops", JSON, nullable=False, default=dict),  # drop reason -> count
    Column("requests_failed", Integer, nullable=False, default=0),
    # The columns below in the order the migrations added them (a new database gets the same).
    Column("exit_status", Integer),  # NULL until the run ends
    # Article links not fetched because the article is stored: an incremental run's yield.
    Column("articles_already_stored", Integer, nullable=False, default=0, server_default="0"),
    # Fetched article URLs that held no article: reason (http_404, blocked, undecodable,
    # content_type, ...) -> count. Their URLs are in page_outcomes, to be tried again.
    Column("not_articles", JSON, nullable=False, default=dict, server_default="{}"),
    # Requests that never reached the spider: reason (redirect_loop, offsite, size_limit,
    # bad_url, ...) -> count.
    Column("lost_requests", JSON, nullable=False, default=dict, server_default="{}"),
    # Re-crawls whose story was far from the story stored under the same canonical URL.
    Column("identity_conflicts", Integer, nullable=False, default=0, server_default="0"),
    # The worker that ran the crawl (several hosts may share one database).
    Column("host", String(255), nullable=False, default="", server_default=""),
    Column("pid", Integer),
)

# A fetched article URL that did not yield an article (or was redirected), so that a later
# run knows when to try it again instead of taking it for done.
PAGE_OUTCOMES = Table(
    "page_outcomes", METADATA,
    Column("id", Integer, primary_key=True),
    Column("canonical_url", String(2048), nullable=False, unique=True),
    Column("url", String(2048), nullable=False),
    Column("site", String(64), nullable=False, index=True),
    Column("reason", String(64), nullable=False),  # blocked, http_404, redirect, ...
    Column("detail", Text, nullable=False, default=""),
    # A redirect's target (its canonical URL), so a stored target skips the source.
    Column("target_url", String(2048)),
    Column("attempts", Integer, nullable=False, default=1),
    Column("first_seen", UTCDateTime, nullable=False),
    Column("last_seen", UTCDateTime, nullable=False),
    # Not fetched again before this time (back-off grows with attempts).
    Column("retry_after", UTCDateTime, index=True),
    Column("last_run_id", ForeignKey("crawl_runs.id")),
)


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
ARTICLE_BANDS = Table(
    "article_bands", METADATA,
    Column("band", SmallInteger, primary_key=True),
    Column("key", BigInteger, primary_key=True),
    Column("article_id", ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True,
           index=True),
    sqlite_with_rowid=False,
)

ARTICLE_SIGNATURES = Table(
    "article_signatures", METADATA,
    Column("article_id", ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
    Column("shingle_count", Integer, nullable=False),
    Column("signature", LargeBinary, nullable=False),
)
