"""中国新闻网: www.chinanews.com.cn (and the older www.chinanews.com)."""
import re

from newscrawl.layouts.chinanews import CHINANEWS
from newscrawl.spiders.base import NewsSpider


class ChinanewsSpider(NewsSpider):
    name = "chinanews"
    allowed_domains = ["chinanews.com.cn", "chinanews.com"]
    feed_urls = ["https://www.chinanews.com.cn/rss/scroll-news.xml"]
    start_urls = ["https://www.chinanews.com.cn/scroll-news/news1.html"]
    # /gn/2019/07-27/8908774.shtml
    article_url = re.compile(
        r"^https?://www\.chinanews\.com(?:\.cn)?/[a-z]+/\d{4}/\d{2}-\d{2}/\d+\.shtml$")
    layout = CHINANEWS

    def parse_article(self, response):
        """@url https://www.chinanews.com.cn/cj/2022/07-28/9815004.shtml
        @article
        """
        return super().parse_article(response)

    def parse_list(self, response, list_page: int = 1):
        """@url https://www.chinanews.com.cn/scroll-news/news1.html
        @returns requests 2
        """
        return super().parse_list(response, list_page)
