"""Dedup quality on labelled pairs, and index lookup cost as the store grows.

    python -m bench.dedup                      # pairs at the default scheme + scaling 10k, 100k
    python -m bench.dedup --sweep              # pairs for several n-gram / signature / band choices
    python -m bench.dedup --sizes 10000,100000,1000000   # scaling up to 1M (about 17 minutes, 2.5 GB temp file)
    python -m bench.dedup --skip-scale         # pairs only

Pairs. Bodies: the article pages of ../shared/corpus (decoded by the project's charset
decision, body by the project's generic extractor; bodies under 300 characters left out) and
the two seeds of ../shared/seeds (pinyin stripped, simplified). Positives, made from each body
as a reprint would change it: other boilerplate around it (site header, 来源/责编 lines,
disclaimer, related-article titles), a headline line added, a paragraph added, a paragraph cut,
a round trip through traditional script (OpenCC s2t then t2s, as a mirror read through the
encoding pipeline), truncation to the first half, and all of boilerplate + cut + traditional
together. Negatives: every pair of two different bodies (same-site and same-topic pairs
included; "same_topic" are the pairs from one site plus the two seeds, both 进博会 countdown
stories of different years). A pair is called a duplicate when the two bodies share an LSH
band key and newscrawl.dedup.fingerprint.near_similarity calls them near duplicates at the
threshold (estimated containment, confirmed by the true shingle containment of the two texts),
exactly as the pipeline decides. Corpus pages that are themselves
near-identical (true shingle containment >= 0.9) are reported and left out of the negatives.

Scale. N synthetic bodies (Chinese characters drawn with a Zipf-like law from the 3,500 most
frequent, 600-1,500 characters each) are fingerprinted and bulk-inserted into a temporary
SQLite file with the project's schema (articles + article_bands + article_signatures); then
1,000 new bodies (half of them edited copies of stored ones) are looked up as the pipeline
does: exact match by content hash, band candidates, stored signatures of the candidates.
Reported: time per lookup (fingerprint excluded, and the fingerprint time on its own), the
mean number of candidates, the file size, and the peak resident memory of the process.
"""
from __future__ import annotations

import argparse
import csv
import random
import resource
import tempfile
import time
from dataclasses import dataclass
from itertools import combinations
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

import numpy as np
import opencc

from newscrawl.encoding.charset import decide_charset
from newscrawl.encoding.pinyin import strip_inline_pinyin
from newscrawl.chars import to_simplified
from newscrawl.extraction.density import extract_article
from newscrawl.dedup.fingerprint import (
    DEFAULT_SCHEME,
    Fingerprint,
    Scheme,
    band_keys,
    estimated_similarity,
    near_similarity,
    fingerprint,
    normalise,
    shingles,
)

SHARED = REPO.parent / "shared"
CORPUS = SHARED / "corpus"
SEEDS = SHARED / "seeds"
MIN_BODY = 300
THRESHOLDS = (0.5, 0.6, 0.7, 0.8, 0.9)
DEFAULT_THRESHOLD = 0.7

S2T = opencc.OpenCC("s2t")


@dataclass(frozen=True)
class Body:
    name: str
    site: str
    paragraphs: tuple[str, ...]

    @property
    def text(self) -> str:
        return "\n".join(self.paragraphs)


@dataclass(frozen=True)
class Pair:
    a: str
    b: str
    duplicate: bool
    kind: str


# -- bodies ---------------------------------------------------------------------------


def corpus_bodies() -> list[Body]:
    bodies = []
    with open(CORPUS / "MANIFEST.tsv", encoding="utf-8") as manifest:
        for row in csv.DictReader(manifest, delimiter="\t"):
            if row["page_type"] != "article":
                continue
            raw = (CORPUS / row["local_path"]).read_bytes()
            html = raw.decode(decide_charset(raw, None).encoding, errors="replace")
            article = extract_article(html, f"https://{row['site_domain']}/")
            if article is None or sum(map(len, article.paragraphs)) < MIN_BODY:
                continue
            paragraphs = to_simplified("\n".join(article.paragraphs)).split("\n")  # as body_simplified
            bodies.append(Body(row["local_path"], row["site_domain"], tuple(paragraphs)))
    return bodies


