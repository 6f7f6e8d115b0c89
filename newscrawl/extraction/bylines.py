"""Metadata lines of a news page turned into fields: 来源, 编辑, 记者, wire datelines, photo credits.

All patterns are written in simplified characters and matched against
``matching_form`` (see ``newscrawl.chars``), so traditional and full-width
forms match too; values are cut from the original text and keep its script.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from newscrawl.extraction.dates import CLOCK_TIME, DATETIME
from newscrawl.items import Dateline
from newscrawl.chars import HAN_CLASS, matching_form

# Label phrases per field. A label starts a value only at the start of a token
# (not inside a word), so "记者从青浦区了解到" is never a byline.
LABELS: dict[str, tuple[str, ...]] = {
    "source": ("来源", "稿源", "稿件来源", "文章来源", "本文来源", "消息来源", "信息来源", "出处"),
    "editors": (
        "责任编辑", "责编", "编辑", "值班编辑", "本文编辑", "实习编辑", "网络编辑", "编审",
        "审核", "审校", "校对", "终审", "监制", "统筹", "主编", "排版", "美编",
    ),
    "authors": (
        "作者", "记者", "本报记者", "本台记者", "特约记者", "见习记者", "实习记者", "通讯员",
        "本报通讯员", "特约通讯员", "实习生", "撰文", "撰稿", "文", "文/图", "图/文",
    ),
    "timestamp": ("发布时间", "发表时间", "更新时间", "发稿时间", "时间", "日期", "发布日期"),
    "location": ("发布于", "IP属地"),  # the poster's region some platforms print
    # Writers, photographers, translators and suppliers credited at the body's edge: the line
    # leaves the body; the writers and translators it names are authors (CREDITED_AUTHORS).
    "credits": ("采写", "执笔", "执笔人", "供稿", "摄影", "原创", "译", "翻译", "编译"),
    "counter": ("浏览次数", "浏览量", "浏览", "点击数", "点击量", "点击", "阅读数", "阅读量", "阅读", "人气"),
}
# Credit labels that name the story's writers and translators. A supplier (供稿) is an office;
# a photographer (摄影) is credited for pictures, as "(张三 摄)" is (bylines name the reporter).
CREDITED_AUTHORS = frozenset(LABELS["credits"]) - {"供稿", "摄影"}
# Labels that may be followed by a name after a bare space ("记者 张三", "校对 李铭"); the
# others (文, 出处, 时间, 阅读...) need a colon or slash, being too common as plain words.
SPACE_DELIMITED = {label for kind in ("source", "editors", "authors") for label in LABELS[kind]} - {"文", "出处"}
# A line that is only a photographer's credit under its label ("摄影：张三") is a credit line,
# not a caption's closing credit.
_CREDIT_LINE = re.compile(r"[\s(\[【]*摄影\s*[:/]")
# Words naming a role inside a name list: "(记者郭敬丹、仇逸)", "(记者 张三 摄影报道)";
# a token ending in one is a role, not a name ("观察者网专栏作者").
ROLE_WORDS = ("本报记者", "特约记者", "见习记者", "实习记者", "记者", "本报通讯员", "通讯员", "实习生", "摄影报道", "报道",
              "作者", "评论员")
# Outlets whose names a generic "...网/社/报/台" rule would cut short.
KNOWN_OUTLETS = ("中国台湾网", "中国新闻网", "中国日报网", "国际在线", "央视新闻", "澎湃新闻", "新京报")

_TRAILING_DATETIME = re.compile(DATETIME.pattern + "$")
_SENTENCE_PUNCTUATION = re.compile(r"[。！？!?，,;；“”\"]")
_VALUE_EDGES = " \t|/()[]【】<>《》-—"
_BRACKETS = {"(": ")", "[": "]", "【": "】", "〔": "〕", "〖": "〗", "<": ">"}
_NAME_TOKEN = re.compile(r"[^、,;/|&\s]+")
# A staff code some CMSs print after an editor's name, apart or joined: "韩保林 PK155", "张三_AB1234".
_STAFF_CODE = re.compile(r"_?[A-Za-z]{1,6}\d{2,8}$|_\d{2,8}$")
_DIGIT = re.compile(r"\d")
_METADATA_LINE_MAX = 200  # a longer line is prose, whatever labels it contains
_HAN_NAME_MAX = 4  # longest Chinese name without a middle dot (阿卜杜拉·艾尼 has one)
_NAME_MAX = 20


def _label_alternation(labels) -> str:
    # "通 讯 员": spaced-out labels occur in print-style layouts.
    spaced = (r"\s*".join(map(re.escape, label)) for label in sorted(labels, key=len, reverse=True))
    return "|".join(spaced)


_LABEL_TO_FIELD = {label: name for name, labels in LABELS.items() for label in labels}
_ALL_LABELS = _label_alternation(_LABEL_TO_FIELD)
_SPACE_LABELS = _label_alternation(SPACE_DELIMITED)
# A label with a colon may follow the previous value directly ("证券时报网作者：李在山"); one
# followed by a space only at a token start, so "记者从青浦区了解到" is not a byline.
# "新华社记者" keeps its outlet prefix with the label.
_REPORTER = rf"[{HAN_CLASS}]{{0,5}}记者"
_LABEL = re.compile(
    rf"(?<![{HAN_CLASS}A-Za-z])(?P<spaced>{_REPORTER}|{_SPACE_LABELS})\s+"  # first: "文/图 张三" is not "文/"
    rf"|(?P<label>{_REPORTER}|{_ALL_LABELS})\s*[:/|]\s*"  # "编辑|禤志杰" on WeChat reposts
)
# Every _LABEL match ends with a label's last character then white space or a colon/slash:
# this pattern finds no such pair in most lines, far faster than _LABEL finds no label.
_LABEL_END = re.compile(
    rf"[{''.join({label[-1] for label in _LABEL_TO_FIELD} | {'者'})}]\s*[:/|]"
    rf"|[{''.join({label[-1] for label in SPACE_DELIMITED} | {'者'})}]\s"
)
# A byline naming the reporters and where they report from: 記者王小明／台北報導, 〔記者王小明、李四／綜合報導〕.
_REPORTED_FROM = re.compile(
    rf"[{HAN_CLASS}]{{0,5}}记者\s*(?P<names>[{HAN_CLASS}·、\s]{{2,20}}?)\s*/\s*[{HAN_CLASS}]{{1,8}}?(?:报导|报道)")
# A wire's date code after a closing byline: (編輯：李大同)1110728 (the Minguo year 111, July 28th).
_DATE_CODE = re.compile(r"(?<=[)\]】〕）］])\s*\d{7,8}\s*$")
_ROLES = _label_alternation(ROLE_WORDS)
_AUTHOR_BLOCK = re.compile(rf"^(?:{_ROLES})")
_ROLE_ONLY = re.compile(rf".*(?:{_ROLES})$")


@dataclass
class LineMetadata:
    """Fields read from one metadata line, and what kinds of metadata it held."""

    source: str = ""
    editors: list[str] = field(default_factory=list)
    authors: list[str] = field(default_factory=list)
    kinds: Counter[str] = field(default_factory=Counter)


@dataclass
class WireDateline:
    dateline: Dateline
    authors: list[str]


def strip_wrapper(text: str) -> tuple[int, int]:
    """Span of ``text`` inside enclosing brackets: "(來源:綠色青浦)" -> the span of 來源:綠色青浦."""
    if matching_form(text[:1]) not in _BRACKETS:
        return 0, len(text)
    folded = matching_form(text)
    start, end = 0, len(text)
    while end - start >= 2 and _BRACKETS.get(folded[start]) == folded[end - 1]:
        if not _closes_at_end(folded[start:end]):
            break  # "(a)(b)" is two groups, not one enclosing group
        start, end = start + 1, end - 1
    return start, end


def _closes_at_end(group: str) -> bool:
    opening, closing = group[0], group[-1]
    depth = 0
    for position, char in enumerate(group):
        depth += (char == opening) - (char == closing)
        if depth == 0:
            return position == len(group) - 1
    return False


def split_names(text: str) -> list[str]:
    """Person names in a byline value: "沐一帆、軒召強" -> [沐一帆, 軒召強]; "张 晔" -> [张晔]."""
    names: list[str] = []
    joinable = ""  # the kind of the last token if the next may continue it: "han" or "latin"
    for token_match in _NAME_TOKEN.finditer(matching_form(text)):
        token = text[token_match.start():token_match.end()]
        if _ROLE_ONLY.fullmatch(token_match[0]) or _STAFF_CODE.fullmatch(token):
            joinable = ""
            continue
        role = _AUTHOR_BLOCK.match(token_match[0])
        token = token[role.end():] if role else token
        token = _STAFF_CODE.sub("", token)
        kind = "han" if len(token) == 1 and re.match(rf"[{HAN_CLASS}]", token) else \
            "latin" if token.isascii() and token.isalpha() else ""
        if kind and kind == joinable:
            # names printed with a padding space ("张 晔") and Latin names ("Demi Xia")
            names[-1] += token if kind == "han" else f" {token}"
        elif token:
            names.append(token)
        joinable = kind
    return names


def leading_names(text: str) -> list[str]:
    """The person names a byline value opens with, its role words skipped, up to the first
    token that is neither (a label, a number, a clause): "记者 王晓明 通讯员 刘芳 点击：1526 ..."
    -> [王晓明, 刘芳]."""
    names: list[str] = []
    for token in text.split():
        folded = matching_form(token)
        if _ROLE_ONLY.fullmatch(folded):
            continue
        if (":" in folded or folded in _LABEL_TO_FIELD or _DIGIT.search(_STAFF_CODE.sub("", folded))
                or not _value_ok("authors", folded)):
            break
        names.extend(split_names(token))
    return names


def reporters(text: str) -> list[str]:
    """The names of the first byline in `text` that says where its reporters report from
    ("... 記者王小明／台北報導 ..." -> [王小明]), else []."""
    reported = _REPORTED_FROM.search(matching_form(text))
    return _reported_names(text, reported) if reported else []


def _reported_names(text: str, reported: re.Match[str]) -> list[str]:
    """The names a _REPORTED_FROM match on the matching form of `text` holds, as printed."""
    return split_names(text[reported.start("names"):reported.end("names")])


def _label_kind(label: str) -> str:
    label = re.sub(r"\s+", "", label)
    return "authors" if label.endswith("记者") else _LABEL_TO_FIELD[label]


def _value_ok(kind: str, value: str) -> bool:
    if kind == "counter":
        return re.fullmatch(r"\d*\s*次?", value) is not None
    if kind == "timestamp":
        return bool(value) and DATETIME.fullmatch(value) is not None
    if len(value) > 30:
        return False
    if kind in ("source", "location", "credits"):
        return not _SENTENCE_PUNCTUATION.search(value)
    # Names may be listed with commas ("张三，李四"); a clause between commas is not a name.
    return not _SENTENCE_PUNCTUATION.search(value.replace(",", "")) and all(
        len(name) <= _NAME_MAX and (len(name) <= _HAN_NAME_MAX or "·" in name or name.isascii())
        for name in split_names(value))


def parse_metadata_line(line: str) -> LineMetadata | None:
    """Fields of a line made only of metadata (time, 来源, 编辑, 作者...), else None.

    Kinds: source, editors, authors, timestamp, counter, location, and "date" for a
    line that is only a date ("2017年4月1日"), which ends official documents too.

    "2019-07-27 20:58:14", "来源:中国新闻网", "(責編:沐一帆、軒召強)",
    "发布时间：2020-01-02 10:00 来源：人民网 作者：张三" are metadata lines;
    a sentence that mentions 来源 or 记者 is not.
    """
    if len(line) > _METADATA_LINE_MAX or (photo_credit(line) and not _CREDIT_LINE.match(matching_form(line))):
        return None  # "(新华社记者 张三 摄)" is a caption's credit and stays with the caption
    start, end = strip_wrapper(_DATE_CODE.sub("", line))
    text = line[start:end]
    folded = matching_form(text)
    if reported := _REPORTED_FROM.fullmatch(folded):
        return LineMetadata(authors=_reported_names(text, reported), kinds=Counter(authors=1))
    labels = list(_LABEL.finditer(folded)) if _LABEL_END.search(folded) else []
    role = _AUTHOR_BLOCK.match(folded)
    if not labels and role and (start, end) != (0, len(line)):
        # Only an enclosed byline may run the name into the role: "(记者郭敬丹、仇逸)".
        if not _value_ok("authors", folded[role.end():]):
            return None
        return LineMetadata(authors=split_names(text), kinds=Counter(authors=1))
    prefix_end = labels[0].start() if labels else len(folded)
    if folded[:prefix_end].strip(" |") and not DATETIME.fullmatch(folded[:prefix_end]):
        return None
    found = LineMetadata()
    if prefix := folded[:prefix_end].strip(" |"):
        # A bare date with no label and no clock time may be a document's own date line.
        bare_date = not labels and not CLOCK_TIME.search(prefix)
        found.kinds["date" if bare_date else "timestamp"] += 1
    if not labels:
        return found if found.kinds else None
    for index, label in enumerate(labels):
        value_end = labels[index + 1].start() if index + 1 < len(labels) else len(text)
        value_folded = folded[label.end():value_end]
        trailing_time = _TRAILING_DATETIME.search(value_folded)
        if trailing_time and trailing_time.start() > 0:
            value_end = label.end() + trailing_time.start()
        value = text[label.end():value_end].strip(_VALUE_EDGES)
        kind = _label_kind(label["label"] or label["spaced"])
        if not _value_ok(kind, matching_form(value)):
            return None
        found.kinds[kind] += 1
        if kind == "source" and not found.source:
            found.source = value
        elif kind in ("editors", "authors"):
            getattr(found, kind).extend(split_names(value))
        elif kind == "credits" and _credited_author(label) and _value_ok("authors", matching_form(value)):
            found.authors.extend(split_names(value))
    return found


def _credited_author(label: re.Match[str]) -> bool:
    return re.sub(r"\s+", "", label["label"] or label["spaced"]) in CREDITED_AUTHORS


_OUTLET = rf"(?:{'|'.join(KNOWN_OUTLETS)}|[{HAN_CLASS}]{{1,8}}?(?:网|社|报|台))"
_NAMES_BLOCK = r"(?:\s*\(\s*(?P<names>[^()]{1,60}?)\s*\))?"
_DATELINE = re.compile(
    rf"据?(?P<outlet>{_OUTLET})(?P<place>[{HAN_CLASS}]{{0,12}}?)"
    rf"(?P<date>(?:\d{{4}}年)?(?:\d{{1,2}}月)?\d{{1,2}}日)\s*电{_NAMES_BLOCK}"
)
_NEWS_FLASH = re.compile(rf"(?P<outlet>{_OUTLET})讯{_NAMES_BLOCK}")
# 【环球时报记者 林川】, 【环球时报驻美国特约记者 张三 环球时报特约记者 李四】, 【环球网报道 记者 王五】
_BRACKET_BYLINE = re.compile(
    rf"[【\[]\s*(?P<outlet>{_OUTLET})"
    rf"(?P<names>(?:综合)?报道[^【】\[\]]{{0,60}}?|[^【】\[\]\s]{{0,12}}?记者[^【】\[\]]{{0,60}}?)\s*[】\]]"
)


def parse_dateline(paragraph: str) -> WireDateline | None:
    """The wire dateline (or bracketed byline) opening ``paragraph`` and the names in its
    brackets, else None.

    "中新网上海7月27日电 (王子涛 姜煜 康玉湛)7月27日,..." ->
    Dateline(text="中新网上海7月27日电 (王子涛 姜煜 康玉湛)", outlet="中新网", place="上海",
    date="7月27日") and authors [王子涛, 姜煜, 康玉湛].
    """
    folded = matching_form(paragraph)
    offset = len(folded) - len(folded.lstrip())
    match = (_DATELINE.match(folded, offset) or _NEWS_FLASH.match(folded, offset)
             or _BRACKET_BYLINE.match(folded, offset))
    if match is None:
        return None

    def original(group: str) -> str:
        return paragraph[match.start(group):match.end(group)] if match[group] else ""

    dateline = Dateline(
        text=paragraph[match.start():match.end()].strip(),
        outlet=original("outlet"),
        place=original("place") if "place" in match.re.groupindex else "",
        date=original("date") if "date" in match.re.groupindex else "",
    )
    return WireDateline(dateline, split_names(original("names")))


_CREDIT_MAX = 50  # characters at a caption's end that can hold its credit
_CREDIT = re.compile(
    rf"(?<![{HAN_CLASS}·])(?:(?:[{HAN_CLASS}]{{0,6}}记者\s*)?[{HAN_CLASS}·]{{2,6}}(?:\s*[、\s]\s*[{HAN_CLASS}·]{{2,6}})*\s*摄(?:影)?"
    rf"|(?:摄影|图|图片)\s*[:/]\s*[^()]{{2,30}}|[{HAN_CLASS}]{{2,12}}供图)\s*\)?\s*$"
)


def photo_credit(caption: str) -> str:
    """The photographer credit closing a caption ("... 康玉湛 摄" -> "康玉湛 摄"), else ""."""
    tail_start = max(0, len(caption) - _CREDIT_MAX)
    folded = matching_form(caption)[tail_start:]  # the whole line's form is usually cached
    match = _CREDIT.search(folded) if "摄" in folded or "图" in folded else None
    if match is None:
        return ""
    start = match.start()
    if folded[start - 1:start] == "(":  # "(康玉湛 摄)": the bracket goes with the credit
        start -= 1
    credit = caption[tail_start + start:tail_start + match.end()].strip()
    return credit.strip("()（）").strip()
