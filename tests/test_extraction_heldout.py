"""General rules of the extraction for pages it was not tuned on (issue 12): each with a page
that needs it and a near miss that must stay as it was."""
import hashlib
import json
import random
import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from conftest import ROOT, SHARED

from newscrawl.encoding.charset import decide_charset
from newscrawl.extraction.bylines import leading_names, parse_metadata_line, reporters
from newscrawl.extraction.density import extract_article
from newscrawl.extraction.dom import holds_private_use, own_utf8, parse_html
from newscrawl.extraction.metadata import BADGES, SITE_NAME_META, TITLE_SEPARATORS, _without_site_name

SHANGHAI = ZoneInfo("Asia/Shanghai")
CORPUS = SHARED / "corpus"
needs_corpus = pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus absent")
PARAGRAPHS = [
    "上海市青浦区今天召开进博会城市服务保障工作推进会，部署下一阶段的各项任务。",
    "会议指出，要以更高标准、更实举措做好交通、安保、环境和志愿服务等保障工作。",
    "区有关部门负责人表示，将对照任务清单逐项落实，确保各项工作按时完成。",
]


def page(head: str, body: str) -> str:
    story = "".join(f"<p>{text}</p>" for text in PARAGRAPHS)
    return f"<html><head>{head}</head><body>{body.replace('STORY', story)}</body></html>"


# ---------------------------------------------------------------- titles


@pytest.mark.parametrize("head, body, title", [
    # site name before the title, the printed title in a span
    ("<title>站点电子报 - 果汁啤酒难分 饮料诱惑青少年</title>",
     '<div class="logo">站点电子报</div><span id="newtitle">果汁啤酒难分 饮料诱惑青少年</span><div>STORY</div>',
     "果汁啤酒难分 饮料诱惑青少年"),
    # a generic og:title; the <title> holds the story's
    ('<meta property="og:title" content="理财频道 - 某某电子报"><title>美方罕见批评反服贸｜财经焦点｜理财频道</title>',
     '<h2>财经焦点</h2><h1 class="highlight">美方罕见批评反服贸</h1><div>STORY</div>',
     "美方罕见批评反服贸"),
    # a date inside the headline, a badge inside the headline
    ("<title>冯光远谈反核运动的诉求 - 反核专题 - 某某电子报</title>",
     '<h1>冯光远谈反核运动的诉求 <span class="date">2014-04-30 23:54</span></h1><div>STORY</div>',
     "冯光远谈反核运动的诉求"),
    ("<title>青浦全力做好进博会保障--上海频道</title>",
     "<h2><span>原创</span>青浦全力做好进博会保障</h2><div>STORY</div>", "青浦全力做好进博会保障"),
    # a hidden share text with the site suffix does not pass for the headline
    ("<title>青浦全力做好进博会保障-某某网</title>",
     '<div style="display:none"><div class="share-title">青浦全力做好进博会保障-某某网</div></div>'
     '<div class="h-title">青浦全力做好进博会保障</div><div>STORY</div>', "青浦全力做好进博会保障"),
    # markup inside a meta title, a "(页 1)" suffix
    ('<meta property="og:title" content="&lt;b&gt;青浦全力做好进博会保障&lt;/b&gt;"><title>x</title>',
     "<div class='t'>青浦全力做好进博会保障</div><div>STORY</div>", "青浦全力做好进博会保障"),
    ("<title>青浦全力做好进博会保障 (页 1) - 论坛</title>", "<div>STORY</div>", "青浦全力做好进博会保障"),
    # a generic <title>: the nearest heading above the body
    ("<title>新闻中心</title>", "<h3>青浦全力做好进博会保障工作</h3><div>STORY</div>", "青浦全力做好进博会保障工作"),
    # ...an element named a title in pinyin or short, a line printed bold on its own
    ("<title>首页</title>", '<p class="biaoti">青浦全力做好进博会保障工作</p><div>STORY</div>', "青浦全力做好进博会保障工作"),
    ("<title>首页</title>", '<div class="wztit">青浦全力做好进博会保障工作</div><div>STORY</div>', "青浦全力做好进博会保障工作"),
    ("<title>某某新闻网</title>", '<table><tr><td align="center"><strong><font size="4">青浦全力做好进博会保障工作'
     "</font></strong></td></tr><tr><td>STORY</td></tr></table>", "青浦全力做好进博会保障工作"),
    # a story's title shorter than five characters, printed whole as the heading or element named a title
    ("<title>通知_某某区人民政府网站</title>", "<h1>通知</h1><div>STORY</div>", "通知"),
    ("<title>公告 - 某某区人民政府网站</title>", '<div class="tit">公告</div><div>STORY</div>', "公告"),
    # a hyphen inside a Latin word or number is no separator
    ("<title>COVID-19疫苗接种点调整通知 - 某某新闻网</title>", "<div>STORY</div>", "COVID-19疫苗接种点调整通知"),
])
def test_title_grounded_in_printed_text(head, body, title):
    assert extract_article(page(head, body), "http://example.com/a.html").title == title


