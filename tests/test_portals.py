"""The national portals' layouts (Xinhua, CCTV, Sina, NetEase): the fixtures' template
details, and every real page of each portal in ../shared/corpus read by its spider's layout
(never the generic fall-back) with the right title and story (bench/portal_truth.json)."""
from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from scrapy.http import HtmlResponse

REPO = Path(__file__).resolve().parents[1]

from conftest import crawl_replay
from bench.portals import TRUTH, SpiderPath, portal_pages

from newscrawl.layouts.common import article_from_pages, document
from newscrawl.layouts.cctv import CCTV
from newscrawl.layouts.netease import NETEASE
from newscrawl.layouts.portal import outlet_name
from newscrawl.layouts.sina import SINA
from newscrawl.layouts.xinhua import XINHUA
from newscrawl.spiders.cctv import CctvSpider, list_urls
from newscrawl.spiders.netease import NeteaseSpider
from newscrawl.spiders.sina import SinaSpider
from newscrawl.spiders.xinhua import XinhuaSpider
from newscrawl.urls import canonical_url

FIXTURES = REPO / "fixtures"
# (site, truth entry) per real page; a page whose truth names a known gap is an expected failure
TRUTH_ENTRIES = [pytest.param(site, entry, id=f"{site}:{entry['path'].rsplit('/', 1)[-1][:24]}",
                              marks=[pytest.mark.xfail(reason=entry["known_gap"], strict=True)]
                              if "known_gap" in entry else [])
                 for site, entries in json.loads(TRUTH.read_text(encoding="utf-8")).items()
                 for entry in entries]


def fixture_page(layout, site: str, name: str):
    meta = json.loads((FIXTURES / site / f"{name}.json").read_text(encoding="utf-8"))
    body = (FIXTURES / site / meta["body"]).read_bytes()
    return layout.page(HtmlResponse(meta["url"], status=meta["status"], headers=meta["headers"],
                                    body=body))


@pytest.fixture(scope="module")
def spider_path() -> SpiderPath:
    return SpiderPath()


@pytest.mark.parametrize(("site", "entry"), TRUTH_ENTRIES)
def test_every_real_portal_page_is_read_by_its_layout(shared, spider_path, site, entry):
    page = next(p for p in portal_pages([site]) if p.path == shared / "corpus" / entry["path"])
    if "template" in entry:
        layout = spider_path.loader.load(site).layout
        root = document(HtmlResponse(page.url, body=page.raw))
        assert layout.template_for(root).name == entry["template"]
    item = spider_path.article(site, page.url, page.raw)
    assert item is not None and item.extractor == "layout"
    assert item.title == page.title
    body = "".join(item.body.split())
    assert body.startswith("".join(page.first.split()))
    assert body.endswith("".join(page.last.split()))
    for snippet in page.without:
        assert "".join(snippet.split()) not in body, snippet


def test_xinhua_templates_of_the_fixtures():
    chosen = {name: XINHUA.template_for(_root("xinhua", name)).name
              for name in ("plain-2023", "photos-2019", "multipage-p1", "video")}
    assert chosen == {"plain-2023": "2023", "photos-2019": "2019", "multipage-p1": "2023-provincial",
                      "video": "2023"}


def _root(site: str, name: str):
    from newscrawl.extraction.dom import parse_html

    meta = json.loads((FIXTURES / site / f"{name}.json").read_text(encoding="utf-8"))
    return parse_html((FIXTURES / site / meta["body"]).read_bytes().decode("utf-8"))


def test_xinhua_editor_line_without_the_correction_button():
    got = fixture_page(XINHUA, "xinhua", "photos-2019")
    assert got.tail_lines == ["责任编辑： 黄鹏"]
    assert not any("纠错" in p or "图集" in p for p in got.paragraphs)


def test_xinhua_picture_story_pages_follow_the_pager_and_join():
    first = fixture_page(XINHUA, "xinhua", "multipage-p1")
    second = fixture_page(XINHUA, "xinhua", "multipage-p2")
    assert first.next_page_url == first.url + "?page=2"
    assert second.next_page_url == ""  # the last page links back only (上一页)
    joined = article_from_pages([first, second], site="xinhua")
    assert joined.pages == 2 and len(joined.images) == 2
    assert not any("下一页" in line for line in joined.body.split("\n"))


