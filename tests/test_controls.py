"""Control characters, escape sequences and bidi controls removed from every text field; long
titles cut."""
from __future__ import annotations

import pytest
from scrapy.utils.test import get_crawler

from newscrawl.items import Article, Image
from newscrawl.pipelines.encoding import EncodingFixPipeline
from newscrawl.encoding.controls import remove_controls
from newscrawl.encoding.repair import repair_text
from newscrawl.encoding.titles import capped_title

STORY = "上海发布高温预警，市民注意防暑。"


@pytest.mark.parametrize(
    "dirty, removed",
    [
        ("上海\x07发布\x00高温预警，市民注意防暑。", 2),  # BEL, NUL
        ("\x1b[2J\x1b[H上海发布高温预警，市民注意防暑。", 2),  # clear screen, cursor home
        ("上海\x1b[1;31m发布\x1b[0m高温预警，市民注意防暑。", 2),  # colours
        ("上海发布\x1b]0;pwned\x07高温预警，\x1b]8;;http://x.example/\x1b\\市民注意防暑。", 2),  # OSC
        ("上海发布\x1b(B高温预警\x1bM，市民注意防暑。", 2),  # charset designation, reverse index
        ("上海发布高温\x7f预警，市民注意防暑。", 1),  # DEL
        ("上海\u202e发布\u202c高温\u2067预警\u2069，\u200f市民\u061c注意防暑。", 6),  # bidi
        ("上海发布\x1bP1$qm\x1b\\高温预警，市民注意防暑。\x1b", 2),  # DCS string, a lone ESC
    ],
)
def test_controls_and_escape_sequences_are_removed_whole(dirty, removed):
    assert remove_controls(dirty) == (STORY, removed)
    result = repair_text(dirty)
    assert result.text == STORY and result.repairs == {"control-char": removed}


def test_tab_and_line_breaks_are_not_controls():
    assert remove_controls("第一段\t内容\n第二段\r\n") == ("第一段\t内容\n第二段\r\n", 0)


def test_c1_controls_are_removed():
    assert remove_controls("上海\x9b31m发布\x85高温预警，市民注意防暑。") == (STORY, 2)  # C1 CSI, NEL


def test_an_unterminated_osc_loses_no_text():
    assert remove_controls("上海\x1b]0;发布高温预警") == ("上海0;发布高温预警", 1)


def test_mojibake_c1_bytes_are_decoded_before_controls_go():
    # UTF-8 bytes read as Latin-1 hold C1 characters: the codec repair must see them first.
    garbled = "记者报道".encode("utf-8").decode("latin-1")
    assert any("\x80" <= char <= "\x9f" for char in garbled)
    assert repair_text(garbled).text == "记者报道"


@pytest.mark.parametrize(
    "title, limit, expected",
    [
        ("上海发布高温预警", 8, "上海发布高温预警"),
        ("上海发布高温预警，市民注意防暑降温，外出做好防护", 14, "上海发布高温预警"),
        ("Shanghai issues heat warning for the weekend", 30, "Shanghai issues heat warning"),
        ("上" * 50, 20, "上" * 20),  # no boundary: a hard cut
        ("上海，" + "热" * 40, 20, "上海，" + "热" * 17),  # boundary in the first half: a hard cut
        ("《上海发布》高温预警 市民注意防暑", 12, "《上海发布》高温预警"),
    ],
)
def test_capped_title(title, limit, expected):
    capped = capped_title(title, limit)
    assert capped == expected and len(capped) <= limit


def test_pipeline_cleans_every_field_and_cuts_a_huge_title():
    crawler = get_crawler(settings_dict={"TITLE_MAX_CHARS": 200})
    pipeline = EncodingFixPipeline.from_crawler(crawler)
    huge_title = "上海发布高温预警。" * 12000  # about 100 KB of <title>
    item = Article(url="http://www.dongfang-daily.example/c.html", site="generic",
                   title="\x1b[2J" + huge_title, subtitle="副\u202e标题", body=f"{STORY}\n第二\x07段。",
                   source="东方\x00日报", channel="社\x1b[31m会", authors=["王\u2066子涛"],
                   editors=["周\x7f敏"],
                   images=[Image("http://www.dongfang-daily.example/1.jpg", "市民\x1b[2J阅读", "康玉湛\u200e 摄")])
    item = pipeline.process_item(item)
    assert item.title == ("上海发布高温预警。" * 22)[:-1] and len(item.title) <= 200
    assert (item.subtitle, item.body, item.source, item.channel) == ("副标题", f"{STORY}\n第二段。", "东方日报", "社会")
    assert (item.authors, item.editors) == (["王子涛"], ["周敏"])
    assert (item.images[0].caption, item.images[0].credit) == ("市民阅读", "康玉湛 摄")
    assert "title:title-cut:1" in item.repairs and "title:control-char:1" in item.repairs
    assert crawler.stats.get_value("newscrawl/repair/control-char") == 9
    assert crawler.stats.get_value("newscrawl/repair/title-cut") == 1
