"""What every site spider does, once: list pages to article links, multi-page articles,
not-an-article pages, and the fall-back to generic extraction when a layout drifts.

A site spider is configuration: `allowed_domains`, `start_urls` (channel/list pages),
`feed_urls` (RSS or sitemaps), `article_url` (a regex on the absolute URL) and
`page_object` (the layout's page object, newscrawl.layouts).

Spider arguments (`-a NAME=VALUE`) and settings:
- `max_list_pages` (setting MAX_LIST_PAGES, default 5): list pages followed from each
  start page through its 下一页 link, the start page included.
- `max_article_pages` (setting MAX_ARTICLE_PAGES, default 20): pages joined into one article.

Stats: newscrawl/extractor/layout|generic, newscrawl/list_pages,
newscrawl/not_article/<reason> (http_404, not_html, redirect_home, redirect, video,
no_content), newscrawl/multipage/incomplete, newscrawl/article_failed, and
newscrawl/lost/<reason> for every request that never reached its callback (newscrawl.lost).
"""
from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterator
from typing import ClassVar
from urllib.parse import urljoin, urlsplit

import scrapy
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response, TextResponse

from newscrawl.items import Article
from newscrawl.layouts.common import LayoutPage, article_from_pages, document, next_page_url
from newscrawl.lost import count_lost, lost_reason
from newscrawl.text.extract import extract_article
from newscrawl.text.urls import canonical_url

logger = logging.getLogger(__name__)

# Article responses with these statuses reach the callback, to be counted as not articles.
NOT_FOUND_STATUSES = [404, 410]
HOME_PATHS = ("", "/", "/index.html", "/index.htm", "/index.shtml")
FEED_LINK = re.compile(r"<(?:link|loc)>\s*(?:<!\[CDATA\[)?\s*(https?://[^<\s\]]+)", re.I)


