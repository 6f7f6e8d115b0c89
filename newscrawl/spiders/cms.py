"""Portals of the common reprint CMS layout (newscrawl.layouts.cms), one spider each.

A new portal of this layout is a few lines here: a subclass of CmsSpider naming its
domain, list pages and article URL pattern, and its own Layout when its class names differ.
"""
import re

from newscrawl.layouts.cms import CMS
from newscrawl.spiders.base import NewsSpider
from newscrawl.urls import LATER_PAGE_NUMBER


class CmsSpider(NewsSpider):
    layout = CMS
    # The CMS numbers an article's later pages 1040902_2.html.
    later_page = re.compile(rf"\d+(?P<page>_{LATER_PAGE_NUMBER})\.html")


class SlrbsSpider(CmsSpider):
    name = "slrbs"
    allowed_domains = ["slrbs.com"]
    start_urls = ["http://www.slrbs.com/news/guonei/"]
    # /news/guonei/2019-07-27/1040902.html
    article_url = re.compile(r"^https?://www\.slrbs\.com/news/[a-z]+/\d{4}-\d{2}-\d{2}/\d+\.html$")

    def parse_article(self, response):
        """@url http://www.slrbs.com/news/guonei/2019-07-28/1041127.html
        @article
        """
        return super().parse_article(response)

    def parse_list(self, response, list_page: int = 1):
        """@url http://www.slrbs.com/news/guonei/
        @returns requests 2
        """
        return super().parse_list(response, list_page)
