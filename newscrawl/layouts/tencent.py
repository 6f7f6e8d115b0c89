"""腾讯新闻 (news.qq.com, new.qq.com and the older *.qq.com channels): the 2023 `rain`
template (div#ArticleContent: title, a media card with the account name and time), the
2018-2022 `omn` template (div.LEFT: the time split over div.LeftTool, the story in
div.content-article), the 2017-2019 channel template (div.qq_article: span.a_source,
span.a_time, 责任编辑 under the story) and the 2016 one (div#C-Main-Article-QQ: span.where,
span.pubTime). The last two put the story in div#Cnt-Main-Article-QQ."""
from __future__ import annotations

from newscrawl.layouts.common import Layout
from newscrawl.layouts.portal import PortalTemplate

# Inside the 2016-2019 story: the 转播到腾讯微博 overlay of pictures, the related-video
# player and its playlist, the 返回腾讯网首页 link.
CNT_NOT_STORY = ("div.mbArticleShareBtn", "div.rv-root-v2", "#backqqcom", "#tipsWBzf")

TENCENT = Layout(templates=(
    PortalTemplate(
        name="rain",
        marker="div#ArticleContent",
        title=("div.content-article h1",),
        time=("#ArticleAuthor p.media-meta span",),
        outlet=("#ArticleAuthor p.media-name",),
        body=("div#ArticleContent",),
        # the picture viewer repeats every picture of the story
        not_story=("div.image-carousel",),
    ),
    PortalTemplate(
        name="omn",
        marker="div.LEFT div.content-article",
        title=("div.LEFT h1",),
        time_parts=("div.LeftTool div.year", "div.LeftTool div.md", "div.LeftTool div.time"),
        outlet=("div.LeftTool a.author div",),
        body=("div.LEFT div.content-article",),
    ),
    PortalTemplate(
        name="2017",
        marker="div.qq_article",
        title=("div.qq_article div.hd h1",),
        time=("div.qq_article span.a_time",),
        outlet=("div.qq_article span.a_source",),
        body=("#Cnt-Main-Article-QQ",),
        editor_note_after=("div.qq_articleFt div.qq_editor",),
        breadcrumb=("div.qq_article span.a_catalog",), not_story=CNT_NOT_STORY,
    ),
    PortalTemplate(
        name="2016",
        marker="div#C-Main-Article-QQ",
        title=("#C-Main-Article-QQ div.hd h1",),
        time=("#C-Main-Article-QQ span.pubTime",),
        outlet=("#C-Main-Article-QQ span.where",),
        body=("#Cnt-Main-Article-QQ",),
        breadcrumb=("div.Crumbs-Article-QQ span",), not_story=CNT_NOT_STORY,
    ),
))
