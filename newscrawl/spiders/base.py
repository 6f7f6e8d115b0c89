"""What every site spider does, once: list pages to article links, multi-page articles,
not-an-article pages, and the fall-back to generic extraction when a layout drifts.

A site spider is configuration: `allowed_domains`, `start_urls` (channel/list pages),
`feed_urls` (RSS or sitemaps), `article_url` (a regex on the absolute URL),
`layout` (the portal's page templates, newscrawl.layouts) and, for a site that splits
articles into pages, `later_page` (how its later pages are numbered; a link to a later page
in a list or feed leads to the article's first page, newscrawl.urls.first_page_url).

Spider arguments (`-a NAME=VALUE`) and settings:
- `urls` (comma-separated) and `url_file` (one URL a line): crawl these article URLs with the
  spider's layout instead of its list pages and feeds (a re-crawl of chosen articles).
- `max_list_pages` (setting MAX_LIST_PAGES, default 5): list pages followed from each
  start page through its 下一页 link, the start page included.
- `max_article_pages` (setting MAX_ARTICLE_PAGES, default 20): pages joined into one article.

Stats: newscrawl/extractor/layout|generic, newscrawl/list_pages, newscrawl/article_pages
(article responses that reached the spider), newscrawl/not_article/<reason> (http_404,
content_type, undecodable, blocked, login, error_page, redirect_home, redirect, video,
no_content, too_large; repeated_page from newscrawl.pipelines.repeats), newscrawl/multipage/incomplete,
newscrawl/article_failed, newscrawl/dropped/bad_url (a link or start URL that cannot be
requested: logged, skipped). Every not-article URL is sent with the `page_not_article`
signal, to be recorded in page_outcomes; newscrawl/lost/<reason> counts every request that
never reached its callback (newscrawl.lost).
"""
from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import ClassVar
from urllib.parse import urljoin, urlsplit

import scrapy
from scrapy import signals
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response, TextResponse
from scrapy.utils.defer import maybe_deferred_to_future
from scrapy.utils.sitemap import Sitemap
from twisted.internet.defer import Deferred

from newscrawl.items import Article
from newscrawl.encoding.pagekind import content_kind, undecodable
from newscrawl.extraction.blockpage import uses_a_phrase
from newscrawl.extraction.density import ExtractedArticle, article_in_tree
from newscrawl.extraction.dom import parse_html
from newscrawl.extraction.reading import block_page_reason
from newscrawl.layouts.common import Layout, LayoutPage, article_from_pages, document, next_page_url
from newscrawl.lost import count_lost, lost_reason
from newscrawl.signals import page_not_article
from newscrawl.urls import HOME_PATHS, canonical_url, first_page_url

logger = logging.getLogger(__name__)

# Article responses with these statuses reach the callback, to be counted as not articles.
NOT_FOUND_STATUSES = [404, 410]
SITEMAP_INDEX = re.compile(rb"<sitemapindex\b")
FEED_LINK = re.compile(r"<(?:link|loc)>\s*(?:<!\[CDATA\[)?\s*(https?://[^<\s\]]+)", re.I)