T = "青浦全力做好进博会保障"
SITE = '<meta property="og:site_name" content="某某新闻网">'
GOV_SITE = '<meta name="sitename" content="某某市人民政府门户网站">'


@pytest.mark.parametrize("head, body", [
    # the declared site name joined by a space, the title printed nowhere
    (f"{SITE}<title>{T} 某某新闻网</title>", "<div>STORY</div>"),
    # a share text printing the title with its site name does not pass for the headline
    (f"{SITE}<title>{T}_某某新闻网</title>", f'<span class="share">{T}_某某新闻网</span><h1>{T}</h1><div>STORY</div>'),
    (f"<title>{T}_某某新闻网</title>", f'<span class="share">{T}_某某新闻网</span><h1>{T}</h1><div>STORY</div>'),
    # entities escaped twice in a meta title
    ('<meta property="og:title" content="&amp;lt;b&amp;gt;青浦全力做好进博会保障&amp;lt;/b&amp;gt;"><title>某某网</title>',
     "<div>STORY</div>"),
    # a bare page number, a forum engine's signature
    (f"<title>{T} 第2页 - 某某论坛</title>", "<div>STORY</div>"),
    (f"<title>{T} - 某某社区 - Powered by Discuz!</title>", "<div>STORY</div>"),
    # the site name that prefixes the <title> printed as a logo heading
    (f"<title>某某新闻网--{T}</title>", "<h1>某某新闻网</h1><div>STORY</div>"),
    # a generic <title> printed as the site's logo: the heading below the logo's box, above the body
    ("<title>某某市人民政府门户网站</title>", '<div class="top"><div class="logo">某某市人民政府门户网站</div></div>'
     f'<div class="main"><h2>{T}</h2><div>STORY</div></div>'),
    ("<title>某某市人民政府门户网站</title>", '<div class="top"><div class="logo">某某市人民政府门户网站</div></div>'
     f'<div class="main"><div class="title">{T}</div><div>STORY</div></div>'),
    # a generic <title>: an element named a title above the body
    ("<title>某某网-辟谣文章</title>", f'<div class="rumor-title">{T}</div><div>STORY</div>'),
    # the site name a logo prints (its picture's alt, its text, its title), joined by a space
    (f"<title>{T} 某某新闻网</title>", '<div class="logo"><a href="/"><img src="l.png" alt="某某新闻网"></a></div><div>STORY</div>'),
    (f"<title>某某新闻网 {T}</title>", '<a id="siteLogo" href="/">某某新闻网</a><div>STORY</div>'),
    (f"<title>{T} 某某新闻网</title>", '<a class="Logo" title="某某新闻网" href="/"></a><div>STORY</div>'),
    # a page counter
    (f"<title>{T}(2/3)_某某论坛</title>", "<div>STORY</div>"),
    (f"<title>{T} （1/12）</title>", "<div>STORY</div>"),
])
def test_title_without_the_site_name_and_page_furniture(head, body):
    assert extract_article(page(head, body), "http://example.com/a.html").title == T


