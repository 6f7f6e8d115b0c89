"""Page objects on saved pages: HtmlResponses built from the fixture bytes and headers."""
from __future__ import annotations

import json
from dataclasses import replace
from datetime import datetime

import pytest
from conftest import FIXTURES, SHARED
from scrapy.http import HtmlResponse, Request
from scrapy.utils.test import get_crawler

from newscrawl.downloadermiddlewares.charset import CharsetMiddleware
from newscrawl.layouts.cctv import CCTV
from newscrawl.layouts.chinanews import CHINANEWS
from newscrawl.layouts.cms import CMS_TEMPLATE
from newscrawl.layouts.common import Layout, LayoutPage, article_from_pages
from newscrawl.layouts.huanqiu import HUANQIU
from newscrawl.layouts.ifeng import IFENG
from newscrawl.layouts.netease import NETEASE
from newscrawl.layouts.people import PEOPLE
from newscrawl.layouts.sina import SINA
from newscrawl.layouts.tencent import TENCENT
from newscrawl.layouts.thepaper import THEPAPER
from newscrawl.layouts.xinhua import XINHUA
from newscrawl.extraction.dom import parse_html
from newscrawl.replay import load_fixture
from newscrawl.spiders.cms import SlrbsSpider

SEEDS = SHARED / "seeds"
LAYOUTS = {"people": PEOPLE, "chinanews": CHINANEWS, "slrbs": SlrbsSpider.layout, "xinhua": XINHUA,
           "sina": SINA, "netease": NETEASE, "cctv": CCTV, "tencent": TENCENT,
           "thepaper": THEPAPER, "ifeng": IFENG, "huanqiu": HUANQIU}


def response(site: str, name: str) -> HtmlResponse:
    return load_fixture(FIXTURES / site / f"{name}.json")


def page(site: str, name: str) -> LayoutPage:
    return LAYOUTS[site].page(response(site, name))


def expected(site: str, name: str) -> dict:
    return json.loads((FIXTURES / site / f"{name}.expected.json").read_text(encoding="utf-8"))


# Article fixtures whose text needs no repair (the seed-000 page's expected item is the
# repaired text; test_seed_000_page_... checks what its layout reads).
ARTICLES = [(path.parent.name, path.name.removesuffix(".expected.json"))
            for site in LAYOUTS for path in sorted((FIXTURES / site).glob("*.expected.json"))
            if not path.name.startswith("seed000")]


@pytest.mark.parametrize(("site", "name"), ARTICLES)
def test_layout_reads_the_header_fields_of_every_article_fixture(site, name):
    got, want = page(site, name), expected(site, name)
    assert got.title == want["title"]
    assert got.published_at == datetime.fromisoformat(want["published_at"])
    assert got.channel == want["channel"]
    for field in ("subtitle", "source"):
        if field in want:
            assert getattr(got, field) == want[field], field
    assert got.paragraphs and not got.is_video


@pytest.mark.parametrize(("site", "name"), [a for a in ARTICLES if "multipage" not in a[1]])
def test_every_expected_body_line_comes_from_the_layouts_text(site, name):
    """The pipelines only remove and trim: each expected line is in a layout paragraph."""
    got = page(site, name)
    text = "\n".join(got.head_lines + got.paragraphs + got.tail_lines)
    for line in expected(site, name)["body"].split("\n"):
        assert line in text


def test_people_2016_template_fields_and_editor_note():
    got = page("people", "plain-2016")
    assert got.source == "人民网-上海频道"
    assert got.head_lines == ["记者 李婧"]
    assert got.tail_lines == ["(责编：陈菲扬、王文)"]
    assert got.paragraphs[0].startswith("人民网上海7月27日电")
    assert not any("相关新闻" in p or "分享让更多人看到" in p for p in got.paragraphs)


def test_people_photos_have_absolute_urls_captions_and_credits():
    got = page("people", "photos-2020")
    assert [image.__dict__ for image in got.images] == expected("people", "photos-2020")["images"]
    # the QR code and share icon are not article pictures
    assert not any("MAIN2022080109" in image.url or "share" in image.url for image in got.images)


def test_people_multi_page_links_to_the_next_page_until_the_last():
    first, second, last = (page("people", f"multipage-p{n}") for n in (1, 2, 3))
    assert first.next_page_url == "http://www.people.com.cn/n1/2022/0726/c32306-32485214-2.html"
    assert second.next_page_url == "http://www.people.com.cn/n1/2022/0726/c32306-32485214-3.html"
    assert last.next_page_url == ""
    assert not any("下一页" in p or "【2】" in p for p in first.paragraphs)
    joined = article_from_pages([first, second, last], site="people")
    assert joined.pages == 3
    assert joined.url == first.url
    lines = joined.body.split("\n")
    assert lines[0] == "本报记者 谢卫群" and lines[-1] == "(责编：胡永秋、杨光宇)"
    assert lines.count("(责编：胡永秋、杨光宇)") == 1  # printed on every page, kept once
    assert len(lines) == 2 + sum(len(p.paragraphs) for p in (first, second, last))
    assert all(line in lines for line in expected("people", "multipage-p1")["body"].split("\n"))


def test_people_video_page_is_marked_as_video():
    got = page("people", "video")
    assert got.is_video
    assert got.title == "视频｜夏日黄浦江畔的清晨"


def test_people_missing_fields_stay_empty():
    got = page("people", "missing-fields")
    assert (got.subtitle, got.source, got.head_lines, got.tail_lines) == ("", "", [], [])


