"""澎湃新闻 (www.thepaper.cn): the 2022 template (a Next.js page whose CSS-module classes carry
a build hash, index_title__B8mhI, so they are matched by their stable prefix) and the
2016-2021 one (div.newscontent: h1.news_title, div.news_about with the byline and a
time + 来源 line, the story in div.news_txt, 责任编辑 under it in div.news_infor_extra)."""
from __future__ import annotations

from newscrawl.layouts.common import Layout, Template
from newscrawl.layouts.portal import PortalTemplate

THEPAPER = Layout(templates=(
    Template(
        name="2022",
        marker="[class*='index_cententWrap__']",
        title=("h1[class*='index_title__']",),
        # a vertical space: the byline, then a horizontal one with the time and 来源
        byline=("[class*='index_left__'] div.ant-space-vertical > div.ant-space-item:first-child",),
        time=("[class*='index_left__'] div.ant-space-horizontal",),
        source=("[class*='index_left__'] div.ant-space-horizontal",),
        body=("[class*='index_cententWrap__']",),
        editor_note_after=("[class*='index_editor__']",),
    ),
    PortalTemplate(
        name="2016",
        marker="div.newscontent div.news_txt",
        title=("h1.news_title",),
        author_outlet=("div.news_about p:nth-of-type(1)",),
        time=("div.news_about p:nth-of-type(2)",),
        source=("div.news_about p:nth-of-type(2)",),
        body=("div.news_txt",),
        breadcrumb=("div.news_path",),
        editor_note_after=("div.news_infor_extra div.infor_item",),
        not_story=("div.hide_word",),  # (本文来自澎湃新闻，更多原创资讯请下载“澎湃新闻”APP)
    ),
))
