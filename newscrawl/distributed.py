"""A frontier shared by crawl workers on several hosts: scrapy-redis's scheduler and
dupefilter, switched on by REDIS_URL (docs/distributed.md).

With REDIS_URL unset nothing here is used and a crawl is the single-process crawl. With it
set, newscrawl.frontier.SharedFrontierAddon makes SharedFrontier the scheduler: every worker of a spider pushes
the requests it finds into one Redis priority queue (`<prefix>:<spider>:requests`) through
one dupefilter (`<prefix>:<spider>:dupefilter`), and pops its next request from there.

A run of a spider is the time from its first worker's start until no worker has work left:

- `<prefix>:<spider>:run` marks the run. The worker that creates it (SET NX, one atomic
  script) starts the run: it drops what a dead earlier run left in the queue and dupefilter
  and queues the start requests of the spider's own `start()`. Workers that find the marker
  join the run and queue no start requests, so start pages are queued once per run.
- `<prefix>:<spider>:busy` is a sorted set of workers with work in hand, each with a lease
  that its heartbeat renews (FRONTIER_LEASE_SECONDS); popping a request marks its worker
  busy in the same script, so no request is ever in hand without a busy entry. A worker
  with nothing to do stays open while the queue holds requests or another worker is busy;
  when neither holds, it ends the run (deletes its keys) and closes. A killed worker's
  lease runs out and the others finish without it.
- Nothing tracks a request once popped: the requests a killed worker held are lost from
  this run. The next run re-queues the start pages (the dupefilter is per run), reaches
  every list page again, and fetches each linked article that is not stored, so a killed
  worker's in-flight pages and uncommitted articles are crawled by the next run.

If Redis cannot be reached at start, or goes away during the run, the worker logs one line
and stops (finish reason `frontier_lost`, exit status 10, newscrawl.outcome).
"""
from __future__ import annotations

import logging
import os
import socket

from redis.exceptions import RedisError
from scrapy import signals
from scrapy.exceptions import DontCloseSpider
from scrapy.utils.defer import deferred_from_coro
from scrapy.utils.misc import load_object
from scrapy_redis.connection import get_redis_from_settings
from scrapy_redis.scheduler import Scheduler
from twisted.internet import task

from newscrawl.outcome import FRONTIER_LOST_REASON, FrontierLost

logger = logging.getLogger(__name__)

# An idle worker waiting for the others looks at the queue this often (seconds).
IDLE_POLL_SECONDS = 0.5


class FrontierCheck:
    """Extension (added by SharedFrontierAddon, built before the run lock): a worker whose
    Redis cannot be reached stops before it touches the database. (The scheduler's own
    ping fails later, while Scrapy opens the spider, and ends in a second traceback.)"""

    def __init__(self, crawler):
        server = get_redis_from_settings(crawler.settings)
        try:
            server.ping()
        except RedisError as exc:
            raise FrontierLost(f"cannot reach the shared frontier at "
                               f"{crawler.settings.get('REDIS_URL')}: {exc}") from None
        finally:
            server.close()

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)


def run_keys(prefix: str, spider: str) -> dict[str, str]:
    """The Redis keys of a spider's shared run."""
    return {part: f"{prefix}:{spider}:{part}" for part in ("requests", "dupefilter", "run", "busy")}


# KEYS run, requests, dupefilter, busy; ARGV worker, lease. 1 when this worker starts the run.
START_OR_JOIN = """
local now = redis.call('TIME')
local started = redis.call('SET', KEYS[1], ARGV[1], 'NX', 'EX', ARGV[2])
if started then redis.call('DEL', KEYS[2], KEYS[3]) end
redis.call('ZADD', KEYS[4], tonumber(now[1]) + tonumber(ARGV[2]), ARGV[1])
if started then return 1 end
return 0
"""
# KEYS requests, busy; ARGV worker, lease. The best request, its worker marked busy.
POP = """
local item = redis.call('ZRANGE', KEYS[1], 0, 0)
if #item == 0 then return false end
redis.call('ZREMRANGEBYRANK', KEYS[1], 0, 0)
local now = redis.call('TIME')
redis.call('ZADD', KEYS[2], tonumber(now[1]) + tonumber(ARGV[2]), ARGV[1])
return item[1]
"""
# KEYS run, busy; ARGV worker, lease, busy (1/0). Renews the run and this worker's lease.
HEARTBEAT = """
redis.call('EXPIRE', KEYS[1], ARGV[2])
if ARGV[3] == '1' then
  local now = redis.call('TIME')
  redis.call('ZADD', KEYS[2], tonumber(now[1]) + tonumber(ARGV[2]), ARGV[1])
else
  redis.call('ZREM', KEYS[2], ARGV[1])
end
return 1
"""
# KEYS requests, busy, run, dupefilter; ARGV worker. 1 (and the run's keys deleted) when
# the queue is empty and no other worker holds a live lease: the run is over.
FINISH_IF_DONE = """
local now = redis.call('TIME')
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', tonumber(now[1]))
redis.call('ZREM', KEYS[2], ARGV[1])
if redis.call('ZCARD', KEYS[1]) > 0 or redis.call('ZCARD', KEYS[2]) > 0 then return 0 end
redis.call('DEL', KEYS[1], KEYS[2], KEYS[3], KEYS[4])
return 1
"""


