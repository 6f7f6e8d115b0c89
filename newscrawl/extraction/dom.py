"""DOM helpers shared by the layouts' page objects and the density extraction: parsing,
cleaning a content element of widgets, splitting it into paragraphs, its images, and the
<meta> tags of a page."""
from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import urljoin

from lxml import etree, html as lxml_html

from w3lib.encoding import html_body_declared_encoding, read_bom, resolve_encoding

from newscrawl.encoding.charset import gb18030_user_defined_mapped
from newscrawl.extraction.boilerplate import collapse_doubled
from newscrawl.extraction.bylines import photo_credit
from newscrawl.items import Image

# Tags that never hold article text.
JUNK_TAGS = (
    "script", "style", "noscript", "template", "iframe", "object", "embed", "svg", "canvas",
    "select", "button", "input", "textarea", "nav", "footer", "aside", "link", "meta",
    "video", "audio",  # their text is the fallback for browsers that cannot play them
)
# A class name is evidence to weigh, not a verdict (class and id camelCase-split, lowercased:
# "articleComment" -> "article-comment"). Page regions that never hold the article, recognised
# by a word starting with one of these:
WIDGET_NAME = re.compile(r"(?<![a-z])(?:" + "|".join((
    "breadcrumb", "crumb", "copyright", "banquan", "sidebar", "advert", "login", "footer",
    "navbar", "subnav", "topnav", "menu", "disclaimer", "vote", "survey", "toupiao",
)) + ")")
# Streams of other texts (comments, related stories), recognised by a whole word (so "relat"
# never matches the CSS utility "relative"):
STREAM_WORD = re.compile(r"comments?|commentlist|commentbox|commentarea|pinglun|replies|reply|discuss|cmt|huifu|"
                         r"liuyan|gentie|related\w*|relate|recommend\w*|tuijian|xiangguan|hotnews|paihang|"
                         r"stories|reference|reflist")
# Tools beside the article (share, font size, print...), recognised by a word starting with one of
# these, and words naming a place or a kind of box, recognised whole: such an element is only
# removed when it holds no prose (a text run of PROSE_CHARS with punctuation), for the article
# box itself is sometimes named so.
TOOL_NAME = re.compile(r"(?<![a-z])(?:" + "|".join((
    "share", "bdshare", "font-?size", "font_size", "toolbar", "back-?top", "go-?top", "qrcode",
    "erweima", "player",
)) + ")")
POSITION_CLASS_WORDS = frozenset({
    "ad", "ads", "gg", "nav", "foot", "tags", "tag", "print", "tool", "tools", "hot", "rank",
    "side", "top", "bottom", "mbx", "position", "location", "weizhi", "zoom", "fenxiang",
    "keywords", "more", "header", "head",
})
# ...unless the same element is named the article's too: its words override all but the
# stream words ("comment-content" is a comment's).
CONTENT_WORD = re.compile(r"content\w*|article\w*|main")
PROSE_CHARS = 30
CAMEL_CASE_BOUNDARY = re.compile(r"(?<=[a-z])(?=[A-Z])")
NOISE_ROLES = frozenset({
    "navigation", "banner", "complementary", "contentinfo", "search", "menu", "menubar",
    "toolbar", "dialog", "alert",
})
# Not visibility:hidden: pages (WeChat's) hide the article that way until a script shows it.
# The attributes that may hide their element, under a node: libxml2 walks an attribute axis
# faster than it tests predicates on every element.
HIDDEN_CANDIDATES = etree.XPath('descendant::*/@hidden | descendant::*/@aria-hidden'
                                ' | descendant::*/@style[contains(., "none") or contains(., "NONE")]')
HIDDEN_STYLE = re.compile(r"display\s*:\s*none", re.IGNORECASE)
# U+F000-U+F8FF in UTF-8 (see holds_private_use).
PRIVATE_USE_F = re.compile(rb"\xef[\x80-\xa3]")
# A widget holding this share of the page's text or more is a wrapper of the article, kept.
MAX_NOISE_SHARE = 0.4

# Elements that end a paragraph.
BLOCK_TAGS = frozenset({
    "p", "div", "br", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "dl", "dt", "dd",
    "table", "tbody", "thead", "tr", "td", "th", "section", "article", "blockquote", "figure",
    "figcaption", "pre", "center", "hr", "header", "main", "form", "address", "caption",
})
# A paragraph with this share of its characters inside links is navigation, not text.
MAX_LINK_SHARE = 0.5

