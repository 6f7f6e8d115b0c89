"""Dedup end to end on real SQLite files: encoding fix -> boilerplate -> dedup -> storage."""
from __future__ import annotations

import json
import multiprocessing
import random
import re
import sqlite3
import tempfile
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from conftest import SHARED, rows
from scrapy import signals
from scrapy.exceptions import DropItem
from scrapy.utils.test import get_crawler

from newscrawl.items import Article
from newscrawl.pipelines.boilerplate import BoilerplatePipeline
from newscrawl.pipelines.dedup import DedupPipeline
from newscrawl.pipelines.encoding import EncodingFixPipeline
from newscrawl.pipelines.storage import StoragePipeline
from newscrawl.storage import store_for
from newscrawl.dedup.index import band_lookup
from newscrawl.dedup.fingerprint import (
    band_keys,
    estimated_similarity,
    fingerprint,
    near_similarity,
)
from newscrawl.chars import common_han
from newscrawl.dedup.originals import Copy, supersedes
from newscrawl.encoding.pinyin import strip_inline_pinyin
from newscrawl.chars import to_simplified

SEEDS = SHARED / "seeds"
SHANGHAI = timezone(timedelta(hours=8))
STORY = [
    "新华社北京3月5日电 第十四届全国人民代表大会第二次会议在人民大会堂开幕，国务院总理作政府工作报告。",
    "报告提出，今年发展主要预期目标是：国内生产总值增长5%左右；城镇新增就业1200万人以上；城镇调查失业率5.5%左右。",
    "报告指出，要大力推进现代化产业体系建设，加快发展新质生产力，深入推进数字经济创新发展，积极培育新兴产业和未来产业。",
    "报告强调，要坚定不移推进高水平对外开放，扩大高水平对外开放，推动外贸质升量稳，加大吸引外资力度，推动高质量共建一带一路。",
]


def seed(prefix: str) -> str:
    if not SEEDS.is_dir():
        pytest.skip("../shared/seeds is not present")
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    return path.read_text(encoding="utf-8")


class Chain:
    """The project's pipelines in their order, on one crawler and one SQLite file."""

    def __init__(self, database: Path, **settings):
        self.crawler = get_crawler(settings_dict={
            "DATABASE_URL": f"sqlite:///{database}", "STORAGE_BATCH_SIZE": 1000,
            "STORAGE_BATCH_SECONDS": 3600, "DEDUP_THRESHOLD": 0.7, "TITLE_MAX_CHARS": 200,
            **settings})
        self.pipelines = [cls.from_crawler(self.crawler) for cls in
                          (EncodingFixPipeline, BoilerplatePipeline, DedupPipeline, StoragePipeline)]
        self.store = store_for(self.crawler)

    def process(self, item: Article) -> Article:
        for pipeline in self.pipelines:
            item = pipeline.process_item(item)
        return item

    def close(self) -> None:
        self.store.close()

    def stat(self, name: str) -> int:
        return self.crawler.stats.get_value(f"newscrawl/dedup/{name}", 0)


@pytest.fixture
def chain(database):
    chain = Chain(database)
    yield chain
    chain.close()



def links(database: Path) -> dict[str, str | None]:
    """canonical URL -> its original's canonical URL (None for an original)."""
    return dict(rows(database, "SELECT a.canonical_url, o.canonical_url FROM articles a"
                               " LEFT JOIN articles o ON o.id = a.duplicate_of"))


def when(day: int, hour: int = 12) -> datetime:
    return datetime(2024, 3, day, hour, tzinfo=SHANGHAI)


# -- the seeds ---------------------------------------------------------------------------

CHINANEWS = "https://www.chinanews.com.cn/gn/2019/07-27/8908123.shtml"
SLRBS = "http://www.slrbs.com/xw/gnxw/201907/t20190729_1234567.html"


def chinanews_original() -> Article:
    """The chinanews page of seed 002's story: its paragraphs in chinanews's own chrome."""
    text = seed("002")
    story = [line for line in text.splitlines() if line.startswith("  ") and "摄" not in line]
    body = "\n".join(["中新网首页 > 国内新闻", *story, "【编辑:王琴】", "返回顶部"])
    return Article(url=CHINANEWS, site="chinanews", body=body, source="中国新闻网",
                   published_at=datetime(2019, 7, 27, 20, 58, tzinfo=SHANGHAI))


def slrbs_reprint() -> Article:
    return Article(url=SLRBS, site="slrbs", body=seed("002"), source="中国新闻网",
                   published_at=datetime(2019, 7, 29, 8, 0, tzinfo=SHANGHAI))


