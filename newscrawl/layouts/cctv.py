"""央视网 (news.cctv.com): the 2019 template (div.title_area h1, div.info1 "来源：央视新闻客户端 |
2023年12月23日 10:30", story in div.content_area, "编辑：… 责任编辑：…" in div.zebian) and
the 2015 one (div.cnt_bd holding the title, the span.info line and the story, "编辑：…" in
div.ep-editor / span.zebian after it).

No page of news.cctv.com is in the saved corpus: these selectors come from the site's
pages as served, not from a saved page the tests could read."""
from __future__ import annotations

from newscrawl.layouts.common import Layout
from newscrawl.layouts.portal import PortalTemplate

# Inside the story container but never story text: the player box and its script holder,
# the 扫码 QR box, the 相关 links.
NOT_STORY = ("div.player_box", "div#myFlash", "div.erweima", "div.xgyd", "div.ep-editor",
             "script", "style")

CCTV = Layout(templates=(
    PortalTemplate(
        name="2019",
        marker="div.title_area h1",
        title=("div.title_area h1",),
        time=("div.title_area div.info1", "div.title_area div.info"),
        source=("div.title_area div.info1", "div.title_area div.info"),
        body=("div.content_area",),
        breadcrumb=("div.nav_daohang", "div.crumbs"),
        editor_note_after=("div.zebian",),
        not_story=NOT_STORY,
    ),
    PortalTemplate(
        name="2015",
        marker="div.cnt_bd h1",
        title=("div.cnt_bd h1",),
        time=("div.cnt_bd div.function span.info",),
        source=("div.cnt_bd div.function span.info",),
        body=("div.cnt_bd",),
        breadcrumb=("div.daohang",),
        editor_note=("div.ep-editor", "span.zebian"),
        not_story=NOT_STORY + ("h1", "div.function"),
    ),
))