@pytest.mark.parametrize("head, body, title", [
    # a declared site name inside the title, or at its end without a separator or space
    ('<meta property="og:site_name" content="进博会">' + f"<title>{T}</title>", "<div>STORY</div>", T),
    ('<meta property="og:site_name" content="进博会">' + "<title>上海全力筹办进博会</title>", "<div>STORY</div>",
     "上海全力筹办进博会"),
    # an ampersand that is the title's own
    ("<title>青浦&amp;嘉定全力做好进博会保障</title>", "<div>STORY</div>", "青浦&嘉定全力做好进博会保障"),
    # a page number and "powered by" that belong to the title's words
    ("<title>进博会保障手册第2页写了什么</title>", "<div>STORY</div>", "进博会保障手册第2页写了什么"),
    ("<title>新平台 Powered by 国产芯片</title>", "<div>STORY</div>", "新平台 Powered by 国产芯片"),
    # a child element at the heading's start that is no badge
    (f"{GOV_SITE}<title>某某市人民政府门户网站</title>", "<h1><span>青浦</span>全力做好进博会保障</h1><div>STORY</div>", T),
    # an element named a title that holds the time and 来源 line is no heading
    ("<title>某某网-辟谣文章</title>",
     f'<div class="rumor-title">{T}</div><div class="title-info">发布时间：2022-07-28 10:00 来源：某某网</div>'
     "<div>STORY</div>", T),
    ("<title>某某网-辟谣文章</title>",
     f'<div class="rumor-title">{T}</div><div class="title-nav">首页 > 辟谣文章 > 正文</div><div>STORY</div>', T),
    # a printed headline of a whole <title> keeps its subtitle and stays above a sidebar's heading
    (f"<title>{T}</title>", f'<div class="main"><div class="t">{T}</div><h2>副标题写在主标题下方</h2><div>STORY</div></div>', T),
    (f"<title>{T}</title>", f'<h3>今日热门新闻排行</h3><div class="main"><div class="t">{T}</div><div>STORY</div></div>', T),
    # an element named a title does not override the printed headline
    (f"<title>{T}_某某网</title>", f'<h1>{T}</h1><div class="sub-title">副标题写在标题下方</div><div>STORY</div>', T),
    # a name joined by a space that no logo prints; a logo's box holding a whole header
    (f"<title>{T} 某某新闻网</title>", "<div>STORY</div>", f"{T} 某某新闻网"),
    (f"<title>{T} 某某新闻网</title>", '<div class="logo-bar">某某新闻网 首页 新闻 财经 体育 娱乐 科技 汽车 房产</div><div>STORY</div>',
     f"{T} 某某新闻网"),
    # a fraction inside the title, a number after a slash that is the title's own
    ("<title>三分之二(2/3)的居民已接种疫苗</title>", "<div>STORY</div>", "三分之二(2/3)的居民已接种疫苗"),
    ("<title>沪指收涨1/3个百分点</title>", "<div>STORY</div>", "沪指收涨1/3个百分点"),
    # a button is not named a title; a bold lead-in of a paragraph is no heading
    ("<title>首页</title>", '<div class="btn">点击查看更多精彩内容</div><div>STORY</div>', "首页"),
    ("<title>某某新闻网</title>", "<p><strong>编者按：</strong>青浦全力做好进博会保障工作</p><div>STORY</div>", "某某新闻网"),
    # a short heading that is not the title's first part; a hyphen beside a Han character still cuts
    (f"<title>{T}_某某区人民政府网站</title>", "<h1>通知</h1><div>STORY</div>", T),
    (f"<title>{T}-某某新闻网</title>", "<div>STORY</div>", T),
])
def test_title_near_miss_words_of_the_title_stay(head, body, title):
    assert extract_article(page(head, body), "http://example.com/a.html").title == title


@pytest.mark.parametrize("meta", SITE_NAME_META)
def test_title_that_is_only_the_declared_site_name_is_no_title(meta):
    html = page(f'<meta name="{meta}" content="某某市人民政府门户网站"><title>某某市人民政府门户网站</title>',
                f'<div class="logo">某某市人民政府门户网站</div><h2>{T}</h2><div>STORY</div>')
    assert extract_article(html, "http://example.com/a.html").title == T
    # near miss: a title that holds the site's name and more is a title
    news = page(f'<meta name="{meta}" content="某某市人民政府门户网站"><title>某某市人民政府门户网站改版上线</title>',
                '<h1>某某市人民政府门户网站改版上线</h1><div>STORY</div>')
    assert extract_article(news, "http://example.com/a.html").title == "某某市人民政府门户网站改版上线"


@pytest.mark.parametrize("badge", sorted(BADGES))
def test_badge_before_the_heading_of_a_page_whose_title_is_printed_nowhere(badge):
    head = f"{GOV_SITE}<title>某某市人民政府门户网站</title>"
    html = page(head, f"<h1><span>{badge}</span>{T}</h1><div>STORY</div>")
    assert extract_article(html, "http://example.com/a.html").title == T
    # near miss: the badge word is the heading's own first word
    html = page(head, f"<h1>{badge}{T}</h1><div>STORY</div>")
    assert extract_article(html, "http://example.com/a.html").title == f"{badge}{T}"


def test_title_near_miss_site_name_alone_is_not_the_title():
    # the only printed text the <title> contains is the site's name: the longest title part stays
    html = page("<title>站点电子报 - 果汁啤酒难分 饮料诱惑青少年</title>",
                '<div class="logo">站点电子报</div><div>STORY</div>')
    assert extract_article(html, "http://example.com/a.html").title == "果汁啤酒难分 饮料诱惑青少年"


