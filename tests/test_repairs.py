"""Text repairs, both ways: corrupted text is repaired, clean text passes byte-identical."""
from __future__ import annotations

import re
from collections import Counter

import pytest
from conftest import ROOT
from scrapy.http import Request
from scrapy.utils.test import get_crawler

from newscrawl.downloadermiddlewares.charset import CharsetMiddleware
from newscrawl.encoding.mojibake import fix_mojibake
from newscrawl.items import Article, Image
from newscrawl.layouts.common import article_from_pages
from newscrawl.layouts.people import PEOPLE
from newscrawl.pipelines.encoding import EncodingFixPipeline
from newscrawl.replay import load_fixture
from newscrawl.chars import LOST
from newscrawl.encoding.pinyin import is_reading, strip_inline_pinyin
from newscrawl.encoding.repair import repair_text
from newscrawl.chars import to_simplified
from newscrawl.encoding.script import detect_script
from newscrawl.encoding.whitespace import normalize_whitespace

SEED_000 = ROOT.parent / "shared" / "seeds" / "000_fd39e3bc880afcee.txt"

SIMPLIFIED = (
    "本报讯（记者 王子涛）7月27日，第二届中国国际进口博览会倒计时100天上海城市服务保障工作推进大会"
    "在国家会展中心（上海）举行。会议强调，要全力以赴提供一流城市服务保障，对标更高要求、展现更好水平。"
)
TRADITIONAL = (
    "【本報訊】港鐵公司昨日宣布，由下月起逢星期五、六及公眾假期前夕，東涌綫將加開深宵班次，"
    "尾班車延至凌晨一時三十分開出。港鐵發言人表示，公司會密切留意乘客量。（來源:綠色青浦）"
)
CLEAN_TEXTS = [
    SIMPLIFIED,
    TRADITIONAL,
    "The Second China International Import Expo will be held in Shanghai (AI) — “quotes” café, Grüße, Ñandú.",
    "进博会(上海)采用(AI)技术，(记者 王子涛)报道：你好吗?我很好!真的?是的。iPhone 15 售价 5999 元，涨幅 3.5%。",
    "全角标点：“引号”、『书名』《进博会》——破折号……省略号；分号：冒号！问号？（括号）",
    "深圳市罗湖区琦昕瑾珺昊晔煜，中国人民银行发布《2023年第四季度货币政策执行报告》。",
    "家庭 👨\u200d👩\u200d👧 表情，网站(wǎng zhàn)是注音以外的正常词语吗？不是。",
]


@pytest.mark.parametrize("text", CLEAN_TEXTS)
def test_clean_text_passes_unchanged(text):
    if "wǎng zhàn" in text:  # a genuine annotation: only that is removed
        text = text.replace("(wǎng zhàn)", "")
    result = repair_text(text)
    assert result.text == text
    assert not result.repairs and not result.defects


# --- corrupted text is repaired ----------------------------------------------------------

@pytest.mark.parametrize(
    "garble, kind",
    [
        (lambda s: s.encode("utf-8").decode("latin-1"), "mojibake-cp1252"),
        (lambda s: s.encode("utf-8").decode("cp1252", errors="ignore"), None),  # lossy: see below
        (lambda s: s.encode("gbk").decode("latin-1"), "mojibake-gbk-as-latin1"),
        (lambda s: s.encode("gbk").decode("cp1252", errors="strict"), "mojibake-gbk-as-latin1"),
    ],
)
def test_wrong_codec_is_undone(garble, kind):
    text = "人民网新闻：第二届进博会倒计时100天，“全力以赴”提供一流城市服务保障。"
    try:
        garbled = garble(text)
    except UnicodeDecodeError:
        pytest.skip("this text has a byte cp1252 cannot decode")
    if kind is None:
        return
    result = repair_text(garbled)
    assert result.text == text
    assert set(result.repairs) == {kind}


