"""Body and title quality of the layout spiders and the generic extraction, with and without
the boilerplate pipeline, beside trafilatura, GNE and readability-lxml.

    python -m bench.quality [--limit N] [--methods ours,gne,...] [--worst K] [--misses]

Parts: the pages are split by site into a development and a test part
(bench/quality_split.json, fixed by a hash of the site name); the report ends with each part's
figures. Rules are written from the development part; --worst and --misses list its pages only.

Pages: the ../shared/corpus pages that have ground truth (skipped when ../shared is absent)
and the project's own fixtures (fixtures/SITE/NAME.json + NAME.expected.json).

The Taiwan pages (taiwanese-news-parser, twnews) are labelled by title, date and body
snippets that must / must not appear; twnews gives a string the title must contain.

Methods: "site spider" is a layout spider's own path (parse_article, later pages of a
multi-page article followed, then the EncodingFix pipeline; "+bp" adds the Boilerplate
pipeline), on the pages of its sites only: the site fixtures and the corpus's people.com.cn
and chinanews.com pages. "ours" is the generic spider's density extraction on every page
("+boilerplate" with the boilerplate rules).

Body measure: bag-of-characters precision / recall / F1 -- the multiset of characters of the
extracted body against that of the ground truth, after NFKC normalisation and with all
whitespace removed (order-insensitive; an LCS is quadratic on 10,000-character bodies). A
method that returns nothing scores 0. Means are per page (macro). Title accuracy: equal after
whitespace normalisation; a ground-truth title that still carries the site suffix
(`标题_光明网`) is matched by the title alone. "no art": labelled article pages a method returned
nothing for (dropped as not an article). Removals: what the boilerplate rules took out of
"ours+boilerplate" bodies, by rule kind. Date accuracy: same calendar day. Snippets
(trafilatura's eval set, goose3's prefix): share of "must contain" found plus "must not
contain" absent. Times: wall time per page of each method (its own parsing included), and
lxml's bare parse of the same decoded text; methods run one after another in one process.
"""
from __future__ import annotations

import argparse
import csv
import hashlib
import json
import re
import sys
import time
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from statistics import mean
from typing import Callable

REPO = Path(__file__).resolve().parents[1]

from lxml import html as lxml_html

from newscrawl.encoding.charset import decide_charset
from newscrawl.extraction.boilerplate import strip_boilerplate
from newscrawl.extraction.density import extract_article

CORPUS = REPO.parent / "shared" / "corpus"
FIXTURES = REPO / "fixtures"
SPLIT = REPO / "bench" / "quality_split.json"
SECOND_LEVEL = frozenset({"com", "net", "org", "gov", "edu", "co", "ac"})
TITLE_SUFFIX = re.compile(r"^\s*(?:_|\||｜|--|——|-|－|–)")


@dataclass
class Page:
    source: str
    name: str
    url: str
    html: str
    body: str | None = None  # full ground-truth body
    title: str | None = None
    date: str | None = None  # YYYY-MM-DD
    must_contain: list[str] = field(default_factory=list)
    must_not_contain: list[str] = field(default_factory=list)
    is_article: bool = True
    host: str = ""  # the site's host where the page URL is not the site's (archives, placeholders)
    title_contains: bool = False  # the ground-truth title is a part the title must contain

    @property
    def site(self) -> str:
        return site_name(self.host or re.sub(r"^https?://([^/]+).*", r"\1", self.url))


@dataclass
class Result:
    title: str
    body: str
    date: str  # YYYY-MM-DD or ""
    seconds: float
    removed: Counter[str] = field(default_factory=Counter)  # boilerplate removals by kind


def site_name(host: str) -> str:
    """The label before the public suffix: www.news.cn -> news, udn.com -> udn,
    www.appledaily.com.tw -> appledaily."""
    labels = host.split()[0].lower().split(":")[0].split(".") if host.strip() else [""]
    return labels[-3] if len(labels) >= 3 and labels[-2] in SECOND_LEVEL else labels[-min(2, len(labels))]


def part_of(site: str, split: dict[str, list[str]]) -> str:
    """"test" or "dev": the split file's assignment, else its rule (a hash of the site name)."""
    for part in ("test", "dev"):
        if site in split.get(part, ()):
            return part
    return "test" if int(hashlib.sha1(site.encode()).hexdigest(), 16) % 3 == 0 else "dev"


# ---------------------------------------------------------------- pages


