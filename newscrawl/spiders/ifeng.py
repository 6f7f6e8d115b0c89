"""凤凰网: news.ifeng.com and the channels of *.ifeng.com (ent, pl, finance, regional ones
such as nb.ifeng.com)."""
import re

from newscrawl.layouts.ifeng import IFENG
from newscrawl.spiders.base import NewsSpider


class IfengSpider(NewsSpider):
    name = "ifeng"
    allowed_domains = ["ifeng.com"]
    # The site publishes no RSS feed or sitemap of its news; the front pages list the stories.
    start_urls = [
        "https://news.ifeng.com/",
        "https://news.ifeng.com/shanklist/3-35197-/",  # 即时新闻
    ]
    # /c/7rtKNyg6PU9 (2019-) and /a/20200911/14526474_0.shtml (2010s, _0 is the first page);
    # v.ifeng.com serves videos only.
    article_url = re.compile(
        r"^https?://(?!v\.)[a-z0-9]+\.ifeng\.com/(?:c/[0-9A-Za-z]{11}|a/\d{8}/\d+_0\.shtml)$")
    # The later pages of a 2010s article: _1.shtml, _2.shtml... (its first page is _0.shtml)
    later_page = re.compile(r"\d+_(?P<page>[1-9]\d?)\.shtml")
    layout = IFENG
