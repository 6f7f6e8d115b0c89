"""BoilerplatePipeline: the body becomes the article only; its metadata lines become fields.

Runs after the encoding repairs and before dedup. Rules live in
``newscrawl.extraction.boilerplate`` and ``newscrawl.extraction.bylines``; this class applies
them to one item, fills the fields the spider left empty and counts every removal
in the stats as ``newscrawl/boilerplate/<kind>``.
"""
from __future__ import annotations

from itemadapter import ItemAdapter
from scrapy.exceptions import DropItem

from newscrawl.extraction.boilerplate import strip_boilerplate
from newscrawl.extraction.bylines import photo_credit
from newscrawl.chars import to_simplified

STATS_PREFIX = "newscrawl/boilerplate"


class BoilerplatePipeline:
    def __init__(self, stats):
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler.stats)

    def process_item(self, item, spider=None):
        article = ItemAdapter(item)
        stripped = strip_boilerplate(article.get("body", "").split("\n"), title=article.get("title", ""))
        for kind, count in stripped.removed.items():
            self.stats.inc_value(f"{STATS_PREFIX}/{kind}", count)
        if not stripped.paragraphs:
            self.stats.inc_value(f"{STATS_PREFIX}/dropped_empty_body")
            removed = ", ".join(f"{kind} {count}" for kind, count in sorted(stripped.removed.items()))
            raise DropItem(f"no article text left after boilerplate stripping: {article.get('url')} "
                           f"(removed: {removed or 'nothing, the body was empty'})")
        article["body"] = "\n".join(stripped.paragraphs)
        if article.get("body_simplified"):  # made by the encoding pipeline from the unstripped body
            article["body_simplified"] = to_simplified(article["body"])
        article["source"] = article.get("source") or stripped.source
        article["editors"] = article.get("editors") or stripped.editors
        article["authors"] = list(dict.fromkeys([*(article.get("authors") or []), *stripped.authors]))
        article["dateline"] = article.get("dateline") or stripped.dateline
        for image in article.get("images") or []:
            image.credit = image.credit or photo_credit(image.caption)
        return item
