"""网易新闻: news.163.com, www.163.com/news/article/… and the 网易号 articles the news
pages link to (www.163.com/dy/article/…, dy.163.com). The other channels' sites (money,
tech, ...) are not crawled: their article pages share the layout, but their columns and
galleries do not."""
import re

from newscrawl.layouts.netease import NETEASE
from newscrawl.spiders.base import NewsSpider


class NeteaseSpider(NewsSpider):
    name = "netease"
    allowed_domains = ["163.com"]
    start_urls = ["https://news.163.com/domestic/"]  # 国内
    # https://www.163.com/news/article/J2PBDVUF0001899O.html (since 2021),
    # https://news.163.com/19/0907/00/EOEC73F90001899O.html, dy.163.com/v2/article/detail/EFDAIN1E054550F0.html
    article_url = re.compile(
        r"^https?://(?:www\.163\.com/(?:news|dy)/article/[0-9A-Z]{16}"
        r"|news\.163\.com/\d{2}/\d{4}/\d{2}/[0-9A-Z]{16}"
        r"|dy\.163\.com/v2/article/detail/[0-9A-Z]{16})\.html$")
    # A later page of a 2010s story: EOEC73F90001899O_2.html
    later_page = re.compile(r"[0-9A-Z]{16}(?P<page>_(?:[2-9]|[1-9]\d))\.html")
    layout = NETEASE
