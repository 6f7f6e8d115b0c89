"""新华网: www.news.cn (since 2021), www.xinhuanet.com (before) and their provincial
channels (www.he.news.cn, www.he.xinhuanet.com, ...)."""
import re

from newscrawl.layouts.xinhua import XINHUA
from newscrawl.spiders.base import NewsSpider

LATER_PAGE_NUMBER = r"(?:[2-9]|[1-9]\d)"


class XinhuaSpider(NewsSpider):
    name = "xinhua"
    allowed_domains = ["news.cn", "xinhuanet.com"]
    feed_urls = ["http://www.xinhuanet.com/politics/news_politics.xml"]  # 时政 RSS
    start_urls = ["http://www.news.cn/local/index.html"]  # 地方 channel
    # /politics/leaders/20240509/3dd6e33cc6d749fbaae01fea337ff400/c.html (since 2021),
    # /world/2019-12/10/c_1125327450.htm (2010s), /news/2012-06/04/content_25340717.htm
    article_url = re.compile(
        r"^https?://(?:[a-z0-9-]+\.)*(?:news\.cn|xinhuanet\.com)/(?:[a-z0-9_]+/)*"
        r"(?:\d{8}/[0-9a-f]{32}/c\.html|\d{4}-\d{2}/\d{2}/(?:c|content)_\d+\.html?)$")
    # A later page of a 2010s story: c_1125327450_2.htm (pages since 2021 are c.html?page=2).
    later_page = re.compile(rf"(?:c|content)_\d+(?P<page>_{LATER_PAGE_NUMBER})\.html?")
    layout = XINHUA
