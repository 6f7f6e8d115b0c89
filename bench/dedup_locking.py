"""Dedup under concurrent writers on PostgreSQL: the story advisory locks newscrawl uses
against SERIALIZABLE transactions with retry (docs/dedup.md).

Each writer process runs the dedup pipeline and the store over the same stories, in the same
order (the worst case: both hold a story at the same moment), each copy under its own URL
with a line of its own (near duplicates). Modes:

- advisory, batch: newscrawl as it is (story locks, commits of STORAGE_BATCH_SIZE items);
- advisory, per item: the same locks, a commit per item;
- serializable, per item: no locks, SERIALIZABLE isolation, a commit per item and the item
  processed again when PostgreSQL reports a serialization failure or deadlock (a batch
  cannot be retried: its items have left the pipeline).

Every mode must end with one original per story; the table gives items/s over all writers
and the retries.

    python -m bench.dedup_locking [--stories 300] [--writers 2]
"""
from __future__ import annotations

import argparse
import multiprocessing
import time
import uuid
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

import psycopg

PG = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
MODES = ["advisory, batch", "advisory, per item", "serializable, per item"]


def article(writer: int, story: int):
    from bench.reprint_portals import story_paragraphs

    from newscrawl.items import Article
    body = "\n".join([*story_paragraphs(story), f"本报记者 第{writer}号撰稿"])
    return Article(url=f"https://w{writer}.example.cn/{story}.html", site=f"w{writer}", body=body)


def write(database_url: str, mode: str, writer: int, stories: int, start, results) -> None:
    from scrapy.utils.test import get_crawler
    from sqlalchemy import create_engine
    from sqlalchemy.exc import DBAPIError

    from newscrawl.pipelines.dedup import DedupPipeline
    from newscrawl.pipelines.storage import StoragePipeline
    from newscrawl.storage import StorageError, store_for
    from newscrawl.storage.db import JSON_SERIALIZER

    crawler = get_crawler(settings_dict={
        "DATABASE_URL": database_url, "STORAGE_BATCH_SIZE": 50 if mode.endswith("batch") else 1,
        "STORAGE_BATCH_SECONDS": 5, "DEDUP_THRESHOLD": 0.7})
    dedup, storage = DedupPipeline.from_crawler(crawler), StoragePipeline.from_crawler(crawler)
    store = store_for(crawler)
    retries = 0
    if mode.startswith("serializable"):
        store.locks_stories = False
        store.connection = create_engine(database_url, isolation_level="SERIALIZABLE",
                                         json_serializer=JSON_SERIALIZER).connect()
    start.wait()
    began = time.perf_counter()
    for story in range(stories):
        if not mode.startswith("serializable"):
            storage.process_item(dedup.process_item(article(writer, story)))
            continue
        while True:
            try:
                item = dedup.process_item(article(writer, story))
                saved = store.save(item)
                dedup.article_stored(item, saved.id, saved.created)
                store.commit()
                break
            except (DBAPIError, StorageError) as exc:
                cause = getattr(exc, "orig", None) or getattr(exc.__cause__, "orig", None)
                if not isinstance(cause, (psycopg.errors.SerializationFailure,
                                          psycopg.errors.DeadlockDetected)):
                    raise
                store.roll_back()
                store.pending_urls.clear()
                dedup.pending.clear()
                retries += 1
    store.close()
    results.put((time.perf_counter() - began, retries))


def measure(mode: str, writers: int, stories: int) -> tuple[float, int, int]:
    from newscrawl.storage import ArticleStore

    schema = f"bench_{uuid.uuid4().hex[:8]}"
    admin = psycopg.connect("host=127.0.0.1 user=postgres dbname=test", autocommit=True)
    admin.execute(f"CREATE SCHEMA {schema}")
    url = f"{PG}?options=-csearch_path%3D{schema}"
    try:
        ArticleStore(url).close()
        context = multiprocessing.get_context("spawn")
        start, results = context.Event(), context.Queue()
        processes = [context.Process(target=write, args=(url, mode, w, stories, start, results))
                     for w in range(writers)]
        for process in processes:
            process.start()
        time.sleep(3)  # every writer imported and connected
        start.set()
        outcomes = [results.get(timeout=600) for _ in processes]
        for process in processes:
            process.join()
        originals = admin.execute(f"SELECT count(*) FROM {schema}.articles "
                                  "WHERE duplicate_of IS NULL").fetchone()[0]
    finally:
        admin.execute(f"DROP SCHEMA {schema} CASCADE")
        admin.close()
    seconds = max(elapsed for elapsed, _ in outcomes)
    return writers * stories / seconds, sum(retries for _, retries in outcomes), originals


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--stories", type=int, default=300)
    parser.add_argument("--writers", type=int, default=2)
    options = parser.parse_args()
    print(f"{options.writers} writers × {options.stories} stories\n")
    print("| mode | items/s | retries | originals (should be "
          f"{options.stories}) |\n|---|---|---|---|")
    for mode in MODES:
        rate, retries, originals = measure(mode, options.writers, options.stories)
        print(f"| {mode} | {rate:.0f} | {retries} | {originals} |", flush=True)


if __name__ == "__main__":
    main()
