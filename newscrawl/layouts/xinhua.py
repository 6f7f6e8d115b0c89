"""新华网 (www.news.cn, www.xinhuanet.com and the provincial *.news.cn / *.xinhuanet.com
channels): the 2023 template (div.head-line title, div.header-time, story in #detail,
【责任编辑:…】 in #articleEdit), its provincial variant (#articleTit h1#title, div.info
div.source, "[作者: … 责任编辑: … ]"), the 2019 template (div.h-title, span.h-time,
em#source, story in #p-detail, 责任编辑 in span.p-jc) and the 2012 provincial table page
(title in a bold <font>, "新华网河北频道 ( time )  稿件来源： …", 作者/编辑 table below).

A 2023 page prints its header twice, for desktop (div.header) and mobile (div.mheader):
fields are read from the mobile header, whose info line holds the time and 来源 as text."""
from __future__ import annotations

from newscrawl.layouts.common import Layout
from newscrawl.layouts.portal import PortalTemplate

# The page switcher of a multi-page story (picture stories: one picture a page).
PAGER = ("center.xinhuaPager", "#div_currpage")
# The 【纠错】 button and its hidden form sit inside the editor line.
NOISE = ("span.tiyi1", "a.advise")
# The video player's own controls ("Play Video", "0:00") print text inside the story; the
# <video> itself stays, so that a page of a player and a caption is seen as a video page.
NOT_STORY = PAGER + ("div.tadd", "div.lb", "div.video-url", "div.share", "div.zan-wap",
                     "div.player-container > div")

XINHUA = Layout(templates=(
    PortalTemplate(
        name="2023",
        marker="div.head-line span.title",
        title=("div.head-line span.title",),
        time=("div.mheader div.info", "div.header-time"),
        source=("div.mheader div.info", "div.header div.source"),
        body=("#detail",),
        breadcrumb=("div.header-nav",),
        pager=PAGER,
        editor_note_after=("#articleEdit span.editor",),
        noise=NOISE, not_story=NOT_STORY,
    ),
    PortalTemplate(
        name="2023-provincial",
        marker="#articleTit h1#title",
        title=("#articleTit h1#title",),
        time=("#articleTit div.source span.time",),
        source=("#articleTit div.source",),
        body=("#detail",),
        breadcrumb=("#articleTit div.crumbs",),
        pager=PAGER,
        editor_note_after=("#articleEdit span.editor",),
        noise=NOISE, not_story=NOT_STORY,
    ),
    PortalTemplate(
        name="2019",
        marker="div.h-title",
        title=("div.h-title",),
        time=("div.h-info span.h-time",),
        source=("div.h-info",),
        body=("#p-detail",),
        breadcrumb=("div.news-position",),
        pager=PAGER,
        editor_note_after=("div.p-tags span.p-jc",),
        noise=NOISE, not_story=NOT_STORY,
    ),
    PortalTemplate(
        name="2012",
        marker="table.web_page td[height='700'][colspan='2']",
        title=("table.web_page td[height='40'] b",),
        time=("table.web_page td[bgcolor='#f3f3f3']",),
        source=("table.web_page td[bgcolor='#f3f3f3'] font + font",),
        body=("table.web_page td[height='700'][colspan='2']",),
        editor_note_after=("table.web_page td.topxian",),
    ),
))
