"""Any site: `scrapy crawl generic -a urls=URL[,URL...]` or `-a url_file=PATH` (one URL a
line, # comments allowed). Only the given pages by default; `-a follow_depth=N` also
follows links on the same hosts, N links deep. Extraction by text density
(newscrawl.text.extract), through the same pipelines as the site spiders."""
from __future__ import annotations

from pathlib import Path
from urllib.parse import urljoin, urlsplit

from newscrawl.spiders.base import NewsSpider


class GenericSpider(NewsSpider):
    name = "generic"

    def __init__(self, *args, urls: str = "", url_file: str = "", follow_depth: str | int = 0,
                 **kwargs):
        super().__init__(*args, **kwargs)
        self.seed_urls = seed_urls(urls, url_file)
        try:
            self.follow_depth = int(follow_depth)
        except ValueError:
            raise ValueError(f"follow_depth must be a whole number, got {follow_depth!r}") from None
        if self.follow_depth < 0:
            raise ValueError(f"follow_depth must be 0 or more, got {self.follow_depth}")
        self.allowed_domains = sorted({urlsplit(url).hostname for url in self.seed_urls})

    async def start(self):
        for url in self.seed_urls:
            yield self.article_request(url, depth=0)

    def article_request(self, url: str, depth: int = 0):
        request = super().article_request(url, depth=depth)
        if depth < self.follow_depth:
            # its links are wanted even while its own back-off (page_outcomes) runs
            request.meta["newscrawl_follow_links"] = True
        return request

    def is_article_url(self, url: str) -> bool:
        """Any page on the given hosts may be an article."""
        return urlsplit(url).hostname in self.allowed_domains

    def parse_article(self, response, depth: int = 0):
        reason, detail = self.not_article_reason(response)
        if reason:
            self.skip_not_article(response, reason, detail)
            return
        yield from self.extract_by_density(response)
        if depth < self.follow_depth:
            for href in response.css("a::attr(href)").getall():
                url = urljoin(response.url, href.strip()).split("#")[0]
                if url.startswith(("http://", "https://")) and self.is_article_url(url):
                    yield self.article_request(url, depth=depth + 1)



def seed_urls(urls: str, url_file: str) -> list[str]:
    """The start URLs given as `urls` (comma-separated) and in `url_file` (one a line).

    Raises ValueError when none is given, or for a line that is not an absolute http(s) URL.
    """
    given = [url.strip() for url in urls.split(",") if url.strip()]
    if url_file:
        try:
            lines = Path(url_file).read_text(encoding="utf-8").splitlines()
        except OSError as exc:
            raise ValueError(f"url_file {url_file!r} cannot be read: {exc}") from exc
        given += [line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")]
    if not given:
        raise ValueError("generic spider: give pages with -a urls=URL[,URL...] or -a url_file=PATH")
    bad = [url for url in given if urlsplit(url).scheme not in ("http", "https") or not urlsplit(url).hostname]
    if bad:
        raise ValueError(f"generic spider: not absolute http(s) URLs: {', '.join(bad)}")
    return list(dict.fromkeys(given))
