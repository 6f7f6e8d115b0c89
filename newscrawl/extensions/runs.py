"""CrawlRunRecorder: one crawl_runs row per crawl, opened at start, closed at the end."""
from __future__ import annotations

from scrapy import signals

from newscrawl.outcome import exit_code_for_stats, not_articles, requests_failed
from newscrawl.storage import store_for


def run_counts(stats: dict) -> dict:
    """The crawl_runs columns read from a crawl's final Scrapy stats."""
    drops = {
        key.removeprefix("newscrawl/dropped/"): value
        for key, value in stats.items()
        if key.startswith("newscrawl/dropped/")
    }
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
        "drops": drops,
        "not_articles": not_articles(stats),
        "exit_status": int(exit_code_for_stats(stats)),
    }


class CrawlRunRecorder:
    def __init__(self, crawler):
        self.crawler = crawler
        self.store = store_for(crawler)
        crawler.signals.connect(self.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def spider_opened(self, spider):
        self.store.start_run(spider.name)

    def spider_closed(self, spider, reason):
        # CoreStats may not have written finish_reason into the stats yet.
        stats = dict(self.crawler.stats.get_stats(), finish_reason=reason)
        self.store.finish_run(reason, run_counts(stats))
