"""The article's metadata from a whole page: headline element, title, publication time,
来源 and authors (meta tags first, then the text printed after the headline)."""
from __future__ import annotations

import html
import re
from collections.abc import Iterator
from datetime import datetime
from itertools import islice

from lxml import etree, html as lxml_html

from newscrawl.chars import matching_form
from newscrawl.extraction.bylines import LABELS, leading_names, parse_metadata_line, reporters
from newscrawl.extraction.dates import CLOCK_TIME, parse_published
from newscrawl.extraction.dom import element_text

TITLE_META = (
    "og:title", "twitter:title", "title", "headline", "articletitle", "contenttitle",
)
# The names a page declares for its site and channel (government sites write "SiteName" and
# "ColumnName", as their national standard asks).
SITE_NAME_META = ("og:site_name", "application-name", "sitename", "site_name", "columnname")
# Elements named a logo print the site's name: as their text, their title or their picture's alt.
# (The attribute axis: a test of each element's attributes, or translate(), costs twice as much.)
LOGO_ELEMENTS = etree.XPath("//@class[contains(., 'logo') or contains(., 'Logo') or contains(., 'LOGO')]/.."
                            " | //@id[contains(., 'logo') or contains(., 'Logo') or contains(., 'LOGO')]/..")
SITE_NAME_CHARS = range(2, 21)  # a longer text in a logo's box is a header's, not a name
PUBLISHED_META = (
    "article:published_time", "og:release_date", "pubdate", "publishdate", "publish_date",
    "publish-date", "publishtime", "pubtime", "datepublished", "dc.date", "dc.date.issued",
    "date",
)
AUTHOR_META = ("author", "article:author", "dc.creator")
# The headline is followed by a line such as "2019-07-27 20:58:14  来源：中国新闻网  作者：xx".
BYLINE_WINDOW_CHARS = 300
XML_SPACE = " \t\r\n"  # what XPath's normalize-space() counts as white space
# Matched against the matching form (traditional and full-width forms too).
SOURCE_LABEL = re.compile(rf"(?:{'|'.join(LABELS['source'])})\s*:\s*([^\s|/]{{2,30}})")
AUTHOR_LABEL = re.compile(r"(?:作者|记者)\s*:\s*")
MIN_HEADLINE_CHARS = 5
# A hyphen or dash between two Latin letters or digits joins a word ("COVID-19", "2022–2023").
TITLE_SEPARATORS = re.compile(
    r"\s*(?:_|\||｜|--|——|(?<![A-Za-z0-9])[-–]|[-–](?![A-Za-z0-9])|－|›|»|::)\s*")
# A separator or white space joining a site name to a title; the second one ending just
# before the last character (the first of a name after it).
_JOINT = re.compile(rf"(?:{TITLE_SEPARATORS.pattern}|\s+)")
_JOINT_BEFORE_LAST = re.compile(rf"(?:{TITLE_SEPARATORS.pattern}|\s+)(?=.\Z)", re.S)
HEADING_TAGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
# Elements whose text copies a title without printing the page's own: teaser links, options.
NOT_HEADLINE_TAGS = frozenset({"a", "option", "title", "script", "style", "ul", "ol", "table", "tr"})
# An element other than a heading prints a title as its own text, with at most a few inline children.
MAX_HEADLINE_CHILDREN = 3
MARKUP = re.compile(r"<[^<>]{1,200}>")
# Labels a page prints in a child element at the start of a headline: <h1><span>原创</span>标题</h1>.
BADGES = frozenset({"原创", "独家", "置顶", "推荐", "热门", "精华", "头条", "快讯", "荐", "热", "顶", "精", "新"})
# Below a headline the page's titles do not ground, an element named a title ("news_title") is a heading.
# Chinese CMSs name it in pinyin or short: "biaoti", "bt", "wztit", "art_tit".
TITLE_NAMED = re.compile(r"title|biaoti|tit(?![a-z])|(?<![a-z])bt(?![a-z])", re.IGNORECASE)
# Below such a headline a line printed bold on its own is a heading too: <td><strong>标题</strong></td>.
BOLD_TAGS = frozenset({"strong", "b"})
# The arrows of a breadcrumb ("首页 > 新闻 > 正文") or a "更多>>" link, never in a headline.
BREADCRUMB_MARK = re.compile(r"[>›»]")
# "(页 1)", "(第2页)", " 第2页", "(2/3)" at the end of the title or before its site name
PAGE_SUFFIX = re.compile(
    r"\s*(?:[(（]\s*(?:第\s*\d+\s*[页頁]|[页頁]\s*\d+|\d{1,3}\s*/\s*\d{1,3})\s*[)）]|(?<=\s)第\s*\d+\s*[页頁])"
    r"(?=\s*(?:$|[-_|｜–—»›:]))")
