import json
from datetime import datetime, timedelta, timezone
from statistics import mean
from zoneinfo import ZoneInfo

import pytest
from conftest import SHARED
from lxml import html as lxml_html

from newscrawl.items import Image
from newscrawl.extraction.density import extract_article
from newscrawl.extraction.dom import (
    clean_content_node,
    images_from_node,
    paragraphs_from_node,
    parse_html,
)

SHANGHAI = ZoneInfo("Asia/Shanghai")
CORPUS = SHARED / "corpus"

STORY = [
    "中新网上海7月27日电 (王子涛 姜煜 康玉湛)7月27日，第二届中国国际进口博览会倒计时100天上海城市服务保障工作推进大会在国家会展中心(上海)举行。",
    "商务部部长钟山出席并讲话，上海市委副书记、市长应勇主持会议。市人大常委会主任殷一璀、市政协主席董云虎出席。",
    "李强指出，办好进口博览会，是以习近平同志为核心的党中央交给我们的重大政治任务，是上海发展的重大机遇，要增强思想自觉和行动自觉。",
    "钟山指出，要按照进口博览会要“越办越好”的要求，加强联动，通力合作，统筹推进展览、论坛、城市服务保障等筹备工作。(完)",
]

# A reprint portal page in the slrbs/chinanews manner: navigation, breadcrumb, title, time and
# 来源 line, share and font-size widgets, the story with a photo and its caption, a 相关阅读
# list of teasers, a disclaimer and a footer.
PORTAL_PAGE = f"""<!DOCTYPE html>
<html><head><meta charset="utf-8">
<title>第二届进博会倒计时100天 上海城市服务保障工作推进大会举行_国内新闻_石林日报社</title>
<meta name="keywords" content="进博会,上海">
<script>var _hmt = _hmt || []; document.write("统计代码，不是正文。");</script>
<style>.nav {{ color: red }}</style>
</head><body>
<div class="top-bar"><a href="/">首页</a> | <a href="/login">登录</a> | <a href="/reg">注册</a></div>
<div id="nav"><ul><li><a href="/news/">新闻频道</a></li><li><a href="/news/guonei/">国内新闻</a></li>
<li><a href="/news/guoji/">国际新闻</a></li><li><a href="/shehui/">社会</a></li><li><a href="/tiyu/">体育</a></li></ul></div>
<div class="breadcrumb">当前位置：<a href="/">首页</a> » <a href="/news/">新闻频道</a> » <a href="/news/guonei/">国内新闻</a></div>
<div class="main">
 <div class="article">
  <h1>第二届进博会倒计时100天 上海城市服务保障工作推进大会举行</h1>
  <div class="info"><span>2019-07-27 20:58:14</span> <span>来源：中国新闻网</span> <span>作者：王子涛</span></div>
  <div class="fontsize">字号：<a href="#">大</a> <a href="#">中</a> <a href="#">小</a></div>
  <div class="content" id="text">
   <p>　　{STORY[0]}</p>
   <p>　　{STORY[1]}</p>
   <p style="text-align: center"><img src="/uploads/2019/07/27/jinbohui.jpg" width="600" height="400" alt=""></p>
   <p style="text-align: center">上海将举全市之力做好第二届进口博览会服务保障工作。 康玉湛 摄</p>
   <p>　　{STORY[2]}</p>
   <p>　　{STORY[3]}</p>
  </div>
  <div class="bdsharebuttonbox"><a class="bds_weixin" href="#">微信</a><a class="bds_tsina" href="#">微博</a>分享到：</div>
  <div class="related"><h3>相关阅读</h3><ul>
   <li><a href="/news/1.html">新型光催化剂将二氧化碳高选择性变身能源</a><p>科技日报讯 (记者吴长锋)记者从中国科学技术大学获悉，该校课题组设计了一种具有双金属活性位点的超薄纳米片催...</p><span>时间:07-29</span></li>
   <li><a href="/news/2.html">抢修管网、预测误差 能源领域AI强刷存在感</a><p>作为人类科学技术的前沿，人工智能因为在汽车工业、高端制造、互联网等众多领域的应用而广受社会关注。事实上...</p><span>时间:07-29</span></li>
  </ul></div>
 </div>
 <div class="sidebar"><h3>热点推荐</h3><ul><li><a href="/a.html">无人巴士、环卫机器人解锁城市生活新模式</a></li><li><a href="/b.html">他把卫星定轨精度精确到厘米</a></li></ul></div>
</div>
<div class="footer"><p>免责声明：本网对文中陈述、观点判断保持中立，不对所包含内容的准确性、可靠性或完整性提供任何明示或暗示的保证。</p>
<p>Copyright © 2019 石林日报社 版权所有 滇ICP备12345678号</p></div>
</body></html>"""

