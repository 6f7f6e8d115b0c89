"""StoragePipeline: the last pipeline; every item that reaches it is written. It also
records in page_outcomes the article URLs that held no article (signal page_not_article)
and the redirects of stored articles.

Articles count as stored (newscrawl/stored, newscrawl/updated) when their batch is
committed. A batch whose write or commit fails is lost: its articles are counted as
newscrawl/dropped/commit_failed, the failure as newscrawl/storage/commit_failed, and
STORAGE_MAX_COMMIT_FAILURES failures in a row stop the crawl (finish reason
database_error, exit status 3) instead of fetching pages that cannot be stored.
"""
from __future__ import annotations

import logging

from scrapy import signals
from scrapy.exceptions import DropItem
from scrapy.utils.defer import deferred_from_coro
from twisted.internet import task

from newscrawl.outcome import DATABASE_ERROR
from newscrawl.signals import article_stored, page_not_article
from newscrawl.storage import CommitFailed, store_for
from newscrawl.urls import canonical_url

logger = logging.getLogger(__name__)


class StoragePipeline:
    def __init__(self, crawler):
        self.crawler = crawler
        self.store = store_for(crawler)
        self.max_commit_failures = crawler.settings.getint("STORAGE_MAX_COMMIT_FAILURES")
        self.failures_in_a_row = 0
        self.closing = False  # the spider is closing: no stop to ask for
        self.flusher = task.LoopingCall(self.commit_if_due)
        crawler.signals.connect(self.spider_error, signal=signals.spider_error)
        crawler.signals.connect(self.page_not_article, signal=page_not_article)

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def open_spider(self, spider=None):
        # Commit a quiet batch too: a slow crawl must not hold the SQLite write lock.
        self.flusher.start(self.store.batch_seconds, now=False)

    def close_spider(self, spider=None):
        self.closing = True
        if self.flusher.running:
            self.flusher.stop()
        self.commit(self.store.commit)

    def spider_error(self, failure, response, spider):
        self.commit_if_due()

    def commit_if_due(self):
        self.commit(self.store.commit_if_due)

    def commit(self, commit_batch) -> None:
        """Run `commit_batch` (a store method); count what it committed, or the batch lost."""
        try:
            committed = commit_batch()
        except CommitFailed as exc:
            self.batch_failed(exc)
            return
        if committed:
            self.failures_in_a_row = 0
        stats = self.crawler.stats
        for kind in ("stored", "updated"):
            key = f"newscrawl/{kind}"
            if self.store.committed[kind] or stats.get_value(key) is not None:
                stats.set_value(key, self.store.committed[kind])

    def batch_failed(self, error: CommitFailed) -> None:
        stats = self.crawler.stats
        stats.inc_value("newscrawl/storage/commit_failed")
        stats.inc_value("newscrawl/dropped/commit_failed", error.lost)
        logger.error("%s", error)
        self.failures_in_a_row += 1
        if self.failures_in_a_row >= self.max_commit_failures and not self.closing:
            logger.error("%d writes to the database failed in a row: stopping the crawl",
                         self.failures_in_a_row)
            self.closing = True
            deferred_from_coro(self.crawler.engine.close_spider_async(reason=DATABASE_ERROR))

    def page_not_article(self, url: str, site: str, reason: str, detail: str,
                         target_url: str | None):
        try:
            self.store.record_outcome(canonical_url(url), url=url, site=site, reason=reason,
                                      detail=detail, target_url=target_url)
        except CommitFailed as exc:
            self.batch_failed(exc)
            return
        self.commit_if_due()

    def process_item(self, item, spider=None):
        try:
            saved = self.store.save(item)
            # The URLs that led to the article under another identity are skipped while it
            # is stored: the one redirected from, the one fetched when the page declares
            # its URL elsewhere (newscrawl.spiders.generic).
            for url, reason in [(item.redirected_from, "redirect"), (item.url, "canonical_link")]:
                alias = canonical_url(url) if url else item.canonical_url
                if alias != item.canonical_url:
                    self.store.record_outcome(alias, url=url, site=item.site, reason=reason,
                                              target_url=item.canonical_url)
        except CommitFailed as exc:
            self.batch_failed(exc)
            raise DropItem(f"commit_failed: not stored ({item.url})") from exc
        self.crawler.signals.send_catch_log(
            article_stored, item=item, article_id=saved.id, created=saved.created
        )
        self.commit_if_due()
        return item