def test_title_near_miss_numbered_title_keeps_its_number():
    html = page("<title>新竹尖石美树营地赏枫 (2) - 博客</title>", "<div>STORY</div>")
    assert extract_article(html, "http://example.com/a.html").title == "新竹尖石美树营地赏枫 (2)"


# ---------------------------------------------------------------- bylines


@pytest.mark.parametrize(("line", "editors"), [
    ("编辑：陈静_NB2071", ["陈静"]),  # a staff code joined by an underscore
    ("[责任编辑：韩保林 PK155]", ["韩保林"]),  # ...or apart
    ("责任编辑：biaoffeng", ["biaoffeng"]),  # near miss: a Latin name without digits stays
    ("编辑：王小_二", ["王小_二"]),  # near miss: no digits, no code
])
def test_editor_staff_codes_are_not_part_of_the_name(line, editors):
    assert parse_metadata_line(line).editors == editors


@pytest.mark.parametrize(("value", "names"), [
    ("记者 王晓明 通讯员 刘芳 点击：1526 原标题：秋粮收购", ["王晓明", "刘芳"]),
    ("新华社记者 王晓明 2022-10-26 08:41", ["王晓明"]),
    ("王晓明、刘芳 来源 青石日报", ["王晓明", "刘芳"]),
    ("张三 眼下正是秋粮收购的关键时期，青石市各收储库点一派繁忙。", ["张三"]),  # near miss: the story goes on
    ("攝影：李四 標籤：秋收", []),  # near miss: another label, no name
])
def test_byline_names_after_the_author_label(value, names):
    assert leading_names(value) == names


@pytest.mark.parametrize(("text", "names"), [
    ("2022/07/28 14:05 記者王小明／台北報導 台北市長今日宣布", ["王小明"]),
    ("〔記者施曉光、吳亮儀／台北報導〕", ["施曉光", "吳亮儀"]),
    ("记者 张三/北京报道", ["张三"]),
    ("記者會上，市長說明政策／交通局報告進度", []),  # near miss: no names before the place
    ("记者从北京了解到，新线路明年开通。", []),  # near miss: no byline
])
def test_reporters_of_a_byline_that_says_where_they_report_from(text, names):
    assert reporters(text) == names


@pytest.mark.parametrize(("line", "authors", "editors"), [
    ("〔記者王小明／台北報導〕", ["王小明"], []),
    ("（編輯：李大同）1110728", [], ["李大同"]),  # a wire's date code after the closing byline
])
def test_closing_and_opening_bylines_of_taiwan_wires(line, authors, editors):
    found = parse_metadata_line(line)
    assert (found.authors, found.editors) == (authors, editors)


@pytest.mark.parametrize("line", ["（單位：元）1234567", "記者王小明／台北報導指出，市府將加碼補助。"])
def test_lines_that_only_look_like_wire_bylines_are_not_metadata(line):
    assert parse_metadata_line(line) is None


def test_authors_of_a_byline_with_role_words_are_the_names():
    html = page("<title>青浦全力做好进博会保障</title>",
                '<h1>青浦全力做好进博会保障</h1><div class="info">2022-07-28 08:41　来源：青浦报　'
                '作者：记者 王晓明 通讯员 刘芳　点击：1526</div><div class="text">STORY</div>')
    assert extract_article(html, "http://example.com/a.html").authors == ["王晓明", "刘芳"]


# ---------------------------------------------------------------- dates


def test_time_and_source_after_a_long_script_below_the_headline():
    script = "<script>var config = {" + "'slot': 'banner', " * 40 + "};</script>"
    html = page("<title>青浦全力做好进博会保障工作</title>",
                f'<h1>青浦全力做好进博会保障工作</h1>{script}<div class="info">2022-07-28 10:05 来源：青浦报</div>'
                '<div class="text">STORY</div>')
    article = extract_article(html, "http://example.com/a.html")
    assert article.published_at == datetime(2022, 7, 28, 10, 5, tzinfo=ZoneInfo("Asia/Shanghai"))
    assert article.source == "青浦报"


def test_a_date_or_source_inside_the_story_is_not_the_pages():
    # near miss: the lead sentence names an event's date; a 来源 label after the story began
    html = page("<title>雄安新区</title>",
                "<h1>雄安新区</h1><div class='text'><p>雄安新区是2017年4月1日设立的国家级新区。</p>STORY"
                "<p>新闻来源： 按赞加入粉丝团</p></div>")
    article = extract_article(html, "http://example.com/a.html")
    assert article.published_at is None and article.source == ""


