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

The DOM cleaning, paragraph splitting and images are in `newscrawl.extraction.dom` (the
layouts use them on the element their selectors find); title, time and bylines in
`newscrawl.extraction.metadata`.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from lxml import etree, html as lxml_html

from newscrawl.extraction.boilerplate import is_furniture
from newscrawl.extraction.dates import date_from_url, parse_published
from newscrawl.extraction.dom import (BLOCK_TAGS, MAX_LINK_SHARE, SENTENCE_PUNCTUATION,
                                      clean_content_node, hidden_elements, images_from_node,
                                      meta_contents, paragraphs_from_node, parse_html)
from newscrawl.extraction.metadata import (MIN_HEADLINE_CHARS, SOURCE_LABEL, article_title,
                                           authors_from, byline_text,
                                           headline_element, labelled_value, page_titles,
                                           published_meta)
from newscrawl.items import Image

SENTENCE_END = re.compile(r"[。！？!?]")
MIN_STORY_CHARS = 200
# Weights of a text piece in the density score: text without punctuation (menus, labels)
# counts a little for its element, link text counts against it.
UNPUNCTUATED_WEIGHT = 0.3
# ...up to this many characters: a keyword cloud or a list of names outweighs no article.
MAX_UNPUNCTUATED_CHARS = 200
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
# An entry of a stream with this many paragraphs of prose is a post, not a teaser.
MIN_POST_PARAGRAPHS = 2
# The posts of a thread or a blog's front page: this many sibling elements of one tag and class,
# each with prose and a time printed in a short line ("发表于 2022-07-28 10:00").
MIN_POSTS = 2
POST_TIME = re.compile(r"\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?\s*\d{1,2}:\d{2}")
MAX_POST_TIME_LINE = 80
# A standfirst printed before the body element: at most this many blocks of at most this many characters.
MAX_STANDFIRST_PARTS = 2
MAX_STANDFIRST_CHARS = 400
# Below this score the best element is no article: an index, a video or an error page.
MIN_ARTICLE_SCORE = 120.0


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
    return None if root is None else article_in_tree(root, url)


def article_in_tree(root: lxml_html.HtmlElement, url: str) -> ExtractedArticle | None:
    """extract_article on a page already parsed by parse_html; it cuts widgets out of `root`."""
    body = root.find("body")
    if body is None:
        body = root
    metas = meta_contents(root)
    hidden = hidden_elements(body)
    titles = page_titles(root, metas)
    headline, headline_text = headline_element(root, titles, hidden)
    byline = byline_text(headline, headline_text)
    # Time and 来源 are printed before the story's first sentence; one after it is the story's
    # (an event's date) or another's. The authors may be named inside the first paragraph.
    heading_lines = byline.split("。", 1)[0]
    published_at = published_meta(root, metas) or parse_published(heading_lines) or date_from_url(url)
    clean_content_node(body, keep=headline, hidden=hidden)
    content = _densest_element(body, headline)
    if content is None:
        return None
    content = _in_first_post(content)
    title = article_title(titles, headline, headline_text, body, content)
    paragraphs = _article_paragraphs(
        [paragraph for element in _with_adjacent_parts(content) for paragraph in paragraphs_from_node(element)],
        title)
    if not _reads_as_story(paragraphs):
        return None
    return ExtractedArticle(
        title=title,
        paragraphs=paragraphs,
        published_at=published_at,
        images=images_from_node(content, url),
        source=labelled_value(SOURCE_LABEL, heading_lines),
        # read again: the cleaning dropped the <meta> tags of the body
        authors=authors_from(meta_contents(root), byline),
    )


def _densest_element(
    body: lxml_html.HtmlElement, headline: lxml_html.HtmlElement | None
) -> lxml_html.HtmlElement | None:
    """The element whose paragraphs score highest (see module doc), or None when even the
    best scores too low to be an article. Elements near the headline score more."""
    elements = list(body.iter(etree.Element))
    position = {element: index for index, element in enumerate(elements)}
    parents = [position.get(element.getparent(), -1) for element in elements]
    owners = [0] * len(elements)  # the block element each element's text belongs to
    in_link = [False] * len(elements)
    blocks: dict[int, _Block] = {}
    for index, element in enumerate(elements):
        parent = parents[index]
        tag = element.tag
        owner = owners[index] = index if tag in BLOCK_TAGS or parent < 0 else owners[parent]
        linked = in_link[index] = tag == "a" or (parent >= 0 and in_link[parent])
        text = element.text
        if text and (text := text.strip()):
            _block(blocks, owner).add(text, linked)
        if parent >= 0:
            tail = element.tail
            if tail and (tail := tail.strip()):
                _block(blocks, owners[parent]).add(tail, in_link[parent])
    headline_position = position.get(headline, -1)
    # Freed before `elements`, which frees the proxies last child first: lxml frees one by
    # walking up its ancestors to one still held, to the top in markup nested thousands deep
    # when the parents went first (the map frees them in document order).
    del position
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
    for index in _headline_region(parents, headline_position):
        scores[index] *= HEADLINE_REGION_BONUS
    best = max(scores, default=None)
    if best is None or best < MIN_ARTICLE_SCORE:
        return None
    return elements[scores.index(best)]