def decoded(raw: bytes, header_charset: str | None = None) -> str:
    return raw.decode(decide_charset(raw, header_charset).encoding, errors="replace")


def corpus_pages() -> list[Page]:
    if not CORPUS.is_dir():
        return []
    manifest = {row["local_path"]: row for row in csv.DictReader(
        (CORPUS / "MANIFEST.tsv").open(encoding="utf-8"), delimiter="\t")}
    pages: list[Page] = []

    def host_of(path: Path) -> str:
        return manifest.get(str(path.relative_to(CORPUS)), {}).get("site_domain", "")

    truth = json.loads((CORPUS / "magic-html/DERIVED_ground_truth_subset.json").read_text("utf-8"))
    for name, entry in truth.items():
        path = CORPUS / "magic-html/benchmark/data/article/htmls" / name
        pages.append(Page("magic-html", name[:12], entry["url"], decoded(path.read_bytes()),
                          body=entry["content"], host=host_of(path)))

    for text_path in sorted((CORPUS / "cx-extractor/Text").glob("*.txt"),
                            key=lambda p: int(p.stem)):
        path = CORPUS / "cx-extractor/RawHtml" / f"{text_path.stem}.html"
        pages.append(Page("cx-extractor(silver)", text_path.stem, "http://money.163.com/",
                          decoded(path.read_bytes()),
                          body=text_path.read_bytes().decode("gb18030", errors="replace"),
                          host=host_of(path)))

    n4k = CORPUS / "newspaper4k/tests/data"
    for path in sorted((n4k / "html").glob("*.html")):
        meta_path = n4k / "metadata" / f"{path.stem}.json"
        meta = json.loads(meta_path.read_text("utf-8")) if meta_path.exists() else {}
        pages.append(Page("newspaper4k", path.stem, meta.get("url", "http://www.bbc.co.uk/"),
                          decoded(path.read_bytes()),
                          body=(n4k / "txt" / f"{path.stem}.txt").read_text("utf-8"),
                          title=meta.get("title"),
                          date=(meta.get("publish_date") or "")[:10] or None))

    fundus_dir = CORPUS / "fundus/tests/resources/parser/test_data/cn"
    people = json.loads((fundus_dir / "People.json").read_text("utf-8"))["V1"]
    paragraphs = list(people["body"]["summary"])
    for section in people["body"]["sections"]:
        paragraphs += section["headline"] + section["paragraphs"]
    pages.append(Page("fundus", "People_2024_04_24",
                      "http://politics.people.com.cn/n1/2024/0424/c1001-40223222.html",
                      decoded((fundus_dir / "People_2024_04_24.html").read_bytes()),
                      body="\n".join(paragraphs), title=people["title"],
                      date=people["publishing_date"][:10]))

    evaldata = json.loads((CORPUS / "trafilatura/DERIVED_evaldata_subset.json").read_text("utf-8"))
    for name, entry in evaldata.items():
        path = CORPUS / "trafilatura/tests/eval" / name
        pages.append(Page("trafilatura", name[:24], entry["url"], decoded(path.read_bytes()),
                          title=entry["title"], date=entry["date"] or None,
                          must_contain=entry["with"], must_not_contain=entry["without"],
                          host=host_of(path)))

    goose = json.loads((CORPUS / "goose3/tests/data/content/test_bbc_chinese.json").read_text("utf-8"))
    pages.append(Page("goose3", "bbc_chinese", goose["url"],
                      decoded((CORPUS / "goose3/tests/data/content/test_bbc_chinese.html").read_bytes()),
                      must_contain=[goose["expected"]["cleaned_text"]]))

    for meta_path in sorted((CORPUS / "readability/test/test-pages").glob("*/expected-metadata.json")):
        meta = json.loads(meta_path.read_text("utf-8"))
        local = f"readability/test/test-pages/{meta_path.parent.name}/source.html"
        domain = manifest.get(local, {}).get("site_domain", "example.com")
        pages.append(Page("readability", meta_path.parent.name, f"http://{domain}/",
                          decoded((meta_path.parent / "source.html").read_bytes()),
                          title=meta["title"]))

    dates = json.loads((CORPUS / "htmldate/DERIVED_dates_subset.json").read_text("utf-8"))
    for name, entry in dates.items():
        local = next(path for path in manifest if path.startswith("htmldate/") and path.endswith(name))
        pages.append(Page("htmldate", name[:24], entry["url"],
                          decoded((CORPUS / local).read_bytes()), date=entry["date"]))

    taiwan = json.loads((CORPUS / "taiwanese-news-parser/DERIVED_ground_truth.json").read_text("utf-8"))
    for local, entry in taiwan["pages"].items():
        path = CORPUS / "taiwanese-news-parser" / local
        pages.append(Page("taiwanese-news-parser", path.stem, entry["url"], decoded(path.read_bytes()),
                          title=entry["title"], date=(entry.get("published_at") or "")[:10] or None,
                          must_contain=entry["content_includes"],
                          must_not_contain=entry["content_excludes"], host=host_of(path)))

    twnews = json.loads((CORPUS / "twnews/DERIVED_ground_truth.json").read_text("utf-8"))
    for local, entry in twnews["pages"].items():
        path = CORPUS / "twnews" / local
        pages.append(Page("twnews", path.stem, f"http://{host_of(path)}/", decoded(path.read_bytes()),
                          title=entry["title_contains"], title_contains=True,
                          date=(entry.get("published_at") or "")[:10] or None,
                          must_contain=entry["content_includes"]))

    for path in sorted((CORPUS / "gerapy/samples/list").glob("*.html")):
        pages.append(Page("gerapy(list pages)", path.stem, "http://news.163.com/",
                          decoded(path.read_bytes()), is_article=False, host=host_of(path)))
    return pages