def test_utf8_read_as_gbk_is_undone():
    assert repair_text("浜烘皯缃戞柊闂籤").text == "人民网新闻`"  # the last byte took the next character
    text = "第二届中国国际进口博览会倒计时100天上海城市服务保障工作推进大会在国家会展中心举行"
    result = repair_text(text.encode("utf-8").decode("gbk", errors="replace"))
    # Python's GBK decoder drops one byte per pair it rejects: those characters are lost, and marked.
    kept = result.text.replace(LOST, "")
    assert result.repairs["mojibake-utf8-as-gbk"] == 2  # two runs: "100" stands between them
    assert re.fullmatch(re.sub("(.)", lambda m: f"(?:{re.escape(m.group(1))}|{LOST})", text), result.text)
    assert len(text) - len(kept) == result.defects["replacement-char"] == 5


def test_utf8_read_as_cp1252_losing_bytes_marks_them():
    text = "记者王子涛报道，市民说：“你好”。"
    garbled = text.encode("utf-8").decode("cp1252", errors="replace")  # 0x81 0x8d 0x8f 0x90 0x9d are lost
    result = repair_text(garbled)
    assert "mojibake-cp1252" in result.repairs
    assert LOST in result.text and "\ufffd" not in result.text
    assert re.fullmatch(re.sub("(.)", lambda m: f"(?:{re.escape(m.group(1))}|{LOST})", text), result.text)


def test_gbk_read_one_byte_out_of_step_is_realigned():
    text = "在疫情常态化防控下，全力确保“疫情防控更精准、服务保障更精细、城市运行更平稳”，在全球聚光灯下。"
    raw = text.encode("gbk")
    lost_byte = raw.index("保".encode("gbk"))  # the lead byte of 保 is lost
    garbled = (raw[:lost_byte] + b"?" + raw[lost_byte + 1:]).decode("gbk", errors="replace")
    assert "耙咔榉揽馗" in garbled
    result = repair_text(garbled)
    # 保 lost its lead byte; 更 its trail byte, which the decoder rejected (the U+FFFD ending the run)
    assert result.text == text.replace("确保", f"确{LOST}").replace("更精准", f"{LOST}精准")
    assert result.repairs == {"byte-shift": 1}
    assert result.defects == {"lost-char": 2}


@pytest.mark.parametrize(
    "garbled, repaired, kind, marks",
    [
        ("上海锟斤拷锟斤拷新闻", f"上海{LOST * 4}新闻", "replacement-char", 4),
        ("上海\ufffd\ufffd新闻", f"上海{LOST * 2}新闻", "replacement-char", 2),
        ("上海\ue3c9\ue094新闻", f"上海{LOST * 2}新闻", "private-use", 2),
    ],
)
def test_lost_data_is_marked_not_stored_as_text(garbled, repaired, kind, marks):
    result = repair_text(garbled)
    assert result.text == repaired
    assert result.defects == {kind: marks}


# --- pinyin --------------------------------------------------------------------------------

@pytest.mark.parametrize(
    "text, expected",
    [
        ("人民網(wǎng)上海頻道", "人民網上海頻道"),
        ("第五屆(jiè)進(jìn)博會(huì)", "第五屆進博會"),
        ("人民網（wǎng）", "人民網"),
        ("人民网(wang3)", "人民网"),
        ("长(zhǎng)大", "长大"),  # a heteronym: 长 reads cháng and zhǎng
        ("国家会展中心(上海)", "国家会展中心(上海)"),
        ("采用(AI)技术", "采用(AI)技术"),
        ("(记者 王子涛)", "(记者 王子涛)"),
        ("(來源:綠色青浦)", "(來源:綠色青浦)"),
        ("人民網(zhōng)", "人民網(zhōng)"),  # not a reading of 網
        (f"更精{LOST}zhǔn)、服務", f"更精{LOST}、服務"),  # its bracket was lost with its character
    ],
)
def test_inline_pinyin(text, expected):
    assert strip_inline_pinyin(text)[0] == expected


def test_is_reading_knows_traditional_characters():
    assert is_reading("jìn", "進") and is_reading("huì", "會") and is_reading("kuài", "會")
    assert not is_reading("wǎng", "會")


