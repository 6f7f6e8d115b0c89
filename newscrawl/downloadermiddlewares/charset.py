"""Decode every text response with the charset its bytes support, not the one it claims."""
from __future__ import annotations

import logging

from scrapy.http import HtmlResponse, TextResponse, XmlResponse
from w3lib.encoding import http_content_type_encoding

from newscrawl.encoding.charset import decide_charset
from newscrawl.encoding.pagekind import content_kind

logger = logging.getLogger(__name__)


class CharsetMiddleware:
    """Re-decode HTML and XML responses by `decide_charset`; store the decision in
    meta["charset_decision"]. Other types (images, PDF, JSON, plain text) are left as
    Scrapy made them: they hold no article and are not decoded. An HTML body that Scrapy
    took for binary (a generic Content-Type) becomes an HtmlResponse (XmlResponse).

    Must sit below HttpCompressionMiddleware (590) so it sees decompressed bytes.
    """

    def __init__(self, stats):
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler.stats)

    def process_response(self, request, response, spider=None):
        content_type = response.headers.get(b"Content-Type", b"").decode("latin-1")
        kind = content_kind(content_type, response.body)
        if kind == "other":
            return response
        if not isinstance(response, TextResponse):
            response = response.replace(cls=HtmlResponse if kind == "html" else XmlResponse)
        decision = decide_charset(response.body, http_content_type_encoding(content_type))
        self.stats.inc_value(f"newscrawl/charset/{decision.reason}")
        if not decision.clean:
            self.stats.inc_value("newscrawl/charset/unclean")
            logger.warning(
                "%s: no charset decodes the body cleanly; decoding as %s with replacement characters",
                response.url, decision.encoding,
            )
        request.meta["charset_decision"] = decision
        return response.replace(encoding=decision.encoding)
