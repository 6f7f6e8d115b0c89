"""Text-level boilerplate stripping: every rule kind, both scripts, the seeds, and what must stay."""
from __future__ import annotations

import re
from functools import cache

import opencc
import pytest

from newscrawl.items import Dateline
from newscrawl.extraction.boilerplate import (
    LINE_RULES,
    WIDGET_TOKENS,
    classify_line,
    collapse_doubled,
    is_furniture,
    split_tail,
    strip_boilerplate,
)
from newscrawl.encoding.repair import repair_text

OPENING = ("7月27日,第二届中国国际进口博览会倒计时100天上海城市服务保障工作推进大会在国家会展中心(上海)举行。"
           "上海市委书记李强在会上强调,要全力以赴提供一流城市服务保障。")
CLOSING = ("钟山指出,要按照进口博览会要“越办越好”的要求,加强联动,通力合作,统筹推进展览、论坛、城市服务保障等"
           "筹备工作,确保越办越好,持续打造国际一流博览会。")

# One or more lines per kind; each must leave the body between two story paragraphs.
BOILERPLATE_LINES: dict[str, list[str]] = {
    "breadcrumb": ["首页  »  新闻频道  »  国内新闻", "人民网>>上海频道", "当前位置：首页 > 新闻中心 > 正文",
                   "首页 > 正文", "您所在的位置： 首页 > 快讯 > 公司"],
    "font_size": ["小字号", "字号：大 中 小", "【字体：大 中 小】"],
    "print": ["【打印】", "打印本页"],
    "close": ["【关闭窗口】", "关闭"],
    "share": ["分享让更多人看到", "分享到：微信 微博 QQ空间", "收藏", "+1", "分享、点赞、在看，三连走起~",
              "记得点赞+在看！"],
    "comment": ["发表评论", "评论(12)", "我要跟帖", "已输入0字"],
    "back_to_top": ["返回顶部", "【回到顶部】"],
    "navigation": ["返回首页", "上一篇：上海举行进博会城市服务保障推进会", "阅读全文"],
    "correction": ["【我要纠错】", "纠错"],
    "player": ["语音播报文章，释放双眼", "加载中"],
    "gallery": ["图集", "【高清组图】", "点击查看大图"],
    "disclaimer": [
        "免责声明:本网对文中陈述、观点判断保持中立,不对所包含内容的准确性、可靠性或完整性提供任何明示或暗示的保证。",
        "本网站所刊载信息，不代表中新社和中新网观点。 刊用本网站稿件，务经书面授权。",
        "（本文系转载，不代表本网观点）",
        "版权所有 © 1997-2022 人民网",
        "凡本网注明“来源：XXX（非本网）”的作品，均转载自其它媒体。",
        "未经授权禁止转载",
        "39健康网(www.39.net)专稿，未经书面授权请勿转载。",
        "本作品为“科普中国-科学原理一点通”原创，转载时务请注明出处。",
        "平台声明：该文观点仅代表作者本人，搜狐号系信息发布平台，搜狐仅提供信息存储空间服务。",
        "【免责声明】本文仅代表作者本人观点，与本网无关。本网对文中陈述、观点判断保持中立。",
        "以上内容（包括图片及视频）为创作者平台“快传号”用户上传并发布，本平台仅提供信息存储服务",
        "声明：某某新闻力求信息真实准确，文章提及内容仅供参考，不构成实质性投资建议。",
    ],
    "app_prompt": ["扫一扫，分享到微信朋友圈", "扫描二维码下载人民日报客户端", "下载新京报客户端，阅读更多精彩内容",
                   "关注中国新闻网微信公众号", "人民日报客户端下载",
                   "更多“疫情一刀切政策怎么投诉举报”的相关经验资讯请关注www.qushijing.com",
                   "回复【进博会】查看更多资讯", "欢迎关注我们，后台回复“报名”即可获取表格", "点击菜单栏“服务”进入办事大厅",
                   "更多精彩内容，欢迎下载新京报客户端", "第一时间获取资讯，请关注上海发布微信公众号",
                   "点击上方蓝字关注我们", "↑ 点击上方“青浦发布”，关注我们", "欢迎关注我们！"],
    "original_title": ["原标题：第五届进博会倒计时100天", "（原题：青浦全力做好进博会保障）"],
    "post_furniture": ["已被阅读1024次", "本文已被浏览 36 次", "第1页/共3页", "发表于 2022-07-28 10:00",
                       "引用通告地址: http://blog.example.com/trackback/1"],
    "credits": ["采写：张三 李四", "执笔人：王五", "供稿：区委宣传部", "摄影：赵六", "原创：张三", "译/李四", "编译/林靖东"],
    "timestamp": ["2019-07-27 20:58:14", "2022年07月28日17:02 |", "发布时间：2020-01-02 10:00",
                  "2005年8月25日（来源：上海证券报）"],
    "source": ["来源:中国新闻网", "（来源：人民网－上海频道）"],
    "editors": ["【编辑:王琴】", "(责编:沐一帆、轩召强)", "责任编辑：张三 李四", "责任编辑：",
                "【纠错】 【责任编辑:张樵苏 】", "责任编辑：张三_AB1234"],
    "authors": ["本报记者 张景阳", "作者：李四", "文/王五", "(记者郭敬丹、仇逸)"],
    "counter": ["浏览次数：1024", "阅读："],
    "location": ["发布于：北京市", "IP属地：上海"],
}
CONVERTERS = ("s2t", "s2tw", "s2hk")


