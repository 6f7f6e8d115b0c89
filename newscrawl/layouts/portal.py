"""Template shapes that the national portals (Xinhua, CCTV, Sina, NetEase) need beyond
newscrawl.layouts.common, kept in one module of their own."""
from __future__ import annotations

import re
from dataclasses import dataclass

from lxml import html as lxml_html

from newscrawl.extraction.dates import parse_published
from newscrawl.layouts.common import LayoutPage, Template, drop, first, first_text

# A date and time that starts a header line: "2016年05月25日10:10 新浪财经".
LEADING_TIME = re.compile(
    r"^\s*\d{4}\s*[年/.-]\s*\d{1,2}\s*[月/.-]\s*\d{1,2}\s*日?\s*(?:\d{1,2}:\d{2}(?::\d{2})?)?\s*")


@dataclass(frozen=True)
class PortalTemplate(Template):
    """A Template for pages that print fields without labels or with widgets inside them.

    - `noise`: dropped from the whole page before any field is read (a 【纠错】 button
      inside the editor line, a share box inside the title block);
    - `source_name`: the element printing the 来源 outlet by name alone, with no 来源 label
      ("参考消息", or "2016年05月25日10:10 新浪财经" after the time): read when `source`
      finds no labelled outlet;
    - `time_meta`: <meta> elements whose content is the publication time, read when `time`
      gives none (a mobile page prints "2005.08.26" and "05:39" in two runs of text that
      lose the space between them);
    - `staff_code`: a pattern of the staff codes a portal appends to its editors' names
      ("责任编辑：杜硕_NB12556"), cut from the editor notes so that the names parse."""

    noise: tuple[str, ...] = ()
    source_name: tuple[str, ...] = ()
    time_meta: tuple[str, ...] = ()
    staff_code: str = ""

    def read(self, root: lxml_html.HtmlElement, url: str) -> LayoutPage:
        drop(root, self.noise)
        page = super().read(root, url)
        if not page.source:
            page.source = outlet_name(first_text(root, self.source_name))
        if page.published_at is None:
            meta = first(root, self.time_meta)
            page.published_at = parse_published(meta.get("content", "")) if meta is not None else None
        if self.staff_code:
            page.tail_lines = [re.sub(self.staff_code, "", line).strip() for line in page.tail_lines]
        return page


def outlet_name(text: str) -> str:
    """The outlet printed by name, after the time when the time comes first."""
    return LEADING_TIME.sub("", text).strip()
