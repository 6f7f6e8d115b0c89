"""The portal layouts on the real pages of their sites in ../shared/corpus (skipped when it is
absent): every page read by the layout (no generic fallback) through the spider's own path
and the pipelines that shape the text, its title exact, its body starting and ending with
the story's first and last sentences (bench/portal_truth/SITE.json) and free of the
boilerplate around it. Plus the small pure helpers of the portal layouts and spiders."""
from __future__ import annotations

from urllib.parse import urljoin

import pytest
from scrapy.http import HtmlResponse

from conftest import SHARED
from newscrawl.extraction.boilerplate import strip_boilerplate
from newscrawl.layouts.portal import author_and_outlet, time_from_parts
from newscrawl.extraction.bylines import parse_dateline, parse_metadata_line
from newscrawl.spiders.huanqiu import HuanqiuSpider
from newscrawl.spiders.ifeng import IfengSpider
from newscrawl.spiders.tencent import TencentSpider
from newscrawl.spiders.thepaper import ThepaperSpider
from newscrawl.urls import canonical_url

CORPUS = SHARED / "corpus"

def test_a_related_video_heading_after_the_story_is_dropped():
    story = ["科学家发布了新的研究结果，引起广泛关注。", "精彩视频推荐"]
    assert strip_boilerplate(story, "新研究").paragraphs == story[:1]


def test_a_wechat_accounts_reply_menu_and_pipe_labelled_credits_leave_the_story():
    """The tail of a WeChat article reposted on a portal: credits labelled with "|", then the
    account's QR prompt, reply menu and buttons."""
    story = ["码头工程已进入最后的施工及验收准备阶段，预计十月具备试运营条件。",
             "编辑|禤志杰", "校对|黄慧敏", "来源|广州参考", "扫描下方二维码解锁更多技能",
             "1、回复【公租房】查看最新消息", "点击菜单栏【便民服务】解锁更多服务！", "看都看完了，点【在看】试试"]
    stripped = strip_boilerplate(story, "码头开港")
    assert stripped.paragraphs == story[:1]
    assert (stripped.editors, stripped.source) == (["禤志杰", "黄慧敏"], "广州参考")
    kept = ["他回复“好的”之后就走了，没再说话。", "点击率并不能说明一切，编辑们心里都清楚。"]
    assert strip_boilerplate(kept, "标题").paragraphs == kept


def test_a_time_printed_in_pieces_is_one_date_line():
    assert time_from_parts(["2019", "09/07", "19:02"]) == "2019/09/07 19:02"
    assert time_from_parts(["2019", "09/07"]) == "2019/09/07"
    assert time_from_parts(["", "09/07", "19:02"]) == ""
    assert time_from_parts([]) == ""


@pytest.mark.parametrize(("url", "is_article"), [
    ("https://news.qq.com/rain/a/20240513A00GCM00", True),
    ("https://new.qq.com/omn/20190907/20190907A081B0.html", True),
    ("https://new.qq.com/omn/20200703A0T6F700.html", True),
    ("https://finance.qq.com/a/20190923/000843.htm", True),
    ("https://new.qq.com/omn/author/5183008", False),
    ("https://new.qq.com/ch/world/", False),
    ("https://new.qq.com/zt/template/?id=NEW2026031200102", False),
    ("https://news.qq.com.example.cn/rain/a/20240513A00GCM00", False),
])
def test_tencent_article_urls(url, is_article):
    assert TencentSpider().is_article_url(url) is is_article


@pytest.mark.parametrize("mobile", [
    "https://xw.qq.com/cmsid/20240513A00GCM00",
    "https://view.inews.qq.com/a/20240513A00GCM00",
    "https://new.qq.com/rain/a/20240513A00GCM00",
])
def test_tencent_mobile_and_twin_hosts_are_one_article(mobile):
    assert canonical_url(mobile) == canonical_url("https://news.qq.com/rain/a/20240513A00GCM00")


@pytest.mark.parametrize(("url", "is_article"), [
    ("https://www.thepaper.cn/newsDetail_forward_24120513", True),
    ("https://m.thepaper.cn/newsDetail_forward_24120513", True),
    ("https://www.thepaper.cn/channel_25950", False),
    ("https://www.thepaper.cn/list_25462", False),
    ("https://www.thepaper.cn/newsDetail_forward_24120513.html", False),
])
def test_thepaper_article_urls(url, is_article):
    assert ThepaperSpider().is_article_url(url) is is_article


def test_thepaper_mobile_host_is_the_desktop_article():
    assert (canonical_url("https://m.thepaper.cn/newsDetail_forward_24120513")
            == canonical_url("https://www.thepaper.cn/newsDetail_forward_24120513"))