def test_xinhua_video_page_is_a_video_and_player_controls_are_no_text():
    assert fixture_page(XINHUA, "xinhua", "video").is_video
    text = "\n".join(fixture_page(XINHUA, "xinhua", "plain-2023").paragraphs)
    assert "Play Video" not in text


def test_xinhua_article_urls_and_later_pages():
    match = XinhuaSpider.article_url.match
    assert match("http://www.news.cn/politics/leaders/20240509/3dd6e33cc6d749fbaae01fea337ff400/c.html")
    assert match("http://www.he.news.cn/20240515/d59c39d4160a4fe4b3084c3e4abfb450/c.html")
    assert match("http://www.xinhuanet.com/world/2019-12/10/c_1125327450.htm")
    assert match("http://www.he.xinhuanet.com/news/2012-06/04/content_25340717.htm")
    assert not match("http://www.news.cn/local/index.html")
    later = XinhuaSpider.later_page.fullmatch("c_1125327450_2.htm")
    assert later and later["page"] == "_2"
    assert XinhuaSpider.later_page.fullmatch("c_1125327450.htm") is None


def test_outlet_printed_by_name_after_the_time():
    assert outlet_name("2016年05月25日10:10 新浪财经") == "新浪财经"
    assert outlet_name(" 2019-09-11 01:53 新浪科技") == "新浪科技"
    assert outlet_name("参考消息") == "参考消息"
    assert outlet_name("") == ""


def test_sina_outlet_without_label_and_editor_line():
    plain = fixture_page(SINA, "sina", "plain-2017")
    assert (plain.source, plain.channel) == ("北京青年报", "国内新闻")
    assert plain.tail_lines == ["责任编辑：王晓"]
    old = fixture_page(SINA, "sina", "finance-2014")
    assert (old.source, old.channel) == ("新浪财经", "银行")
    assert old.tail_lines == ["责任编辑：赵磊"]
    assert old.images == []  # the market chart is not an article picture


def test_sina_ads_and_topic_links_are_no_story_text():
    got = fixture_page(SINA, "sina", "photos-2017")
    text = "\n".join(got.paragraphs)
    assert "点击进入专题" not in text and "向海图强" not in text and "新浪新闻客户端" not in text
    assert [image.caption for image in got.images] == [got.paragraphs[0], got.paragraphs[2]]


def test_sina_video_page_is_a_video():
    got = fixture_page(SINA, "sina", "video")
    assert got.is_video
    assert not any("视频-" in p for p in got.paragraphs)


def test_sina_article_urls_desktop_and_mobile():
    match = SinaSpider.article_url.match
    assert match("https://news.sina.com.cn/c/2019-11-25/doc-iihnzahi3275702.shtml")
    assert match("http://finance.sina.com.cn/money/forex/forexroll/2016-05-25/doc-ifxsktkp9337164.shtml")
    assert match("https://finance.sina.cn/sa/2005-08-26/detail-ikknscsi2623250.d.html")
    assert not match("https://slide.news.sina.com.cn/s/slide_1_2841_612345.html")
    assert not match("https://news.sina.com.cn/china/")


def test_netease_editor_without_staff_code_and_outlet_link():
    old = fixture_page(NETEASE, "netease", "plain-2016")
    assert old.tail_lines == ["责任编辑：王琳"]  # printed "王琳_NN1234"
    assert (old.source, old.channel) == ("工人日报", "国内新闻")
    assert not any("本文来源" in p for p in old.paragraphs)
    new = fixture_page(NETEASE, "netease", "photos-2021")
    assert new.tail_lines == ["责任编辑：陈曦"]
    assert new.source == "新华社"  # not the IP place or the 举报 link after it


