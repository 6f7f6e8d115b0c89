"""Storage: one ArticleStore per crawler, shared by the pipelines, middlewares and
extensions that read or write the database."""
from __future__ import annotations

from weakref import WeakKeyDictionary

from scrapy import signals

from newscrawl.storage.db import StorageError
from newscrawl.storage.store import ArticleStore, CommitFailed, SavedArticle

__all__ = ["ArticleStore", "CommitFailed", "SavedArticle", "StorageError", "store_for"]

_stores: WeakKeyDictionary = WeakKeyDictionary()


def store_for(crawler) -> ArticleStore:
    """The crawler's store, opened from DATABASE_URL on first use, closed when the
    engine stops (after every spider_closed handler has written what it has)."""
    store = _stores.get(crawler)
    if store is None:
        settings = crawler.settings
        store = ArticleStore(
            settings.get("DATABASE_URL"),
            batch_size=settings.getint("STORAGE_BATCH_SIZE"),
            batch_seconds=settings.getfloat("STORAGE_BATCH_SECONDS"),
            keep_duplicate_bodies=settings.getbool("STORE_DUPLICATE_BODIES"),
            retry_base=settings.getfloat("NOT_ARTICLE_RETRY_BASE"),
            retry_max=settings.getfloat("NOT_ARTICLE_RETRY_MAX"),
        )
        _stores[crawler] = store
        crawler.signals.connect(store.close, signal=signals.engine_stopped, weak=False)
    return store
