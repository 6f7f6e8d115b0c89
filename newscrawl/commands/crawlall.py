"""`scrapy crawlall [SPIDER ...]`: every site spider (or the ones named), one exit status.

Each spider runs as its own `scrapy crawl SPIDER` process, with the same -s, --logfile
and -L options: its own lock, reactor and database connections, so one crashing
spider cannot take the others down, and `--jobs N` runs N of them side by side.
The exit status is the most severe of theirs (newscrawl.outcome.worst).
"""
from __future__ import annotations

import logging
import signal
import subprocess
import sys
import threading
from concurrent.futures import ThreadPoolExecutor

from scrapy.commands import ScrapyCommand
from scrapy.exceptions import UsageError
from scrapy.spiderloader import get_spider_loader
from scrapy.utils.log import configure_logging

from newscrawl.outcome import ExitCode, worst

logger = logging.getLogger(__name__)


def spiders_to_run(available: list[str], requested: list[str], exclude: list[str]) -> list[str]:
    """The spiders named in `requested`, or all `available` but `exclude` when none is."""
    unknown = sorted(set(requested) - set(available))
    if unknown:
        raise UsageError(f"unknown spider(s): {', '.join(unknown)}; "
                         f"known: {', '.join(sorted(available))}", print_help=False)
    if requested:
        return list(dict.fromkeys(requested))
    return sorted(set(available) - set(exclude))


def crawl_arguments(opts) -> list[str]:
    """The options of this command that every `scrapy crawl` child gets too."""
    arguments = [part for setting in opts.set for part in ("-s", setting)]
    if opts.logfile:
        arguments += ["--logfile", opts.logfile]
    if opts.loglevel:
        arguments += ["--loglevel", opts.loglevel]
    if opts.nolog:
        arguments.append("--nolog")
    return arguments


STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)


def exit_code_of_child(returncode: int) -> ExitCode:
    """A child's status as an ExitCode. Killed by SIGINT/SIGTERM before its crawl could
    take the signal is an interruption; Scrapy's own failures (1, 2) and deaths by any
    other signal are crashes."""
    if -returncode in STOP_SIGNALS:
        return ExitCode.INTERRUPTED
    try:
        return ExitCode(returncode)
    except ValueError:
        return ExitCode.CRASHED


class SpiderProcesses:
    """The running `scrapy crawl` children, each in its own process group so that a
    Ctrl-C reaches them once, through `stop`: it forwards SIGINT/SIGTERM to them and
    starts no more."""

    def __init__(self, arguments: list[str]):
        self.arguments = arguments
        self.running: set[subprocess.Popen] = set()
        self.lock = threading.Lock()
        self.stopping = False

    def run(self, spider: str) -> ExitCode:
        with self.lock:
            if self.stopping:
                logger.warning("crawlall: %s not started (crawlall is stopping)", spider)
                return ExitCode.INTERRUPTED
            child = subprocess.Popen(
                [sys.executable, "-m", "scrapy", "crawl", spider, *self.arguments],
                process_group=0)
            self.running.add(child)
        returncode = child.wait()
        with self.lock:
            self.running.discard(child)
        return exit_code_of_child(returncode)

    def stop(self, signum, _frame) -> None:
        with self.lock:
            self.stopping = True
            for child in self.running:
                child.send_signal(signum)


class Command(ScrapyCommand):
    requires_project = True
    requires_crawler_process = False

    def syntax(self) -> str:
        return "[options] [SPIDER ...]"

    def short_desc(self) -> str:
        return "Run every site spider (or those named), each in its own process"

    def long_desc(self) -> str:
        return ("Run the named spiders, or every spider except CRAWLALL_EXCLUDE, each as "
                "`scrapy crawl SPIDER` with the same -s/--logfile/-L options. Exits with "
                "the most severe of their statuses (docs/operations.md).")

    def add_options(self, parser) -> None:
        super().add_options(parser)
        parser.add_argument("-j", "--jobs", type=int, default=1, metavar="N",
                            help="spiders run side by side (default: 1, one after another)")

    def run(self, args, opts) -> None:
        if opts.jobs < 1:
            raise UsageError("--jobs must be at least 1", print_help=False)
        configure_logging(self.settings)
        spiders = spiders_to_run(get_spider_loader(self.settings).list(), args,
                                 self.settings.getlist("CRAWLALL_EXCLUDE"))
        processes = SpiderProcesses(crawl_arguments(opts))
        for signum in STOP_SIGNALS:
            signal.signal(signum, processes.stop)
        logger.info("crawlall: %s", ", ".join(spiders))
        with ThreadPoolExecutor(max_workers=opts.jobs) as pool:
            codes = list(pool.map(processes.run, spiders))
        for spider, code in zip(spiders, codes):
            logger.log(logging.INFO if code is ExitCode.OK else logging.ERROR,
                       "crawlall: %s exit status %d (%s)", spider, code, code.name)
        self.exitcode = int(worst(codes))
