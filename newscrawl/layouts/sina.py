"""新浪 (news.sina.com.cn and the finance/tech channels that share its article pages): the
2017 template (h1.main-title, div.date-source with the time and the outlet's name, story in
div#article or div#artibody, p.article-editor 责任编辑) and the 2014 one still served on
older and channel pages (h1#artibodyTitle, span.time-source or #pub_date / #media_name), and
the mobile page of *.sina.cn (article.art_box: h1.art_tit_h1, the outlet's name and time in
its follow box, story in section.art_content).

The outlet is printed by name alone (no 来源 label), as the link or span of class
"source" beside the time (in the title bar that stays pinned on scroll, div#top_bar)."""
from __future__ import annotations

from newscrawl.layouts.common import Layout
from newscrawl.layouts.portal import PortalTemplate

BODY = ("div#article", "div#artibody")
EDITOR_NOTE = ("p.article-editor", "p.show_author")  # 责任编辑：… (show_author since 2019)
# Inside the story container but never story text: ads, the video players' captions and
# play lists ("自动播放"; the <video> stays, for video pages), the tech channel's 新浪众测
# banner, market charts, QR codes, the "点击进入专题" topic links.
NOT_STORY = ("div[id^='ad_']", "div.otherContent_01", "div.video-2017 div.video-info",
             "div.a-p-info", "div.a-p-bd", "div.appendQr_wrap", "div.article-notice",
             "div.tech-quotation", "div.ct_hqimg", "div.hqimg_wrapper", "div.wap_special",
             "style", "ins")

SINA = Layout(templates=(
    PortalTemplate(
        name="2017",
        marker="h1.main-title",
        title=("h1.main-title",),
        time=("div.date-source span.date",),
        outlet=("div.date-source .source",),
        body=BODY,
        breadcrumb=("div.channel-path",),
        editor_note=EDITOR_NOTE, editor_note_after=EDITOR_NOTE,
        not_story=NOT_STORY,
    ),
    PortalTemplate(
        name="2014",
        marker="h1#artibodyTitle",
        title=("h1#artibodyTitle",),
        time=("#pub_date", "span.time-source"),
        outlet=("#media_name", "span.time-source"),
        body=BODY,
        breadcrumb=("div.bread", "#sinaheader-nav"),
        editor_note=EDITOR_NOTE, editor_note_after=EDITOR_NOTE,
        not_story=NOT_STORY,
    ),
    PortalTemplate(
        name="mobile",
        marker="article.art_box h1.art_tit_h1",
        title=("article.art_box h1.art_tit_h1",),
        time_meta=("meta[property='article:published_time']",),
        outlet=("article.art_box h2.weibo_user",),
        body=("article.art_box section.art_content",),
        editor_note=EDITOR_NOTE,
        not_story=NOT_STORY,
    ),
))
