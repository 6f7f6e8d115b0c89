"""Pages per second through charset decision + parse + pipelines + storage, beside the time
lxml alone takes to parse the same pages.

    python -m bench.pipeline [--rounds N] [--corpus-limit N]

Three sets, each timed in the same run as its lxml floor:
- the site spiders' article fixtures (fixtures/people, chinanews, slrbs), through each
  spider's own parse_article (its layout page object), later pages of multi-page articles
  followed;
- the real people.com.cn and chinanews.com pages of ../shared/corpus, through those spiders;
- ../shared/corpus article pages, through the generic spider (density extraction).
Every item goes through the configured ITEM_PIPELINES into a fresh SQLite file, with the
exact fixture bytes and headers and the real components built from the project settings.
"pages" counts every page parsed; the lxml floor parses those same bytes with the codec the
pipeline chose. A second table splits the time per page into stages: charset decision, page
object (decoding, parsing and extraction), each item pipeline, and the final commit.
Times are CPU seconds of this process (time.process_time), best of --rounds: on a shared
machine wall time would also count the turns other processes take on the cores.
"""
from __future__ import annotations

import argparse
import asyncio
import csv
import logging
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from lxml import html as lxml_html
from scrapy.exceptions import DropItem
from scrapy.http import HtmlResponse, Request
from scrapy.utils.misc import load_object
from scrapy.utils.project import get_project_settings
from scrapy.utils.reactor import install_reactor
from scrapy.utils.test import get_crawler

ROOT = Path(__file__).resolve().parents[1]

from newscrawl.downloadermiddlewares.charset import CharsetMiddleware
from newscrawl.items import Article
from newscrawl.replay import fixture_index, load_fixture
from newscrawl.spiders.chinanews import ChinanewsSpider
from newscrawl.spiders.cms import SlrbsSpider
from newscrawl.spiders.generic import GenericSpider
from newscrawl.spiders.people import PeopleSpider
from newscrawl.storage import store_for

SITE_SPIDERS = {"people": PeopleSpider, "chinanews": ChinanewsSpider, "slrbs": SlrbsSpider}
CORPUS = ROOT.parent / "shared" / "corpus"
LOOP = asyncio.new_event_loop()


def fixture_pages(site: str) -> list[HtmlResponse]:
    """The article fixtures of `site` (those with an expected item), as responses."""
    folder = ROOT / "fixtures" / site
    return [load_fixture(meta) for meta in sorted(folder.glob("*.json"))
            if meta.with_name(meta.name.replace(".json", ".expected.json")).exists()
            and not meta.name.endswith(".expected.json")]


def corpus_pages(limit: int) -> list[HtmlResponse]:
    manifest = CORPUS / "MANIFEST.tsv"
    if not manifest.exists():
        return []
    pages = []
    with manifest.open(encoding="utf-8") as rows:
        for row in csv.DictReader(rows, delimiter="\t"):
            if row["page_type"] != "article":
                continue
            url = f"https://{row['site_domain'] or 'corpus.example'}/{row['local_path']}"
            body = (CORPUS / row["local_path"]).read_bytes()
            pages.append(HtmlResponse(url, body=body, headers={"Content-Type": "text/html"}))
            if len(pages) >= limit:
                break
    return pages


def corpus_site_pages() -> list[tuple[type, HtmlResponse]]:
    """Real people.com.cn and chinanews.com pages of the corpus, for the site spiders."""
    manifest = CORPUS / "MANIFEST.tsv"
    if not manifest.exists():
        return []
    spiders = {"people.com.cn": PeopleSpider, "chinanews.com": ChinanewsSpider}
    pages = []
    with manifest.open(encoding="utf-8") as rows:
        for row in csv.DictReader(rows, delimiter="\t"):
            for domain, spidercls in spiders.items():
                if row["page_type"] == "article" and row["site_domain"].endswith(domain):
                    url = f"http://{row['site_domain']}/n1/corpus/{Path(row['local_path']).stem}.html"
                    body = (CORPUS / row["local_path"]).read_bytes()
                    pages.append((spidercls, HtmlResponse(url, body=body, headers={"Content-Type": "text/html"})))
    return pages


