"""Charset decision: the bytes decide, declarations only when the bytes agree."""
from __future__ import annotations

import json
import logging

import pytest
from conftest import FIXTURES
from scrapy.http import HtmlResponse, Request, Response

from newscrawl.downloadermiddlewares.charset import CharsetMiddleware
from newscrawl.replay import load_fixture
from newscrawl.encoding.charset import CharsetDecision, decide_charset

ENCODING_FIXTURES = FIXTURES / "encoding"

STORY = (
    "本报讯 记者从市交通委获悉，今年全市将新开通公交线路二十条，优化调整线路四十五条，"
    "重点解决新建居住区和产业园区的出行难题。“我们会根据客流变化及时调整班次。”有关负责人说。"
)
TRADITIONAL_STORY = (
    "本報訊 記者從市交通委獲悉，今年全市將新開通公交線路二十條，優化調整線路四十五條，"
    "重點解決新建居住區和產業園區的出行難題。「我們會根據客流變化及時調整班次。」有關負責人說。"
)


def page(text: str, meta: str = "") -> str:
    head = f'<meta http-equiv="Content-Type" content="text/html; charset={meta}">' if meta else ""
    return f"<html><head>{head}<title>News</title></head><body><p>{text}</p></body></html>"


@pytest.mark.parametrize(
    "body, header, expected",
    [
        (page(STORY, "gb2312").encode("gbk"), "gb2312", CharsetDecision("gb18030", "http-header", True)),
        (page(STORY).encode("utf-8"), "utf-8", CharsetDecision("utf-8", "http-header", True)),
        (page(STORY, "gbk").encode("gbk"), None, CharsetDecision("gb18030", "meta", True)),
        # the header lies, the meta tells the truth
        (page(STORY, "gb2312").encode("gbk"), "utf-8", CharsetDecision("gb18030", "meta", True)),
        # both lie: the bytes win
        (page(STORY, "utf-8").encode("gbk"), "utf-8", CharsetDecision("gb18030", "detected", True)),
        (page(STORY, "gbk").encode("utf-8"), "gbk", CharsetDecision("utf-8", "detected", True)),
        # Apache's default ISO-8859-1 on a GBK page
        (page(STORY).encode("gbk"), "iso-8859-1", CharsetDecision("gb18030", "detected", True)),
        (page(STORY).encode("gbk"), None, CharsetDecision("gb18030", "detected", True)),
        (page(TRADITIONAL_STORY).encode("big5"), None, CharsetDecision("big5hkscs", "detected", True)),
        # a Big5 page declared GB2312 decodes under GB 18030, but as gibberish
        (page(TRADITIONAL_STORY, "gb2312").encode("big5"), None, CharsetDecision("big5hkscs", "detected", True)),
        (page(TRADITIONAL_STORY, "big5").encode("big5hkscs"), None, CharsetDecision("big5hkscs", "meta", True)),
        (b"\xef\xbb\xbf" + page(STORY, "gbk").encode("utf-8"), "gbk", CharsetDecision("utf-8", "bom", True)),
        (page("Hello, world").encode("ascii"), "iso-8859-1", CharsetDecision("cp1252", "http-header", True)),
        (page("Привет, мир. Это тестовая страница новостей.").encode("cp1251"), "windows-1251",
         CharsetDecision("cp1251", "http-header", True)),
        (b"", None, CharsetDecision("utf-8", "detected", True)),
        (page(STORY).encode("utf-8"), "no-such-charset", CharsetDecision("utf-8", "detected", True)),
    ],
)
def test_decide_charset(body, header, expected):
    assert decide_charset(body, header) == expected


def test_broken_bytes_fall_back_to_the_codec_losing_least():
    body = page(STORY * 20, "gb2312").encode("gbk")
    broken = body[:300] + b"\xff" + body[300:]  # 0xFF is never valid in GBK or UTF-8
    assert decide_charset(broken, "utf-8") == CharsetDecision("gb18030", "fallback", False)


def test_truncated_utf8_page_falls_back_to_utf8():
    body = page(STORY * 20).encode("utf-8")
    assert decide_charset(body[:-40] + body[-39:], None) == CharsetDecision("utf-8", "fallback", False)


# --- the middleware, on real responses ---------------------------------------------------

@pytest.fixture
def middleware(crawler):
    return CharsetMiddleware.from_crawler(crawler)


def fixture_response(name: str) -> tuple[Response, dict]:
    response = load_fixture(ENCODING_FIXTURES / f"{name}.json")
    expected = json.loads((ENCODING_FIXTURES / f"{name}.expected.json").read_text(encoding="utf-8"))
    return response.replace(request=Request(response.url)), expected


