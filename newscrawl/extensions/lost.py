"""LostRequests: the requests Scrapy drops before they reach the downloader, which no
errback sees: offsite requests (OffsiteMiddleware refuses them as they are scheduled;
mostly redirects to another site) and redirects back into their own chain (the duplicate
filter drops them). Counted and logged through newscrawl.lost."""
from __future__ import annotations

from scrapy import signals
from scrapy.downloadermiddlewares.offsite import OffsiteMiddleware

from newscrawl.lost import count_lost, is_redirect_loop


class LostRequests:
    def __init__(self, crawler):
        self.crawler = crawler
        crawler.signals.connect(self.request_scheduled, signal=signals.request_scheduled)
        crawler.signals.connect(self.request_dropped, signal=signals.request_dropped)

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def request_scheduled(self, request, spider):
        """Counted when OffsiteMiddleware refuses it (its own rule: should_follow)."""
        offsite = self.crawler.get_downloader_middleware(OffsiteMiddleware)
        if (offsite is None or request.dont_filter or request.meta.get("allow_offsite")
                or offsite.should_follow(request, spider)):
            return
        count_lost(self.crawler.stats, request, "offsite",
                   f"outside {', '.join(spider.allowed_domains)}")

    def request_dropped(self, request, spider):
        if is_redirect_loop(request):
            count_lost(self.crawler.stats, request, "redirect_loop",
                       "redirected back into its own chain")