class SharedFrontier(Scheduler):
    """scrapy-redis's Scheduler, with the run's life cycle above and Redis failures
    turned into the end of this worker's crawl."""

    @classmethod
    def from_crawler(cls, crawler):
        settings = crawler.settings
        scheduler = super().from_crawler(crawler)
        scheduler.crawler = crawler
        scheduler.url = settings.get("REDIS_URL")
        scheduler.keys = run_keys(settings.get("REDIS_KEY_PREFIX"), crawler.spidercls.name)
        scheduler.lease = settings.getint("FRONTIER_LEASE_SECONDS")
        scheduler.worker = f"{socket.gethostname()}:{os.getpid()}"
        scheduler.starts_run = False
        scheduler.lost = False
        scheduler.scripts = {name: scheduler.server.register_script(source) for name, source in
                             (("start", START_OR_JOIN), ("pop", POP), ("heartbeat", HEARTBEAT),
                              ("finish", FINISH_IF_DONE))}
        scheduler.heartbeat = task.LoopingCall(scheduler.beat)
        crawler.signals.connect(scheduler.spider_idle, signal=signals.spider_idle)
        return scheduler

    # -- the run ---------------------------------------------------------------------

    def open(self, spider):
        # scrapy-redis's open() minus its Spider.log() call (deprecated in Scrapy 2.19).
        self.spider = spider
        self.queue = load_object(self.queue_cls)(server=self.server, spider=spider,
                                                 key=self.queue_key % {"spider": spider.name},
                                                 serializer=self.serializer)
        self.df = load_object(self.dupefilter_cls).from_spider(spider)
        keys = self.keys
        try:
            self.starts_run = bool(self.scripts["start"](
                keys=[keys["run"], keys["requests"], keys["dupefilter"], keys["busy"]],
                args=[self.worker, self.lease]))
        except RedisError as exc:
            raise FrontierLost(f"cannot reach the shared frontier at {self.url}: {exc}") from None
        if self.starts_run:
            logger.info("frontier: %s starts a run of %s; start pages queued by this worker",
                        self.worker, spider.name)
        else:
            logger.info("frontier: %s joins the running crawl of %s (%d requests queued)",
                        self.worker, spider.name, len(self.queue))
        self.heartbeat.start(max(self.lease / 5, 0.2), now=False)

    def beat(self) -> None:
        busy = not self.crawler.engine.spider_is_idle()
        self.call(self.scripts["heartbeat"], None, keys=[self.keys["run"], self.keys["busy"]],
                  args=[self.worker, self.lease, int(busy)])

    def spider_idle(self, spider):
        if self.lost:
            return
        keys = self.keys
        done = self.call(self.scripts["finish"], 1,
                         keys=[keys["requests"], keys["busy"], keys["run"], keys["dupefilter"]],
                         args=[self.worker])
        if done or self.lost:
            return
        from twisted.internet import reactor  # installed by now (not at import: settings)

        # Scrapy's engine looks at the scheduler again only every 5 s when idle.
        reactor.callLater(IDLE_POLL_SECONDS, self.crawler.engine._slot.nextcall.schedule)
        raise DontCloseSpider("other workers are still crawling")

    def close(self, reason):
        if self.heartbeat.running:
            self.heartbeat.stop()
        if not self.lost:  # let the others finish without waiting for this lease
            self.call(self.server.zrem, None, self.keys["busy"], self.worker)
        return super().close(reason)

    # -- requests --------------------------------------------------------------------

    def enqueue_request(self, request):
        if request.meta.get("is_start_request") and not self.starts_run:
            return False  # the worker that started the run queued the start pages
        return self.call(self.push, False, request)

    def push(self, request) -> bool:
        """scrapy-redis's enqueue_request, without the `spider` argument to the stats
        (deprecated in Scrapy 2.19)."""
        if not request.dont_filter and self.df.request_seen(request):
            self.df.log(request, self.spider)
            return False
        self.stats.inc_value("scheduler/enqueued/redis")
        self.queue.push(request)
        return True

    def next_request(self):
        data = self.call(self.scripts["pop"], None, keys=[self.keys["requests"], self.keys["busy"]],
                         args=[self.worker, self.lease])
        if data is None:
            return None
        self.stats.inc_value("scheduler/dequeued/redis")
        return self.queue._decode_request(data)

    def has_pending_requests(self):
        return self.call(super().has_pending_requests, False)

    # -- Redis failures --------------------------------------------------------------

    def call(self, function, default, *args, **kwargs):
        """`function(*args, **kwargs)`, or `default` once Redis has failed (the first
        failure logs one line and closes the spider with reason frontier_lost)."""
        if self.lost:
            return default
        try:
            return function(*args, **kwargs)
        except RedisError as exc:
            self.lose(exc)
            return default

    def lose(self, exc: RedisError) -> None:
        self.lost = True
        if self.heartbeat.running:
            self.heartbeat.stop()
        logger.error("%s: the shared frontier at %s is gone (%s: %s); this worker stops, "
                     "the next run re-queues what it held", self.spider.name, self.url,
                     type(exc).__name__, str(exc).splitlines()[0] if str(exc) else "")
        self.stats.set_value("newscrawl/frontier/lost", 1)
        deferred_from_coro(self.crawler.engine.close_spider_async(reason=FRONTIER_LOST_REASON))
