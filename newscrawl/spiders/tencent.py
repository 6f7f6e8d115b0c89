"""腾讯新闻: news.qq.com (and new.qq.com, which serves the same articles), with the older
channel articles of *.qq.com (finance.qq.com/a/20190923/004156.htm)."""
import re

from newscrawl.layouts.tencent import TENCENT
from newscrawl.spiders.base import NewsSpider


class TencentSpider(NewsSpider):
    name = "tencent"
    allowed_domains = ["qq.com"]
    # The site has no RSS feed or sitemap of its news today; the 要闻 page lists the stories.
    start_urls = ["https://news.qq.com/"]
    # /rain/a/20240513A00GCM00 (2023-), /omn/20190907/20190907A081B0.html and
    # /omn/20200703A0T6F700.html (2018-2022; a V after the date is a video), /a/20190923/004156.htm
    article_url = re.compile(
        r"^https?://(?:news|new)\.qq\.com/(?:rain/a/|omn/(?:\d{8}/)?)\d{8}[A-Z][A-Z0-9]{5}(?:[A-Z0-9]{2})?"
        r"(?:\.html)?$"
        r"|^https?://[a-z]+\.qq\.com/a/\d{8}/\d{6}\.htm$")
    layout = TENCENT
