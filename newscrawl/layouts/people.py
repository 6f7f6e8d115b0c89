"""人民网 (www.people.com.cn and its *.people.com.cn channels): the 2020 page template
(div.rm_txt), the 2016-2021 one (div.text_title + div#rwb_zw) and the channel template of
health/finance-style channels (div.articleCont: div.title, div.artOri, div.artDet), one
page at a time."""
from __future__ import annotations

from newscrawl.layouts.common import (
    LayoutPage, content, document, drop, first, first_text, last_crumb, next_page_url, select,
    source_of,
)
from newscrawl.extraction.dates import parse_published

TITLE = ("div.rm_txt h1", "div.text_title h1", "div.articleCont div.title h2")
SUBTITLE = ("div.rm_txt h4.sub", "div.text_title h4.sub", "div.articleCont div.title h3")
PRE_TITLE = ("div.rm_txt h3.pre", "div.text_title h3.pre", "div.articleCont div.title h4")
BYLINE = ("div.rm_txt div.author", "div.text_title p.author", "div.articleCont div.title p")
TIME_SOURCE = ("div.rm_txt div.channel div.col-1-1", "div.text_title div.box01 div.fl",
               "div.articleCont div.artOri")
BODY = ("div.rm_txt_con", "div#rwb_zw", "div.articleCont div.artDet")
BREADCRUMB = ("#rwb_navpath", "div.subNav")
PAGER = ("div.zdfy", "center")
EDITOR_NOTE = ("div.edit",)  # inside the body container
EDITOR_NOTE_AFTER = ("div.articleCont div.editor",)  # the channel template's, after it
# Inside the body container but never story text: page switcher, share line, QR codes.
NOT_STORY = ("div.zdfy", "center", "p.paper_num", "div.tjewm", "div.box_pic", "div.bza")


def people_page(response) -> LayoutPage:
    root = document(response)
    page = LayoutPage(
        url=response.url,
        title=first_text(root, TITLE),
        subtitle=first_text(root, SUBTITLE) or first_text(root, PRE_TITLE),
        channel=last_crumb(root, BREADCRUMB),
    )
    byline = first_text(root, BYLINE)
    page.head_lines = [byline] if byline else []
    time_source = first_text(root, TIME_SOURCE)
    page.published_at = parse_published(time_source)
    page.source = source_of(time_source)
    body = first(root, BODY)
    if body is None:
        return page
    page.next_page_url = next(
        (url for selector in PAGER for pager in select(body, selector)
         if (url := next_page_url(pager, response.url))), "")
    page.tail_lines = drop(body, EDITOR_NOTE) + drop(root, EDITOR_NOTE_AFTER)
    drop(body, NOT_STORY)
    page.paragraphs, page.images, page.is_video = content(body, response.url)
    return page
