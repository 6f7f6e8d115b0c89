"""RetryBackoffMiddleware: a retried request waits before it is sent again.

Scrapy's RetryMiddleware re-sends a request that got a 5xx/429/408 or a timeout or
connection error at once. This middleware holds each retry back for
RETRY_BACKOFF_BASE * 2**(attempt-1) seconds, at most RETRY_BACKOFF_MAX, or longer when
the server asked for it with Retry-After (capped the same way).
"""
from __future__ import annotations

import logging
from datetime import UTC, datetime

from scrapy.exceptions import NotConfigured
from scrapy.utils.asyncio import sleep

from newscrawl.backoff import retry_after_seconds, retry_delay

logger = logging.getLogger(__name__)

RETRY_AFTER_META = "newscrawl_retry_after"


class RetryBackoffMiddleware:
    """Downloader middleware; its order (DOWNLOADER_MIDDLEWARES) is between
    RetryMiddleware (550) and DownloaderStats (850), so it reads Retry-After before the
    retry is made and waits before the retried request is counted and sent."""

    def __init__(self, crawler):
        settings = crawler.settings
        if not settings.getbool("RETRY_ENABLED"):
            raise NotConfigured("RETRY_ENABLED is off: nothing to back off")
        self.base = settings.getfloat("RETRY_BACKOFF_BASE")
        self.cap = settings.getfloat("RETRY_BACKOFF_MAX")
        self.stats = crawler.stats

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def process_response(self, request, response, spider=None):
        header = response.headers.get("Retry-After")
        if header:
            seconds = retry_after_seconds(header.decode("latin-1"), datetime.now(UTC))
            if seconds is None:
                logger.warning("ignoring unreadable Retry-After %r from %s", header,
                               response.url)
            else:
                # copied into the retry request's meta by RetryMiddleware
                request.meta[RETRY_AFTER_META] = seconds
        return response

    async def process_request(self, request, spider=None):
        delay = retry_delay(request.meta.get("retry_times", 0), self.base, self.cap,
                            request.meta.get(RETRY_AFTER_META, 0.0))
        if delay > 0:
            self.stats.inc_value("newscrawl/retry/backoff_seconds", delay)
            logger.debug("retry %d of %s in %.1f s", request.meta["retry_times"],
                         request.url, delay)
            await sleep(delay)
        return None
