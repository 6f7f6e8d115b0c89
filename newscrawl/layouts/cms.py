"""A common Chinese portal CMS layout (the reprint layout of www.slrbs.com): breadcrumb
`首页 » 新闻频道 » 国内新闻` in div.position, title, an info line with the time and
`来源:…`, the story in div.content, then a 相关阅读 list and a 免责声明 footer outside it.

Portals built on the same CMS differ only in class names: each is a Layout of one Template
(`dataclasses.replace(CMS_TEMPLATE, ...)` with its own selectors).
"""
from __future__ import annotations

from newscrawl.layouts.common import Layout, Template

CMS_TEMPLATE = Template(
    name="cms",
    marker="div.article div.content",
    title=("div.article h1",),
    time=("div.article div.info div.time",),
    source=("div.article div.info span.source",),
    body=("div.article div.content",),
    breadcrumb=("div.position",),
    not_story=("div.share", "div.pages"),
)
CMS = Layout(templates=(CMS_TEMPLATE,))
