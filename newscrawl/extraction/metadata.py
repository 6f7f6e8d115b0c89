"""The article's metadata from a whole page: headline element, title, publication time,
来源 and authors (meta tags first, then the text printed after the headline)."""
from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime
from itertools import islice

from lxml import etree, html as lxml_html

from newscrawl.chars import matching_form
from newscrawl.extraction.bylines import LABELS
from newscrawl.extraction.dates import parse_published
from newscrawl.extraction.dom import element_text, meta_contents

TITLE_META = (
    "og:title", "twitter:title", "title", "headline", "articletitle", "contenttitle",
)
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
AUTHOR_LABEL = re.compile(r"(?:作者|记者)\s*:\s*([^\s|/]{2,30})")
MIN_HEADLINE_CHARS = 5
TITLE_SEPARATORS = re.compile(r"\s*(?:_|\||｜|--|——|-|－|–|›|»|::)\s*")
HEADING_TAGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
# Elements whose text copies a title without printing the page's own: teaser links, options.
NOT_HEADLINE_TAGS = frozenset({"a", "option", "title", "script", "style", "ul", "ol", "table", "tr"})
# An element other than a heading prints a title as its own text, with at most a few inline children.
MAX_HEADLINE_CHILDREN = 3
MARKUP = re.compile(r"<[^<>]{1,200}>")
# "(页 1)", "(第2页)" at the end of the title or before its site name
PAGE_SUFFIX = re.compile(r"\s*[(（]\s*(?:第\s*\d+\s*[页頁]|[页頁]\s*\d+)\s*[)）](?=\s*(?:$|[-_|｜–—»›:]))")


def labelled_value(label: re.Pattern[str], text: str) -> str:
    """The value after the first `label` (SOURCE_LABEL, AUTHOR_LABEL) in `text`, as printed."""
    match = label.search(matching_form(text))
    return text[match.start(1):match.end(1)] if match else ""


def headline_element(
    root: lxml_html.HtmlElement, titles: list[str], hidden: set[lxml_html.HtmlElement]
) -> tuple[lxml_html.HtmlElement | None, str]:
    """The element printing the story's title and that title, grounded in the page's own
    titles (<title>, og:title...): the longest text of a shown element, whole or without its child
    elements (a badge, a date), that one of them contains and that is at least half their longest
    part between separators -- so neither a site name nor a channel name passes for it; an
    <h1>/<h2> that starts with that text (or, when none is found, with a page title without its
    site suffix) is preferred to an element that is no heading. (None, "") when no element
    prints the title. `titles`: page_titles of the page; `hidden`: hidden_elements of its
    body, whose text no reader sees."""
    if not titles:
        return None, ""
    keys = [("".join(title.split()), max(len(part) for part in TITLE_SEPARATORS.split(title)))
            for title in titles]
    body = root.find("body")
    top = body if body is not None else root
    best: tuple[tuple[int, bool], lxml_html.HtmlElement, str] | None = None
    walker = etree.iterwalk(top, events=("start",))
    for _, element in walker:
        if element in hidden:
            walker.skip_subtree()
            continue
        tag = element.tag  # (each read builds the string)
        if not isinstance(tag, str) or tag in NOT_HEADLINE_TAGS:
            continue
        is_heading = tag in HEADING_TAGS
        if not is_heading:
            # its text, whole or its own, starts with its first text node: one no title holds rules it out
            if len(element) > MAX_HEADLINE_CHILDREN or not (first := element.text) or first.isspace():
                continue
            first = "".join(first.split())
            if not any(first in title for title, _ in keys):
                continue
        for text in (element_text(element), _own_text(element)):
            key = "".join(text.split())
            if len(key) < MIN_HEADLINE_CHARS or (best is not None and (len(key), is_heading) <= best[0]):
                continue
            if any(key in title and 2 * len(text) >= longest_part for title, longest_part in keys):
                best = (len(key), is_heading), element, text
    if best is not None and best[0][1]:
        return best[1], best[2]
    # A heading that continues the title (a subtitle, a longer form than <title> carries).
    cores = [best[2]] if best is not None else [without_site_suffix(title) for title in titles]
    for tag in ("h1", "h2"):
        for heading in root.iter(tag):
            text = element_text(heading)
            if any(len(core) >= MIN_HEADLINE_CHARS and text.startswith(core) for core in cores):
                return heading, text
    return (best[1], best[2]) if best is not None else (None, "")


def _own_text(element: lxml_html.HtmlElement) -> str:
    """The element's text outside its child elements: `<h2><span>原创</span>标题</h2>` -> 标题."""
    return " ".join(" ".join([element.text or ""] + [child.tail or "" for child in element]).split())


def heading_before(body: lxml_html.HtmlElement, content: lxml_html.HtmlElement) -> str:
    """The text of the nearest heading (<h1>-<h4>) above `content`'s first paragraph, for a
    page whose title is printed nowhere its <title> or meta tags would say."""
    start = next(content.iter("p"), content)
    heading = ""
    for element in body.iter():
        if element is start:
            break
        if element.tag in HEADING_TAGS:
            text = element_text(element)
            if len(text) >= MIN_HEADLINE_CHARS:
                heading = text
    return heading


def page_titles(root: lxml_html.HtmlElement, metas: dict[str, str]) -> list[str]:
    """The titles the page gives in its meta tags (`metas`: its meta_contents) and its
    <title>, markup stripped, each once."""
    titles = [metas.get(name, "") for name in TITLE_META]
    title = root.find(".//title")
    if title is not None:
        titles.append(element_text(title))
    return list(dict.fromkeys(cleaned for title in titles if (cleaned := _without_markup(title))))


def _without_markup(title: str) -> str:
    return " ".join(PAGE_SUFFIX.sub("", MARKUP.sub("", title)).split())


def article_title(root: lxml_html.HtmlElement, headline_text: str) -> str:
    """The printed headline's text, else the page title without its site name."""
    if headline_text:
        return headline_text
    titles = page_titles(root, meta_contents(root))
    return without_site_suffix(titles[0]) if titles else ""


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
    author = labelled_value(AUTHOR_LABEL, byline)
    return [author] if author else []