@cache
def _converter(config: str) -> opencc.OpenCC:
    return opencc.OpenCC(config)  # building one takes a noticeable fraction of a second


def _stripped(line: str):
    return strip_boilerplate([OPENING, line, CLOSING])


def test_every_rule_table_kind_has_examples():
    assert set(WIDGET_TOKENS) | set(LINE_RULES) - {"related"} <= set(BOILERPLATE_LINES)


@pytest.mark.parametrize("kind,line", [(k, line) for k, lines in BOILERPLATE_LINES.items() for line in lines])
def test_boilerplate_line_leaves_the_body(kind, line):
    body = _stripped(line)
    assert body.paragraphs == [OPENING, CLOSING]
    assert body.removed[kind] >= 1


@pytest.mark.parametrize("converter", CONVERTERS)
@pytest.mark.parametrize("kind,line", [(k, lines[0]) for k, lines in BOILERPLATE_LINES.items()])
def test_traditional_forms_match_too(kind, line, converter):
    convert = _converter(converter).convert
    body = strip_boilerplate([convert(OPENING), convert(line), convert(CLOSING)])
    assert body.paragraphs == [convert(OPENING), convert(CLOSING)]
    assert body.removed[kind] >= 1


ARTICLE_SENTENCES = [
    "该公司在免责声明中写明,对用户上传内容的准确性不承担责任,法院认为这一条款不能免除其审核义务。",
    "免责声明能否免责?律师表示,格式条款排除对方主要权利的无效。",
    "记者在相关阅读材料中发现,这一做法早在2015年就已写入地方规定。",
    "相关新闻报道发出后,当地政府连夜召开会议,部署整改工作。",
    "记者从青浦区商务委了解到,目前各项筹备工作正按计划稳步推进。",
    "来源于民间的创意,正在成为城市更新的重要力量。",
    "图集显示,新馆的展厅面积比旧馆扩大了一倍。",
    "+1的投票结果出乎所有人的意料。",
    "分享经济在上海发展迅速。",
    "扫一扫就能付款的日子,老人们也开始习惯了,但仍有不少人更愿意使用现金,这需要商家保留多种支付方式。",
    "版权保护是进博会的重要议题,多家展商表示,将在展会期间发布新品并同步申请专利。",
    "打印机、扫描仪等办公设备的进口额同比增长12%。",
    "Evi1m0：去年跨过的客户端",
    "本网记者从市交通委获悉,地铁2号线将延长运营时间。",
    "上海将举全市之力做好第二届进口博览会服务保障工作。 康玉湛 摄",
    # near misses of the rules above
    "原标题一度引发争议,编辑部随后作了修改。",
    "市民回复说,希望地铁能再延长运营时间,方便夜间出行。",
    "点击量超过十万的视频里,他介绍了菜单栏的设计思路。",
    "这篇文章已被阅读超过十万次,评论区里网友各抒己见。",
    "他说:“第1页的数据有误,共3页的报告需要重印。”",
    "译者在序言中写道,这本书花了她整整三年时间。",
    "摄影爱好者们一早就来到公园,等待拍摄日出。",
    "声明发布后,公司股价力求稳定的努力收效甚微。",
    "他关注公众号已经三年了,每天都会阅读推送的文章。",
    "市民可以下载随申办客户端,在线预约进博会期间的停车位,目前已有两万多人完成预约。",
    "他分享、点赞了这条视频后,账号被封。",
    "点击上方的按钮后,页面没有任何反应,市民只好拨打热线求助。",
    "越来越多的年轻人开始关注我们身边的非遗手艺。",
    "往期推荐的几本书都已售罄,出版社正在加印。",
]