# Chinese punctuation, and Latin punctuation where it ends a clause ("1.5万" has none).
SENTENCE_PUNCTUATION = re.compile(r"[，。！？；：、]|[,.!?;](?=\s|$)")
LAZY_IMAGE_ATTRIBUTES = ("data-src", "data-original", "data-lazy-src", "data-lazyload", "data-url", "src")
# Page furniture, not photos of the story (GIFs on news pages are spacers and animations).
NOISE_IMAGE = re.compile(r"logo|icon|share|qrcode|erweima|blank|spacer|loading|avatar|\.gif$", re.I)
MIN_IMAGE_SIDE = 60
MAX_CAPTION_CHARS = 120


# lxml.html picks each element's class by a Python call (form, input... have their own,
# unused here), which cost more than the parse; every element an HtmlElement, picked in C.
HTML_CLASSES = etree.ElementDefaultClassLookup(
    element=lxml_html.HtmlElement, comment=lxml_html.HtmlComment, pi=lxml_html.HtmlProcessingInstruction
)


def parse_html(html: str, utf8: bytes | None = None) -> lxml_html.HtmlElement | None:
    """The document element of `html`, or None when it holds no markup at all; without its
    scripts and style sheets. In a page that declares a GB charset, the GB 18030 codes decoded
    to private-use code points stand for characters again. `utf8`: `html` encoded as UTF-8,
    when the caller has it (own_utf8)."""
    if not html or html.isspace():  # not strip(): it copies a page that ends in a line break
        return None
    # Bytes, so that an <?xml encoding=...?> declaration in the text cannot conflict.
    data = utf8 if utf8 is not None else html.encode("utf-8", "replace")
    # the declaration first: it is read from the page's start, the search goes through it all
    if resolve_encoding(html_body_declared_encoding(html) or "") == "gb18030" and holds_private_use(data):
        data = gb18030_user_defined_mapped(html).encode("utf-8", "replace")
    # huge_tree: without it libxml2 drops everything nested deeper than 255 elements.
    parser = lxml_html.HTMLParser(encoding="utf-8", remove_comments=True, remove_pis=True,
                                  huge_tree=True)
    parser.set_element_class_lookup(HTML_CLASSES)
    try:
        root = lxml_html.document_fromstring(data, parser=parser)
    except (etree.ParserError, ValueError):
        return None
    # Nothing reads their text, and on a news page they hold about half of it: cut once (in
    # C), not turned into Python strings by every walk of the tree.
    etree.strip_elements(root, "script", "style", with_tail=False)
    return root


def own_utf8(body: bytes, encoding: str, text: str) -> bytes | None:
    """`body` when it is `text` encoded as UTF-8: a UTF-8 page without a byte order mark that
    decoded (as `encoding`) without a loss; else None. Such a page is parsed from its own
    bytes, not from its text encoded again (a fifth of a millisecond a page)."""
    if resolve_encoding(encoding) != "utf-8" or read_bom(body)[0] or "\ufffd" in text:
        return None
    return body


def holds_private_use(data: bytes) -> bool:
    """Whether the UTF-8 `data` holds a private-use code point (U+E000-U+F8FF): an EE lead
    byte (U+E000-U+EFFF) or EF before 80-A3 (U+F000-U+F8FF). A twentieth of the time a search
    of the text takes, where most GB pages hold none."""
    return b"\xee" in data or PRIVATE_USE_F.search(data) is not None


def clean_content_node(
    node: lxml_html.HtmlElement, keep: lxml_html.HtmlElement | None = None,
    hidden: set[lxml_html.HtmlElement] | None = None,
) -> None:
    """Remove from `node`, in place, what is never article text: scripts, styles, forms,
    navigation, hidden elements, comment and related-story streams, and breadcrumb/copyright/
    sidebar regions named so by their class, id or role. A region-named element holding much
    of the text is kept; one named by a tool (share, font size, print) or a mere position word
    (top, side...) is kept when it holds prose; so is any element around `keep` (the headline,
    whose container is the article's). `hidden`: hidden_elements(node), when the caller has it."""
    etree.strip_elements(node, *JUNK_TAGS, with_tail=False)  # keeps the text that follows each
    texts = _SubtreeTexts(node)
    total_chars = texts.total or 1
    kept = set(keep.iterancestors()) if keep is not None else set()
    if hidden is None:
        hidden = hidden_elements(node)
    noise: list[lxml_html.HtmlElement] = []
    walker = etree.iterwalk(node, events=("start",))
    for _, element in walker:
        if element is node or not isinstance(element.tag, str) or element in kept:
            continue
        kind = "hidden" if element in hidden else _noise_kind(element)
        if kind is None:
            continue
        if kind in ("widget", "position"):
            chars = texts.length(element)
            if chars >= MAX_NOISE_SHARE * total_chars:
                continue
            if kind == "position" and chars >= PROSE_CHARS and texts.holds_prose(element):
                continue
        noise.append(element)
        walker.skip_subtree()
    for element in noise:
        element.drop_tree()