PORTAL_URL = "https://www.slrbs.com/news/guonei/2019-07-27/1040902.html"


@pytest.fixture(scope="module")
def portal_article():
    return extract_article(PORTAL_PAGE, PORTAL_URL)


def test_body_is_the_story_and_its_caption(portal_article):
    assert portal_article.paragraphs == [
        STORY[0], STORY[1], "上海将举全市之力做好第二届进口博览会服务保障工作。 康玉湛 摄", STORY[2], STORY[3],
    ]


def test_title_time_source_author(portal_article):
    assert portal_article.title == "第二届进博会倒计时100天 上海城市服务保障工作推进大会举行"
    assert portal_article.published_at == datetime(2019, 7, 27, 20, 58, 14, tzinfo=SHANGHAI)
    assert portal_article.source == "中国新闻网"
    assert portal_article.authors == ["王子涛"]


def test_image_absolute_with_caption_and_credit(portal_article):
    assert portal_article.images == [
        Image(
            url="https://www.slrbs.com/uploads/2019/07/27/jinbohui.jpg",
            caption="上海将举全市之力做好第二届进口博览会服务保障工作。",
            credit="康玉湛 摄",
        )
    ]


def test_title_from_page_title_without_site_suffix_when_no_headline_element():
    page = f"""<html><head><title>八部委如何玩转互联网+：打造万物互联新生态_网易财经</title>
    <meta property="article:published_time" content="2015-07-01T08:30:00+00:00"></head>
    <body><div class="post"><p>{STORY[1]}</p><p>{STORY[2]}</p></div></body></html>"""
    article = extract_article(page, "https://money.163.com/15/0701/08/A.html")
    assert article.title == "八部委如何玩转互联网+：打造万物互联新生态"
    assert article.published_at == datetime(2015, 7, 1, 8, 30, tzinfo=timezone.utc)
    assert article.published_at.utcoffset() == timedelta(0)


def test_people_layout_title_and_time_in_byline():
    page = f"""<html><head><meta charset="gb2312"><title>第五届进博会倒计时100天--上海频道--人民网</title></head>
    <body><div class="clearfix w1000_320 text_title"><h1>第五届进博会倒计时100天</h1>
    <div class="box01"><div class="fl">2022年07月28日17:02 | 来源：<a href="http://sh.people.com.cn/">人民网－上海频道</a></div></div></div>
    <div class="fl text_con_left"><div class="rm_txt_con cf"><p>　　{STORY[1]}</p><p>　　{STORY[2]}</p></div></div>
    </body></html>"""
    article = extract_article(page, "http://sh.people.com.cn/n2/2022/0728/c134768-40057410.html")
    assert article.title == "第五届进博会倒计时100天"
    assert article.published_at == datetime(2022, 7, 28, 17, 2, tzinfo=SHANGHAI)
    assert article.source == "人民网－上海频道"
    assert article.paragraphs == [STORY[1], STORY[2]]


LIST_PAGE = """<html><head><title>国内新闻_石林日报社</title></head><body>
<div class="nav"><a href="/">首页</a><a href="/news/">新闻</a></div>
<div class="list"><ul>""" + "".join(
    f'<li><a href="/news/guonei/2019-07-27/{n}.html">上海城市服务保障工作推进大会举行第{n}场</a><span>2019-07-27</span></li>'
    for n in range(40)
) + """</ul><div class="page"><a href="?p=2">下一页</a></div></div></body></html>"""

VIDEO_PAGE = """<html><head><title>进博会倒计时100天_视频_中国新闻网</title></head><body>
<h1>进博会倒计时100天</h1><div class="video-player"><video src="/v/1.mp4"></video>
<div class="controls">播放 暂停 全屏 倍速 1.0X 高清</div></div>
<div class="tags"><a href="/t/1">进博会</a></div></body></html>"""

NOT_FOUND_PAGE = """<html><head><title>404 Not Found</title></head><body>
<h1>404 Not Found</h1><p>您访问的页面不存在</p><a href="/">返回首页</a></body></html>"""


