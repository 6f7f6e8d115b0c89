"""`scrapy crawl SPIDER`, exiting with the crawl's status (newscrawl.outcome.ExitCode).

Scrapy's own crawl command exits 0 even when every request failed or the database
could not be opened; cron needs to see those.
"""
from __future__ import annotations

import asyncio
import logging

from scrapy.commands.crawl import Command as ScrapyCrawlCommand
from scrapy.exceptions import UsageError

from newscrawl.outcome import (AlreadyRunning, ExitCode, exit_code_for_error,
                               exit_code_for_stats)
from newscrawl.storage import StorageError

logger = logging.getLogger(__name__)

# Errors that stop a crawl before it starts and say all there is to say in one line.
EXPECTED_ERRORS = (AlreadyRunning, StorageError)


def crawl_error(task: asyncio.Task) -> BaseException | None:
    """The exception that ended a finished crawl task, if any."""
    if task.cancelled():
        return asyncio.CancelledError()
    return task.exception()


def log_crawl_error(spider: str, error: BaseException) -> None:
    if isinstance(error, EXPECTED_ERRORS):
        logger.error("%s: %s", spider, error)
    else:
        logger.error("%s: the crawl failed: %r", spider, error, exc_info=error)


def log_exit_code(spider: str, code: ExitCode) -> None:
    level = logging.INFO if code is ExitCode.OK else logging.ERROR
    logger.log(level, "%s: exit status %d (%s)", spider, code, code.name)


class Command(ScrapyCrawlCommand):
    def short_desc(self) -> str:
        return "Run a spider; the exit status says whether the run failed"

    def long_desc(self) -> str:
        return ("Run a spider of the project by name. Exit status: 0 ok, 3 database, "
                "4 crashed, 5 every request failed, 6 nothing stored while errors "
                "occurred, 7 interrupted, 75 already running (docs/operations.md).")

    def run(self, args, opts) -> None:
        if len(args) != 1:
            raise UsageError("scrapy crawl takes exactly one spider name")
        spider = args[0]
        crawler = self._create_crawler(spider)
        task = self.crawler_process.crawl(crawler, **opts.spargs)
        if not isinstance(task, asyncio.Task):
            raise UsageError("newscrawl needs the asyncio reactor (do not set "
                             "FORCE_CRAWLER_PROCESS)", print_help=False)
        self.crawler_process.start()
        error = crawl_error(task)
        if error is None:
            code = exit_code_for_stats(crawler.stats.get_stats())
        else:
            log_crawl_error(spider, error)
            code = exit_code_for_error(error)
        log_exit_code(spider, code)
        self.exitcode = int(code)
