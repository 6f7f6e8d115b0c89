"""Any site: `scrapy crawl generic -a urls=URL[,URL...]` or `-a url_file=PATH` (one URL a
line, # comments allowed). Only the given pages by default; `-a follow_depth=N` also
follows links on the same hosts, N links deep. Extraction by text density
(newscrawl.extraction.density), through the same pipelines as the site spiders.

It never joins pages: every URL is its own article, known by its canonical URL
(newscrawl.urls), or by the URL the page declares for itself (<link rel="canonical">,
og:url) when that is on the same registrable domain. A given URL that cannot be requested is
logged, counted (newscrawl/dropped/bad_url) and skipped; when none can, the crawl says so in
an error line and stores nothing (exit status 6).

Stats: newscrawl/canonical_link/used (a declared canonical URL other than the fetched one
became the article's identity), newscrawl/canonical_link/ignored (declared, but on another
registrable domain, the home page or unusable).
"""
from __future__ import annotations

import logging
from urllib.parse import urlsplit

from newscrawl.extraction.reading import PageReading, read_page
from newscrawl.spiders.base import NewsSpider, undecodable_reason
from newscrawl.urls import canonical_url, declared_canonical_url
from newscrawl.workers import PageReaders

logger = logging.getLogger(__name__)


class GenericSpider(NewsSpider):
    name = "generic"

    def __init__(self, *args, follow_depth: str | int = 0, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.seed_urls:
            raise ValueError("generic spider: give pages with -a urls=URL[,URL...] or -a url_file=PATH")
        try:
            self.follow_depth = int(follow_depth)
        except ValueError:
            raise ValueError(f"follow_depth must be a whole number, got {follow_depth!r}") from None
        if self.follow_depth < 0:
            raise ValueError(f"follow_depth must be 0 or more, got {self.follow_depth}")
        self.allowed_domains = sorted(hosts_of(self.seed_urls))

    def article_request(self, url: str, depth: int = 0):
        request = super().article_request(url, depth=depth)
        if depth < self.follow_depth:
            # its links are wanted even while its own back-off (page_outcomes) runs
            request.meta["newscrawl_follow_links"] = True
        return request

    def is_article_url(self, url: str) -> bool:
        """Any page on the given hosts may be an article."""
        return urlsplit(url).hostname in self.allowed_domains

    @classmethod
    def from_crawler(cls, crawler, *args, **kwargs):
        spider = super().from_crawler(crawler, *args, **kwargs)
        spider.page_readers = PageReaders.from_crawler(crawler)
        return spider

    async def parse_article(self, response, depth: int = 0):
        reason, detail = self.fetch_reason(response)
        if reason:
            self.skip_not_article(response, reason, detail)
            return
        # the CPU work, here or in a worker process (newscrawl.workers)
        reading = await self.page_readers.read(read_page, response.body, response.encoding,
                                               response.url, depth < self.follow_depth)
        for output in self.outputs_of(response, reading, depth):
            yield output

    def outputs_of(self, response, reading: PageReading, depth: int):
        """The item (or not-article) and the link requests of a page read by read_page."""
        if reading.undecodable:
            reason, detail = undecodable_reason(response)
        else:
            reason, detail = self.redirect_reason(response)
        if not reason:
            reason, detail = reading.block_kind, reading.block_detail
        if reason:
            self.skip_not_article(response, reason, detail)
            return
        for item in self.density_items(response, reading.article):
            item.canonical_url = self.identity(response, reading.declared_urls)
            yield item
        for href in reading.link_hrefs:
            url = self.link_url(response.url, href)
            if url and self.is_article_url(url):
                yield self.article_request(url, depth=depth + 1)

    def identity(self, response, declared: list[str]) -> str:
        """The canonical URL the article of `response` is stored under, given the URLs the
        page declares for itself (declared_urls)."""
        fetched = canonical_url(response.url)
        if not declared:
            return fetched
        trusted = declared_canonical_url(response.url, declared)
        if not trusted:
            self.crawler.stats.inc_value("newscrawl/canonical_link/ignored")
            logger.info("declared URL not trusted on %s: %s", response.url, ", ".join(declared))
            return fetched
        if trusted != fetched:
            self.crawler.stats.inc_value("newscrawl/canonical_link/used")
            logger.debug("%s declares its URL as %s", response.url, trusted)
        return trusted


def hosts_of(urls: list[str]) -> set[str]:
    """The hosts of `urls`, leaving out URLs too broken to name one."""
    hosts = set()
    for url in urls:
        try:
            host = urlsplit(url).hostname
        except ValueError:  # a bad IPv6 literal: counted as a bad URL by start()
            continue
        if host:
            hosts.add(host)
    return hosts
