"""CrawlRunRecorder: one crawl_runs row per crawl, opened at start, closed at the end.

A crawl whose row cannot be written does not run: it stops before its first request
with finish reason database_error (exit status 3)."""
from __future__ import annotations

import logging

from scrapy import signals
from scrapy.exceptions import CloseSpider, NotConfigured

from newscrawl.outcome import (DATABASE_ERROR, counts_under, exit_code_for_stats, not_articles,
                               requests_failed)
from newscrawl.storage import StorageError, store_for

logger = logging.getLogger(__name__)


def run_counts(stats: dict) -> dict:
    """The crawl_runs columns read from a crawl's final Scrapy stats."""
    return {
        "pages": stats.get("response_received_count", 0),
        "bytes": stats.get("downloader/response_bytes", 0),
        "items_scraped": stats.get("item_scraped_count", 0),
        "items_stored": stats.get("newscrawl/stored", 0),
        "items_updated": stats.get("newscrawl/updated", 0),
        "articles_already_stored": stats.get("newscrawl/skipped/stored", 0),
        "duplicates_exact": stats.get("newscrawl/dedup/exact", 0),
        "duplicates_near": stats.get("newscrawl/dedup/near", 0),
        "generic_fallbacks": stats.get("newscrawl/extractor/fallback", 0),
        "identity_conflicts": stats.get("newscrawl/identity_conflict", 0),
        "errors": stats.get("log_count/ERROR", 0),
        "requests_failed": requests_failed(stats),
        "drops": counts_under(stats, "newscrawl/dropped/"),
        "not_articles": not_articles(stats),
        "lost_requests": counts_under(stats, "newscrawl/lost/"),
        "exit_status": int(exit_code_for_stats(stats)),
    }


class CrawlRunRecorder:
    def __init__(self, crawler):
        if not crawler.settings.getbool("CRAWL_COMMAND"):
            raise NotConfigured("runs are recorded by `scrapy crawl` only")
        self.crawler = crawler
        self.store = store_for(crawler)
        crawler.signals.connect(self.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def spider_opened(self, spider):
        try:
            self.store.start_run(spider.name)
        except StorageError as exc:
            logger.error("%s: %s; the crawl stops before its first request", spider.name, exc)
            raise CloseSpider(DATABASE_ERROR) from None

    def spider_closed(self, spider, reason):
        if self.store.run_id is None:  # the run was never recorded
            return
        # CoreStats may not have written finish_reason into the stats yet.
        stats = dict(self.crawler.stats.get_stats(), finish_reason=reason)
        try:
            self.store.finish_run(reason, run_counts(stats))
        except StorageError as exc:
            self.crawler.stats.inc_value("newscrawl/storage/commit_failed")
            logger.error("%s: %s", spider.name, exc)
