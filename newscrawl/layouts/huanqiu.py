"""环球网 (www.huanqiu.com and its channels *.huanqiu.com): the 2019- template of
/article/<id> (div.t-container: the title in div.t-container-title, the time and 来源 in
div.metadata-info, the story in div.l-con article, 责编 in div.editorSign under it), the
account template of 3w.huanqiu.com/a/<account>/<id> (div#article: h1.a-title, the time and
the writers in div.a-info, the story in div.a-con, 责编 in div.a-edit), and the 2014-2018
one of /2018-05/12001234.html (div.l_a: span.la_t_a, span.la_t_b, div.la_con, a 下一页 pager
in div#pages)."""
from __future__ import annotations

from newscrawl.layouts.common import Layout
from newscrawl.layouts.portal import PortalTemplate

HUANQIU = Layout(templates=(
    PortalTemplate(
        name="2019",
        marker="div.t-container div.metadata-info",
        title=("div.t-container-title h3",),
        time=("div.metadata-info p.time",),
        source=("div.metadata-info span.source",),
        outlet=("div.metadata-info span.source a",),
        body=("div.l-con article",),
        editor_note_after=("div.l-con div.editorSign",),
    ),
    PortalTemplate(
        name="account",
        marker="div#article div.a-con",
        title=("#article h1.a-title",),
        time=("#article div.a-info span.time",),
        body=("#article div.a-con",),
        # printed twice, above and below the 阅读数 bar
        editor_note_after=("#article div.a-edit",),
    ),
    PortalTemplate(
        name="2014",
        marker="div.l_a div.la_con",
        title=("div.l_a h1",),
        time=("div.la_tool span.la_t_a",),
        outlet=("div.la_tool span.la_t_b",),
        body=("div.la_con",),
        pager=("#pages",),
        editor_note_after=("div.l_a div.editorSign",),
        not_story=("#pages", "div.reTopics"),
    ),
))
