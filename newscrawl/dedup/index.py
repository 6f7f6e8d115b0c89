"""The queries dedup makes on the near-duplicate index in the database.

Two tables beside `articles` (declared in newscrawl.storage.models, migration 0002):

- `article_bands` (band, key, article_id): one row per LSH band of an article's MinHash
  signature (newscrawl.dedup.fingerprint.band_keys). Its primary key (band, key, article_id)
  is a covering index, so finding the articles that share a band with a new body is an
  index lookup per band, whatever the number of stored articles.
- `article_signatures` (article_id, shingle_count, signature): the MinHash signature, to
  check a candidate without reading its body (a duplicate's body may not be stored).

And one view (migration 0002), `story_appearances`: every stored article beside the original of its story
(itself when it is an original), for "where else did this story appear":

    SELECT original_url, url, site, source, published_at, duplicate_kind, similarity
    FROM story_appearances WHERE story_id = (SELECT id FROM articles WHERE canonical_url = ?)
    ORDER BY published_at;
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from datetime import datetime

from sqlalchemy import Connection, bindparam, delete, insert, select, text, update

from newscrawl.storage.models import ARTICLE_BANDS, ARTICLE_SIGNATURES, ARTICLES
from newscrawl.dedup.fingerprint import Fingerprint, signature_from_bytes


@dataclass(frozen=True)
class StoredStory:
    """The stored article of a canonical URL, as a re-crawl of it is compared with."""

    id: int
    title_simplified: str
    duplicate_of: int | None


@dataclass(frozen=True)
class StoredArticle:
    """What the dedup policy needs to know of a stored article."""

    id: int
    canonical_url: str
    source: str
    published_at: datetime | None
    duplicate_of: int | None


_STORED_COLUMNS = (
    ARTICLES.c.id,
    ARTICLES.c.canonical_url,
    ARTICLES.c.source,
    ARTICLES.c.published_at,
    ARTICLES.c.duplicate_of,
)

# The per-item statements are built once, with bound parameters: SQLAlchemy then reuses
# their compiled form, where a statement built per call (values inlined) cost several times
# the query itself.
_EXACT_MATCHES = (
    select(*_STORED_COLUMNS)
    .where(ARTICLES.c.content_hash == bindparam("content_hash"),
           ARTICLES.c.canonical_url != bindparam("exclude_url"))
    .order_by(ARTICLES.c.id)
    .limit(1)  # a popular story has many copies; the first says whose story it is
)
_STORED_ARTICLES = (
    select(*_STORED_COLUMNS)
    .where(ARTICLES.c.id.in_(bindparam("ids", expanding=True)))
    .order_by(ARTICLES.c.id)
)
_STORED_FINGERPRINTS = select(
    ARTICLE_SIGNATURES.c.article_id, ARTICLE_SIGNATURES.c.shingle_count,
    ARTICLE_SIGNATURES.c.signature,
).where(ARTICLE_SIGNATURES.c.article_id.in_(bindparam("ids", expanding=True)))
_STORED_BODY = select(ARTICLES.c.body_simplified, ARTICLES.c.body).where(
    ARTICLES.c.id == bindparam("article_id"))
_STORED_STORY = select(ARTICLES.c.id, ARTICLES.c.title_simplified, ARTICLES.c.duplicate_of).where(
    ARTICLES.c.canonical_url == bindparam("canonical_url"))
_DELETE_BANDS = delete(ARTICLE_BANDS).where(ARTICLE_BANDS.c.article_id == bindparam("article_id"))
_DELETE_SIGNATURE = delete(ARTICLE_SIGNATURES).where(
    ARTICLE_SIGNATURES.c.article_id == bindparam("article_id"))
_INSERT_SIGNATURE = insert(ARTICLE_SIGNATURES)


def _stored(rows) -> list[StoredArticle]:
    return [StoredArticle(*row) for row in rows]


def first_exact_match(connection: Connection, content_hash: str,
                      exclude_url: str = "") -> StoredArticle | None:
    """The oldest stored article whose body has `content_hash` (other than `exclude_url`)."""
    found = _stored(connection.execute(
        _EXACT_MATCHES, {"content_hash": content_hash, "exclude_url": exclude_url}))
    return found[0] if found else None


def near_candidates(connection: Connection, band_keys: list[int]) -> list[int]:
    """Ids of the articles sharing at least one band key with `band_keys`, ascending.

    One equality lookup per band on the (band, key) primary key; never a scan.
    """
    if not band_keys:
        return []
    parameters = {f"k{band}": key for band, key in enumerate(band_keys)}
    return list(connection.scalars(band_lookup(len(band_keys)), parameters))


@cache
def band_lookup(bands: int):
    """The lookup statement for `bands` band keys, built once (SQL text: building 40 SQLAlchemy
    comparisons per item cost more than the query itself)."""
    matches = " OR ".join(f"(band = {band} AND key = :k{band})" for band in range(bands))
    return text(
        f"SELECT DISTINCT article_id FROM article_bands WHERE {matches} ORDER BY article_id"
    )


def stored_fingerprints(connection: Connection, article_ids: list[int]) -> dict[int, Fingerprint]:
    """The stored fingerprints (without content hash) of `article_ids`."""
    if not article_ids:
        return {}
    rows = connection.execute(_STORED_FINGERPRINTS, {"ids": article_ids})
    return {
        article_id: Fingerprint("", shingle_count, signature_from_bytes(signature))
        for article_id, shingle_count, signature in rows
    }


def stored_articles(connection: Connection, article_ids: list[int]) -> list[StoredArticle]:
    if not article_ids:
        return []
    return _stored(connection.execute(_STORED_ARTICLES, {"ids": article_ids}))


def stored_body(connection: Connection, article_id: int) -> str | None:
    """The (simplified) body stored for `article_id`; None when it was not stored (a duplicate's)."""
    row = connection.execute(_STORED_BODY, {"article_id": article_id}).first()
    if row is None:
        return None
    simplified, body = row
    return simplified or body


def stored_story(connection: Connection, canonical_url: str) -> StoredStory | None:
    """The article stored under `canonical_url`, or None."""
    row = connection.execute(_STORED_STORY, {"canonical_url": canonical_url}).first()
    return None if row is None else StoredStory(row[0], row[1] or "", row[2])


def index_article(connection: Connection, article_id: int, fingerprint: Fingerprint,
                  band_keys: list[int], *, replace: bool) -> None:
    """Index `article_id` under its band keys and signature; `replace` drops an older entry
    first (an article stored before, now updated)."""
    if replace:
        connection.execute(_DELETE_BANDS, {"article_id": article_id})
        connection.execute(_DELETE_SIGNATURE, {"article_id": article_id})
    if band_keys:
        parameters = {f"k{band}": key for band, key in enumerate(band_keys)}
        connection.execute(band_insert(len(band_keys)), {"article_id": article_id, **parameters})
    connection.execute(
        _INSERT_SIGNATURE,
        {"article_id": article_id, "shingle_count": fingerprint.shingle_count,
         "signature": fingerprint.signature_bytes()},
    )


@cache
def band_insert(bands: int):
    """One multi-row INSERT of an article's `bands` band keys (an executemany of 40 rows
    cost five times as much)."""
    rows = ", ".join(f"({band}, :k{band}, :article_id)" for band in range(bands))
    return text(f"INSERT INTO article_bands (band, key, article_id) VALUES {rows}")


def repoint_story(connection: Connection, old_original_id: int, new_original_id: int, kind: str,
                  similarity: float | None) -> int:
    """Make `new_original_id` the original of the story `old_original_id` headed.

    The old original becomes a duplicate (`kind`, `similarity`) of the new one, and every
    article that pointed at it now points at the new one. Returns the rows changed.
    """
    moved = connection.execute(
        update(ARTICLES)
        .where(ARTICLES.c.duplicate_of == old_original_id)
        .values(duplicate_of=new_original_id)
    ).rowcount
    connection.execute(
        update(ARTICLES)
        .where(ARTICLES.c.id == old_original_id)
        .values(duplicate_of=new_original_id, duplicate_kind=kind, similarity=similarity)
    )
    return moved + 1
