"""Per-portal quality of the layout spiders on the real pages of their portals in
../shared/corpus, beside the generic extraction, trafilatura, readability-lxml and GNE.

    python -m bench.portals [--sites xinhua,sina,...] [--methods layout,generic,...]

Pages and truth: bench/portal_truth.json lists, per spider, every real page of its portal
in the corpus with its title, the first and the last sentence of its story and a few
snippets of the boilerplate around it that must not be extracted. The body truth is the
corpus's own where it has one (magic-html's ground truth, newspaper4k's text files); for
the other pages it is the page's text from the first sentence through the last, with the
must-not snippets cut out (the story as a reader sees it, between its first and last
sentence). Body measure, title match and the rest as in bench/quality.py (bag of
characters after NFKC, whitespace removed).

"layout" is the site spider's own path: its parse_article on the page (a later page of a
multi-page story, never saved in the corpus, is answered 404 so the story is cut there),
then the EncodingFix and Boilerplate pipelines, as in a crawl. "fallbacks" counts the pages
the spider handed to the generic extraction. "generic" is the generic spider's path: the
density extraction and the boilerplate rules.
"""
from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass
from pathlib import Path
from statistics import mean

REPO = Path(__file__).resolve().parents[1]

from lxml import html as lxml_html

from bench.quality import (CORPUS, Page, body_scores, decoded, run_gne, run_ours,
                     run_readability, run_trafilatura, title_matches)

TRUTH = Path(__file__).resolve().with_name("portal_truth.json")


@dataclass
class PortalPage:
    site: str
    path: Path
    url: str
    title: str
    first: str  # the story's first sentence
    last: str  # the story's last sentence
    without: list[str]  # boilerplate around the story that must not be extracted

    @property
    def raw(self) -> bytes:
        return self.path.read_bytes()


def portal_pages(sites: list[str] | None = None) -> list[PortalPage]:
    """The truth file's pages of `sites` (all when None); [] when the corpus is absent."""
    if not CORPUS.is_dir():
        return []
    truth = json.loads(TRUTH.read_text(encoding="utf-8"))
    return [PortalPage(site, CORPUS / entry["path"], entry["url"], entry["title"], entry["first"],
                       entry["last"], entry["without"])
            for site, entries in truth.items() if sites is None or site in sites
            for entry in entries]


class SpiderPath:
    """A site spider's parse_article and the EncodingFix + Boilerplate pipelines, run on saved
    bytes without a crawl (the charset middleware decodes them as in a crawl)."""

    def __init__(self):
        from scrapy.spiderloader import SpiderLoader
        from scrapy.utils.project import get_project_settings

        self.settings = get_project_settings()
        self.loader = SpiderLoader.from_settings(self.settings)
        self.spiders: dict = {}

    def _parts(self, site: str):
        from scrapy.utils.test import get_crawler

        from newscrawl.downloadermiddlewares.charset import CharsetMiddleware
        from newscrawl.pipelines.boilerplate import BoilerplatePipeline
        from newscrawl.pipelines.encoding import EncodingFixPipeline

        if site not in self.spiders:
            crawler = get_crawler(self.loader.load(site), {
                name: self.settings.getint(name) for name in ("MAX_ARTICLE_PAGES", "TITLE_MAX_CHARS")})
            spider = crawler._create_spider()
            crawler.spider = spider
            self.spiders[site] = (spider, CharsetMiddleware.from_crawler(crawler),
                                  [EncodingFixPipeline.from_crawler(crawler),
                                   BoilerplatePipeline.from_crawler(crawler)])
        return self.spiders[site]

    def article(self, site: str, url: str, raw: bytes):
        """The stored item the spider gives for the page, or None (not an article)."""
        from scrapy import Request
        from scrapy.http import HtmlResponse

        spider, charset, pipelines = self._parts(site)
        response = HtmlResponse(url, body=raw, headers={"Content-Type": "text/html"},
                                request=Request(url))
        pending = list(spider.parse_article(charset.process_response(response.request, response)))
        while pending:
            output = pending.pop()
            if isinstance(output, Request):  # a later page: not in the corpus
                missing = HtmlResponse(output.url, status=404, body=b"", request=output)
                pending.extend(output.callback(missing, **output.cb_kwargs))
                continue
            for pipeline in pipelines:
                output = pipeline.process_item(output)
            return output
        return None


