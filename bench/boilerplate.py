"""What the text-level boilerplate rules remove from real pages, and what that costs.

    python -m bench.boilerplate

Every article page of ../shared/corpus (skipped when absent) and of fixtures/ goes through
the generic extraction (newscrawl.extraction.density), then strip_boilerplate. Reports, per rule
kind, the pages it fired on and the paragraphs it removed; the characters removed in all;
the fields filled (source, editors, authors, dateline); and the time of stripping beside
the time of extraction, measured in the same run on the same pages (the one-time cost of
building the script-folding table is reported apart).
"""
from __future__ import annotations

import time
import argparse
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

from bench.quality import corpus_pages, fixture_pages

from newscrawl.extraction.boilerplate import strip_boilerplate
from newscrawl.extraction.density import extract_article
from newscrawl.chars import matching_form


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=0, help="pages at most (0: all)")
    pages = [page for page in corpus_pages() + fixture_pages()
             if page.is_article][:parser.parse_args().limit or None]
    started = time.perf_counter()
    matching_form("")  # builds the script-folding table, once per process
    table_seconds = time.perf_counter() - started
    removed: Counter[str] = Counter()
    pages_by_kind: Counter[str] = Counter()
    filled: Counter[str] = Counter()
    chars_in = chars_out = paragraphs_in = paragraphs_out = 0
    extract_seconds = strip_seconds = 0.0
    extracted_pages = 0
    for page in pages:
        started = time.perf_counter()
        article = extract_article(page.html, page.url)
        extract_seconds += time.perf_counter() - started
        if article is None:
            continue
        extracted_pages += 1
        started = time.perf_counter()
        body = strip_boilerplate(article.paragraphs, article.title)
        strip_seconds += time.perf_counter() - started
        removed.update(body.removed)
        pages_by_kind.update(body.removed.keys())
        chars_in += sum(map(len, article.paragraphs))
        chars_out += sum(map(len, body.paragraphs))
        paragraphs_in += len(article.paragraphs)
        paragraphs_out += len(body.paragraphs)
        filled.update(name for name in ("source", "editors", "authors", "dateline") if getattr(body, name))

    print(f"pages: {len(pages)} article pages, {extracted_pages} extracted")
    print(f"{'kind':14} {'pages':>6} {'removed':>8}")
    for kind, count in removed.most_common():
        print(f"{kind:14} {pages_by_kind[kind]:6} {count:8}")
    print(f"paragraphs: {paragraphs_in} extracted, {paragraphs_out} kept "
          f"({paragraphs_in - paragraphs_out} removed)")
    print(f"characters: {chars_in} extracted, {chars_out} kept "
          f"({(chars_in - chars_out) / max(chars_in, 1):.1%} removed)")
    print("fields filled from the body: " + ", ".join(f"{name} {filled[name]}" for name in
                                                        ("source", "editors", "authors", "dateline")))
    per_page = 1000 / max(extracted_pages, 1)
    print(f"one-time folding table: {table_seconds * 1000:.0f} ms")
    print(f"time per page: extraction {extract_seconds * per_page:.2f} ms, stripping "
          f"{strip_seconds * per_page:.2f} ms ({strip_seconds / max(extract_seconds, 1e-9):.1%} of extraction)")


if __name__ == "__main__":
    main()