@pytest.mark.parametrize("sentence", ARTICLE_SENTENCES)
def test_article_text_that_mentions_a_phrase_stays(sentence):
    body = _stripped(sentence)
    assert body.paragraphs == [OPENING, sentence, CLOSING]
    assert not body.removed


@pytest.mark.parametrize("line", [line for lines in BOILERPLATE_LINES.values() for line in lines]
                         + ARTICLE_SENTENCES + ["相关阅读", "|"])
def test_furniture_is_what_classify_line_reports_without_metadata(line):
    kinds, metadata = classify_line(line)
    assert is_furniture(line) == bool(kinds and metadata is None)


def test_furniture_lines_and_metadata_lines_are_told_apart():
    assert is_furniture("【打印】【关闭】") and is_furniture("未经授权禁止转载")
    assert not is_furniture("来源:中国新闻网") and not is_furniture("分享经济在上海发展迅速。")


def test_related_list_goes_with_its_teasers_and_dates_and_the_story_resumes():
    teaser_with_metadata = "来源:科技日报"
    body = strip_boilerplate([
        OPENING, "• 相关阅读", "新型光催化剂将二氧化碳高选择性变身能源",
        "新型光催化剂将二氧化碳高选择性变身能源  科技日报讯 (记者吴长锋)记者从中国科学技术大学获悉,该校合肥微尺度物质科学国家研究"
        "中心孙永福教授、谢毅教授课题组设计了一种具有双金属活性位点的超薄纳米片催...",
        "时间:07-29", teaser_with_metadata, "“探索一号”科考船上如何进行垃圾分类？", CLOSING,
    ])
    assert body.paragraphs == [OPENING, CLOSING]
    assert body.removed["related"] == 6
    assert body.source == ""  # a teaser's 来源 is the teased story's


@pytest.mark.parametrize("heading", ["往期推荐", "往期阅读", "推荐文章"])
def test_a_wechat_list_of_earlier_posts_goes_with_its_teasers(heading):
    body = strip_boilerplate([OPENING, heading, "▶ 流感高发季，这些防护要点要记牢", "▶ 我市启动老年人免费体检", CLOSING])
    assert body.paragraphs == [OPENING, CLOSING]
    assert body.removed["related"] == 3


def test_featured_box_heading_takes_its_tab_labels_along():
    body = strip_boilerplate([OPENING, "重点推荐", "证券要闻", "行业动态", "公司新闻"])
    assert body.paragraphs == [OPENING]
    assert body.removed["related"] == 4


def test_a_date_line_is_metadata_above_the_story_and_the_document_date_below_it():
    body = strip_boilerplate(["2017年4月1日", OPENING, "中共中央 国务院", "2017年4月1日"])
    assert body.paragraphs == [OPENING, "中共中央 国务院", "2017年4月1日"]
    assert body.removed == {"date": 1}


def test_inline_related_heading_with_one_teaser():
    body = _stripped("相关新闻：上海举行进博会城市服务保障推进会")
    assert body.paragraphs == [OPENING, CLOSING]
    assert body.removed["related"] == 1


def test_end_mark_closes_the_story():
    body = strip_boilerplate([OPENING, CLOSING + "(完)", "【编辑:王琴】", "本期推出的专题还有《城市更新十年》等,敬请期待。"])
    assert body.paragraphs == [OPENING, CLOSING]
    assert body.removed["end_mark"] == 1
    assert body.removed["after_end"] == 1
    assert body.editors == ["王琴"]  # a byline after (完) is still read


@pytest.mark.parametrize("mark", ["(完)", "（完）", "【完】", "(全文完)", "-END-", "——完——"])
def test_end_mark_variants(mark):
    remaining, kinds, _, ends = split_tail(CLOSING + mark)
    assert (remaining, kinds["end_mark"], ends) == (CLOSING, 1, True)


def test_closing_byline_in_brackets_leaves_the_paragraph():
    body = strip_boilerplate([OPENING, CLOSING + "（记者 张三 通讯员 李四）"])
    assert body.paragraphs == [OPENING, CLOSING]
    assert body.authors == ["张三", "李四"]


def test_a_cited_source_inside_a_paragraph_stays():
    cited = "今年上半年,全市进出口总额同比增长5%。(来源:国家统计局)"
    body = strip_boilerplate([OPENING, cited])
    assert body.paragraphs == [OPENING, cited]
    assert body.source == ""


def test_credit_line_names_the_authors_a_credit_closing_a_caption_stays():
    body = strip_boilerplate([OPENING, "执笔/叨叨姐、胡一刀&李小飞刀", CLOSING, "编译：张三"])
    assert body.paragraphs == [OPENING, CLOSING]
    assert body.authors == ["叨叨姐", "胡一刀", "李小飞刀", "张三"]
    caption = "上海将举全市之力做好服务保障工作。(摄影：张三)"
    body = strip_boilerplate([OPENING, caption, CLOSING])
    assert body.paragraphs == [OPENING, caption, CLOSING]
    assert body.authors == []


