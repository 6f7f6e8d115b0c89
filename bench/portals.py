"""Per-portal quality of the portal layout spiders on the real pages of their sites in
../shared/corpus, beside the generic extraction, trafilatura, readability and GNE.

    python bench/portals.py [--sites tencent,thepaper,...]

Pages and truth: bench/portal_truth/SITE.json lists every corpus page of a portal with its
URL on the site, the template it is in, its title, the first and last words of the story
and a few snippets of the boilerplate around it that must not be extracted. The body truth
is the corpus's own where it has one (magic-html's main text); for the other pages it is
the page's visible text from the story's first words to its last (white space ignored, as
the measure ignores it).

Methods: "layout" is the site spider's own path (bench/quality.py SiteSpiders: parse_article,
then the EncodingFix pipeline), "layout+bp" adds the Boilerplate pipeline; "generic" and
"generic+bp" are the generic spider's density extraction. Columns: body P/R/F1 as in
bench/quality.py (bag of characters), title exact, snippets (first and last words present,
boilerplate absent), and for the layout rows the pages the spider had to extract generically
(fallbacks; the target is 0). Characters lost before a page was saved (U+FFFD) are not scored.
"""
from __future__ import annotations

import argparse
import json
import re
import sys
from functools import partial
from pathlib import Path
from statistics import mean

from lxml import html as lxml_html

sys.path.insert(0, str(Path(__file__).resolve().parent))

import quality  # noqa: E402
from quality import CORPUS, REPO, Page, body_scores, decoded, title_matches  # noqa: E402

TRUTH = REPO / "bench" / "portal_truth"
NOT_TEXT = ("script", "style", "noscript", "template")
# Characters lost before the page was saved: U+FFFD in the page, 〓 where the encoding fix marks
# it. Not scored: no method can recover them.
LOST = str.maketrans("", "", "\ufffd〓")


def page_text(html: str) -> str:
    """The visible text of a page with all white space removed."""
    root = lxml_html.document_fromstring(html)
    for element in root.iter(*NOT_TEXT):
        element.text = ""
    return re.sub(r"\s+", "", root.text_content())


def story_span(html: str, first: str, last: str) -> str:
    """The page's text from the story's first words through its last ("" when not found)."""
    text = page_text(html)
    first, last = re.sub(r"\s+", "", first), re.sub(r"\s+", "", last)
    start = text.find(first)
    end = text.find(last, start)
    return text[start:end + len(last)] if start >= 0 and end >= 0 else ""


def truth_pages(site: str) -> list[Page]:
    magic_html = json.loads((CORPUS / "magic-html/DERIVED_ground_truth_subset.json").read_text("utf-8"))
    pages = []
    for entry in json.loads((TRUTH / f"{site}.json").read_text("utf-8"))["pages"]:
        html = decoded((CORPUS / entry["page"]).read_bytes())
        if entry.get("body_truth") == "magic-html":
            body = magic_html[entry["page"].rsplit("/", 1)[-1]]["content"]
        else:
            body = story_span(html, entry["first"], entry["last"])
            if not body:
                raise SystemExit(f"{site}: first/last words not found in {entry['page']}")
        pages.append(Page(site, entry["page"], entry["url"], html, body=body, title=entry["title"],
                          must_contain=[entry["first"], entry["last"]],
                          must_not_contain=entry["without"]))
    return pages


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sites", default="", help="comma-separated portal names (default: all)")
    args = parser.parse_args()
    if not CORPUS.is_dir():
        print(f"{CORPUS} absent: nothing to measure")
        return
    sites = args.sites.split(",") if args.sites else sorted(p.stem for p in TRUTH.glob("*.json"))

    from scrapy.spiderloader import SpiderLoader
    from scrapy.utils.project import get_project_settings

    loader = SpiderLoader.from_settings(get_project_settings())
    print(f"{'portal':10} {'method':12} {'n':>3} {'P':>6} {'R':>6} {'F1':>6} {'minF1':>6} "
          f"{'title':>6} {'snip':>7} {'fallbk':>6}")
    for site in sites:
        pages = truth_pages(site)
        spidercls = loader.load(site)
        layout = quality.SiteSpiders(boilerplate=False, spider_classes=(spidercls,))
        layout_bp = quality.SiteSpiders(boilerplate=True, spider_classes=(spidercls,))
        methods = {
            "layout": layout, "layout+bp": layout_bp,
            "generic": quality.run_ours, "generic+bp": partial(quality.run_ours, boilerplate=True),
            "trafilatura": quality.run_trafilatura, "readability": quality.run_readability,
            "gne": quality.run_gne,
        }
        for name, method in methods.items():
            results = [quality.timed(method, page) for page in pages]
            scores = [body_scores(result.body.translate(LOST), page.body.translate(LOST))
                      for result, page in zip(results, pages)]
            titles = sum(title_matches(result.title, page.title) for result, page in zip(results, pages))
            found = [quality.snippet_score(result.body, page) for result, page in zip(results, pages)]
            line = (f"{site:10} {name:12} {len(pages):3}"
                    + "".join(f" {mean(s[k] for s in scores):6.3f}" for k in range(3))
                    + f" {min(s[2] for s in scores):6.3f} {titles:>3}/{len(pages):<2}"
                    + f" {sum(h for h, _ in found):>3}/{sum(t for _, t in found):<3}")
            if isinstance(method, quality.SiteSpiders):
                stats = method.spiders[site].crawler.stats
                line += f" {stats.get_value('newscrawl/extractor/fallback', 0):6}"
            print(line)
        print()


if __name__ == "__main__":
    main()
