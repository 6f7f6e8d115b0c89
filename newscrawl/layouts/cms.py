"""A common Chinese portal CMS layout (the reprint layout of www.slrbs.com): breadcrumb
`首页 » 新闻频道 » 国内新闻` in div.position, title, an info line with the time and
`来源:…`, the story in div.content, then a 相关阅读 list and a 免责声明 footer outside it.

Portals built on the same CMS differ only in class names: each is a `CmsLayout`
(selectors as data), and its page object is `layout.page(response)`.
"""
from __future__ import annotations

from dataclasses import dataclass

from newscrawl.layouts.common import (
    LayoutPage, content, document, drop, first, first_text, last_crumb, source_of,
)
from newscrawl.extraction.dates import parse_published


@dataclass(frozen=True)
class CmsLayout:
    title: tuple[str, ...] = ("div.article h1",)
    time: tuple[str, ...] = ("div.article div.info div.time",)
    source: tuple[str, ...] = ("div.article div.info span.source",)
    body: tuple[str, ...] = ("div.article div.content",)
    breadcrumb: tuple[str, ...] = ("div.position",)
    # Inside the body container but never story text.
    not_story: tuple[str, ...] = ("div.share", "div.pages")

    def page(self, response) -> LayoutPage:
        root = document(response)
        page = LayoutPage(
            url=response.url,
            title=first_text(root, self.title),
            published_at=parse_published(first_text(root, self.time)),
            source=source_of(first_text(root, self.source)),
            channel=last_crumb(root, self.breadcrumb),
        )
        body = first(root, self.body)
        if body is None:
            return page
        drop(body, self.not_story)
        page.paragraphs, page.images, page.is_video = content(body, response.url)
        return page
