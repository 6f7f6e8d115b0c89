"""Metadata lines to fields: 来源, 编辑, 记者, wire datelines, photo credits."""
from __future__ import annotations

import pytest

from newscrawl.items import Dateline
from newscrawl.extraction.bylines import (
    CREDITED_AUTHORS,
    parse_dateline,
    parse_metadata_line,
    photo_credit,
    split_names,
    strip_wrapper,
)
from newscrawl.chars import matching_form


@pytest.mark.parametrize("line,source,editors,authors", [
    ("来源:中国新闻网", "中国新闻网", [], []),
    ("(來源:綠色青浦)", "綠色青浦", [], []),
    ("（来源：人民网－上海频道）", "人民网－上海频道", [], []),
    ("(責編:沐一帆、軒召強)", "", ["沐一帆", "軒召強"], []),
    ("【编辑:王琴】", "", ["王琴"], []),
    ("责任编辑：张三 校对：李四", "", ["张三", "李四"], []),
    ("本报记者 张景阳", "", [], ["张景阳"]),
    ("通 讯 员 宁凡明 颜 瑾 本报记者 张 强", "", [], ["宁凡明", "颜瑾", "张强"]),
    ("(记者郭敬丹、仇逸)", "", [], ["郭敬丹", "仇逸"]),
    ("文/王五", "", [], ["王五"]),
    ("发布时间：2020-01-02 10:00 来源：人民网 作者：张三", "人民网", [], ["张三"]),
    ("来源：新华社 记者 张三 2019-07-01", "新华社", [], ["张三"]),
    ("2019-07-27 20:58:14", "", [], []),
    ("编辑 周褶褶 ｜ 排版 魏蔚", "", ["周褶褶", "魏蔚"], []),
    ("编辑 刘晓阳 校对 李铭", "", ["刘晓阳", "李铭"], []),
    ("责编：Demi Xia", "", ["Demi Xia"], []),
    ("【文/观察者网专栏作者 王文】", "", [], ["王文"]),
    ("(文/图 刘玺东 易赛楠)", "", [], ["刘玺东", "易赛楠"]),
    ("2019-09-26 12:11来源：证券时报网作者：李在山", "证券时报网", [], ["李在山"]),
])
def test_metadata_line_fields(line, source, editors, authors):
    found = parse_metadata_line(line)
    assert found is not None
    assert (found.source, found.editors, found.authors) == (source, editors, authors)


@pytest.mark.parametrize("label", sorted(CREDITED_AUTHORS))
def test_credit_line_names_authors(label):
    found = parse_metadata_line(f"{label}：张三、李四")
    assert found is not None and found.kinds["credits"] == 1 and found.authors == ["张三", "李四"]
    # near miss: a value that is no list of names leaves as a credit line without authors
    found = parse_metadata_line(f"{label}：某某市融媒体中心新闻部")
    assert found is not None and found.kinds["credits"] == 1 and found.authors == []


@pytest.mark.parametrize("line,authors", [
    ("执笔/叨叨姐、胡一刀&李小飞刀", ["叨叨姐", "胡一刀", "李小飞刀"]),  # names joined by "&"
    ("采写：南都记者 余毅菁 向雪妮", ["余毅菁", "向雪妮"]),
    ("摄影/张艳 编辑/苏芳", []),  # a photographer is credited for the pictures
    ("编译/林靖东", ["林靖东"]),
    ("執筆／老周", ["老周"]),
    ("供稿：区委宣传部", []),  # a supplier is an office, not an author
])
def test_credit_line_authors(line, authors):
    found = parse_metadata_line(line)
    assert found is not None and found.authors == authors


def test_metadata_line_kinds():
    found = parse_metadata_line("2022年07月28日17:02 | 来源：人民网 | 编辑：王琴")
    assert found is not None and dict(found.kinds) == {"timestamp": 1, "source": 1, "editors": 1}


@pytest.mark.parametrize("line", [
    "记者从青浦区商务委了解到,目前各项筹备工作正按计划稳步推进。",
    "作者简介：张三，北京大学教授。",
    "编辑部",
    "记者手记",
    "来源于民间的创意,正在成为城市更新的重要力量。",
    "来源：据不完全统计，今年全市新增企业超过十万家。",
    "时间：不等人",
    "作者：余毅菁 向雪妮返回富达，查看更多",
    "上海将举全市之力做好服务保障工作。(新华社记者 张三 摄)",
    "",
])
def test_not_a_metadata_line(line):
    assert parse_metadata_line(line) is None


