"""The baseline of bench/crawl.py: Scrapy fetches and decodes every page, and does nothing else.

    scrapy runspider bench/fetch_only.py -a url_file=URLS

No item, no pipeline, no database: the project's run lock, run recorder, stored-URL check
and charset decision are switched off for this spider, and Scrapy's own meta-refresh check
stands in for the project's. Scrapy's other settings are the project's (CONCURRENT_ITEMS
among them), so that the baseline is as cheap as the project makes Scrapy.
"""
from pathlib import Path

import scrapy


class FetchOnlySpider(scrapy.Spider):
    name = "fetch_only"
    custom_settings = {
        "ITEM_PIPELINES": {},
        "EXTENSIONS": {"newscrawl.extensions.lock.RunLock": None,
                       "newscrawl.extensions.runs.CrawlRunRecorder": None},
        "DOWNLOADER_MIDDLEWARES": {
            "newscrawl.downloadermiddlewares.skip_stored.SkipStoredMiddleware": None,
            "newscrawl.downloadermiddlewares.charset.CharsetMiddleware": None,
            "newscrawl.downloadermiddlewares.metarefresh.HeadMetaRefreshMiddleware": None,
            "scrapy.downloadermiddlewares.redirect.MetaRefreshMiddleware": 580,
        },
    }

    def __init__(self, url_file: str, **kwargs):
        super().__init__(**kwargs)
        self.urls = Path(url_file).read_text(encoding="utf-8").split()

    async def start(self):
        for url in self.urls:
            yield scrapy.Request(url)

    def parse(self, response):
        response.text  # noqa: B018  (decoding is part of the baseline)
        return None