# A forum or blog engine's signature closing the title: "标题 - 社区 - Powered by Discuz!".
GENERATOR_SUFFIX = re.compile(r"\s*[-_|｜–—»›:]+\s*powered\s+by\b.*$", re.IGNORECASE)


def labelled_value(label: re.Pattern[str], text: str) -> str:
    """The value after the first `label` (SOURCE_LABEL) in `text`, as printed."""
    match = label.search(matching_form(text))
    return text[match.start(1):match.end(1)] if match else ""


def headline_element(
    root: lxml_html.HtmlElement, titles: list[str], hidden: set[lxml_html.HtmlElement]
) -> tuple[lxml_html.HtmlElement | None, str]:
    """The element printing the story's title and that title, grounded in the page's own
    titles (<title>, og:title...): the longest text of a shown element, whole or without its child
    elements (a badge, a date), that one of them contains and that is at least half their longest
    part between separators -- so neither a site name nor a channel name passes for it; an
    <h1>/<h2> that starts with that text or a page title (without a site suffix either carries) is
    preferred to an element that is no heading. (None, "") when no element
    prints the title. `titles`: page_titles of the page; `hidden`: hidden_elements of its
    body, whose text no reader sees."""
    if not titles:
        return None, ""
    parts_of = [TITLE_SEPARATORS.split(title) for title in titles]
    keys = [("".join(title.split()), max(map(len, parts))) for title, parts in zip(titles, parts_of)]
    # A story's title shorter than MIN_HEADLINE_CHARS ("通知_某某区人民政府") is its title's first
    # part, printed whole in a heading or an element named a title.
    short_stories = {key for parts in parts_of if len(parts) > 1
                     and 2 <= len(key := "".join(parts[0].split())) < MIN_HEADLINE_CHARS}
    longest_key = max(len(title) for title, _ in keys)  # a text longer is in no title
    body = root.find("body")
    top = body if body is not None else root
    best: tuple[tuple[int, bool], lxml_html.HtmlElement, str] | None = None
    unseen = {element for hidden_element in hidden for element in hidden_element.iter()}
    for element in top.iter(etree.Element):  # (iter, not iterwalk: half the cost a node)
        tag = element.tag  # (each read builds the string)
        if tag in NOT_HEADLINE_TAGS:
            continue
        is_heading = tag in HEADING_TAGS
        if not is_heading:
            # its text, whole or its own, starts with its first text node: one no title holds rules it out
            if len(element) > MAX_HEADLINE_CHILDREN or not (first := element.text) or first.isspace():
                continue
            first = "".join(first.split())
            if not any(first in title for title, _ in keys):
                continue
        if element in unseen:
            continue
        # its whole text (None: too long for any title) and its own
        for text in filter(None, (_text_within(element, longest_key), _own_text(element))):
            key = "".join(text.split())
            short_story = key in short_stories and (is_heading or _is_title_named(element))
            if (len(key) < MIN_HEADLINE_CHARS and not short_story) or (
                    best is not None and (len(key), is_heading) <= best[0]):
                continue
            if short_story or any(key in title and 2 * len(text) >= longest_part for title, longest_part in keys):
                best = (len(key), is_heading), element, text
    if best is not None and best[0][1]:
        return best[1], best[2]
    # A heading that continues the title (a subtitle, a longer form than <title> carries).
    cores = [without_site_suffix(text) for text in ([best[2]] if best is not None else titles)]
    for tag in ("h1", "h2"):
        for heading in root.iter(tag):
            text = element_text(heading)
            if any(len(core) >= MIN_HEADLINE_CHARS and text.startswith(core) for core in cores):
                return heading, text
    return (best[1], best[2]) if best is not None else (None, "")


def _text_within(element: lxml_html.HtmlElement, limit: int) -> str | None:
    """element_text(element), or None when it holds more than `limit` characters other than
    white space: read only that far, so that in markup nested thousands deep each element
    costs the limit, not its whole subtree."""
    pieces, length = [], 0
    for piece in element.itertext():
        length += sum(map(len, piece.split()))
        if length > limit:
            return None
        pieces.append(piece)
    return " ".join("".join(pieces).split())