def seed_bodies() -> list[Body]:
    """The seeds' article paragraphs, simplified, pinyin and page chrome left out."""
    bodies = []
    for path in sorted(SEEDS.glob("*.txt")):
        text, _ = strip_inline_pinyin(to_simplified(path.read_text(encoding="utf-8")))
        paragraphs = [p.strip() for p in text.splitlines() if len(p.strip()) >= 60]
        paragraphs = [p for p in paragraphs if "时间:" not in p and "免责声明" not in p]
        bodies.append(Body(path.name, "seed", tuple(paragraphs)))
    return bodies


# -- positives: a body as another outlet would reprint it ------------------------------


def with_boilerplate(body: Body, other: Body, rng: random.Random) -> list[str]:
    header = ["首页 » 新闻频道 » 国内新闻", f"{rng.randint(2015, 2024)}-07-27 20:58:14 来源:中国新闻网"]
    related = [p[:30] for p in other.paragraphs[:4]]
    footer = [f"(责任编辑:{rng.choice(['王子涛', '沐一帆', '姜煜'])})", "相关阅读", *related,
              "免责声明:本网对文中陈述、观点判断保持中立,不对所包含内容的准确性、可靠性或完整性提供任何明示或暗示的保证。"]
    return [*header, *body.paragraphs, *footer]


def with_headline(body: Body, other: Body, rng: random.Random) -> list[str]:
    return [f"【重磅】{other.paragraphs[0][:24]}", *body.paragraphs]


def with_paragraph_added(body: Body, other: Body, rng: random.Random) -> list[str]:
    paragraphs = list(body.paragraphs)
    paragraphs.insert(rng.randint(0, len(paragraphs)), max(other.paragraphs, key=len)[:200])
    return paragraphs


