"""A `Template` for the national portals (Xinhua, CCTV, Sina, NetEase, Tencent, The Paper,
ifeng, Huanqiu), which print some header fields without a label or with widgets inside
them: the outlet alone in its own element (`<span class="a_source">棱镜</span>`, or
"2016年05月25日10:10 新浪财经" after the time), an author slot holding `作者/来源`
(`石佳/中国青年报`), the time in pieces (`2019` | `09/07` | `19:02`) or only in a <meta>,
staff codes after editors' names."""
from __future__ import annotations

import re
from dataclasses import dataclass

from lxml import html as lxml_html

from newscrawl.extraction.bylines import parse_metadata_line
from newscrawl.extraction.dates import parse_published
from newscrawl.layouts.common import LayoutPage, Template, drop, first, first_text, select, text_of

# A date and time that starts a header line: "2016年05月25日10:10 新浪财经".
LEADING_TIME = re.compile(
    r"^\s*\d{4}\s*[年/.-]\s*\d{1,2}\s*[月/.-]\s*\d{1,2}\s*日?\s*(?:\d{1,2}:\d{2}(?::\d{2})?)?\s*")


@dataclass(frozen=True)
class PortalTemplate(Template):
    """A Template with the fields some portals need beyond it:

    - `noise`: dropped from the whole page before any field is read (a 【纠错】 button
      inside the editor line, a share box inside the title block);
    - `outlet`: the element printing the 来源 outlet by name alone, with no 来源 label (after
      the time when the time comes first): read when `source` finds no labelled outlet;
    - `author_outlet`: an author slot holding "作者/来源", the outlet alone, or a labelled byline;
    - `time_parts`: year, month/day and clock, each in its own element;
    - `time_meta`: <meta> elements whose content is the publication time, read when the
      page's printed time gives none;
    - `staff_code`: a pattern of the staff codes a portal appends to its editors' names
      ("责任编辑：杜硕_NB12556"), cut from the editor notes so that the names parse."""

    noise: tuple[str, ...] = ()
    outlet: tuple[str, ...] = ()
    author_outlet: tuple[str, ...] = ()
    time_parts: tuple[str, ...] = ()
    time_meta: tuple[str, ...] = ()
    staff_code: str = ""

    def read(self, root: lxml_html.HtmlElement, url: str) -> LayoutPage:
        drop(root, self.noise)
        # read before Template.read cuts blocks out of the tree
        byline, slot_outlet = author_and_outlet(first_text(root, self.author_outlet))
        outlet = outlet_name(first_text(root, self.outlet)) or slot_outlet
        published = parse_published(time_from_parts(
            [text_of(found[0]) for selector in self.time_parts if (found := select(root, selector))]))
        meta = first(root, self.time_meta)
        page = super().read(root, url)
        page.source = page.source or outlet
        page.head_lines = byline + page.head_lines
        page.published_at = (page.published_at or published
                             or (parse_published(meta.get("content", "")) if meta is not None else None))
        if self.staff_code:
            page.tail_lines = [re.sub(self.staff_code, "", line).strip() for line in page.tail_lines]
        return page


def outlet_name(text: str) -> str:
    """The outlet printed by name, after the time when the time comes first."""
    return LEADING_TIME.sub("", text).strip()


def time_from_parts(parts: list[str]) -> str:
    """One date line from a date printed in pieces: ["2019", "09/07", "19:02"] ->
    "2019/09/07 19:02" ("" when the year or the month/day is missing)."""
    if len(parts) < 2 or not all(parts[:2]):
        return ""
    return " ".join(["/".join(parts[:2]), *parts[2:]])


def author_and_outlet(text: str) -> tuple[list[str], str]:
    """The byline lines and the outlet printed in an author slot: "石佳/中国青年报" is an
    author and an outlet (["作者：石佳"], "中国青年报"); one name alone is the outlet
    ("新华社"); anything else (a labelled byline, "澎湃新闻记者 贺梨萍") is handed on as it is."""
    words = text.split("/")
    if text and parse_metadata_line(text) is None and len(words) <= 2 and all(
            word and not any(char.isspace() for char in word) for word in words):
        return ([f"作者：{words[0]}"], words[1]) if len(words) == 2 else ([], text)
    return ([text] if text else []), ""
