"""凤凰网 (news.ifeng.com and its channels *.ifeng.com). Since 2019 the pages are React builds
whose CSS-module classes carry a build hash, `main_content-LcrEruCc` and since 2023
`index_main_content_j-HoG`: they are matched by the stable name before the hash, in both
spellings. Templates: the media-account one of 2021- (the account's name and a time line,
div.timeBref), the 2019-2020 one (a time line with 来源 in p.time), the column one of
pl.ifeng.com (div.caption: span.date, span.source), and the 2010s one of /a/ URLs
(#artical: p.p_time, #main_content). 责任编辑 is printed under the story in p.author."""
from __future__ import annotations

from newscrawl.layouts.common import Layout
from newscrawl.layouts.portal import PortalTemplate


def hashed(name: str, scope: str = "") -> tuple[str, str]:
    """Selectors of the CSS-module class `name` in its two spellings (name-HASH, index_name_HASH),
    optionally inside the hashed class `scope`."""
    if not scope:
        return f"[class^='{name}-']", f"[class^='index_{name}_']"
    return f"[class^='{scope}-'] [class^='{name}-']", f"[class^='index_{scope}_'] [class^='index_{name}_']"


BODY = hashed("text", scope="main_content")
EDITOR_NOTE = tuple(f"p{selector}" for selector in hashed("author"))
TITLE = tuple(f"h1{selector}" for selector in hashed("topic"))

IFENG = Layout(templates=(
    PortalTemplate(
        name="media",
        marker=", ".join(hashed("timeBref")),
        title=TITLE,
        outlet=hashed("sourceTitleText"),
        time=hashed("timeBref"),
        body=BODY,
        editor_note_after=EDITOR_NOTE,
    ),
    PortalTemplate(
        name="2019",
        marker=", ".join(f"p{selector}" for selector in hashed("time")),
        title=TITLE,
        time=tuple(f"p{selector}" for selector in hashed("time")),
        source=tuple(f"p{selector}" for selector in hashed("time")),
        body=BODY,
        editor_note_after=EDITOR_NOTE,
    ),
    PortalTemplate(
        name="column",
        marker=", ".join(hashed("caption")),
        title=TITLE,
        time=hashed("date", scope="caption"),
        outlet=hashed("source", scope="caption"),
        body=BODY,
        editor_note_after=EDITOR_NOTE,
    ),
    PortalTemplate(
        name="2010s",
        marker="#artical #main_content",
        title=("#artical_topic",),
        time=("#artical_sth p.p_time span.ss01",),
        outlet=("#artical_sth p.p_time span.ss03",),
        body=("#main_content",),
        editor_note_after=("#artical_real p.zb_ph",),
    ),
))