def _in_first_post(content: lxml_html.HtmlElement) -> lxml_html.HtmlElement:
    """On a page of several posts (a forum thread, a blog's front page) the first post is the
    article: when `content` or one of its ancestors is one of MIN_POSTS or more posts, the
    element at the same place in the first post; else `content`. Every ancestor is looked at:
    a forum's post template may nest the message nine levels deep (Discuz: the post's div,
    its table, row, cells, boxes, the message's own table)."""
    path: list[int] = []
    post = content
    while (parent := post.getparent()) is not None:
        posts = [sibling for sibling in parent if sibling.tag == post.tag and sibling.get("class") == post.get("class")]
        if len(posts) >= MIN_POSTS and all(_is_post(sibling) for sibling in posts):
            first = posts[0]
            for index in reversed(path):
                if index >= len(first):
                    return posts[0]
                first = first[index]
            return first
        path.append(parent.index(post))
        post = parent
    return content


def _is_post(element: lxml_html.HtmlElement) -> bool:
    """Prose with a time printed in a short line of its own."""
    texts = [" ".join(text.split()) for text in element.itertext()]
    return any(len(SENTENCE_PUNCTUATION.findall(text)) >= 2 for text in texts) and any(
        len(text) <= MAX_POST_TIME_LINE and POST_TIME.search(text) for text in texts)


def _with_adjacent_parts(content: lxml_html.HtmlElement) -> list[lxml_html.HtmlElement]:
    """`content` with the parts of the article printed beside it: a standfirst just before it
    (a sibling block of prose, no links, no heading) and a data table just after it when its
    text ends introducing one ("…如下：")."""
    parts = [content]
    for sibling in content.itersiblings(preceding=True):
        if not isinstance(sibling.tag, str) or not sibling.text_content().strip():
            continue
        if len(parts) > MAX_STANDFIRST_PARTS or not _is_standfirst(sibling):
            break
        parts.insert(0, sibling)
    text = content.text_content().rstrip()
    if text.endswith(("：", ":")):
        following = next((sibling for sibling in content.itersiblings()
                          if isinstance(sibling.tag, str) and sibling.text_content().strip()), None)
        if following is not None and (following.tag == "table" or following.find(".//table") is not None):
            parts.append(following)
    return parts


def _is_standfirst(element: lxml_html.HtmlElement) -> bool:
    text = " ".join(element.text_content().split())
    link_chars = sum(len(link.text_content().strip()) for link in element.iter("a"))
    return (
        element.tag in BLOCK_TAGS
        and len(text) <= MAX_STANDFIRST_CHARS
        and len(SENTENCE_PUNCTUATION.findall(text)) >= 2
        and link_chars <= MAX_LINK_SHARE * len(text)
        and next(element.iter("h1", "h2", "h3", "h4", "h5", "h6", "img"), None) is None
    )


def _teaser_stream_owners(
    elements: list[lxml_html.HtmlElement],
    parents: list[int],
    blocks: dict[int, _Block],
    headline: int,
) -> set[int]:
    """Positions of the blocks inside a stream of teasers: MIN_STREAM_ENTRIES or more sibling
    elements of one tag, each a headline link followed by a one-paragraph summary of another
    story. The element holding the page's own headline is never one."""
    count = len(elements)
    sizes = [1] * count
    first_link = [count] * count  # first headline-link block in each subtree
    first_prose = [count] * count  # first block that reads as sentences
    prose_blocks = [0] * count
    for owner, block in blocks.items():
        if block.is_headline_link():
            first_link[owner] = owner
        elif block.reads_as_sentences():
            first_prose[owner] = owner
            prose_blocks[owner] = 1
    for index in range(count - 1, 0, -1):  # children come after their parent
        parent = parents[index]
        sizes[parent] += sizes[index]
        if first_link[index] < first_link[parent]:
            first_link[parent] = first_link[index]
        if first_prose[index] < first_prose[parent]:
            first_prose[parent] = first_prose[index]
        prose_blocks[parent] += prose_blocks[index]
    entries: dict[tuple[int, str], list[int]] = {}
    for index in range(count):
        # A summary is one paragraph; an entry of several is a whole post (a blog's front page).
        if first_link[index] < first_prose[index] < count and prose_blocks[index] < MIN_POST_PARAGRAPHS and not (
            index <= headline < index + sizes[index]
        ):
            entries.setdefault((parents[index], elements[index].tag), []).append(index)
    teasers: set[int] = set()
    for stream in entries.values():
        if len(stream) >= MIN_STREAM_ENTRIES:
            for entry in stream:
                teasers.update(range(entry, entry + sizes[entry]))
    return teasers


def _headline_region(parents: list[int], headline: int) -> range:
    """Positions of the elements under the headline's HEADLINE_REGION_LEVELS-th ancestor, or
    its highest one below the page's body: a subtree is a contiguous run of the document-order
    list, its root and the elements after it whose parent is in it. `parents`: the position of
    each element's parent (-1 for the body's), `headline`: its position (-1 for none)."""
    if headline < 0:
        return range(0)
    region = headline
    for _ in range(HEADLINE_REGION_LEVELS):
        parent = parents[region]
        if parent <= 0:  # never the whole page
            break
        region = parent
    end = region + 1
    while end < len(parents) and parents[end] >= region:
        end += 1
    return range(region, end)


class _Block:
    """The text of one block element outside its child blocks: one paragraph or a run of
    <br>-separated ones."""

    __slots__ = ("pieces", "chars", "link_chars")

    def __init__(self) -> None:
        self.pieces: list[str] = []
        self.chars = 0
        self.link_chars = 0

    def add(self, text: str, in_link: bool) -> None:
        """`text`: stripped, not empty."""
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
            return UNPUNCTUATED_WEIGHT * min(self.chars - self.link_chars, MAX_UNPUNCTUATED_CHARS)
        if is_furniture(" ".join(self.pieces)):  # a disclaimer or widget line (a byline is the story's)
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
        and (parse_published(paragraph) is not None or bool(labelled_value(SOURCE_LABEL, paragraph)))
    )
