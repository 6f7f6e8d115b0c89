"""Scrapy's meta-refresh redirects, looked for in the head of the page only."""
from __future__ import annotations

from scrapy.downloadermiddlewares.redirect import MetaRefreshMiddleware
from scrapy.http import TextResponse

# Scrapy looks for the refresh in the first 4,096 characters; no codec takes more than 4 bytes a character.
HEAD_BYTES = 4096 * 4


class HeadMetaRefreshMiddleware(MetaRefreshMiddleware):
    """Scrapy's MetaRefreshMiddleware, shown only the first HEAD_BYTES of the body: Scrapy's
    decodes the whole body (response.text) to search its first 4,096 characters, on the
    reactor thread, and keeps the text with the response, while the generic spider reads the
    page from its bytes (in a worker process, newscrawl.workers)."""

    def process_response(self, request, response):
        if not isinstance(response, TextResponse) or len(response.body) <= HEAD_BYTES:
            return super().process_response(request, response)
        head = response.replace(body=response.body[:HEAD_BYTES])
        followed = super().process_response(request, head)
        return response if followed is head else followed
