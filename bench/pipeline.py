"""Pages per second through charset decision + parse + pipelines + storage, beside the time
lxml alone takes to parse the same pages.

    python bench/pipeline.py [--rounds N] [--corpus-limit N]

Two sets, each timed in the same run as its lxml floor:
- the site spiders' article fixtures (fixtures/people, chinanews, slrbs), through each
  spider's own parse_article (its layout page object);
- ../shared/corpus pages when present, through the generic spider (density extraction).
Every item goes through the configured ITEM_PIPELINES into a fresh SQLite file, with the
exact fixture bytes and headers and the real components built from the project settings.
"""
from __future__ import annotations

import argparse
import csv
import sys
import tempfile
import time
from pathlib import Path

from lxml import html as lxml_html
from scrapy.exceptions import DropItem
from scrapy.http import HtmlResponse, Request
from scrapy.utils.misc import load_object
from scrapy.utils.project import get_project_settings
from scrapy.utils.reactor import install_reactor
from scrapy.utils.test import get_crawler

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from newscrawl.downloader.charset import CharsetMiddleware  # noqa: E402
from newscrawl.replay import fixture_index, load_fixture  # noqa: E402
from newscrawl.spiders.chinanews import ChinanewsSpider  # noqa: E402
from newscrawl.spiders.cms import SlrbsSpider  # noqa: E402
from newscrawl.spiders.generic import GenericSpider  # noqa: E402
from newscrawl.spiders.people import PeopleSpider  # noqa: E402
from newscrawl.storage import store_for  # noqa: E402
from newscrawl.text.charset import decide_charset  # noqa: E402

SITE_SPIDERS = {"people": PeopleSpider, "chinanews": ChinanewsSpider, "slrbs": SlrbsSpider}
CORPUS = ROOT.parent / "shared" / "corpus"


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
    writing into a temporary SQLite file."""

    def __init__(self, spidercls, database: Path, **spider_args):
        settings = get_project_settings().copy_to_dict()
        settings.update(DATABASE_URL=f"sqlite:///{database}", LOG_ENABLED=False)
        self.crawler = get_crawler(spidercls, settings)
        self.spider = self.crawler._create_spider(**spider_args)
        self.crawler.spider = self.spider
        self.charset = CharsetMiddleware.from_crawler(self.crawler)
        components = self.crawler.settings.getwithbase("ITEM_PIPELINES")
        order = sorted((priority, path) for path, priority in components.items() if priority is not None)
        self.pipelines = [load_object(path).from_crawler(self.crawler) for _, path in order]
        self.replayed = fixture_index(ROOT / "fixtures")
        self.store = store_for(self.crawler)
        self.store.start_run(spidercls.name)

    def process(self, response: HtmlResponse) -> int:
        """Items stored from one article page (following the pages of a multi-page one)."""
        request = Request(response.url)
        response = self.charset.process_response(request, response.replace(request=request))
        stored = 0
        pending = list(self.spider.parse_article(response))
        while pending:
            output = pending.pop()
            if isinstance(output, Request):
                page = load_fixture(self.replayed[output.url])
                page = self.charset.process_response(output, page.replace(request=output))
                pending.extend(output.callback(page, **output.cb_kwargs))
                continue
            try:
                for pipeline in self.pipelines:
                    output = pipeline.process_item(output)
                stored += 1
            except DropItem:
                pass
        return stored

    def close(self):
        self.store.close()


def lxml_parse_seconds(pages: list[HtmlResponse], rounds: int) -> float:
    """lxml parsing each page's bytes, told the right codec (without it lxml stops early on
    some GBK pages, which would make the floor too low)."""
    parsers = [lxml_html.HTMLParser(encoding=decide_charset(page.body, None).encoding)
               for page in pages]
    best = float("inf")
    for _ in range(rounds):
        started = time.perf_counter()
        for page, parser in zip(pages, parsers):
            lxml_html.document_fromstring(page.body, parser=parser)
        best = min(best, time.perf_counter() - started)
    return best


def pipeline_seconds(groups: list[tuple[type, list[HtmlResponse], dict]], rounds: int) -> tuple[float, int]:
    """Best of `rounds` full passes, each into a fresh database; returns (seconds, items)."""
    best, items = float("inf"), 0
    for _ in range(rounds):
        with tempfile.TemporaryDirectory() as tmp:
            harnesses = [(Harness(cls, Path(tmp) / f"{cls.name}.db", **args), pages)
                         for cls, pages, args in groups]
            started = time.perf_counter()
            items = sum(h.process(page) for h, pages in harnesses for page in pages)
            for harness, _ in harnesses:
                harness.store.commit()
            best = min(best, time.perf_counter() - started)
            for harness, _ in harnesses:
                harness.close()
    return best, items


def report(label: str, groups, rounds: int) -> None:
    pages = [page for _, group, _ in groups for page in group]
    if not pages:
        print(f"{label:<34} no pages")
        return
    floor = lxml_parse_seconds(pages, rounds)
    total, items = pipeline_seconds(groups, rounds)
    megabytes = sum(len(page.body) for page in pages) / 1e6
    print(f"{label:<34} {len(pages):>5} {items:>5} {megabytes:>7.1f} {len(pages) / total:>9.1f}"
          f" {1000 * total / len(pages):>9.2f} {1000 * floor / len(pages):>9.2f} {total / floor:>7.1f}x")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=3, help="passes; the best is reported")
    parser.add_argument("--corpus-limit", type=int, default=200)
    args = parser.parse_args()
    install_reactor("twisted.internet.asyncioreactor.AsyncioSelectorReactor")
    print(f"{'pages':<34} {'pages':>5} {'items':>5} {'MB':>7} {'pages/s':>9} {'ms/page':>9}"
          f" {'lxml ms':>9} {'ratio':>8}")
    site_groups = [(cls, fixture_pages(site), {}) for site, cls in SITE_SPIDERS.items()]
    report("fixtures, site spiders", site_groups, args.rounds)
    site_pages = corpus_site_pages()
    if site_pages:
        by_spider = {cls: [page for c, page in site_pages if c is cls] for cls, _ in site_pages}
        report("shared corpus, site spiders", [(cls, pages, {}) for cls, pages in by_spider.items()],
               args.rounds)
    corpus = corpus_pages(args.corpus_limit)
    if corpus:
        report("shared corpus, generic spider", [(GenericSpider, corpus, {"urls": corpus[0].url})],
               args.rounds)
    else:
        print("shared corpus absent: ../shared/corpus not found")


if __name__ == "__main__":
    main()
