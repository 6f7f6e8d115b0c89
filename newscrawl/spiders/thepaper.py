"""澎湃新闻: www.thepaper.cn (articles at /newsDetail_forward_<id>)."""
import re

from newscrawl.layouts.thepaper import THEPAPER
from newscrawl.spiders.base import NewsSpider


class ThepaperSpider(NewsSpider):
    name = "thepaper"
    allowed_domains = ["thepaper.cn"]
    # The site publishes no RSS feed or sitemap of its news; channel pages list the stories.
    start_urls = [
        "https://www.thepaper.cn/channel_25950",  # 时事
        "https://www.thepaper.cn/channel_25951",  # 财经
    ]
    article_url = re.compile(r"^https?://(?:www|m)\.thepaper\.cn/newsDetail_forward_\d+$")
    layout = THEPAPER