def test_date_inside_the_headline_element():
    html = page("<title>冯光远谈反核运动的诉求 - 某某电子报</title>",
                '<h1>冯光远谈反核运动的诉求 <span class="date">2014-04-30 23:54</span></h1><div>STORY</div>')
    article = extract_article(html, "http://example.com/news.php?no=998521")
    assert article.published_at == datetime(2014, 4, 30, 23, 54, tzinfo=SHANGHAI)


def test_date_from_the_url_only_when_the_page_prints_none():
    html = page("<title>青浦全力做好进博会保障</title>", "<h1>青浦全力做好进博会保障</h1><div>STORY</div>")
    assert extract_article(html, "http://www.example.cn/local/2022-07/28/c_1128870913.htm").published_at \
        == datetime(2022, 7, 28, tzinfo=SHANGHAI)
    printed = html.replace("</h1>", "</h1><div>2022-07-29 10:00</div>")
    assert extract_article(printed, "http://www.example.cn/local/2022-07/28/c_1128870913.htm").published_at \
        == datetime(2022, 7, 29, 10, 0, tzinfo=SHANGHAI)


# ---------------------------------------------------------------- class names, streams, hidden text

COMMENT = "网友甲：这个消息很好，希望早日落实到位，大家都很期待。"
# Link lists that make the article box less than half of the page's text.
LINKS = '<ul class="list">' + "".join(f'<li><a href="/{n}.html">青浦新闻标题第{n}条消息</a></li>' for n in range(30)) + "</ul>"


def body_of(html: str) -> list[str] | None:
    article = extract_article(html, "http://example.com/a.html")
    return article.paragraphs if article else None


@pytest.mark.parametrize("box_class", [
    "article-content share", "main fontsize", "content tool-bar", "relative", "tools",
])
def test_widget_word_on_the_article_box_does_not_delete_it(box_class):
    html = page("<title>青浦全力做好进博会保障</title>",
                f'<h1>青浦全力做好进博会保障</h1><div class="{box_class}">STORY</div>{LINKS}')
    assert body_of(html) == PARAGRAPHS


@pytest.mark.parametrize("widget", [
    '<div class="share">分享到：微博 微信 QQ空间</div>',
    '<div class="related">相关新闻：青浦召开会议，部署进博会保障工作。</div>',
    '<div class="recommend-list">推荐阅读：青浦召开会议，部署进博会保障工作。</div>',
])
def test_widgets_beside_the_article_still_go(widget):
    html = page("<title>青浦全力做好进博会保障</title>",
                f'<h1>青浦全力做好进博会保障</h1><div class="text">STORY</div>{widget}')
    assert body_of(html) == PARAGRAPHS


@pytest.mark.parametrize("name", ['id="comments"', 'class="reply-list"', 'class="cmt_box"', 'id="liuyan"'])
def test_comment_stream_goes_whatever_its_size(name):
    comments = "".join(f"<p>{COMMENT}</p>" for _ in range(12))
    html = page("<title>青浦全力做好进博会保障</title>",
                f'<h1>青浦全力做好进博会保障</h1><div class="text">STORY</div><div {name}>{comments}</div>')
    assert body_of(html) == PARAGRAPHS


def test_commentary_is_not_a_comment_stream():
    html = page("<title>青浦全力做好进博会保障</title>",
                f'<h1>青浦全力做好进博会保障</h1><div class="commentary">STORY</div>{LINKS}')
    assert body_of(html) == PARAGRAPHS


def test_comment_named_container_holding_the_headline_stays():
    html = page("<title>青浦全力做好进博会保障</title>",
                '<div class="comment-wrap"><h1>青浦全力做好进博会保障</h1><div>STORY</div></div>')
    assert body_of(html) == PARAGRAPHS


def test_hidden_keyword_cloud_does_not_win():
    cloud = " ".join(f"关键词{n}" for n in range(400))
    html = page("<title>青浦全力做好进博会保障</title>",
                f'<div style="display: none">{cloud}</div><div class="text">STORY</div>')
    assert body_of(html) == PARAGRAPHS


def test_shown_unpunctuated_text_has_a_capped_weight():
    cloud = "<br>".join(f"关键词{n} 标签{n}" for n in range(400))
    html = page("<title>青浦全力做好进博会保障</title>", f'<div class="x">{cloud}</div><div class="text">STORY</div>')
    assert body_of(html) == PARAGRAPHS


