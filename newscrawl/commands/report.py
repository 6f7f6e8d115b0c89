"""`scrapy report [SPIDER ...]`: the last runs of each spider, and sites whose yield
dropped or whose last run was blocked. Exit status 9 (BLOCKED) when a site's last run was
blocked, else 8 (YIELD_DROPPED) when a site's yield is flagged, 3 when the database cannot
be read, 0 otherwise; `--html FILE` also writes a chart of articles per run."""
from __future__ import annotations

import sys
from pathlib import Path

from scrapy.commands import ScrapyCommand
from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError

from newscrawl.outcome import ExitCode, worst
from newscrawl.storage import StorageError
from newscrawl.storage.db import read_only_engine
from newscrawl.storage.models import CRAWL_RUNS
from newscrawl.commands.runs_report import (CrawlRun, last_run_blocked, last_run_warning,
                                           merge_worker_runs, site_report, yield_chart_html,
                                           yield_drop)

# Rows read per run shown: a run of several workers has one row per worker.
MAX_WORKERS = 32


def recent_runs(database_url: str, spiders: list[str], limit: int) -> dict[str, list[CrawlRun]]:
    """The worker rows of up to `limit` newest runs of each spider (all spiders when none
    is named), at most MAX_WORKERS rows per run."""
    engine = read_only_engine(database_url)
    try:
        with engine.connect() as connection:
            names = spiders or sorted(connection.scalars(select(CRAWL_RUNS.c.spider).distinct()))
            return {name: [CrawlRun.from_row(row) for row in connection.execute(
                select(CRAWL_RUNS).where(CRAWL_RUNS.c.spider == name)
                .order_by(CRAWL_RUNS.c.started_at.desc(), CRAWL_RUNS.c.id.desc())
                .limit(limit * MAX_WORKERS))]
                for name in names}
    except SQLAlchemyError as exc:
        raise StorageError(f"cannot read crawl runs from {database_url}: {exc}") from exc
    finally:
        engine.dispose()


class Command(ScrapyCommand):
    requires_project = True
    requires_crawler_process = False
    default_settings = {"LOG_ENABLED": False}

    def syntax(self) -> str:
        return "[options] [SPIDER ...]"

    def short_desc(self) -> str:
        return "Show the last crawl runs per spider and flag collapsed yields"

    def add_options(self, parser) -> None:
        super().add_options(parser)
        parser.add_argument("--html", metavar="FILE",
                            help="also write a chart of articles per run to FILE")

    def run(self, args, opts) -> None:
        settings = self.settings
        window = settings.getint("REPORT_RUNS")
        try:
            # one more than shown: the oldest shown run gets a full baseline too
            runs_by_spider = recent_runs(settings.get("DATABASE_URL"), args, window + 1)
        except StorageError as exc:
            print(f"report: {exc}", file=sys.stderr)
            self.exitcode = int(ExitCode.DATABASE)
            return
        flagged: dict[str, int | None] = {}
        sections = []
        for spider, rows in runs_by_spider.items():
            merged = merge_worker_runs(rows)[:window + 1]
            runs = [run for run, _ in merged]
            runs_by_spider[spider] = runs
            drop = yield_drop(runs, window=window,
                              ratio=settings.getfloat("YIELD_DROP_RATIO"),
                              min_baseline=settings.getfloat("YIELD_MIN_BASELINE"))
            flagged[spider] = drop.run_id if drop else None
            flags = [flag for flag in (drop.message() if drop else "",
                                       last_run_warning(runs)) if flag]
            sections.append(site_report(spider, runs[:window], flags,
                                        {run.id: workers for run, workers in merged}))
        print("\n\n".join(sections) if sections else "report: no crawl runs recorded yet")
        if opts.html:
            shown = {spider: runs[:window] for spider, runs in runs_by_spider.items()}
            Path(opts.html).write_text(yield_chart_html(shown, flagged), encoding="utf-8")
            print(f"\nchart written to {opts.html}")
        codes = [ExitCode.YIELD_DROPPED for run_id in flagged.values() if run_id is not None]
        codes += [ExitCode.BLOCKED for runs in runs_by_spider.values() if last_run_blocked(runs)]
        self.exitcode = int(worst(codes))
