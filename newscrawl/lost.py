"""Lost requests: requests that never reached their spider callback, and why.

Each is counted as newscrawl/lost/<reason> and logged once with its URL (and the
redirects that led to it); the run's counts go to crawl_runs.lost_requests. Failed
downloads reach the spiders' errbacks (NewsSpider.request_failed); the requests Scrapy
drops before the downloader are seen through its signals (extensions.lost.LostRequests).
Requests refused on purpose (article already stored, robots.txt) are not lost: they
have their own counts (newscrawl/skipped/stored, robotstxt/forbidden).

The reasons are listed in docs/schema.md (crawl_runs.lost_requests).
"""
from __future__ import annotations

import logging
from urllib.parse import urljoin, urlsplit

from scrapy import Request
from scrapy.exceptions import (
    CannotResolveHostError,
    DownloadCancelledError,
    DownloadConnectionRefusedError,
    DownloadFailedError,
    DownloadTimeoutError,
    IgnoreRequest,
    NotSupported,
    ResponseDataLossError,
    UnsupportedURLSchemeError,
)
from scrapy.spidermiddlewares.httperror import HttpError
# HttpCompressionMiddleware refuses a body that decompresses beyond DOWNLOAD_MAXSIZE (a
# gzip bomb) with an IgnoreRequest caused by this; Scrapy has no public name for it.
from scrapy.utils._compression import _DecompressionMaxSizeExceeded
from twisted.internet.error import ConnectError, ConnectionDone, ConnectionLost

logger = logging.getLogger(__name__)

STATS_PREFIX = "newscrawl/lost/"
WEB_SCHEMES = ("http", "https")

# Download failures by exception class (Scrapy's own, plus Twisted's connection errors
# that some handlers still raise); the first match wins.
DOWNLOAD_ERRORS: list[tuple[tuple[type[BaseException], ...], str]] = [
    ((DownloadCancelledError,), "size_limit"),
    ((NotSupported, UnsupportedURLSchemeError), "bad_scheme"),
    ((CannotResolveHostError,), "dns"),
    ((DownloadTimeoutError,), "timeout"),
    ((DownloadConnectionRefusedError, DownloadFailedError, ResponseDataLossError,
      ConnectError, ConnectionDone, ConnectionLost), "connection"),
]

# Requests the crawler's own rules refused, and answers the spider cannot use (http_*),
# are logged as warnings; failures of the site or the network as errors, as Scrapy did.
REFUSED = {"redirect_loop", "too_many_redirects", "offsite", "size_limit", "bad_scheme",
           "bad_url"}
ANSWERED_PREFIX = "http_"


def lost_reason(error: BaseException, request: Request) -> str | None:
    """Why `request` failed with `error` (its reason in docs/schema.md); None when it was
    refused on purpose."""
    if isinstance(error, HttpError):
        return http_error_reason(error.response.status, error.response.headers.get("Location"),
                                 error.response.url)
    if isinstance(error, IgnoreRequest):
        if isinstance(error.__cause__, _DecompressionMaxSizeExceeded):
            return "size_limit"
        # RedirectMiddleware sets the redirects left to 0 on the request it gave up on.
        if request.meta.get("redirect_ttl") == 0:
            return "redirect_loop" if is_redirect_loop(request) else "too_many_redirects"
        return None
    for classes, reason in DOWNLOAD_ERRORS:
        if isinstance(error, classes):
            return reason
    if isinstance(error, ValueError):  # scrapy.Request refused the URL (a redirect's target)
        return "bad_url"
    return "error"


def http_error_reason(status: int, location: bytes | None, url: str) -> str:
    """`http_<status>`; a redirect Scrapy did not follow because its Location is not a
    web URL (ftp://, file://) is `bad_scheme`."""
    if 300 <= status < 400 and location:
        target = urljoin(url, location.decode("latin-1").strip())
        if urlsplit(target).scheme not in WEB_SCHEMES:
            return "bad_scheme"
    return f"http_{status}"


def is_redirect_loop(request: Request) -> bool:
    """A redirect whose target is a URL earlier in its own redirect chain."""
    return request.url in request.meta.get("redirect_urls", ())


def count_lost(stats, request: Request, reason: str, detail: str) -> None:
    """Count `request` as lost for `reason` and log it once, with its redirect chain."""
    stats.inc_value(f"{STATS_PREFIX}{reason}")
    level = (logging.WARNING if reason in REFUSED or reason.startswith(ANSWERED_PREFIX)
             else logging.ERROR)
    chain = " -> ".join([*request.meta.get("redirect_urls", ()), request.url])
    logger.log(level, "request lost (%s): %s (%s)", reason, chain, detail)