def test_content_hidden_until_a_script_shows_it_stays():
    html = page("<title>青浦全力做好进博会保障</title>",
                '<div id="js_content" style="visibility: hidden;">STORY</div>')
    assert body_of(html) == PARAGRAPHS


def test_video_and_audio_fallback_text_is_not_body():
    html = page("<title>青浦全力做好进博会保障</title>",
                '<h1>青浦全力做好进博会保障</h1><div class="text"><video src="/v.mp4">您的浏览器不支持视频播放。</video>'
                '<audio src="/a.mp3">您的浏览器不支持音频播放。</audio>STORY</div>')
    assert body_of(html) == PARAGRAPHS


# ---------------------------------------------------------------- GB 18030 user-defined codes


def gb_page(title: bytes, charset: str) -> str:
    story = "".join(f"<p>{text}</p>" for text in PARAGRAPHS).encode("gbk")
    raw = (f'<html><head><meta charset="{charset}"><title>'.encode() + title + b"</title></head><body><h1>"
           + title + b"</h1><div>" + story + b"</div></body></html>")
    return raw.decode("gb18030")


def test_gb18030_user_defined_codes_are_characters_in_a_gb_page():
    # GBK's A3A0 (an ideographic space) and FE59 (龴, mapped by GB 18030-2005/2022)
    title = "青浦".encode("gbk") + b"\xa3\xa0" + "做好保障".encode("gbk") + b"\xfe\x59"
    article = extract_article(gb_page(title, "gbk"), "http://example.com/a.html")
    assert article.title == "青浦 做好保障\u9fb4"  # the ideographic space collapsed like any white space


@pytest.mark.parametrize("code", [0xE000, 0xE5E5, 0xEFFF, 0xF000, 0xF8FF,  # private use
                                  0xDFFF - 0x800, 0xF900, 0xFF0C, 0xFFFD, 0x10000, 0x3000, 0x4E2D])  # near misses
def test_private_use_is_found_in_the_utf8_bytes_as_in_the_text(code):
    text = f"正文{chr(code)}，结束"
    assert holds_private_use(text.encode("utf-8")) == ("\ue000" <= chr(code) <= "\uf8ff")


def test_private_use_code_points_of_other_pages_stay():
    # an icon font's code point in a UTF-8 page is not GB text
    html = page("<title>青浦全力做好进博会保障</title>", "<h1>青浦全力做好进博会保障\ue5e5</h1><div>STORY</div>")
    assert extract_article(html, "http://example.com/a.html").title == "青浦全力做好进博会保障\ue5e5"


# ---------------------------------------------------------------- the body's parts beside its element

STANDFIRST = "核心提示：进博会倒计时100天，青浦区全面进入冲刺阶段，各项保障工作按计划推进。"


def test_standfirst_before_the_body_element_is_part_of_the_body():
    html = page("<title>青浦全力做好进博会保障</title>",
                f'<h1>青浦全力做好进博会保障</h1><div class="summary">{STANDFIRST}</div><div class="text">STORY</div>')
    assert body_of(html) == [STANDFIRST, *PARAGRAPHS]


def test_link_list_or_widget_before_the_body_element_is_not_a_standfirst():
    html = page("<title>青浦全力做好进博会保障</title>",
                f'<h1>青浦全力做好进博会保障</h1><div class="x">{LINKS}</div>'
                '<div class="m-vote-wrap">调查问题加载中，请稍候。若长时间无响应，请刷新本页面</div>'
                '<div class="text">STORY</div>')
    assert body_of(html) == PARAGRAPHS


TABLE = "<table><tr><td>项目</td><td>金额（万元）</td></tr><tr><td>交通保障</td><td>1200</td></tr></table>"


def test_data_table_the_body_introduces_is_part_of_the_body():
    html = page("<title>青浦公布保障经费</title>",
                f'<h1>青浦公布保障经费</h1><div class="text">STORY<p>现将经费安排公示如下：</p></div>{TABLE}')
    assert body_of(html) == [*PARAGRAPHS, "现将经费安排公示如下：", "项目", "金额（万元）", "交通保障", "1200"]


def test_table_after_a_body_that_does_not_introduce_it_stays_out():
    html = page("<title>青浦公布保障经费</title>", f'<h1>青浦公布保障经费</h1><div class="text">STORY</div>{TABLE}')
    assert body_of(html) == PARAGRAPHS


# ---------------------------------------------------------------- pages of several posts