# --- white space and script -----------------------------------------------------------------

def test_whitespace():
    text = "\u3000\u3000本报讯\u00a0记者  王\u200b子涛 \r\n\r\n\u00a0\u00a0第二段\u3000内容。\ufeff"
    assert normalize_whitespace(text)[0] == "本报讯 记者 王子涛\n第二段\u3000内容。"


def test_script():
    assert detect_script(TRADITIONAL) == "Hant"
    assert detect_script(SIMPLIFIED) == "Hans"
    assert detect_script("English only") == ""
    assert to_simplified("第五屆進博會") == "第五届进博会"


# --- seed 000: the people.com.cn story through a converting, garbling mirror ---------------

# The story as people.com.cn published it (simplified; the mirror's ASCII punctuation kept).
# {...} are characters whose bytes the mirror lost: each must come out as LOST marks.
SEED_000_CLEAN = [
    "中国国际进口博览会是迄今为止世界上第一个以进口为主题的国家级展会,是国际贸易发展史上一大创举,五年来,进博会作为全球共享的公共产品,国际影响力不断扩大,成为构建新发展格局的窗口、高水平开放的载体、多边主义的舞台,成为众多全球新品的首发地、前沿技术的首选地、创新服务的首推地。",
    "第五届进博会将于今年11月5日至10日在国家会展中心(上海)举行,目前各项筹备工作正按计划稳步推进,国家展已有几十个国家确认参展,企业商业展签约面积超80%,世界500强和行业龙头企业超260家,药品、医疗器械、汽车等行业世界排名前10的知名企业将亮相第五届进博会,今年还将新增农作物种业专区、智慧出行专区、创新孵化消费板块等。",
    "作为进博会主战场,青浦区在前四届服务保障工作中,广大干部群众全体动员、全情投入、全力以赴,特别是在疫情常态化防控下,全力确{保}“疫情防控更精{准}、服务保障更精细、城市运行更平稳、溢出效应更显著、进博品牌更响亮”,在全球聚光灯下展现了青浦“上海之门、国际枢纽”的城市新形象。记者从青浦区商务委了解到,目前,青浦区对照市级总体方案和总{任务}书,已经形成《青浦区服务保障第五届中国国际进口博览会总体方案(送审稿)》和《青浦区服务保障第五届中国国际进口博览会任务书(送审稿)》,并已经召开第五届进博会前线指挥部办公室第1次例会,专题研究区级总体方案、任务书和前线指挥部办公室工作方案等相关情况。",
    "在服务保障工作方面,青浦区将继续沿用第四届服务保障工作运行机制,设立青浦区服务保障中国进口博览会前线指挥部,下设办公室以及综合协调、项目建设、产业对接、医疗卫生防疫、城市管理、安全保障、维护稳定、城市宣传、党群服务、联络接待10个专项工作组,统筹协调推进服务保障各项工作。",
    "与此同时,根据市交易团工作方案,本区已经制定了《第五届中国国际进口博览会上海青浦交易分团工作方案》和招商工作方案,继续发动招商百人团,用好进博大平台,把“参展商变投资商”。另外,青浦区还将积极组织申报第五届进博会配套活动,如“长三角数字干线”高质量发展推介会、中国国际公共采购论坛、第五届中国国际进口博览会溢出效应论坛、2022年康复辅助器具产业创新论坛、“品质生活国际论坛”等。",
    "作为主阵地,青浦区将按照习近平总书记关于进口博览会“办出水平、办出成效、越办越好”的重要指示精神,坚决扛起主场保障责任,把各项服务保障工作做得更扎实、更细致、更周全。",
]


def clean_except_lost(clean: str) -> re.Pattern[str]:
    """`clean` as a pattern in which each {lost run} may only be LOST marks."""
    parts = re.split(r"\{[^}]*\}", clean)
    return re.compile(f"{LOST}+".join(map(re.escape, parts)))