def paragraphs_from_node(node: lxml_html.HtmlElement) -> list[str]:
    """The paragraphs of `node`'s text: a new one at each block element and <br>, whitespace
    collapsed, empty ones and link lists (mostly link text) left out. Figure captions are
    paragraphs like any other text."""
    paragraphs: list[str] = []
    parts: list[str] = []
    link_chars = 0
    link_depth = 0

    def flush() -> None:
        nonlocal link_chars
        text = " ".join("".join(parts).split())
        if text and link_chars <= MAX_LINK_SHARE * len(text):
            paragraphs.append(text)
        parts.clear()
        link_chars = 0

    walker = etree.iterwalk(node, events=("start", "end"))
    for event, element in walker:
        tag = element.tag
        if not isinstance(tag, str):
            if event == "end" and element.tail and element is not node:
                parts.append(element.tail)
            continue
        if event == "start":
            if tag in JUNK_TAGS:
                walker.skip_subtree()  # its "end" event still comes, and adds the tail
                continue
            if tag in BLOCK_TAGS:
                flush()
            if tag == "a":
                link_depth += 1
            if element.text:
                parts.append(element.text)
                if link_depth:
                    link_chars += len(element.text.strip())
        else:
            if tag == "a":
                link_depth -= 1
            if tag in BLOCK_TAGS:
                flush()
            if element.tail and element is not node:
                parts.append(element.tail)
                if link_depth:
                    link_chars += len(element.tail.strip())
    flush()
    return paragraphs


def images_from_node(node: lxml_html.HtmlElement, base_url: str) -> list[Image]:
    """The pictures of `node` with absolute URLs and their captions and photo credits;
    icons, logos, spacers and tiny images left out."""
    images: list[Image] = []
    seen: set[str] = set()
    for img in node.iter("img"):
        src = next((img.get(name) for name in LAZY_IMAGE_ATTRIBUTES if img.get(name)), "")
        src = src.strip()
        if not src or src.startswith("data:") or NOISE_IMAGE.search(src) or _is_tiny(img):
            continue
        image_url = urljoin(base_url, src)
        if image_url in seen:
            continue
        seen.add(image_url)
        caption = collapse_doubled(_caption(img))
        credit = photo_credit(caption)
        if credit:
            caption = caption[: caption.rfind(credit)].rstrip(" (（")
        images.append(Image(url=image_url, caption=caption, credit=credit))
    return images


def hidden_elements(node: lxml_html.HtmlElement) -> set[lxml_html.HtmlElement]:
    """The elements under `node` that are not shown: display:none in their style, the hidden
    attribute, aria-hidden="true" (candidates found by one XPath query, not a test per element)."""
    return {
        element for element in (attribute.getparent() for attribute in HIDDEN_CANDIDATES(node))
        if element.get("hidden") is not None or element.get("aria-hidden", "").strip().lower() == "true"
        or HIDDEN_STYLE.search(element.get("style") or "")
    }


def _noise_kind(element: lxml_html.HtmlElement) -> str | None:
    """"stream" for comments or related stories (removed whatever their size, as hidden
    elements are), "widget" for an element that is certainly not article text, "position"
    for one whose name only says where it sits, None for others."""
    return _attribute_kind(element.get("role"), element.get("class"), element.get("id"))


@lru_cache(maxsize=4096)  # a page repeats its class names many times
def _attribute_kind(role: str | None, class_names: str | None, element_id: str | None) -> str | None:
    """_noise_kind by an element's role, class and id attributes."""
    if (role or "").lower() in NOISE_ROLES:
        return "widget"
    return _name_kind(f"{class_names or ''} {element_id or ''}")


