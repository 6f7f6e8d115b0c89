"""Exit statuses of a crawl: what cron and monitoring read (docs/operations.md).

Pure functions over a crawl's Scrapy stats and the exception that stopped it, used
by CrawlRunRecorder (the crawl_runs.exit_status column) and by the crawl, crawlall
and report commands (the process exit status).
"""
from __future__ import annotations

from enum import IntEnum

from newscrawl.storage import StorageError

# Finish reasons of a crawl that ended as asked: it ran out of requests, or reached a
# limit the user set (CLOSESPIDER_TIMEOUT, _ITEMCOUNT, _PAGECOUNT).
COMPLETED_REASONS = {"finished", "closespider_timeout", "closespider_itemcount",
                     "closespider_pagecount"}
# Finish reason of a crawl stopped because the database could not be written (its run
# row could not be recorded, or STORAGE_MAX_COMMIT_FAILURES commits failed in a row).
DATABASE_ERROR = "database_error"


class ExitCode(IntEnum):
    """Process exit statuses (their order of severity is SEVERITY)."""

    OK = 0
    # 1 and 2 are Scrapy's own: an unknown spider or command, a bad option (2).
    DATABASE = 3  # the database could not be opened, upgraded or written
    CRASHED = 4  # the spider failed to start, or stopped for a reason other than finishing
    ALL_REQUESTS_FAILED = 5  # requests were made and not one page came back (2xx or 3xx)
    NOTHING_STORED = 6  # errors were logged and no article was stored or updated
    INTERRUPTED = 7  # stopped by Ctrl-C or SIGTERM (finish reason "shutdown")
    YIELD_DROPPED = 8  # `scrapy report` only: a site's yield collapsed against its recent runs
    BLOCKED = 9  # most article pages were error, anti-bot or login pages
    FRONTIER = 10  # the shared frontier (Redis, REDIS_URL) could not be reached, or went away
    ALREADY_RUNNING = 75  # EX_TEMPFAIL: the same spider is running on the same database


class AlreadyRunning(RuntimeError):
    """Another process holds the run lock of this spider on this database."""


class FrontierLost(RuntimeError):
    """The shared frontier (Redis) cannot be reached (newscrawl.distributed)."""


# The finish reason of a worker whose shared frontier went away during the crawl.
FRONTIER_LOST_REASON = "frontier_lost"


def status_total(stats: dict, prefix: str, classes: str) -> int:
    """Sum of the stats PREFIX<status> whose status starts with one of `classes`."""
    return sum(value for key, value in stats.items()
               if key.startswith(prefix) and key[len(prefix):][:1] in classes)


def page_status_total(stats: dict, classes: str) -> int:
    """Responses whose status class is in `classes` ("2", "45"), robots.txt excluded."""
    return (status_total(stats, "downloader/response_status_count/", classes)
            - status_total(stats, "robotstxt/response_status_count/", classes))


def requests_tried(stats: dict) -> int:
    """Page fetches attempted, retries included: sent to the downloader or refused by
    robots.txt (stored articles that were skipped not counted). A retried robots.txt
    request counts once per retry: the stats do not tell its retries apart."""
    return (stats.get("downloader/request_count", 0) - stats.get("robotstxt/request_count", 0)
            + stats.get("robotstxt/forbidden", 0))


def pages_ok(stats: dict) -> int:
    """Pages that came back with a 2xx status, or a redirect (3xx): the server answered."""
    return page_status_total(stats, "23")


# Not-article reasons of pages a site served instead of its articles.
BLOCKED_REASONS = ("blocked", "login", "error_page", "repeated_page")


def counts_under(stats: dict, prefix: str) -> dict[str, int]:
    """The stats named PREFIX<key>, as {key: count}."""
    return {key.removeprefix(prefix): value for key, value in stats.items()
            if key.startswith(prefix)}


def not_articles(stats: dict) -> dict[str, int]:
    """Fetched article URLs that held no article, by reason (newscrawl/not_article/<reason>)."""
    return counts_under(stats, "newscrawl/not_article/")


def mostly_blocked(stats: dict) -> bool:
    """True when more than half the article pages that reached the spider were error,
    anti-bot or login pages."""
    counts = not_articles(stats)
    blocked = sum(counts.get(reason, 0) for reason in BLOCKED_REASONS)
    return blocked > 0 and blocked * 2 > stats.get("newscrawl/article_pages", 0)


def requests_failed(stats: dict) -> int:
    """Attempts that brought back no page: no response (connection error, timeout, no
    saved response in replay; robots.txt attempts included), a 4xx/5xx page (robots.txt's
    own 404 is not a failure), or refused by robots.txt."""
    unanswered = (stats.get("downloader/request_count", 0)
                  - stats.get("downloader/response_count", 0))
    return unanswered + page_status_total(stats, "45") + stats.get("robotstxt/forbidden", 0)


def exit_code_for_stats(stats: dict) -> ExitCode:
    """The status of a crawl that ran, read from its final stats."""
    reason = stats.get("finish_reason", "")
    if stats.get("newscrawl/storage/commit_failed", 0) or reason == DATABASE_ERROR:
        return ExitCode.DATABASE
    if reason == FRONTIER_LOST_REASON:
        return ExitCode.FRONTIER
    if reason == "shutdown":
        return ExitCode.INTERRUPTED
    if reason not in COMPLETED_REASONS:
        return ExitCode.CRASHED
    if requests_tried(stats) > 0 and pages_ok(stats) == 0:
        return ExitCode.ALL_REQUESTS_FAILED
    if mostly_blocked(stats):
        return ExitCode.BLOCKED
    written = stats.get("newscrawl/stored", 0) + stats.get("newscrawl/updated", 0)
    if written == 0 and stats.get("log_count/ERROR", 0) > 0:
        return ExitCode.NOTHING_STORED
    return ExitCode.OK


def exit_code_for_error(error: BaseException) -> ExitCode:
    """The status of a crawl that could not run because `error` was raised."""
    if isinstance(error, AlreadyRunning):
        return ExitCode.ALREADY_RUNNING
    if isinstance(error, StorageError):
        return ExitCode.DATABASE
    if isinstance(error, FrontierLost):
        return ExitCode.FRONTIER
    return ExitCode.CRASHED


SEVERITY = [ExitCode.DATABASE, ExitCode.FRONTIER, ExitCode.CRASHED,
            ExitCode.ALL_REQUESTS_FAILED, ExitCode.BLOCKED,
            ExitCode.NOTHING_STORED, ExitCode.YIELD_DROPPED, ExitCode.INTERRUPTED,
            ExitCode.ALREADY_RUNNING, ExitCode.OK]


def worst(codes) -> ExitCode:
    """The most severe of several statuses (OK for none): crawlall's one exit status."""
    return min(codes, key=SEVERITY.index, default=ExitCode.OK)
