"""Page objects in one shape: a `Template` of selectors per page template of a portal, and a
`Layout` per portal that picks one template per page by its marker (web-poet's layout
switch, without the dependency) and reads the page with it.

`Layout.page(response)` returns a `LayoutPage`: the fields one page of a portal prints, all
read with the one template the page matched (never a title from one template and a body from
another). It never fetches anything; a multi-page article is several LayoutPages that
`article_from_pages` joins into one Article. A page no template matches is an empty
LayoutPage: the spider falls back to generic extraction.

Metadata lines that the layout prints as separate blocks but that need parsing (the
byline "本报记者 谢卫群", the "(责编：胡永秋、杨光宇)" note) are handed on as `head_lines` /
`tail_lines` of the body: the boilerplate pipeline turns them into fields, in either
script, after the encoding fix. Blocks that are never article text (share boxes, related
lists, QR codes, page switchers) are dropped here.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from functools import cache
from urllib.parse import urljoin

from cssselect import HTMLTranslator
from lxml import etree, html as lxml_html

from newscrawl.items import Article, Image
from newscrawl.extraction.bylines import parse_metadata_line
from newscrawl.extraction.dates import parse_published
from newscrawl.extraction.dom import element_text, images_from_node, own_utf8, paragraphs_from_node, parse_html

NEXT_PAGE_TEXTS = ("下一页", "下一頁", "下页")
VIDEO_SELECTORS = ("video", "embed", "object", "iframe[src*='video']")
# A page whose text beside a video player is shorter than this is a video page.
MAX_VIDEO_PAGE_CHARS = 100


@dataclass
class LayoutPage:
    """The fields one page of a layout prints."""

    url: str
    title: str = ""
    subtitle: str = ""
    head_lines: list[str] = field(default_factory=list)  # byline printed above the story
    paragraphs: list[str] = field(default_factory=list)  # the story, captions included
    tail_lines: list[str] = field(default_factory=list)  # editor notes printed after it
    published_at: datetime | None = None
    source: str = ""
    channel: str = ""
    images: list[Image] = field(default_factory=list)
    next_page_url: str = ""  # the following page of a multi-page article
    is_video: bool = False  # a video player with a few words of caption, not a story
    redirected_from: str = ""  # the URL requested, when it redirected here (set by the spider)


@dataclass(frozen=True)
class Template:
    """The CSS selectors of one page template of a portal. Each field is a tuple of selectors
    tried in turn; those marked "inside the body" are looked for inside the body element."""

    name: str
    marker: str  # matches on every page of this template (and on no other of the portal)
    title: tuple[str, ...]
    body: tuple[str, ...]
    subtitle: tuple[str, ...] = ()
    pre_title: tuple[str, ...] = ()  # the kicker above the title, a subtitle when none is printed
    byline: tuple[str, ...] = ()  # printed above the story: handed on as a head line
    time: tuple[str, ...] = ()  # the element printing the publication time
    time_noise: tuple[str, ...] = ()  # inside the time element, dropped before it is read
    source: tuple[str, ...] = ()  # the element printing 来源 (often the time element)
    breadcrumb: tuple[str, ...] = ()
    pager: tuple[str, ...] = ()  # inside the body: the page switcher holding 下一页
    editor_note: tuple[str, ...] = ()  # inside the body: the (责编：…) note
    editor_note_after: tuple[str, ...] = ()  # the same note printed after the body
    not_story: tuple[str, ...] = ()  # inside the body, never story text

    def read(self, root: lxml_html.HtmlElement, url: str) -> LayoutPage:
        """The fields of the page `root` (a private tree: blocks are cut out of it)."""
        page = LayoutPage(
            url=url,
            title=first_text(root, self.title),
            subtitle=first_text(root, self.subtitle) or first_text(root, self.pre_title),
            channel=last_crumb(root, self.breadcrumb),
        )
        byline = first_text(root, self.byline)
        page.head_lines = [byline] if byline else []
        time = first(root, self.time)
        if time is not None:
            drop(time, self.time_noise)
            page.published_at = parse_published(text_of(time))
        page.source = source_of(first_text(root, self.source))
        body = first(root, self.body)
        if body is None:
            return page
        page.next_page_url = next(
            (url for selector in self.pager for pager in select(body, selector)
             if (url := next_page_url(pager, page.url))), "")
        page.tail_lines = drop(body, self.editor_note) + drop(root, self.editor_note_after)
        drop(body, self.not_story)
        page.paragraphs, page.images, page.is_video = content(body, page.url)
        return page


@dataclass(frozen=True)
class Layout:
    """A portal's page templates, tried in order: the first whose marker matches reads the page."""

    templates: tuple[Template, ...]

    def template_for(self, root: lxml_html.HtmlElement) -> Template | None:
        return next((template for template in self.templates if select(root, template.marker)),
                    None)

    def page(self, response) -> LayoutPage:
        root = document(response)
        template = self.template_for(root)
        if template is None:
            return LayoutPage(url=response.url)
        return template.read(root, response.url)