def _name_kind(names: str) -> str | None:
    """_noise_kind by an element's class and id alone."""
    if not names.strip():
        return None
    names = CAMEL_CASE_BOUNDARY.sub("-", names).lower()
    words = [word for word in re.split(r"[^a-z]+", names) if word]
    if any(STREAM_WORD.fullmatch(word) for word in words):
        return "stream"
    if any(CONTENT_WORD.fullmatch(word) for word in words):
        return None
    if WIDGET_NAME.search(names):
        return "widget"
    if TOOL_NAME.search(names) or any(word in POSITION_CLASS_WORDS for word in words):
        return "position"
    return None


class _SubtreeTexts:
    """The length of an element's text (text_content()) and whether a text run of it is prose,
    read from the element while the elements asked about hold little more than the page's text
    in all; past that (widgets nested in widgets, as in markup nested thousands deep, where
    reading each one's subtree cost the depth times the page) looked up in a table of every
    element under `node`, made in one pass."""

    def __init__(self, node: lxml_html.HtmlElement):
        self.node = node
        self.total = len(node.text_content())
        self.read = 0  # characters read by length()
        self.table: dict[lxml_html.HtmlElement, tuple[int, bool]] | None = None

    def length(self, element: lxml_html.HtmlElement) -> int:
        if self._in_table():
            return self.table[element][0]
        length = len(element.text_content())
        self.read += length
        return length

    def holds_prose(self, element: lxml_html.HtmlElement) -> bool:
        if self._in_table():
            return self.table[element][1]
        # reads at most length(element)'s characters, which counted them
        return any(_is_prose(text) for text in element.itertext())

    def _in_table(self) -> bool:
        if self.table is None and self.read > 2 * self.total + PROSE_CHARS:
            self.table = _subtree_texts(self.node)
        return self.table is not None


def _subtree_texts(node: lxml_html.HtmlElement) -> dict[lxml_html.HtmlElement, tuple[int, bool]]:
    """For `node` and each element under it: the length of its text and whether a text run of
    it is prose, in one pass (children are counted before their parent)."""
    table: dict[lxml_html.HtmlElement, tuple[int, bool]] = {}
    open_elements: list[list] = []  # [length, prose] of the elements entered, not yet left
    for event, element in etree.iterwalk(node, events=("start", "end")):
        if event == "start":
            text = element.text if isinstance(element.tag, str) else None  # not a comment's
            open_elements.append([len(text), _is_prose(text)] if text else [0, False])
            continue
        length, prose = table[element] = tuple(open_elements.pop())
        if open_elements:  # its text and the text after it are its parent's
            parent, tail = open_elements[-1], element.tail or ""
            parent[0] += length + len(tail)
            parent[1] = parent[1] or prose or _is_prose(tail)
    return table


def _is_prose(text: str) -> bool:
    """A text run of PROSE_CHARS or more with two punctuation marks or more."""
    return len(text) >= PROSE_CHARS and len(SENTENCE_PUNCTUATION.findall(text)) >= 2


def _caption(img: lxml_html.HtmlElement) -> str:
    """The caption of a picture: its <figcaption>, the text beside it in its paragraph, or a
    short paragraph right after it."""
    block = img.getparent()
    while block is not None and block.tag not in BLOCK_TAGS:
        block = block.getparent()
    if block is None:
        return ""
    figure = block if block.tag == "figure" else None
    if figure is not None:
        figcaption = figure.find(".//figcaption")
        if figcaption is not None:
            return element_text(figcaption)
    own_text = element_text(block)
    if 0 < len(own_text) <= MAX_CAPTION_CHARS:
        return own_text
    if own_text:
        return ""
    following = block.getnext()
    if following is not None and following.tag in BLOCK_TAGS and following.find(".//img") is None:
        text = element_text(following)
        if 0 < len(text) <= MAX_CAPTION_CHARS:
            return text
    return ""


def _is_tiny(img: lxml_html.HtmlElement) -> bool:
    for side in ("width", "height"):
        value = (img.get(side) or "").strip().removesuffix("px")
        if value.isdigit() and int(value) < MIN_IMAGE_SIDE:
            return True
    return False


def element_text(element: lxml_html.HtmlElement) -> str:
    """The element's text with white space collapsed."""
    return " ".join(element.text_content().split())

def meta_contents(root: lxml_html.HtmlElement) -> dict[str, str]:
    """The content of the <meta> tags of `root` by name, property or itemprop (lower-cased),
    white space collapsed; the first tag of each name."""
    contents: dict[str, str] = {}
    for meta in root.iter("meta"):
        key = (meta.get("property") or meta.get("name") or meta.get("itemprop") or "").lower()
        if key not in contents:
            contents[key] = " ".join((meta.get("content") or "").split())
    return contents