def test_seed_002_reprint_links_to_the_chinanews_original(chain, database):
    chain.process(chinanews_original())
    reprint = chain.process(slrbs_reprint())
    assert reprint.duplicate_of == CHINANEWS
    assert reprint.duplicate_kind == "near" and reprint.similarity >= 0.7
    chain.close()
    assert links(database) == {CHINANEWS: None, "https://www.slrbs.com/xw/gnxw/201907/t20190729_1234567.html": CHINANEWS}
    assert chain.stat("near") == 1 and chain.stat("exact") == 0


def test_reprint_crawled_first_is_repointed_to_the_outlet_named_in_its_source(chain, database):
    # slrbs reprint published *earlier* than the chinanews page, and crawled first:
    # 来源:中国新闻网 still makes chinanews the original once it is stored.
    reprint = slrbs_reprint()
    reprint.published_at = datetime(2019, 7, 27, 8, 0, tzinfo=SHANGHAI)
    assert chain.process(reprint).duplicate_of == ""
    original = chain.process(chinanews_original())
    assert (original.duplicate_of, original.duplicate_kind) == ("", "")
    chain.close()
    slrbs = "https://www.slrbs.com/xw/gnxw/201907/t20190729_1234567.html"
    assert links(database) == {CHINANEWS: None, slrbs: CHINANEWS}
    ((kind, similarity),) = rows(database, "SELECT duplicate_kind, similarity FROM articles"
                                           " WHERE canonical_url = ?", slrbs)
    assert kind == "near" and similarity >= 0.7
    assert chain.stat("repointed") == 1


def test_seed_000_traditional_mirror_links_to_the_simplified_original(chain, database):
    mirror_page = seed("000")
    simplified, _ = strip_inline_pinyin(to_simplified(mirror_page))
    story = [line for line in simplified.splitlines() if len(line) > 40]
    people = "http://sh.people.com.cn/n2/2022/0728/c134768-40055555.html"
    chain.process(Article(url=people, site="people", body="\n".join(["人民网>>上海频道", *story, "(责编:沐一帆)"]),
                          published_at=datetime(2022, 7, 28, 17, 2, tzinfo=SHANGHAI)))
    mirror = chain.process(Article(url="http://big5.example.com/gate/big5/sh.people.com.cn/a.html",
                                   site="generic", body=mirror_page,
                                   published_at=datetime(2022, 7, 28, 17, 2, tzinfo=SHANGHAI)))
    assert mirror.duplicate_of == "https://sh.people.com.cn/n2/2022/0728/c134768-40055555.html"
    assert mirror.duplicate_kind in ("near", "exact")


def test_the_two_seed_stories_on_the_same_topic_are_not_duplicates(chain, database):
    chain.process(chinanews_original())
    mirror = chain.process(Article(url="http://big5.example.com/a.html", site="generic", body=seed("000")))
    assert mirror.duplicate_of == "" and mirror.duplicate_kind == ""
    chain.close()
    assert set(links(database).values()) == {None}
    assert chain.stat("near") == chain.stat("exact") == 0


# -- policy, exact duplicates, index -------------------------------------------------------


def test_exact_copy_under_another_url_and_layout(chain, database):
    chain.process(Article(url="https://a.example.cn/1.html", site="a", body="\n".join(STORY), published_at=when(5)))
    copy = chain.process(Article(url="https://b.example.cn/9.html?utm_source=wx#top", site="b",
                                 body="\n\n".join(f"　　{p}" for p in STORY).replace("，", ","),
                                 published_at=when(6)))
    assert (copy.canonical_url, copy.duplicate_of, copy.duplicate_kind, copy.similarity) == (
        "https://b.example.cn/9.html", "https://a.example.cn/1.html", "exact", 1.0)
    assert chain.stat("exact") == 1


def test_earlier_published_copy_becomes_the_original_of_the_whole_story(chain, database):
    chain.process(Article(url="https://a.example.cn/1.html", site="a", body="\n".join(STORY), published_at=when(6)))
    chain.process(Article(url="https://b.example.cn/1.html", site="b", body="\n".join(STORY[:3]), published_at=when(7)))
    first = chain.process(Article(url="https://c.example.cn/1.html", site="c",
                                  body="\n".join([*STORY, "（完）"]), published_at=when(5)))
    assert first.duplicate_of == ""
    chain.close()
    assert links(database) == {"https://a.example.cn/1.html": "https://c.example.cn/1.html",
                               "https://b.example.cn/1.html": "https://c.example.cn/1.html",
                               "https://c.example.cn/1.html": None}
    appearances = rows(database, "SELECT url FROM story_appearances WHERE original_url = ? ORDER BY published_at",
                       "https://c.example.cn/1.html")
    assert appearances == [("https://c.example.cn/1.html",), ("https://a.example.cn/1.html",),
                           ("https://b.example.cn/1.html",)]