def document(response) -> lxml_html.HtmlElement:
    """A private lxml tree of the response text (page objects cut blocks out of it)."""
    root = parse_html(response.text, own_utf8(response.body, response.encoding, response.text))
    if root is None:
        return lxml_html.document_fromstring("<html><body></body></html>")
    return root


class _Translator(HTMLTranslator):
    """lxml's CSS translation, with XPath that finds the same elements faster."""

    def xpath_attrib_includes(self, xpath, name, value):
        # A plain substring test first: most elements fail it, before the costly word test.
        xpath.add_condition(f"contains({name}, {self.xpath_literal(value or '')})")
        return super().xpath_attrib_includes(xpath, name, value)

    def xpath_descendant_combinator(self, left, right):
        # straight down, not through every descendant's children (descendant-or-self::*/)
        return left.join("/descendant::", right)


@cache
def _compiled(selector: str) -> etree.XPath:
    # translating CSS to XPath costs far more than running the XPath: once per selector
    return etree.XPath(_Translator().css_to_xpath(selector))


def select(node: lxml_html.HtmlElement, selector: str) -> list[lxml_html.HtmlElement]:
    """The elements under `node` (itself included) matched by the CSS `selector`."""
    return _compiled(selector)(node)


def first(root: lxml_html.HtmlElement, selectors: tuple[str, ...]) -> lxml_html.HtmlElement | None:
    """The first element matched by the first selector that matches anything."""
    for selector in selectors:
        found = select(root, selector)
        if found:
            return found[0]
    return None


def text_of(element: lxml_html.HtmlElement | None) -> str:
    """The element's text with white space collapsed; "" for no element."""
    return element_text(element) if element is not None else ""


def first_text(root: lxml_html.HtmlElement, selectors: tuple[str, ...]) -> str:
    return text_of(first(root, selectors))


def drop(node: lxml_html.HtmlElement, selectors: tuple[str, ...]) -> list[str]:
    """Remove the blocks matched by `selectors` from `node`; return their texts, in order."""
    texts = []
    for selector in selectors:
        for element in select(node, selector):
            if element.getparent() is not None:
                text = text_of(element)
                if text:
                    texts.append(text)
                element.drop_tree()
    return texts


def source_of(line: str) -> str:
    """The 来源 outlet named in a header line such as "2019-07-27 20:58 来源：中国新闻网"."""
    metadata = parse_metadata_line(line) if line else None
    return metadata.source if metadata else ""


def last_crumb(root: lxml_html.HtmlElement, selectors: tuple[str, ...]) -> str:
    """The last link text of a breadcrumb (人民网>>上海频道 -> 上海频道)."""
    crumbs = first(root, selectors)
    if crumbs is None:
        return ""
    links = [text_of(a) for a in crumbs.iter("a")]
    links = [text for text in links if text]
    return links[-1] if links else ""


def next_page_url(container: lxml_html.HtmlElement | None, base_url: str) -> str:
    """The absolute URL of the first 下一页 link inside `container` (a pager, or a whole
    list page), or ""."""
    if container is None:
        return ""
    for link in container.iter("a"):
        if text_of(link) in NEXT_PAGE_TEXTS and link.get("href"):
            return urljoin(base_url, link.get("href").strip())
    return ""


def content(body: lxml_html.HtmlElement, url: str) -> tuple[list[str], list[Image], bool]:
    """The paragraphs and pictures of a cleaned content node, and whether it is a video page."""
    paragraphs = paragraphs_from_node(body)
    has_player = any(select(body, selector) for selector in VIDEO_SELECTORS)
    is_video = has_player and sum(len(p) for p in paragraphs) < MAX_VIDEO_PAGE_CHARS
    return paragraphs, images_from_node(body, url), is_video


def article_from_pages(pages: list[LayoutPage], *, site: str, encoding: str = "",
                       encoding_reason: str = "") -> Article:
    """One Article from the pages of a story, in order: header fields from the first page,
    the body of every page, the editor notes of the last page."""
    head, last = pages[0], pages[-1]
    body = head.head_lines + [p for page in pages for p in page.paragraphs] + last.tail_lines
    return Article(
        url=head.url,
        site=site,
        title=head.title,
        subtitle=head.subtitle,
        body="\n".join(body),
        published_at=head.published_at,
        source=head.source,
        channel=head.channel,
        images=[image for page in pages for image in page.images],
        encoding=encoding,
        encoding_reason=encoding_reason,
        extractor="layout",
        pages=len(pages),
    )
