"""Item pipelines, in order: encoding fix, boilerplate strip, repeated pages, dedup, storage."""
from scrapy.exceptions import DropItem


def dropped(crawler, item, reason: str, detail: str) -> DropItem:
    """The DropItem to raise for `item`, counted as newscrawl/dropped/<reason>.

    `reason` is a short stable key (it becomes a crawl_runs.drops key); `detail` says
    what was wrong. Scrapy logs the drop with the message."""
    crawler.stats.inc_value(f"newscrawl/dropped/{reason}")
    return DropItem(f"{reason}: {detail} ({getattr(item, 'url', '?')})")
