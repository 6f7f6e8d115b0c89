"""人民网: www.people.com.cn and its channels (*.people.com.cn), e.g. the 上海频道."""
import re

from newscrawl.layouts.people import PEOPLE
from newscrawl.spiders.base import NewsSpider
from newscrawl.urls import LATER_PAGE_NUMBER


class PeopleSpider(NewsSpider):
    name = "people"
    allowed_domains = ["people.com.cn"]
    feed_urls = ["http://www.people.com.cn/rss/politics.xml"]  # 时政 RSS, GB2312
    start_urls = [
        "http://sh.people.com.cn/GB/134768/index.html",  # 上海频道 要闻
    ]
    # /n1/2022/0728/c134768-32487394.html (/n2/ on regional channels, /n/ before 2014);
    article_url = re.compile(r"^https?://[a-z0-9-]+\.people\.com\.cn/n\d?/\d{4}/\d{4}/c\d+-\d+\.html$")
    layout = PEOPLE
    # its later pages: c134768-32487394-2.html
    later_page = re.compile(rf"c\d+-\d+(?P<page>-{LATER_PAGE_NUMBER})\.html")

    def parse_article(self, response):
        """@url http://sh.people.com.cn/n2/2022/0727/c134768-40052817.html
        @article
        """
        return super().parse_article(response)

    def parse_list(self, response, list_page: int = 1):
        """@url http://sh.people.com.cn/GB/134768/index.html
        @returns requests 2
        """
        return super().parse_list(response, list_page)