def test_seed_000_text_comes_out_clean():
    if not SEED_000.is_file():
        pytest.skip("../shared is not present")
    result = repair_text(SEED_000.read_text(encoding="utf-8"))
    simplified = to_simplified(result.text)
    for paragraph in SEED_000_CLEAN:
        assert any(clean_except_lost(paragraph).fullmatch(line) for line in simplified.split("\n")), paragraph
    assert "(责编:沐一帆、轩召〓" in simplified
    assert not re.search(r"[?\ufffd\ue000-\uf8ff]|[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ]", result.text)


def test_seed_000_fixture_page_through_middleware_and_pipeline():
    crawler = get_crawler(settings_dict={"TITLE_MAX_CHARS": 200})
    response = load_fixture(ROOT / "fixtures" / "people" / "seed000-mirror.json")
    response = response.replace(request=Request(response.url))
    response = CharsetMiddleware.from_crawler(crawler).process_response(response.request, response)
    item = article_from_pages([PEOPLE.page(response)], site="people")
    item = EncodingFixPipeline.from_crawler(crawler).process_item(item)
    assert item.script == "Hant"
    assert item.title == "第五屆進博會倒計時100天,看青浦如何全力做好準備"
    assert item.title_simplified == "第五届进博会倒计时100天,看青浦如何全力做好准备"
    body = item.body_simplified.split("\n")
    for paragraph in SEED_000_CLEAN:
        assert any(clean_except_lost(paragraph).fullmatch(line) for line in body), paragraph
    assert "body:byte-shift:1" in item.repairs
    assert any(entry.startswith("body:pinyin:") for entry in item.repairs)
    assert any(entry.startswith("body:lost-char:") for entry in item.defects)
    assert crawler.stats.get_value("newscrawl/repair/byte-shift") == 1
    assert crawler.stats.get_value("newscrawl/defect/lost-char") == item.body.count(LOST)


def test_pipeline_repairs_every_text_field_and_leaves_clean_items_alone():
    crawler = get_crawler(settings_dict={"TITLE_MAX_CHARS": 200})
    pipeline = EncodingFixPipeline.from_crawler(crawler)
    clean = Article(url="http://www.dongfang-daily.example/a.html", site="generic", title="上海发布高温预警",
                    body=SIMPLIFIED, source="东方日报", authors=["王子涛"],
                    images=[Image("http://www.dongfang-daily.example/1.jpg", "市民在图书馆阅读。", "康玉湛 摄")])
    item = pipeline.process_item(clean)
    assert (item.title, item.body, item.repairs, item.defects) == ("上海发布高温预警", SIMPLIFIED, [], [])
    assert (item.script, item.title_simplified, item.body_simplified) == ("Hans", item.title, item.body)

    garbled = Article(url="http://www.dongfang-daily.example/b.html", site="generic",
                      title="人民网新闻".encode("gbk").decode("latin-1"),
                      body=TRADITIONAL.replace("港鐵", "港鐵(tiě)"), editors=["周\u00a0敏 "],
                      images=[Image("http://www.dongfang-daily.example/2.jpg", "上海锟斤拷新闻")])
    item = pipeline.process_item(garbled)
    assert item.title == "人民网新闻" and item.body == TRADITIONAL and item.editors == ["周 敏"]
    assert item.images[0].caption == f"上海{LOST * 2}新闻"
    assert item.repairs == ["title:mojibake-gbk-as-latin1:1", "body:pinyin:2", "editors:whitespace:2"]
    assert item.defects == ["image_caption:replacement-char:2"]
    assert item.script == "Hant" and item.body_simplified == to_simplified(TRADITIONAL)


@pytest.mark.parametrize("text", ["————", "他停了一下————然后说", "……………"])
def test_typographic_dashes_and_ellipses_are_not_gbk_read_as_cp1252(text):
    """U+2014 is cp1252's 0x97, and 0x97 0x97 is GBK's 棗: a run of dashes must stay dashes."""
    assert fix_mojibake(text) == (text, Counter())