def _own_text(element: lxml_html.HtmlElement) -> str:
    """The element's text outside its child elements: `<h2><span>原创</span>标题</h2>` -> 标题."""
    return " ".join(" ".join([element.text or ""] + [child.tail or "" for child in element]).split())


def heading_before(body: lxml_html.HtmlElement, content: lxml_html.HtmlElement, titles: list[str],
                   after: lxml_html.HtmlElement | None = None) -> str:
    """The text of the nearest heading (<h1>-<h6>, or an element named a title) above
    `content`'s first paragraph and below `after`'s parent, without a badge at its start, for
    a page whose title is printed nowhere its <title> or meta tags (`titles`: page_titles)
    would say; an element named a title that holds a time or a 来源 line is no heading. A
    heading that is a page title's site or channel name -- one of its parts but not its
    longest -- is a logo, not the story's."""
    names = {part for title in titles for part in TITLE_SEPARATORS.split(title) if part} - {
        without_site_suffix(title) for title in titles}
    start = next(content.iter("p"), content)
    # what shares a parent with `after` is its subtitle or byline, not another headline
    box = after.getparent() if after is not None and after.getparent() is not None else after
    beside_after = set() if box is None else set(box.iter())
    below = after is None
    heading = ""
    for element in body.iter():
        if element is start:
            break
        if element is after:
            below = True
        if not below or element in beside_after:
            continue
        is_heading = element.tag in HEADING_TAGS
        if is_heading or (element.tag not in NOT_HEADLINE_TAGS and _is_title_named(element)) or _is_bold_line(element):
            text = _without_badge(element)
            if len(text) >= MIN_HEADLINE_CHARS and text not in names and (
                    is_heading or _reads_as_title(text)):
                heading = text
    return heading


def _reads_as_title(text: str) -> bool:
    """Neither the time/来源 line nor the breadcrumb ("首页 > 新闻 >", "更多>>") that pages print
    in elements named "title-info", "title_below", "homer-title"."""
    return (BREADCRUMB_MARK.search(text) is None and CLOCK_TIME.search(text) is None
            and parse_metadata_line(text) is None)


def _is_bold_line(element: lxml_html.HtmlElement) -> bool:
    """A <strong>/<b> that is the whole text of its parent: a line printed bold on its own."""
    parent = element.getparent()
    return (element.tag in BOLD_TAGS and parent is not None
            and "".join(element_text(parent).split()) == "".join(element_text(element).split()))


def _is_title_named(element: lxml_html.HtmlElement) -> bool:
    names = f"{element.get('class', '')} {element.get('id', '')}" if isinstance(element.tag, str) else ""
    return bool(TITLE_NAMED.search(names))


def _without_badge(element: lxml_html.HtmlElement) -> str:
    """The element's text without a badge printed in a child element at its start."""
    text = element_text(element)
    first = element[0] if len(element) and not (element.text or "").strip() else None
    badge = element_text(first) if first is not None and isinstance(first.tag, str) else ""
    return text[len(badge):].lstrip() if badge in BADGES else text


def page_titles(root: lxml_html.HtmlElement, metas: dict[str, str]) -> list[str]:
    """The titles the page gives in its meta tags (`metas`: its meta_contents) and its
    <title>, markup, page numbers, an engine's signature and the site name the page declares
    or prints in a logo stripped, each once. A title that is only the site's name is no title."""
    titles = [metas.get(name, "") for name in TITLE_META]
    title = root.find(".//title")
    if title is not None:
        titles.append(element_text(title))
    titles = [_without_markup(title) for title in titles]
    site_names = [name for meta in SITE_NAME_META if (name := metas.get(meta, ""))]
    # A name joined by a separator is told from the story by its length (without_site_suffix);
    # the logos are read (half a millisecond) only for a title of one part with a space in it.
    if any(" " in title and _is_one_part(title) for title in titles):
        site_names += logo_names(root)
    return list(dict.fromkeys(
        cleaned for title in titles if (cleaned := _without_site_name(title, site_names))))


def _is_one_part(title: str) -> bool:
    """True when no separator cuts `title` into parts (a story's or a site's name alone)."""
    return TITLE_SEPARATORS.search(title) is None


