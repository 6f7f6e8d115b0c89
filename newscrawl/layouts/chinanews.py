"""中国新闻网 (www.chinanews.com / .com.cn): the 2019 template (div.content + div.left-t) and
the 2022 one (h1.content_left_title + div.content_left_time); both put the story in div.left_zw."""
from __future__ import annotations

from newscrawl.layouts.common import (
    LayoutPage, content, document, drop, first, first_text, last_crumb, source_of, text_of,
)
from newscrawl.extraction.dates import parse_published

TITLE = ("h1.content_left_title", "div.content h1")
TIME_SOURCE = ("div.content_left_time", "div.left-time div.left-t")
# Inside the time line: share buttons and the 参与互动 anchor.
TIME_SOURCE_NOISE = ("div.content_left_share", "a[href^='#']")
BODY = ("div.left_zw",)
BREADCRUMB = ("#nav",)
EDITOR_NOTE = ("div.adEditor",)
NOT_STORY = ("table.adInContent", "#function_code_page")


def chinanews_page(response) -> LayoutPage:
    root = document(response)
    page = LayoutPage(url=response.url, title=first_text(root, TITLE), channel=last_crumb(root, BREADCRUMB))
    time_source = first(root, TIME_SOURCE)
    if time_source is not None:
        drop(time_source, TIME_SOURCE_NOISE)
        line = text_of(time_source)
        page.published_at = parse_published(line)
        page.source = source_of(line)
    body = first(root, BODY)
    if body is None:
        return page
    page.tail_lines = drop(body, EDITOR_NOTE)
    drop(body, NOT_STORY)
    page.paragraphs, page.images, page.is_video = content(body, response.url)
    return page
