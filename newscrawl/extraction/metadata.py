"""The article's metadata from a whole page: headline element, title, publication time,
来源 and authors (meta tags first, then the text printed after the headline)."""
from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime
from itertools import islice

from lxml import html as lxml_html

from newscrawl.chars import matching_form
from newscrawl.extraction.bylines import LABELS
from newscrawl.extraction.dates import parse_published
from newscrawl.extraction.dom import element_text, meta_content

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
TITLE_SEPARATORS = re.compile(r"\s*(?:_|\||｜|--|——|-|－|–)\s*")


def labelled_value(label: re.Pattern[str], text: str) -> str:
    """The value after the first `label` (SOURCE_LABEL, AUTHOR_LABEL) in `text`, as printed."""
    match = label.search(matching_form(text))
    return text[match.start(1):match.end(1)] if match else ""


def headline_element(root: lxml_html.HtmlElement) -> lxml_html.HtmlElement | None:
    """The element printing the story's title: an <h1>/<h2> that the page title starts with
    (or that starts with the page title without its site suffix), else the first element
    whose own text is that title."""
    printed_title = page_title(root)
    if not printed_title:
        return next(root.iter("h1"), None)
    core = without_site_suffix(printed_title)
    for tag in ("h1", "h2"):
        for heading in root.iter(tag):
            text = element_text(heading)
            if len(text) >= 2 and (printed_title.startswith(text) or text.startswith(core)):
                return heading
    for candidate in (core, printed_title):
        for element in root.xpath("//body//*[normalize-space(text()) = $t]", t=candidate):
            if element.tag not in ("a", "option", "title"):
                return element
    return None


def page_title(root: lxml_html.HtmlElement) -> str:
    """The title the page gives in its meta tags, else its <title>."""
    for name in TITLE_META:
        value = meta_content(root, name)
        if value:
            return value
    title = root.find(".//title")
    return element_text(title) if title is not None else ""


def article_title(root: lxml_html.HtmlElement, headline: lxml_html.HtmlElement | None) -> str:
    if headline is not None:
        return element_text(headline)
    return without_site_suffix(page_title(root))


def without_site_suffix(title: str) -> str:
    """`标题_频道_网易新闻` -> `标题`: the first part between separators, or the longest
    when the first is too short to be a headline."""
    parts = [part for part in TITLE_SEPARATORS.split(title) if part]
    if not parts:
        return ""
    return parts[0] if len(parts[0]) >= MIN_HEADLINE_CHARS else max(parts, key=len)


def byline_text(root: lxml_html.HtmlElement, headline: lxml_html.HtmlElement | None) -> str:
    """The text that follows the headline, where portals print time, 来源 and author."""
    if headline is None:
        return ""
    texts = islice((text for text in _texts_after(headline) if text.strip(XML_SPACE)), 40)
    return " ".join(" ".join(texts).split())[:BYLINE_WINDOW_CHARS]


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


def published_meta(root: lxml_html.HtmlElement) -> datetime | None:
    for name in PUBLISHED_META:
        value = meta_content(root, name)
        published = parse_published(value) if value else None
        if published is not None:
            return published
    for time in root.iter("time"):
        published = parse_published(time.get("datetime") or element_text(time))
        if published is not None:
            return published
    return None


def authors_from(root: lxml_html.HtmlElement, byline: str) -> list[str]:
    for name in AUTHOR_META:
        value = meta_content(root, name)
        if value:
            return [author for author in re.split(r"[,，、;；\s]+", value) if author]
    author = labelled_value(AUTHOR_LABEL, byline)
    return [author] if author else []