def test_netease_multi_page_story_follows_its_pager():
    first = fixture_page(NETEASE, "netease", "multipage-p1")
    second = fixture_page(NETEASE, "netease", "multipage-p2")
    assert first.next_page_url == "https://news.163.com/19/0614/07/EHGQ0V8R0001875P_2.html"
    assert second.next_page_url == ""
    assert not any("下一页" in p or "上一页" in p for p in first.paragraphs + second.paragraphs)
    later = NeteaseSpider.later_page.fullmatch("EHGQ0V8R0001875P_2.html")
    assert later and later["page"] == "_2"


def test_netease_video_page_is_a_video():
    assert fixture_page(NETEASE, "netease", "video").is_video


def test_netease_article_urls_and_mobile_hosts():
    match = NeteaseSpider.article_url.match
    assert match("https://news.163.com/19/0907/09/EOFBHDHQ0001899N.html")
    assert match("https://www.163.com/news/article/J3K8QF2M0001899O.html")
    assert match("https://www.163.com/dy/article/J22CN60P0514R9KQ.html")
    assert match("https://dy.163.com/v2/article/detail/EFDAIN1E054550F0.html")
    assert not match("https://www.163.com/v/video/VJ3K9AB12.html")
    assert not match("https://money.163.com/19/0907/13/EOFOC8MJ00258105.html")  # another site
    desktop = canonical_url("https://www.163.com/news/article/J3K8QF2M0001899O.html")
    assert canonical_url("https://m.163.com/news/article/J3K8QF2M0001899O.html") == desktop
    assert canonical_url("https://3g.163.com/news/article/J3K8QF2M0001899O.html") == desktop


def test_cctv_both_templates_and_the_editor_lines():
    new = fixture_page(CCTV, "cctv", "plain-2019")
    assert (new.source, new.channel) == ("央视新闻客户端", "国内")
    assert new.tail_lines == ["编辑：周宁 责任编辑：刘亮"]
    old = fixture_page(CCTV, "cctv", "old-2015")
    assert (old.title, old.source, old.channel) == ("北方多地提前供暖 保障居民温暖过冬", "央视网", "国内新闻")
    assert old.tail_lines == ["编辑：孙悦"]
    assert old.paragraphs[0].startswith("央视网消息") and not any("字号" in p for p in old.paragraphs)


def test_cctv_jsonp_list():
    assert list_urls('china({"data": {"list": [{"url": "https://news.cctv.com/a.shtml"}, {"title": "x"}]}});') == [
        "https://news.cctv.com/a.shtml"]
    with pytest.raises(ValueError, match="not a JSONP"):
        list_urls("<html>502 Bad Gateway</html>")
    with pytest.raises(ValueError, match="no data.list"):
        list_urls('china({"data": null})')


def test_cctv_unreadable_list_is_counted_and_the_crawl_goes_on(tmp_path):
    replay = tmp_path / "fixtures"
    shutil.copytree(FIXTURES / "cctv", replay / "cctv")
    (replay / "cctv" / "list-world.jsonp").write_text("<html>502 Bad Gateway</html>", encoding="utf-8")
    result = crawl_replay("cctv", tmp_path / "a.db", replay_dir=replay)
    assert result.returncode == 0, result.stderr[-2000:]
    assert "'newscrawl/list_unreadable': 1" in result.stderr
    assert re.search(r"list not read: https://news.cctv.com/\S*world_1.jsonp\S* \(not a JSONP", result.stderr)
    assert "'newscrawl/stored': 3" in result.stderr  # the china list's articles


def test_cctv_article_urls_and_mobile_host():
    match = CctvSpider.article_url.match
    assert match("https://news.cctv.com/2023/12/23/ARTIFqAHXSPzuNVnw2gfI8Lt231223.shtml")
    assert match("https://news.cctv.com/2013/05/31/VIDE1369989879849147.shtml")
    assert not match("https://tv.cctv.com/2024/06/12/VIDEtv00000000000000000000240612.shtml")
    assert not match("https://news.cctv.com/china/")
    url = "https://news.cctv.com/2023/12/23/ARTIFqAHXSPzuNVnw2gfI8Lt231223.shtml"
    assert canonical_url(url.replace("//news.", "//m.news.")) == canonical_url(url)