def fixture_pages() -> list[Page]:
    pages: list[Page] = []
    for expected_path in sorted(FIXTURES.glob("*/*.expected.json")):
        stem = expected_path.name.removesuffix(".expected.json")
        meta_path = expected_path.with_name(f"{stem}.json")
        if not meta_path.exists():
            continue
        meta = json.loads(meta_path.read_text("utf-8"))
        expected = json.loads(expected_path.read_text("utf-8"))
        headers = {key.lower(): value for key, value in (meta.get("headers") or {}).items()}
        content_type = headers.get("content-type", "")
        content_type = content_type[0] if isinstance(content_type, list) else content_type
        match = re.search(r"charset=([\w-]+)", content_type, re.I)
        raw = (meta_path.parent / meta["body"]).read_bytes()
        pages.append(Page(f"fixtures/{expected_path.parent.name}", stem, meta["url"],
                          decoded(raw, match.group(1) if match else None),
                          body=expected.get("body") or None, title=expected.get("title") or None,
                          date=(expected.get("published_at") or "")[:10] or None))
    return pages


# ---------------------------------------------------------------- methods


def run_ours(page: Page, boilerplate: bool = False) -> tuple[str, str, str] | tuple[str, str, str, Counter]:
    """The generic extraction; with `boilerplate`, its paragraphs through the boilerplate rules
    (and what they removed, by kind)."""
    article = extract_article(page.html, page.url)
    if article is None:
        return "", "", ""
    paragraphs = article.paragraphs
    if not boilerplate:
        return article.title, "\n".join(paragraphs), day(article.published_at)
    stripped = strip_boilerplate(paragraphs, article.title)
    return article.title, "\n".join(stripped.paragraphs), day(article.published_at), stripped.removed


def day(published_at) -> str:
    """YYYY-MM-DD of a publication time, "" for none."""
    return published_at.date().isoformat() if published_at else ""