def test_seed_000_page_gives_the_seed_text_as_the_mirror_served_it():
    if not SEEDS.is_dir():
        pytest.skip("../shared is not present")
    seed = (SEEDS / "000_fd39e3bc880afcee.txt").read_text(encoding="utf-8").split("\n")
    got = page("people", "seed000-mirror")
    assert got.title == seed[3]
    assert got.channel == "上海頻道"
    assert got.published_at == datetime.fromisoformat("2022-07-28T17:02:00+08:00")
    assert got.paragraphs == [seed[i] for i in (8, 10, 12, 14, 16, 18, 20)]
    assert got.tail_lines == [seed[22]]


def test_chinanews_editor_note_and_source_from_the_time_line():
    got = page("chinanews", "seed002-original")
    assert got.tail_lines == ["【编辑:田博群】"]
    assert got.source == "中国新闻网"
    assert got.paragraphs[-1].endswith("(完)")
    assert not any("参与互动" in p or "相关新闻" in p for p in got.paragraphs)


def test_chinanews_2022_template_without_source_or_editor():
    got = page("chinanews", "missing-fields")
    assert (got.source, got.tail_lines, got.images) == ("", [], [])


def test_slrbs_seed_002_page_keeps_related_list_and_disclaimer_out_of_the_story():
    got = page("slrbs", "seed002-reprint")
    text = "\n".join(got.paragraphs)
    assert got.source == "中国新闻网" and got.channel == "国内新闻"
    assert text.startswith("中新网上海7月27日电")
    assert got.paragraphs[-1].endswith("以优异成绩庆祝新中国成立70周年。(完)")
    assert "相关阅读" not in text and "免责声明" not in text and "时间:07-29" not in text
    assert [image.url for image in got.images] == [
        "http://www.slrbs.com/uploads/allimg/190727/1-1ZH7210001.jpg"]


def test_a_second_cms_portal_is_a_layout_with_other_class_names():
    html = ("<html><body><div class='crumbs'><a href='/'>首页</a> » <a href='/news/'>本地新闻</a></div>"
            "<div class='detail'><h2 class='t'>标题</h2><p class='meta'>2021-03-04 05:06:07</p>"
            "<p class='from'>来源:某某日报</p><div class='txt'><p>第一段正文。</p><p>第二段正文。</p></div></div>"
            "</body></html>")
    other = Layout(templates=(replace(CMS_TEMPLATE, marker="div.detail", title=("div.detail h2.t",),
                                       time=("p.meta",), source=("p.from",), body=("div.txt",),
                                       breadcrumb=("div.crumbs",)),))
    got = other.page(HtmlResponse("http://www.example.cn/a/1.html", body=html.encode("utf-8"),
                                  headers={"Content-Type": "text/html; charset=utf-8"}))
    assert (got.title, got.source, got.channel) == ("标题", "某某日报", "本地新闻")
    assert got.paragraphs == ["第一段正文。", "第二段正文。"]
    assert got.published_at == datetime.fromisoformat("2021-03-04T05:06:07+08:00")


def test_a_drifted_layout_finds_nothing():
    """What the spider's generic fall-back is for: selectors that no longer match."""
    raw = response("people", "plain-2016")
    drifted = raw.replace(body=raw.body.replace(b"text_title", b"article_head").replace(b"rwb_zw", b"zw"))
    got = PEOPLE.page(drifted)
    assert got.title == "" and got.paragraphs == []


def test_people_channel_template_on_a_real_health_people_page(shared):
    """health.people.com.cn's channel template (div.articleCont), served as UTF-8 under a
    GB2312 <meta>: read by the layout, not left to the generic fall-back."""
    body = (shared / "corpus" / "magic-html" / "benchmark" / "data" / "article" / "htmls"
            / "45fcfa7d6741f4361646905a7fdbd1928f6c00e8d4ff29c44c9a51e40b6b2607.html").read_bytes()
    url = "http://health.people.com.cn/n1/2024/0517/c14739-40237861.html"
    raw = HtmlResponse(url, body=body, headers={"Content-Type": "text/html"}, request=Request(url))
    decoded = CharsetMiddleware.from_crawler(get_crawler()).process_response(raw.request, raw)
    got = PEOPLE.page(decoded)
    assert got.title == "关注青少年心理健康“心成长”服务项目启动"
    assert got.published_at == datetime.fromisoformat("2024-05-17T08:59:00+08:00")
    assert (got.source, got.channel) == ("北京青年报", "健康·生活")
    assert got.tail_lines == ["(责编：郝帅、杨迪)"]
    assert len(got.paragraphs) == 3 and "本报讯" in got.paragraphs[0]
    assert got.paragraphs[-1].endswith("扩大影响力和覆盖面。")


def test_one_template_reads_the_whole_page():
    """The switch picks one template per page by its marker: a 2016 header above a body
    printed as the 2020 template prints it gives no body, never a mix of the two."""
    html = ("<html><body><div class='text_title'><h1>二〇一六年模板的标题</h1></div>"
            "<div class='rm_txt_con'><p>二〇二〇年模板的正文第一段，写得足够长。</p></div></body></html>")
    got = PEOPLE.page(HtmlResponse("http://sh.people.com.cn/n2/2022/0728/c1-2.html",
                                   body=html.encode("utf-8"),
                                   headers={"Content-Type": "text/html; charset=utf-8"}))
    assert PEOPLE.template_for(parse_html(html)).name == "2016"
    assert got.title == "二〇一六年模板的标题" and got.paragraphs == []