def test_recrawl_of_an_original_is_not_its_own_duplicate(chain, database):
    for _ in range(2):
        item = chain.process(Article(url="https://a.example.cn/1.html", site="a", body="\n".join(STORY)))
        assert item.duplicate_of == ""
    chain.close()
    assert rows(database, "SELECT count(*) FROM article_bands") == [(40,)]


def test_index_works_across_runs(database):
    first = Chain(database)
    first.process(Article(url="https://a.example.cn/1.html", site="a", body="\n".join(STORY)))
    first.close()
    second = Chain(database)
    copy = second.process(Article(url="https://b.example.cn/1.html", site="b", body="\n".join(STORY[1:])))
    second.close()
    assert (copy.duplicate_of, copy.duplicate_kind) == ("https://a.example.cn/1.html", "near")


def test_unusable_url_is_dropped_with_its_reason(chain):
    with pytest.raises(DropItem, match="bad_url"):
        chain.process(Article(url="javascript:void(0)", site="a", body="\n".join(STORY)))
    assert chain.crawler.stats.get_value("newscrawl/dropped/bad_url") == 1


def test_threshold_out_of_range_is_refused(database):
    with pytest.raises(ValueError, match="DEDUP_THRESHOLD"):
        Chain(database, DEDUP_THRESHOLD=0)


def testband_lookup_is_an_index_search_not_a_scan(chain, database):
    chain.process(Article(url="https://a.example.cn/1.html", site="a", body="\n".join(STORY)))
    chain.close()
    statement = str(band_lookup(40))
    with sqlite3.connect(database) as conn:
        plan = conn.execute(f"EXPLAIN QUERY PLAN {statement}", {f"k{band}": band for band in range(40)}).fetchall()
    details = " | ".join(row[-1] for row in plan)
    assert "SEARCH article_bands USING PRIMARY KEY (band=? AND key=?)" in details
    assert "SCAN article_bands" not in details


def test_supersedes_policy():
    chinanews = Copy("https://www.chinanews.com.cn/gn/1.shtml", "中国新闻网", when(7))
    reprint = Copy("https://www.slrbs.com/1.html", "中国新闻网", when(5))
    assert supersedes(chinanews, reprint)  # named outlet beats the earlier reprint
    assert not supersedes(reprint, chinanews)
    other = Copy("https://www.other.cn/1.html", "", when(6))
    assert supersedes(reprint, other) and not supersedes(other, reprint)  # earlier wins
    assert not supersedes(Copy("https://x.cn/1", "", None), other)  # undecided: the stored stays
    # 中国网 is not 中国新闻网
    assert not supersedes(Copy("https://www.china.com.cn/1.html", "", when(7)), reprint)


# -- two processes, one SQLite file ----------------------------------------------------------


def crawl_in_process(database: str, order: int) -> None:
    chain = Chain(Path(database), STORAGE_BATCH_SIZE=7)
    urls = [f"https://www.example.cn/{n}.html" for n in range(60)]
    for n, url in enumerate(urls[::order]):
        body = "\n".join([f"第{n % 30}号新闻。", *STORY, f"本报记者 第{n}位"])
        chain.process(Article(url=url.replace("https://", "http://") + "?utm_source=x", site="p", body=body))
    chain.close()