@pytest.mark.parametrize("paragraph,dateline,authors", [
    ("中新网上海7月27日电 (王子涛 姜煜 康玉湛)7月27日,第二届中国国际进口博览会倒计时100天",
     Dateline("中新网上海7月27日电 (王子涛 姜煜 康玉湛)", "中新网", "上海", "7月27日"), ["王子涛", "姜煜", "康玉湛"]),
    ("新华社上海1月31日电(记者郭敬丹、仇逸)记者从上海市政府获悉",
     Dateline("新华社上海1月31日电(记者郭敬丹、仇逸)", "新华社", "上海", "1月31日"), ["郭敬丹", "仇逸"]),
    ("  中新社圣地亚哥7月28日电 (记者 莫成雄)当地时间7月27日",
     Dateline("中新社圣地亚哥7月28日电 (记者 莫成雄)", "中新社", "圣地亚哥", "7月28日"), ["莫成雄"]),
    ("中國新聞網北京7月1日電（記者 張三）記者從",
     Dateline("中國新聞網北京7月1日電（記者 張三）", "中國新聞網", "北京", "7月1日"), ["張三"]),
    ("科技日报讯 (记者吴长锋)记者从中国科学技术大学获悉",
     Dateline("科技日报讯 (记者吴长锋)", "科技日报"), ["吴长锋"]),
    ("本报北京7月28日电 据统计", Dateline("本报北京7月28日电", "本报", "北京", "7月28日"), []),
])
def test_wire_dateline(paragraph, dateline, authors):
    wire = parse_dateline(paragraph)
    assert wire is not None
    assert (wire.dateline, wire.authors) == (dateline, authors)


@pytest.mark.parametrize("paragraph", [
    "7月27日,第二届中国国际进口博览会倒计时100天上海城市服务保障工作推进大会举行。",
    "上海将举全市之力做好服务保障工作。",
    "记者从青浦区商务委了解到,目前各项筹备工作正按计划稳步推进。",
])
def test_no_wire_dateline(paragraph):
    assert parse_dateline(paragraph) is None


@pytest.mark.parametrize("caption,credit", [
    ("上海将举全市之力做好第二届进口博览会服务保障工作。 康玉湛 摄", "康玉湛 摄"),
    ("上海将举全市之力做好服务保障工作 康玉湛 摄", "康玉湛 摄"),
    ("图为会场。（新华社记者 张三 摄）", "新华社记者 张三 摄"),
    ("图为会场。图/李四", "图/李四"),
    ("资料图:人类首张黑洞照片。事件视界望远镜合作组织供图", "事件视界望远镜合作组织供图"),
    ("图为会场。", ""),
])
def test_photo_credit(caption, credit):
    assert photo_credit(caption) == credit


@pytest.mark.parametrize("text,names", [
    ("沐一帆、軒召強", ["沐一帆", "軒召強"]),
    ("王子涛 姜煜 康玉湛", ["王子涛", "姜煜", "康玉湛"]),
    ("张 晔", ["张晔"]),
    ("记者 莫成雄", ["莫成雄"]),
    ("记者郭敬丹，仇逸", ["郭敬丹", "仇逸"]),
    ("胡一刀&李小飞刀", ["胡一刀", "李小飞刀"]),
])
def test_split_names(text, names):
    assert split_names(text) == names


@pytest.mark.parametrize("text,inner", [
    ("(來源:綠色青浦)", "來源:綠色青浦"),
    ("【【打印】】", "打印"),
    ("(上海)举行(完)", "(上海)举行(完)"),
    ("来源", "来源"),
])
def test_strip_wrapper(text, inner):
    start, end = strip_wrapper(text)
    assert text[start:end] == inner


def test_matching_form_is_simplified_half_width_and_same_length():
    text = "（來源：綠色青浦）責編　電"
    folded = matching_form(text)
    assert folded == "(来源:绿色青浦)责编 电"
    assert len(folded) == len(text)
