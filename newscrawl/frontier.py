"""The add-on that switches the shared frontier on: with REDIS_URL set, the scheduler and
dupefilter live in Redis (newscrawl.distributed, docs/distributed.md). It lives apart from
them so that a crawl without REDIS_URL never imports redis and scrapy-redis (about 30 MB of
memory and part of the start-up)."""
from __future__ import annotations


class SharedFrontierAddon:
    """ADDONS: with REDIS_URL set, the scheduler and dupefilter live in Redis."""

    def update_settings(self, settings) -> None:
        if not settings.get("REDIS_URL"):
            return
        prefix = settings.get("REDIS_KEY_PREFIX")
        for name, value in {
            "SCHEDULER": "newscrawl.distributed.SharedFrontier",
            "SCHEDULER_QUEUE_CLASS": "scrapy_redis.queue.PriorityQueue",
            "DUPEFILTER_CLASS": "scrapy_redis.dupefilter.RFPDupeFilter",
            "SCHEDULER_QUEUE_KEY": f"{prefix}:%(spider)s:requests",
            "SCHEDULER_DUPEFILTER_KEY": f"{prefix}:%(spider)s:dupefilter",
            # The queue and dupefilter belong to the run, not to one worker: the worker
            # that ends the run deletes them (scrapy-redis's own flush would empty them
            # under the feet of the other workers).
            "SCHEDULER_PERSIST": True,
            # A dead server is noticed within seconds, not scrapy-redis's 30.
            "REDIS_PARAMS": {"socket_timeout": 10, "socket_connect_timeout": 5,
                             "retry_on_timeout": True, "encoding": "utf-8"},
        }.items():
            settings.set(name, value, priority="addon")
        settings["EXTENSIONS"]["newscrawl.distributed.FrontierCheck"] = -200
