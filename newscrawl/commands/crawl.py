"""`scrapy crawl SPIDER`, exiting with the crawl's status (newscrawl.outcome.ExitCode).

Scrapy's own crawl command exits 0 even when every request failed or the database
could not be opened; cron needs to see those.
"""
from __future__ import annotations

import asyncio
import gc
import logging

from scrapy.commands.crawl import Command as ScrapyCrawlCommand
from scrapy.exceptions import UsageError

from newscrawl.outcome import (AlreadyRunning, ExitCode, FrontierLost, exit_code_for_error,
                               exit_code_for_stats)
from newscrawl.storage import StorageError

logger = logging.getLogger(__name__)

# Errors that stop a crawl before it starts and say all there is to say in one line.
EXPECTED_ERRORS = (AlreadyRunning, StorageError, FrontierLost)
GC_YOUNG_THRESHOLD = 20_000  # allocations between collections of the youngest generation (default 700)


def log_crawl_error(spider: str, error: BaseException) -> None:
    if isinstance(error, EXPECTED_ERRORS):
        logger.error("%s: %s", spider, error)
    else:
        logger.error("%s: the crawl failed: %r", spider, error, exc_info=error)


def log_exit_code(spider: str, code: ExitCode) -> None:
    level = logging.INFO if code is ExitCode.OK else logging.ERROR
    logger.log(level, "%s: exit status %d (%s)", spider, code, code.name)


def crawl_exit_code(spider: str, crawler, task: asyncio.Task) -> ExitCode:
    """The status of a crawl whose process has stopped, its errors logged."""
    if not task.done() or task.cancelled():
        # Ctrl-C/SIGTERM came while the crawl was starting: Scrapy stopped the event
        # loop without closing the spider (its crawl_runs row stays unfinished).
        logger.error("%s: stopped while starting", spider)
        return ExitCode.INTERRUPTED
    error = task.exception()
    if error is not None:
        log_crawl_error(spider, error)
        return exit_code_for_error(error)
    return exit_code_for_stats(crawler.stats.get_stats())


class Command(ScrapyCrawlCommand):
    def short_desc(self) -> str:
        return "Run a spider; the exit status says whether the run failed"

    def long_desc(self) -> str:
        statuses = ", ".join(f"{code.value} {code.name}" for code in ExitCode
                             if code is not ExitCode.YIELD_DROPPED)  # report's own
        return (f"Run a spider of the project by name. Exit statuses: {statuses} "
                "(docs/operations.md).")

    def process_options(self, args, opts) -> None:
        super().process_options(args, opts)
        self.settings.set("CRAWL_COMMAND", True, priority="cmdline")

    def run(self, args, opts) -> None:
        if len(args) != 1:
            raise UsageError("scrapy crawl takes exactly one spider name")
        spider = args[0]
        crawler = self._create_crawler(spider)
        task = self.crawler_process.crawl(crawler, **opts.spargs)
        if not isinstance(task, asyncio.Task):
            raise UsageError("newscrawl needs the asyncio reactor (do not set "
                             "FORCE_CRAWLER_PROCESS)", print_help=False)
        # Start-up leaves ~350k long-lived objects (modules, tables, settings): kept out of
        # the collector's reach, they are not walked again and again during the crawl.
        gc.collect()
        gc.freeze()
        # Each page leaves thousands of short-lived containers (requests, responses, rows):
        # at Python's default of 700 the young generation was collected 1.5 times a page,
        # 0.5 s of 11 s CPU at 1,000 pages; at this threshold, 7 times in the whole crawl.
        gc.set_threshold(GC_YOUNG_THRESHOLD, *gc.get_threshold()[1:])
        self.crawler_process.start()
        code = crawl_exit_code(spider, crawler, task)
        log_exit_code(spider, code)
        self.exitcode = int(code)