@pytest.mark.parametrize("page", [LIST_PAGE, VIDEO_PAGE, NOT_FOUND_PAGE], ids=["list", "video", "404"])
def test_pages_without_main_content_give_none(page):
    assert extract_article(page, "https://www.example.com/") is None


@pytest.mark.parametrize("page", ["", "   \n", "just some words", "\x00\x01\x02", "<html></html>"])
def test_odd_input_gives_none(page):
    assert extract_article(page, "https://www.example.com/") is None


def test_xml_declaration_with_encoding_is_accepted():
    page = '<?xml version="1.0" encoding="gb2312"?>\n' + PORTAL_PAGE
    assert extract_article(page, PORTAL_URL).paragraphs[0] == STORY[0]


def test_huge_page_still_extracts():
    filler = "".join(f'<li><a href="/n/{n}.html">其他新闻标题第{n}条</a></li>' for n in range(25000))
    page = PORTAL_PAGE.replace('<div class="footer">', f'<div class="list"><ul>{filler}</ul></div><div class="footer">')
    assert len(page) > 1_000_000
    assert extract_article(page, PORTAL_URL).paragraphs[-1] == STORY[3]


def node(fragment: str) -> lxml_html.HtmlElement:
    return lxml_html.fragment_fromstring(fragment, create_parent="div")


def test_paragraphs_split_on_blocks_and_br_and_keep_figure_captions():
    content = node(
        "<p>第一段，<b>加粗</b>的文字。</p>第二段在div里。<br>第三段，&nbsp;&nbsp;空白   被合并。"
        "<figure><img src='a.jpg'><figcaption>图为会场。 新华社记者 郭敬丹 摄</figcaption></figure>"
        "<script>var x = '不是正文';</script><div>最后一段。</div>"
    )
    assert paragraphs_from_node(content) == [
        "第一段，加粗的文字。", "第二段在div里。", "第三段， 空白 被合并。",
        "图为会场。 新华社记者 郭敬丹 摄", "最后一段。",
    ]


def test_paragraphs_drop_link_lists_but_keep_sentences_with_links():
    content = node(
        '<p>据<a href="/x">新华社</a>报道，会议今天召开。</p>'
        '<p><a href="/1">相关新闻一</a> <a href="/2">相关新闻二</a></p>'
    )
    assert paragraphs_from_node(content) == ["据新华社报道，会议今天召开。"]


def test_clean_content_node_removes_widgets_and_keeps_prose():
    content = node(
        '<div class="share-box">分享到：微信 微博</div>'
        '<div class="fontSize">字号：大 中 小</div>'
        '<div id="printBtn" class="print">打印</div>'
        '<div class="breadcrumb">首页 » 新闻</div>'
        '<div role="navigation">导航</div>'
        f'<div class="top-content"><p>{STORY[1]}</p></div>'
        '<div class="top"><a href="/">返回顶部</a></div>'
        f'<p>{STORY[2]}</p>'
    )
    clean_content_node(content)
    assert paragraphs_from_node(content) == [STORY[1], STORY[2]]


def test_subtree_texts_are_each_elements_text_content_and_prose_runs():
    from newscrawl.extraction.dom import _is_prose, _subtree_texts
    pages = [parse_html(
        f'<html><body><div class="top">甲<!-- 注释，不算。注释，不算。注释，不算。注释 -->{STORY[1]}<span>乙</span>'
        f'{STORY[2]}<div><p>丙</p>丁</div></div>尾巴<p class="share">分享</p></body></html>')]
    if CORPUS.is_dir():  # and real pages
        pages += [parse_html(path.read_bytes().decode("utf-8", "replace"))
                  for path in sorted(CORPUS.rglob("*.html"))[:40]]
    for root in pages:
        body = root.find("body")
        table = _subtree_texts(body)
        assert set(table) == set(body.iter())
        for element in body.iter():
            assert table[element] == (len(element.text_content()),
                                      any(_is_prose(text) for text in element.itertext())), element


def test_widgets_nested_a_thousand_deep_are_cleaned_as_shallow_ones():
    # a thousand elements named by a position word, each around the next, the prose at the
    # bottom: each holds prose and is kept; the share box inside the last is removed
    content = parse_html('<html><body><div class="top">字' * 1000 + '<div class="share">分享到：微信 微博</div>'
                         f'<p>{STORY[1]}</p>' + "</div>" * 1000 + "</body></html>").find("body")
    clean_content_node(content)
    assert paragraphs_from_node(content) == ["字"] * 1000 + [STORY[1]]


