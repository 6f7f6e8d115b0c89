"""网易 (news.163.com, www.163.com/news|dy/article/…, and the money/tech/ent channels that
share its article pages): the 2021 template of www.163.com (div.post_main: h1.post_title,
div.post_info, div.post_body, 责任编辑 in div.creative_statement), the 2016 one of
news.163.com (div.post_content_main: h1, div.post_time_source, div#endText with the
"本文来源：… 责任编辑：…" box inside), the 2014 one (div#epContentLeft: h1#h1title,
div.ep-time-soure) and the 网易号 page of dy.163.com (div.article_title h2, div#content).

The outlet is the link after "来源:" (the rest of that line is an IP place and a 举报
link); editors' names carry NetEase staff codes ("杜硕_NB12556")."""
from __future__ import annotations

from newscrawl.layouts.common import Layout
from newscrawl.layouts.portal import PortalTemplate

STAFF_CODE = r"_[A-Z]{2,4}\d+"
# Inside the story container but never story text: ad boxes, the 延伸阅读 list, the
# 本文来源/责任编辑 box (read as a note first), the 网易号 statement, share and QR widgets.
NOT_STORY = ("div.ep-pages", "div.gg200x300", "div.at_item", "div.related_article", "div.ep-source",
             "div.post_statement", "div.post_btns", "div.ntes-share", "div.nt-wx2dcode-pop")
# The breadcrumb of 网易号 pages ends in a 申请入驻 link and a search box.
NOISE = ("div.post_crumb a.to_reg", "div.post_crumb #netease_search")
SOURCE = ("#ne_article_source", "div.post_info > a")
# The page switcher of a multi-page story (EOEC73F90001899O_2.html): inside the story.
PAGER = ("div.ep-pages",)

NETEASE = Layout(templates=(
    PortalTemplate(
        name="2021",
        marker="div.post_main h1.post_title",
        title=("div.post_main h1.post_title",),
        time=("div.post_main div.post_info",),
        outlet=SOURCE,
        body=("div.post_main div.post_body",),
        breadcrumb=("div.post_crumb",),
        editor_note_after=("div.creative_statement",),
        noise=NOISE, staff_code=STAFF_CODE, not_story=NOT_STORY,
    ),
    PortalTemplate(
        name="2016",
        marker="div.post_content_main h1",
        title=("div.post_content_main h1",),
        time=("div.post_time_source",),
        outlet=SOURCE,
        body=("div#endText",),
        breadcrumb=("div.post_crumb",),
        editor_note=("div.ep-source span.ep-editor",),
        pager=PAGER, staff_code=STAFF_CODE, not_story=NOT_STORY,
    ),
    PortalTemplate(
        name="2014",
        marker="div#epContentLeft h1#h1title",
        title=("div#epContentLeft h1#h1title",),
        time=("div.ep-time-soure",),
        outlet=SOURCE,
        body=("div#endText",),
        breadcrumb=("span.ep-crumb", "div.ep-crumb"),
        editor_note=("div.ep-source span.ep-editor", "div.ep-source span.left"),
        staff_code=STAFF_CODE, not_story=NOT_STORY,
    ),
    PortalTemplate(
        name="dy-2019",
        marker="div.article_title h2",
        title=("div.article_title h2",),
        time=("div.share_box p.time",),
        outlet=("div.share_box p.time span:last-child",),
        body=("div.article_box div#content",),
        staff_code=STAFF_CODE, not_story=NOT_STORY,
    ),
))