def with_paragraph_cut(body: Body, other: Body, rng: random.Random) -> list[str]:
    paragraphs = list(body.paragraphs)
    if len(paragraphs) > 2:
        del paragraphs[rng.randrange(len(paragraphs))]
    else:  # one long paragraph: cut a fifth of it
        paragraphs[-1] = paragraphs[-1][: len(paragraphs[-1]) * 4 // 5]
    return paragraphs


def through_traditional(body: Body, other: Body, rng: random.Random) -> list[str]:
    return to_simplified(S2T.convert(body.text)).split("\n")


def truncated(body: Body, other: Body, rng: random.Random) -> list[str]:
    text = body.text
    return [text[: len(text) // 2], "(未完,点击阅读全文)"]


def everything(body: Body, other: Body, rng: random.Random) -> list[str]:
    cut = Body(body.name, body.site, tuple(with_paragraph_cut(body, other, rng)))
    boxed = Body(body.name, body.site, tuple(with_boilerplate(cut, other, rng)))
    return to_simplified(S2T.convert(boxed.text)).split("\n")


REPRINTS = {
    "boilerplate": with_boilerplate,
    "headline": with_headline,
    "para_added": with_paragraph_added,
    "para_cut": with_paragraph_cut,
    "traditional": through_traditional,
    "truncated": truncated,
    "combined": everything,
}


def labelled_pairs(bodies: list[Body], seed: int = 7) -> tuple[list[Pair], list[tuple[str, str]]]:
    """Positives and negatives; also the corpus pairs left out as near-identical pages."""
    rng = random.Random(seed)
    pairs = []
    for index, body in enumerate(bodies):
        other = bodies[(index + 1 + rng.randrange(len(bodies) - 1)) % len(bodies)]
        for kind, reprint in REPRINTS.items():
            pairs.append(Pair(body.text, "\n".join(reprint(body, other, rng)), True, kind))
    true_sets = {b.name: set(shingles(normalise(b.text), 4).tolist()) for b in bodies}
    left_out = []
    for x, y in combinations(bodies, 2):
        sx, sy = true_sets[x.name], true_sets[y.name]
        if len(sx & sy) / min(len(sx), len(sy)) >= 0.9:
            left_out.append((x.name, y.name))
            continue
        kind = "same_topic" if x.site == y.site else "different"
        pairs.append(Pair(x.text, y.text, False, kind))
    return pairs, left_out


# -- evaluation ------------------------------------------------------------------------


def evaluate(pairs: list[Pair], scheme: Scheme, thresholds=THRESHOLDS) -> dict:
    cache: dict[str, tuple[Fingerprint, set[tuple[int, int]]]] = {}

    def index(text: str):
        if text not in cache:
            fp = fingerprint(text, scheme)
            cache[text] = (fp, set(enumerate(band_keys(fp.signature, scheme))))
        return cache[text]

    scores = []  # (pair, LSH candidate, called a duplicate per threshold, estimated similarity)
    for pair in pairs:
        (fa, ka), (fb, kb) = index(pair.a), index(pair.b)
        candidate = bool(ka & kb)
        called = {t: candidate and near_similarity(fa, fb, pair.a, pair.b, t) is not None
                  for t in thresholds}
        scores.append((pair, candidate, called, estimated_similarity(fa, fb)))
    table = {}
    for threshold in thresholds:
        tp = sum(p.duplicate and c[threshold] for p, _, c, _ in scores)
        fp = sum(not p.duplicate and c[threshold] for p, _, c, _ in scores)
        fn = sum(p.duplicate and not c[threshold] for p, _, c, _ in scores)
        kinds = {}
        for kind in dict.fromkeys(p.kind for p in pairs):
            of_kind = [c[threshold] for p, _, c, _ in scores if p.kind == kind]
            kinds[kind] = (sum(of_kind), len(of_kind))
        table[threshold] = {
            "precision": tp / (tp + fp) if tp + fp else 1.0,
            "recall": tp / (tp + fn) if tp + fn else 1.0,
            "fp": fp,
            "fn": fn,
            "kinds": kinds,
        }
    negative_candidates = sum(c and not p.duplicate for p, c, _, _ in scores)
    top_negative = max(((e, p.kind) for p, _, _, e in scores if not p.duplicate), default=(0.0, ""))
    return {"table": table, "top_negative": top_negative, "negative_candidates": negative_candidates,
            "negatives": sum(not p.duplicate for p in pairs)}


def print_quality(pairs: list[Pair], scheme: Scheme, thresholds=THRESHOLDS) -> None:
    result = evaluate(pairs, scheme, thresholds)
    print(f"\nscheme: {scheme.shingle_size}-grams, {scheme.num_perm} permutations, "
          f"{scheme.bands} bands x {scheme.rows} rows; negative pairs that are LSH candidates: "
          f"{result['negative_candidates']} of {result['negatives']}; highest negative similarity "
          f"(candidate or not) {result['top_negative'][0]:.3f} ({result['top_negative'][1]})")
    kinds = list(next(iter(result["table"].values()))["kinds"])
    print(f"{'threshold':>9} {'precision':>9} {'recall':>7} {'FP':>4} {'FN':>4}  "
          + "  ".join(f"{k:>12}" for k in kinds))
    for threshold, row in result["table"].items():
        cells = "  ".join(f"{row['kinds'][k][0]:>6}/{row['kinds'][k][1]:<5}" for k in kinds)
        print(f"{threshold:>9.2f} {row['precision']:>9.4f} {row['recall']:>7.4f} "
              f"{row['fp']:>4} {row['fn']:>4}  {cells}")


# -- scale -----------------------------------------------------------------------------


def synthetic_alphabet() -> tuple[np.ndarray, np.ndarray]:
    """Code points of the 3,500 GB2312 level-1 characters, with Zipf-like weights."""
    codes = []
    for lead in range(0xB0, 0xD8):
        for trail in range(0xA1, 0xFF):
            try:
                codes.append(ord(bytes((lead, trail)).decode("gb2312")))
            except UnicodeDecodeError:
                pass
    weights = 1.0 / np.arange(1, len(codes) + 1)
    return np.array(codes, dtype=np.uint32), weights / weights.sum()


ALPHABET = synthetic_alphabet()


def synthetic_bodies(count: int, rng: np.random.Generator) -> list[str]:
    codes, weights = ALPHABET
    lengths = rng.integers(600, 1500, count)
    drawn = rng.choice(codes, size=int(lengths.sum()), p=weights)
    ends = np.cumsum(lengths)
    return [drawn[end - length : end].tobytes().decode("utf-32-le") for end, length in zip(ends, lengths)]


def edited(body: str, rng: np.random.Generator) -> str:
    cut = int(rng.integers(0, len(body) // 5))
    return "来源:新华网\n" + body[cut:] + "(完)"


def indexed_chunk(task: tuple[int, int, int]) -> tuple[list, list, list, list[str]]:
    """Rows for articles start+1..start+count (run in worker processes); and their bodies
    when the chunk is the first (the sample that edited lookups copy)."""
    start, count, seed = task
    bodies = synthetic_bodies(count, np.random.default_rng(seed))
    now = "2024-01-01 00:00:00.000000"
    articles, bands, signatures = [], [], []
    for offset, body in enumerate(bodies):
        article_id = start + offset + 1
        fp = fingerprint(body)
        articles.append((article_id, f"https://example.cn/{article_id}.html", fp.content_hash, now))
        bands.extend((band, key, article_id) for band, key in enumerate(band_keys(fp.signature)))
        signatures.append((article_id, fp.shingle_count, fp.signature_bytes()))
    return articles, bands, signatures, bodies[:500] if start == 0 else []


def build_index(path: Path, count: int, seed: int) -> list[str]:
    """A SQLite file with the project's schema and `count` indexed synthetic articles
    (fingerprinted on every core, bulk-inserted); returns 500 stored bodies."""
    import sqlite3
    from multiprocessing import Pool

    from newscrawl.storage.store import ArticleStore

    ArticleStore(f"sqlite:///{path}").close()  # the schema, through the project's migrations
    connection = sqlite3.connect(path)
    connection.execute("PRAGMA journal_mode=OFF")  # a throw-away file: no rollback needed
    connection.execute("PRAGMA synchronous=OFF")
    # Band rows go to a plain staging table first and into the (band, key) B-tree in key
    # order at the end: appending in order is far faster than a million random inserts.
    connection.execute("CREATE TEMP TABLE staged_bands (band INTEGER, key INTEGER, article_id INTEGER)")
    chunk = 5000
    tasks = [(start, min(chunk, count - start), seed * 1_000_003 + start) for start in range(0, count, chunk)]
    sample: list[str] = []
    with Pool() as pool:
        for articles, bands, signatures, bodies in pool.imap(indexed_chunk, tasks):
            sample.extend(bodies)
            with connection:
                connection.executemany(
                    "INSERT INTO articles (id, canonical_url, url, site, title, subtitle,"
                    " title_simplified, source, authors, editors, images, channel, language, script,"
                    " encoding, encoding_reason, repairs, defects, extractor, pages, content_hash,"
                    " duplicate_kind, first_seen, last_seen) VALUES (?1, ?2, ?2, 'synthetic', '', '',"
                    " '', '', '[]', '[]', '[]', '', 'zh', 'Hans', '', '', '[]', '[]', 'layout', 1, ?3,"
                    " '', ?4, ?4)",
                    articles,
                )
                connection.executemany("INSERT INTO staged_bands VALUES (?, ?, ?)", bands)
                connection.executemany("INSERT INTO article_signatures VALUES (?, ?, ?)", signatures)
    with connection:
        connection.execute(
            "INSERT INTO article_bands SELECT band, key, article_id FROM staged_bands"
            " ORDER BY band, key, article_id"
        )
    connection.execute("ANALYZE")
    connection.close()
    return sample


def measure_lookups(path: Path, queries: list[str]) -> dict:
    from newscrawl.storage.db import create_database_engine
    from newscrawl.dedup.index import first_exact_match, near_candidates, stored_fingerprints

    engine = create_database_engine(f"sqlite:///{path}", write=False)
    fingerprints = [fingerprint(q) for q in queries]  # warm-up, and its own timing below
    started = time.perf_counter()
    fingerprints = [fingerprint(q) for q in queries]
    fingerprint_ms = (time.perf_counter() - started) * 1000 / len(queries)
    candidates = found = 0
    with engine.connect() as connection:
        first_exact_match(connection, fingerprints[0].content_hash)  # warm the connection
        started = time.perf_counter()
        for fp in fingerprints:
            first_exact_match(connection, fp.content_hash)
            ids = near_candidates(connection, band_keys(fp.signature))
            stored = stored_fingerprints(connection, ids)
            candidates += len(ids)
            found += any(estimated_similarity(fp, other) >= DEFAULT_THRESHOLD for other in stored.values())
        lookup_ms = (time.perf_counter() - started) * 1000 / len(queries)
    engine.dispose()
    return {"lookup_ms": lookup_ms, "fingerprint_ms": fingerprint_ms,
            "candidates": candidates / len(queries), "found": found}


def print_scaling(sizes: list[int]) -> None:
    print(f"\n{'stored':>9} {'build s':>8} {'lookup ms':>10} {'fingerprint ms':>15} "
          f"{'candidates':>11} {'edited found':>13} {'DB MB':>7} {'peak RSS MB':>12}")
    for size in sizes:
        rng = np.random.default_rng(size)
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "index.db"
            started = time.perf_counter()
            sample = build_index(path, size, seed=size)
            build_s = time.perf_counter() - started
            queries = [edited(body, rng) for body in sample] + synthetic_bodies(500, rng)
            result = measure_lookups(path, queries)
            megabytes = sum(p.stat().st_size for p in Path(folder).iterdir()) / 2**20
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"{size:>9} {build_s:>8.1f} {result['lookup_ms']:>10.3f} {result['fingerprint_ms']:>15.3f} "
              f"{result['candidates']:>11.3f} {result['found']:>6}/{len(sample):<6} {megabytes:>7.0f} {peak:>12.0f}")


# -- main ------------------------------------------------------------------------------


SWEEP = (
    Scheme(3, 120, 40), Scheme(4, 120, 40), Scheme(5, 120, 40),
    Scheme(4, 128, 32), Scheme(4, 128, 64), Scheme(4, 256, 64), Scheme(4, 64, 32),
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sweep", action="store_true", help="compare several schemes on the pairs")
    parser.add_argument("--sizes", default="10000,100000", help="stored-article counts for the scaling table")
    parser.add_argument("--skip-scale", action="store_true")
    parser.add_argument("--limit", type=int, default=0, help="corpus bodies at most (0: all)")
    args = parser.parse_args()

    if CORPUS.is_dir() and SEEDS.is_dir():
        bodies = corpus_bodies()[:args.limit or None] + seed_bodies()
        pairs, left_out = labelled_pairs(bodies)
        positives = sum(p.duplicate for p in pairs)
        print(f"{len(bodies)} bodies; {positives} positive and {len(pairs) - positives} negative pairs; "
              f"{len(left_out)} near-identical corpus page pairs left out: {left_out}")
        for scheme in SWEEP if args.sweep else (DEFAULT_SCHEME,):
            print_quality(pairs, scheme)
    else:
        print(f"{SHARED} is absent: labelled pairs skipped")
    if not args.skip_scale:
        print_scaling([int(size) for size in args.sizes.split(",")])


if __name__ == "__main__":
    main()