def test_two_processes_never_store_one_canonical_url_twice(database):
    Chain(database).close()  # schema first, as the first crawl of the day would
    context = multiprocessing.get_context("spawn")
    workers = [context.Process(target=crawl_in_process, args=(str(database), order)) for order in (1, -1)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(120)
        assert worker.exitcode == 0
    assert rows(database, "SELECT count(*), count(DISTINCT canonical_url) FROM articles") == [(60, 60)]
    assert rows(database, "SELECT count(*) FROM article_bands") == [(60 * 40,)]
    # The lookups run inside the write transaction (BEGIN IMMEDIATE): one story, one original.
    assert rows(database, "SELECT count(*) FROM articles WHERE duplicate_of IS NULL") == [(1,)]


def test_an_item_dropped_after_dedup_leaves_no_index_rows(chain, database):
    item = chain.pipelines[2].process_item(Article(url="https://a.example.cn/1.html", site="a", body="\n".join(STORY)))
    assert chain.pipelines[2].pending
    chain.crawler.signals.send_catch_log(signals.item_dropped, item=item, response=None,
                                         exception=DropItem("test"), spider=None)
    assert not chain.pipelines[2].pending
    copy = chain.process(Article(url="https://b.example.cn/1.html", site="b", body="\n".join(STORY)))
    assert copy.duplicate_of == ""  # the dropped item is not an original of anything



def test_a_short_brief_quoted_by_a_long_story_is_not_its_duplicate(chain):
    # Containment alone would call it a copy; candidates come from Jaccard-tuned LSH bands,
    # which a one-line brief and a long story do not share.
    chain.process(Article(url="https://a.example.cn/1.html", site="a", body="\n".join(STORY * 3)))
    brief = chain.process(Article(url="https://b.example.cn/1.html", site="b", body=STORY[0][:30]))
    assert brief.duplicate_of == ""


# -- short articles beside long ones: the estimate is confirmed on the texts ------------------

MAGIC_HTML_TRUTH = SEEDS.parent / "corpus" / "magic-html" / "DERIVED_ground_truth_subset.json"


def sentence_pool(rng: random.Random) -> list[str]:
    """Real news sentences (../shared/corpus, when present) and sentences of common characters."""
    pool = []
    if MAGIC_HTML_TRUTH.is_file():
        for page in json.loads(MAGIC_HTML_TRUTH.read_text(encoding="utf-8")).values():
            pool += re.findall(r"[^。！？\n]{15,}[。！？]", page["content"])
    alphabet = sorted(c for c in common_han() if "\u4e00" <= c <= "\u9fff")
    weights = [1 / rank for rank in range(1, len(alphabet) + 1)]
    pool += ["".join(rng.choices(alphabet, weights, k=rng.randint(25, 45))) + "。" for _ in range(2000)]
    return list(dict.fromkeys(pool))


def short_and_long(pool: list[str], rng: random.Random) -> tuple[str, str]:
    """A 9-sentence article and a 12-100-sentence one holding 3 of its sentences."""
    picked = rng.sample(pool, 109)
    short = picked[:9]
    long = picked[9:9 + rng.randint(9, 97)] + short[:3]
    rng.shuffle(short)
    rng.shuffle(long)
    return "".join(short), "".join(long)


def fingerprinted(text: str):
    fp = fingerprint(text)
    return fp, set(enumerate(band_keys(fp.signature)))


def test_short_articles_sharing_a_third_of_a_long_one_are_never_near_duplicates():
    rng = random.Random(2024)
    pool = sentence_pool(rng)
    called_by_estimate = []
    for _ in range(3000):
        short, long = short_and_long(pool, rng)
        (fs, ks), (fl, kl) = fingerprinted(short), fingerprinted(long)
        if not ks & kl:
            continue
        assert near_similarity(fs, fl, short, long, 0.7) is None
        if estimated_similarity(fs, fl) >= 0.7:
            called_by_estimate.append((short, long))
    # Through the pipeline: the pairs the estimate alone would have called near keep their body.
    with tempfile.TemporaryDirectory() as folder:
        chain = Chain(Path(folder) / "news.db")
        for number, (short, long) in enumerate(called_by_estimate or [short_and_long(pool, rng)]):
            chain.process(Article(url=f"https://a.example.cn/{number}.html", site="a", body=long))
            item = chain.process(Article(url=f"https://b.example.cn/{number}.html", site="b", body=short))
            assert item.duplicate_kind == "" and item.duplicate_of == ""
        chain.close()
        bodies = rows(Path(folder) / "news.db", "SELECT body FROM articles WHERE canonical_url LIKE 'https://b.%'")
        assert bodies and all(body for (body,) in bodies)


def test_edited_reprints_of_short_articles_are_still_near_duplicates(chain, database):
    rng = random.Random(7)
    pool = sentence_pool(rng)
    for number in range(200):
        sentences = rng.sample(pool, 9)
        original = "".join(sentences)
        del sentences[rng.randrange(9)]
        reprint = "来源:新华网\n" + rng.choice(pool) + "\n" + "".join(sentences) + "\n(责编:王琴)"
        (fo, ko), (fr, kr) = fingerprinted(original), fingerprinted(reprint)
        assert ko & kr and near_similarity(fr, fo, reprint, original, 0.7) is not None
        if number < 20:  # and through the pipeline
            chain.process(Article(url=f"https://a.example.cn/{number}.html", site="a", body=original,
                                  published_at=when(1)))
            item = chain.process(Article(url=f"https://b.example.cn/{number}.html", site="b",
                                         body=reprint, published_at=when(2)))
            assert item.duplicate_kind == "near" and item.duplicate_of == f"https://a.example.cn/{number}.html"


def test_a_near_candidate_whose_body_is_not_stored_is_checked_against_its_original(chain, database):
    original = "\n".join(STORY)
    added = "代表们表示，报告实事求是、鼓舞人心，将认真贯彻落实大会精神。"
    chain.process(Article(url="https://a.example.cn/1.html", site="a", body=original, published_at=when(1)))
    first = chain.process(Article(url="https://b.example.cn/1.html", site="b", published_at=when(2),
                                  body=original + "\n" + added))
    assert first.duplicate_kind == "near"  # its body is not stored
    second = chain.process(Article(url="https://c.example.cn/1.html", site="c", published_at=when(3),
                                   body="\n".join(STORY[1:]) + "\n" + added))
    assert second.duplicate_of == "https://a.example.cn/1.html" and second.duplicate_kind == "near"
