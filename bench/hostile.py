"""Page reading on hostile page shapes beside real pages: does a shape cost more than its size?

    python -m bench.hostile [--scale N] [--rounds N]

Each shape (made here: deep nesting, tens of thousands of siblings, links, <br>, <noscript>,
hidden blocks, headings, one huge text node...) is read by `read_page` (the generic spider's
CPU work on a page: decoding, parsing, block-page check, extraction) at a size and at twice
that size. Printed: milliseconds and milliseconds per MB at each size, and the growth of the
time when the size doubles: about 2 for a cost linear in the size, 4 for a quadratic one. The
first row is the same reading of the corpus article pages (../shared/corpus, when it is
beside the project), the per-MB cost of real pages. Deep shapes stay below libxml2's nesting
limit (2,047 with huge_tree): deeper markup is flattened, so doubling it would double nothing.
Times are CPU seconds of this process, best of --rounds.
"""
from __future__ import annotations

import argparse
import time
from collections.abc import Callable

from bench.pipeline import corpus_pages
from newscrawl.extraction.reading import read_page

SENTENCES = "这是一段用于测试的文字，包含标点符号。它还有第二句话！"
URL = "http://127.0.0.1/hostile.html"


def page(body: str, head: str = "") -> bytes:
    return f"<html><head><title>测试页面的标题文字</title>{head}</head><body>{body}</body></html>".encode()


# name -> a page of n units of the shape
SHAPES: dict[str, Callable[[int], bytes]] = {
    "nested 'top' divs, prose in each": lambda n: page(
        "".join(f'<div class="top"><p>{SENTENCES}</p>' for _ in range(n // 8)) + "</div>" * (n // 8)),
    "nested 'top' divs, prose at the bottom": lambda n: page(
        f"<p>{SENTENCES * 40}</p>" * 20 + '<div class="top">字' * (n // 8) + SENTENCES * 2 + "</div>" * (n // 8)),
    "nested plain divs, with prose": lambda n: page(
        "".join(f"<div><p>{SENTENCES}</p>" for _ in range(n // 8)) + "</div>" * (n // 8)),
    "nested tables": lambda n: page("<table><tr><td>" * (n // 32) + SENTENCES + "</td></tr></table>" * (n // 32)),
    "nested spans": lambda n: page("<div>" + "<span>字" * (n // 8) + "</span>" * (n // 8) + "</div>"),
    "sibling paragraphs": lambda n: page("<div>" + f"<p>{SENTENCES}</p>" * n + "</div>"),
    "sibling posts with times": lambda n: page(
        f'<div class="post"><p>{SENTENCES}{SENTENCES}</p><p>2022-07-28 10:00</p></div>' * n),
    "links": lambda n: page("<div>" + "<a href='/x'>链接文字</a>，" * n + "</div>"),
    "line breaks": lambda n: page("<div>" + "字<br>" * n + "</div>"),
    "headings": lambda n: page("<h1>测试页面的标题文字</h1>" + f"<p>{SENTENCES}</p>" + "<h2>测试页面的标题文字</h2>" * n),
    "hidden blocks": lambda n: page(f'<div style="display:none">{SENTENCES}</div>' * n + f"<p>{SENTENCES}</p>"),
    "noscript elements": lambda n: page("<noscript>字</noscript>" * (4 * n) + f"<p>{SENTENCES}</p>"),
    "meta tags": lambda n: page(f"<p>{SENTENCES}</p>", head="<meta name='x' content='y'>" * n),
    "images with captions": lambda n: page("<div>" + f"<p>{SENTENCES}<img src='/a.jpg'></p>" * n + "</div>"),
    "one text node": lambda n: page("<div>" + "字，" * (n * 10) + "</div>"),
}


def reading_seconds(pages: list[bytes], rounds: int) -> float:
    """CPU seconds read_page takes on `pages` (UTF-8), best of `rounds`."""
    best = float("inf")
    for _ in range(rounds):
        started = time.process_time()
        for body in pages:
            read_page(body, "utf-8", URL, True)
        best = min(best, time.process_time() - started)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=int, default=8000, help="units of each shape at the first size")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    print(f"{'shape':<38} {'MB':>6} {'ms':>8} {'ms/MB':>7}   {'2x MB':>6} {'2x ms':>8} {'ms/MB':>7} {'growth':>7}")
    corpus = corpus_pages(200)
    if corpus:
        seconds = reading_seconds([response.body for response in corpus], args.rounds)
        megabytes = sum(len(response.body) for response in corpus) / 1e6
        print(f"{f'corpus articles ({len(corpus)} pages)':<38} {megabytes:>6.2f} {1000 * seconds:>8.1f} "
              f"{1000 * seconds / megabytes:>7.1f}")
    else:
        print("corpus articles: ../shared/corpus absent")
    for name, make in SHAPES.items():
        sizes = [make(args.scale), make(2 * args.scale)]
        times = [reading_seconds([body], args.rounds) for body in sizes]
        row = "   ".join(f"{len(body) / 1e6:>6.2f} {1000 * seconds:>8.1f} {1000 * seconds / (len(body) / 1e6):>7.1f}"
                         for body, seconds in zip(sizes, times))
        print(f"{name:<38} {row} {times[1] / max(times[0], 1e-9):>7.1f}")


if __name__ == "__main__":
    main()
