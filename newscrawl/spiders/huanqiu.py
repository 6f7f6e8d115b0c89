"""环球网: www.huanqiu.com and its channels (world, china, mil, finance, ...), with the account
pages of 3w.huanqiu.com."""
import re

from newscrawl.layouts.huanqiu import HUANQIU
from newscrawl.spiders.base import NewsSpider


class HuanqiuSpider(NewsSpider):
    name = "huanqiu"
    allowed_domains = ["huanqiu.com"]
    # The site publishes no RSS feed or sitemap of its news; the channel front pages list them.
    start_urls = [
        "https://world.huanqiu.com/",  # 国际
        "https://china.huanqiu.com/",  # 国内
    ]
    # /article/3yWyyCuSR4w (2019-), 3w.huanqiu.com/a/d80b1f/3yWyyCuSR4w (accounts),
    # /exclusive/2018-05/12001234.html (2014-2018); v.huanqiu.com serves videos only.
    article_url = re.compile(
        r"^https?://(?!v\.)[a-z0-9]+\.huanqiu\.com/(?:article/[0-9A-Za-z]{11}"
        r"|a/[0-9a-f]{6}/[0-9A-Za-z]{11}|[a-z]+/\d{4}-\d{2}/\d+\.html)$")
    # The later pages of a 2014-2018 article: 12001234_2.html
    later_page = re.compile(r"\d+(?P<page>_(?:[2-9]|[1-9]\d))\.html")
    layout = HUANQIU