class Harness:
    """A crawler built from the project settings, with its pipelines and charset middleware,
    writing into a temporary SQLite file; it adds up the seconds each stage takes."""

    def __init__(self, spidercls, database: Path, **spider_args):
        settings = get_project_settings().copy_to_dict()
        # PAGE_WORKERS=0: the cost measured is this process's own (bench/crawl.py measures
        # a crawl with its page workers)
        settings.update(DATABASE_URL=f"sqlite:///{database}", LOG_ENABLED=False, PAGE_WORKERS=0)
        self.crawler = get_crawler(spidercls, settings)
        self.spider = self.crawler._create_spider(**spider_args)
        self.crawler.spider = self.spider
        self.charset = CharsetMiddleware.from_crawler(self.crawler)
        components = self.crawler.settings.getwithbase("ITEM_PIPELINES")
        order = sorted((priority, path) for path, priority in components.items() if priority is not None)
        self.pipelines = [load_object(path).from_crawler(self.crawler) for _, path in order]
        self.store = store_for(self.crawler)
        self.store.start_run(spidercls.name)
        self.warm_up()
        self.seconds: Counter[str] = Counter()  # stage -> seconds
        self.parsed: list[HtmlResponse] = []  # every page parsed, decoded as the pipeline decoded it

    def warm_up(self) -> None:
        """Run made-up articles through every pipeline (an original, an exact and a near
        duplicate of it) and roll them back: SQLAlchemy compiles each statement on its first
        execution on an engine (1-4 ms each), once per crawl, which is no per-page cost."""
        story = "".join(f"第{n}段：这是一段用于预热的文字，运行之后就会回滚，不会留在数据库里。\n" for n in range(12))
        bodies = [story, story, story + "补充的一段文字，让这篇成为近似重复。"]
        for n, body in enumerate(bodies):
            output = Article(url=f"https://warm-up.invalid/{n}.html", site=self.spider.name,
                             title="预热", body=body)
            for pipeline in self.pipelines:
                output = pipeline.process_item(output)
        self.store.connection.rollback()
        self.store.commit()  # forgets the rolled-back URLs

    def timed(self, stage: str, call, *args):
        started = time.process_time()
        try:
            return call(*args)
        finally:
            self.seconds[stage] += time.process_time() - started

    def decoded(self, request: Request, response: HtmlResponse) -> HtmlResponse:
        response = self.timed("charset", self.charset.process_response, request, response.replace(request=request))
        self.parsed.append(response)
        return response

    def process(self, response: HtmlResponse) -> int:
        """Items stored from one article page (following the pages of a multi-page one)."""
        response = self.decoded(Request(response.url), response)
        stored = 0
        pending = self.timed("page object", lambda: outputs(self.spider.parse_article(response)))
        while pending:
            output = pending.pop()
            if isinstance(output, Request):
                page = self.decoded(output, followed_page(output.url))
                pending.extend(self.timed("page object", lambda: outputs(output.callback(page, **output.cb_kwargs))))
                continue
            try:
                for pipeline in self.pipelines:
                    output = self.timed(type(pipeline).__name__, pipeline.process_item, output)
                stored += 1
            except DropItem:
                pass
        return stored

    def commit(self):
        self.timed("commit", self.store.commit)

    def close(self):
        self.store.close()


def outputs(callback_result) -> list:
    """Every output of a spider callback: a generator, or an async generator (the generic
    spider's, which reads pages here with PAGE_WORKERS=0 and so never waits)."""
    if not hasattr(callback_result, "__anext__"):
        return list(callback_result)

    async def collected():
        return [output async for output in callback_result]

    return LOOP.run_until_complete(collected())


@cache
def followed_page(url: str) -> HtmlResponse:
    """The saved fixture of a later page of a multi-page article (loaded once: reading files is
    the downloader's work, not the pipeline's)."""
    return load_fixture(fixture_index(ROOT / "fixtures")[url])


