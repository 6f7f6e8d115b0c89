"""Template shapes that the national portals (Xinhua, CCTV, Sina, NetEase) need beyond
newscrawl.layouts.common, kept in one module of their own."""
from __future__ import annotations

from dataclasses import dataclass

from lxml import html as lxml_html

from newscrawl.layouts.common import LayoutPage, Template, drop


@dataclass(frozen=True)
class PrunedTemplate(Template):
    """A template whose page carries widgets inside the very elements the fields are read
    from (a 【纠错】 button inside the editor line, a share box inside the title block):
    `noise` is dropped from the whole page before any field is read."""

    noise: tuple[str, ...] = ()

    def read(self, root: lxml_html.HtmlElement, url: str) -> LayoutPage:
        drop(root, self.noise)
        return super().read(root, url)