def page_text(html: str) -> str:
    """The visible text of a page, whitespace removed (scripts, styles and comments dropped)."""
    root = lxml_html.document_fromstring(html)
    for element in root.xpath("//script|//style|//noscript|//comment()"):
        if element.getparent() is not None:  # a comment before <html> has none
            element.drop_tree()
    return "".join(root.text_content().split())


def body_truth(page: PortalPage, html: str) -> str:
    """The corpus's ground truth of the page, else the reader's span from its first
    sentence through its last, without the must-not snippets."""
    relative = page.path.relative_to(CORPUS).as_posix()
    if relative.startswith("magic-html/"):
        truth = json.loads((CORPUS / "magic-html/DERIVED_ground_truth_subset.json").read_text("utf-8"))
        if page.path.name in truth:
            return truth[page.path.name]["content"]
    if relative.startswith("newspaper4k/tests/data/html/"):
        text = CORPUS / "newspaper4k/tests/data/txt" / f"{page.path.stem}.txt"
        if text.exists():
            return text.read_text("utf-8")
    text = page_text(html)
    first, last = ("".join(s.split()) for s in (page.first, page.last))
    start = text.find(first)
    end = text.find(last, max(start, 0))
    if start < 0 or end < 0:
        raise ValueError(f"{relative}: first or last sentence not found in the page text")
    span = text[start:end + len(last)]
    for snippet in page.without:
        span = span.replace("".join(snippet.split()), "")
    return span


def squeezed(text: str) -> str:
    return "".join(text.split())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sites", default="", help="comma-separated spider names (default: all)")
    parser.add_argument("--methods", default="layout,generic,trafilatura,readability,gne")
    parser.add_argument("--pages", action="store_true", help="also print each page's layout F1")
    args = parser.parse_args()
    pages = portal_pages(args.sites.split(",") if args.sites else None)
    if not pages:
        print(f"note: {CORPUS} absent or no pages for {args.sites!r}")
        return
    spider_path = SpiderPath()
    methods = args.methods.split(",")

    print(f"{'site':8} {'method':12} {'n':>3} {'P':>6} {'R':>6} {'F1':>6} {'minF1':>6} "
          f"{'title':>6} {'first':>6} {'last':>6} {'clean':>6} {'fallbk':>6}")
    for site in dict.fromkeys(page.site for page in pages):
        group = [page for page in pages if page.site == site]
        for method in methods:
            scores, titles, firsts, lasts, cleans, fallbacks = [], [], [], [], [], 0
            for page in group:
                html = decoded(page.raw)
                plain = Page(site, page.path.name, page.url, html)
                if method == "layout":
                    item = spider_path.article(site, page.url, page.raw)
                    title, body = (item.title, item.body) if item else ("", "")
                    fallbacks += bool(item) and item.extractor != "layout"
                    titles.append(" ".join(title.split()) == " ".join(page.title.split()))
                else:
                    run = {"generic": lambda p: run_ours(p, boilerplate=True),
                           "trafilatura": run_trafilatura, "readability": run_readability,
                           "gne": run_gne}[method]
                    try:
                        title, body = run(plain)[:2]
                    except Exception as error:  # a library crashing on a page scores 0 on it
                        print(f"  ! {method} {page.path.name}: {type(error).__name__}", file=sys.stderr)
                        title, body = "", ""
                    titles.append(title_matches(title, Page(site, page.path.name, page.url, html,
                                                            title=page.title)))
                scores.append(body_scores(body, body_truth(page, html)))
                if args.pages and method == "layout":
                    print(f"  {scores[-1][2]:.3f} P {scores[-1][0]:.3f} R {scores[-1][1]:.3f} "
                          f"{page.path.relative_to(CORPUS)}")
                text = squeezed(body)
                firsts.append(text.startswith(squeezed(page.first)))
                lasts.append(text.endswith(squeezed(page.last)))
                cleans.append(not any(squeezed(s) in text for s in page.without))
            n = len(group)
            print(f"{site:8} {method:12} {n:3}"
                  + "".join(f" {mean(s[k] for s in scores):6.3f}" for k in range(3))
                  + f" {min(s[2] for s in scores):6.3f}"
                  + "".join(f" {sum(flags):>2}/{n:<3}" for flags in (titles, firsts, lasts, cleans))
                  + (f" {fallbacks:>6}" if method == "layout" else ""))
        print()
    print("title: exact for layout, suffix-tolerant for the others; first/last: the body starts/ends "
          "with the story's first/last sentence; clean: none of the boilerplate snippets in the body")


if __name__ == "__main__":
    main()