def lxml_parse_seconds(pages: list[HtmlResponse], rounds: int) -> float:
    """lxml parsing each page's bytes, told the codec the pipeline decoded it with (without it
    lxml stops early on some GBK pages, which would make the floor too low)."""
    parsers = [lxml_html.HTMLParser(encoding=page.encoding, huge_tree=True) for page in pages]
    best = float("inf")
    for _ in range(rounds):
        started = time.process_time()
        for page, parser in zip(pages, parsers):
            lxml_html.document_fromstring(page.body, parser=parser)
        best = min(best, time.process_time() - started)
    return best


@dataclass
class Pass:
    """One full pass over a set of pages into fresh databases."""

    seconds: Counter[str]  # stage -> seconds, summed over the pages
    items: int
    parsed: list[HtmlResponse]  # every page parsed (later pages of multi-page articles too)

    @property
    def total(self) -> float:
        return sum(self.seconds.values())


def pipeline_pass(groups: list[tuple[type, list[HtmlResponse], dict]]) -> Pass:
    with tempfile.TemporaryDirectory() as tmp:
        harnesses = [(Harness(cls, Path(tmp) / f"{cls.name}.db", **args), pages)
                     for cls, pages, args in groups]
        items = sum(h.process(page) for h, pages in harnesses for page in pages)
        for harness, _ in harnesses:
            harness.commit()
            harness.close()
    return Pass(sum((h.seconds for h, _ in harnesses), Counter()), items,
                [page for h, _ in harnesses for page in h.parsed])


def report(label: str, groups, rounds: int) -> Pass | None:
    """Print the row of `label`; return its fastest pass (for the per-stage breakdown)."""
    if not any(pages for _, pages, _ in groups):
        print(f"{label:<34} no pages")
        return None
    best, floor = None, float("inf")
    for _ in range(rounds):  # interleaved, so that both see the machine as loaded alike
        latest = pipeline_pass(groups)
        best = latest if best is None or latest.total < best.total else best
        floor = min(floor, lxml_parse_seconds(latest.parsed, 2))
    pages = best.parsed
    megabytes = sum(len(page.body) for page in pages) / 1e6
    print(f"{label:<34} {len(pages):>5} {best.items:>5} {megabytes:>7.1f} {len(pages) / best.total:>9.1f}"
          f" {1000 * best.total / len(pages):>9.2f} {1000 * floor / len(pages):>9.2f} {best.total / floor:>7.1f}x")
    return best


def print_breakdown(passes: dict[str, Pass]) -> None:
    """Milliseconds per page in each stage, in pipeline order."""
    stages = list(dict.fromkeys(stage for p in passes.values() for stage in p.seconds))
    names = [stage.removesuffix("Pipeline") for stage in stages]
    print(f"\n{'ms/page by stage':<34}" + "".join(f" {name:>12}" for name in names))
    for label, p in passes.items():
        print(f"{label:<34}" + "".join(f" {1000 * p.seconds[stage] / len(p.parsed):>12.2f}" for stage in stages))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=5, help="passes; the best is reported")
    parser.add_argument("--corpus-limit", type=int, default=200)
    args = parser.parse_args()
    install_reactor("twisted.internet.asyncioreactor.AsyncioSelectorReactor")
    # Warnings about pages (lost characters) are still logged, as in a crawl, but not printed.
    logging.getLogger().addHandler(logging.NullHandler())
    print(f"{'pages':<34} {'pages':>5} {'items':>5} {'MB':>7} {'pages/s':>9} {'ms/page':>9}"
          f" {'lxml ms':>9} {'ratio':>8}")
    sets = {"fixtures, site spiders": [(cls, fixture_pages(site), {}) for site, cls in SITE_SPIDERS.items()]}
    site_pages = corpus_site_pages()
    if site_pages:
        by_spider = {cls: [page for c, page in site_pages if c is cls] for cls, _ in site_pages}
        sets["shared corpus, site spiders"] = [(cls, pages, {}) for cls, pages in by_spider.items()]
    corpus = corpus_pages(args.corpus_limit)
    if corpus:
        sets["shared corpus, generic spider"] = [(GenericSpider, corpus, {"urls": corpus[0].url})]
    passes = {label: report(label, groups, args.rounds) for label, groups in sets.items()}
    if not corpus:
        print("shared corpus absent: ../shared/corpus not found")
    print_breakdown({label: p for label, p in passes.items() if p is not None})


if __name__ == "__main__":
    main()