def logo_names(root: lxml_html.HtmlElement) -> list[str]:
    """The site names the page's logos print (LOGO_ELEMENTS)."""
    names = []
    for logo in LOGO_ELEMENTS(root):
        texts = [element_text(logo), logo.get("title", ""), *(img.get("alt", "") for img in logo.iter("img"))]
        names += [text for text in map(str.strip, texts) if len(text) in SITE_NAME_CHARS]
    return names


def _without_markup(title: str) -> str:
    """`title` without tags, entities a CMS escaped twice (`&amp;quot;`), page numbers and an
    engine's signature."""
    return " ".join(GENERATOR_SUFFIX.sub("", PAGE_SUFFIX.sub("", MARKUP.sub("", html.unescape(title)))).split())


def _without_site_name(title: str, site_names: list[str]) -> str:
    """`title` without a declared site or channel name at its start or end, joined by a
    separator or a space (`标题 站名`, `站名--标题`); "" when the title is only the name.
    (The name is a literal found by str methods; a pattern made of each name cost a compile
    per site, a fifth of a millisecond.)"""
    for name in site_names:
        if title == name:
            return ""
        start = 0
        if title.startswith(name) and (joint := _JOINT.match(title, len(name))):
            start = joint.end()
        end = len(title)
        if title.endswith(name):
            # cut after the name's first character, which a separator's lookahead reads
            joint = _JOINT_BEFORE_LAST.search(title[:end - len(name) + 1], start)
            end = joint.start() if joint else end
        title = title[start:end]
    return title


def article_title(titles: list[str], headline: lxml_html.HtmlElement | None, headline_text: str,
                  body: lxml_html.HtmlElement, content: lxml_html.HtmlElement) -> str:
    """The story's title: the printed headline's text (headline_element), else the nearest
    heading above the body `content` (heading_before), else the longest part of the first page
    title (`titles`: page_titles) between separators. A headline that is no heading and prints
    a whole page title of one part -- a site's name as often as a story's -- yields to a
    heading printed below it, above the body."""
    if headline_text and (headline.tag in HEADING_TAGS or not any(
            headline_text == title and _is_one_part(title) for title in titles)):
        return headline_text
    heading = heading_before(body, content, titles, after=headline)
    return heading or headline_text or (without_site_suffix(titles[0]) if titles else "")


def without_site_suffix(title: str) -> str:
    """`标题_频道_网易新闻`, `站名--标题` -> `标题`: the longest part between separators."""
    parts = [part for part in TITLE_SEPARATORS.split(title) if part]
    return max(parts, key=len) if parts else ""


def byline_text(headline: lxml_html.HtmlElement | None, title: str) -> str:
    """The text that follows the headline, where portals print time, 来源 and author, after
    what the headline element prints besides the `title` (a date in a <span> inside it)."""
    if headline is None:
        return ""
    texts = islice((text for text in _texts_after(headline) if text.strip(XML_SPACE)), 40)
    inside = element_text(headline).replace(title, " ") if title else ""
    return " ".join(" ".join([inside, *texts]).split())[:BYLINE_WINDOW_CHARS]


def _texts_after(element: lxml_html.HtmlElement) -> Iterator[str]:
    """The text nodes after `element` (not inside it) in document order, what XPath's
    `following::text()` selects; lazily, where libxml2 collects the whole axis first (13 ms
    on a long page)."""
    node = element
    while node is not None:
        if node.tail:
            yield node.tail
        for sibling in node.itersiblings():
            if isinstance(sibling.tag, str):  # comments and processing instructions hold no text
                yield from sibling.itertext()
            if sibling.tail:
                yield sibling.tail
        node = node.getparent()


def published_meta(root: lxml_html.HtmlElement, metas: dict[str, str]) -> datetime | None:
    """The publication time in the page's meta tags (`metas`: its meta_contents) or <time>."""
    for name in PUBLISHED_META:
        value = metas.get(name, "")
        published = parse_published(value) if value else None
        if published is not None:
            return published
    for time in root.iter("time"):
        published = parse_published(time.get("datetime") or element_text(time))
        if published is not None:
            return published
    return None


def authors_from(metas: dict[str, str], byline: str) -> list[str]:
    """The authors in the page's meta tags (`metas`: its meta_contents), else in its byline."""
    for name in AUTHOR_META:
        value = metas.get(name, "")
        if value:
            return [author for author in re.split(r"[,，、;；\s]+", value) if author]
    label = AUTHOR_LABEL.search(matching_form(byline))
    return leading_names(byline[label.end():]) if label else reporters(byline)