REPLIES = [
    "回复：说得很对，我们小区的志愿者也都报名了，大家一起为进博会出力，希望一切顺利，也希望交通管制期间公交能多开几班，方便上班的人。",
    "回复：去年也是这样安排的，效果很好。今年规模更大，相信青浦一定能做得更好，我们住在附近的居民也会积极配合各项工作安排。",
]


def post(author: str, when: str, paragraphs: list[str]) -> str:
    text = "".join(f"<p>{paragraph}</p>" for paragraph in paragraphs)
    return (f'<div class="post"><div class="author"><a href="/u/{author}">{author}的个人空间</a>'
            f' 发表于 {when}</div><div class="message">{text}</div></div>')


def test_forum_thread_first_post_is_the_article():
    posts = post("青浦居民张先生", "2022-07-28 10:00", PARAGRAPHS) + "".join(
        post(f"网友{n}号小王同学", f"2022-07-28 1{n}:00", [reply, reply]) for n, reply in enumerate(REPLIES, 1))
    html = page("<title>青浦全力做好进博会保障 - 社区论坛</title>",
                f'<h1>青浦全力做好进博会保障</h1><div class="thread">{posts}</div>')
    assert body_of(html) == PARAGRAPHS


def deep_post(number: int, author: str, when: str, paragraphs: list[str]) -> str:
    """A post in a forum template that nests the message nine levels below the post's box
    (Discuz's: a table per post, cells for the author and the message, boxes, a message table)."""
    text = "<br />".join(paragraphs)
    return (f'<div id="post_{number}"><table class="plhin"><tr><td class="pls">{author}</td><td class="plc">'
            f'<div class="pi"><em>发表于 {when}</em> | 只看该作者</div><div class="pct"><div class="pcb">'
            f'<div class="t_fsz"><table><tr><td class="t_f">{text}</td></tr></table></div></div></div>'
            f'<div class="po">回复 支持 反对 举报</div></td></tr></table></div>')


def test_forum_thread_nested_deep_in_its_template_first_post_is_the_article():
    # the first post is shorter than the reply after it: without the thread rule the reply wins
    replies = [REPLIES[0] * 3, REPLIES[1] * 3, REPLIES[0] + REPLIES[1]]
    posts = deep_post(1, "青浦居民张先生", "2022-7-28 10:02:17", PARAGRAPHS[:3]) + deep_post(
        2, "网友小王", "2022-7-28 10:35:40", replies)
    html = page("<title>青浦全力做好进博会保障 - 社区论坛 - Powered by Discuz!</title>",
                f'<h1><span id="thread_subject">青浦全力做好进博会保障</span></h1><div id="postlist">{posts}</div>')
    assert body_of(html) == PARAGRAPHS[:3]


def test_blog_front_page_first_post_is_the_article():
    entries = "".join(
        f'<div class="entry"><h2><a href="/p/{n}.html">青浦全力做好进博会保障（之{n}）</a></h2>'
        f'<div class="meta">2022-07-2{n} 10:00</div><div class="body">'
        + "".join(f"<p>{text}</p>" for text in PARAGRAPHS) + "</div></div>" for n in (1, 2, 3))
    html = page("<title>某某的博客</title>", f'<div class="posts">{entries}</div>')
    assert body_of(html) == PARAGRAPHS


def test_article_of_dated_sections_is_not_a_thread():
    # sections of one story, each with a heading and its own date line, stay one body
    sections = "".join(
        f'<div class="section"><h3>第{n}天</h3><p>{text}</p><p>{text}</p></div>' for n, text in enumerate(PARAGRAPHS, 1))
    html = page("<title>青浦全力做好进博会保障</title>", f'<h1>青浦全力做好进博会保障</h1><div class="text">{sections}</div>')
    assert len(body_of(html)) == 9


# ---------------------------------------------------------------- decisions on labelled pages


def test_quality_split_keeps_every_site_in_one_part_by_its_rule():
    split = json.loads((ROOT / "bench" / "quality_split.json").read_text("utf-8"))
    assert not set(split["dev"]) & set(split["test"])
    for part in ("dev", "test"):
        for site in split[part]:
            assert (int(hashlib.sha1(site.encode()).hexdigest(), 16) % 3 == 0) == (part == "test"), site


@needs_corpus
def test_no_labelled_taiwan_article_is_dropped_as_not_an_article():
    pages = []
    for folder in ("taiwanese-news-parser", "twnews"):
        truth = json.loads((CORPUS / folder / "DERIVED_ground_truth.json").read_text("utf-8"))
        pages += [CORPUS / folder / local for local in truth["pages"]]
    assert len(pages) == 34
    for path in pages:
        raw = path.read_bytes()
        html = raw.decode(decide_charset(raw, None).encoding, errors="replace")
        assert extract_article(html, "http://example.com/") is not None, path.name


