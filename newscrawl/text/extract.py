"""Generic article extraction: the main content of any news page, by text density.

The method, in the manner of GNE ("基于文本及符号密度的网页正文提取方法"): after DOM cleaning,
the text of every block element (its own text outside child blocks: one paragraph, or a run of
<br>-separated ones) gets a weight -- its characters plus a bonus per punctuation mark when it
reads as sentences, a little when it is a bare label, nothing when it is a disclaimer or widget
line (the boilerplate rules) or the headline, minus its length when it is mostly link text or
sits in a stream of teasers (sibling entries of a headline link and a summary) -- and the
weight counts for the block, its parent and, less, its further ancestors. The element with the highest score, boosted near the headline, is
the article body. One pass over the lxml tree, no serialisation. Title, publication time,
来源 and authors come from meta tags and the text after the headline; images and captions from
the body element.

`clean_content_node` and `paragraphs_from_node` are the same cleaning and paragraph splitting,
for layout page objects that found their content element by selector.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from datetime import datetime
from itertools import islice
from urllib.parse import urljoin

from lxml import etree, html as lxml_html

from newscrawl.items import Image
from newscrawl.text.boilerplate import classify_line, collapse_doubled
from newscrawl.text.dates import parse_published

# Tags that never hold article text.
JUNK_TAGS = (
    "script", "style", "noscript", "template", "iframe", "object", "embed", "svg", "canvas",
    "select", "button", "input", "textarea", "nav", "footer", "aside", "link", "meta",
)
# Widgets around an article, recognised by a word starting inside their class or id
# (camelCase split, lowercased: "articleComment" -> "article-comment" matches "comment").
WIDGET_NAME = re.compile(r"(?<![a-z])(?:" + "|".join((
    "share", "bdshare", "breadcrumb", "crumb", "comment", "pinglun", "recommend", "tuijian",
    "relat", "xiangguan", "qrcode", "erweima", "copyright", "banquan", "sidebar", "advert",
    "font-?size", "font_size", "toolbar", "back-?top", "go-?top", "login", "footer", "navbar",
    "subnav", "topnav", "menu", "paihang", "hotnews", "disclaimer", "player", "stories",
    "reference", "reflist",
)) + ")")
# ...or by a whole word of it (split on non-letters), for words too short to match inside
# others; these name a place or a kind of box rather than a widget, so such an element is only
# removed when it holds no prose (a text run of PROSE_CHARS with punctuation).
POSITION_CLASS_WORDS = frozenset({
    "ad", "ads", "gg", "nav", "foot", "tags", "tag", "print", "tool", "tools", "hot", "rank",
    "side", "top", "bottom", "mbx", "position", "location", "weizhi", "zoom", "fenxiang",
    "keywords", "more", "header", "head",
})
PROSE_CHARS = 30
CAMEL_CASE_BOUNDARY = re.compile(r"(?<=[a-z])(?=[A-Z])")
NOISE_ROLES = frozenset({
    "navigation", "banner", "complementary", "contentinfo", "search", "menu", "menubar",
    "toolbar", "dialog", "alert",
})
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

SENTENCE_END = re.compile(r"[。！？!?]")
MIN_STORY_CHARS = 200
# Chinese punctuation, and Latin punctuation where it ends a clause ("1.5万" has none).
SENTENCE_PUNCTUATION = re.compile(r"[，。！？；：、]|[,.!?;](?=\s|$)")
# Weights of a text piece in the density score: text without punctuation (menus, labels)
# counts a little for its element, link text counts against it.
UNPUNCTUATED_WEIGHT = 0.3
LINK_WEIGHT = -1.0
PUNCTUATION_BONUS = 10.0
# A paragraph's score counts for its own element, its parent, and less for further ancestors,
# so that the tightest element holding the paragraphs wins: a parent must add a tenth more
# text to beat the one child holding it all.
ANCESTOR_SHARES = (1.0, 0.9, 0.5, 0.25)
# The story is printed close to its headline: elements under the headline's 4th ancestor
# score this much more than elements elsewhere (sidebars, other stories' excerpts).
HEADLINE_REGION_LEVELS = 4
HEADLINE_REGION_BONUS = 3.0
# Teasers of other stories sit in a stream: this many sibling entries, each a headline link and a summary.
MIN_STREAM_ENTRIES = 3
# Below this score the best element is no article: an index, a video or an error page.
MIN_ARTICLE_SCORE = 120.0

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
SOURCE_LABEL = re.compile(r"(?:来源|來源|稿源|出处)\s*[:：]\s*([^\s|｜/]{2,30})")
AUTHOR_LABEL = re.compile(r"(?:作者|记者|記者)\s*[:：]\s*([^\s|｜/]{2,30})")
MIN_HEADLINE_CHARS = 5
TITLE_SEPARATORS = re.compile(r"\s*(?:_|\||｜|--|——|-|－|–)\s*")

LAZY_IMAGE_ATTRIBUTES = ("data-src", "data-original", "data-lazy-src", "data-url", "src")
# Page furniture, not photos of the story (GIFs on news pages are spacers and animations).
NOISE_IMAGE = re.compile(r"logo|icon|share|qrcode|erweima|blank|spacer|loading|avatar|\.gif$", re.I)
MIN_IMAGE_SIDE = 60
MAX_CAPTION_CHARS = 120
PHOTO_CREDIT = re.compile(r"[（(]?\s*((?:[^\s，。（）()]{0,12}记者)?\s*[\u4e00-\u9fff·]{2,5}(?:\s*[、\s]\s*[\u4e00-\u9fff·]{2,5})*\s*摄)\s*[)）]?\s*$")


@dataclass
class ExtractedArticle:
    title: str
    paragraphs: list[str]
    published_at: datetime | None
    images: list[Image]
    source: str
    authors: list[str]


def extract_article(html: str, url: str) -> ExtractedArticle | None:
    """The article of a page, or None when the page has no main content (list, video, error)."""
    root = parse_html(html)
    if root is None:
        return None
    headline = _headline_element(root)
    title = _title(root, headline)
    byline_text = _byline_text(root, headline)
    published_at = _published_meta(root) or parse_published(byline_text)
    source_match = SOURCE_LABEL.search(byline_text)
    body = root.find("body")
    if body is None:
        body = root
    clean_content_node(body, keep=headline)
    content = _densest_element(body, headline)
    if content is None:
        return None
    paragraphs = _article_paragraphs(paragraphs_from_node(content), title)
    if not _reads_as_story(paragraphs):
        return None
    return ExtractedArticle(
        title=title,
        paragraphs=paragraphs,
        published_at=published_at,
        images=images_from_node(content, url),
        source=source_match.group(1) if source_match else "",
        authors=_authors(root, byline_text),
    )


# lxml.html picks each element's class by a Python call (form, input... have their own,
# unused here), which cost more than the parse; every element an HtmlElement, picked in C.
HTML_CLASSES = etree.ElementDefaultClassLookup(
    element=lxml_html.HtmlElement, comment=lxml_html.HtmlComment, pi=lxml_html.HtmlProcessingInstruction
)


def parse_html(html: str) -> lxml_html.HtmlElement | None:
    """The document element of `html`, or None when it holds no markup at all."""
    if not html or not html.strip():
        return None
    # Bytes, so that an <?xml encoding=...?> declaration in the text cannot conflict.
    # huge_tree: without it libxml2 drops everything nested deeper than 255 elements.
    parser = lxml_html.HTMLParser(encoding="utf-8", remove_comments=True, remove_pis=True,
                                  huge_tree=True)
    parser.set_element_class_lookup(HTML_CLASSES)
    try:
        root = lxml_html.document_fromstring(html.encode("utf-8", "replace"), parser=parser)
    except (etree.ParserError, ValueError):
        return None
    return root


def clean_content_node(
    node: lxml_html.HtmlElement, keep: lxml_html.HtmlElement | None = None
) -> None:
    """Remove from `node`, in place, what is never article text: scripts, styles, forms,
    navigation, and share/font-size/print/breadcrumb/related/comment widgets named so by
    their class, id or role. A widget-named element holding much of the text is kept, and
    one named by a mere position word (top, side...) is kept when it holds prose; so is any
    element around `keep` (the headline, whose container is the article's)."""
    for junk in list(node.iter(*JUNK_TAGS)):
        junk.drop_tree()  # keeps the text that follows it
    total_chars = len(node.text_content()) or 1
    kept = set(keep.iterancestors()) if keep is not None else set()
    noise: list[lxml_html.HtmlElement] = []
    walker = etree.iterwalk(node, events=("start",))
    for _, element in walker:
        if element is node or not isinstance(element.tag, str) or element in kept:
            continue
        kind = _noise_kind(element)
        if kind is None or len(element.text_content()) >= MAX_NOISE_SHARE * total_chars:
            continue
        if kind == "position" and _holds_prose(element):
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
        credit_match = PHOTO_CREDIT.search(caption)
        credit = credit_match.group(1).strip() if credit_match else ""
        if credit_match:
            caption = caption[: credit_match.start()].strip()
        images.append(Image(url=image_url, caption=caption, credit=credit))
    return images


def _noise_kind(element: lxml_html.HtmlElement) -> str | None:
    """"widget" for an element that is certainly not article text, "position" for one whose
    name only says where it sits, None for others."""
    if element.get("role", "").lower() in NOISE_ROLES:
        return "widget"
    style = element.get("style")
    if style and "display:none" in style.replace(" ", "").lower():
        return "widget"
    return _name_kind(f"{element.get('class', '')} {element.get('id', '')}")


@lru_cache(maxsize=4096)  # a page repeats its class names many times
def _name_kind(names: str) -> str | None:
    """_noise_kind by an element's class and id alone."""
    if not names.strip():
        return None
    names = CAMEL_CASE_BOUNDARY.sub("-", names).lower()
    if WIDGET_NAME.search(names):
        return "widget"
    if any(word in POSITION_CLASS_WORDS for word in re.split(r"[^a-z]+", names)):
        return "position"
    return None


def _holds_prose(element: lxml_html.HtmlElement) -> bool:
    return any(
        len(text) >= PROSE_CHARS and len(SENTENCE_PUNCTUATION.findall(text)) >= 2
        for text in element.itertext()
    )


def _densest_element(
    body: lxml_html.HtmlElement, headline: lxml_html.HtmlElement | None
) -> lxml_html.HtmlElement | None:
    """The element whose paragraphs score highest (see module doc), or None when even the
    best scores too low to be an article. Elements near the headline score more."""
    elements = [element for element in body.iter() if isinstance(element.tag, str)]
    position = {element: index for index, element in enumerate(elements)}
    parents = [position.get(element.getparent(), -1) for element in elements]
    owners = [0] * len(elements)  # the block element each element's text belongs to
    in_link = [False] * len(elements)
    blocks: dict[int, _Block] = {}
    for index, element in enumerate(elements):
        parent = parents[index]
        owners[index] = index if element.tag in BLOCK_TAGS or parent < 0 else owners[parent]
        in_link[index] = element.tag == "a" or (parent >= 0 and in_link[parent])
        if element.text:
            _block(blocks, owners[index]).add(element.text, in_link[index])
        if element.tail and parent >= 0:
            _block(blocks, owners[parent]).add(element.tail, in_link[parent])
    headline_position = position.get(headline, -1)
    teasers = _teaser_stream_owners(elements, parents, blocks, headline_position)
    scores = [0.0] * len(elements)
    for owner, block in blocks.items():
        if owner == headline_position:  # a title, not body text
            continue
        weight = LINK_WEIGHT * block.chars if owner in teasers else block.weight()
        for share in ANCESTOR_SHARES:
            if owner < 0:
                break
            scores[owner] += share * weight
            owner = parents[owner]
    for index in _headline_region(elements, position, headline):
        scores[index] *= HEADLINE_REGION_BONUS
    best = max(range(len(elements)), key=scores.__getitem__, default=None)
    if best is None or scores[best] < MIN_ARTICLE_SCORE:
        return None
    return elements[best]


def _teaser_stream_owners(
    elements: list[lxml_html.HtmlElement],
    parents: list[int],
    blocks: dict[int, _Block],
    headline: int,
) -> set[int]:
    """Positions of the blocks inside a stream of teasers: MIN_STREAM_ENTRIES or more sibling
    elements of one tag, each a headline link followed by a summary of another story. The
    element holding the page's own headline is never one."""
    count = len(elements)
    sizes = [1] * count
    first_link = [count] * count  # first headline-link block in each subtree
    first_prose = [count] * count  # first block that reads as sentences
    for owner, block in blocks.items():
        if block.is_headline_link():
            first_link[owner] = owner
        elif block.reads_as_sentences():
            first_prose[owner] = owner
    for index in range(count - 1, 0, -1):  # children come after their parent
        parent = parents[index]
        if parent >= 0:
            sizes[parent] += sizes[index]
            first_link[parent] = min(first_link[parent], first_link[index])
            first_prose[parent] = min(first_prose[parent], first_prose[index])
    entries: dict[tuple[int, str], list[int]] = {}
    for index in range(count):
        if first_link[index] < first_prose[index] < count and not (
            index <= headline < index + sizes[index]
        ):
            entries.setdefault((parents[index], elements[index].tag), []).append(index)
    teasers: set[int] = set()
    for stream in entries.values():
        if len(stream) >= MIN_STREAM_ENTRIES:
            for entry in stream:
                teasers.update(range(entry, entry + sizes[entry]))
    return teasers


def _headline_region(
    elements: list[lxml_html.HtmlElement],
    position: dict[lxml_html.HtmlElement, int],
    headline: lxml_html.HtmlElement | None,
) -> range:
    """Positions of the elements under the headline's HEADLINE_REGION_LEVELS-th ancestor, or
    its highest one below the page's body (a subtree is a contiguous run of the
    document-order list)."""
    if headline is None or headline not in position:
        return range(0)
    region = headline
    for _ in range(HEADLINE_REGION_LEVELS):
        parent = region.getparent()
        if parent is None or position.get(parent, 0) == 0:  # never the whole page
            break
        region = parent
    start = position[region]
    size = sum(1 for element in region.iter() if isinstance(element.tag, str))
    return range(start, start + size)


class _Block:
    """The text of one block element outside its child blocks: one paragraph or a run of
    <br>-separated ones."""

    __slots__ = ("pieces", "chars", "link_chars")

    def __init__(self) -> None:
        self.pieces: list[str] = []
        self.chars = 0
        self.link_chars = 0

    def add(self, text: str, in_link: bool) -> None:
        text = text.strip()
        if text:
            self.pieces.append(text)
            self.chars += len(text)
            if in_link:
                self.link_chars += len(text)

    def is_headline_link(self) -> bool:
        return self.link_chars >= MIN_HEADLINE_CHARS and self.link_chars > MAX_LINK_SHARE * self.chars

    def reads_as_sentences(self) -> bool:
        return self.link_chars <= MAX_LINK_SHARE * self.chars and any(
            SENTENCE_PUNCTUATION.search(piece) for piece in self.pieces
        )

    def weight(self) -> float:
        """Article-likeness: positive for sentences, nothing for a boilerplate line, negative
        for links."""
        if not self.chars:
            return 0.0
        if self.link_chars > MAX_LINK_SHARE * self.chars:
            return LINK_WEIGHT * self.chars
        text = "".join(self.pieces)
        punctuation = len(SENTENCE_PUNCTUATION.findall(text))
        if not punctuation:
            return UNPUNCTUATED_WEIGHT * (self.chars - self.link_chars)
        kinds, metadata = classify_line(" ".join(self.pieces))
        if kinds and metadata is None:  # a disclaimer or widget line (a byline is the story's)
            return 0.0
        return self.chars - self.link_chars + PUNCTUATION_BONUS * punctuation


def _block(blocks: dict[int, _Block], owner: int) -> _Block:
    block = blocks.get(owner)
    if block is None:
        block = blocks[owner] = _Block()
    return block


def _article_paragraphs(paragraphs: list[str], title: str) -> list[str]:
    """`paragraphs` without the headline and the date/source line that precede the story."""
    start = 0
    while start < len(paragraphs) and _is_heading_line(paragraphs[start], title):
        start += 1
    return paragraphs[start:]


def _reads_as_story(paragraphs: list[str]) -> bool:
    """At least one finished sentence, or enough text to be more than a caption or label."""
    return any(SENTENCE_END.search(paragraph) for paragraph in paragraphs) or (
        sum(map(len, paragraphs)) >= MIN_STORY_CHARS
    )


def _is_heading_line(paragraph: str, title: str) -> bool:
    """The headline, or a short date/来源 line; a finished sentence that mentions a date is
    the story's lead."""
    return paragraph == title or (
        len(paragraph) < 80
        and not SENTENCE_END.search(paragraph)
        and (parse_published(paragraph) is not None or SOURCE_LABEL.search(paragraph) is not None)
    )


def _headline_element(root: lxml_html.HtmlElement) -> lxml_html.HtmlElement | None:
    """The element printing the story's title: an <h1>/<h2> that the page title starts with
    (or that starts with the page title without its site suffix), else the first element
    whose own text is that title."""
    page_title = _page_title(root)
    if not page_title:
        return next(root.iter("h1"), None)
    core = _without_site_suffix(page_title)
    for tag in ("h1", "h2"):
        for heading in root.iter(tag):
            text = element_text(heading)
            if len(text) >= 2 and (page_title.startswith(text) or text.startswith(core)):
                return heading
    for candidate in (core, page_title):
        for element in root.xpath("//body//*[normalize-space(text()) = $t]", t=candidate):
            if element.tag not in ("a", "option", "title"):
                return element
    return None


def _page_title(root: lxml_html.HtmlElement) -> str:
    for name in TITLE_META:
        value = _meta_content(root, name)
        if value:
            return value
    title = root.find(".//title")
    return element_text(title) if title is not None else ""


def _title(root: lxml_html.HtmlElement, headline: lxml_html.HtmlElement | None) -> str:
    if headline is not None:
        return element_text(headline)
    return _without_site_suffix(_page_title(root))


def _without_site_suffix(title: str) -> str:
    """`标题_频道_网易新闻` -> `标题`: the first part between separators, or the longest
    when the first is too short to be a headline."""
    parts = [part for part in TITLE_SEPARATORS.split(title) if part]
    if not parts:
        return ""
    return parts[0] if len(parts[0]) >= MIN_HEADLINE_CHARS else max(parts, key=len)


def _byline_text(root: lxml_html.HtmlElement, headline: lxml_html.HtmlElement | None) -> str:
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


def _published_meta(root: lxml_html.HtmlElement) -> datetime | None:
    for name in PUBLISHED_META:
        value = _meta_content(root, name)
        published = parse_published(value) if value else None
        if published is not None:
            return published
    for time in root.iter("time"):
        published = parse_published(time.get("datetime") or element_text(time))
        if published is not None:
            return published
    return None


def _authors(root: lxml_html.HtmlElement, byline_text: str) -> list[str]:
    for name in AUTHOR_META:
        value = _meta_content(root, name)
        if value:
            return [author for author in re.split(r"[,，、;；\s]+", value) if author]
    match = AUTHOR_LABEL.search(byline_text)
    return [match.group(1)] if match else []


def _meta_content(root: lxml_html.HtmlElement, name: str) -> str:
    """The content of the <meta> whose name, property or itemprop is `name` (any case)."""
    for meta in root.iter("meta"):
        key = meta.get("property") or meta.get("name") or meta.get("itemprop") or ""
        if key.lower() == name:
            return " ".join((meta.get("content") or "").split())
    return ""


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
