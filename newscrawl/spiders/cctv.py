"""央视网新闻: news.cctv.com.

The channel pages (news.cctv.com/china/) load their lists from a JSONP data interface
(.../cmsdatainterface/page/china_1.jsonp?cb=china): the spider reads that, not the HTML.
CCTV names a page's kind in its URL: ARTI… article, VIDE… video, PHOA… photo album; the
video and photo album pages are listed beside the articles and give no item."""
from __future__ import annotations

import json
import re
from collections.abc import Iterator
from urllib.parse import urlsplit

import scrapy
from scrapy.http import Response

from newscrawl.layouts.cctv import CCTV
from newscrawl.spiders.base import NewsSpider

# The page kinds of a CCTV URL (its last path segment starts with the kind) that hold no story.
NOT_STORY_KINDS = {"VIDE": "video", "PHOA": "photo_gallery"}
JSONP = re.compile(r"^\s*[\w$.]+\s*\((?P<json>.*)\)\s*;?\s*$", re.S)


class CctvSpider(NewsSpider):
    name = "cctv"
    allowed_domains = ["news.cctv.com"]
    # 国内 and 国际: the lists behind news.cctv.com/china/ and /world/
    data_urls = [
        "https://news.cctv.com/2019/07/gaiban/cmsdatainterface/page/china_1.jsonp?cb=china",
        "https://news.cctv.com/2019/07/gaiban/cmsdatainterface/page/world_1.jsonp?cb=world",
    ]
    # /2023/12/23/ARTIFqAHXSPzuNVnw2gfI8Lt231223.shtml (and VIDE…, PHOA… pages)
    article_url = re.compile(
        r"^https?://news\.cctv\.com/\d{4}/\d{2}/\d{2}/(?:ARTI|VIDE|PHOA)[0-9A-Za-z]+\.shtml$")
    layout = CCTV

    async def start(self):
        async for request in super().start():
            yield request
        if self.seed_urls:  # given articles only: no list
            return
        for url in self.data_urls:
            yield scrapy.Request(url, callback=self.parse_data_interface)

    def parse_data_interface(self, response: Response) -> Iterator[scrapy.Request]:
        """The article links of a JSONP list page ({"data": {"list": [{"url": ...}]}})."""
        self.crawler.stats.inc_value("newscrawl/list_pages")
        try:
            urls = list_urls(response.text)
        except ValueError as error:
            self.crawler.stats.inc_value("newscrawl/list_unreadable")
            self.logger.error("list not read: %s (%s)", response.url, error)
            return
        for url in urls:
            if self.is_article_url(url):
                yield self.article_request(url)

    def not_article_reason(self, response: Response) -> tuple[str, str]:
        reason, detail = super().not_article_reason(response)
        if reason:
            return reason, detail
        kind = NOT_STORY_KINDS.get(urlsplit(response.url).path.rsplit("/", 1)[-1][:4], "")
        return kind, "the URL names its kind" if kind else ""


def list_urls(text: str) -> list[str]:
    """The "url" of every entry of a CCTV JSONP list; ValueError when it is not one."""
    match = JSONP.match(text)
    if match is None:
        raise ValueError("not a JSONP response")
    try:
        payload = json.loads(match["json"])
        entries = payload["data"]["list"]
    except (json.JSONDecodeError, KeyError, TypeError) as error:
        raise ValueError(f"no data.list in the JSONP payload: {error}") from None
    return [entry["url"] for entry in entries if isinstance(entry, dict) and entry.get("url")]