def test_clean_content_node_keeps_the_headline_container():
    root = parse_html(
        f'<html><body><div class="comment-free-layout"><h1>标题</h1><p>{STORY[1]}</p></div>'
        '<div class="comment"><p>网友评论：说得好。</p></div></body></html>'
    )
    body = root.find("body")
    clean_content_node(body, keep=root.find(".//h1"))
    assert paragraphs_from_node(body) == ["标题", STORY[1]]


def test_images_skip_icons_tiny_and_inline_data_and_use_lazy_source():
    content = node(
        '<img src="/img/logo.png"><img src="data:image/gif;base64,R0lG"><img src="/s.jpg" width="20">'
        '<p><img src="/loading.gif" data-original="//img.example.com/photo.jpg"></p>'
        "<p>图为现场。</p>"
    )
    assert images_from_node(content, "https://www.example.com/a/b.html") == [
        Image(url="https://img.example.com/photo.jpg", caption="图为现场。", credit="")
    ]


# ---------------------------------------------------------------- real pages (../shared)

needs_corpus = pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus absent")


def bag_f1(extracted: str, truth: str) -> float:
    from collections import Counter

    got, want = Counter("".join(extracted.split())), Counter("".join(truth.split()))
    overlap = sum((got & want).values())
    if not overlap:
        return 0.0
    precision, recall = overlap / sum(got.values()), overlap / sum(want.values())
    return 2 * precision * recall / (precision + recall)


@needs_corpus
def test_magic_html_benchmark_pages_mean_f1():
    from newscrawl.encoding.charset import decide_charset

    truth = json.loads((CORPUS / "magic-html/DERIVED_ground_truth_subset.json").read_text("utf-8"))
    scores = []
    for name, entry in truth.items():
        raw = (CORPUS / "magic-html/benchmark/data/article/htmls" / name).read_bytes()
        page = raw.decode(decide_charset(raw, None).encoding, errors="replace")
        article = extract_article(page, entry["url"])
        scores.append(bag_f1("\n".join(article.paragraphs) if article else "", entry["content"]))
    # measured 0.93 with bench/quality.py (NFKC there); readability-lxml scores 0.90 on these pages
    assert mean(scores) >= 0.90


@needs_corpus
def test_netease_list_pages_are_not_articles():
    from newscrawl.encoding.charset import decide_charset

    pages = sorted((CORPUS / "gerapy/samples/list").glob("netease_*.html"))
    assert pages
    for path in pages:
        raw = path.read_bytes()
        page = raw.decode(decide_charset(raw, None).encoding, errors="replace")
        assert extract_article(page, "https://news.163.com/") is None, path.name


def test_lead_sentence_with_a_date_is_story_not_byline():
    lead = "据央视新闻消息，2024年5月16日，无锡市中级人民法院一审公开开庭审理了一起受贿案。"
    page = f"""<html><head><title>受贿案开庭</title></head><body><h1>受贿案开庭</h1>
    <div class="info">2024-05-16 10:21 来源：央视新闻</div>
    <div class="article"><p>{lead}</p><p>{STORY[1]}</p><p>{STORY[2]}</p></div></body></html>"""
    article = extract_article(page, "https://news.example.com/a.html")
    assert article.paragraphs == [lead, STORY[1], STORY[2]]


def test_short_story_beside_a_stream_of_long_teasers():
    teaser = "另一则新闻的长摘要，讲述了别的事情，内容很长，" * 12 + "结尾完整。"
    stream = "".join(
        f'<li class="item"><span>来源·{n}小时前</span><h3><a href="/n/{n}.html">另一则新闻标题第{n}条</a></h3>'
        f"<p>{teaser}</p></li>"
        for n in range(5)
    )
    page = f"""<html><head><title>义大利公开赛 茲韦列夫封王</title></head><body>
    <div class="main"><article><header><h1>义大利公开赛 茲韦列夫封王</h1></header>
    <div class="body"><p>{STORY[1]}</p><p>{STORY[3]}</p></div></article></div>
    <div class="side"><ul class="stream">{stream}</ul></div></body></html>"""
    article = extract_article(page, "https://hk.news.example.com/a.html")
    assert article.paragraphs == [STORY[1], STORY[3]]


