"""StoragePipeline: the last pipeline; every item that reaches it is written. It also
records in page_outcomes the article URLs that held no article (signal page_not_article)
and the redirects of stored articles."""
from __future__ import annotations

import logging

from scrapy import signals
from twisted.internet import task

from newscrawl.signals import article_stored, page_not_article
from newscrawl.storage import StorageError, store_for
from newscrawl.urls import canonical_url

logger = logging.getLogger(__name__)


class StoragePipeline:
    def __init__(self, crawler):
        self.crawler = crawler
        self.store = store_for(crawler)
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
        if self.flusher.running:
            self.flusher.stop()
        self.store.commit()

    def spider_error(self, failure, response, spider):
        self.commit_if_due()

    def commit_if_due(self):
        try:
            self.store.commit_if_due()
        except StorageError as exc:
            logger.error("%s", exc)
            self.crawler.stats.inc_value("newscrawl/storage/commit_failed")

    def page_not_article(self, url: str, site: str, reason: str, detail: str,
                         target_url: str | None):
        self.store.record_outcome(canonical_url(url), url=url, site=site, reason=reason,
                                  detail=detail, target_url=target_url)
        self.commit_if_due()

    def process_item(self, item, spider=None):
        saved = self.store.save(item)
        if item.redirected_from and canonical_url(item.redirected_from) != item.canonical_url:
            self.store.record_outcome(canonical_url(item.redirected_from), url=item.redirected_from,
                                      site=item.site, reason="redirect",
                                      target_url=item.canonical_url)
        stats = self.crawler.stats
        stats.inc_value("newscrawl/stored" if saved.created else "newscrawl/updated")
        self.crawler.signals.send_catch_log(
            article_stored, item=item, article_id=saved.id, created=saved.created
        )
        self.commit_if_due()
        return item