class SiteSpiders:
    """The layout spiders' own path for pages of their sites: the spider's parse_article on
    the page (later pages of a multi-page article followed from the fixtures), then the
    EncodingFix pipeline, and with `boilerplate` the Boilerplate pipeline too. Pages of
    other sites get None (the method does not apply)."""

    def __init__(self, boilerplate: bool):
        from scrapy.utils.test import get_crawler

        from newscrawl.downloadermiddlewares.charset import CharsetMiddleware
        from newscrawl.pipelines.boilerplate import BoilerplatePipeline
        from newscrawl.pipelines.encoding import EncodingFixPipeline
        from newscrawl.replay import fixture_index
        from newscrawl.spiders.chinanews import ChinanewsSpider
        from newscrawl.spiders.cms import SlrbsSpider
        from newscrawl.spiders.people import PeopleSpider

        from scrapy.utils.project import get_project_settings

        # The spiders' own bound on article pages and the title cap; no extensions (no run lock,
        # no database).
        project = get_project_settings()
        settings = {name: project.getint(name) for name in ("MAX_ARTICLE_PAGES", "TITLE_MAX_CHARS")}
        self.spiders = {}
        for spidercls in (PeopleSpider, ChinanewsSpider, SlrbsSpider):
            crawler = get_crawler(spidercls, settings)
            self.spiders[spidercls.name] = crawler._create_spider()
            crawler.spider = self.spiders[spidercls.name]
        self.charset = CharsetMiddleware.from_crawler(crawler)
        self.pipelines = [EncodingFixPipeline.from_crawler(crawler)]
        if boilerplate:
            self.pipelines.append(BoilerplatePipeline.from_crawler(crawler))
        self.saved = fixture_index(FIXTURES)

    def spider_for(self, page: Page):
        name = page.source.removeprefix("fixtures/")
        if name in self.spiders:
            return self.spiders[name]
        host = re.sub(r"^https?://([^/]+).*", r"\1", page.url)
        return next((spider for spider in self.spiders.values()
                     if any(host == d or host.endswith("." + d) for d in spider.allowed_domains)), None)

    def response(self, url: str, html: str | None = None):
        from scrapy.http import HtmlResponse, Request

        from newscrawl.replay import load_fixture

        if url in self.saved:  # the exact bytes and headers, decoded as a crawl decodes them
            raw = load_fixture(self.saved[url]).replace(request=Request(url))
            return self.charset.process_response(raw.request, raw)
        return HtmlResponse(url, body=(html or "").encode("utf-8"), encoding="utf-8", request=Request(url))

    def __call__(self, page: Page) -> tuple[str, str, str] | None:
        from scrapy import Request

        spider = self.spider_for(page)
        if spider is None:
            return None
        pending = list(spider.parse_article(self.response(page.url, page.html)))
        while pending:
            output = pending.pop()
            if isinstance(output, Request):
                pending.extend(output.callback(self.response(output.url), **output.cb_kwargs))
                continue
            for pipeline in self.pipelines:
                output = pipeline.process_item(output)
            return output.title, output.body, day(output.published_at)
        return "", "", ""


def run_trafilatura(page: Page) -> tuple[str, str, str]:
    import trafilatura

    output = trafilatura.extract(page.html, url=page.url, output_format="json", with_metadata=True)
    if not output:
        return "", "", ""
    data = json.loads(output)
    return data.get("title") or "", data.get("text") or "", (data.get("date") or "")[:10]


def run_gne(page: Page) -> tuple[str, str, str]:
    from gne import GeneralNewsExtractor

    data = GeneralNewsExtractor().extract(page.html)
    return data.get("title") or "", data.get("content") or "", (data.get("publish_time") or "")[:10]


def run_readability(page: Page) -> tuple[str, str, str]:
    from readability import Document

    document = Document(page.html)
    summary = lxml_html.fromstring(document.summary(html_partial=True))
    return document.short_title(), summary.text_content(), ""


UTF8_PARSER = lxml_html.HTMLParser(encoding="utf-8", huge_tree=True)  # as newscrawl parses


def run_lxml_parse(page: Page) -> tuple[str, str, str]:
    lxml_html.document_fromstring(page.html.encode("utf-8", "replace"), parser=UTF8_PARSER)
    return "", "", ""


# ---------------------------------------------------------------- measures


def characters(text: str) -> Counter[str]:
    return Counter("".join(unicodedata.normalize("NFKC", text).split()))


def body_scores(extracted: str, truth: str) -> tuple[float, float, float]:
    got, want = characters(extracted), characters(truth)
    overlap = sum((got & want).values())
    if not overlap:
        return 0.0, 0.0, 0.0
    precision, recall = overlap / sum(got.values()), overlap / sum(want.values())
    return precision, recall, 2 * precision * recall / (precision + recall)


def title_matches(extracted: str, page: Page) -> bool:
    got, want = " ".join(extracted.split()), " ".join(page.title.split())
    if page.title_contains:
        return bool(got) and want in got
    return bool(got) and (got == want or (want.startswith(got) and bool(TITLE_SUFFIX.match(want[len(got):]))))


def snippet_score(body: str, page: Page) -> tuple[int, int]:
    text = "".join(unicodedata.normalize("NFKC", body).split())
    hits = sum("".join(unicodedata.normalize("NFKC", s).split()) in text for s in page.must_contain)
    hits += sum("".join(unicodedata.normalize("NFKC", s).split()) not in text for s in page.must_not_contain)
    return hits, len(page.must_contain) + len(page.must_not_contain)