def test_list_of_teasers_under_the_headline_is_a_list():
    entries = "".join(
        f'<div class="entry"><a href="/n/{n}.html">另一则新闻标题第{n}条</a><p>{STORY[n % 4]}</p></div>'
        for n in range(6)
    )
    page = f"""<html><head><title>要闻</title></head><body><div class="col"><h1>要闻</h1>
    {entries}</div></body></html>"""
    assert extract_article(page, "https://news.example.com/") is None


def test_sections_cut_short_by_an_expander_are_still_the_article():
    page = f"""<html><head><title>夜雨</title></head><body><div class="main">
    <div class="left"><div class="s1"><h1>夜雨</h1></div>
      <div class="s2"><p>作者：白居易</p><div class="poem">我有所念人，隔在远远乡。<br>我有所感事，结在深深肠。</div></div>
      <div class="s3"><h3>译文</h3><div>{STORY[1]}<br>{STORY[2][:40]}...</div></div>
      <div class="s3"><h3>赏析</h3><div><p>{STORY[2]}{STORY[3][:30]}...</p></div></div></div>
    <div class="right"><div><h3><a href="/a">白居易</a></h3><table><tr><td></td>
      <td>{STORY[0]}</td></tr></table></div></div></div></body></html>"""
    article = extract_article(page, "https://poems.example.com/1")
    assert STORY[1] in article.paragraphs and STORY[0] not in article.paragraphs


def test_body_is_the_text_element_not_its_parent_with_headline_and_follow_line():
    page = f"""<html><head><title>定了！邮轮母港即将开通！地铁直达+免税城...</title></head><body>
    <div class="main"><div class="content"><div class="path">澎湃号 > 中国广州发布</div>
    <h1>定了！邮轮母港即将开通！地铁直达+免税城...</h1>
    <div class="author">中国广州发布 <span>关注</span></div>
    <div class="txt">{STORY[1]}<br><br>{STORY[2]}<br><br>{STORY[3]}</div>
    <div class="editor">发送邮件至zhengwu@example.cn申请加入政务号或媒体团</div></div></div></body></html>"""
    article = extract_article(page, "https://www.example.com/news_1.html")
    assert article.paragraphs == [STORY[1], STORY[2], STORY[3]]


def test_a_disclaimer_outweighing_a_short_story_is_not_the_body():
    lead = "据财联社9月26日消息，今日从交通运输部新闻发布会获悉，京津冀交通一体化建设取得积极成效。"
    page = f"""<html><head><title>交通运输部：打造京津冀综合交通网络</title></head><body>
    <div class="name"><h1>交通运输部：打造京津冀综合交通网络</h1></div>
    <div class="layout"><div class="w600"><div class="box"><p>{lead}</p><p>{STORY[1]}</p></div></div></div>
    <div class="statement"><p>【免责声明】本文仅代表作者本人观点，与本网无关。本网对文中陈述、观点判断保持中立，不对所包含内容的准确性、可靠性或完整性提供任何明示或暗示的保证。请读者仅作参考，并请自行承担全部责任。投资者据此操作，风险自担，本网不承担任何责任，特此声明，敬请留意，谢谢合作。</p></div>
    </body></html>"""
    article = extract_article(page, "https://news.example.com/1.html")
    assert article.paragraphs == [lead, STORY[1]]


def test_encyclopedia_reference_list_is_not_article_text():
    references = "".join(
        f'<li><span class="reference-text"><a href="/r/{n}">雄安新区设立第{n}年</a>. 新华网. 2017-04-01 [2023-06-13]. （原始内容存档于2023-06-13）.</span></li>'
        for n in range(8)
    )
    page = f"""<html><head><title>雄安新区 - 维基百科</title></head><body><div id="content">
    <h1>雄安新区</h1><div class="mw-parser-output"><p>{STORY[1]}<sup class="reference">[1]</sup></p>
    <h2>历史</h2><p>{STORY[2]}</p><h2>参考文献</h2>
    <div class="reflist"><ol class="references">{references}</ol></div></div></div></body></html>"""
    article = extract_article(page, "https://zh.wikipedia.org/wiki/a")
    assert article.paragraphs == [STORY[1], "历史", STORY[2], "参考文献"]
