"""DedupPipeline: canonical URL, exact and near-duplicate content, reprints linked to the original.

Runs after the boilerplate pipeline and before storage, on the simplified body. For each item:

1. `canonical_url` is set from the URL when the spider left it empty (an unusable URL drops
   the item, counted as newscrawl/dropped/bad_url);
2. `content_hash` and the MinHash fingerprint of the body are computed; when the canonical URL
   is already stored with another story (newscrawl.dedup.identity.is_other_story: title
   differs, body far below the near threshold), the stored row is kept and the item gets its
   own identity (newscrawl.dedup.identity.conflict_identity), logged and counted as
   newscrawl/identity_conflict; a correction of the stored story updates its row;
3. (on PostgreSQL, once the store holds the item's story locks: newscrawl.storage.pg, so no
   other writer is deciding about the same story) a stored article with the same hash is an exact duplicate; else the articles sharing an
   LSH band are checked, and the most similar one at or above DEDUP_THRESHOLD (estimated
   containment) whose stored body confirms it (true shingle containment at or above the
   threshold, newscrawl.dedup.fingerprint.near_similarity) is a near duplicate; a candidate
   whose body was not stored is checked against its story's original body, and with none,
   not taken (the item keeps its body);
4. the original of that article's story is compared with the item (newscrawl.dedup.originals):
   the item links to it through `duplicate_of` / `duplicate_kind` / `similarity`, or, when
   the item is the story's true original (the outlet named in 来源, or published earlier),
   the item is stored as an original and the story's rows are re-pointed to it;
5. on `article_stored` the item's bands and signature are written to the index in the
   storage connection's transaction, with the re-pointing, so they commit with the article row.

Stats: newscrawl/dedup/exact, newscrawl/dedup/near (items found to repeat a stored story),
newscrawl/dedup/near_unconfirmed (candidates estimated above the threshold that the stored
body did not confirm), newscrawl/dedup/repointed (stories whose original changed), newscrawl/dedup/no_text.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from functools import cache

from itemadapter import ItemAdapter
from scrapy import signals

from newscrawl.pipelines import dropped
from newscrawl.signals import article_stored
from newscrawl.storage import StorageError, store_for
from newscrawl.dedup.index import (
    StoredArticle,
    first_exact_match,
    index_article,
    near_candidates,
    repoint_story,
    stored_articles,
    stored_body,
    stored_fingerprints,
    stored_story,
)
from newscrawl.dedup.fingerprint import (
    Fingerprint,
    band_keys,
    containment,
    estimated_similarity,
    fingerprint,
    near_similarity,
)
from newscrawl.dedup.identity import conflict_identity, is_other_story
from newscrawl.dedup.originals import Copy, supersedes
from newscrawl.urls import canonical_url

logger = logging.getLogger(__name__)

STATS_PREFIX = "newscrawl/dedup"


@dataclass(frozen=True)
class Match:
    original: StoredArticle  # the original of the matched story
    kind: str  # "exact" or "near"
    similarity: float


@dataclass(frozen=True)
class PendingIndex:
    """What to write for an item once the storage pipeline has given it an id."""

    fingerprint: Fingerprint
    band_keys: list[int]
    replaces: Match | None  # the story whose original this item becomes


class DedupPipeline:
    def __init__(self, crawler, threshold: float):
        if not 0.0 < threshold <= 1.0:
            raise ValueError(f"DEDUP_THRESHOLD must be in (0, 1], not {threshold}")
        self.crawler = crawler
        self.stats = crawler.stats
        self.store = store_for(crawler)
        self.threshold = threshold
        self.pending: dict[str, PendingIndex] = {}  # canonical URL -> index rows to write
        crawler.signals.connect(self.article_stored, signal=article_stored)
        crawler.signals.connect(self.item_dropped, signal=signals.item_dropped)

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler, crawler.settings.getfloat("DEDUP_THRESHOLD"))

    def process_item(self, item, spider=None):
        article = ItemAdapter(item)
        try:
            article["canonical_url"] = canonical_url(article.get("canonical_url") or article["url"])
        except ValueError as exc:
            raise dropped(self.crawler, item, "bad_url", str(exc)) from exc
        text = article.get("body_simplified") or article.get("body") or ""
        fp = fingerprint(text)
        if fp.shingle_count == 0:
            self.stats.inc_value(f"{STATS_PREFIX}/no_text")
            return item
        article["canonical_url"] = self.identity(article, text, fp)
        article["content_hash"] = fp.content_hash
        keys = band_keys(fp.signature)
        try:
            self.store.lock_story(article["canonical_url"], fp.content_hash, keys)
        except StorageError as exc:  # the batch committed before waiting for another writer
            logger.error("%s", exc)
            self.stats.inc_value("newscrawl/storage/commit_failed")
            raise dropped(self.crawler, item, "commit_failed", "not stored: the batch "
                          "before it could not be committed") from exc
        match = self.find_match(article["canonical_url"], text, fp, keys)
        replaces = None
        if match is not None:
            self.stats.inc_value(f"{STATS_PREFIX}/{match.kind}")
            item_copy = Copy(article["canonical_url"], article.get("source") or "", article.get("published_at"))
            original = match.original
            if supersedes(item_copy, Copy(original.canonical_url, original.source, original.published_at)):
                replaces = match
                article["duplicate_of"], article["duplicate_kind"], article["similarity"] = "", "", None
            else:
                article["duplicate_of"] = original.canonical_url
                article["duplicate_kind"] = match.kind
                article["similarity"] = round(match.similarity, 4)
        self.pending[article["canonical_url"]] = PendingIndex(fp, keys, replaces)
        return item

    def identity(self, article: ItemAdapter, text: str, fp: Fingerprint) -> str:
        """The canonical URL the item is stored under: its own, unless another story is stored
        there."""
        canonical = article["canonical_url"]
        stored = stored_story(self.store.connection, canonical)
        if stored is None:
            return canonical

        @cache  # read and compared once, only when the titles differ
        def similarity() -> float | None:
            body = self.body_of_story(stored.id, stored.duplicate_of)
            return None if body is None else containment(text, body)

        title = article.get("title_simplified") or article.get("title") or ""
        if not is_other_story(title, stored.title_simplified, similarity, self.threshold):
            return canonical
        identity = conflict_identity(article["url"], canonical, fp.content_hash)
        self.stats.inc_value("newscrawl/identity_conflict")
        logger.warning("%s: another story than the one stored under %s (body similarity %.2f, "
                       "title %r, stored %r): the stored row is kept, this one stored as %s",
                       article["url"], canonical, similarity(), title, stored.title_simplified, identity)
        return identity

    def find_match(self, url: str, text: str, fp: Fingerprint, keys: list[int]) -> Match | None:
        """The stored story this body repeats (exactly, or above the threshold), or None."""
        connection = self.store.connection
        exact = first_exact_match(connection, fp.content_hash, exclude_url=url)
        if exact is not None:
            return self.story_match(url, exact, "exact", 1.0)
        candidates = stored_fingerprints(connection, near_candidates(connection, keys))
        scored = sorted(
            ((estimated_similarity(fp, other), article_id) for article_id, other in candidates.items()),
            key=lambda pair: (-pair[0], pair[1]),
        )
        for estimate, article_id in scored:
            if estimate < self.threshold:
                break
            (stored,) = stored_articles(connection, [article_id])
            if stored.canonical_url == url:
                continue
            similarity = near_similarity(fp, candidates[article_id], text,
                                         self.body_of_story(stored.id, stored.duplicate_of),
                                         self.threshold)
            if similarity is not None:
                return self.story_match(url, stored, "near", similarity)
            self.stats.inc_value(f"{STATS_PREFIX}/near_unconfirmed")
        return None

    def body_of_story(self, article_id: int, duplicate_of: int | None) -> str | None:
        """The body stored for `article_id`, else for the original of its story (a duplicate's
        body is left out unless STORE_DUPLICATE_BODIES)."""
        body = stored_body(self.store.connection, article_id)
        if body is None and duplicate_of is not None:
            body = stored_body(self.store.connection, duplicate_of)
        return body

    def story_match(self, url: str, matched: StoredArticle, kind: str, similarity: float) -> Match | None:
        """The match with the original of `matched`'s story; None when that is the item itself."""
        original = matched
        if matched.duplicate_of is not None:
            (original,) = stored_articles(self.store.connection, [matched.duplicate_of])
        if original.canonical_url == url:
            return None
        return Match(original, kind, similarity)

    def item_dropped(self, item, response, exception, spider=None):
        """A later pipeline dropped the item: nothing of it is indexed."""
        self.pending.pop(ItemAdapter(item).get("canonical_url"), None)

    def article_stored(self, item, article_id: int, created: bool):
        pending = self.pending.pop(ItemAdapter(item).get("canonical_url"), None)
        if pending is None:
            return
        connection = self.store.connection
        index_article(connection, article_id, pending.fingerprint, pending.band_keys, replace=not created)
        if pending.replaces is not None:
            old = pending.replaces.original
            moved = repoint_story(connection, old.id, article_id, pending.replaces.kind,
                                  round(pending.replaces.similarity, 4))
            self.stats.inc_value(f"{STATS_PREFIX}/repointed")
            logger.info("%s is the original of the story first stored as %s; %d rows re-pointed",
                        ItemAdapter(item).get("canonical_url"), old.canonical_url, moved)