def timed(method: Callable[[Page], tuple | None], page: Page) -> Result | None:
    """The method's result on `page`, timed; None when the method does not apply to it."""
    started = time.perf_counter()
    try:
        output = method(page)
    except Exception as error:  # a library crashing on a page scores 0 on it, visibly
        print(f"  ! {page.source}/{page.name}: {type(error).__name__}: {error}", file=sys.stderr)
        output = "", "", ""
    if output is None:
        return None
    seconds = time.perf_counter() - started
    return Result(*output[:3], seconds, *output[3:])


# ---------------------------------------------------------------- report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--limit", type=int, default=0, help="at most N pages per source")
    parser.add_argument("--methods", default="", help="comma-separated subset of method names")
    parser.add_argument("--worst", type=int, default=0,
                        help="list our K lowest-F1 pages of the development part")
    parser.add_argument("--misses", action="store_true",
                        help="list the development part's title, snippet and not-an-article misses")
    args = parser.parse_args()

    pages = corpus_pages() + fixture_pages()
    if not CORPUS.is_dir():
        print(f"note: {CORPUS} absent, corpus pages skipped")
    if args.limit:
        kept: Counter[str] = Counter()
        pages = [p for p in pages if (kept.update([p.source]) or kept[p.source] <= args.limit)]

    site_spiders = SiteSpiders(boilerplate=False)
    methods: dict[str, Callable[[Page], tuple[str, str, str] | None]] = {
        "lxml parse": run_lxml_parse,
        "site spider": site_spiders,
        "site spider+bp": SiteSpiders(boilerplate=True),
        "ours": run_ours,
        "ours+boilerplate": partial(run_ours, boilerplate=True),
        "trafilatura": run_trafilatura,
        "gne": run_gne,
        "readability": run_readability,
    }
    if args.methods:
        wanted = set(args.methods.split(",")) | {"lxml parse"}
        methods = {name: run for name, run in methods.items() if name in wanted}

    results: dict[str, list[Result | None]] = {}
    for name, method in methods.items():
        results[name] = [timed(method, page) for page in pages]
    site_pages = [i for i, page in enumerate(pages) if site_spiders.spider_for(page)]

    sources = list(dict.fromkeys(page.source for page in pages))
    body_sources = [s for s in sources if any(p.body for p in pages if p.source == s)]
    groups = [(s, [i for i, p in enumerate(pages) if p.source == s]) for s in sources]
    in_corpus = [not p.source.startswith("fixtures/") for p in pages]
    groups.append(("CORPUS pages with body truth",
                   [i for i, p in enumerate(pages) if p.body and in_corpus[i]]))
    groups.append(("CORPUS gold (without silver)", [i for i, p in enumerate(pages)
                                                    if p.body and in_corpus[i] and "silver" not in p.source]))
    groups.append(("FIXTURES with body truth",
                   [i for i, p in enumerate(pages) if p.body and not in_corpus[i]]))
    groups.append(("SITE FIXTURES (layout spiders)",
                   [i for i in site_pages if pages[i].body and not in_corpus[i]]))
    groups.append(("CORPUS site pages with truth", [i for i in site_pages if pages[i].body and in_corpus[i]]))
    parse_times = [r.seconds for r in results["lxml parse"]]

    print(f"{'source':28} {'method':17} {'n':>4} {'P':>6} {'R':>6} {'F1':>6}  "
          f"{'title':>7} {'date':>7} {'snip':>7} {'art':>5} {'ms/page':>8} {'x parse':>7}")
    for source, indexes in groups:
        if not indexes:
            continue
        for name in methods:
            if name == "lxml parse":
                continue
            line = f"{source[:28]:28} {name:17} {len(indexes):4}"
            rs = [results[name][i] for i in indexes]
            if any(r is None for r in rs):
                continue  # the method does not apply to (all) these pages
            with_body = [i for i in indexes if pages[i].body]
            if with_body:
                scores = [body_scores(results[name][i].body, pages[i].body) for i in with_body]
                line += "".join(f" {mean(s[k] for s in scores):6.3f}" for k in range(3))
            else:
                line += f" {'':6} {'':6} {'':6}"
            line += "  " + ratio([title_matches(results[name][i].title, pages[i])
                                  for i in indexes if pages[i].title])
            line += " " + ratio([results[name][i].date == pages[i].date
                                 for i in indexes if pages[i].date])
            snippets = [snippet_score(results[name][i].body, pages[i])
                        for i in indexes if pages[i].must_contain or pages[i].must_not_contain]
            line += " " + (f"{sum(h for h, _ in snippets):>3}/{sum(t for _, t in snippets):<3}"
                           if snippets else f"{'':7}")
            articles = [bool(results[name][i].body.strip()) for i in indexes if not pages[i].is_article]
            line += f" {sum(articles):>2}/{len(articles):<2}" if articles else f" {'':5}"
            seconds = mean(r.seconds for r in rs)
            line += f" {1000 * seconds:8.1f} {seconds / mean(parse_times[i] for i in indexes):7.1f}"
            print(line)
        print(f"{source[:28]:28} {'lxml parse':17} {len(indexes):4} {'':36} "
              f"{1000 * mean(parse_times[i] for i in indexes):8.1f} {1.0:7.1f}")
        print()
    print("title/date/snip: correct/total where truth exists; art: list pages returned as articles")
    print(f"sources with body truth: {', '.join(body_sources)}")

    split = json.loads(SPLIT.read_text("utf-8"))
    parts = {part: [i for i, p in enumerate(pages) if part_of(p.site, split) == part] for part in ("dev", "test")}
    print_parts(pages, results, parts)

    ours = "ours+boilerplate" if "ours+boilerplate" in results else "ours"
    dev = parts["dev"]
    if args.worst and ours in results:
        scored = sorted(((body_scores(results[ours][i].body, pages[i].body), i) for i in dev if pages[i].body),
                        key=lambda scored_page: scored_page[0][2])
        for (precision, recall, f1), i in scored[: args.worst]:
            print(f"F1 {f1:.3f} P {precision:.3f} R {recall:.3f}  {pages[i].source}/{pages[i].name}  {pages[i].url}")
    if args.misses and ours in results:
        for i in dev:
            page, result = pages[i], results[ours][i]
            if page.is_article and not result.body.strip():
                print(f"no article  {page.source}/{page.name}")
            if page.title and not title_matches(result.title, page):
                print(f"title  {page.source}/{page.name}: {result.title!r} want {page.title!r}")
            hits, total = snippet_score(result.body, page)
            if hits < total:
                print(f"snippets {hits}/{total}  {page.source}/{page.name}")