@pytest.mark.parametrize(("slot", "lines", "outlet"), [
    ("石佳/中国青年报", ["作者：石佳"], "中国青年报"),
    ("新华社", [], "新华社"),
    ("澎湃新闻记者 贺梨萍", ["澎湃新闻记者 贺梨萍"], ""),
    ("图/文 张三", ["图/文 张三"], ""),
    ("", [], ""),
])
def test_an_author_slot_gives_byline_lines_and_outlet(slot, lines, outlet):
    assert author_and_outlet(slot) == (lines, outlet)


def test_tencent_list_page_links_only_articles_on_its_domains():
    """The real 2020 要闻 page: its story links are article URLs, author pages are not."""
    page = CORPUS / "gerapy/samples/list/tencent_important_news.html"
    if not page.exists():
        pytest.skip("../shared is not present")
    spider = TencentSpider()
    links = HtmlResponse("https://news.qq.com/", body=page.read_bytes()).css("a::attr(href)").getall()
    urls = {urljoin("https://news.qq.com/", href.strip()) for href in links}
    articles = {url for url in urls if spider.is_article_url(url)}
    assert len(articles) >= 20
    assert not any("/omn/author/" in url for url in articles)


@pytest.mark.parametrize(("url", "is_article"), [
    ("https://news.ifeng.com/c/7rtKNyg6PU9", True),
    ("https://ent.ifeng.com/c/7pldiU65MNU", True),
    ("http://nb.ifeng.com/a/20200911/14526474_0.shtml", True),
    ("http://nb.ifeng.com/a/20200911/14526474_1.shtml", False),  # a later page
    ("https://v.ifeng.com/c/8XqV9hTn2Lp", False),  # the video site
    ("https://ishare.ifeng.com/mediaShare/home/41027/media", False),
    ("https://news.ifeng.com/shanklist/3-35197-/", False),
])
def test_ifeng_article_urls(url, is_article):
    assert IfengSpider().is_article_url(url) is is_article


def test_ifeng_later_pages_are_recognised_and_the_first_is_not():
    assert IfengSpider.later_page.fullmatch("14526474_1.shtml")["page"] == "1"
    assert IfengSpider.later_page.fullmatch("14526474_0.shtml") is None


def test_ifeng_mobile_host_is_the_desktop_article():
    assert (canonical_url("https://i.ifeng.com/c/8Wda7wwUnuC")
            == canonical_url("https://news.ifeng.com/c/8Wda7wwUnuC"))


def test_an_editors_staff_code_is_not_a_name():
    assert parse_metadata_line("[责任编辑：韩保林 PK155]").editors == ["韩保林"]
    assert parse_metadata_line("责任编辑：biaoffeng").editors == ["biaoffeng"]


@pytest.mark.parametrize(("url", "is_article"), [
    ("https://world.huanqiu.com/article/4GkN3qPz7Wb", True),
    ("https://3w.huanqiu.com/a/d80b1f/3yWyyCuSR4w", True),
    ("http://world.huanqiu.com/exclusive/2018-05/12001234.html", True),
    ("http://world.huanqiu.com/exclusive/2018-05/12001234_2.html", False),  # a later page
    ("https://v.huanqiu.com/article/4GkN6aBc3De", False),  # the video site
    ("https://photo.huanqiu.com/gallery/", False),
    ("https://3w.huanqiu.com/a/c36dc8?agt=20", False),  # an account's page
])
def test_huanqiu_article_urls(url, is_article):
    assert HuanqiuSpider().is_article_url(url) is is_article


def test_huanqiu_later_pages_are_recognised():
    assert HuanqiuSpider.later_page.fullmatch("12001234_2.html")["page"] == "_2"
    assert HuanqiuSpider.later_page.fullmatch("12001234.html") is None


@pytest.mark.parametrize(("paragraph", "outlet", "authors"), [
    ("【环球时报记者 林川】一场会谈8日开幕。", "环球时报", ["林川"]),
    ("【环球时报驻美国特约记者 张三 环球时报特约记者 李四】美国国会……", "环球时报", ["张三", "李四"]),
    ("【环球网报道 记者 王五】据报道……", "环球网", ["王五"]),
    ("【环球时报综合报道】据多家外媒报道……", "环球时报", []),
])
def test_a_bracketed_byline_opening_the_story_gives_outlet_and_authors(paragraph, outlet, authors):
    found = parse_dateline(paragraph)
    assert (found.dateline.outlet, found.authors) == (outlet, authors)
    assert paragraph.startswith(found.dateline.text)


@pytest.mark.parametrize("paragraph", ["【编者按】本报今起推出系列报道。", "【纠错】", "【记者手记】那天的雨很大。"])
def test_other_bracketed_openings_are_no_byline(paragraph):
    assert parse_dateline(paragraph) is None
