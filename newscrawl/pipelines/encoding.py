"""EncodingFixPipeline: every text field repaired, every repair and lost character recorded.

Rules live in ``newscrawl.encoding.repair`` and ``newscrawl.encoding.script``. Each change lands on the
item as "field:kind:count" (``repairs``; ``defects`` for data known lost, marked U+3013) and
in the stats as ``newscrawl/repair/<kind>`` and ``newscrawl/defect/<kind>``. A title longer
than TITLE_MAX_CHARS is cut (repair kind ``title-cut``).
"""
from __future__ import annotations

import logging
from collections import Counter

from itemadapter import ItemAdapter

from newscrawl.encoding.repair import repair_text
from newscrawl.chars import to_simplified
from newscrawl.encoding.script import detect_script
from newscrawl.encoding.titles import capped_title

logger = logging.getLogger(__name__)

TEXT_FIELDS = ("title", "subtitle", "body", "source", "channel")
LIST_FIELDS = ("authors", "editors")
IMAGE_FIELDS = ("caption", "credit")


class EncodingFixPipeline:
    def __init__(self, stats, title_max_chars: int):
        if title_max_chars < 1:
            raise ValueError(f"TITLE_MAX_CHARS must be at least 1, not {title_max_chars}")
        self.stats = stats
        self.title_max_chars = title_max_chars

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler.stats, crawler.settings.getint("TITLE_MAX_CHARS"))

    def process_item(self, item, spider=None):
        article = ItemAdapter(item)
        repairs: dict[str, Counter[str]] = {}
        defects: dict[str, Counter[str]] = {}

        def repaired(name: str, text: str) -> str:
            result = repair_text(text)
            repairs.setdefault(name, Counter()).update(result.repairs)
            defects.setdefault(name, Counter()).update(result.defects)
            return result.text

        for name in TEXT_FIELDS:
            article[name] = repaired(name, article.get(name) or "")
        for name in LIST_FIELDS:
            article[name] = [repaired(name, value) for value in article.get(name) or []]
        for image in article.get("images") or []:
            for name in IMAGE_FIELDS:
                setattr(image, name, repaired(f"image_{name}", getattr(image, name)))
        title = capped_title(article["title"], self.title_max_chars)
        if title != article["title"]:
            logger.warning("%s: title of %d characters cut to %d", article.get("url"),
                           len(article["title"]), len(title))
            repairs["title"]["title-cut"] += 1
            article["title"] = title

        article["repairs"] = [*(article.get("repairs") or []), *self._recorded(repairs, "repair")]
        article["defects"] = [*(article.get("defects") or []), *self._recorded(defects, "defect")]
        if article["defects"]:
            logger.warning("%s: characters lost before the crawl, marked \u3013: %s",
                           article.get("url"), ", ".join(article["defects"]))
        article["script"] = detect_script(f"{article['title']}\n{article['body']}")
        article["title_simplified"] = to_simplified(article["title"])
        article["body_simplified"] = to_simplified(article["body"])
        return item

    def _recorded(self, by_field: dict[str, Counter[str]], what: str) -> list[str]:
        """"field:kind:count" entries, counted in the stats as newscrawl/<what>/<kind>."""
        entries = []
        for name, kinds in by_field.items():
            for kind, count in sorted(kinds.items()):
                entries.append(f"{name}:{kind}:{count}")
                self.stats.inc_value(f"newscrawl/{what}/{kind}", count)
        return entries