@pytest.mark.parametrize("title, names, expected", [
    ("标题新闻_人民网", ["人民网"], "标题新闻"),
    ("人民网--标题新闻", ["人民网"], "标题新闻"),
    ("标题新闻 人民网", ["人民网"], "标题新闻"),
    ("人民网", ["人民网"], ""),
    ("COVID-19 Xinhua-Net", ["Net"], "COVID-19 Xinhua-Net"),  # a hyphen inside a word joins it
    ("Report 2-Net", ["Net"], "Report 2-Net"),
    ("Report - Net", ["Net"], "Report"),
    ("网站_标题_网站", ["网站"], "标题"),
])
def test_a_site_name_leaves_a_title_only_where_a_separator_joins_it(title, names, expected):
    assert _without_site_name(title, names) == expected


def test_site_names_leave_titles_as_a_pattern_built_of_each_name_would_cut_them():
    """_without_site_name finds the names with str methods; a regular expression made of each
    name (a compile per site) is the definition it must keep: random titles of names,
    separators, spaces, Latin letters, digits and hyphens."""
    def by_pattern(title: str, names: list[str]) -> str:
        for name in names:
            if title == name:
                return ""
            joint = rf"(?:{TITLE_SEPARATORS.pattern}|\s+)"
            title = re.sub(rf"^{re.escape(name)}{joint}|{joint}{re.escape(name)}$", "", title)
        return title

    pieces = ["人", "民", "网", "A", "b", "2", "-", "–", "_", "|", "｜", " ", "--", "——", "»", "::", "－", "›"]
    rng = random.Random(20261129)
    cut = 0
    for _ in range(20000):
        names = [("".join(rng.choice(pieces) for _ in range(rng.randint(1, 3))).strip() or "网")
                 for _ in range(rng.randint(1, 2))]
        title = "".join(rng.choice(names + ["标题", "A-2"]) if rng.random() < 0.5 else rng.choice(pieces)
                        for _ in range(rng.randint(1, 6)))
        expected = by_pattern(title, names)
        assert _without_site_name(title, names) == expected, (title, names)
        cut += expected != title
    assert cut > 2000  # the names were cut often enough for the comparison to say something


@pytest.mark.parametrize("body, encoding, expected_own", [
    ("<p>新闻正文。</p>".encode("utf-8"), "utf-8", True),
    ("<p>新闻正文。</p>".encode("utf-8"), "UTF8", True),  # any name of the codec
    (b"\xef\xbb\xbf" + "<p>新闻正文。</p>".encode("utf-8"), "utf-8", False),  # the text lost its BOM
    ("<p>新闻正文。</p>".encode("utf-8")[:-6] + b"\xff</p>", "utf-8", False),  # a byte lost to U+FFFD
    ("<p>新闻正文。</p>".encode("gbk"), "gbk", False),
    (b"\xff\xfe" + "<p>新闻</p>".encode("utf-16-le"), "utf-8", False),  # its BOM wins: read as UTF-16
])
def test_a_page_is_parsed_from_its_own_bytes_only_when_they_are_its_text_in_utf8(body, encoding, expected_own):
    from w3lib.encoding import html_to_unicode

    text = html_to_unicode(f"charset={encoding}", body)[1]
    own = own_utf8(body, encoding, text)
    assert (own is not None) == expected_own
    if own is not None:
        assert own == text.encode("utf-8")


def test_a_tree_parsed_from_a_pages_own_bytes_is_the_tree_of_its_text():
    from lxml import etree
    from w3lib.encoding import html_to_unicode

    pages = [path.read_bytes() for path in sorted((ROOT / "fixtures").rglob("*.html"))]
    if SHARED.is_dir():  # and the real pages, when they are beside the project
        pages += [path.read_bytes() for path in sorted((SHARED / "corpus").rglob("*.htm*"))[:120]]
    own = 0
    for body in pages:
        text = html_to_unicode("charset=utf-8", body)[1]
        utf8 = own_utf8(body, "utf-8", text)
        if utf8 is None:
            continue
        own += 1
        expected, found = parse_html(text), parse_html(text, utf8)
        assert (found is None) == (expected is None)
        if found is not None:
            assert etree.tostring(found) == etree.tostring(expected)
    assert own >= 20
