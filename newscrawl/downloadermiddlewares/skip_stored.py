"""SkipStoredMiddleware: an article URL that is done, or not due again, is not downloaded.

Done: its article is stored, or it redirected to a stored article (page_outcomes,
reason redirect). Not due: it held no article when last fetched, and its back-off
(page_outcomes.retry_after, settings NOT_ARTICLE_RETRY_BASE/_MAX) has not run out.
"""
from __future__ import annotations

import logging

from scrapy.exceptions import IgnoreRequest, NotConfigured

from newscrawl.storage import store_for
from newscrawl.urls import canonical_url

logger = logging.getLogger(__name__)


class SkipStoredMiddleware:
    """Acts on requests marked meta["newscrawl_article"] (article first pages, and the
    requests of their redirects); one marked meta["newscrawl_follow_links"] (a generic
    seed whose links are followed) is fetched even while its back-off runs. Stats
    newscrawl/skipped/stored and newscrawl/skipped/retry_later. REFRESH=True turns it off
    to re-fetch everything.

    The canonical URL of the request URL is the identity the spider stores the article
    under: spiders request an article by its first page (a site spider maps a later page's
    link to it before requesting), and store it under the first page's canonical URL."""

    def __init__(self, crawler):
        if not crawler.settings.getbool("CRAWL_COMMAND"):
            raise NotConfigured("only `scrapy crawl` skips stored articles; shell, parse and "
                                "check fetch what they are given")
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
        target = canonical_url(request.url)
        reason = self.store.skip_reason(target)
        if not reason or (reason == "retry_later" and request.meta.get("newscrawl_follow_links")):
            return None
        self.crawler.stats.inc_value(f"newscrawl/skipped/{reason}")
        sources = request.meta.get("redirect_urls")
        if sources and reason == "stored":
            # the next run skips the source without following its redirect
            self.store.record_outcome(canonical_url(sources[0]), url=sources[0],
                                      site=self.crawler.spider.name, reason="redirect",
                                      target_url=target)
        logger.debug("%s, not fetched: %s", reason.replace("_", " "), request.url)
        raise IgnoreRequest(f"{reason.replace('_', ' ')}: {request.url}")
