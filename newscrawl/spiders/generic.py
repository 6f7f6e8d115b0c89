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
import re
from urllib.parse import urlsplit

from lxml import etree, html as lxml_html

from newscrawl.extraction.blockpage import uses_a_phrase
from newscrawl.extraction.dom import parse_html
from newscrawl.spiders.base import NewsSpider, block_page_reason
from newscrawl.urls import canonical_url, declared_canonical_url

logger = logging.getLogger(__name__)

PAGE_TEXT = etree.XPath("string()")
XML_SPACE_RUN = re.compile(r"[ \t\r\n]+")
CANONICAL_LOWER = str.maketrans("CANOIL", "canoil")  # only the letters of the word, as XPath's translate()


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

    def parse_article(self, response, depth: int = 0):
        # One tree for every reading of the page: the block-page check, the declared URL, the
        # links, then the extraction (which cuts it, so it comes last).
        reason, detail = self.unreadable_reason(response)
        root = None if reason else parse_html(response.text)
        # The phrases are looked for in the page's text (half its source, entities decoded),
        # where block_page looks for them.
        if root is not None and uses_a_phrase(PAGE_TEXT(root)):
            reason, detail = block_page_reason(root)
        if reason:
            self.skip_not_article(response, reason, detail)
            return
        declared = declared_urls(root) if root is not None else []
        hrefs = link_hrefs(root) if root is not None and depth < self.follow_depth else []
        for item in self.extract_by_density(response, root):
            item.canonical_url = self.identity(response, declared)
            yield item
        for href in hrefs:
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


def declared_urls(root: lxml_html.HtmlElement) -> list[str]:
    """Where a page declares its own URL, in order of trust: its <link rel="canonical"> hrefs,
    then its og:url."""
    canonical, og_url = [], []
    for element in root.iter("link", "meta"):  # one walk of the tree for both
        if element.tag == "link":
            if element.get("href") is not None and "canonical" in XML_SPACE_RUN.split(
                    element.get("rel", "").translate(CANONICAL_LOWER)):
                canonical.append(element.get("href"))
        elif element.get("property") == "og:url" and element.get("content") is not None:
            og_url.append(element.get("content"))
    return canonical + og_url


def link_hrefs(root: lxml_html.HtmlElement) -> list[str]:
    """The href of every link on the page, in document order."""
    return [href for link in root.iter("a") if (href := link.get("href")) is not None]


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
