"""新浪新闻: news.sina.com.cn (and the finance/tech channels' articles it links to), and the
mobile pages of news.sina.cn / finance.sina.cn (whose paths are not the desktop ones: a
mobile page is its own URL, not mapped to the desktop host)."""
import re

from newscrawl.layouts.sina import SINA
from newscrawl.spiders.base import NewsSpider


class SinaSpider(NewsSpider):
    name = "sina"
    allowed_domains = ["sina.com.cn", "sina.cn"]
    feed_urls = ["https://rss.sina.com.cn/roll/finance/hot_roll.xml"]  # 财经要闻 RSS
    start_urls = ["https://news.sina.com.cn/china/"]  # 国内新闻
    # /c/2019-11-25/doc-iihnzahi3275702.shtml, /money/forex/forexroll/2016-05-25/doc-ifxsktkp9337164.shtml;
    # mobile: finance.sina.cn/sa/2005-08-26/detail-ikknscsi2623250.d.html
    article_url = re.compile(
        r"^https?://(?:news|finance|tech)\.sina\.(?:com\.cn/(?:[a-z]+/)*\d{4}-\d{2}-\d{2}/doc-i[a-z0-9]+\.shtml"
        r"|cn/(?:[a-z_]+/)*\d{4}-\d{2}-\d{2}/detail-i[a-z0-9]+\.d\.html)$")
    layout = SINA