class NewsSpider(scrapy.Spider):
    """Base of the site spiders; subclasses set the class attributes below."""

    start_urls: ClassVar[list[str]] = []
    feed_urls: ClassVar[list[str]] = []
    article_url: ClassVar[re.Pattern[str]]
    page_object: ClassVar[Callable[[Response], LayoutPage]]

    def __init__(self, *args, max_list_pages: str | int | None = None,
                 max_article_pages: str | int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        # Checked now, so that a bad argument stops the crawl before it starts.
        self._max_list_pages = _positive_int(max_list_pages, "max_list_pages")
        self._max_article_pages = _positive_int(max_article_pages, "max_article_pages")

    @property
    def max_list_pages(self) -> int:
        return self._max_list_pages or self.settings.getint("MAX_LIST_PAGES")

    @property
    def max_article_pages(self) -> int:
        return self._max_article_pages or self.settings.getint("MAX_ARTICLE_PAGES")

    async def start(self):
        for url in self.feed_urls:
            yield scrapy.Request(url, callback=self.parse_feed, errback=self.request_failed)
        for url in self.start_urls:
            yield scrapy.Request(url, callback=self.parse_list, errback=self.request_failed,
                                 cb_kwargs={"list_page": 1})

    # ---- list pages and feeds -------------------------------------------------------
    def parse_feed(self, response: Response) -> Iterator[scrapy.Request]:
        """RSS <link> and sitemap <loc> entries that are article URLs."""
        for url in FEED_LINK.findall(response.text):
            if self.is_article_url(url):
                yield self.article_request(url)

    def parse_list(self, response: Response, list_page: int) -> Iterator[scrapy.Request]:
        self.crawler.stats.inc_value("newscrawl/list_pages")
        for href in response.css("a::attr(href)").getall():
            url = urljoin(response.url, href.strip())
            if self.is_article_url(url):
                yield self.article_request(url)
        next_url = next_page_url(document(response), response.url)
        if next_url and list_page < self.max_list_pages:
            yield scrapy.Request(next_url, callback=self.parse_list, errback=self.request_failed,
                                 cb_kwargs={"list_page": list_page + 1})

    def is_article_url(self, url: str) -> bool:
        return self.article_url.match(url) is not None and self.on_site(url)

    def on_site(self, url: str) -> bool:
        host = (urlsplit(url).hostname or "").lower()
        return any(host == domain or host.endswith("." + domain) for domain in self.allowed_domains)

    def article_request(self, url: str, **cb_kwargs) -> scrapy.Request:
        """The request of an article's first page (the only one the skip-stored check sees)."""
        return scrapy.Request(url, callback=self.parse_article, errback=self.article_failed,
                              cb_kwargs=cb_kwargs,
                              meta={"newscrawl_article": True,
                                    "handle_httpstatus_list": NOT_FOUND_STATUSES})

    # ---- article pages ----------------------------------------------------------------
    def parse_article(self, response: Response):
        reason = self.not_article_reason(response)
        if reason:
            self.skip_not_article(response, reason)
            return
        page = self.page_object(response)
        if page.is_video:
            self.skip_not_article(response, "video")
            return
        if not (page.title and page.paragraphs):
            yield from self.generic_fallback(response)
            return
        yield from self.continue_or_finish([page], charset_of(response))

    def parse_next_page(self, response: Response, pages: list[LayoutPage], charset: tuple[str, str]):
        if response.status >= 400:
            yield self.finish(pages, charset, cut=f"HTTP {response.status} on {response.url}")
            return
        page = self.page_object(response)
        if not page.paragraphs:
            yield self.finish(pages, charset, cut=f"no text on {response.url}")
            return
        yield from self.continue_or_finish(pages + [page], charset)

    def continue_or_finish(self, pages: list[LayoutPage], charset: tuple[str, str]):
        next_url = pages[-1].next_page_url
        seen = {page.url for page in pages}
        if next_url and next_url not in seen and len(pages) < self.max_article_pages:
            # Not marked newscrawl_article: later pages are never skipped as stored.
            yield scrapy.Request(next_url, callback=self.parse_next_page,
                                 errback=self.next_page_failed,
                                 cb_kwargs={"pages": pages, "charset": charset},
                                 meta={"handle_httpstatus_list": NOT_FOUND_STATUSES})
            return
        yield self.finish(pages, charset)

    def finish(self, pages: list[LayoutPage], charset: tuple[str, str], cut: str = "") -> Article:
        """The article of `pages`; `cut` says why a later page is missing, if one is."""
        if cut:
            self.crawler.stats.inc_value("newscrawl/multipage/incomplete")
            logger.warning("%s: multi-page article cut after page %d (%s)",
                           pages[0].url, len(pages), cut)
        self.crawler.stats.inc_value("newscrawl/extractor/layout")
        item = article_from_pages(pages, site=self.name, encoding=charset[0],
                                  encoding_reason=charset[1])
        item.canonical_url = canonical_url(item.url)
        return item

    def request_failed(self, failure) -> None:
        """Errback of every request: one that never reached its callback is counted
        with its reason (newscrawl.lost), unless it was refused on purpose."""
        request = failure.request
        reason = lost_reason(failure.value, request)
        if reason is not None:
            count_lost(self.crawler.stats, request, reason,
                       failure.getErrorMessage() or failure.type.__name__)

    def next_page_failed(self, failure):
        self.request_failed(failure)
        kwargs = failure.request.cb_kwargs
        yield self.finish(kwargs["pages"], kwargs["charset"],
                          cut=f"{failure.request.url}: {failure.getErrorMessage()}")

    def article_failed(self, failure):
        self.request_failed(failure)
        if not failure.check(IgnoreRequest):  # a download failure, not a refusal
            self.crawler.stats.inc_value("newscrawl/article_failed")

    def generic_fallback(self, response: Response):
        """The layout's selectors found no title or body: extract by text density, and
        count it as a fallback (a sign of layout drift when most of a run needs it)."""
        for item in self.extract_by_density(response):
            self.crawler.stats.inc_value("newscrawl/extractor/fallback")
            logger.info("layout found no article on %s: extracted generically", response.url)
            yield item

    def extract_by_density(self, response: Response):
        """The article of `response` by text density (newscrawl.text.extract), if it has one."""
        extracted = extract_article(response.text, response.url)
        if extracted is None:
            self.skip_not_article(response, "no_content")
            return
        self.crawler.stats.inc_value("newscrawl/extractor/generic")
        encoding, reason = charset_of(response)
        yield article_from_extraction(extracted, url=response.url, site=self.name,
                                      encoding=encoding, encoding_reason=reason)

    def not_article_reason(self, response: Response) -> str:
        """Why a fetched article URL holds no article ("" when it may hold one)."""
        if response.status >= 400:
            return f"http_{response.status}"
        if not isinstance(response, TextResponse):
            return "not_html"
        if response.meta.get("redirect_urls"):
            if urlsplit(response.url).path in HOME_PATHS:
                return "redirect_home"
            if not self.is_article_url(response.url):
                return "redirect"
        return ""

    def skip_not_article(self, response: Response, reason: str) -> None:
        self.crawler.stats.inc_value(f"newscrawl/not_article/{reason}")
        origin = (response.meta.get("redirect_urls") or [response.url])[0]
        logger.info("not an article (%s): %s", reason, origin)

    def closed(self, reason: str) -> None:
        stats = self.crawler.stats
        fallbacks = stats.get_value("newscrawl/extractor/fallback", 0)
        total = fallbacks + stats.get_value("newscrawl/extractor/layout", 0)
        if total and fallbacks * 2 > total:
            logger.warning(
                "spider %s: %d of %d articles needed generic extraction; the %s layout has "
                "probably changed", self.name, fallbacks, total, self.name)


def article_from_extraction(extracted, *, url: str, site: str, encoding: str = "",
                            encoding_reason: str = "") -> Article:
    """An Article from a generic extraction (newscrawl.text.extract.ExtractedArticle)."""
    return Article(
        url=url,
        site=site,
        title=extracted.title,
        body="\n".join(extracted.paragraphs),
        canonical_url=canonical_url(url),
        published_at=extracted.published_at,
        source=extracted.source,
        authors=list(extracted.authors),
        images=list(extracted.images),
        encoding=encoding,
        encoding_reason=encoding_reason,
        extractor="generic",
    )


def charset_of(response: Response) -> tuple[str, str]:
    """The codec the body was decoded with and why (the charset middleware's decision)."""
    decision = response.meta.get("charset_decision")
    if decision is None:
        return response.encoding, "scrapy"
    return decision.encoding, decision.reason


def _positive_int(value, name: str) -> int | None:
    """A spider argument as a whole number of at least 1 (None when not given)."""
    if value is None:
        return None
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a whole number, got {value!r}") from None
    if number < 1:
        raise ValueError(f"{name} must be at least 1, got {number}")
    return number
