"""人民网 (www.people.com.cn and its *.people.com.cn channels): the 2020 page template
(div.rm_txt), the 2016-2021 one (div.text_title + div#rwb_zw) and the channel template of
health/finance-style channels (div.articleCont: div.title, div.artOri, div.artDet)."""
from __future__ import annotations

from newscrawl.layouts.common import Layout, Template

BREADCRUMB = ("#rwb_navpath", "div.subNav")
PAGER = ("div.zdfy", "center")
EDITOR_NOTE = ("div.edit",)
# Inside the body container but never story text: page switcher, share line, QR codes.
NOT_STORY = ("div.zdfy", "center", "p.paper_num", "div.tjewm", "div.box_pic", "div.bza")

PEOPLE = Layout(templates=(
    Template(
        name="2020",
        marker="div.rm_txt",
        title=("div.rm_txt h1",),
        subtitle=("div.rm_txt h4.sub",),
        pre_title=("div.rm_txt h3.pre",),
        byline=("div.rm_txt div.author",),
        time=("div.rm_txt div.channel div.col-1-1",),
        source=("div.rm_txt div.channel div.col-1-1",),
        body=("div.rm_txt_con",),
        breadcrumb=BREADCRUMB, pager=PAGER, editor_note=EDITOR_NOTE, not_story=NOT_STORY,
    ),
    Template(
        name="2016",
        marker="div.text_title",
        title=("div.text_title h1",),
        subtitle=("div.text_title h4.sub",),
        pre_title=("div.text_title h3.pre",),
        byline=("div.text_title p.author",),
        time=("div.text_title div.box01 div.fl",),
        source=("div.text_title div.box01 div.fl",),
        body=("div#rwb_zw",),
        breadcrumb=BREADCRUMB, pager=PAGER, editor_note=EDITOR_NOTE, not_story=NOT_STORY,
    ),
    Template(
        name="channel",
        marker="div.articleCont",
        title=("div.articleCont div.title h2",),
        subtitle=("div.articleCont div.title h3",),
        pre_title=("div.articleCont div.title h4",),
        byline=("div.articleCont div.title p",),
        time=("div.articleCont div.artOri",),
        source=("div.articleCont div.artOri",),
        body=("div.articleCont div.artDet",),
        editor_note_after=("div.articleCont div.editor",),
        breadcrumb=BREADCRUMB, pager=PAGER, editor_note=EDITOR_NOTE, not_story=NOT_STORY,
    ),
))