def print_parts(pages: list[Page], results: dict[str, list[Result | None]], parts: dict[str, list[int]]) -> None:
    """Each part's figures per method: body P/R/F1 on pages with a full ground-truth body,
    title, date and snippet accuracy, labelled article pages returned as no article."""
    print(f"{'part':5} {'sites':>5} {'method':17} {'pages':>5} {'bodies':>6} {'P':>6} {'R':>6} {'F1':>6}  "
          f"{'title':>7} {'date':>7} {'snip':>9} {'no art':>7} {'lists':>5}")
    for part, indexes in parts.items():
        sites = len({pages[i].site for i in indexes})
        for name, rows in results.items():
            if name == "lxml parse" or any(rows[i] is None for i in indexes):
                continue
            with_body = [i for i in indexes if pages[i].body]
            scores = [body_scores(rows[i].body, pages[i].body) for i in with_body]
            line = f"{part:5} {sites:5} {name:17} {len(indexes):5} {len(with_body):6}"
            line += "".join(f" {mean(s[k] for s in scores):6.3f}" for k in range(3))
            line += "  " + ratio([title_matches(rows[i].title, pages[i]) for i in indexes if pages[i].title])
            line += " " + ratio([rows[i].date == pages[i].date for i in indexes if pages[i].date])
            snippets = [snippet_score(rows[i].body, pages[i]) for i in indexes]
            line += f" {sum(h for h, _ in snippets):>4}/{sum(t for _, t in snippets):<4}"
            articles = [i for i in indexes if pages[i].is_article]
            line += f" {sum(not rows[i].body.strip() for i in articles):>3}/{len(articles):<3}"
            lists = [i for i in indexes if not pages[i].is_article]
            line += f" {sum(bool(rows[i].body.strip()) for i in lists):>2}/{len(lists):<2}"
            print(line)
        removed = sum((rows[i].removed for rows in results.values() for i in indexes
                       if rows[i] is not None and rows[i].removed), Counter())
        print(f"{part:5} removals (ours+boilerplate): "
              + ", ".join(f"{kind} {count}" for kind, count in removed.most_common()))
        print()
    print("no art: labelled article pages returned as no article; lists: list pages returned as articles; "
          "snip: snippets found/absent as labelled")


def ratio(flags: list[bool]) -> str:
    return f"{sum(flags):>3}/{len(flags):<3}" if flags else f"{'':7}"


if __name__ == "__main__":
    main()
