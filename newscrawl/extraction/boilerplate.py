"""Boilerplate stripping on paragraphs: the body is the article, and only the article.

Runs on the paragraphs any spider extracted (layout or generic), after the
encoding repairs. The rules are data: one table per kind of noise, written in
simplified characters and matched on ``matching_form`` so traditional pages match
too. A rule matches whole short lines or line shapes (a line that *starts* with
免责声明:, a line made only of share buttons), never a phrase inside a sentence,
so a story that mentions 免责声明 or 相关阅读 keeps its text.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from newscrawl.items import Dateline
from newscrawl.extraction.bylines import (
    LineMetadata,
    parse_dateline,
    parse_metadata_line,
    strip_wrapper,
)
from newscrawl.chars import matching_form
from newscrawl.extraction.dates import DATETIME

# Widgets: a line made only of these tokens and separators is page furniture.
WIDGET_TOKENS: dict[str, tuple[str, ...]] = {
    "font_size": (r"[大中小]字[号体]", r"字[号体](?:大小)?", r"[大中小](?:号|字)?", r"A[+-]?", r"默认"),
    "print": (r"打印(?:本页|此页|此文|本文|文章|本稿|预览)?", r"列印", r"print"),
    "close": (r"关闭(?:本页|窗口|本窗口|此页|页面)?",),
    "share": (
        r"分享到", r"分享让更多人看到", r"(?:一键)?分享", r"收藏(?:本文|本页)?", r"转发",
        r"微信(?:朋友圈|好友)?", r"朋友圈", r"(?:新浪|腾讯|人民)?微博", r"QQ(?:空间|好友)?",
        r"豆瓣", r"点赞", r"\+1", r"复制链接", r"(?:推荐|发送)给(?:朋友|好友)", r"facebook", r"twitter",
    ),
    "comment": (r"(?:发表|我要|查看|网友)?评论(?:\(\d*\)|\d+)?", r"(?:我要)?跟帖", r"已输入\d+字"),
    "back_to_top": (r"返回顶部", r"回到顶部", r"返回页首", r"top", r"↑"),
    "navigation": (
        r"返回首页", r"返回列表", r"返回目录", r"上一页", r"下一页", r"首页", r"尾页",
        r"(?:阅读|显示|展开)全文",
    ),
    "correction": (r"我要纠错", r"纠错", r"我要举报", r"举报"),
    "player": (r"(?:语音)?播报文章", r"释放双眼", r"(?:正在)?加载中", r"收起"),
    # the label of a picture gallery or of a link to it
    "gallery": (r"(?:高清)?(?:图集|组图)", r"查看(?:大图|原图|图集)", r"点击(?:查看)?大图"),
}
_WIDGET_SEPARATOR = r"[\s|/·•・,、:\-\[\]【】()<>《》「」『』〖〗]"
_WIDGET_LINE_MAX = 80


@dataclass(frozen=True)
class LineRule:
    pattern: str  # regex on the matching form, matched at the start of the line
    max_chars: int  # a longer line is article text that happens to start this way


_CRUMB = r"[^>»›→。,!?:;]{1,20}"
_RELATED_HEADINGS = (
    "相关阅读|相关新闻|相关链接|相关文章|相关报道|相关稿件|相关专题|相关推荐|相关资讯|延伸阅读|"
    "推荐阅读|推荐新闻|重点推荐|热点推荐|热点新闻|热门推荐|热门新闻|热门文章|热门阅读|热文推荐|精彩推荐|"
    "精彩图片|精彩视频推荐|相关视频|视频推荐|为您推荐|猜你喜欢|更多精彩|更多新闻|更多阅读|往期回顾|"
    "往期精选|往期推荐|往期阅读|今日推荐|编辑推荐|推荐文章|"
    "大家都在看|新闻排行|点击排行|阅读排行"
)
# Whole lines recognised by their shape. A "related" line opens a list of teasers.
LINE_RULES: dict[str, tuple[LineRule, ...]] = {
    "breadcrumb": (
        LineRule(r"[^:]{0,8}位置\s*(?:是)?\s*:", 80),  # 当前位置：, 您所在的位置：, 您现在的位置是：
        LineRule(rf"{_CRUMB}(?:\s*(?:>>|»|›|→)\s*{_CRUMB})+\s*(?:>>|»|›)?\s*$", 100),
        LineRule(rf"(?:{_CRUMB}\s*>\s*){{2,}}{_CRUMB}\s*$", 100),
        LineRule(rf"(?:首页|主页|网站首页)\s*>\s*{_CRUMB}\s*$", 40),
    ),
    "related": (
        LineRule(rf"(?:{_RELATED_HEADINGS})\s*(?:更多)?\s*[>»]*\s*$", 20),
        LineRule(rf"(?:{_RELATED_HEADINGS})\s*[:>»]", 60),  # heading and one teaser on a line
    ),
    "disclaimer": (
        LineRule(r"[\[【]?(?:免责|版权|郑重|特别|法律|平台)声明\s*(?::|[\]】]|$)", 600),  # 【免责声明】本文…
        LineRule(r"声明\s*:\s*本(?:网|站|文|刊)", 600),
        LineRule(r"声明\s*:.{0,30}力求", 600),  # 声明：<outlet>力求信息真实…
        LineRule(r"本(?:网|站|网站)所?(?:转载|刊载|刊登|发布)的?(?:文章|作品|信息|内容|图片|稿件)", 400),
        LineRule(r"本(?:网|站|网站)对文中", 400),
        LineRule(r"凡(?:本(?:网|站|报|刊))?注明", 400),
        LineRule(r"(?:本文|本稿|文章)(?:系|为)?(?:转载|转自)", 200),
        LineRule(r".{0,40}转载时?(?:请|须|务必|务请)(?:注明|联系)", 120),
        LineRule(r"(?:刊用|使用|转载)本(?:网|站|网站)(?:稿件|作品)", 200),
        LineRule(r".{0,40}未经.{0,12}(?:授权|许可|同意).{0,12}(?:不得|禁止|严禁|请勿|谢绝).{0,6}"
                 r"(?:转载|复制|使用|镜像|转发|摘编)", 200),
        LineRule(r"(?:版权所有|copyright|©|\(c\))", 200),
        LineRule(r"(?:本文|文章|此文)(?:内容)?仅?(?:代表|为|系)作者(?:个人)?(?:观点|看法|立场)", 120),
        LineRule(r"(?:本文)?(?:观点)?(?:不代表|并不代表)本(?:网|站|报|刊|平台)", 120),
        LineRule(r"以上内容.{0,30}(?:用户上传|仅代表)", 120),
        LineRule(r".{0,30}仅提供信息存储空间服务", 120),
        LineRule(r"(?:如|若)(?:有|涉及)?.{0,10}(?:侵权|版权问题).{0,20}(?:联系|删除)", 120),
        LineRule(r"(?:文中|本文)?(?:图片|配图)(?:均|皆)?(?:来自|来源于|源于|源自|取自)(?:网络|互联网)\s*"
                 r"(?:[。.]?\s*$|[,;。]\s*(?:如|若|侵权|版权))", 60),  # 图片均来自网络(，如有侵权请联系删除)
    ),
    "app_prompt": (
        LineRule(r"(?:微信|手机|用微信)?扫(?:一扫|码|描)(?:下方|上方|左侧|右侧|图中)?(?:二维码)?\s*,?\s*"
                 r"(?:$|即可|分享|关注|下载|阅读|观看|收看|打开|进入|加入|查看|识别|解锁)", 60),
        LineRule(r"长按(?:识别|二维码|图片)", 80),
        LineRule(r"(?:点击)?(?:下载|打开|安装).{0,12}(?:客户端|app)", 80),
        LineRule(r"(?:欢迎|请|敬请)?(?:关注|订阅).{0,16}(?:公众号|微信号|客户端|app|视频号|抖音号)", 80),
        LineRule(r".{0,12}(?:二维码|客户端|app)下载$", 24),
        LineRule(r"更多.{0,40}请(?:关注|访问|点击|下载|登录)", 80),
        # WeChat menus, the verb anywhere in the first words: 回复【关键词】查看…, 点击菜单栏…
        LineRule(r".{0,20}(?:后台)?回复\s*[\[【「“\"<《].{1,12}?[\]】」”\">》]\s*(?:即可|可|就能)?"
                 r"(?:查看|获取|阅读|了解|领取|下载|收看)", 80),
        LineRule(r".{0,20}点击(?:公众号)?(?:底部|下方)?菜单", 80),
        # a follow prompt: 点击上方蓝字关注我们, ↑点击上方“某某发布”，关注我们
        LineRule(r".{0,8}点击?(?:上方|下方|标题下方?|顶部)\s*.{0,12}(?:蓝字|蓝色字|关注)", 40),
        LineRule(r".{0,24}(?:关注我们|加关注|关注本号)\s*[!~。]*\s*$", 30),
        # a numbered reply menu without a verb ("1、回复【社保】"), a 点【在看】 button
        LineRule(r"(?:\d{1,2}\s*[、.]\s*)?(?:后台)?回复\s*[【\[「“\"]", 40),
        LineRule(r".{0,12}点(?:个|一下)?\s*[【\[「“\"]\s*(?:在看|赞|分享)", 40),
        # …欢迎下载XX客户端, 更多资讯，请关注XX公众号: the verb after a few words, the line ending soon after
        LineRule(r".{0,12}(?:关注|订阅|下载|打开|安装).{0,14}(?:公众号|微信号|客户端|app|视频号|抖音号)[^,。;!?]{0,12}$", 40),
    ),
    "original_title": (LineRule(r"原(?:标)?题\s*:", 120),),  # 原标题：…, 原题：…
    # Blog and forum furniture around a post.
    "post_furniture": (
        LineRule(r".{0,20}已被(?:阅读|浏览|查看|访问)\s*\d+\s*次", 60),
        LineRule(r"第\s*\d+\s*页\s*[/,]?\s*共\s*\d+\s*页", 40),
        LineRule(r"(?:引用通告(?:地址)?|trackback(?:\s*url)?)\s*:\s*https?://", 200),
        LineRule(r"(?:发表于|发帖于|posted\s+(?:on|at))\s*:?\s*\d{4}\s*[-/.年]", 60),
    ),
    "navigation": (LineRule(r"(?:上一篇|下一篇|上一条|下一条|上篇|下篇)\s*:", 60),),
    # an engagement prompt naming two or more buttons: 分享、点赞、在看，三连走起~
    "share": (LineRule(r"(?:记得|别忘了|欢迎|请)?(?:(?:分享|点赞|在看|转发|收藏|评论)\s*[、,和与/+]?\s*){2,}"
                       r"(?:一键)?(?:三连)?(?:走起|支持一下|一下)?\s*[~!。]*\s*$", 30),),
}

# "(完)" and its variants close the story; nothing after them is article text.
END_MARK = re.compile(r"(?:[(\[【]\s*(?:全文)?完\s*[)\]】]|[(\[]end[)\]]|[-—]+\s*(?:完|end)\s*[-—]+)\s*$",
                      re.IGNORECASE)
_TAIL_GROUP = re.compile(r"[(\[【][^()\[\]【】]{1,40}[)\]】]\s*$")
_TAIL_CLOSERS = (")", "]", "】", "-", "—")  # the last character of every end mark and closing byline
_TAIL_MAX = 60  # characters at a paragraph's end that can hold its end mark or closing byline
_LEADING_BULLETS = re.compile(r"^[\s•·■□▪◆◇●○►▶>»*\-]+")
_TEASER_MAX = 60
_DOUBLED_MIN = 6  # shortest text taken as doubled ("哈哈哈哈" is not)
_DOUBLED_GAP_MAX = 3  # white space between the two copies
_LEADING_LINES = 5  # the title is looked for among this many opening lines
_DATELINE_LINES = 3  # the dateline opens one of the first paragraphs (an image caption may come first)


def _alternation(patterns: tuple[str, ...]) -> str:
    return "|".join(patterns)


_WIDGET_TOKEN = re.compile(
    "|".join(f"(?P<{kind}>{_alternation(tokens)})" for kind, tokens in WIDGET_TOKENS.items()),
    re.IGNORECASE,
)
_WIDGET_LINE = re.compile(rf"(?:{_WIDGET_SEPARATOR}|{_WIDGET_TOKEN.pattern})+", re.IGNORECASE)
_RULE_LINE_MAX = max(rule.max_chars for rules in LINE_RULES.values() for rule in rules)
_LINE_RULES = [(kind, re.compile(rule.pattern, re.IGNORECASE), rule.max_chars)
               for kind, rules in LINE_RULES.items() for rule in rules]
# All line rules in one pattern: most lines match none, and one failed match says so quickly.
_ANY_LINE_RULE = re.compile("|".join(f"(?:{rule.pattern})" for rules in LINE_RULES.values() for rule in rules),
                            re.IGNORECASE)


@dataclass
class StrippedBody:
    paragraphs: list[str] = field(default_factory=list)
    source: str = ""
    editors: list[str] = field(default_factory=list)
    authors: list[str] = field(default_factory=list)
    dateline: Dateline | None = None
    removed: Counter[str] = field(default_factory=Counter)  # removals by kind


def _matchable(line: str) -> str:
    """Matching form of a line without enclosing brackets and leading bullets."""
    start, end = strip_wrapper(line)
    return _LEADING_BULLETS.sub("", matching_form(line[start:end])).strip()


def widget_kinds(text: str) -> Counter[str]:
    """Kinds of widget a line is made of ("【打印】【关闭】" -> print, close); empty if any other text."""
    if len(text) > _WIDGET_LINE_MAX or not _WIDGET_LINE.fullmatch(text):
        return Counter()
    return Counter({match.lastgroup for match in _WIDGET_TOKEN.finditer(text)})


def line_rule_kind(text: str) -> str:
    """The LINE_RULES kind whose shape ``text`` (a matchable line) has, else ""."""
    if _ANY_LINE_RULE.match(text) is None:
        return ""
    for kind, pattern, max_chars in _LINE_RULES:
        if len(text) <= max_chars and pattern.match(text):
            return kind
    return ""


def classify_line(line: str) -> tuple[Counter[str], LineMetadata | None]:
    """Kinds of boilerplate that make up the whole line, and its metadata; empty for article text."""
    if len(line) > _RULE_LINE_MAX:
        return Counter(), None
    text = _matchable(line)
    if not text:
        return Counter(), None
    widgets = widget_kinds(text)
    if widgets:
        return widgets, None
    metadata = parse_metadata_line(line)
    if metadata is not None:
        return metadata.kinds, metadata
    kind = line_rule_kind(text)
    return (Counter({kind: 1}) if kind else Counter()), None


def is_furniture(line: str) -> bool:
    """True when classify_line finds kinds and no metadata: the line is a widget or a
    LINE_RULES line (disclaimer, breadcrumb...), not a byline; without reading the metadata
    of the lines that match no rule."""
    if len(line) > _RULE_LINE_MAX:
        return False
    text = _matchable(line)
    if not text:
        return False
    if widget_kinds(text):
        return True
    return bool(line_rule_kind(text)) and parse_metadata_line(line) is None


def split_tail(paragraph: str) -> tuple[str, Counter[str], list[LineMetadata], bool]:
    """The paragraph without its closing "(完)" and bracketed bylines ("(记者 张三)").

    Returns the remaining text, the kinds removed, the bylines read and whether an
    end mark closed the story. A bracketed 来源 stays: inside a paragraph it usually
    cites the source of a figure, not of the article.
    """
    kinds: Counter[str] = Counter()
    bylines: list[LineMetadata] = []
    ends = False
    while paragraph:
        tail_start = max(0, len(paragraph) - _TAIL_MAX)
        # folding keeps white space white, so the last character decides (most lines end in 。)
        if matching_form(paragraph[tail_start:].rstrip()[-1:]) not in _TAIL_CLOSERS:
            break
        tail = matching_form(paragraph[tail_start:])
        if end_mark := END_MARK.search(tail):
            paragraph = paragraph[:tail_start + end_mark.start()].rstrip()
            kinds["end_mark"] += 1
            ends = True
            continue
        group = _TAIL_GROUP.search(tail)
        metadata = parse_metadata_line(paragraph[tail_start + group.start():]) if group else None
        # a credit closing a paragraph, "(摄影：张三)", stays with its caption
        if metadata is None or metadata.source or metadata.kinds["credits"] or not (metadata.authors or metadata.editors):
            break
        paragraph = paragraph[:tail_start + group.start()].rstrip()
        kinds.update(metadata.kinds)
        bylines.append(metadata)
    return paragraph, kinds, bylines, ends


def is_teaser(line: str) -> bool:
    """Whether a line in a related list reads as a teaser: a headline, a cut summary, a date."""
    text = matching_form(line).strip()
    return (
        (len(text) <= _TEASER_MAX and "。" not in text)
        or text.endswith(("...", "…"))
        or DATETIME.fullmatch(text) is not None
    )


def collapse_doubled(paragraph: str) -> str:
    """A caption printed twice on one line, once: "图说。 张三 摄 图说。 张三 摄" -> "图说。 张三 摄"."""
    if paragraph.find(paragraph[:_DOUBLED_MIN], _DOUBLED_MIN) < 0:
        return paragraph  # a doubled text repeats its opening
    for gap in range(_DOUBLED_GAP_MAX + 1):
        half, odd = divmod(len(paragraph) - gap, 2)
        if half >= _DOUBLED_MIN and not odd and paragraph[:half] == paragraph[half + gap:] \
                and not paragraph[half:half + gap].strip():
            return paragraph[:half]
    return paragraph


def _title_index(lines: list[str], title: str) -> int:
    key = re.sub(r"\s+", "", matching_form(title))
    for index, line in enumerate(lines[:_LEADING_LINES]):
        if key and re.sub(r"\s+", "", matching_form(line)) == key:
            return index
    return -1


def _take_fields(body: StrippedBody, metadata: LineMetadata) -> None:
    body.source = body.source or metadata.source
    body.editors.extend(metadata.editors)
    body.authors.extend(metadata.authors)


def strip_boilerplate(paragraphs: list[str], title: str = "") -> StrippedBody:
    """The article paragraphs of a page body, with its metadata lines turned into fields.

    ``title`` (the headline the spider extracted) lets a repeated headline and the
    page header above it leave the body.
    """
    lines = [stripped for paragraph in paragraphs if (stripped := paragraph.strip())]
    body = StrippedBody()
    title_at = _title_index(lines, title)
    in_related = ended = False
    for index, line in enumerate(lines):
        if index == title_at:
            body.removed["title"] += 1
            continue
        kinds, metadata = classify_line(line)
        if kinds == {"date": 1} and body.paragraphs:
            kinds = Counter()  # a date line after the story began is the document's own date
        if index < title_at:
            body.removed.update(kinds or Counter(header=1))
            continue
        if in_related:
            if kinds or is_teaser(line):
                # A teaser's 来源 or 时间 line belongs to the teased story, not to this one.
                body.removed.update(kinds if kinds and metadata is None else Counter(related=1))
                continue
            in_related = False
        if kinds:
            body.removed.update(kinds)
            if metadata is not None:
                _take_fields(body, metadata)
            in_related = "related" in kinds
            continue
        line, tail_kinds, bylines, line_ends = split_tail(line)
        body.removed.update(tail_kinds)
        for byline in bylines:
            _take_fields(body, byline)
        if tail_kinds and (rest := classify_line(line))[0]:  # "【纠错】 【责任编辑:张樵苏】"
            body.removed.update(rest[0])
            if rest[1] is not None:
                _take_fields(body, rest[1])
            line = ""
        if not line:
            ended = ended or line_ends
            continue
        if ended:
            body.removed["after_end"] += 1
            continue
        ended = line_ends
        collapsed = collapse_doubled(line)
        body.removed["repeat"] += collapsed != line
        if body.paragraphs and collapsed == body.paragraphs[-1]:
            body.removed["repeat"] += 1
            continue
        body.paragraphs.append(collapsed)
    for paragraph in body.paragraphs[:_DATELINE_LINES]:
        if wire := parse_dateline(paragraph):
            body.dateline = wire.dateline
            body.authors.extend(wire.authors)
            break
    body.removed = +body.removed  # drop the zero counts
    body.editors = list(dict.fromkeys(body.editors))
    body.authors = list(dict.fromkeys(body.authors))
    return body
