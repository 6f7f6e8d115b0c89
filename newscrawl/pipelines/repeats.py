"""RepeatedPagePipeline: a page repeated on many URLs of one site in one run is not an
article (newscrawl.dedup.repeats). After the boilerplate strip, before dedup.

When a body (or a short page's title) reaches REPEATED_PAGE_URLS URLs of one host, the
item is dropped and the rows this run wrote for the earlier URLs are taken out of
`articles` (committed or not) into page_outcomes; each URL counts as
newscrawl/not_article/repeated_page, and the run's stored (/updated) counts lose the rows taken out.
"""
from __future__ import annotations

import logging

from itemadapter import ItemAdapter
from scrapy.exceptions import DropItem

from newscrawl.storage import store_for
from newscrawl.dedup.repeats import RepeatCounter
from newscrawl.urls import canonical_url

logger = logging.getLogger(__name__)
REASON = "repeated_page"


class RepeatedPagePipeline:
    def __init__(self, crawler):
        self.crawler = crawler
        self.store = store_for(crawler)
        self.counter = RepeatCounter(crawler.settings.getint("REPEATED_PAGE_URLS"))

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def process_item(self, item, spider=None):
        article = ItemAdapter(item)
        url = article["url"]
        repeat = self.counter.add(url, article.get("title") or "", article.get("body") or "")
        if repeat is None:
            return item
        stats = self.crawler.stats
        detail = f"{repeat.sign} as on {len(repeat.urls) + 1} URLs or more of this site"
        if repeat.urls:
            taken_out = self.store.demote_articles(
                list(repeat.urls), site=article["site"], reason=REASON, detail=detail)
            stats.inc_value(f"newscrawl/not_article/{REASON}", len(repeat.urls))
            logger.warning("%s on %d URLs of %s: not articles, %d rows of this run taken out",
                           repeat.sign, len(repeat.urls) + 1, url, taken_out)
        stats.inc_value(f"newscrawl/not_article/{REASON}")
        self.store.record_outcome(canonical_url(url), url=url, site=article["site"],
                                  reason=REASON, detail=detail)
        raise DropItem(f"not an article ({REASON}): {url} ({detail})")