@pytest.mark.parametrize("name", ["utf8-header-gbk-body", "no-declaration-gbk", "big5-hkscs"])
def test_middleware_decodes_fixture_pages(middleware, crawler, name):
    response, expected = fixture_response(name)
    fixed = middleware.process_response(response.request, response)
    assert fixed.encoding == expected["encoding"]
    assert fixed.body == response.body
    assert fixed.meta["charset_decision"].reason == expected["encoding_reason"]
    assert fixed.css("h1::text").get() == expected["title"]
    assert "\n".join(fixed.css("div.content p::text").getall()) == expected["body"]
    assert crawler.stats.get_value(f"newscrawl/charset/{expected['encoding_reason']}") == 1


def test_middleware_passes_non_text_through(middleware, crawler):
    request = Request("http://www.dongfang-daily.example/logo.png")
    response = Response(request.url, body=b"\x89PNG\r\n\x1a\n\x00\x00", request=request)
    assert middleware.process_response(request, response) is response
    assert "charset_decision" not in request.meta
    assert crawler.stats.get_stats() == {}


def test_middleware_warns_and_counts_unclean_pages(middleware, crawler, caplog):
    url = "http://www.dongfang-daily.example/broken.html"
    body = page(STORY, "gb2312").encode("gbk") + b"\xff\xff"
    request = Request(url)
    response = HtmlResponse(url, body=body, headers={"Content-Type": "text/html; charset=gb2312"}, request=request)
    with caplog.at_level(logging.WARNING):
        fixed = middleware.process_response(request, response)
    assert fixed.encoding == "gb18030"
    assert STORY in fixed.text
    assert crawler.stats.get_value("newscrawl/charset/unclean") == 1
    assert crawler.stats.get_value("newscrawl/charset/fallback") == 1
    assert url in caplog.text


def test_big5_with_a_few_broken_bytes_is_not_read_as_gibberish_gb18030():
    """GB 18030 decodes nearly any bytes, so the codec that loses the fewest is not the
    answer: a Big5 page with two broken byte pairs is still Big5, marked unclean."""
    story = "市民政府工作會議經濟發展城市交通教育醫療科技文化體育旅遊農業環境今日報導記者新聞" * 20
    body = f"<html><head><meta charset='big5'></head><body><p>{story}</p></body></html>".encode("big5")
    body = body[:200] + b"\x81\x20" + body[200:400] + b"\xff\x30" + body[400:]
    assert decide_charset(body, None) == CharsetDecision("big5hkscs", "fallback", False)


def test_a_real_big5_page_with_invalid_sequences_is_big5(shared):
    page = (shared / "corpus" / "taiwanese-news-parser" / "spec" / "taiwanese_news_parser"
            / "parser" / "udn_s1.html")
    assert decide_charset(page.read_bytes(), None).encoding == "big5hkscs"


def refresh_page(before: int, after: int, charset: str) -> bytes:
    """A GBK/UTF-8 page whose <meta> refresh has about `before` characters of Chinese text
    before it and `after` after it."""
    def filler(chars):
        return "<p>" + "新闻正文" * (chars // 4) + "</p>"
    return (f'<html><head><meta charset="{charset}"><title>跳转</title></head><body>{filler(before)}'
            f'<meta http-equiv="refresh" content="0; url=/new.html">{filler(after)}</body></html>').encode(charset)


@pytest.mark.parametrize("charset", ["utf-8", "gbk"])
@pytest.mark.parametrize("before, after, followed", [
    (100, 0, True), (3000, 20000, True), (4200, 0, False), (20000, 0, False)])
def test_meta_refresh_is_followed_where_scrapy_looks_for_it(crawler, charset, before, after, followed):
    """The head-only middleware follows a refresh within the first 4,096 characters, as
    Scrapy's does on the whole text, and returns the whole response otherwise."""
    from scrapy.downloadermiddlewares.redirect import MetaRefreshMiddleware
    from newscrawl.downloadermiddlewares.metarefresh import HeadMetaRefreshMiddleware
    request = Request("https://news.example.cn/old.html")
    body = refresh_page(before, after, charset)
    answers = []
    for cls in (HeadMetaRefreshMiddleware, MetaRefreshMiddleware):
        response = HtmlResponse(request.url, body=body, encoding=charset, request=request)
        answers.append(cls.from_crawler(crawler).process_response(request, response))
    ours, scrapys = answers
    if followed:
        assert isinstance(ours, Request) and ours.url == scrapys.url == "https://news.example.cn/new.html"
    else:
        assert isinstance(scrapys, HtmlResponse) and ours.body == body and ours.encoding == scrapys.encoding
