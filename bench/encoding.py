"""Encoding step: repair quality on corrupted clean pages, and its cost on clean pages.

    python -m bench.encoding [--limit N]

Takes the paragraphs of clean pages (the project's fixtures, and ../shared/corpus/ when it is
present), corrupts them in each way the repairs undo, and counts per kind: repaired (exact text
back, lost characters marked), partly repaired (closer to the clean text), untouched (left as garbled; a U+FFFD may have become a LOST mark), wrongly changed (any other text);
clean text changed counts as wrongly changed too. Then the cost on pages as crawled: the charset decision and the
EncodingFix pipeline as a share of the whole pipeline (bench/pipeline.py's harness), beside
lxml's parse of the same pages.
"""
from __future__ import annotations

import argparse
import logging
import re
from difflib import SequenceMatcher
from collections import Counter
from pathlib import Path

import lxml.html

ROOT = Path(__file__).resolve().parents[1]

from newscrawl.encoding.charset import decide_charset
from newscrawl.chars import LOST, common_share
from newscrawl.encoding.repair import repair_text

CORPUS = ROOT.parent / "shared" / "corpus"


def clean_pages(limit: int) -> list[tuple[str, bytes]]:
    # seed000-mirror is the garbled seed page itself, not a clean page
    paths = sorted(p for p in (ROOT / "fixtures").rglob("*.html") if not p.name.startswith("seed000"))
    if CORPUS.is_dir():
        paths += sorted(CORPUS.rglob("*.html"))[:limit]
    return [(str(p), p.read_bytes()) for p in paths]


def paragraphs(body: bytes) -> list[str]:
    decision = decide_charset(body, None)
    try:
        root = lxml.html.fromstring(body.decode(decision.encoding, errors="replace"),
                                    parser=lxml.html.HTMLParser(huge_tree=True))
    except (ValueError, lxml.etree.ParserError):
        return []
    texts = [" ".join(p.text_content().split()) for p in root.iter("p")]
    # Chinese prose only: the corruptions below are byte-level on Chinese text.
    return [t for t in texts if len(t) >= 20 and (common_share(t) or 0) >= 0.9 and "\ufffd" not in t]


def drop_byte(text: str) -> str:
    raw = text.encode("gb18030")
    cut = len(raw) // 3 | 1  # odd: inside or between characters, deterministic
    return (raw[:cut] + raw[cut + 1:]).decode("gbk", errors="replace")


CORRUPTIONS = {
    "utf8-as-cp1252": lambda t: t.encode("utf-8").decode("latin-1"),
    "utf8-as-gbk": lambda t: t.encode("utf-8").decode("gbk", errors="replace"),
    "gbk-as-latin1": lambda t: t.encode("gb18030").decode("latin-1"),
    "gbk-drop-byte": drop_byte,
    "fffd-run": lambda t: t[:10] + "\ufffd\ufffd" + t[10:],
    "kunjinkao": lambda t: t[:10] + "锟斤拷" + t[10:],
}


def outcome(clean: str, garbled: str, repaired: str) -> str:
    if repaired == clean:
        return "repaired"
    pattern = "".join(f"(?:{re.escape(c)}|{LOST})" for c in clean)
    if LOST in repaired and (re.fullmatch(pattern, repaired) or _marked_in_place(clean, repaired)):
        return "repaired"
    if repaired.replace(LOST, "\ufffd") == garbled.replace(LOST, "\ufffd"):
        return "untouched"  # left as garbled, at most its lost bytes marked
    # Short runs between ASCII characters are left garbled on purpose (too little evidence).
    closer = SequenceMatcher(None, clean, repaired).ratio() > SequenceMatcher(None, clean, garbled).ratio()
    return "partly repaired" if closer else "wrongly changed"


def _marked_in_place(clean: str, repaired: str) -> bool:
    """Lost marks stand where characters were lost (a mark may stand for several)."""
    parts = [re.escape(p) for p in repaired.split(LOST)]
    return re.fullmatch(".{0,3}".join(parts), clean) is not None


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--limit", type=int, default=300, help="corpus pages at most")
    args = parser.parse_args()
    pages = clean_pages(args.limit)
    texts = [t for _, body in pages for t in paragraphs(body)]
    table: dict[str, Counter[str]] = {}
    table["clean (no corruption)"] = Counter(
        "untouched" if repair_text(t).text == " ".join(t.split()) else "wrongly changed" for t in texts
    )
    for kind, corrupt in CORRUPTIONS.items():
        counts = table.setdefault(kind, Counter())
        for text in texts:
            garbled = corrupt(text)
            counts[outcome(text, garbled, repair_text(garbled).text)] += 1
    print(f"{len(pages)} pages, {len(texts)} Chinese paragraphs "
          f"({'with' if CORPUS.is_dir() else 'without'} ../shared/corpus)\n")
    columns = ("repaired", "partly repaired", "untouched", "wrongly changed")
    print(f"{'corruption':<24}" + "".join(f"{c:>17}" for c in columns))
    for kind, counts in table.items():
        print(f"{kind:<24}" + "".join(f"{counts[c]:>17}" for c in columns))

    print_encoding_share(args.limit)


def print_encoding_share(limit: int) -> None:
    """The encoding step's share of the whole pipeline, on the pages bench/pipeline.py runs
    (the article fixtures through the site spiders, corpus articles through the generic
    spider), best of three passes."""
    from scrapy.utils.reactor import install_reactor

    from bench.pipeline import SITE_SPIDERS, GenericSpider, corpus_pages, fixture_pages, lxml_parse_seconds, pipeline_pass

    install_reactor("twisted.internet.asyncioreactor.AsyncioSelectorReactor")
    logging.getLogger().addHandler(logging.NullHandler())
    groups = [(cls, fixture_pages(site), {}) for site, cls in SITE_SPIDERS.items()]
    corpus = corpus_pages(limit)
    if corpus:
        groups.append((GenericSpider, corpus, {"urls": corpus[0].url}))
    best = min((pipeline_pass(groups) for _ in range(3)), key=lambda p: p.total)
    n = len(best.parsed)
    charset, repairs = best.seconds["charset"], best.seconds["EncodingFixPipeline"]
    lxml_seconds = lxml_parse_seconds(best.parsed, 3)
    print(f"\ncost per page in the whole pipeline ({n} pages, CPU time, best of 3 passes):")
    print(f"  charset decision          {charset / n * 1e3:7.3f} ms")
    print(f"  EncodingFix pipeline      {repairs / n * 1e3:7.3f} ms")
    print(f"  whole pipeline            {best.total / n * 1e3:7.3f} ms")
    print(f"  lxml parse                {lxml_seconds / n * 1e3:7.3f} ms")
    print(f"  encoding step share       {(charset + repairs) / best.total:7.1%}"
          f"   ({(charset + repairs) / lxml_seconds:.2f}x lxml's parse)")

if __name__ == "__main__":
    main()
