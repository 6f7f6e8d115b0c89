"""Pages read in worker processes, so that the reactor thread goes on fetching.

Reading a page (decoding, parsing, extraction: newscrawl.extraction.reading) is pure CPU
work of several milliseconds; in the crawl's own process it holds the reactor thread, and
a crawl of thousands of pages becomes bound by it while the second core idles. A crawl
reads its first PAGE_WORKERS_AFTER pages itself (a cron run of a few new articles never
pays for a process start), then starts PAGE_WORKERS processes and sends every further page
to them. They start in a thread (a fork server's start and the first worker's fork take
about half a second, and the fork's submit alone blocks for a fifth of it): the crawl goes on
reading pages itself until the first call to a worker has come back.

- Results are handed back in the order the pages were sent: items reach the pipelines in
  the order their responses reached the spider, as when the crawl reads every page itself.
- The processes come from a fork server that has imported only the reading code (not
  Scrapy, not the database): a plain fork would copy the reactor's threads and sockets, a
  spawn would import the crawl's whole main module again.
- A worker that dies (killed, out of memory) breaks the pool, as does a worker that cannot
  be started: the crawl logs it, counts newscrawl/page_workers/broken, and reads every page
  from then on itself, the pages that were in flight included. Nothing is lost.
- An exception raised while reading a page is raised in the spider's callback, as it would
  be without workers (Scrapy logs it with the URL and counts spider_exceptions).

Stats: newscrawl/page_workers/pages (pages read by workers), .../broken.
"""
from __future__ import annotations

import asyncio
import concurrent.futures.process
import logging
import multiprocessing
import os
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor, ThreadPoolExecutor
from concurrent.futures import wait as futures_wait
from concurrent.futures.process import BrokenProcessPool
from typing import TypeVar

from scrapy import signals

logger = logging.getLogger(__name__)

Result = TypeVar("Result")
# What the fork server imports before it forks a worker: everything a page reading needs.
READING_MODULE = "newscrawl.extraction.reading"
# Pages queued for the workers beyond one each (the standard library's is 1). The pool's
# feeding thread needs the GIL, which the reactor thread holds while it runs an item's
# pipelines: with one page queued a worker runs dry meanwhile (python -m bench.crawl at 2,000
# pages: 18.4-19.3 s with 1, 17.4-17.8 s with 16). Read by ProcessPoolExecutor() only.
QUEUED_PAGES = 16


def worker_count(setting: int | None) -> int:
    """PAGE_WORKERS as a number of processes; unset: one per core but the one the crawl
    itself runs on (none on a single core)."""
    if setting is None:
        return max(0, (os.cpu_count() or 1) - 1)
    if setting < 0:
        raise ValueError(f"PAGE_WORKERS must be 0 or more, got {setting}")
    return setting


class PageReaders:
    """Runs page-reading functions in the crawl's process or in worker processes (see the
    module docstring). One per crawler; `read` is awaited by spider callbacks."""

    def __init__(self, workers: int, after: int, crawler=None):
        self.workers = workers
        self.after = after
        self.crawler = crawler
        self.read_here = 0
        self._pool: ProcessPoolExecutor | None = None
        self._starting: Future | None = None  # of the pool, made in a thread
        self._pool_given_up = False
        self._last_handed_back: asyncio.Future | None = None

    @classmethod
    def from_crawler(cls, crawler) -> PageReaders:
        settings = crawler.settings
        setting = settings.get("PAGE_WORKERS")
        readers = cls(worker_count(None if setting in (None, "") else int(setting)),
                      settings.getint("PAGE_WORKERS_AFTER"), crawler)
        crawler.signals.connect(readers.close, signal=signals.spider_closed)
        return readers

    async def read(self, function: Callable[..., Result], *args) -> Result:
        """`function(*args)` (a module-level function, its arguments and result picklable),
        run here or in a worker, handed back after every earlier `read` has been."""
        self._start_when_due()
        if self._pool is None and self._starting is not None and self._starting.done():
            self._take_started_pool()
        if self._pool is None and self._nothing_pending():
            self.read_here += 1
            return function(*args)
        previous, handed_back = self._last_handed_back, asyncio.get_running_loop().create_future()
        self._last_handed_back = handed_back
        try:
            try:
                result = await self._run(function, args)
            finally:
                if previous is not None:
                    await previous
            return result
        finally:
            handed_back.set_result(None)

    def _nothing_pending(self) -> bool:
        return self._last_handed_back is None or self._last_handed_back.done()

    def _start_when_due(self) -> None:
        if (self._pool is None and self._starting is None and self.workers and not self._pool_given_up
                and self.read_here >= self.after):
            starter = ThreadPoolExecutor(1, thread_name_prefix="page-workers-start")
            self._starting = starter.submit(self._started_pool)
            starter.shutdown(wait=False)  # its thread ends with the start
            logger.info("page reading: starting %d worker process(es) after %d pages",
                        self.workers, self.read_here)

    def _started_pool(self) -> ProcessPoolExecutor:
        """A pool whose workers have answered a first call (raises when none can start)."""
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload([READING_MODULE])
        concurrent.futures.process.EXTRA_QUEUED_CALLS = QUEUED_PAGES
        pool = ProcessPoolExecutor(self.workers, mp_context=context)
        try:
            pool.submit(os.getpid).result()
        except BaseException:
            pool.shutdown(wait=False, cancel_futures=True)
            raise
        return pool

    def _take_started_pool(self) -> None:
        starting, self._starting = self._starting, None
        try:
            self._pool = starting.result()
        except Exception as exc:  # whatever stopped the start, the pages are read here
            self._give_up_pool(exc)

    def workers_started(self) -> bool:
        """Whether pages go to workers from now on, once a start under way has ended."""
        if self._starting is not None:
            futures_wait([self._starting])
            self._take_started_pool()
        return self._pool is not None

    async def _run(self, function: Callable[..., Result], args: tuple) -> Result:
        if self._pool is not None:
            try:
                future = self._pool.submit(function, *args)
            except (BrokenProcessPool, OSError, RuntimeError) as exc:  # a worker could not be restarted
                self._give_up_pool(exc)
            else:
                try:
                    result = await asyncio.wrap_future(future)
                except BrokenProcessPool as exc:
                    self._give_up_pool(exc)
                else:
                    self._count("pages")
                    return result
        self.read_here += 1
        return function(*args)

    def _give_up_pool(self, exc: BaseException) -> None:
        if self._pool_given_up:  # the pages in flight all see the same breakage
            return
        logger.error("page reading: the worker processes failed (%s); reading the remaining "
                     "pages in the crawl's own process", exc)
        self._count("broken")
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)
        self._pool = None
        self._pool_given_up = True

    def _count(self, name: str) -> None:
        if self.crawler is not None:
            self.crawler.stats.inc_value(f"newscrawl/page_workers/{name}")

    def close(self) -> None:
        if self.workers_started():
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None
