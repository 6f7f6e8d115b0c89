"""中国新闻网 (www.chinanews.com / .com.cn): the 2022 template (h1.content_left_title +
div.content_left_time) and the 2019 one (div.content + div.left-t); both put the story in
div.left_zw."""
from __future__ import annotations

from newscrawl.layouts.common import Layout, Template

BODY = ("div.left_zw",)
# Inside the time line: share buttons and the 参与互动 anchor.
TIME_NOISE = ("div.content_left_share", "a[href^='#']")
BREADCRUMB = ("#nav",)
EDITOR_NOTE = ("div.adEditor",)
NOT_STORY = ("table.adInContent", "#function_code_page")

CHINANEWS = Layout(templates=(
    Template(
        name="2022",
        marker="div.content_left_time",
        title=("h1.content_left_title",),
        time=("div.content_left_time",),
        time_noise=TIME_NOISE,
        source=("div.content_left_time",),
        body=BODY, breadcrumb=BREADCRUMB, editor_note=EDITOR_NOTE, not_story=NOT_STORY,
    ),
    Template(
        name="2019",
        marker="div.left-time div.left-t",
        title=("div.content h1",),
        time=("div.left-time div.left-t",),
        time_noise=TIME_NOISE,
        source=("div.left-time div.left-t",),
        body=BODY, breadcrumb=BREADCRUMB, editor_note=EDITOR_NOTE, not_story=NOT_STORY,
    ),
))
