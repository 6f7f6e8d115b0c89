"""The national portals' layouts (Xinhua, CCTV, Sina, NetEase): the fixtures' template
details, and every real page of each portal in ../shared/corpus read by its spider's layout
(never the generic fall-back) with the right title and story (bench/portal_truth.json)."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from scrapy.http import HtmlResponse

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "bench"))

from portals import TRUTH, SpiderPath, portal_pages  # noqa: E402

from newscrawl.layouts.common import article_from_pages  # noqa: E402
from newscrawl.layouts.xinhua import XINHUA  # noqa: E402
from newscrawl.spiders.xinhua import XinhuaSpider  # noqa: E402

FIXTURES = REPO / "fixtures"
TRUTH_ENTRIES = [(site, entry["path"]) for site, entries in
                 json.loads(TRUTH.read_text(encoding="utf-8")).items() for entry in entries]


def fixture_page(layout, site: str, name: str):
    meta = json.loads((FIXTURES / site / f"{name}.json").read_text(encoding="utf-8"))
    body = (FIXTURES / site / meta["body"]).read_bytes()
    return layout.page(HtmlResponse(meta["url"], status=meta["status"], headers=meta["headers"],
                                    body=body))


@pytest.fixture(scope="module")
def spider_path() -> SpiderPath:
    return SpiderPath()


@pytest.mark.parametrize(("site", "path"), TRUTH_ENTRIES)
def test_every_real_portal_page_is_read_by_its_layout(shared, spider_path, site, path):
    page = next(p for p in portal_pages([site]) if p.path == shared / "corpus" / path)
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