class NewsSpider(scrapy.Spider):
    """Base of the site spiders; subclasses set the class attributes below."""

    start_urls: ClassVar[list[str]] = []
    feed_urls: ClassVar[list[str]] = []
    article_url: ClassVar[re.Pattern[str]]
    layout: ClassVar[Layout]
    # The last path segment of a later page of a multi-page article, its page number in
    # the group "page" (newscrawl.urls.first_page_url); None: no numbered pages.
    later_page: ClassVar[re.Pattern[str] | None] = None

    def __init__(self, *args, max_list_pages: str | int | None = None,
                 max_article_pages: str | int | None = None, urls: str = "", url_file: str = "",
                 **kwargs):
        super().__init__(*args, **kwargs)
        self.seed_urls = seed_urls(urls, url_file)
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
        if self.seed_urls:
            for request in self.given_article_requests():
                await self.scheduler_room()
                yield request
            return
        for url in self.feed_urls:
            if self.can_request(url, found_on="feed_urls"):
                yield scrapy.Request(url, callback=self.parse_feed, errback=self.request_failed)
        for url in self.start_urls:
            if self.can_request(url, found_on="start_urls"):
                yield scrapy.Request(url, callback=self.parse_list, errback=self.request_failed,
                                     cb_kwargs={"list_page": 1})

    async def scheduler_room(self) -> None:
        """Wait while the downloader is full and a downloader's worth of requests
        (CONCURRENT_REQUESTS) is ready in the scheduler, until half of them are taken.
        Scrapy takes start requests while the downloader is full, so a list of 100,000 given
        URLs would wait there as 100,000 requests. Requests kept ready fill a freed download
        slot at once (waiting for an empty scheduler left the slot idle until the next
        request was made: a 5,000-page crawl took a tenth longer), and refilling half at a
        time wakes this up once per several requests, not once per request."""
        engine = self.crawler.engine
        scheduler, ready = engine.scheduler, self.settings.getint("CONCURRENT_REQUESTS")
        if engine.needs_backout() and len(scheduler) >= ready:
            # taken by the downloader, or dropped before it (a stored URL) until none is left
            await first_signal(self.crawler.signals, signals.request_reached_downloader,
                               signals.scheduler_empty, until=lambda: len(scheduler) <= ready // 2)

    def given_article_requests(self) -> Iterator[scrapy.Request]:
        """The articles named by -a urls= / -a url_file= (a later page leads to its first),
        read with this spider's layout; no list page is fetched."""
        requested = 0
        for url in self.seed_urls:
            if self.can_request(url, found_on="the given URLs"):
                requested += 1
                yield self.article_request(first_page_url(url, self.later_page))
        if not requested:
            logger.error("%s spider: none of the %d given URLs can be requested", self.name,
                         len(self.seed_urls))

    # ---- links ------------------------------------------------------------------------
    def can_request(self, url: str, found_on: str) -> bool:
        """Whether `url` can be requested; one that cannot (a port out of range, not http)
        is logged with the reason, counted as newscrawl/dropped/bad_url and skipped, so that
        one bad link never stops the links after it."""
        try:
            canonical_url(url)
        except ValueError as exc:  # its message names the URL
            self.drop_bad_url(str(exc), found_on)
            return False
        return True

    def link_url(self, page_url: str, href: str) -> str:
        """The absolute URL of a link on `page_url`, without its fragment; "" for links
        that lead to no page (mailto:, javascript:) and for bad ones (see can_request)."""
        try:
            url = urljoin(page_url, href.strip()).partition("#")[0]
        except ValueError as exc:
            self.drop_bad_url(f"{exc}: {href!r}", page_url)
            return ""
        if not url.startswith(("http://", "https://")) or not self.can_request(url, page_url):
            return ""
        return url

    def drop_bad_url(self, reason: str, found_on: str) -> None:
        self.crawler.stats.inc_value("newscrawl/dropped/bad_url")
        logger.warning("bad URL skipped (found on %s): %s", found_on, reason)

    def parse(self, response: Response, **kwargs):
        """The callback of requests made by Scrapy's own tools (`scrapy parse URL`,
        `scrapy shell`, `fetch`): an article URL is read as an article, a feed (XML) as a
        feed, any other page as a list page."""
        if self.is_article_url(response.url):
            return self.parse_article(response)
        content_type = response.headers.get(b"Content-Type", b"").decode("latin-1")
        if content_kind(content_type, response.body) == "xml":  # a feed or a sitemap
            return self.parse_feed(response)
        return self.parse_list(response)

    # ---- list pages and feeds -------------------------------------------------------
    def parse_feed(self, response: Response) -> Iterator[scrapy.Request]:
        """RSS <link> and sitemap <loc> entries that are article URLs; the sitemaps a sitemap
        index lists (on the site's own domains) are read the same way."""
        index = Sitemap(response.body) if SITEMAP_INDEX.search(response.body[:512]) else None
        if index is not None and index.type == "sitemapindex":
            for entry in index:
                url = self.link_url(response.url, entry["loc"])
                if url and self.on_site(url):
                    yield scrapy.Request(url, callback=self.parse_feed, errback=self.request_failed)
            return
        for link in FEED_LINK.findall(response.text):
            url = first_page_url(self.link_url(response.url, link), self.later_page)
            if url and self.is_article_url(url):
                yield self.article_request(url)

    def parse_list(self, response: Response, list_page: int = 1) -> Iterator[scrapy.Request]:
        self.crawler.stats.inc_value("newscrawl/list_pages")
        for href in response.css("a::attr(href)").getall():
            url = first_page_url(self.link_url(response.url, href), self.later_page)
            if url and self.is_article_url(url):
                yield self.article_request(url)
        next_url = next_page_url(document(response), response.url)
        if (next_url and list_page < self.max_list_pages
                and self.can_request(next_url, found_on=response.url)):
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
        reason, detail = self.not_article_reason(response)
        if reason:
            self.skip_not_article(response, reason, detail)
            return
        page = self.layout.page(response)
        page.redirected_from = redirected_from(response)
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
        page = self.layout.page(response)
        if not page.paragraphs:
            yield self.finish(pages, charset, cut=f"no text on {response.url}")
            return
        yield from self.continue_or_finish(pages + [page], charset)

    def continue_or_finish(self, pages: list[LayoutPage], charset: tuple[str, str]):
        next_url = pages[-1].next_page_url
        seen = {page.url for page in pages}
        if (next_url and next_url not in seen and len(pages) < self.max_article_pages
                and self.can_request(next_url, found_on=pages[-1].url)):
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
        item.redirected_from = pages[0].redirected_from
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
        request = failure.request
        reason = lost_reason(failure.value, request)
        if failure.check(IgnoreRequest) and reason is None:  # a refusal, not a failure
            return
        self.crawler.stats.inc_value("newscrawl/article_failed")
        if reason == "size_limit":
            # It would be cut again on every run: it waits its back-off in page_outcomes.
            self.not_article(first_requested(request), request.url, "too_large",
                             failure.getErrorMessage())

    def generic_fallback(self, response: Response):
        """The layout's selectors found no title or body: extract by text density, and
        count it as a fallback (a sign of layout drift when most of a run needs it)."""
        root = parse_html(response.text)
        for item in self.density_items(response, None if root is None else article_in_tree(root, response.url)):
            self.crawler.stats.inc_value("newscrawl/extractor/fallback")
            logger.info("layout found no article on %s: extracted generically", response.url)
            yield item

    def density_items(self, response: Response, extracted: ExtractedArticle | None) -> Iterator[Article]:
        """The item of the article extracted from `response` by text density
        (newscrawl.extraction.density); when there is none, the page is no article (no_content)."""
        if extracted is None:
            self.skip_not_article(response, "no_content")
            return
        self.crawler.stats.inc_value("newscrawl/extractor/generic")
        encoding, reason = charset_of(response)
        item = article_from_extraction(extracted, url=response.url, site=self.name,
                                       encoding=encoding, encoding_reason=reason)
        item.redirected_from = redirected_from(response)
        yield item

    def not_article_reason(self, response: Response) -> tuple[str, str]:
        """Why a fetched article URL holds no article, and what showed it (("", "") when
        it may hold one). Counts the response in newscrawl/article_pages."""
        reason, detail = self.fetch_reason(response)
        if reason:
            return reason, detail
        if undecodable(response.text):
            return undecodable_reason(response)
        reason, detail = self.redirect_reason(response)
        if reason or not uses_a_phrase(response.text):
            return reason, detail
        return block_page_reason(parse_html(response.text))

    def fetch_reason(self, response: Response) -> tuple[str, str]:
        """Why the response cannot hold an article before its body is read: its status or its
        type (("", "") when it may hold one). Counts the response in newscrawl/article_pages."""
        self.crawler.stats.inc_value("newscrawl/article_pages")
        if response.status >= 400:
            return f"http_{response.status}", ""
        content_type = response.headers.get(b"Content-Type", b"").decode("latin-1")
        if not isinstance(response, TextResponse) or content_kind(content_type, response.body) != "html":
            return "content_type", content_type or "no Content-Type"
        return "", ""

    def redirect_reason(self, response: Response) -> tuple[str, str]:
        """Why a redirected response holds no article: it ended on the site's home page or on
        a page that is no article URL (("", "") when it may hold one)."""
        if response.meta.get("redirect_urls"):
            if urlsplit(response.url).path in HOME_PATHS:
                return "redirect_home", ""
            if not self.is_article_url(response.url):
                return "redirect", ""
        return "", ""

    def skip_not_article(self, response: Response, reason: str, detail: str = "") -> None:
        """Count, log and announce (signal page_not_article) a URL that holds no article."""
        self.not_article(first_requested(response), response.url, reason, detail)

    def not_article(self, origin: str, final_url: str, reason: str, detail: str = "") -> None:
        """Count, log and announce the article URL `origin`, whose request ended on
        `final_url` (after redirects) without an article."""
        self.crawler.stats.inc_value(f"newscrawl/not_article/{reason}")
        logger.info("not an article (%s): %s%s", reason, origin, f" ({detail})" if detail else "")
        target = canonical_url(final_url) if origin != final_url else None
        self.crawler.signals.send_catch_log(page_not_article, url=origin, site=self.name,
                                            reason=reason, detail=detail, target_url=target)

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
    """An Article from a generic extraction (newscrawl.extraction.density.ExtractedArticle)."""
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


def first_requested(message: scrapy.Request | Response) -> str:
    """The URL first requested for `message` (the start of its redirects), or its own."""
    return (message.meta.get("redirect_urls") or [message.url])[0]


def undecodable_reason(response: Response) -> tuple[str, str]:
    """The not-article reason of a body that decodes to no text, with the codec tried."""
    return "undecodable", f"as {charset_of(response)[0]}"


def redirected_from(response: Response) -> str:
    """The URL first requested when `response` came through redirects, else ""."""
    return (response.meta.get("redirect_urls") or [""])[0]


def charset_of(response: Response) -> tuple[str, str]:
    """The codec the body was decoded with and why (the charset middleware's decision)."""
    decision = response.meta.get("charset_decision")
    if decision is None:
        return response.encoding, "scrapy"
    return decision.encoding, decision.reason


def seed_urls(urls: str, url_file: str) -> list[str]:
    """The article URLs given as `urls` (comma-separated) and in `url_file` (one a line, #
    comments allowed, a UTF-8 byte order mark allowed), each once, in order. Whether each
    can be requested is checked when the crawl starts.

    Raises ValueError when the file cannot be read.
    """
    given = [url.strip() for url in urls.split(",") if url.strip()]
    if url_file:
        try:
            lines = Path(url_file).read_text(encoding="utf-8-sig").splitlines()
        except (OSError, UnicodeDecodeError) as exc:
            raise ValueError(f"url_file {url_file!r} cannot be read: {exc}") from exc
        given += [line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")]
    return list(dict.fromkeys(given))


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


async def first_signal(signal_manager, *wanted, until: Callable[[], bool]) -> None:
    """Until one of the `wanted` signals is sent when `until()` holds."""
    sent: Deferred[None] = Deferred()

    def handle() -> None:  # disconnected once it fires: never called again
        if not until():
            return
        for signal in wanted:
            signal_manager.disconnect(handle, signal)
        sent.callback(None)

    for signal in wanted:
        signal_manager.connect(handle, signal)
    await maybe_deferred_to_future(sent)
