"""A `Template` for the national portals, which print some header fields without a label:
the outlet alone in its own element (`<span class="a_source">棱镜</span>`, no 来源：), an
author slot holding `作者/来源` (`石佳/中国青年报`), the outlet alone or a labelled byline,
and the time in pieces (`2019` | `09/07` | `19:02` in three elements)."""
from __future__ import annotations

from dataclasses import dataclass

from lxml import html as lxml_html

from newscrawl.extraction.bylines import parse_metadata_line
from newscrawl.extraction.dates import parse_published
from newscrawl.layouts.common import LayoutPage, Template, first_text, select, text_of


@dataclass(frozen=True)
class PortalTemplate(Template):
    outlet: tuple[str, ...] = ()  # the element whose whole text is the 来源 outlet
    time_parts: tuple[str, ...] = ()  # year, month/day and clock, each in its own element
    author_outlet: tuple[str, ...] = ()  # "作者/来源", the outlet alone, or a labelled byline

    def read(self, root: lxml_html.HtmlElement, url: str) -> LayoutPage:
        # read before Template.read cuts blocks out of the tree
        byline, outlet = author_and_outlet(first_text(root, self.author_outlet))
        outlet = first_text(root, self.outlet) or outlet
        published = parse_published(time_from_parts(
            [text_of(found[0]) for selector in self.time_parts if (found := select(root, selector))]))
        page = super().read(root, url)
        page.source = page.source or outlet
        page.head_lines = byline + page.head_lines
        page.published_at = page.published_at or published
        return page


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