def test_photo_credit_is_not_a_byline():
    caption = "上海将举全市之力做好服务保障工作。(新华社记者 张三 摄)"
    body = strip_boilerplate([OPENING, caption, CLOSING])
    assert body.paragraphs == [OPENING, caption, CLOSING]
    assert body.authors == []


def test_doubled_caption_collapses_to_one():
    caption = "上海将举全市之力做好第二届进口博览会服务保障工作。 康玉湛 摄"
    assert collapse_doubled(f"{caption} {caption}") == caption
    assert collapse_doubled(caption) == caption
    body = strip_boilerplate([OPENING, caption, caption, CLOSING])
    assert body.paragraphs == [OPENING, caption, CLOSING]
    assert body.removed["repeat"] == 1


def test_title_and_the_header_above_it_leave_the_body():
    title = "第二届进博会倒计时100天 上海城市服务保障工作推进大会举行"
    body = strip_boilerplate(["人民网", title, OPENING, CLOSING], title=title)
    assert body.paragraphs == [OPENING, CLOSING]
    assert (body.removed["header"], body.removed["title"]) == (1, 1)


def test_without_a_title_nothing_is_taken_as_header():
    body = strip_boilerplate(["人民网", OPENING, CLOSING])
    assert body.paragraphs == ["人民网", OPENING, CLOSING]


def test_wire_dateline_stays_in_the_body_and_fills_fields():
    first = "中新社圣地亚哥7月28日电 (记者 莫成雄)当地时间7月27日,智利总统皮涅拉在圣地亚哥总统府会见王毅。"
    body = strip_boilerplate([first, CLOSING])
    assert body.paragraphs[0] == first
    assert body.dateline == Dateline("中新社圣地亚哥7月28日电 (记者 莫成雄)", "中新社", "圣地亚哥", "7月28日")
    assert body.authors == ["莫成雄"]


# --- the seeds ------------------------------------------------------------------------

SEED_002_TITLE = "第二届进博会倒计时100天 上海城市服务保障工作推进大会举行"
SEED_000_TITLE = "第五屆進博會倒計時100天,看青浦如何全力做好準備"


def _seed(shared, name: str) -> str:
    return (shared / "seeds" / name).read_text(encoding="utf-8")


def test_seed_002_is_the_story_only(shared):
    text = _seed(shared, "002_83606eb4d14c8c86.txt")
    body = strip_boilerplate(text.split("\n"), title=SEED_002_TITLE)
    story = [line.strip() for line in text.split("\n")[8:25:2]]
    assert story[0].startswith("中新网上海7月27日电") and story[-1].endswith("70周年。(完)")
    caption = "上海将举全市之力做好第二届进口博览会服务保障工作。 康玉湛 摄"
    assert story[2] == f"{caption} {caption}"
    story[2], story[-1] = caption, story[-1].removesuffix("(完)")
    assert body.paragraphs == story
    assert body.source == "中国新闻网"
    assert body.dateline == Dateline("中新网上海7月27日电 (王子涛 姜煜 康玉湛)", "中新网", "上海", "7月27日")
    assert body.authors == ["王子涛", "姜煜", "康玉湛"]
    joined = "\n".join(body.paragraphs)
    assert "相关阅读" not in joined and "免责声明" not in joined and "时间:07-29" not in joined
    assert joined.count(caption) == 1
    assert body.removed["related"] >= 20 and body.removed["disclaimer"] == 1


def test_seed_000_is_the_story_only(shared):
    # As the encoding pipeline hands it on: pinyin gone, the shifted GBK realigned, lost bytes marked.
    text = repair_text(_seed(shared, "000_fd39e3bc880afcee.txt")).text
    body = strip_boilerplate(text.split("\n"), title=SEED_000_TITLE)
    assert body.paragraphs[0].startswith("中國國際進口博覽會是迄今為止")
    assert body.paragraphs[-1].endswith("更細致、更周全。")
    assert len(body.paragraphs) == 6
    assert body.source == "綠色青浦"
    assert body.editors[0] == "沐一帆" and len(body.editors) == 2
    assert re.fullmatch("軒召〓+", body.editors[1])  # the garbled bytes are marked lost by the repair
    for kind in ("header", "title", "breadcrumb", "timestamp", "font_size", "source", "editors", "share",
                 "back_to_top"):
        assert body.removed[kind] == 1, kind
