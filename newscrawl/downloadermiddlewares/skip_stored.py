"""SkipStoredMiddleware: an article already in the database is not downloaded again."""
from __future__ import annotations

import logging

from scrapy.exceptions import IgnoreRequest, NotConfigured

from newscrawl.storage import store_for
from newscrawl.urls import canonical_url

logger = logging.getLogger(__name__)


class SkipStoredMiddleware:
    """Acts on requests marked meta["newscrawl_article"] (article first pages); one
    indexed lookup per request. REFRESH=True turns it off to re-fetch everything.

    The canonical URL of the request URL is the identity the spider stores the article
    under: spiders request an article by its first page (a site spider maps a later page's
    link to it before requesting), and store it under the first page's canonical URL."""

    def __init__(self, crawler):
        if crawler.settings.getbool("REFRESH"):
            raise NotConfigured("REFRESH is set: stored articles are fetched again")
        self.crawler = crawler
        self.store = store_for(crawler)

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def process_request(self, request, spider=None):
        if not request.meta.get("newscrawl_article"):
            return None
        if self.store.is_stored(canonical_url(request.url)):
            self.crawler.stats.inc_value("newscrawl/skipped/stored")
            logger.debug("already stored, not fetched: %s", request.url)
            raise IgnoreRequest(f"already stored: {request.url}")
        return None
