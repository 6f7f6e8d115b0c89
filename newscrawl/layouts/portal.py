"""A `Template` for the national portals, which print some header fields without a label:
the outlet alone in its own element (`<span class="a_source">棱镜</span>`, no 来源：), and
the time in pieces (`2019` | `09/07` | `19:02` in three elements)."""
from __future__ import annotations

from dataclasses import dataclass

from lxml import html as lxml_html

from newscrawl.extraction.dates import parse_published
from newscrawl.layouts.common import LayoutPage, Template, first_text, select, text_of


@dataclass(frozen=True)
class PortalTemplate(Template):
    outlet: tuple[str, ...] = ()  # the element whose whole text is the 来源 outlet
    time_parts: tuple[str, ...] = ()  # year, month/day and clock, each in its own element

    def read(self, root: lxml_html.HtmlElement, url: str) -> LayoutPage:
        # read before Template.read cuts blocks out of the tree
        outlet = first_text(root, self.outlet)
        published = parse_published(time_from_parts(
            [text_of(found[0]) for selector in self.time_parts if (found := select(root, selector))]))
        page = super().read(root, url)
        page.source = page.source or outlet
        page.published_at = page.published_at or published
        return page


def time_from_parts(parts: list[str]) -> str:
    """One date line from a date printed in pieces: ["2019", "09/07", "19:02"] ->
    "2019/09/07 19:02" ("" when the year or the month/day is missing)."""
    if len(parts) < 2 or not all(parts[:2]):
        return ""
    return " ".join(["/".join(parts[:2]), *parts[2:]])
