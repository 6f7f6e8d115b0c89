"""A fetched page read in one go: decoded, parsed once, checked for an error or block page,
its self-declared URLs and links collected, its article extracted by text density.

A pure function of the page's bytes, so that a worker process can run it
(newscrawl.workers); the generic spider turns its result into an item or a not-article.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from lxml import etree, html as lxml_html
from w3lib.encoding import html_to_unicode

from newscrawl.encoding.pagekind import undecodable
from newscrawl.extraction.blockpage import MAX_BLOCK_PAGE_CHARS, block_page, uses_a_phrase, visible_length
from newscrawl.extraction.density import ExtractedArticle, article_in_tree
from newscrawl.extraction.dom import own_utf8, parse_html

ALL_TEXT = etree.XPath("string()")  # of an element and its descendants
PAGE_TITLE = etree.XPath("//title//text()")
XML_SPACE_RUN = re.compile(r"[ \t\r\n]+")
CANONICAL_LOWER = str.maketrans("CANOIL", "canoil")  # only the letters of the word, as XPath's translate()


@dataclass
class PageReading:
    """What `read_page` found. A page with no article has `undecodable` set, or a
    `block_kind` (blocked, login, error_page), or neither and `article` None (no content)."""
    undecodable: bool = False
    block_kind: str = ""
    block_detail: str = ""
    declared_urls: list[str] = field(default_factory=list)
    link_hrefs: list[str] = field(default_factory=list)
    article: ExtractedArticle | None = None


def read_page(body: bytes, encoding: str, url: str, with_links: bool) -> PageReading:
    """The reading of the page `body` fetched from `url`, decoded as `encoding` the way
    Scrapy decodes a response (a byte order mark wins; bad bytes become U+FFFD); its link
    hrefs only `with_links`."""
    text = html_to_unicode(f"charset={encoding}", body)[1]
    if undecodable(text):
        return PageReading(undecodable=True)
    root = parse_html(text, own_utf8(body, encoding, text))
    if root is None:
        return PageReading()
    kind, detail = block_page_reason(root)
    if kind:
        return PageReading(block_kind=kind, block_detail=detail)
    # Read before the extraction, which cuts the tree.
    declared, hrefs = declared_urls(root), link_hrefs(root) if with_links else []
    return PageReading(declared_urls=declared, link_hrefs=hrefs, article=article_in_tree(root, url))


def block_page_reason(root: lxml_html.HtmlElement | None) -> tuple[str, str]:
    """The kind of error/anti-bot/login page the parsed page is and its phrases (("", "")
    when it may be an article). The phrases are looked for in the page's text (entities
    decoded) only when its shown text is short enough for a block page. `root`: parse_html's,
    without scripts and style sheets."""
    shown = shown_texts(root) if root is not None else None
    found = block_page(*shown) if shown and uses_a_phrase(ALL_TEXT(root)) else None
    return (found.kind, found.detail()) if found else ("", "")


def shown_texts(root: lxml_html.HtmlElement) -> tuple[str, str] | None:
    """The page's title and the text a reader sees in its body; None when that is longer
    than a block page's (MAX_BLOCK_PAGE_CHARS), as most articles are: their length is known
    before the costlier cut of <noscript> texts out of the body's (parse_html cut the scripts
    and style sheets)."""
    body = root.find("body")
    if body is None:
        return None
    title = " ".join(PAGE_TITLE(root))
    text = ALL_TEXT(body)
    hidden = [element.text_content() for element in body.iter("noscript")
              if not any(ancestor.tag == "noscript" for ancestor in element.iterancestors())]
    if visible_length(title) + visible_length(text) - visible_length("".join(hidden)) > MAX_BLOCK_PAGE_CHARS:
        return None
    return title, visible_text(text, hidden)


def visible_text(text: str, hidden: list[str]) -> str:
    """The text a reader sees in the body, from its whole string and the texts of its
    outermost <noscript> elements in document order (cut out of one string: an XPath test per
    text node costs several times the page's parse). Each is looked for after the previous
    cut, so the string is read once however many there are."""
    shown, start = [], 0
    for part in hidden:
        at = text.find(part, start)
        shown.append(text[start:at])
        start = at + len(part)
    shown.append(text[start:])
    return " ".join(shown)


def declared_urls(root: lxml_html.HtmlElement) -> list[str]:
    """Where a page declares its own URL, in order of trust: its <link rel="canonical"> hrefs,
    then its og:url."""
    canonical, og_url = [], []
    for element in root.iter("link", "meta"):  # one walk of the tree for both
        if element.tag == "link":
            if element.get("href") is not None and "canonical" in XML_SPACE_RUN.split(
                    element.get("rel", "").translate(CANONICAL_LOWER)):
                canonical.append(element.get("href"))
        elif element.get("property") == "og:url" and element.get("content") is not None:
            og_url.append(element.get("content"))
    return canonical + og_url


def link_hrefs(root: lxml_html.HtmlElement) -> list[str]:
    """The href of every link on the page, in document order."""
    return [href for link in root.iter("a") if (href := link.get("href")) is not None]
